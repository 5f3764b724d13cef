"""Sentence alignment between two reports: exact masked matches first, then rapidfuzz ``ratio``."""

from __future__ import annotations

from typing import NamedTuple

from .mask import YEAR, YEAR_RX
from .narrative import Unit

THRESHOLD = 90.0  # rapidfuzz ratio a masked partner needs (contract §2)


class Match(NamedTuple):
    """A unit and its partner (a named tuple, cheap to make)."""

    i: int  # index in the report's units
    j: int  # index in the other report's units
    ratio: float  # 100 for an exact masked match
    edit: str  # identical | years_only | numbers_only | reworded


def edit_kind(u: Unit, v: Unit) -> str:
    """How a matched sentence differs from its partner (from the units' plain forms, which already
    have the own name masked and labels, list markers and punctuation dropped)."""
    if u.plain == v.plain:
        return "identical"
    if YEAR_RX.sub(YEAR, u.plain) == YEAR_RX.sub(YEAR, v.plain):
        return "years_only"
    if u.masked == v.masked:
        return "numbers_only"
    return "reworded"


def _exact_matches(units: list[Unit], other: list[Unit], kind) -> tuple[list[Match], list[int], list[int]]:
    """(matches of units whose masked text occurs as is in ``other``, the other non-template units of
    ``units``, the non-template units of ``other``); template units are skipped on both sides."""
    cand = [j for j, v in enumerate(other) if not v.template]
    by_masked: dict[str, int] = {}
    for j in cand:
        by_masked.setdefault(other[j].masked, j)
    out: list[Match] = []
    rest: list[int] = []
    for i, u in enumerate(units):
        if u.template:
            continue
        j = by_masked.get(u.masked)
        if j is not None:
            out.append(Match(i, j, 100.0, kind(u, other[j])))
        else:
            rest.append(i)
    return out, rest, cand


def align(units: list[Unit], other: list[Unit], *, threshold: float = THRESHOLD, edits: bool = True) -> list[Match]:
    """Best partner in ``other`` for each non-template unit of ``units`` (template units skipped on
    both sides); a unit may share a partner with another. ``edits`` False skips the edit kinds.

    Only pairs whose lengths allow the threshold are scored (``ratio`` ≤ 200·min/(sum of lengths)),
    one ``fuzz.ratio`` each, its score rounded to float32 as ``cdist`` gives it: the result equals
    :func:`align_reference`."""
    kind = edit_kind if edits else (lambda u, v: "")
    out, rest, cand = _exact_matches(units, other, kind)
    if rest and cand:
        import numpy as np
        from rapidfuzz import fuzz

        mine = [units[i].masked for i in rest]
        theirs = [other[j].masked for j in cand]
        ml, tl = np.array([len(x) for x in mine]), np.array([len(x) for x in theirs])
        possible = 200 * np.minimum.outer(ml, tl) >= threshold * np.add.outer(ml, tl) - 1e-6
        best: dict[int, tuple[float, int]] = {}  # row -> (score, column): the first column with the top score
        for r, c in zip(*(x.tolist() for x in np.nonzero(possible)), strict=True):
            s = fuzz.ratio(mine[r], theirs[c], score_cutoff=threshold)
            if s:
                s = float(np.float32(s))
                if s > best.get(r, (0.0, 0))[0]:
                    best[r] = (s, c)
        for r, (s, c) in best.items():
            if s >= threshold:
                i, j = rest[r], cand[c]
                out.append(Match(i, j, round(s, 1), kind(units[i], other[j])))
    out.sort(key=lambda m: m.i)
    return out


def align_reference(units: list[Unit], other: list[Unit], *, threshold: float = THRESHOLD, edits: bool = True) -> list[Match]:
    """:func:`align` with every remaining pair scored by rapidfuzz ``cdist`` (tests)."""
    kind = edit_kind if edits else (lambda u, v: "")
    out, rest, cand = _exact_matches(units, other, kind)
    if rest and cand:
        from rapidfuzz import fuzz, process

        scores = process.cdist([units[i].masked for i in rest], [other[j].masked for j in cand],
                               scorer=fuzz.ratio, score_cutoff=threshold)
        for row, i in enumerate(rest):
            best = int(scores[row].argmax())
            s = float(scores[row][best])
            if s >= threshold:
                j = cand[best]
                out.append(Match(i, j, round(s, 1), kind(units[i], other[j])))
    out.sort(key=lambda m: m.i)
    return out


def stale_years(u: Unit, v: Unit, year: int | None, prior_year: int | None) -> list[tuple[int, int, int]]:
    """Years in a reused sentence left as the prior report's own year: ``(year, start, end)``.

    The years of the sentence and its partner are paired in order; a year equal to the prior
    report's year on both sides, in a report for a later year, was not moved on when copied.
    """
    if not year or not prior_year or year <= prior_year:
        return []
    mine = list(YEAR_RX.finditer(u.text))
    if not mine:
        return []
    theirs = [int(m.group(0)) for m in YEAR_RX.finditer(v.text)]
    if len(mine) != len(theirs):
        return []
    out = []
    for m, t in zip(mine, theirs, strict=True):
        y = int(m.group(0))
        if y == t == prior_year:
            out.append((y, u.start + m.start(), u.start + m.end()))
    return out


__all__ = ["THRESHOLD", "YEAR_RX", "Match", "align", "align_reference", "edit_kind", "stale_years"]
