"""Find every figure in running text by scanning characters (never tokens).

A figure is ``[prefix qualifier] [百分之] numeral [余|多|几] [万|亿] [余|多] unit [post qualifier]``;
candidates inside excluded spans (idioms, 文号, phones, URLs, addresses, hotline names, list
markers, ordinals, dates, the report's own part count, table regions) are dropped. The data
tables live in :mod:`gxreview.figures.patterns`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..numerals import QUALIFIER_WORDS, Number, interval, parse_number, to_plain
from ..regex_facts import DIGITS_OR_ASTRAL, consumed_class
from .exclusions import ExclusionPatterns, _merge
from .patterns import (
    EXCLUDE_PATTERNS,
    GROWTH_DOWN,
    GROWTH_FILLERS,
    GROWTH_UP,
    IDIOMS,
    NUMERAL_SUFFIX_QUALIFIERS,
    POST_QUALIFIERS,
    PREFIX_QUALIFIERS,
    UNIT_BLOCKERS,
    UNITS,
)


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_AR = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CN_START = "零〇一二两三四五六七八九十"
_CN = rf"(?:[{_CN_START}][零〇一二两三四五六七八九十百千万亿]*|[百千](?=[余多]))(?:点[零〇一二三四五六七八九]+)?"
FIGURE_RE = re.compile(
    rf"(?:(?P<pre>{_alt(PREFIX_QUALIFIERS)})[ \t]?)?"
    rf"(?P<pct>百分之)?"
    rf"(?<![\d.])"  # never start inside a digit run (also keeps long runs linear-time)
    rf"(?P<num>{_AR}(?:[万亿]{_AR})*|{_CN})"
    rf"(?P<q1>{_alt(NUMERAL_SUFFIX_QUALIFIERS)})?"
    rf"(?P<mag>[万亿](?!{_AR}))?"
    rf"(?P<q2>[余多])?\s?"
    rf"(?P<unit>{_alt(UNITS)})?"
    rf"(?(unit)|(?(pct)|(?!)))"  # a unit, or 百分之 before the numeral, is required
    rf"(?P<post>{_alt(POST_QUALIFIERS)})?"
)
_EXCLUDES = [(name, re.compile(p)) for name, p in EXCLUDE_PATTERNS]
# idioms match across stray whitespace / line breaks (PDF text): 三类\n内部事务信息
_IDIOM_RE = re.compile("|".join(r"\s*".join(map(re.escape, w)) for w in sorted(IDIOMS, key=len, reverse=True)))
# a bare number right after 数/量 (粉丝数54373；): a quantity without a measure word
UNITLESS_RE = re.compile(r"(?<=[数量])(?:为|达到|达|是|[:：])?\s?(?P<num>\d+(?:\.\d+)?[万亿]?)(?=\s?[，。；！;,])")
_CLAUSE_END = "，。；：！？,;:!?\n、"
_EXCLUSIONS = ExclusionPatterns([_IDIOM_RE] + [rx for _, rx in _EXCLUDES])
# Where a FIGURE_RE match can begin: a character that can start it (prefix qualifier, 百, numeral,
# digit) at which a looser pattern holds (the same pieces, with a unit after the numeral or 百分之
# before it, but no captures or conditionals, so it can sit in a look-around). Whenever FIGURE_RE
# matches at a position this holds there too; the regex engine finds these positions without
# returning to Python for every character, and FIGURE_RE is then tried only there.
_UNIT_FIRSTS = re.escape("".join(sorted({w[0] for w in UNITS})))
_FIGURE_NUM = rf"(?:{_AR}(?:[万亿]{_AR})*|{_CN})"
# Before a unit, an Arabic numeral is read whole (an atomic group, no backtracking into it): any
# shorter reading ends before a digit, a comma, a point or a 万/亿 with digits after it, and nothing
# between a numeral and its unit can take one of those (so "2021年" fails at once, not digit by digit)
_FIGURE_LOOSE = (
    rf"(?:(?:{_alt(PREFIX_QUALIFIERS)})[ \t]?)?"
    rf"(?:百分之{_FIGURE_NUM}|(?<![\d.])(?:(?>{_AR}(?:[万亿]{_AR})*)|{_CN})(?:{_alt(NUMERAL_SUFFIX_QUALIFIERS)})?"
    rf"(?:[万亿](?!{_AR}))?[余多]?\s?(?=[{_UNIT_FIRSTS}])(?:{_alt(UNITS)}))"
)  # the look-ahead on a unit's first character spares trying each unit after most numerals
_FIGURE_STARTS = re.compile(  # (the digits as a written-out class: a cheaper test than \d's)
    rf"[{DIGITS_OR_ASTRAL}{re.escape(''.join(sorted({w[0] for w in PREFIX_QUALIFIERS} | set('百千' + _CN_START))))}]"
    rf"(?<=(?={_FIGURE_LOOSE}).)")
_GROWTH_DOWN, _GROWTH_UP = tuple(GROWTH_DOWN), tuple(GROWTH_UP)
_FIGURE_CHARS = consumed_class(FIGURE_RE)
# a character no FIGURE_RE match contains (None: not proven, nothing is skipped)
_FIGURE_BREAK = re.compile(f"[^{_FIGURE_CHARS}]") if _FIGURE_CHARS else None
_UNITLESS_AFTER = "数量"  # UNITLESS_RE starts right after one of these
_BEFORE_ARABIC_BAD = set("0123456789.,-/:_~#@") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class RawFigure:
    """A figure before metric labelling (contract fields except metric/metrics/section)."""

    text: str
    value: int | float
    unit: str | None
    kind: str
    qualifier: str
    low: int | float | None
    high: int | float | None
    start: int
    end: int


def excluded_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans of ``text`` that never hold a figure, with the reason (idiom, doc_number, phone…)."""
    spans = [(m.start(), m.end(), "idiom") for m in _IDIOM_RE.finditer(text)]
    for name, rx in _EXCLUDES:
        spans.extend((m.start(), m.end(), name) for m in rx.finditer(text))
    spans.sort()
    return spans


