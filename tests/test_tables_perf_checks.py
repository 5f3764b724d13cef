"""The table rules' quicker forms give what their plain forms give: the identities read per cell,
and B103's comparison of every cell with the prior year's (corpus and random tables)."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest

from gxreview.checks import tables as T
from gxreview.io import load
from gxreview.pipeline import analyse
from gxreview.tables import spec as S

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpora").glob("*.txt")) + sorted((ROOT / "corpora" / "html").glob("*.html"))


def _identities_reference(t, fmt: str | None) -> list[tuple[S.Identity, str, dict[str, Any]]]:
    """:func:`T.evaluate_identities` written plainly: each cell read through ``t.cell``."""
    out = []
    memo: dict[str, dict] = {}
    for ident in S.identities(fmt):
        if (t.values.get(ident.table) or None) is None:
            out.append((ident, "NOT_ASSESSABLE", {"identity": ident.text, "reason": f"{ident.table} not read"}))
            continue
        lk = [f"{r}.{c}" for r, c in ident.lhs]
        rk = [f"{r}.{c}" for r, c in ident.rhs]
        lv = [t.value(ident.table, r, c) for r, c in ident.lhs]
        rv = [t.value(ident.table, r, c) for r, c in ident.rhs]
        ev: dict[str, Any] = {"identity": ident.text, "table": ident.table, "lhs": dict(zip(lk, lv, strict=True)),
                              "rhs": dict(zip(rk, rv, strict=True))}
        if None in lv or None in rv:
            ev["blank_cells"] = [k for k, v in zip(lk + rk, lv + rv, strict=True) if v is None]
            out.append((ident, "NOT_ASSESSABLE", ev))
        elif sum(lv) == sum(rv):
            ev.update({"lhs_sum": sum(lv), "rhs_sum": sum(rv), "difference": 0})
            out.append((ident, "PASS", ev))
        else:
            cells = memo.setdefault(ident.table, {})
            out.append((ident, "FAIL", {"identity": ident.text, "lhs": T._cell_evs(t, ident.table, ident.lhs, cells),
                                        "rhs": T._cell_evs(t, ident.table, ident.rhs, cells),
                                        "lhs_sum": sum(lv), "rhs_sum": sum(rv), "difference": sum(lv) - sum(rv)}))
    return out


def _damaged(t, rng: random.Random):
    """A copy of ``t`` with rows and cells of 表三/表四 dropped, blanked or changed."""
    t = copy.deepcopy(t)
    for table in ("applications", "appeals", "proactive"):
        rows = t.cells.get(table) or {}
        for r in list(rows):
            u = rng.random()
            if u < 0.1:
                del rows[r]
                continue
            for c in list(rows[r]):
                v = rng.random()
                if v < 0.05:
                    del rows[r][c]
                elif v < 0.1:
                    rows[r][c] = rows[r][c]._replace(value=None, read="blank")
                elif v < 0.2 and rows[r][c].value is not None:
                    rows[r][c] = rows[r][c]._replace(value=rows[r][c].value + rng.choice((-1, 1, 10)))
    return t


def test_identities_match_the_per_cell_reading():
    rng = random.Random(8)
    statuses: set[str] = set()
    compared = 0
    for p in CORPUS:
        a = analyse(load(p))
        if a.tables is None or a.tables.values is None or a.format not in ("2021", "2019"):
            continue
        for t in (a.tables, _damaged(a.tables, rng), _damaged(a.tables, rng)):
            got = T.evaluate_identities(t, a.format)
            assert got == _identities_reference(t, a.format), p.name
            statuses.update(st for _, st, _ in got)
            compared += len(got)
    assert statuses == {"PASS", "FAIL", "NOT_ASSESSABLE"} and compared > 3000


def _flat_values(vals: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for table in T.REQUIRED_TABLES:
        for row, cols in (vals.get(table) or {}).items():
            for col, v in (cols or {}).items():
                out[f"{table}.{row}.{col}"] = v
    return out


def _compare_reference(vals: dict[str, Any], prior: dict[str, Any]) -> tuple[int, int, bool]:
    """B103's comparison over every cell keyed ``table.row.col`` (the plain form of ``_compare_cells``)."""
    fc, fo = _flat_values(vals), _flat_values(prior)
    common = [k for k in fc if k in fo and fc[k] is not None]
    same = all(fc[k] == fo[k] for k in common) and len(common) == len(fc)
    return len(common), sum(1 for k in common if fc[k]), same


def _random_values(rng: random.Random) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for table in (*T.REQUIRED_TABLES, "processing_fee"):
        if rng.random() < 0.1:
            out[table] = None
            continue
        rows = {}
        for r in rng.sample(["new", "carry_in", "r1", "r7", "rules", "review"], rng.randint(0, 4)):
            rows[r] = {c: rng.choice((None, 0, 0, 1, 2, 2.5)) for c in rng.sample(["total", "other", "issued"], rng.randint(0, 3))}
        out[table] = rows
    return out


@pytest.mark.parametrize("seed", range(3))
def test_b103_comparison_matches_the_flat_keys(seed):
    rng = random.Random(seed)
    seen = set()
    for _ in range(3000):
        cur = _random_values(rng)
        prior = copy.deepcopy(cur) if rng.random() < 0.3 else _random_values(rng)
        if rng.random() < 0.5:  # the same tables but for a value
            for tv in prior.values():
                for cols in (tv or {}).values():
                    for c in cols:
                        if rng.random() < 0.1:
                            cols[c] = rng.choice((None, 0, 3))
        got = T._compare_cells(cur, prior)
        assert got == _compare_reference(cur, prior)
        seen.add((got[0] > 0, got[1] > 0, got[2]))
    assert len(seen) >= 5  # none compared, some, all zero, identical and not


@pytest.mark.parametrize("fmt", ["2021", "2019"])
def test_no_identity_names_a_cell_twice_on_one_side(fmt):
    """The brief evidence keys each side's cells by ``row.col`` and sums those: a cell named twice on
    one side would be summed once."""
    for i in S.identities(fmt):
        assert len(set(i.lhs)) == len(i.lhs) and len(set(i.rhs)) == len(i.rhs), i.rule

