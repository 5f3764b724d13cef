"""GX-Y101 year-mismatch: title, statistics period, stale own year, plan year (issue 5)."""

from __future__ import annotations

import dataclasses

import pytest

from gxreview.io import load
from gxreview.pipeline import review

from .conftest import CORPORA


def test_y101_where_expected_and_not_on_xiangtan(corpus_results):
    fired = sorted(n for n, r in corpus_results.items() if "GX-Y101" in r.codes)
    assert {"pingtan-czjrj_2021.txt", "pingtan-czjrj_2024.txt", "pingtan-czjrj_2025.txt"} <= set(fired)
    assert "xiangtan-sjj_2024.txt" not in fired


def test_y101_evidence_points_at_the_year(corpus_results):
    r = corpus_results["pingtan-czjrj_2024.txt"]
    f = next(f for f in r.findings if f.code == "GX-Y101")
    assert r.text[f.start:f.end] == "2023"
    assert "2023年，在主动公开的61条" in f.evidence["context"]
    plan = next(f for f in corpus_results["pingtan-czjrj_2021.txt"].findings if f.code == "GX-Y101")
    assert plan.section == "problems" and plan.evidence["where"] == "plan year"


def _with(name: str, anchor: str, insert: str):
    doc = load(CORPORA / name)
    i = doc.text.index(anchor)
    text = doc.text[:i] + insert + doc.text[i:]
    doc = dataclasses.replace(doc, text=text, raw_body=text, offset_map=((0, 0),), grids=())
    return review(doc)


OVERVIEW_ANCHOR = "（四）积极回应社会关切"


@pytest.mark.parametrize("insert,fires", [
    ("2023年，我局共主动公开政府信息500条。", True),
    ("2023年我局主动公开政府信息500条。", True),
    ("全年主动公开信息较2023年，增长了10%。", False),
    ("与2023年相比，主动公开信息有所增加。", False),
    ("2023年12月，我局上线了新版门户网站。", False),
    ("2024年，我局共主动公开政府信息500条。", False),
])
def test_stale_own_year_in_the_2024_overview(insert, fires):
    r = _with("xiangtan-sjj_2024.txt", OVERVIEW_ANCHOR, insert)
    assert ("GX-Y101" in r.codes) is fires, [f.message for f in r.findings if f.code == "GX-Y101"]


@pytest.mark.parametrize("insert,fires", [("2024年，我局将进一步完善平台建设。", True), ("2025年，我局将进一步完善平台建设。", False)])
def test_plan_year_in_problems(insert, fires):
    doc = load(CORPORA / "xiangtan-sjj_2024.txt")
    i = doc.text.index("2025年，我局将继续")
    r = _with("xiangtan-sjj_2024.txt", doc.text[i:i + 12], insert)
    assert ("GX-Y101" in r.codes) is fires


def test_statistics_period_of_another_year():
    doc = load(CORPORA / "pingtan-gwbgs_2024.txt")
    text = doc.text.replace("统计期限自2024年1月1日起至2024年12月31日止", "统计期限自2023年1月1日起至2023年12月31日止")
    assert text != doc.text
    r = review(dataclasses.replace(doc, text=text, raw_body=text, offset_map=((0, 0),), grids=()))
    f = [f for f in r.findings if f.code == "GX-Y101" and f.evidence["where"] == "statistics period"]
    assert len(f) == 1 and f[0].evidence["found_year"] == 2023
    assert r.scores["completeness"]["components"]["period.statistics"]["points"] == 0


def test_year_uses_equal_the_finditer_of_every_pattern():
    """_year_uses tries the patterns only where a year followed by 年 starts: the same hits as
    running every pattern's finditer over the section (corpus and random text)."""
    import random
    import re

    from gxreview.checks import period as P

    def reference(text, start, end, plans):
        body = text[start:end]
        hits = {}
        if plans:
            for m in P.PLAN_YEAR.finditer(body):
                if P._opens_clause(body, m.start("y")):
                    hits[m.start("y")] = (int(m.group("y")), "plan")
        for rx in P.STALE_OWN_YEAR:
            for m in re.finditer(rx, body):
                p = m.start("y")
                if p in hits or not P._opens_clause(body, p):
                    continue
                if body[m.end("y"):m.end("y") + 3].lstrip().startswith(("月", "年底", "年末")):
                    continue
                hits[p] = (int(m.group("y")), "own")
        return [(start + p, *hits[p]) for p in sorted(hits)]

    rng = random.Random(3)
    pieces = ("2023", "2024", "1999", "20", "19", "1", "年", "年度", " ", "\n", "，", ",", "。", "全年", "我局", "本区",
              "共", "累计", "制作、获取", "主动公开", "新收", "将", "计划", "拟", "相比", "以来", "较", "月", "年底", "（一）",
              "一是", "3.", "工作", "信息")
    texts = [load(p).text for p in sorted(CORPORA.glob("*.txt"))]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 50))) for _ in range(5000)]
    found = 0
    for t in texts:
        a = rng.randint(0, len(t))
        b = rng.randint(a, len(t))
        for args in ((0, len(t)), (a, b)):
            for plans in (True, False):
                got = list(P._year_uses(t, *args, plans))
                assert got == reference(t, *args, plans), (t, args)
                found += len(got)
    assert found > 300
