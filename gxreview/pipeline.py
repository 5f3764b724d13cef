"""The one review pipeline the CLI, notebooks and batch all call.

    load → normalise → metadata → sections → stages (tables, figures, …) → rules → scores → summary

:class:`Analysis` is everything known about one report while it is reviewed; rules read it.
"""

from __future__ import annotations

import importlib
import os
import traceback
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .config import DEFAULT_CONFIG, Config
from .document import Document, ReportInfo, Section
from .errors import GxError, InputError
from .findings import Check, Figure, Finding, ReviewResult
from .io import load
from .metadata import extract_info
from .registry import ordered_rules, ordered_scorers
from .segment.sections import find_sections, section_at

# Modules that register stages, rules and scorers when imported (one per capability).
PLUGIN_MODULES: tuple[str, ...] = (
    "gxreview.checks.input",
    "gxreview.checks.structure",
    "gxreview.tables",
    "gxreview.checks.tables",
    "gxreview.figures",
    "gxreview.checks.claims",
    "gxreview.checks.period",
    "gxreview.checks.narrative",
    "gxreview.checks.timeliness",
    "gxreview.completeness",
    "gxreview.reuse",
    "gxreview.quality",
)

STAGES: dict[str, tuple[int, Any]] = {}


def stage(name: str, *, order: int = 100):
    """Register an analysis stage ``fn(analysis) -> None`` that fills attributes (tables, figures…)."""

    def deco(fn):
        STAGES[name] = (order, fn)
        return fn

    return deco


_loaded = False


def load_plugins() -> None:
    """Import every capability module once (idempotent)."""
    global _loaded
    if _loaded:
        return
    for mod in PLUGIN_MODULES:
        if importlib.util.find_spec(mod) is not None:
            importlib.import_module(mod)
    _loaded = True


@dataclass
class Analysis:
    """A report under review: its document, metadata, sections and what the stages derived."""

    doc: Document
    info: ReportInfo
    sections: list[Section]
    config: Config = DEFAULT_CONFIG
    prior: Analysis | None = None
    index: Any = None  # a reuse index (cross-agency), if given
    tables: Any = None  # gxreview.tables.TablesResult
    figures: list[Figure] = field(default_factory=list)
    stage_findings: list[Finding] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def year(self) -> int | None:
        return self.info.year

    @property
    def format(self) -> str | None:
        return self.info.format

    def section(self, key: str) -> Section | None:
        """The (first) section with this key."""
        return next((s for s in self.sections if s.key == key), None)

    def section_key_at(self, pos: int | None) -> str | None:
        if pos is None:
            return None
        s = section_at(self.sections, pos)
        return s.key if s else None

    @cached_property
    def sentences(self):
        """Sentences of the whole text (decimal-safe), see :mod:`gxreview.segment.sentences`."""
        from .segment.sentences import split_sentences

        # the headings are the sections already found (what split_sentences would look up again)
        return split_sentences(self.doc.text, [(s.start, s.body_start) for s in self.sections if s.key != "preamble"])


def analyse(doc: Document, config: Config | None = None, *, prior: Analysis | None = None, index: Any = None) -> Analysis:
    """Run metadata, segmentation and every registered stage on a document."""
    load_plugins()
    config = config or DEFAULT_CONFIG
    info = extract_info(doc)
    sections = find_sections(doc.text)
    a = Analysis(doc=doc, info=info, sections=sections, config=config, prior=prior, index=index)
    for name, (_order, fn) in sorted(STAGES.items(), key=lambda kv: (kv[1][0], kv[0])):
        try:
            fn(a)
        except Exception as e:  # a crashed stage is recorded, the review goes on
            a.stage_findings.append(_crash(f"stage:{name}", e))
    return a


def _crash(where: str, e: BaseException) -> Finding:
    tb = traceback.extract_tb(e.__traceback__)
    last = tb[-1] if tb else None
    loc = f"{os.path.basename(last.filename)}:{last.lineno}" if last else "?"
    return Finding("GX-X900", f"{where} raised {type(e).__name__}: {e} (at {loc}); the review went on without it",
                   evidence={"rule": where, "exception": type(e).__name__, "detail": str(e)[:500], "at": loc})


