"""The fast path of :func:`split.solve_reference`: the same choices, scored with exact integers.

Every scored identity is a sum of per-row parts (a row's signed cells in it; ``None`` when one is
blank), so the score of each reading of a row against the others needs only the running totals of
the identities the row is in, and an index "part → readings" answers "which readings close this
identity" without trying them all. Rows are handled by their pool index, and a reading's
plausibility key is computed once. When a value is not a small integer (a decimal, a run of 14+
digits), when a row has no reading or lacks its columns, the reference decides: its float sums
are what this path would otherwise have to reproduce.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .spec import Identity
from .split import (
    MAX_COMBOS,
    Candidate,
    RowChoice,
    _holds,
    _narr,
    _strong,
    combinations,
    plausibility,
    solve_reference,
)

_VECTOR_FROM = 64  # enumerations larger than this are scored with numpy (same result, faster)
EXACT_LIMIT = 1 << 44  # |value| below this: the reference's float64 sums are exact too
Entries = tuple[tuple[str, tuple[tuple[int | None, int], ...]], ...]  # (row, ((column index, sign), ...)), ...


class _Inexact(Exception):
    """A value the integer path does not score exactly as the reference does."""


@dataclass(frozen=True)
class _Plan:
    """What a solve derives from the rows, columns and identities alone (memoised per table layout)."""

    idents: tuple[Identity, ...]  # the object the plan was made for (kept alive: its id is the key)
    own: dict[str, tuple[tuple[tuple[int | None, ...], tuple[int | None, ...]], ...]]  # row: own identities, column indexes
    own_entries: dict[str, tuple[Entries, ...]]  # row: own identities as entries
    cross: tuple[Entries, ...]  # identities over several rows
    in_cross: frozenset[str]


_PLANS: dict[tuple, _Plan] = {}


def _entries(i: Identity, colidx: dict[str, dict[str, int]]) -> Entries:
    """An identity as its rows' signed cells, grouped per row (first-seen order)."""
    per: dict[str, list[tuple[int | None, int]]] = {}
    for sign, side in ((1, i.lhs), (-1, i.rhs)):
        for r, c in side:
            per.setdefault(r, []).append((colidx[r].get(c), sign))
    return tuple((r, tuple(js)) for r, js in per.items())


def _plan(cands: dict[str, list[Candidate]], cols: dict[str, tuple[str, ...]], idents: tuple[Identity, ...]) -> _Plan:
    key = (id(idents), tuple(cands), tuple(cols[r] for r in cands))
    plan = _PLANS.get(key)
    if plan is not None and plan.idents is idents:
        return plan
    present = [i for i in idents if all(r in cands for r, _ in i.cells)]
    colidx = {r: {c: j for j, c in enumerate(cols[r])} for r in cands}
    own: dict[str, list] = {r: [] for r in cands}
    own_entries: dict[str, list] = {r: [] for r in cands}
    cross = []
    for i in present:
        rows_of = {r for r, _ in i.cells}
        if len(rows_of) == 1:
            r = next(iter(rows_of))
            own[r].append((tuple(colidx[r].get(c) for _, c in i.lhs), tuple(colidx[r].get(c) for _, c in i.rhs)))
            own_entries[r].append(_entries(i, colidx))
        else:
            cross.append(_entries(i, colidx))
    plan = _Plan(idents, {r: tuple(v) for r, v in own.items()}, {r: tuple(v) for r, v in own_entries.items()},
                 tuple(cross), frozenset(r for e in cross for r, _ in e))
    if len(_PLANS) > 64:
        _PLANS.clear()
    _PLANS[key] = plan
    return plan


def _parts(c: Candidate, jss: list[tuple[tuple[int | None, int], ...]]) -> tuple[int | None, ...]:
    """A reading's part of each identity ``jss`` (see :func:`_part`); raises :class:`_Inexact` on a
    value that is not a small integer."""
    vals = [x[0] for x in c]
    for v in vals:
        if v is not None and (type(v) is not int or not -EXACT_LIMIT < v < EXACT_LIMIT):
            raise _Inexact
    n = len(vals)
    out: list[int | None] = []
    for js in jss:
        s: int | None = 0
        for j, sign in js:
            if j is None or j >= n or vals[j] is None:
                s = None
                break
            s += vals[j] if sign > 0 else -vals[j]  # type: ignore[operator]
        out.append(s)
    return tuple(out)


