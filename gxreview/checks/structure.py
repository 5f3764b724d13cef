"""Structure rules: GX-S101 missing-section, GX-S102 section-order, GX-S103 heading-not-verbatim,
GX-N101 numbering-gap."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Check, Finding
from ..registry import rule
from ..segment.headings import SECTION_ORDER, SPEC_BY_KEY
from ..segment.structure import marker_runs

# Sections required per format version. Legacy (pre-2019) reports follow the 2008 条例's list:
# 主动公开, 依申请公开, 问题及改进 are the parts every report of that era had.
REQUIRED_BY_FORMAT: dict[str | None, tuple[str, ...]] = {
    "2021": SECTION_ORDER,
    "2019": SECTION_ORDER,
    "legacy": ("proactive", "applications", "problems"),
    None: SECTION_ORDER,
}


@rule("structure.required-sections", ("GX-S101",), order=10)
def required_sections(a) -> Iterator[Finding | Check]:
    """Every required section of the report's format version is present (matched by heading text)."""
    present = {s.key for s in a.sections}
    for key in REQUIRED_BY_FORMAT.get(a.format, SECTION_ORDER):
        spec = SPEC_BY_KEY[key]
        if key in present:
            s = a.section(key)
            yield Check(f"S101[{key}]", "PASS", {"heading": s.heading, "start": s.start})
            continue
        yield Check(f"S101[{key}]", "FAIL", {"looked_for": spec.official})
        yield Finding("GX-S101", f"required section {spec.number}、{spec.official} ({key}) not found",
                      section=None, evidence={"section": key, "official_heading": f"{spec.number}、{spec.official}",
                                              "found_sections": [s.key for s in a.sections]})


@rule("structure.order", ("GX-S102",), order=11)
def section_order(a) -> Iterator[Finding | Check]:
    """Official sections in the official order, once each, with their official numbers (2019+ formats)."""
    if a.format == "legacy":
        yield Check("S102", "NOT_ASSESSABLE", {"reason": "pre-2019 report: the 2019/2021 order does not apply"})
        return
    official = [s for s in a.sections if s.key in SECTION_ORDER]
    problems = 0
    last = -1
    for s in official:
        idx = SECTION_ORDER.index(s.key)
        if idx < last:
            problems += 1
            yield Finding("GX-S102", f"section {s.heading!r} ({s.key}) comes after a later section of the official order",
                          section=s.key, start=s.start, end=s.body_start,
                          evidence={"heading": s.heading, "official_order": list(SECTION_ORDER),
                                    "found_order": [x.key for x in official]})
        last = max(last, idx)
        expected = SPEC_BY_KEY[s.key].number
        if s.number is not None and s.number != expected:
            problems += 1
            yield Finding("GX-S102", f"section {s.heading!r} is numbered {s.number}, the official number is {expected}",
                          section=s.key, start=s.start, end=s.body_start,
                          evidence={"heading": s.heading, "number": s.number, "official_number": expected})
    for s in a.sections:
        if s.how == "duplicate":
            problems += 1
            yield Finding("GX-S102", f"heading {s.heading!r} appears twice; the second one was treated as extra text",
                          section=None, start=s.start, end=s.body_start, evidence={"heading": s.heading})
    yield Check("S102", "FAIL" if problems else "PASS", {"found_order": [s.key for s in official],
                                                          "numbers": [s.number for s in official]})


@rule("structure.heading-wording", ("GX-S103",), order=12)
def heading_wording(a) -> Iterator[Finding | Check]:
    """Headings worded exactly as the national format; variants and typos are noted (info)."""
    for s in a.sections:
        if s.key in ("preamble", "extra") or s.verbatim:
            continue
        kind = {"fuzzy": "with a typo", "legacy": "in pre-2019 wording", "variant": "as an accepted variant"}.get(s.how, s.how)
        title = s.heading
        yield Finding("GX-S103", f"heading {title!r} matched {s.matched!r} only {kind}", section=s.key,
                      start=s.start, end=s.body_start,
                      evidence={"heading": title, "official": s.matched, "how": s.how})


# table sections: their row labels （一）予以公开, 1.属于国家秘密 … are not narrative numbering
TABLE_SECTIONS = ("proactive", "applications", "appeals")


def _sequence_problems(nums: list[int]) -> list[tuple[int, str]]:
    """(index, problem) where a numbered sequence skips or repeats."""
    out: list[tuple[int, str]] = []
    for i in range(1, len(nums)):
        prev, cur = nums[i - 1], nums[i]
        if cur == prev:
            out.append((i, "repeats"))
        elif cur > prev + 1:
            out.append((i, "skips"))
    return out


@rule("structure.numbering", ("GX-N101",), order=13)
def numbering(a) -> Iterator[Finding | Check]:
    """（一）…（四） subsections, 一是…三是 enumerations and 1./（1） items run without gaps or
    repeats, per section (a list restarts inside each enclosing item)."""
    text = a.text
    n = 0
    for s in a.sections:
        if s.key in TABLE_SECTIONS:
            continue
        for style, runs in marker_runs(text, s).items():
            for run in runs:
                if run[0].value != 1:
                    continue  # a fragment that does not start at 一 is not a list we can judge
                seq = [m.label for m in run]
                for i, prob in _sequence_problems([m.value for m in run]):
                    m = run[i]
                    n += 1
                    yield Finding("GX-N101", f"numbering {prob}: {run[i - 1].label} is followed by {m.label} "
                                  f"(sequence {'、'.join(seq)})", section=s.key, start=m.start, end=m.end,
                                  evidence={"sequence": seq, "previous": run[i - 1].label, "found": m.label,
                                            "problem": prob, "style": style})
    yield Check("N101", "FAIL" if n else "PASS", {"problems": n})