class _SpanSet:
    """Fast 'does [a, b) overlap any span' over a sorted, merged span list."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self.starts, self.ends = _merge(spans)

    def overlaps(self, a: int, b: int) -> bool:
        i = bisect.bisect_right(self.starts, b - 1) - 1
        return i >= 0 and self.ends[i] > a


def _growth_sign(text: str, start: int) -> int:
    """+1/−1 when a growth verb stands right before ``start`` (fillers allowed), else 0."""
    j = start
    lo = max(0, start - 6)
    while j > lo and text[j - 1] in GROWTH_FILLERS:
        j -= 1
    before = text[max(0, j - 3):j]
    if before.endswith(_GROWTH_DOWN):
        return -1
    if not before.endswith(_GROWTH_UP):
        return 0
    for w in GROWTH_UP:
        if before.endswith(w):
            if w == "增加" and text[max(0, j - 3):j - 2] == "新":
                return 0
            return 1
    return 0


def _qualifier(pre: str | None, q: str | None, post: str | None) -> tuple[str, str]:
    """(qualifier, bound rule): a post qualifier wins over a numeral suffix, which wins over a prefix."""
    for w in (post, q, pre):
        if w:
            return QUALIFIER_WORDS[w]
    return "exact", "exact"


def parse_figure_match(m: re.Match[str], text: str) -> RawFigure | None:
    """Turn one regex match into a figure, or None when it is not a quantity with a unit."""
    pre, pct, num_s, q1, mag, q2, unit_w, post = m.group("pre", "pct", "num", "q1", "mag", "q2", "unit", "post")
    if not unit_w and not pct:
        return None
    if unit_w and post is None:
        nxt = text[m.end("unit"):m.end("unit") + 1]
        if nxt and nxt in UNIT_BLOCKERS.get(unit_w, ""):
            return None
    mag = mag or ""
    is_cn = not num_s[0].isdigit()
    if is_cn and num_s in ("一", "〇", "零") and not mag:
        return None  # the indefinite 一个/一次/一批 is not a claimed quantity
    if not is_cn:
        a = m.start("num")
        prev = text[a - 1] if a > 0 else ""
        if prev in _BEFORE_ARABIC_BAD:
            return None
        if not mag and text[a + len(num_s):a + len(num_s) + 1] == ".":
            return None
    numeral = num_s + mag
    if _number(numeral) is None:
        return None
    qualifier, rule = _qualifier(pre, q1 or q2, post)
    if pct:
        unit, kind = "%", "percent"
        if unit_w:  # 百分之十五个… : the unit belongs to the next word
            return _build(m, text, numeral, qualifier, rule, unit, kind, end=m.start("unit"))
    else:
        unit, kind = UNITS[unit_w]
    return _build(m, text, numeral, qualifier, rule, unit, kind, end=m.end())


@lru_cache(maxsize=4096)
def _number(numeral: str) -> Number | None:
    """:func:`parse_number`, memoised (the same numerals recur throughout a report)."""
    return parse_number(numeral)


@lru_cache(maxsize=4096)
def _amounts(numeral: str, rule: str, exact_integer: bool, sign: int) -> tuple:
    """(value, low, high) as plain numbers for a numeral already known to parse."""
    num = _number(numeral)
    lo, hi = interval(num, rule, exact_integer=exact_integer, sign=sign)
    return to_plain(num.value * sign), to_plain(lo), to_plain(hi)


def _build(m, text, numeral, qualifier, rule, unit, kind, end) -> RawFigure:
    start = m.start()
    sign = _growth_sign(text, start)
    if sign and kind in ("count", "percent", "money", "ratio", "growth"):
        kind = "growth"
    elif unit == "百分点":
        kind = "growth"
        sign = 1
    sign = sign or 1
    exact_integer = kind in ("count", "money") or (kind == "growth" and unit not in ("%", "百分点", "倍"))
    value, lo, hi = _amounts(numeral, rule, exact_integer, sign)
    return RawFigure(text[start:end], value, unit, kind, qualifier, lo, hi, start, end)


def _anchored_matches(text: str, pattern: re.Pattern[str], starts: re.Pattern[str], at_end: bool,
                      gaps: Sequence[tuple[int, int]] | None = None) -> Iterable[re.Match[str]]:
    """``pattern.finditer(text)``, trying the pattern only at the places ``starts`` finds (their start,
    or their end when the pattern's look-behind is what ``starts`` matched). With ``gaps`` (ascending
    ``(lo, hi)``), only places ``lo <= p < hi`` are tried."""
    pos = 0
    match = pattern.match
    for lo, hi in gaps if gaps is not None else ((0, len(text) + 1),):
        for c in starts.finditer(text, max(lo - 1, pos, 0) if at_end else max(lo, pos)):
            p = c.end() if at_end else c.start()
            if p >= hi:
                break
            if p < pos or p < lo:
                continue
            m = match(text, p)
            if m is not None:
                yield m
                pos = m.end()


def _figure_matches(text: str, gaps: Sequence[tuple[int, int]] | None = None) -> Iterable[re.Match[str]]:
    """``FIGURE_RE.finditer(text)``, trying the pattern only where a figure can begin (and in ``gaps``)."""
    return _anchored_matches(text, FIGURE_RE, _FIGURE_STARTS, at_end=False, gaps=gaps)


def _unitless_matches(text: str) -> Iterable[re.Match[str]]:
    """``UNITLESS_RE.finditer(text)``, tried only right after 数/量 (its look-behind); the two
    characters are found with ``str.find``, which skips text much faster than a regex class."""
    match = UNITLESS_RE.match
    pos = 0
    for q in _positions(text, _UNITLESS_AFTER):
        if q + 1 >= pos:
            m = match(text, q + 1)
            if m is not None:
                yield m
                pos = m.end()


def _positions(text: str, chars: str) -> list[int]:
    """Sorted positions of the characters ``chars`` in ``text``."""
    out = []
    for ch in chars:
        i = text.find(ch)
        while i >= 0:
            out.append(i)
            i = text.find(ch, i + 1)
    out.sort()
    return out


def _scan_gaps(text: str, exclude: Sequence[tuple[int, int]]) -> list[tuple[int, int]] | None:
    """Where a figure whose numeral avoids ``exclude`` can start: everything but, in each excluded
    span, the stretch up to its last character no figure contains. A match starting in that stretch
    ends before that character, so its numeral lies inside the span (dropped anyway), and no match
    runs across it, so the matches after it are the same whether or not the stretch is scanned."""
    if _FIGURE_BREAK is None or not exclude:
        return None
    gaps, lo = [], 0
    for s, e in zip(*_merge(exclude), strict=True):
        q = _last_break(text, max(s, lo), min(e, len(text)))
        if q is not None:
            gaps.append((lo, s))
            lo = q + 1
    gaps.append((lo, len(text) + 1))
    return gaps


def _last_break(text: str, s: int, e: int) -> int | None:
    """The last position in ``[s, e)`` holding a character no figure contains."""
    brk = _FIGURE_BREAK.match
    for q in range(e - 1, s - 1, -1):
        if brk(text, q):
            return q
    return None


def find_figures(text: str, *, exclude: Sequence[tuple[int, int]] = ()) -> list[RawFigure]:
    """Every figure of ``text`` outside the excluded spans (plus ``exclude``, e.g. table regions)."""
    cands = []
    for m in _figure_matches(text, _scan_gaps(text, exclude)):
        fig = parse_figure_match(m, text)
        if fig is not None:
            cands.append((m.start("num"), m.end("num"), fig))
    unitless = list(_unitless_matches(text))
    outside = _SpanSet(exclude).overlaps if exclude else None  # spans asked about only when outside
    queries = [(a, b) for a, b, _ in cands] + [m.span("num") for m in unitless]
    if outside is not None:
        queries = [(a, b) for a, b in queries if not outside(a, b)]
    spans = _EXCLUSIONS.for_text(text, queries, exclude)
    out: list[RawFigure] = [fig for a, b, fig in cands if not spans.overlaps(a, b)]
    taken = _SpanSet([(f.start, f.end) for f in out])
    for m in unitless:
        a, b = m.span("num")
        if taken.overlaps(a, b) or spans.overlaps(a, b):
            continue
        if a > 0 and text[a - 1] in _BEFORE_ARABIC_BAD:
            continue
        numeral = m.group("num")
        if _number(numeral) is None:
            continue
        value, lo, hi = _amounts(numeral, "exact", True, 1)
        out.append(RawFigure(numeral, value, None, "count", "exact", lo, hi, a, b))
    out.sort(key=lambda f: f.start)
    return out