def _part_index(parts: list[tuple[int | None, ...]], width: int) -> list[dict[int, list[int]]]:
    """Per identity: part value → the readings with that part."""
    idx: list[dict[int, list[int]]] = [{} for _ in range(width)]
    for i, ps in enumerate(parts):
        for k, m in enumerate(ps):
            if m is not None:
                idx[k].setdefault(m, []).append(i)
    return idx


class _Scores:
    """Scores of assignments (pool index per relevant row) by running per-identity totals."""

    def __init__(self, ids: list[Entries], fixed: dict[str, Candidate], pools: dict[str, list[Candidate]],
                 relevant: list[str], infos: dict[str, _RowInfo]) -> None:
        self.relevant = relevant
        self.const = [0] * len(ids)  # the fixed rows' part
        self.dead = [0] * len(ids)  # 1 when a fixed row's cell in it is blank
        self.touch: dict[str, list[int]] = {r: [] for r in relevant}  # row: identities it is in
        self.members: list[list[tuple[str, int]]] = [[] for _ in ids]  # identity: (row, position in touch[row])
        js_of: dict[str, list] = {r: [] for r in relevant}
        fixed_js: dict[str, list[tuple[int, tuple[tuple[int | None, int], ...]]]] = {}
        for q, ent in enumerate(ids):
            for r, js in ent:
                if r in self.touch:
                    self.members[q].append((r, len(self.touch[r])))
                    self.touch[r].append(q)
                    js_of[r].append(js)
                else:
                    fixed_js.setdefault(r, []).append((q, js))
        for r, qjs in fixed_js.items():  # a fixed row's parts of all its identities at once (integers: any order)
            for (q, _), v in zip(qjs, _parts(fixed[r], [js for _, js in qjs]), strict=True):
                if v is None:
                    self.dead[q] = 1
                else:
                    self.const[q] += v
        self.parts: dict[str, list[tuple[int | None, ...]]] = {}
        self._index: dict[str, list[dict[int, list[int]]]] = {}
        self._keys: dict[str, tuple[_RowInfo, tuple]] = {}  # where a row's index is memoised
        for r in relevant:
            jss = tuple(js_of[r])
            info = infos[r]
            parts = info.parts.get(jss)
            if parts is None:
                parts = info.parts[jss] = [_parts(c, jss) for c in pools[r]]
            self.parts[r] = parts
            self._keys[r] = (info, jss)
        self.sel: dict[str, int] = {}
        self.tot: list[int] = []
        self.nn: list[int] = []
        self.score = 0

    def full(self, sel: dict[str, int]) -> int:
        """The score of an assignment."""
        s = 0
        parts = self.parts
        for q, mem in enumerate(self.members):
            if self.dead[q]:
                continue
            t = self.const[q]
            for r, k in mem:
                m = parts[r][sel[r]][k]
                if m is None:
                    break
                t += m
            else:
                if t == 0:
                    s += 1
        return s

    def start(self, sel: dict[str, int]) -> None:
        """Make ``sel`` the current assignment (running totals from scratch)."""
        self.sel = dict(sel)
        self.tot = list(self.const)
        self.nn = list(self.dead)
        for r in self.relevant:
            for q, m in zip(self.touch[r], self.parts[r][sel[r]], strict=True):
                if m is None:
                    self.nn[q] += 1
                else:
                    self.tot[q] += m
        self.score = sum(1 for t, n in zip(self.tot, self.nn, strict=True) if n == 0 and t == 0)

    def _held(self, r: str) -> int:
        return sum(1 for q in self.touch[r] if self.nn[q] == 0 and self.tot[q] == 0)

    def move(self, r: str, i: int) -> None:
        """Give row ``r`` its reading ``i`` in the current assignment."""
        before = self._held(r)
        tot, nn = self.tot, self.nn
        for q, a, b in zip(self.touch[r], self.parts[r][self.sel[r]], self.parts[r][i], strict=True):
            if a is None:
                nn[q] -= 1
            else:
                tot[q] -= a
            if b is None:
                nn[q] += 1
            else:
                tot[q] += b
        self.sel[r] = i
        self.score += self._held(r) - before

    def row(self, r: str) -> list[int]:
        """The score of the current assignment with each reading of ``r`` in turn."""
        cur = self.parts[r][self.sel[r]]
        counts = [self.score - self._held(r)] * len(self.parts[r])
        ixs = self._index.get(r)
        if ixs is None:  # built when a row is first scored this way (the enumerations do not need it)
            info, jss = self._keys[r]
            ixs = info.index.get(jss)
            if ixs is None:
                ixs = info.index[jss] = _part_index(self.parts[r], len(jss))
            self._index[r] = ixs
        for q, m, ix in zip(self.touch[r], cur, ixs, strict=True):
            if self.nn[q] - (m is None) == 0:
                for i in ix.get((m or 0) - self.tot[q], ()):
                    counts[i] += 1
        return counts


