"""DataFrames with fixed columns for one result and for many (error objects included)."""

from __future__ import annotations

import json

import pytest

from gxreview.cli import review_paths
from gxreview.findings import ErrorResult
from gxreview.frames import COLUMNS, result_rows, results_frame

from .conftest import CORPORA

NAMES = ["shanghai-kewei_2024.txt", "pingtan-czjrj_2021.txt", "pingtan-czjrj_2022.txt", "xiangtan-sjj_2024.txt"]


@pytest.fixture(scope="module")
def results():
    return review_paths([str(CORPORA / n) for n in NAMES] + [str(CORPORA / "no-such-report.txt")])


@pytest.mark.parametrize("what", ["findings", "figures", "checks", "sections", "scores"])
def test_fixed_columns_even_when_empty(results, what):
    for r in results:
        if isinstance(r, ErrorResult):
            continue
        df = r.to_frame(what)
        assert list(df.columns) == COLUMNS[what]
    assert list(results_frame([], what).columns) == COLUMNS[what]


def test_findings_frame_matches_result(results):
    r = results[0]
    df = r.to_frame()
    assert len(df) == len(r.findings) > 0
    assert list(df["code"]) == r.codes
    assert set(df["source"]) == {r.source} and set(df["org"]) == {r.report.org}
    row = df.iloc[0]
    f = r.findings[0]
    assert (row["severity"], row["message"]) == (f.severity, f.message)
    assert json.loads(row["evidence"]) == json.loads(json.dumps(f.evidence, ensure_ascii=False))


def test_results_frame_concatenates_error_objects_included(results):
    df = results_frame(results)
    assert len(df) == sum(len(r.findings) for r in results if not isinstance(r, ErrorResult)) + 1
    err = df[df["code"] == "E001"]
    assert len(err) == 1 and err.iloc[0]["severity"] == "error" and "no-such-report" in err.iloc[0]["source"]
    scores = results_frame(results, "scores")
    assert len(scores) == len(results)
    assert list(scores["error_code"].fillna("")) == [""] * len(NAMES) + ["E001"]
    assert list(scores["n_error"][:len(NAMES)]) == [r.count("error") for r in results[:len(NAMES)]]


def test_contract_dicts_and_objects_give_the_same_rows(results):
    for r in results:
        assert result_rows(r.to_dict(), "findings") == result_rows(r, "findings")
        assert result_rows(r.to_dict(), "sections") == result_rows(r, "sections")


def test_sections_frame(results):
    df = results[0].to_frame("sections")
    assert list(df["key"]) == [s.key for s in results[0].sections]
    assert str(df["start"].dtype) == "Int64"


def test_unknown_kind_is_rejected(results):
    with pytest.raises(ValueError, match="what must be one of"):
        results[0].to_frame("tables")
