"""Figures against the independent gold set (hand-annotated without the extractor's output).

tests/gold/figures_independent/: ten reports of different shapes, rules in its README. Extraction
precision and recall (span, value, unit, qualifier exact) ≥ 0.97; metric labels right ≥ 0.9.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from gxreview import load
from gxreview.figures.evaluate import evaluate

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "figures_independent"
FIELDS = ("text", "value", "unit", "qualifier", "kind", "metric")


def _gold() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]


def test_independent_gold_covers_report_shapes():
    reports = [g["report"] for g in _gold()]
    assert len(reports) >= 8
    assert any(r.endswith(".html") for r in reports)
    for shape in ("xiangtan-", "shuyang-xzf", "shanghai-", "_2013", "_2019"):
        assert any(shape in r for r in reports), shape


def test_independent_gold_spans_are_exact_and_match_annotations():
    """Every gold span is the figure's text, and the JSON files are in sync with annotations.py."""
    sys.path.insert(0, str(GOLD))
    try:
        from annotations import ANNOTATIONS
    finally:
        sys.path.remove(str(GOLD))
    for g in _gold():
        text = load(ROOT / "corpora" / g["report"]).text
        rows = ANNOTATIONS[g["report"]]
        assert len(rows) == len(g["figures"]), g["report"]
        for row, f in zip(rows, g["figures"], strict=True):
            assert text[f["start"]:f["end"]] == f["text"]
            assert tuple(f[k] for k in FIELDS) == tuple(row[1:7]), (g["report"], f["text"])
            assert f["unit"] is None or not any(c in f["unit"] for c in "万亿")


@pytest.fixture(scope="module")
def result():
    return evaluate(GOLD)


def test_independent_precision_recall(result):
    assert result["precision"] >= 0.97, [e for e in result["errors"] if e[0] == "spurious"]
    assert result["recall"] >= 0.97, [e for e in result["errors"] if e[0] == "missed"]


def test_independent_metric_accuracy(result):
    assert result["metric_accuracy"] >= 0.9, [e for e in result["errors"] if e[0] == "metric"]


def test_outline_counts_are_not_figures():
    """"从以下三个方面改进" announces the report's own list: no figure (like 六个部分)."""
    from gxreview.figures import extract_figures

    assert not extract_figures("下一步，我局将从以下三个方面予以改进。（一）加强培训。")
    assert [f.text for f in extract_figures("开展3轮次政策文件清理工作")] == ["3轮次"]
