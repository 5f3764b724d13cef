"""The tables fast paths give exactly what the plain references give (corpus and random tables)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gxreview.tables import reader, solver
from gxreview.tables import spec as S
from gxreview.tables.split import CellRead, solve_reference

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpora").glob("*.txt")) + sorted((ROOT / "corpora" / "html").glob("*.html"))


def _solve_calls(paths) -> list[tuple]:
    """The arguments of every solve made while reading the tables of ``paths``."""
    from gxreview.io import load
    from gxreview.metadata import extract_info

    calls: list[tuple] = []
    real = reader.solve

    def spy(*args):
        calls.append(args)
        return real(*args)

    reader.solve = spy
    try:
        for p in paths:
            doc = load(p)
            reader.read_tables(doc, extract_info(doc).format)
    finally:
        reader.solve = real
    return calls


def _cell(v: int | float | None, read: str = "split") -> CellRead:
    if v is None:
        return CellRead(None, "", None, None, read if read != "split" else "missing")
    return CellRead(v, str(v), None, None, read)


def _reading(rng: random.Random, truth: list[int], blank: float) -> tuple[CellRead, ...]:
    """``truth`` perturbed: a cell off by a little, blanked, or shifted (what a wrong split looks like)."""
    vals: list[int | None] = list(truth)
    for j in range(len(vals)):
        u = rng.random()
        if u < blank:
            vals[j] = None
        elif u < blank + 0.25:
            vals[j] = max(0, (vals[j] or 0) + rng.choice((-10, -1, 1, 9, 10, 90)))
    if rng.random() < 0.2:
        vals = vals[1:] + vals[:1]
    return tuple(_cell(v, "missing" if v is None and rng.random() < 0.5 else "split") for v in vals)


def _random_applications(rng: random.Random, fmt: str) -> tuple:
    sp = S.applications_spec(fmt)
    leaves = S.leaf_rows(fmt)
    base = {r: [rng.choice((0, 0, 0, 1, 2, 3, 12)) for _ in range(6)] for r in leaves}
    r7 = [sum(base[r][j] for r in leaves) for j in range(6)]
    carry_out = [rng.choice((0, 0, 1, 2)) for _ in range(6)]
    carry_in = [rng.randint(0, min(3, r7[j] + carry_out[j])) for j in range(6)]
    truth = {**base, "new": [r7[j] + carry_out[j] - carry_in[j] for j in range(6)], "carry_in": carry_in, "r7": r7,
             "carry_out": carry_out}
    truth = {k: v + [sum(v)] for k, v in truth.items()}
    pool_max = rng.choice((2, 3, 6, 21))
    multi_share = rng.choice((0.1, 0.3, 0.8))
    blank = rng.choice((0.0, 0.05, 0.3))
    cands = {}
    for row in sp.rows:
        n = rng.randint(2, pool_max) if rng.random() < multi_share else 1
        readings = [_reading(rng, truth[row.key], blank) for _ in range(n)]
        if rng.random() < 0.5:
            readings.insert(rng.randrange(len(readings) + 1), tuple(_cell(v) for v in truth[row.key]))
        cands[row.key] = readings[:n] if rng.random() < 0.9 else readings
    cols = {k: S.T3_COLS for k in cands}
    narrative = frozenset(rng.sample(range(0, 120), rng.randint(0, 15)))
    return cands, cols, reader._idents("applications", fmt), narrative, None


def _random_appeals(rng: random.Random) -> tuple:
    truth: list[int] = []
    for _ in range(3):
        parts = [rng.choice((0, 0, 1, 2, 3, 12)) for _ in range(4)]
        truth += parts + [sum(parts)]
    n = rng.choice((1, 2, 5, 40, 120, 300))
    cands = {"_all": [_reading(rng, truth, rng.choice((0.0, 0.1))) for _ in range(n)]}
    cols = {k: reader._row_plans("appeals", "2021")[k][1] for k in cands}
    return cands, cols, reader._idents("appeals", "2021"), frozenset(), None


def _random_proactive(rng: random.Random) -> tuple:
    sp = S.proactive_spec("2021")
    cands = {}
    for row in sp.rows:
        k = len(sp.cols(row.key))
        cands[row.key] = [tuple(_cell(rng.choice((0, 1, 2, 5, 12, 30, 120)), "split") for _ in range(k))
                          for _ in range(rng.choice((1, 1, 2, 3, 6)))]
    cols = {k: sp.cols(k) for k in cands}
    narrative = {r.key: frozenset(rng.sample((1, 2, 5, 12, 30, 120), rng.randint(0, 3))) for r in sp.rows}
    return cands, cols, (), narrative, reader._prefer_proactive


def _same(args: tuple) -> None:
    ref = solve_reference(*args)
    fast = solver.solve(*args)
    assert list(fast) == list(ref)
    for r in ref:
        assert fast[r] == ref[r], (r, ref[r].status, fast[r].status)


@pytest.mark.parametrize("seed", range(12))
def test_fast_solve_matches_reference_on_random_tables(seed):
    rng = random.Random(seed)
    for _ in range(25):
        _same(_random_applications(rng, rng.choice(("2021", "2019"))))
        _same(_random_appeals(rng))
        _same(_random_proactive(rng))


def test_fast_solve_takes_every_path(monkeypatch):
    """The random tables above reach the descent, both enumerations and the violating rows."""
    seen = set()
    real = solver.combinations

    def spy(pools, relevant):  # the count the fast solver picks its path by
        combos = real(pools, relevant)
        seen.add("descent" if combos > solver.MAX_COMBOS else "numpy" if combos > solver._VECTOR_FROM else "product")
        return combos

    monkeypatch.setattr(solver, "combinations", spy)
    rng = random.Random(3)
    for _ in range(200):
        seen.update(ch.status for ch in solver.solve(*_random_applications(rng, "2021")).values())
    assert {"descent", "numpy", "product", "inconsistent", "ambiguous", "identities"} <= seen


def test_fast_solve_matches_reference_on_the_corpus():
    calls = _solve_calls(CORPUS)
    assert len(calls) > 100
    for args in calls:
        _same(args)


def test_rows_with_one_reading_read_no_narrative():
    """read_tables passes no narrative when every row has one reading: the choice is the same with any."""
    rng = random.Random(5)
    calls = [args for args in _solve_calls(CORPUS) if all(len(cs) == 1 for cs in args[0].values())]
    assert len(calls) > 50
    for cands, cols, idents, narrative, prefer in calls:
        assert narrative == frozenset()
        nums = frozenset(rng.sample(range(200), 60))
        for narr in (nums, {r: nums for r in cands}):
            for solve in (solve_reference, solver.solve):
                assert solve(cands, cols, idents, narr, prefer) == solve(cands, cols, idents, narrative, prefer)


def test_inexact_values_go_to_the_reference(monkeypatch):
    handed: list[int] = []

    def spy(*args):
        handed.append(1)
        return solve_reference(*args)

    monkeypatch.setattr(solver, "solve_reference", spy)
    rng = random.Random(7)
    cands, cols, idents, narrative, prefer = _random_applications(rng, "2021")
    decimal = tuple(_cell(v) for v in (0.5, 0, 0, 0, 0, 0, 0.5))
    huge = tuple(_cell(v) for v in (2 ** 60, 0, 0, 0, 0, 0, 2 ** 60))
    one = tuple(_cell(v) for v in (1, 0, 0, 0, 0, 0, 1))
    for row, odd in (("r1", decimal), ("new", huge)):
        handed.clear()
        _same(({**cands, row: [odd, one]}, cols, idents, narrative, prefer))
        assert handed == [1], row  # the fast path handed this solve to the reference


def test_a_row_its_own_identity_narrows_to_one_reading_is_not_an_error():
    """Two readings of 予以公开, only one with 总计 = the six columns: chosen by the identities (the
    reference raised KeyError here before)."""
    zero = tuple(_cell(0) for _ in range(7))
    cands = {r.key: [zero] for r in S.APPLICATIONS_2021.rows}
    good = tuple(_cell(v) for v in (1, 0, 0, 0, 0, 0, 1))
    cands["r1"] = [tuple(_cell(v) for v in (10, 0, 0, 0, 0, 0, 1)), good]
    cols = {k: S.T3_COLS for k in cands}
    for solve in (solve_reference, solver.solve):
        out = solve(cands, cols, reader._idents("applications", "2021"))
        assert out["r1"].chosen == good and out["r1"].status == "identities"


def test_tie_readings_list_and_numpy_agree_with_the_plain_loop():
    import numpy as np

    def plain(ties, win, i, only_with_win):  # split.solve_reference's tie_readings, on pool indexes
        seen: list[int] = []
        for t in ties:
            if t[i] not in seen and (not only_with_win or all(t[j] == win[j] for j in range(len(win)) if j != i)):
                seen.append(t[i])
        return seen

    rng = random.Random(2)
    for _ in range(300):
        width = rng.randint(1, 4)
        ties = sorted({tuple(rng.randrange(4) for _ in range(width)) for _ in range(rng.randint(1, 30))})
        win = rng.choice(ties)
        for i in range(width):
            for only in (True, False):
                want = plain(ties, win, i, only)
                assert solver._tie_readings(ties, win, i, only) == want
                assert solver._tie_readings(np.array(ties), win, i, only) == want


def _plain_row_candidates(toks, n: int, how: str, accept) -> tuple[list, str]:
    """``split.row_candidates`` without its memo: the tokens walked where they are, missing cells placed."""
    import itertools

    from gxreview.tables import split

    note = ""
    toks = list(toks)
    while len(toks) > n:
        toks.pop()
        note = "extra tokens after the row were ignored"
    if not toks:
        return [tuple(CellRead(None, "", None, None, "missing") for _ in range(n))], "row has no cells"
    pad = max(0, n - sum(t.max_cells for t in toks))
    if pad:
        note = f"{pad} cell(s) missing"
        accept = None
    m = n - pad
    found = None
    if len(toks) == m or sum(t.max_cells for t in toks) == m:
        ks = [1] * m if len(toks) == m else [t.max_cells for t in toks]
        parts = [split._walk([t], k, how, None) for t, k in zip(toks, ks, strict=True)]
        if all(len(p) == 1 for p in parts):
            found = [tuple(c for p in parts for c in p[0])]
    if found is None:
        found = split._walk(toks, m, how, accept)
        if not found and accept is not None:
            found = split._walk(toks, m, how, None)
    if len(found) >= split.MAX_CANDIDATES:
        note = (note + "; " if note else "") + "too many readings, list cut"
    if pad:
        miss = CellRead(None, "", None, None, "missing")
        if pad == n or pad > 2 or len(found) * n ** pad > split.MAX_CANDIDATES:
            return [c + (miss,) * pad for c in found], note
        out: list = []
        seen: set = set()
        for gaps in sorted(itertools.combinations(range(n), pad), key=lambda g: [-x for x in reversed(g)]):
            for c in found:
                cells = list(c)
                for g in gaps:
                    cells.insert(g, miss)
                if tuple(cells) not in seen:
                    seen.add(tuple(cells))
                    out.append(tuple(cells))
        found = out
    return found, note


def test_memoised_row_readings_match_the_plain_walk():
    from gxreview.tables import split
    from gxreview.tables.tokens import Tok

    rng = random.Random(4)
    idents = reader._idents("applications", "2021")
    accepts = [None, split.prefix_checker("r1", S.T3_COLS, tuple(i for i in idents if i.rule == "T3-I2[r1]"))]
    pieces = ["0", "1", "7", "10", "12", "100", "0000000", "1000001", "2011", "3000003"]
    for _ in range(2000):
        toks, pos = [], rng.randint(0, 50)
        for _ in range(rng.randint(1, 8)):
            u = rng.random()
            if u < 0.6:
                text = ("-" if rng.random() < 0.1 else "") + "".join(rng.choice(pieces) for _ in range(rng.randint(1, 2)))
                kind = "digits"
            elif u < 0.75:
                text, kind = rng.choice(["12.5", "-3", "0.25", "112.5"]), rng.choice(["decimal", "cell"])
            elif u < 0.9:
                text, kind = rng.choice(["—", "/", "无", "--"]), "blank"
            else:
                text, kind = rng.choice(["5", "x", "08", "1,200"]), "cell"
            grid = rng.random() < 0.1
            toks.append(Tok(text, None if grid else pos, None if grid else pos + len(text), kind))
            pos += len(text) + rng.randint(1, 3)
        n = rng.choice((1, 3, 5, 7, 15))
        if sum(t.max_cells for t in toks) > n + 8:
            continue  # keeps the walks short
        how = rng.choice(("cell", "grid"))
        accept = rng.choice(accepts) if n == 7 else None
        if rng.random() < 0.5:
            split._READS.clear()
        for _ in range(2):  # the second time from the memo
            assert split.row_candidates(toks, n, how=how, accept=accept) == _plain_row_candidates(toks, n, how, accept)


def test_digit_run_walk_matches_the_plain_walk():
    """``_walked`` reads one plain digit run on its values alone: the same readings as ``_walk``."""
    from gxreview.tables import split
    from gxreview.tables.tokens import Tok

    rng = random.Random(6)
    accepts = [(None, n) for n in (2, 3, 5, 7, 15)]
    accepts += [(reader._row_accept("applications", "2021", r.key, S.T3_COLS), 7) for r in S.applications_spec("2021").rows]
    t4 = tuple(f"{b.key}:{c}" for b in S.APPEALS.rows for c in S.T4_COLS)
    accepts.append((reader._row_accept("appeals", "2021", "_all", t4), 15))
    assert sum(a is not None for a, _ in accepts) >= 2
    pieces = ["0", "1", "7", "10", "12", "100", "0000000", "1000001", "2011", "3000003", "5", "9", "21", "00"]
    cases = [("1" * 40, 7, None), ("12345678912345678912345", 15, None)]  # cut at MAX_CANDIDATES
    t3_new = reader._row_accept("applications", "2021", "new", S.T3_COLS)
    t4_all = reader._row_accept("appeals", "2021", "_all", t4)
    # long runs read as sum blocks (``_walk_blocks``), with and without a reading
    cases += [("26110000262", 7, t3_new), ("14860000154", 7, t3_new), ("21510000217", 7, t3_new),
              ("355110515400940004", 15, t4_all), ("7300101111002270007", 15, t4_all), ("99999999999", 7, t3_new)]
    for _ in range(1500):
        accept, n = rng.choice(accepts)
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        if len(text) <= n + 9:
            cases.append((text, n, accept))
    for text, n, accept in cases:
        flat = [Tok(text, 0, len(text), "digits")]
        ref = split._walk(flat, n, "cell", accept)
        if not ref and accept is not None:
            ref = split._walk(flat, n, "cell", None)
        want = [tuple((0, x.value, x.raw, x.start, x.end, x.read) for x in r) for r in ref]
        assert split._walked(flat, n, "cell", accept) == want, (text, n)


def test_sum_blocks_walk_matches_the_depth_first_walk(monkeypatch):
    """Runs read as blocks whose last cell is the sum of the others (T3-I2's row, T4-I1's three
    blocks) list the readings of the plain depth-first walk, in its order; past MAX_CANDIDATES the
    depth-first walk lists (and cuts) them."""
    from gxreview.tables import split

    rng = random.Random(12)
    t4 = tuple(f"{b.key}:{c}" for b in S.APPEALS.rows for c in S.T4_COLS)
    owns = [(reader._row_accept("applications", "2021", "r1", S.T3_COLS).key, 7),
            (reader._row_accept("appeals", "2021", "_all", t4).key, 15)]
    assert [split._sum_blocks(own, n) for own, n in owns] == [(7,), (5, 5, 5)]
    pieces = ["0", "1", "2", "5", "9", "10", "12", "21", "100", "262", "000", "1000001"]
    readings = 0
    for _ in range(2500):
        own, n = rng.choice(owns)
        if rng.random() < 0.5:  # glued blocks that add up (a digit changed now and then)
            text = ""
            for _ in range(n // 5 if n == 15 else 1):
                parts = [rng.choice((0, 0, 1, 2, 7, 10, 12, 31, 105)) for _ in range(4 if n == 15 else 6)]
                text += "".join(map(str, parts)) + str(sum(parts))
            if rng.random() < 0.2:
                j = rng.randrange(len(text))
                text = text[:j] + rng.choice("0123456789") + text[j + 1:]
        else:
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(2, 12)))
        if not n <= len(text) <= n + 10:
            continue
        got = split._walk_run(text, n, own)
        assert got == split._walk_run_dfs(text, n, own), (text, n)
        readings += len(got)
    assert readings > 300
    text, (own, n) = "111111241110112311111023", owns[1]
    assert split._walk_run(text, n, own) == split._walk_run_dfs(text, n, own) and len(split._walk_run(text, n, own)) == 144
    monkeypatch.setattr(split, "MAX_CANDIDATES", 2)
    assert split._walk_blocks(text, (5, 5, 5)) is None  # too many: handed to the depth-first walk
    assert split._walk_run(text, n, own) == split._walk_run_dfs(text, n, own) and len(split._walk_run_dfs(text, n, own)) == 2


def test_token_reading_matches_the_walk():
    """A plain digit run read as one cell, or as one cell per digit, without the walk: as ``_walk`` reads it."""
    from gxreview.tables import split
    from gxreview.tables.tokens import Tok

    rng = random.Random(9)
    texts = ["0", "00", "05", "50", "7", "0000000", "1000001", "-12", "1.5", "１２"]
    texts += ["".join(rng.choice("0000123456789") for _ in range(rng.randint(1, 16))) for _ in range(400)]
    checked = 0
    for text in texts:
        for k in {1, len(text), len(text) - 1, 2}:
            for kind, how in (("digits", "cell"), ("digits", "grid"), ("decimal", "cell")):
                if k < 1:
                    continue
                r = split._walk([Tok(text, 0, len(text), kind)], k, how, None)
                want = tuple((c.value, c.raw, c.start, c.end, c.read) for c in r[0]) if len(r) == 1 else None
                assert split._token_reading.__wrapped__(text, kind, k, how) == want, (text, kind, k, how)
                checked += want is not None
    assert checked > 1000


def test_shared_cells_attach_matches_plain():
    """Rows with many readings share their equal cells: the same candidates as building every cell."""
    from gxreview.tables import split
    from gxreview.tables.tokens import Tok

    rng = random.Random(12)
    checked = 0
    for _ in range(200):
        toks, pos = [], rng.randint(0, 40)
        for _ in range(rng.randint(1, 2)):
            text = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 9)))
            grid = rng.random() < 0.1
            toks.append(Tok(text, None if grid else pos, None if grid else pos + len(text), "digits"))
            pos += len(text) + rng.randint(1, 3)
        n = rng.choice((3, 5, 7, 9))
        split._READS.clear()
        cands, _ = split.row_candidates(toks, n)
        reads = split._cached_reads(toks, n, "cell", None)
        assert cands == reads.attach_plain(toks)
        checked += len(reads.base) > split._SHARED_FROM and reads.shared is not None
    assert checked > 20