def as_document(src: str | os.PathLike[str] | Document, config: Config | None = None, meta: dict[str, str] | None = None) -> Document:
    if isinstance(src, Document):
        return src
    return load(src, meta=meta, limits=(config or DEFAULT_CONFIG).limits)


def review(source: str | os.PathLike[str] | Document | Analysis, prior: str | os.PathLike[str] | Document | Analysis | None = None,
           *, index: Any = None, config: Config | None = None, summary_text: bool = False,
           meta: dict[str, str] | None = None) -> ReviewResult:
    """Review one report. Raises :class:`~gxreview.errors.InputError` only when no text can be read.

    ``prior`` is the same agency's report for the previous year (path, Document or Analysis);
    ``index`` a cross-agency reuse index. ``summary_text`` adds the extractive summary.
    """
    config = config or DEFAULT_CONFIG
    load_plugins()
    prior_a: Analysis | None
    if prior is None or isinstance(prior, Analysis):
        prior_a = prior
    else:
        prior_a = analyse(as_document(prior, config), config)
    if isinstance(source, Analysis):
        a = source
        a.prior = prior_a or a.prior
        a.index = index if index is not None else a.index
    else:
        a = analyse(as_document(source, config, meta), config, prior=prior_a, index=index)
        if not is_report_like(a):
            raise not_a_report(a.doc.source)
    return run_rules(a, summary_text=summary_text)


def run_rules(a: Analysis, *, summary_text: bool = False) -> ReviewResult:
    """Run every registered rule and scorer on an analysed report and build the result."""
    findings: list[Finding] = list(a.stage_findings)
    checks: list[Check] = []
    for r in ordered_rules():
        if r.formats is not None and a.format not in r.formats:
            continue
        try:
            for out in r.fn(a) or ():
                if isinstance(out, Finding):
                    findings.append(out)
                elif isinstance(out, Check):
                    checks.append(out)
        except Exception as e:
            findings.append(_crash(f"rule:{r.name}", e))
    findings = [_apply_severity(f, a.config) for f in findings]
    findings = [f if f.section is not None or f.start is None else _with_section(f, a) for f in findings]
    findings.sort(key=lambda f: (f.start is None, f.start or 0, f.code, f.message))
    scores: dict[str, Any] = {}
    for s in ordered_scorers():
        try:
            val = s.fn(a, {"findings": findings, "checks": checks, "scores": scores})
        except Exception as e:
            findings.append(_crash(f"score:{s.name}", e))
            continue
        if val is not None:
            scores[s.name] = val
    tables_values = getattr(a.tables, "values", None) or {}
    tables_details = getattr(a.tables, "details", None) or {}
    result = ReviewResult(
        source=a.doc.source, report=a.info, sections=list(a.sections), tables=dict(tables_values),
        table_details=dict(tables_details), figures=list(a.figures), checks=checks, findings=findings,
        scores=scores, summary={"facts": {}, "text": None}, text=a.doc.text,
    )
    try:
        from .summarize import fact_sheet
        from .summarize import summary_text as make_text

        result.summary = {"facts": fact_sheet(a, result), "text": make_text(a) if summary_text else None}
    except Exception as e:
        result.findings.append(_crash("summary", e))
    return result


def _apply_severity(f: Finding, config: Config) -> Finding:
    sev = config.severity(f.code, f.severity)
    if sev == f.severity:
        return f
    return Finding(f.code, f.message, sev, f.section, f.start, f.end, f.evidence)


def _with_section(f: Finding, a: Analysis) -> Finding:
    return Finding(f.code, f.message, f.severity, a.section_key_at(f.start), f.start, f.end, f.evidence)


