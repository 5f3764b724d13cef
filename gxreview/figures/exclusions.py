"""Exact "is this figure inside an excluded span?" without running every pattern over the whole text.

Scanning a long text with ~20 exclusion patterns costs more than finding the figures. Most
patterns can never consume a clause break (。，；！？), so no match of theirs crosses one: right
after a break, ``finditer`` restarts in the same state whatever came before. Such a pattern is
therefore run once over the clauses that hold a candidate figure, cut out of the text (with the
few characters its look-behind and look-ahead read around them) and joined into one short string.
That gives exactly the spans a whole-text ``finditer`` gives in those clauses. A pattern is
windowed only when this is proven from its parse tree (no clause break consumable, never empty,
bounded look-around, no case folding, no groups); any other pattern, and any pattern with a
literal first character (the regex engine jumps to it quickly), is run over the whole text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

try:  # Python >= 3.11
    from re import _parser as _sre  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre  # type: ignore[no-redef]

BREAKS = "。，；！？"
_BREAK_RE = re.compile(f"[{BREAKS}]")
_CATEGORY_CLASS = {
    _sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_NOT_DIGIT: r"\D", _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S", _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT} | ({_sre.POSSESSIVE_REPEAT} if hasattr(_sre, "POSSESSIVE_REPEAT") else set())


class _Unsafe(Exception):
    """The pattern uses a construct the analysis does not cover: scan the whole text."""


def _in_class(items, ch: str, flags: int) -> bool:
    hit, negate = False, False
    for op, av in items:
        if op is _sre.NEGATE:
            negate = True
        elif op is _sre.LITERAL:
            hit = hit or ch == chr(av)
        elif op is _sre.RANGE:
            hit = hit or av[0] <= ord(ch) <= av[1]
        elif op is _sre.CATEGORY and av in _CATEGORY_CLASS:
            hit = hit or re.fullmatch(_CATEGORY_CLASS[av], ch, flags & re.ASCII) is not None
        else:
            raise _Unsafe(op)
    return hit != negate


def _consumes(seq, ch: str, flags: int) -> bool:
    """Whether any consuming element of the parsed ``seq`` can match ``ch`` (look-arounds excluded)."""
    for op, av in seq:
        if op is _sre.LITERAL:
            if ch == chr(av):
                return True
        elif op is _sre.NOT_LITERAL:
            if ch != chr(av):
                return True
        elif op is _sre.ANY:
            if ch != "\n" or flags & re.DOTALL:
                return True
        elif op is _sre.IN:
            if _in_class(av, ch, flags):
                return True
        elif op is _sre.BRANCH:
            if any(_consumes(alt, ch, flags) for alt in av[1]):
                return True
        elif op is _sre.SUBPATTERN:
            if av[1] & (re.IGNORECASE | re.DOTALL | re.ASCII | re.LOCALE):
                raise _Unsafe("scoped flags")
            if _consumes(av[3], ch, flags):
                return True
        elif op in _REPEATS:
            if av[1] > 0 and _consumes(av[2], ch, flags):
                return True
        elif op is getattr(_sre, "ATOMIC_GROUP", None):
            if _consumes(av, ch, flags):
                return True
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
            continue
        else:
            raise _Unsafe(op)
    return False


def _has_lookaround(seq) -> bool:
    for op, av in seq:
        if op in (_sre.ASSERT, _sre.ASSERT_NOT):
            return True
        if op is _sre.BRANCH and any(_has_lookaround(alt) for alt in av[1]):
            return True
        if op is _sre.SUBPATTERN and _has_lookaround(av[3]):
            return True
        if op in _REPEATS and _has_lookaround(av[2]):
            return True
        if op is getattr(_sre, "ATOMIC_GROUP", None) and _has_lookaround(av):
            return True
    return False


def _lookbehind_reach(seq) -> int:
    """The farthest a look-behind in ``seq`` reads before the position it is tested at."""
    reach = 0
    for op, av in seq:
        if op in (_sre.ASSERT, _sre.ASSERT_NOT) and av[0] == -1:
            reach = max(reach, av[1].getwidth()[1])
        elif op is _sre.BRANCH:
            reach = max([reach] + [_lookbehind_reach(alt) for alt in av[1]])
        elif op is _sre.SUBPATTERN:
            reach = max(reach, _lookbehind_reach(av[3]))
        elif op in _REPEATS:
            reach = max(reach, _lookbehind_reach(av[2]))
        elif op is getattr(_sre, "ATOMIC_GROUP", None):
            reach = max(reach, _lookbehind_reach(av))
    return reach


def _lookahead_reach(seq) -> int:
    """The farthest a look-ahead in ``seq`` reads past the position it is tested at."""
    reach = 0
    for op, av in seq:
        if op in (_sre.ASSERT, _sre.ASSERT_NOT):
            if _has_lookaround(av[1]):
                raise _Unsafe("nested look-around")
            if av[0] == 1:
                hi = av[1].getwidth()[1]
                if hi >= _sre.MAXREPEAT:
                    raise _Unsafe("unbounded look-ahead")
                reach = max(reach, hi)
        elif op is _sre.BRANCH:
            reach = max([reach] + [_lookahead_reach(alt) for alt in av[1]])
        elif op is _sre.SUBPATTERN:
            reach = max(reach, _lookahead_reach(av[3]))
        elif op in _REPEATS:
            reach = max(reach, _lookahead_reach(av[2]))
        elif op is getattr(_sre, "ATOMIC_GROUP", None):
            reach = max(reach, _lookahead_reach(av))
    return reach


def windowable(pattern: re.Pattern[str]) -> tuple[int, int] | None:
    """(look-ahead reach, look-behind reach) when ``pattern`` may be run clause by clause, else None."""
    if not isinstance(pattern.pattern, str) or pattern.groups or pattern.flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        tree = _sre.parse(pattern.pattern, pattern.flags)
        if tree.getwidth()[0] == 0 or (tree.data and tree.data[0][0] is _sre.LITERAL):
            return None  # may match empty / literal first character: whole-text scan is cheap
        if any(_consumes(tree.data, ch, pattern.flags) for ch in BREAKS):
            return None
        return _lookahead_reach(tree.data), _lookbehind_reach(tree.data)
    except (_Unsafe, RecursionError, TypeError, ValueError, re.error):
        return None


class ExclusionPatterns:
    """A fixed list of exclusion patterns, split into whole-text and clause-windowed ones."""

    def __init__(self, patterns: Iterable[re.Pattern[str]]):
        self.whole: list[re.Pattern[str]] = []
        self.windowed: list[re.Pattern[str]] = []
        ahead, behind = 0, 1
        for rx in patterns:
            reach = windowable(rx)
            if reach is None:
                self.whole.append(rx)
            else:
                self.windowed.append(rx)
                ahead, behind = max(ahead, reach[0]), max(behind, reach[1])
        self.ahead, self.behind = ahead, behind

    def for_text(self, text: str, queries: Iterable[tuple[int, int]] = (),
                 extra: Iterable[tuple[int, int]] = ()) -> ExcludedSpans:
        """Excluded spans of ``text`` plus ``extra``, exact for every ``(a, b)`` of ``queries``
        (and, more slowly, for any other span asked later)."""
        return ExcludedSpans(self, text, queries, extra)


def _merge(spans: Iterable[tuple[int, int]]) -> tuple[list[int], list[int]]:
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [a for a, _ in merged], [b for _, b in merged]


class ExcludedSpans:
    """``overlaps(a, b)``: does [a, b) overlap a span of an exclusion pattern or of ``extra``?

    Gives the same answer as merging every pattern's whole-text ``finditer`` spans.
    """

    _GAP = 2  # clauses closer than this are scanned as one region

    def __init__(self, pats: ExclusionPatterns, text: str, queries: Iterable[tuple[int, int]] = (),
                 extra: Iterable[tuple[int, int]] = ()):
        self.pats = pats
        self.text = text
        self._rev: str | None = None
        self._regions: list[tuple[int, int]] = []
        spans = list(extra)
        for rx in pats.whole:
            spans.extend(m.span() for m in rx.finditer(text))
        if pats.windowed:
            self._regions = self._clause_regions(queries)
            spans.extend(self._scan(self._regions))
        self.starts, self.ends = _merge(spans)
        self._region_starts = [s for s, _ in self._regions]

    def overlaps(self, a: int, b: int) -> bool:
        if self.pats.windowed and not self._covered(a, b):
            self._add_region(a, b)
        i = bisect.bisect_right(self.starts, b - 1) - 1
        return i >= 0 and self.ends[i] > a

    def _clause(self, a: int, b: int) -> tuple[int, int]:
        """From just after the last break before ``a`` to the first break at or after ``b``."""
        text = self.text
        n = len(text)
        m = _BREAK_RE.search(text, b)
        end = m.start() if m else n
        if self._rev is None:
            self._rev = text[::-1]
        m = _BREAK_RE.search(self._rev, n - a)
        return (n - m.start() if m else 0), end

    def _clause_regions(self, queries: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        regions: list[tuple[int, int]] = []
        last_end = -1
        for a, b in sorted(queries):
            if b > last_end:  # not inside the clause found last (queries are sorted)
                regions.append(self._clause(a, b))
                last_end = regions[-1][1]
        regions.sort()
        # joining close clauses also keeps every region but the first from starting within the
        # look-behind reach of the text's start (its copy must then begin at 0)
        gap = max(self._GAP, self.pats.behind + self.pats.ahead + 1)
        out: list[tuple[int, int]] = []
        for s, e in regions:
            if out and s - out[-1][1] <= gap:
                out[-1] = (out[-1][0], max(out[-1][1], e))
            else:
                out.append((s, e))
        return out

    def _scan(self, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Every windowed pattern's whole-text matches that start inside ``regions``.

        Each region starts right after a break (or at 0) and ends on a break (or at the end), so a
        match starting in it ends in it; the region is copied with the characters look-behind and
        look-ahead read on either side, and the copies are joined into one string scanned once per
        pattern. A match found in the copied context characters is dropped.
        """
        if not regions:
            return []
        text, n = self.text, len(self.text)
        pieces, offsets, bounds = [], [], []
        at = 0
        for s, e in regions:
            lo, hi = max(0, s - self.pats.behind), min(n, e + self.pats.ahead + 1)
            pieces.append(text[lo:hi])
            offsets.append(at)
            bounds.append((lo - at, s, e))  # original = compact + shift
            at += hi - lo
        compact = "".join(pieces)
        found = []
        for rx in self.pats.windowed:
            for m in rx.finditer(compact):
                cs, ce = m.span()
                shift, s, e = bounds[bisect.bisect_right(offsets, cs) - 1]
                if s <= cs + shift < e:
                    found.append((cs + shift, ce + shift))
        return found

    def _covered(self, a: int, b: int) -> bool:
        i = bisect.bisect_right(self._region_starts, a) - 1
        return i >= 0 and self._regions[i][1] >= b  # a region starts after a break and ends on one

    def _add_region(self, a: int, b: int) -> None:
        """A span nobody announced: scan its clause and merge what it holds."""
        region = self._clause(a, b)
        found = self._scan([region])
        self._regions = sorted(self._regions + [region])
        self._region_starts = [s for s, _ in self._regions]
        self.starts, self.ends = _merge(list(zip(self.starts, self.ends, strict=True)) + found)
