"""Find the six sections by their heading text (numbered, glued inside one-line bodies, or unnumbered).

The rules (contract §2 "Section keys"):

* a heading matches by text — official wording, an accepted variant, or a typo within a small
  edit distance — whatever its number; ``number`` is None when the heading lost its number;
* when two headings compete for one key, the one whose section holds the table gets the key and the
  other becomes ``extra``;
* non-standard numbered headings on their own line become ``extra`` sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from ..document import Section
from ..normalize import fold_table
from ..regex_facts import start_finder
from .headings import (
    EXTRA_HEADINGS,
    HEADINGS,
    NUMBER_MARKER,
    SECTION_ORDER,
    TABLE_ROW_LABELS,
    TRADITIONAL,
    HeadingSpec,
)

_VARIANTS = [(h, [re.compile(v) for v in h.variants], [re.compile(v) for v in h.legacy]) for h in HEADINGS]
_ANY_VARIANT = re.compile("|".join(f"(?:{v})" for h in HEADINGS for v in (*h.variants, *h.legacy)))
_OFFICIAL_CHARS = [frozenset(h.official) for h in HEADINGS]
# the first extra heading (in list order) matching at a position, as one alternation
_EXTRA = re.compile("|".join(f"(?:{p})" for p in EXTRA_HEADINGS))
_LIST_PUNCT = re.compile("[、.．]")
_LINE = re.compile(r"^[ \t#*>]*(?P<body>[\u3400-\u9fff][^\n]{0,39}?)[ \t*]*$", re.M)  # short line starting with a CJK char
TOP_LEVEL_MIN = 3  # this many 一、-numbered official headings make （一） a subsection marker
_WINDOW = 48  # longest title (variant with prefixes) plus slack
_QUALITY = {"exact": 0, "variant": 1, "legacy": 1, "fuzzy": 2}
_TRAD_TABLE = {k: v for k, v in {**{k: v for k, v in fold_table().items() if k >= 0x3400},
                                  **str.maketrans(*TRADITIONAL)}.items() if chr(k) != v}
# every character a title (official, variant or legacy) is written with: a cheap pre-filter
_TITLE_CHARS = frozenset(
    ch for h in HEADINGS for part in (h.official, *h.variants, *h.legacy) for ch in part if "\u4e00" <= ch <= "\u9fff"
)
_TRAD_CHARS = re.compile("[" + re.escape("".join(sorted(chr(k) for k in _TRAD_TABLE))) + "]")
_number_markers = start_finder(NUMBER_MARKER)  # NUMBER_MARKER.finditer, faster (same matches)
_TRAD_SET = frozenset(chr(k) for k in _TRAD_TABLE)  # the same test on a short string, faster than the class


def heading_text(text: str) -> str:
    """The text headings are matched on: traditional heading characters folded to simplified
    (one character to one, offsets unchanged); the text itself when it has none."""
    return text if _TRAD_SET.isdisjoint(text) else text.translate(_TRAD_TABLE)


@dataclass
class _Cand:
    key: str
    start: int  # heading start (number marker or title)
    title_start: int
    end: int  # end of heading text
    number: str | None
    how: str  # exact | variant | legacy | fuzzy | extra
    paren: bool = False
    official: str = ""


def match_title(text: str, pos: int, number: str | None = None) -> tuple[HeadingSpec, int, str] | None:
    """Match a section title starting exactly at ``pos``: (spec, end, how) or None.

    ``number`` is the heading's number when it has one: a short title (总体情况) is accepted with
    one typo only when its number is the official one.
    """
    if _TITLE_CHARS.isdisjoint(text[pos : pos + 3]):
        return None  # fast path: no title starts without one of its characters in the first three
    hit = _match_window(text[pos : pos + _WINDOW], number)
    return (hit[0], pos + hit[1], hit[2]) if hit else None


@lru_cache(maxsize=8192)
def _match_window(window: str, number: str | None) -> tuple[HeadingSpec, int, str] | None:
    """The title at the start of ``window`` (a stretch of the report, matched as
    :func:`heading_text` folds it); memoised on the stretch as written, as report templates repeat
    their headings and subheadings."""
    text = heading_text(window)
    pos = 0
    for spec, _variants, _legacy in _VARIANTS:
        if text.startswith(spec.official, pos):
            return spec, pos + len(spec.official), "exact"
    best: tuple[HeadingSpec, int, str] | None = None
    for spec, variants, legacy in _VARIANTS if _ANY_VARIANT.match(text) else ():
        for rx in variants:
            m = rx.match(text, pos)
            if m and (best is None or m.end() > best[1]):
                best = (spec, m.end(), "variant")
        for rx in legacy:
            m = rx.match(text, pos)
            if m and best is None:
                best = (spec, m.end(), "legacy")
    if best:
        return best
    # typos: within a small edit distance of the official wording (long titles only)
    for (spec, _v, _l), spec_chars in zip(_VARIANTS, _OFFICIAL_CHARS, strict=True):
        n = len(spec.official)
        if n < 6 and number != spec.number:
            continue
        limit = 1 if n < 12 else 2
        first, last = spec.official[0], spec.official[-1]
        if text[:1] != first and last not in text[max(0, n - 2):n + 1]:
            continue  # no window below can start or end like the title (cheap test first; perf only)
        if len(spec_chars.intersection(text[: n + 1])) < len(spec_chars) - limit:
            continue  # too few of the title's characters to be within ``limit`` edits
        for w in (n, n - 1, n + 1):
            window = text[pos : pos + w]
            if len(window) < w:
                continue
            if window[0] != spec.official[0] and window[-1] != spec.official[-1]:
                continue
            d = Levenshtein.distance(window, spec.official, score_cutoff=limit)
            if d <= limit:
                return spec, pos + w, "fuzzy"
    return None


def _candidates(text: str) -> list[_Cand]:
    cands: dict[int, _Cand] = {}
    for m in _number_markers(text):
        num = m.group("n1") or m.group("n2") or m.group("n3") or m.group("n4")
        paren = m.group("n3") is not None
        pos = m.end()
        hit = match_title(text, pos, num)
        if hit:
            spec, end, how = hit
            if paren and how == "fuzzy":
                continue
            if paren and not _at_line_start(text, m.start()):
                continue
            c = _Cand(spec.key, m.start(), pos, end, num, how, paren, spec.official)
        else:
            if paren:
                continue
            ex = _EXTRA.match(text, pos)
            if ex:
                c = _Cand("extra", m.start(), pos, ex.end(), num, "extra")
            elif m.group("n2") and _LIST_PUNCT.search(m.group(0)) and _at_line_start(text, m.start()):
                line_end = text.find("\n", pos)
                line_end = len(text) if line_end < 0 else line_end
                line = text[pos:line_end].strip()
                if not line or len(line) > 24 or re.search(r"[。；;，,：:]|\d{2,}|\|", line) or TABLE_ROW_LABELS.search(line):
                    continue
                c = _Cand("extra", m.start(), pos, pos + len(text[pos:line_end].rstrip()), num, "extra")
            else:
                continue
        cands[c.start] = c
    # unnumbered headings: a whole short line that is a title
    for m in _LINE.finditer(text):
        body = m.group("body")
        if not body or len(body) > 40 or NUMBER_MARKER.match(body):
            continue
        bstart = m.start("body")
        hit = match_title(text, bstart)
        if not hit:
            continue
        spec, end, how = hit
        rest = text[end : m.end("body")].strip()
        if len(rest) > 3:
            continue
        if any(c.start <= bstart < c.end for c in cands.values()):
            continue
        cands[bstart] = _Cand(spec.key, bstart, bstart, end, None, how, False, spec.official)
    return sorted(cands.values(), key=lambda c: c.start)


def _at_line_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t#*>":
        i -= 1
    return i < 0 or text[i] == "\n"


def _holds_table(text: str, key: str, start: int, end: int) -> bool:
    spec = next((h for h in HEADINGS if h.key == key), None)
    if spec is None or not spec.table_markers:
        return False
    body = text[start : min(end, start + 1500)]
    return any(mk in body for mk in spec.table_markers)


def find_sections(text: str) -> list[Section]:
    """Split ``text`` into sections (preamble first when there is text before the first heading)."""
    raw = text
    cands = _candidates(text)
    # a report whose sections are numbered 一、二、… uses （一） for subsections only
    if sum(1 for c in cands if c.number and not c.paren and c.key != "extra") >= TOP_LEVEL_MIN:
        cands = [c for c in cands if not c.paren]
    # resolve competition: one candidate per official key
    bounds = [c.start for c in cands] + [len(text)]
    by_key: dict[str, list[int]] = {}
    for i, c in enumerate(cands):
        if c.key != "extra":
            by_key.setdefault(c.key, []).append(i)
    demoted: dict[int, str] = {}
    for key, idxs in by_key.items():
        if len(idxs) < 2:
            continue
        holders = [i for i in idxs if _holds_table(text, key, cands[i].end, bounds[i + 1])]
        if len(holders) >= 1:
            winner = holders[0]
        else:
            winner = min(idxs, key=lambda i: (cands[i].number is None, _QUALITY.get(cands[i].how, 3), cands[i].start))
        for i in idxs:
            if i != winner:
                same = _QUALITY.get(cands[i].how, 3) == 0 and _QUALITY.get(cands[winner].how, 3) == 0
                demoted[i] = "duplicate" if same and cands[i].paren == cands[winner].paren else "competing"
                if cands[i].paren and not cands[winner].paren:
                    demoted[i] = "subsection"  # a （一） part of another section, not a section
    keep = [i for i in range(len(cands)) if demoted.get(i) != "subsection"]
    cands = [cands[i] for i in keep]
    demoted = {keep.index(i): how for i, how in demoted.items() if i in keep}
    bounds = [c.start for c in cands] + [len(text)]
    sections: list[Section] = []
    first = cands[0].start if cands else len(text)
    if text[:first].strip():
        sections.append(Section("preamble", None, "", 0, first, 0, True, "", "preamble"))
    for i, c in enumerate(cands):
        end = bounds[i + 1]
        key = "extra" if i in demoted else c.key
        how = demoted.get(i, c.how)
        if how == "exact" and _TRAD_CHARS.search(raw, c.title_start, c.end):
            how = "variant"  # traditional characters: matched, but not the official wording
        verbatim = how == "exact" and key != "extra"
        heading = raw[c.start : c.end].strip()
        sections.append(Section(key, c.number, heading, c.start, end, c.end, verbatim, c.official, how))
    return sections


def section_at(sections: list[Section], pos: int) -> Section | None:
    """The section containing offset ``pos``."""
    for s in sections:
        if s.start <= pos < s.end:
            return s
    return None


def official_keys(sections: list[Section]) -> list[str]:
    return [s.key for s in sections if s.key in SECTION_ORDER]