def solve(cands: dict[str, list[Candidate]], cols: dict[str, tuple[str, ...]], idents: Iterable[Identity],
          narrative: frozenset[int] | dict[str, frozenset[int]] = frozenset(),
          prefer: Callable[[str, Candidate], tuple] | None = None) -> dict[str, RowChoice]:
    """Choose one candidate per row: exactly :func:`split.solve_reference`'s choices."""
    idents = idents if isinstance(idents, tuple) else tuple(idents)
    if all(len(cs) == 1 for cs in cands.values()):
        return {r: RowChoice(cs[0], "unique", []) for r, cs in cands.items()}
    if any(not cs for cs in cands.values()) or any(r not in cols for r in cands):
        return solve_reference(cands, cols, idents, narrative, prefer)
    try:
        return _solve(cands, _plan(cands, cols, idents), narrative, prefer)
    except _Inexact:
        return solve_reference(cands, cols, idents, narrative, prefer)


class _RowInfo:
    """What a solve derives from one row's readings: the pool its own identities allow, and the
    plausibility keys and identity parts of that pool, each computed once."""

    __slots__ = ("keep", "violating", "pks", "parts", "index")

    def __init__(self, cs: list[Candidate], own: tuple) -> None:
        self.keep: list[int] | None = None  # the readings its own identities allow (None: all)
        self.violating = False  # no reading satisfies its own identities
        if len(cs) > 1 and own:
            ok = [i for i, c in enumerate(cs) if all(_holds(lhs, rhs, c) is not False for lhs, rhs in own)]
            if not ok:
                self.violating = True
            elif len(ok) < len(cs):
                self.keep = ok
        self.pks: list[tuple] | None = None  # plausibility keys of the pool
        self.parts: dict[tuple, list[tuple[int | None, ...]]] = {}  # identities' entries -> parts per reading
        self.index: dict[tuple, list[dict[int, list[int]]]] = {}  # the same -> part value -> readings


