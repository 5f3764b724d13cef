"""benchmarks/synth.py: consistent tables hold every identity, slipped cells are caught, shapes kept."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from benchmarks.synth import CORPORA, _consistent_values, _load_bases, _pieces, generate
from gxreview.pipeline import analyse, as_document, review
from gxreview.tables.spec import APPLICANT_COLS, identities

N = 60
ARITH = re.compile(r"GX-T[34]\d\d$")
TABLE_OF = {"GX-T300": None, "GX-T301": "applications", "GX-T302": "applications", "GX-T303": "applications",
            "GX-T401": "appeals"}
SHAPED = ("applications", "appeals")


@pytest.fixture(scope="module")
def bases():
    return {b.name: b for b in _load_bases(CORPORA)}


@pytest.fixture(scope="module")
def consistent(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "c"
    generate(N, out, seed=5, broken_share=0.25)
    truth = [json.loads(line) for line in open(out / "truth.jsonl", encoding="utf-8")]
    results = {t["path"]: review(out / t["path"]) for t in truth}
    return out, truth, results


def _arith(res) -> list[str]:
    return [f.code for f in res.findings if ARITH.match(f.code)]


def test_values_hold_every_identity(bases):
    rng = random.Random(0)
    checked = 0
    for b in bases.values():
        if b.cells is None:
            continue
        for k in (0.3, 1.0, 4.0):
            v = _consistent_values(b.cells, k, None, rng)
            for ident in identities(b.cells.fmt):
                t = v[ident.table]
                lhs = [t[r][c] for r, c in ident.lhs]
                rhs = [t[r][c] for r, c in ident.rhs]
                assert all(x is None or x >= 0 for x in lhs + rhs)
                if None not in lhs + rhs:  # a blank cell (kept blank) makes the identity not assessable
                    assert sum(lhs) == sum(rhs), (b.name, ident.rule)
                    checked += 1
    assert checked > 1000


def test_consistent_reports_have_no_arithmetic_finding(consistent):
    _, truth, results = consistent
    clean = [t for t in truth if t["tables"] == "consistent" and t["broken_cell"] is None]
    assert len(clean) >= N // 2
    for t in clean:
        assert _arith(results[t["path"]]) == [], (t["path"], t["base"])


def test_broken_cell_is_caught_on_its_table(consistent):
    _, truth, results = consistent
    broken = [t for t in truth if t["broken_cell"]]
    assert len(broken) >= 5
    for t in broken:
        b = t["broken_cell"]
        assert b["printed"] != b["correct"] and len(str(b["printed"])) == len(str(b["correct"]))
        tables = {TABLE_OF[c] for c in _arith(results[t["path"]])}
        assert b["table"] in tables, (t["path"], b, tables)


def test_tables_keep_the_shape_of_their_base(consistent):
    _, truth, results = consistent
    shapes: dict[str, dict] = {}
    for t in truth:
        if t["tables"] != "consistent":
            continue
        if t["base"] not in shapes:
            a = analyse(as_document(CORPORA / t["base"]))
            shapes[t["base"]] = {k: a.tables.details[k]["shape"] for k in SHAPED}
        got = results[t["path"]].to_dict()["table_details"]
        assert {k: got[k]["shape"] for k in SHAPED} == shapes[t["base"]], t["path"]


def test_carry_over_follows_last_year(consistent):
    _, truth, results = consistent
    last: dict[str, tuple[int, dict, bool]] = {}  # org -> (year, 结转下年度, broken)
    pairs = 0
    for t in truth:
        vals = results[t["path"]].to_dict()["tables"]["applications"]
        if t["tables"] != "consistent":
            continue
        prev = last.get(t["org"])
        if prev and prev[0] == t["year"] - 1 and not prev[2] and not t["broken_cell"]:
            assert {c: vals["carry_in"][c] for c in APPLICANT_COLS} == prev[1], t["path"]
            pairs += 1
        last[t["org"]] = (t["year"], {c: vals["carry_out"][c] for c in APPLICANT_COLS}, bool(t["broken_cell"]))
    assert pairs >= 10


def test_perturbed_mode_keeps_the_narrative(consistent, bases, tmp_path):
    out, truth, _ = consistent
    generate(N, tmp_path / "p", seed=5, tables="perturbed")
    ptruth = [json.loads(line) for line in open(tmp_path / "p" / "truth.jsonl", encoding="utf-8")]
    assert [t["path"] for t in ptruth] == [t["path"] for t in truth]
    assert all(t["tables"] == "perturbed" and t["broken_cell"] is None for t in ptruth)
    narrative = 0
    for t in truth[:20]:
        mine = _pieces(_body(out / t["path"]))
        theirs = _pieces(_body(tmp_path / "p" / t["path"]))
        assert len(mine) == len(theirs)
        form = bases[t["base"]].form
        for i, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            if i not in form:
                assert a == b
                narrative += 1
    assert narrative > 100


def test_bad_mode_is_refused(tmp_path):
    with pytest.raises(ValueError):
        generate(1, tmp_path, tables="random")


def _body(p: Path) -> str:
    return p.read_text(encoding="utf-8").split("正文 ====================\n", 1)[1]
