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

from ..regex_facts import windowable


class ExclusionPatterns:
    """A fixed list of exclusion patterns, split into whole-text and clause-windowed ones."""

    def __init__(self, patterns: Iterable[re.Pattern[str]]):
        self.whole: list[re.Pattern[str]] = []
        self.windowed: list[re.Pattern[str]] = []
        ahead, behind, classes = 0, 1, set()
        for rx in patterns:
            facts = windowable(rx)
            if facts is None:
                self.whole.append(rx)
            else:
                self.windowed.append(rx)
                ahead, behind = max(ahead, facts[0]), max(behind, facts[1])
                classes.add(facts[2])
        self.ahead, self.behind = ahead, behind
        # a break: a character no windowed pattern can consume, so no match of theirs crosses it
        self.breaks = re.compile(f"[^{''.join(sorted(classes))}]") if classes else None

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
        breaks = self.pats.breaks
        m = breaks.search(text, b)
        end = m.start() if m else n
        if self._rev is None:
            self._rev = text[::-1]
        m = breaks.search(self._rev, n - a)
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