def _solve(cands: dict[str, list[Candidate]], plan: _Plan, narrative: frozenset[int] | dict[str, frozenset[int]],
           prefer: Callable[[str, Candidate], tuple] | None) -> dict[str, RowChoice]:
    pools: dict[str, list[Candidate]] = {}
    infos: dict[str, _RowInfo] = {}
    violating: list[str] = []
    for r, cs in cands.items():
        info = infos[r] = _RowInfo(cs, plan.own[r])
        pools[r] = cs if info.keep is None else [cs[i] for i in info.keep]
        if info.violating:
            violating.append(r)
    multi = [r for r, p in pools.items() if len(p) > 1]

    def pk(r: str) -> list[tuple]:
        """The plausibility keys of a row's pool (``split.solve_reference``'s ``pkey``)."""
        info = infos[r]
        if info.pks is None:
            info.pks = [((prefer(r, c) if prefer else ()), plausibility(c)) for c in pools[r]]
        return info.pks

    def best(r: str, among: Iterable[int]) -> int:
        """The first most plausible of the readings ``among`` (in their order)."""
        keys = pk(r)
        return min(among, key=keys.__getitem__)

    vio = set(violating)
    relevant = [r for r in multi if r in plan.in_cross or r in vio]
    rel = set(relevant)
    independent = [r for r in multi if r not in rel]
    sel: dict[str, int] = {r: 0 for r, p in pools.items() if len(p) == 1}
    for r in independent:
        sel[r] = best(r, range(len(pools[r])))
    ids = list(plan.cross) + [e for r in violating for e in plan.own_entries[r]]
    sc = _Scores(ids, {r: pools[r][i] for r, i in sel.items()}, pools, relevant, infos)
    n_combos = combinations(pools, relevant)
    enumerated = n_combos <= MAX_COMBOS
    ties: object = None
    win: tuple[int, ...] = ()
    if enumerated and n_combos > _VECTOR_FROM:
        ties, win_actual = _enumerate_vectorised(sc, relevant, pools, pk)
        sel.update(zip(relevant, win_actual, strict=True))
        # the reference names the winner by ``pools[r].index(reading)``: the first equal reading
        win = tuple(pools[r].index(pools[r][i]) for r, i in zip(relevant, win_actual, strict=True))
        sc.start({r: sel[r] for r in relevant})
    elif enumerated:
        top = -1
        tl: list[tuple[int, ...]] = []
        for combo in itertools.product(*(range(len(pools[r])) for r in relevant)):
            s = sc.full(dict(zip(relevant, combo, strict=True)))
            if s > top:
                top, tl = s, [combo]
            elif s == top:
                tl.append(combo)
        keys = [pk(r) for r in relevant]
        win = min(tl, key=lambda t: [k[n] for k, n in zip(keys, t, strict=True)])
        ties = tl
        sel.update(zip(relevant, win, strict=True))
        sc.start({r: sel[r] for r in relevant})
    else:
        sc.start({r: best(r, range(len(pools[r]))) for r in relevant})
        for _ in range(3):  # coordinate descent from the most plausible reading of every row
            changed = False
            for r in relevant:
                row_sc = sc.row(r)
                top_r = max(row_sc)
                if top_r > sc.score:
                    sc.move(r, best(r, (i for i, s in enumerate(row_sc) if s == top_r)))
                    changed = True
            if not changed:
                break
        sel.update(sc.sel)
    top_score = sc.score

    def tie_readings(r: str, only_with_win: bool) -> list[int]:
        return _tie_readings(ties, win, relevant.index(r), only_with_win)

    def options_of(r: str) -> list[int]:
        if r not in rel:
            return list(range(len(pools[r])))
        if enumerated:
            return tie_readings(r, True)
        return [i for i, s in enumerate(sc.row(r)) if s == top_score]

    options_by = {r: options_of(r) for r in multi}
    by_narrative: set[str] = set()
    for r in (m for m in multi if m not in vio):  # a reading the narrative supports beats a plausible one
        keys = pk(r)
        opts = options_by[r]
        pref = min((keys[o][0] for o in opts), default=())
        opts = [o for o in opts if keys[o][0] == pref]
        nums_r = narrative.get(r, frozenset()) if isinstance(narrative, dict) else narrative
        ns = [_narr(pools[r][o], nums_r) for o in opts]
        top = min(ns, default=0)
        sup = [o for o, n in zip(opts, ns, strict=True) if n == top]
        pick = None
        if top < 0 and len(sup) == 1 and _strong(pools[r][sup[0]], nums_r):
            pick = sup[0]
            by_narrative.add(r)
        elif top < 0 and len(sup) > 1 and r not in rel and all(_strong(pools[r][o], nums_r) for o in sup):
            pick = best(r, sup)  # the narrative narrows the readings without deciding
        if pick is not None:
            sel[r] = pick
            if r in rel:
                sc.move(r, pick)
    out: dict[str, RowChoice] = {}
    for r, cs in cands.items():
        pool = pools[r]
        if len(cs) == 1:
            out[r] = RowChoice(cs[0], "unique", [])
            continue
        chosen = pool[sel[r]]
        if r in vio:
            row_sc = sc.row(r)
            keys = pk(r)
            order = sorted(range(len(pool)), key=lambda n: (-row_sc[n], keys[n]))
            out[r] = RowChoice(chosen, "inconsistent", [pool[n] for n in order[:10]])
            continue
        if r not in options_by:  # its own identities narrowed it to one reading
            out[r] = RowChoice(chosen, "identities", [])
            continue
        options = options_by[r]
        keys = pk(r)
        if len(options) == 1:
            joint = tie_readings(r, False) if r in rel and enumerated else options
            if len(joint) > 1:
                out[r] = RowChoice(chosen, "ambiguous", [pool[n] for n in sorted(joint, key=keys.__getitem__)[:50]],
                                   "several rows can be read together in more than one consistent way")
            else:
                out[r] = RowChoice(chosen, "identities", [])
        elif r in by_narrative:
            out[r] = RowChoice(chosen, "narrative", [pool[n] for n in options[:50]])
        else:
            out[r] = RowChoice(chosen, "ambiguous", [pool[n] for n in sorted(options, key=keys.__getitem__)[:50]])
    return out


