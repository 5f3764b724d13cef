"""The parser reproduces every decidable cell of the hand-checked gold files, in every shape,
and flags the undecidable rows (GX-X002) with the gold candidates among its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gxreview.io import load
from gxreview.metadata import extract_info
from gxreview.tables import read_tables
from gxreview.tables import spec as S

from .conftest import CORPORA, EXPECTED
from .test_tables_gold_independent import KNOWN_MISSES, _cols

GOLD = Path(__file__).parent / "gold" / "tables"
GOLD_FILES = sorted(GOLD.glob("*.json"))


def _read(report: str):
    doc = load(CORPORA / report)
    return read_tables(doc, extract_info(doc).format)


def test_every_report_with_tables_has_gold():
    with_tables = {n for n in EXPECTED if EXPECTED[n]["format"] in ("2021", "2019")}
    have = {json.loads(p.read_text(encoding="utf-8"))["report"] for p in GOLD_FILES}
    assert with_tables <= have, sorted(with_tables - have)


@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_gold_cells(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    res = _read(gold["report"])
    undecidable = gold.get("undecidable", {})
    checked = 0
    for table, rows in gold["tables"].items():
        got = res.values[table]
        assert got is not None, f"{table} not read"
        for row, vals in rows.items():
            if f"{table}.{row}" in undecidable or (table == "appeals" and "appeals.all" in undecidable):
                continue
            if table == "processing_fee":
                got_row = [got[c] for c in S.PROCESSING_FEE.columns]
            else:
                got_row = [got.get(row, {}).get(c, "absent") for c in _cols(table, gold["format"], row)]
            assert got_row == vals, f"{table}.{row}: got {got_row}, gold {vals}"
            checked += len(vals)
    assert checked > 0


@pytest.mark.parametrize("path", [p for p in GOLD_FILES if json.loads(p.read_text(encoding="utf-8")).get("undecidable")],
                         ids=lambda p: p.stem)
def test_undecidable_rows_are_flagged(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    res = _read(gold["report"])
    misses = KNOWN_MISSES.get(path.stem, {})
    for key, cands in gold["undecidable"].items():
        if key in misses:
            continue
        table, row = key.split(".", 1)
        amb = {a["row"]: a for a in res.details[table]["ambiguous_rows"]}
        assert row in amb, f"{key} not flagged as ambiguous"
        assert len(amb[row]["candidates"]) >= 2
        assert amb[row]["chosen"] in amb[row]["candidates"] or amb[row]["status"] == "inconsistent"
        for c in cands[:3]:
            assert c in amb[row]["candidates"]
    if misses:
        pytest.xfail("; ".join(f"{k}: {v}" for k, v in misses.items()))


def test_shapes_are_named():
    shapes = {p.stem: None for p in GOLD_FILES}
    seen = set()
    for p in GOLD_FILES:
        gold = json.loads(p.read_text(encoding="utf-8"))
        res = _read(gold["report"])
        shapes[p.stem] = res.details["applications"]["shape"]
        seen.add(shapes[p.stem])
    assert shapes["xiangtan-sjj_2024"] == "cells-per-line"
    assert shapes["shuyang-xzf_2025"] == "markdown"
    assert shapes["shuyang-fgj_2023"] == "html"
    assert {"flat-concat", "flat-mixed"} <= seen