def canonical_org_keys(keys) -> dict[str, str]:
    """Map every org_key to one representative of the agency it names, so that relative names
    (区财政金融局) and one-character OCR slips pair with the full name (see
    :func:`gxreview.orgs.same_agency`). Deterministic: keys are visited in sorted order and join the
    first representative they match. Used by ``review`` and ``batch`` alike.

    Only representatives sharing a block with the key are tried (same key, same agency core, or same
    area + core length + last character: what ``same_agency`` needs to be true), so 100k reports
    cost ~linear time; :func:`canonical_org_keys_reference` is the plain quadratic scan, kept for tests."""
    from .orgs import same_agency

    blocks: dict[tuple, list[int]] = {}
    reps: list[str] = []
    out: dict[str, str] = {}
    for k in sorted({k for k in keys if k}):
        find, register = _agency_blocks(k)
        tried = sorted({j for b in find for j in blocks.get(b, ())})
        rep = next((reps[j] for j in tried if same_agency(k, reps[j])), None)
        if rep is None:
            for b in register:
                blocks.setdefault(b, []).append(len(reps))
            reps.append(k)
            rep = k
        out[k] = rep
    return out


def _agency_blocks(key: str) -> tuple[tuple[tuple, ...], tuple[tuple, ...]]:
    """(blocks to look in, blocks to be found in) for an org key, such that whenever
    :func:`gxreview.orgs.same_agency` accepts (key, rep) the first set of key meets the second of rep:
    equal keys; equal cores with equal areas or one area missing; or one slip (same area, core
    length and last character)."""
    from .orgs import split_org

    parts = split_org(key)
    if parts is None or not parts[1]:
        return (("key", key),), (("key", key),)
    area, core = parts
    slip = ("slip", area, len(core), core[-1])
    find = (("key", key), slip) + ((("ac", area, core), ("ac", "", core)) if area else (("c", core),))
    return find, (("key", key), slip, ("ac", area, core), ("c", core))


def canonical_org_keys_reference(keys) -> dict[str, str]:
    """The exact reference for :func:`canonical_org_keys`: every representative tried in order."""
    from .orgs import same_agency

    reps: list[str] = []
    out: dict[str, str] = {}
    for k in sorted({k for k in keys if k}):
        rep = next((r for r in reps if same_agency(k, r)), None)
        if rep is None:
            reps.append(k)
            rep = k
        out[k] = rep
    return out


def pair_priors(analyses: list[Analysis]) -> dict[int, Analysis]:
    """For each analysis (by list index), the same agency's report for year − 1 among ``analyses``
    (the first in input order when there are several), agencies matched by :func:`canonical_org_keys`."""
    canon = canonical_org_keys(a.info.org_key for a in analyses)
    by_key: dict[tuple[str, int], Analysis] = {}
    for a in analyses:
        if a.info.org_key and a.info.year:
            by_key.setdefault((canon[a.info.org_key], a.info.year), a)
    out: dict[int, Analysis] = {}
    for i, a in enumerate(analyses):
        if a.info.org_key and a.info.year:
            p = by_key.get((canon[a.info.org_key], a.info.year - 1))
            if p is not None:
                out[i] = p
    return out


def is_report_like(a: Analysis) -> bool:
    """E008 heuristic: any official heading, a table label or a statutory phrase of an annual report."""
    t = a.doc.text
    if any(s.key not in ("preamble", "extra") for s in a.sections):
        return True
    return any(k in t for k in ("政府信息公开", "信息公开工作", "本年新收", "依申请公开", "主动公开"))


def not_a_report(source: str) -> InputError:
    """The E008 error for an input that holds no heading, table or statutory phrase of a report."""
    return InputError(source, "not a report: no section heading, table label or statutory phrase "
                              "of a 政府信息公开工作年度报告 was found", "E008")


def read_error(source: str, path: str, e: BaseException) -> tuple[str, str]:
    """(E-code, message) for an input that could not be read: a GxError keeps its own code; an
    unexpected reader failure is E006 for a container (.docx/.pdf), else E003 — never a traceback."""
    if isinstance(e, GxError):
        return e.code, str(e)
    code = "E006" if str(path).lower().endswith((".docx", ".pdf")) else "E003"
    return code, f"{source}: could not be read ({type(e).__name__}: {str(e)[:300]})"
