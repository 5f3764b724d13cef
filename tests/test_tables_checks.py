"""Table checks on the real corpus and on targeted edits: identities with both sides, the most likely
wrong cell, blanks, old format, 表二 plausibility, cross-year checks, the stage and the DataFrame view."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from gxreview.checks import tables as T
from gxreview.findings import Check, Finding
from gxreview.io import load
from gxreview.pipeline import analyse

from .conftest import CORPORA


@pytest.fixture(scope="module")
def analyses():
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = analyse(load(CORPORA / name))
        return cache[name]

    return get


def _out(gen):
    out = list(gen)
    return [x for x in out if isinstance(x, Finding)], [x for x in out if isinstance(x, Check)]


def test_row_total_written_zero_is_t302_with_both_sides(analyses):
    a = analyses("pingtan-htpq_2025.txt")
    f, c = _out(T.table_identities(a))
    t302 = [x for x in f if x.code == "GX-T302"]
    assert t302
    new = next(x for x in t302 if x.evidence["lhs"][0]["row"] == "new")
    assert new.evidence["lhs_sum"] == 0 and new.evidence["rhs_sum"] == 2
    assert a.text[new.start:new.end].startswith("2")
    assert any(ch.rule == "T3-I2[new]" and ch.status == "FAIL" for ch in c)
    assert any(ch.rule == "T3-I1[total]" and ch.status == "PASS" for ch in c)
    assert len([ch for ch in c if ch.rule.startswith(("T3-", "T4-"))]) == 7 + 25 + 7 + 3


def test_appeal_total_mismatch_names_candidate_cells(analyses):
    a = analyses("pingtan-xzspj_2024.txt")
    f, _ = _out(T.table_identities(a))
    t401 = [x for x in f if x.code == "GX-T401"]
    assert len(t401) == 1
    ev = t401[0].evidence
    assert (ev["lhs_sum"], ev["rhs_sum"]) == (0, 1)
    cells = {(p["row"], p["col"]) for p in ev["possible_wrong_cells"]}
    assert ("review", "total") in cells and ("review", "maintain") in cells


def test_outcome_total_mismatch_2019_format(analyses):
    a = analyses("pingtan-zhsyq_2020.txt")
    assert a.format == "2019"
    f, _ = _out(T.table_identities(a))
    codes = {x.code for x in f}
    assert "GX-T303" in codes and "GX-T301" not in codes and "GX-T302" not in codes


def test_inconsistent_glued_row_gives_t401_and_x002(analyses):
    a = analyses("pingtan-shsyj_2024.txt")
    f, _ = _out(T.table_identities(a))
    assert any(x.code == "GX-T401" and "glued" in x.evidence.get("note", "") for x in f)
    f2, _ = _out(T.presence(a))
    x002 = [x for x in f2 if x.code == "GX-X002"]
    assert x002 and x002[0].evidence["status"] == "inconsistent"


def test_single_changed_cell_is_named(analyses):
    a = copy.copy(analyses("pingtan-zhsyq_2025.txt"))
    a.tables = copy.deepcopy(a.tables)
    cell = a.tables.cells["applications"]["r1"]["natural_person"]
    a.tables.cells["applications"]["r1"]["natural_person"] = cell._replace(value=cell.value + 5)
    f, _ = _out(T.table_identities(a))
    assert {x.code for x in f} == {"GX-T302", "GX-T303"}
    for x in f:
        m = x.evidence["most_likely_wrong_cell"]
        assert (m["row"], m["col"], m["expected"]) == ("r1", "natural_person", cell.value)


def test_blank_cells_are_s202_and_not_assessable(analyses):
    a = analyses("html/shuyang-fgj_2023.html")
    f, c = _out(T.presence(a))
    s202 = [x for x in f if x.code == "GX-S202"]
    assert s202 and s202[0].evidence["table"] == "applications"
    _, c2 = _out(T.table_identities(a))
    st = {ch.rule: ch.status for ch in c2}
    assert st["T3-I1[commercial]"] == "NOT_ASSESSABLE" and st["T3-I1[natural_person]"] == "PASS"
    assert "FAIL" not in st.values()


def test_consistent_report_has_no_table_errors(analyses):
    a = analyses("xiangtan-sjj_2024.txt")
    f, c = _out(T.table_identities(a))
    assert not f and all(ch.status == "PASS" for ch in c)
    assert len(c) == 7 + 25 + 7 + 3  # every identity evaluated, not an empty list


def test_old_format_in_recent_report(analyses):
    a = copy.copy(analyses("pingtan-zhsyq_2020.txt"))
    f, _ = _out(T.presence(a))
    assert "GX-S203" not in {x.code for x in f}
    a.info = dataclasses.replace(a.info, year=2022)
    f, _ = _out(T.presence(a))
    assert "GX-S203" in {x.code for x in f}


def test_proactive_rules_from_a_bureau_and_fee_unit(analyses):
    a = copy.copy(analyses("pingtan-gaj_2024.txt"))
    a.tables = copy.deepcopy(a.tables)
    f, _ = _out(T.proactive_plausibility(a))
    assert not [x for x in f if "规章" in x.message]
    a.tables.values["proactive"]["rules"]["issued"] = 3
    a.tables.values["proactive"]["fees"]["amount_wan"] = 2_500_000
    f, _ = _out(T.proactive_plausibility(a))
    msgs = " ".join(x.message for x in f if x.code == "GX-T201")
    assert "cannot make 规章" in msgs and "元" in msgs


def test_cross_year_carry_over_and_same_table(analyses):
    cur = copy.copy(analyses("pingtan-zhsyq_2025.txt"))
    prior = copy.copy(analyses("pingtan-zhsyq_2024.txt"))
    cur.prior = prior
    f, c = _out(T.cross_year(cur))
    x1 = [ch.status for ch in c if ch.rule.startswith("T3-X1")]
    assert x1 == ["PASS"] * 7
    assert "GX-B103" not in {x.code for x in f}
    prior.tables = copy.deepcopy(prior.tables)
    prior.tables.values["applications"]["carry_out"]["total"] = 9
    f, _ = _out(T.cross_year(cur))
    c104 = [x for x in f if x.code == "GX-C104"]
    assert len(c104) == 1 and c104[0].evidence["prior_carry_out"] == 9
    same = copy.copy(cur)
    same.prior = cur
    f, _ = _out(T.cross_year(same))
    assert "GX-B103" in {x.code for x in f}


def test_all_zero_tables_identical_to_prior_are_not_b103(analyses):
    a = copy.copy(analyses("pingtan-zhzfyjj_2023.txt"))
    a.tables = copy.deepcopy(a.tables)
    for row in a.tables.values["proactive"].values():
        for k in row:
            row[k] = 0
    a.prior = a
    f, c = _out(T.cross_year(a))
    assert "GX-B103" not in {x.code for x in f}
    b103 = next(ch for ch in c if ch.rule == "B103")  # compared and passed, not NOT_ASSESSABLE
    assert b103.status == "PASS" and b103.evidence["cells_compared"] > 0 and b103.evidence["nonzero_cells"] == 0


def test_stage_values_spans_and_frames(analyses):
    a = analyses("pingtan-scjgj_2025.txt")
    t = a.tables
    assert t.values["applications"]["r2"]["total"] == 11
    s, e = t.cell_span("applications", "r2", "total")
    assert a.text[s:e] == "11"
    assert t.details["applications"]["cells"]["r2"]["total"]["read"] == "split"
    assert any(s <= a.text.find("110000011") < e for s, e in t.regions)
    df = t.frame("applications")
    assert df.shape == (25, 7) and df.loc["（七）总计", "总计"] == 19
    assert t.frame("appeals").shape == (1, 15)
    assert t.values["processing_fee"] is not None
