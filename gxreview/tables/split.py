"""Reading glued digit runs: every split into the known number of cells, chosen by the identities.

``row_candidates`` lists every way the tokens of a row can be read as ``n`` cells (no leading zeros
except "0" itself). ``solve_reference`` (fast path: :func:`gxreview.tables.solver.solve`) picks one
reading per row: a row's own identities first (T3-I2, T4-I1), then the identities across rows
(T3-I1, T3-I3), then the narrative, then plausibility. Every row read more than one way is
reported with its candidates: never a silent guess.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import NamedTuple

from .spec import Identity
from .tokens import Tok, parse_number

MAX_CANDIDATES = 20000
MAX_COMBOS = 50000


class CellRead(NamedTuple):
    """One cell as read: its value, the raw text it came from, its offsets and how it was read."""

    value: int | float | None
    raw: str
    start: int | None
    end: int | None
    read: str  # cell | split | grid | blank | missing | invalid


Candidate = tuple[CellRead, ...]


@lru_cache(maxsize=4096)
def split_digits(s: str, k: int) -> tuple[tuple[str, ...], ...]:
    """Every split of a digit string into ``k`` numbers without leading zeros."""
    if k == 1:
        return ((s,),) if s and (s == "0" or s[0] != "0") else ()
    if len(s) < k:
        return ()
    out: list[tuple[str, ...]] = []
    first_max = 1 if s[0] == "0" else len(s) - k + 1
    for i in range(1, first_max + 1):
        for rest in split_digits(s[i:], k - 1):
            out.append((s[:i],) + rest)
    return tuple(out)


def _tok_reads(t: Tok, k: int, how: str) -> list[tuple[CellRead, ...]]:
    if t.kind == "blank":
        return [(CellRead(None, t.text, t.start, t.end, "blank"),)] if k == 1 else []
    if t.kind in ("cell", "decimal"):
        if k != 1:
            return []
        v = parse_number(t.text)
        return [(CellRead(v, t.text, t.start, t.end, how if v is not None else "invalid"),)]
    sign = -1 if t.text.startswith("-") else 1
    digits = t.text.lstrip("-")
    off = len(t.text) - len(digits)
    out = []
    for parts in split_digits(digits, k):
        cells = []
        pos = (t.start or 0) + off
        for j, p in enumerate(parts):
            val = int(p) * (sign if j == 0 else 1)
            start = pos - (off if j == 0 else 0)
            cells.append(CellRead(val, ("-" if sign < 0 and j == 0 else "") + p,
                                  start if t.start is not None else None,
                                  pos + len(p) if t.start is not None else None, how if k == 1 else "split"))
            pos += len(p)
        out.append(tuple(cells))
    return out


def row_candidates(toks: list[Tok], n: int, *, how: str = "cell",
                   accept: Callable[[list[CellRead]], bool] | None = None) -> tuple[list[Candidate], str]:
    """Every reading of ``toks`` as ``n`` cells, and a note ("" or what had to be assumed).

    ``accept(prefix)`` prunes readings early (a row's own identities); when no reading passes it,
    every reading is returned so the caller can report the violated identities.
    """
    note = ""
    toks = list(toks)
    while len(toks) > n:
        toks.pop()  # more separate tokens than cells: trailing noise (page numbers…)
        note = "extra tokens after the row were ignored"
    if not toks:
        return [tuple(CellRead(None, "", None, None, "missing") for _ in range(n))], "row has no cells"
    reads = _cached_reads(toks, n, how, accept)
    if reads.pad:
        note = f"{reads.pad} cell(s) missing"
    if reads.cut:
        note = (note + "; " if note else "") + "too many readings, list cut"
    return reads.attach(toks), note


def _placements(count: int, width: int, n: int, pad: int) -> list[tuple[int, tuple[int, ...]]]:
    """Fewer cells written than the row has: which ones are blank is not known, so every placement
    of the missing cells is a reading (the trailing one first), unless there are too many.

    For ``count`` readings of ``width`` cells: (reading, cell index per position) with index
    ``width`` for a missing cell, in the order the readings are listed."""
    if pad == n or pad > 2 or count * n ** pad > MAX_CANDIDATES:
        return [(k, tuple(range(width)) + (width,) * pad) for k in range(count)]
    out = []
    for gaps in sorted(itertools.combinations(range(n), pad), key=lambda g: [-x for x in reversed(g)]):
        idx = list(range(width))
        for g in gaps:  # ascending: each missing cell lands at its final index
            idx.insert(g, width)
        out.extend((k, tuple(idx)) for k in range(count))
    return out  # all distinct: the missing positions and the reading are read back from each


@lru_cache(maxsize=256)
def _layout(count: int, width: int, n: int, pad: int) -> list[tuple[int, Callable]]:
    """:func:`_placements` as getters of the cells (and ``_MISSING`` after them) of a reading."""
    return [(k, operator.itemgetter(*idx)) for k, idx in _placements(count, width, n, pad)]


# A reading with its offsets relative to its token: (token index, value, raw, start, end, read) per
# cell; made absolute again per row (the same digits recur across reports).
RelCell = tuple[int, int | float | None, str, int | None, int | None, str]
_MISSING = CellRead(None, "", None, None, "missing")
_SHARED_FROM = 16  # rows with more readings than this share their equal cells (see ``_Reads.attach``)


@dataclass(frozen=True)
class _Reads:
    """The memoised readings of a row's tokens: the written cells, then where missing ones go."""

    base: list[tuple[RelCell, ...]]
    pad: int  # cells missing
    cut: bool  # the list was cut at ``MAX_CANDIDATES``
    layout: list[tuple[int, Callable]] | None  # (base reading, getter placing its cells and ``_MISSING``)

    def attach(self, toks: list[Tok]) -> list[Candidate]:
        """The readings with their offsets in the text of ``toks``."""
        if len(self.base) <= _SHARED_FROM or self.shared is None:
            return self.attach_plain(toks)
        starts = [t[1] for t in toks]  # Tok.start
        new = tuple.__new__  # CellRead(...) without the generated __new__ (perf only: same tuple)
        uniq, getters = self.shared
        made = []
        for ti, v, raw, rs, re_, read in uniq:
            st = starts[ti]
            made.append(new(CellRead, (v, raw, None if st is None or rs is None else st + rs,
                                       None if st is None or re_ is None else st + re_, read)))
        return self._placed([g(made) for g in getters])

    @cached_property
    def shared(self) -> tuple[list[RelCell], list[Callable]] | None:
        """Many readings of a few distinct cells: the cells, and per reading a getter of its cells
        (``None`` for one-cell readings)."""
        if any(len(row) < 2 for row in self.base):
            return None
        uniq: dict[tuple, int] = {}
        getters = []
        for row in self.base:
            getters.append(operator.itemgetter(*[uniq.setdefault((c, type(c[1])), len(uniq)) for c in row]))
        return [c for c, _ in uniq], getters

    def attach_plain(self, toks: list[Tok]) -> list[Candidate]:
        """:meth:`attach` building every cell of every reading (the fast path shares equal cells)."""
        starts = [t[1] for t in toks]  # Tok.start
        new = tuple.__new__  # CellRead(...) without the generated __new__ (perf only: same tuple)
        base = []
        for row in self.base:
            cells = []
            add = cells.append
            for ti, v, raw, rs, re_, read in row:
                st = starts[ti]
                if st is None or rs is None or re_ is None:
                    add(new(CellRead, (v, raw, None if st is None or rs is None else st + rs,
                                       None if st is None or re_ is None else st + re_, read)))
                else:
                    add(new(CellRead, (v, raw, st + rs, st + re_, read)))
            base.append(tuple(cells))
        return self._placed(base)

    def _placed(self, base: list[Candidate]) -> list[Candidate]:
        if self.layout is None:
            return base
        padded = [c + (_MISSING,) for c in base]
        return [place(padded[k]) for k, place in self.layout]


def combinations(pools: dict[str, list], rows: list[str]) -> int:
    """How many combinations of the rows' readings there are; counting stops above MAX_COMBOS."""
    n = 1
    for r in rows:
        n *= len(pools[r])
        if n > MAX_COMBOS:
            break
    return n


_READS: dict[tuple, _Reads] = {}


def _cached_reads(toks: list[Tok], n: int, how: str, accept) -> _Reads:
    """Readings of the tokens as ``n`` cells, memoised on the tokens' text."""
    key = (tuple([(t.text, t.kind) for t in toks]), n, how, getattr(accept, "key", None))
    hit = _READS.get(key)
    if hit is None:
        pad = max(0, n - sum(t.max_cells for t in toks))
        m = n - pad
        base = _fast(toks, m, how)
        if base is None:
            base = _walked(toks, m, how, accept if not pad else None)
        layout = _layout(len(base), m, n, pad) if pad else None
        if len(_READS) > 20000:
            _READS.clear()
        hit = _READS[key] = _Reads(base, pad, len(base) >= MAX_CANDIDATES, layout)
    return hit


def _walked(toks: list[Tok], m: int, how: str, accept) -> list[tuple[RelCell, ...]]:
    """Every reading by :func:`_walk` (unpruned when ``accept`` rejects them all), made relative."""
    if len(toks) == 1 and m > 1 and _plain_run(toks[0]) and (accept is None or _is_checker(accept)):
        found_rel = _walk_run(toks[0].text, m, accept.key if accept is not None else ())
        if not found_rel and accept is not None:
            found_rel = _walk_run(toks[0].text, m, ())
        return found_rel
    bounds = []
    acc = 0
    for t in toks:
        bounds.append(acc)
        acc += len(t.text) + 1
    flat = [Tok(t.text, b, b + len(t.text), t.kind) for t, b in zip(toks, bounds, strict=True)]
    found = _walk(flat, m, how, accept)
    if not found and accept is not None:
        found = _walk(flat, m, how, None)
    rel = []
    for cand in found:
        row = []
        for c in cand:
            ti = bisect.bisect_right(bounds, c.start) - 1 if c.start is not None else 0
            row.append((ti, c.value, c.raw, c.start - bounds[ti] if c.start is not None else None,
                        c.end - bounds[ti] if c.end is not None else None, c.read))
        rel.append(tuple(row))
    return rel


def _fast(toks: list[Tok], m: int, how: str) -> list[tuple[RelCell, ...]] | None:
    """The only reading when every token is one cell, or every character is one cell."""
    if len(toks) == m:
        ks = [1] * m
    elif sum(t.max_cells for t in toks) == m:
        ks = [t.max_cells for t in toks]
    else:
        return None
    cells: list[RelCell] = []
    for ti, (t, k) in enumerate(zip(toks, ks, strict=True)):
        one = _token_reading(t.text, t.kind, k, how)
        if one is None:
            return None
        cells.extend((ti, *c) for c in one)
    return [tuple(cells)]


def _plain_run(t: Tok) -> bool:
    return t.kind == "digits" and t.text.isascii() and t.text.isdigit()


def _is_checker(accept) -> bool:
    own = getattr(accept, "key", None)
    return isinstance(own, tuple) and _checker(own) is accept


def _walk_run(whole: str, n: int, own: tuple) -> list[tuple[RelCell, ...]]:
    """:func:`_walk` of one unsigned digit run as ``n`` > 1 cells, pruned by the identities ``own``
    of :func:`_checker`, on the values alone (perf only: the same readings in the same order)."""
    sizes = _sum_blocks(own, n)
    found = _walk_blocks(whole, sizes) if sizes is not None else None
    if found is None:
        return _walk_run_dfs(whole, n, own)
    out = []
    for starts in found:
        ends = starts[1:] + (len(whole),)
        out.append(tuple([(0, int(whole[a:b]), whole[a:b], a, b, "split") for a, b in zip(starts, ends, strict=True)]))
    return out


def _sum_blocks(own: tuple, n: int) -> tuple[int, ...] | None:
    """Cells per block when the identities ``own`` (of :func:`_checker`) say exactly: the ``n`` cells
    form consecutive blocks, the last cell of each the sum of the block's others (T3-I2, T4-I1)."""
    start, sizes = 0, []
    for last, lhs, rhs in sorted(own):
        if lhs != (last,) or rhs != tuple(range(start, last)) or last == start:
            return None
        sizes.append(last - start + 1)
        start = last + 1
    return tuple(sizes) if sizes and start == n else None


class _TooMany(Exception):
    """More readings than ``MAX_CANDIDATES``: the walk lists (and cuts) them in its own order."""


def _walk_blocks(whole: str, sizes: tuple[int, ...]) -> list[tuple[int, ...]] | None:
    """Every reading of a digit run as blocks of ``sizes`` cells, the last cell of each block the sum
    of the others, as the cells' start offsets in :func:`_walk_run_dfs`'s order (``None`` past
    ``MAX_CANDIDATES``). Each block's total is chosen first, then the cells before it summing to it:
    a cell is at least its digits' sum, so a branch stops once its sum cannot stay within the total."""
    size = len(whole)
    dsum = [0] * (size + 1)  # dsum[i]: the sum of the digits of whole[i:]
    for i in range(size - 1, -1, -1):
        dsum[i] = dsum[i + 1] + ord(whole[i]) - 48
    found: list[tuple[int, ...]] = []
    starts: list[int] = []

    def cells(p: int, s: int, k: int, budget: int, then: Callable[[], None]) -> None:
        """Read whole[p:s] as ``k`` cells summing to ``budget``; ``then()`` after each (starts in ``starts``)."""
        if k == 1:
            if (s - p == 1 or whole[p] != "0") and int(whole[p:s]) == budget:
                starts.append(p)
                then()
                starts.pop()
            return
        for q in range(p + 1, s - k + 2):  # the first cell is whole[p:q]
            if q - p > 1 and whole[p] == "0":
                break
            v = int(whole[p:q])
            if v + dsum[q] - dsum[s] > budget:  # grows with q: no longer first cell fits either
                break
            starts.append(p)
            if k > 2:
                cells(q, s, k - 1, budget - v, then)
            elif (s - q == 1 or whole[q] != "0") and int(whole[q:s]) == budget - v:  # the last cell: the rest
                starts.append(q)
                then()
                starts.pop()
            starts.pop()

    def block(b: int, p: int) -> None:
        if b == len(sizes):
            if len(found) >= MAX_CANDIDATES:
                raise _TooMany
            found.append(tuple(starts))
            return
        k = sizes[b] - 1
        later = sum(sizes[b + 1:])
        for e in (range(p + k + 1, size - later + 1) if later else (size,)):  # the block is whole[p:e]
            for s in range(p + k, e):  # its total is whole[s:e]
                if e - s > 1 and whole[s] == "0":
                    continue
                total = int(whole[s:e])
                if dsum[p] - dsum[s] > total:
                    continue

                def then(s: int = s, e: int = e) -> None:
                    starts.append(s)
                    block(b + 1, e)
                    starts.pop()

                cells(p, s, k, total, then)

    try:
        block(0, 0)
    except _TooMany:
        return None
    found.sort()  # the walk's order: by the first cut, then the next…
    return found


def _walk_run_dfs(whole: str, n: int, own: tuple) -> list[tuple[RelCell, ...]]:
    """:func:`_walk_run` as a depth-first walk over the cuts (any identities ``own``)."""
    by_last: dict[int, list[tuple[tuple[int, ...], tuple[int, ...]]]] = {}
    for last, lhs, rhs in own:
        by_last.setdefault(last, []).append((lhs, rhs))
    out: list[tuple[RelCell, ...]] = []
    vals: list[int] = []
    cuts: list[int] = []
    size = len(whole)

    def rec(p: int) -> None:
        if len(out) >= MAX_CANDIDATES:
            return
        j = len(vals)  # the cell placed now
        left = n - j
        rem = size - p
        # the lengths that leave a digit for each cell after this one (the last takes the rest)
        for ln in range(rem, rem + 1) if left == 1 else range(1, rem - left + 2):
            if ln > 1 and whole[p] == "0":
                break
            r2 = rem - ln
            vals.append(int(whole[p:p + ln]))
            cuts.append(p)
            ok = True
            for lhs, rhs in by_last.get(j, ()):
                if sum([vals[k] for k in lhs]) != sum([vals[k] for k in rhs]):
                    ok = False
                    break
            if ok:
                if r2:
                    rec(p + ln)
                elif len(out) < MAX_CANDIDATES:
                    ends = cuts[1:] + [size]
                    out.append(tuple([(0, v, whole[a:b], a, b, "split") for v, a, b in zip(vals, cuts, ends, strict=True)]))
            vals.pop()
            cuts.pop()

    rec(0)
    return out


@lru_cache(maxsize=8192)
def _token_reading(text: str, kind: str, k: int, how: str) -> tuple[tuple, ...] | None:
    """The cells of a token's only reading as ``k`` cells (offsets from its start), or None."""
    if kind == "digits" and text.isascii() and text.isdigit():  # what _walk reads, without the walk (perf only)
        if k == len(text):  # a digit per cell
            read = how if k == 1 else "split"
            return tuple([(int(ch), ch, i, i + 1, read) for i, ch in enumerate(text)])
        if k == 1:  # the whole run, unless a leading zero forbids it
            return ((int(text), text, 0, len(text), how),) if len(text) == 1 or text[0] != "0" else None
    r = _walk([Tok(text, 0, len(text), kind)], k, how, None)
    if len(r) != 1:
        return None
    return tuple((c.value, c.raw, c.start, c.end, c.read) for c in r[0])


def _walk(toks: list[Tok], n: int, how: str, accept) -> list[Candidate]:
    """Depth-first over cell boundaries inside the tokens (no leading zeros), pruned by ``accept``."""
    out: list[Candidate] = []
    m = len(toks)
    later_min = [m - i - 1 for i in range(m)]
    later_max = [sum(t.max_cells for t in toks[i + 1:]) for i in range(m)]
    info = []
    for t in toks:
        if t.max_cells == 1 and t.kind != "digits":
            info.append(None)
            continue
        body = t.text.lstrip("-")
        whole, _, frac = body.partition(".")
        info.append((t.text.startswith("-"), len(t.text) - len(body), whole, frac))
    cells: list[CellRead] = []

    def rec(ti: int, p: int) -> None:
        if len(out) >= MAX_CANDIDATES:
            return
        if ti == m:
            if len(cells) == n:
                out.append(tuple(cells))
            return
        t = toks[ti]
        left = n - len(cells)
        inf = info[ti]
        if inf is None:
            if not (1 + later_min[ti] <= left <= 1 + later_max[ti]):
                return
            cells.append(_tok_reads(t, 1, how)[0][0])
            if accept is None or accept(cells):
                rec(ti + 1, 0)
            cells.pop()
            return
        neg, off, whole, frac = inf
        rem = len(whole) - p
        lo_need = later_min[ti]
        hi_can = later_max[ti]
        for ln in range(1, rem + 1):
            if ln > 1 and whole[p] == "0":
                break
            r2 = rem - ln
            if not ((1 if r2 else 0) + lo_need <= left - 1 <= r2 + hi_can):
                continue
            digits = whole[p:p + ln]
            last = r2 == 0
            first = p == 0
            fr = last and frac
            raw = ("-" if neg and first else "") + digits + ("." + frac if fr else "")
            val: int | float = float(digits + "." + frac) if fr else int(digits)
            if neg and first:
                val = -val
            if t.start is None:
                start = end = None
            else:
                start = t.start + (0 if first else off + p)
                end = t.start + off + p + ln + (len(frac) + 1 if fr else 0)
            read = (how if t.kind == "digits" else "cell") if first and last else "split"
            cells.append(CellRead(val, raw, start, end, read))
            if accept is None or accept(cells):
                rec(ti + 1, 0) if last else rec(ti, p + ln)
            cells.pop()

    rec(0, 0)
    return out


@lru_cache(maxsize=512)
def prefix_checker(row: str, cols: tuple[str, ...], idents: tuple[Identity, ...]):
    """``accept(prefix)`` for a row's own identities: reject as soon as one is fully read and false."""
    own = []
    idx = {c: j for j, c in enumerate(cols)}
    for i in idents:
        if {r for r, _ in i.cells} != {row}:
            continue
        lhs = tuple(idx[c] for _, c in i.lhs if c in idx)
        rhs = tuple(idx[c] for _, c in i.rhs if c in idx)
        if len(lhs) + len(rhs) == len(i.cells):
            own.append((max(lhs + rhs), lhs, rhs))
    return _checker(tuple(own)) if own else None


@lru_cache(maxsize=64)
def _checker(own: tuple):
    def accept(prefix: list[CellRead]) -> bool:
        k = len(prefix) - 1
        for last, lhs, rhs in own:
            if last != k:
                continue
            vals = [prefix[j].value for j in lhs + rhs]
            if any(v is None for v in vals):
                continue
            if sum(prefix[j].value for j in lhs) != sum(prefix[j].value for j in rhs):  # type: ignore[misc]
                return False
        return True

    accept.key = own  # type: ignore[attr-defined]
    return accept


def fixed_candidate(cells: list[CellRead], n: int) -> Candidate:
    cells = list(cells[:n])
    while len(cells) < n:
        cells.append(CellRead(None, "", None, None, "missing"))
    return tuple(cells)


def plausibility(c: Candidate) -> tuple:
    """Lower is more plausible: short numbers, the longest ones towards the end (totals)."""
    # fields by index (raw = 1, read = 4): the same key with fewer attribute lookups (perf only)
    lens = [len(x[1].lstrip("-")) for x in c]
    n = len(c)
    gap = 0  # a dropped cell: last first
    for j, x in enumerate(c):
        if x[4] == "missing":
            gap += n - j
    return (max(lens, default=0), gap, tuple([-x for x in lens[::-1]]))


@dataclass
class RowChoice:
    chosen: Candidate
    status: str  # unique | identities | narrative | ambiguous | inconsistent
    candidates: list[Candidate] = field(default_factory=list)
    note: str = ""


def _side_sum(idx: tuple[int | None, ...], cand: Candidate) -> int | float | None:
    total = 0
    for j in idx:
        if j is None or j >= len(cand):
            return None
        v = cand[j].value
        if v is None:
            return None
        total += v
    return total


def _holds(lhs: tuple[int | None, ...], rhs: tuple[int | None, ...], cand: Candidate) -> bool | None:
    """Whether a one-row identity holds (None when a cell is blank); its cells are the column indexes ``lhs``/``rhs``."""
    ls = _side_sum(lhs, cand)
    if ls is None:
        return None
    rs = _side_sum(rhs, cand)
    if rs is None:
        return None
    return abs(ls - rs) < 1e-9


def solve_reference(cands: dict[str, list[Candidate]], cols: dict[str, tuple[str, ...]], idents: Iterable[Identity],
                    narrative: frozenset[int] | dict[str, frozenset[int]] = frozenset(),
                    prefer: Callable[[str, Candidate], tuple] | None = None) -> dict[str, RowChoice]:
    """Choose one candidate per row (see module docstring): the plain reference.

    :func:`gxreview.tables.solver.solve` gives the same choices faster (and hands back to this one
    when it cannot be exact)."""
    idents = [i for i in idents if all(r in cands for r, _ in i.cells)]
    colidx = {r: {c: j for j, c in enumerate(cs)} for r, cs in cols.items()}

    def narr(r: str, cand: Candidate) -> int:
        return _narr(cand, narrative.get(r, frozenset()) if isinstance(narrative, dict) else narrative)

    pkeys: dict[tuple[str, int], tuple] = {}  # memo: candidates live in ``cands`` for the whole solve

    def pkey(r: str, cand: Candidate) -> tuple:
        key = (r, id(cand))
        v = pkeys.get(key)
        if v is None:
            v = pkeys[key] = ((prefer(r, cand) if prefer else ()), plausibility(cand))
        return v

    intra: dict[str, list[Identity]] = {r: [] for r in cands}
    cross: list[Identity] = []
    for i in idents:
        rows_of = {rr for rr, _ in i.cells}
        if len(rows_of) == 1:
            intra.setdefault(next(iter(rows_of)), []).append(i)
        else:
            cross.append(i)
    pools: dict[str, list[Candidate]] = {}
    violating: set[str] = set()
    for r, cs in cands.items():
        if len(cs) <= 1:
            pools[r] = list(cs)
            continue
        own = [(tuple(colidx[rr].get(cc) for rr, cc in i.lhs), tuple(colidx[rr].get(cc) for rr, cc in i.rhs))
               for i in intra[r]]  # identities over column indexes resolved once (perf only)
        ok = [c for c in cs if all(_holds(lhs, rhs, c) is not False for lhs, rhs in own)]
        if not ok:
            ok = list(cs)
            if len(cs) > 0 and intra[r]:
                violating.add(r)
        pools[r] = ok
    multi = [r for r, p in pools.items() if len(p) > 1]
    fixed = {r: p[0] for r, p in pools.items() if len(p) == 1}

    scored: list[tuple[tuple[tuple[str, int | None], ...], tuple[tuple[str, int | None], ...]]] | None = None

    def resolve() -> None:
        nonlocal scored
        if scored is None:
            scored = [(tuple((r, colidx[r].get(c)) for r, c in i.lhs), tuple((r, colidx[r].get(c)) for r, c in i.rhs))
                      for i in (*cross, *(i for r in violating for i in intra[r]))]

    def score(assign: dict[str, Candidate]) -> int:
        """How many cross-row identities (and own identities of violating rows) hold (sums of both
        sides over column indexes resolved once)."""
        resolve()
        s = 0
        for lhs, rhs in scored:
            sums = []
            for side in (lhs, rhs):
                total = 0
                for r, j in side:
                    cand = assign[r]
                    if j is None or j >= len(cand):
                        break
                    v = cand[j].value
                    if v is None:
                        break
                    total += v
                else:
                    sums.append(total)
                    continue
                break
            if len(sums) == 2 and abs(sums[0] - sums[1]) < 1e-9:
                s += 1
        return s

    def row_scores(assign: dict[str, Candidate], r: str, options: list[Candidate]) -> list[int]:
        return [score({**assign, r: c}) for c in options]

    relevant = [r for r in multi if any(r in {rr for rr, _ in i.cells} for i in cross) or r in violating]
    independent = [r for r in multi if r not in relevant]
    base = dict(fixed)
    for r in independent:
        base[r] = min(pools[r], key=lambda c, r=r: pkey(r, c))
    n_combos = combinations(pools, relevant)
    enumerated = n_combos <= MAX_COMBOS
    # enumerated: the pool indexes of every top-scoring combination (``itertools.product`` order) and
    # the index tuple chosen among them
    ties: list[tuple[int, ...]] = []
    win: tuple[int, ...] = ()
    if enumerated:
        top = -1
        for combo in itertools.product(*(range(len(pools[r])) for r in relevant)):
            assign = dict(base)
            assign.update((r, pools[r][n]) for r, n in zip(relevant, combo, strict=True))
            sc = score(assign)
            if sc > top:
                top, ties = sc, [combo]
            elif sc == top:
                ties.append(combo)
        win = min(ties, key=lambda t: [pkey(r, pools[r][n]) for r, n in zip(relevant, t, strict=True)])
        chosen = dict(base)
        chosen.update((r, pools[r][n]) for r, n in zip(relevant, win, strict=True))
    else:  # coordinate descent from the most plausible reading of every row
        assign = dict(base)
        for r in relevant:
            assign[r] = min(pools[r], key=lambda c, r=r: pkey(r, c))
        ordered_by = {r: sorted(pools[r], key=lambda c, r=r: pkey(r, c)) for r in relevant}
        cur = None  # score(assign), recomputed only after ``assign`` changes (perf only)
        for _ in range(3):
            changed = False
            for r in relevant:
                if cur is None:
                    cur = score(assign)
                ordered = ordered_by[r]
                # the loop "take c when it scores strictly above the best so far" ends on the first
                # candidate (in plausibility order) with the row's top score, if that beats ``cur``
                row_sc = row_scores(assign, r, ordered)
                top_r = max(row_sc, default=cur)
                if top_r > cur:
                    assign[r] = ordered[row_sc.index(top_r)]
                    changed = True
                    cur = None
            if not changed:  # a pass that changes nothing would repeat itself exactly (perf only)
                break
        chosen = assign
    top_score = score(chosen)

    def tie_readings(r: str, only_with_win: bool) -> list[Candidate]:
        """Readings of ``r`` in the top-scoring combinations (those agreeing with the chosen one on
        every other row when ``only_with_win``), first occurrence order."""
        i = relevant.index(r)
        seen: list[int] = []
        for t in ties:
            if t[i] not in seen and (not only_with_win or all(t[j] == win[j] for j in range(len(relevant)) if j != i)):
                seen.append(t[i])
        return [pools[r][n] for n in seen]

    def options_of(r: str) -> list[Candidate]:
        if r in independent:
            return list(pools[r])
        if enumerated:
            return tie_readings(r, True)
        row_sc = row_scores(chosen, r, pools[r])
        return [c for c, sc in zip(pools[r], row_sc, strict=True) if sc == top_score]

    options_by = {r: options_of(r) for r in multi}

    def joint_options(r: str) -> list[Candidate]:
        """Every reading of ``r`` in some top-scoring combination (rows may be ambiguous only
        together: "000110011" in 一, （六）3 and （七） read 11 or 1|10 in all three at once)."""
        if r in independent or r not in relevant or not enumerated:
            return options_by.get(r, [chosen[r]])  # a row its own identities narrowed to one reading
        return tie_readings(r, False)
    by_narrative: set[str] = set()
    for r in (m for m in multi if m not in violating):  # a reading the narrative supports beats a plausible one
        opts = options_by[r]
        # ``pkey(r, o)[0]`` without computing the plausibility part (perf only)
        prefs = [pkeys[(r, id(o))][0] if (r, id(o)) in pkeys else (prefer(r, o) if prefer else ()) for o in opts]
        pref = min(prefs, default=())
        opts = [o for o, p in zip(opts, prefs, strict=True) if p == pref]
        ns = [narr(r, o) for o in opts]
        top = min(ns, default=0)
        sup = [o for o, n in zip(opts, ns, strict=True) if n == top]
        nums_r = narrative.get(r, frozenset()) if isinstance(narrative, dict) else narrative
        if top < 0 and len(sup) == 1 and _strong(sup[0], nums_r):
            chosen = {**chosen, r: sup[0]}
            by_narrative.add(r)
        elif top < 0 and len(sup) > 1 and r in independent and all(_strong(o, nums_r) for o in sup):
            # the narrative narrows the readings without deciding: the most plausible supported one
            chosen = {**chosen, r: min(sup, key=lambda c, r=r: pkey(r, c))}
    out: dict[str, RowChoice] = {}
    for r in cands:
        options = options_by.get(r, [chosen[r]] if r in chosen else [])
        if len(cands[r]) == 1:
            out[r] = RowChoice(cands[r][0], "unique", [])
        elif r in violating:
            row_sc = row_scores(chosen, r, pools[r])
            order = sorted(range(len(pools[r])), key=lambda n, r=r: (-row_sc[n], pkey(r, pools[r][n])))
            alts = [pools[r][n] for n in order[:10]]
            out[r] = RowChoice(chosen[r], "inconsistent", alts)
        elif len(options) == 1 and len(joint := joint_options(r)) > 1:
            out[r] = RowChoice(chosen[r], "ambiguous", sorted(joint, key=lambda c, r=r: pkey(r, c))[:50],
                               "several rows can be read together in more than one consistent way")
        elif len(options) == 1:
            out[r] = RowChoice(chosen[r], "unique" if len(pools[r]) == 1 and not intra[r] else "identities", [])
        else:
            if r in by_narrative:
                out[r] = RowChoice(chosen[r], "narrative", options[:50])
            else:
                out[r] = RowChoice(chosen[r], "ambiguous", sorted(options, key=lambda c, r=r: pkey(r, c))[:50])
    return out


def _narr(c: Candidate, nums: frozenset[int]) -> int:
    """Minus the number of cells (value >= 2) that the narrative states."""
    if not nums:
        return 0
    n = 0
    for x in c:  # a plain loop over the value field (perf only; the same count)
        v = x[0]
        if isinstance(v, int) and v >= 2 and v in nums:
            n += 1
    return -n


def _strong(c: Candidate, nums: frozenset[int]) -> bool:
    """Narrative support counts only when it includes a figure of two digits or more."""
    return any(isinstance(x.value, int) and x.value >= 10 and x.value in nums for x in c)