def _tie_readings(ties, win: tuple[int, ...], i: int, only_with_win: bool) -> list[int]:
    """Readings (pool indexes) of relevant row ``i`` in the top-scoring combinations (those agreeing
    with ``win`` on every other row when ``only_with_win``), first occurrence order."""
    if isinstance(ties, list):
        seen: dict[int, None] = {}
        for t in ties:
            if t[i] not in seen and (not only_with_win or all(t[j] == win[j] for j in range(len(win)) if j != i)):
                seen[t[i]] = None
        return list(seen)
    import numpy as np

    arr = ties
    if only_with_win:
        eq = arr == np.asarray(win)
        eq[:, i] = True
        arr = arr[eq.all(axis=1)]
    col = arr[:, i]
    _, first = np.unique(col, return_index=True)
    return [int(x) for x in col[np.sort(first)]]


def _enumerate_vectorised(sc: _Scores, relevant: list[str], pools: dict[str, list[Candidate]],
                          pk: Callable[[str], list[tuple]]) -> tuple[object, tuple[int, ...]]:
    """Every combination scored with numpy (exact: every value is below ``EXACT_LIMIT``).

    Returns (ties, winner): the pool indexes of every top-scoring combination in
    ``itertools.product`` order, and the first of them with the smallest plausibility keys."""
    import numpy as np

    k = len(sc.members)
    base = np.array([np.nan if d else float(c) for c, d in zip(sc.const, sc.dead, strict=True)]).reshape((1,) * len(relevant) + (k,))
    total = base
    for n, r in enumerate(relevant):
        part = np.zeros((len(pools[r]), k))
        for i, ps in enumerate(sc.parts[r]):
            for q, m in zip(sc.touch[r], ps, strict=True):
                part[i, q] = np.nan if m is None else m
        view = [1] * len(relevant) + [k]
        view[n] = len(pools[r])
        total = total + part.reshape(view)
    with np.errstate(invalid="ignore"):
        counts = (total == 0).sum(axis=-1)
    ties = np.argwhere(counts == counts.max())  # C order == itertools.product order
    return ties, _least_tie(ties, [pk(r) for r in relevant])


def _least_tie(ties, keys: list[list[tuple]]) -> tuple[int, ...]:
    """The first row of ``ties`` (pool indexes, one column per row) with the smallest keys, compared
    row by row as ``[keys[i][t[i]] for i ...]`` would be."""
    import numpy as np

    ranks = []  # dense ranks of the keys per row: comparing rank tuples == comparing key lists
    for ks in keys:
        pos = {key: n for n, key in enumerate(sorted(set(ks)))}
        ranks.append(np.array([pos[key] for key in ks]))
    rank_cols = [ranks[i][ties[:, i]] for i in range(len(keys))]
    first = np.lexsort(tuple(reversed(rank_cols))) if rank_cols else np.array([0])
    return tuple(int(x) for x in ties[first[0]])
