"""Timeliness and issuer rules: GX-P101, GX-P102, GX-P103 (issue 10, contract §4)."""

from __future__ import annotations

import pytest

from gxreview.checks.timeliness import deadline, same_agency
from gxreview.config import DEFAULT_CONFIG
from gxreview.metadata import issuer_type
from gxreview.pipeline import review

from .conftest import CORPORA, EXPECTED


def _p101(result):
    return next(c for c in result.checks if c.rule == "P101")


def test_p101_p103_silent_on_the_corpus(corpus_results):
    for name, r in corpus_results.items():
        assert not [f for f in r.findings if f.code in ("GX-P101", "GX-P103")], name


def test_p101_assessed_where_dates_are_known(corpus_results):
    assessed = [n for n, r in corpus_results.items() if _p101(r).status == "PASS"]
    assert len(assessed) >= 35  # every crawled pingtan report has a 发布时间
    assert _p101(corpus_results["xiangtan-sjj_2024.txt"]).status == "NOT_ASSESSABLE"


@pytest.mark.parametrize("name,late", [
    ("pingtan-czjrj_2024.txt", "2025-02-01"),  # department: 31 January
    ("pingtan-jjpq_2024.txt", "2025-02-01"),  # 片区管理局 is a department
    ("pingtan-zhsyq_2024.txt", "2025-04-01"),  # area-only name: government, 31 March
    ("shuyang-xzf_2025.txt", "2026-04-01"),  # 人民政府
    ("pingtan-xzspj_2018.txt", "2019-04-01"),  # 2018 and earlier: 31 March for all
])
def test_p101_fires_with_later_manifest_dates(name, late):
    r = review(CORPORA / name, meta={"published": late})
    f = [f for f in r.findings if f.code == "GX-P101"]
    assert len(f) == 1, r.codes
    ev = f[0].evidence
    assert ev["published"] == late and ev["deadline"] < late and ev["days_late"] == 1 and ev["rule"]


@pytest.mark.parametrize("name,day", [("pingtan-czjrj_2024.txt", "2025-01-31"), ("pingtan-zhsyq_2024.txt", "2025-03-31")])
def test_the_last_day_is_in_time(name, day):
    r = review(CORPORA / name, meta={"published": day})
    assert "GX-P101" not in r.codes and _p101(r).status == "PASS"


def test_deadlines_are_configurable():
    import dataclasses

    cfg = dataclasses.replace(DEFAULT_CONFIG, deadline_department=(2, 28))
    assert str(deadline(2024, "department", cfg)) == "2025-02-28"
    assert str(deadline(2024, "government", cfg)) == "2025-03-31"
    r = review(CORPORA / "pingtan-czjrj_2024.txt", meta={"published": "2025-02-20"}, config=cfg)
    assert "GX-P101" not in r.codes


@pytest.mark.parametrize("name,kind", [
    ("平潭综合实验区管委会", "government"), ("平潭综合实验区管委会办公室", "department"),
    ("平潭综合实验区金井片区管理局", "department"), ("平潭综合实验区", "government"), ("沭阳县", "government"),
    ("沭阳县人民政府", "government"), ("上海市科委", "department"), ("湘潭市数据局", "department"), ("福建学生资助", None),
])
def test_issuer_type_longest_suffix(name, kind):
    assert issuer_type(name) == kind


def test_crawl_publisher_is_never_the_issuer(corpus_results):
    r = corpus_results["pingtan-shsyj_2024.txt"]  # crawl 发布机构 = 福建学生资助
    assert r.report.issuer_type == "department" and r.report.org == "平潭综合实验区社会事业局"


def test_p102_on_the_2018_report_signed_in_2018(corpus_results):
    f = [f for f in corpus_results["pingtan-xzspj_2018.txt"].findings if f.code == "GX-P102"]
    assert len(f) == 1 and f[0].evidence["signed"] == "2018-01-16"
    text = corpus_results["pingtan-xzspj_2018.txt"].text
    assert text[f[0].start:f[0].end] == "2018年1月16日"
    others = [n for n, r in corpus_results.items() if "GX-P102" in r.codes]
    assert others == ["pingtan-xzspj_2018.txt"]


@pytest.mark.parametrize("own,other", [
    ("平潭综合实验区财政金融局", "平潭综合实验区财政全融局"), ("沭阳县人民政府", "沐阳县人民政府"),
    ("平潭综合实验区财政金融局", "区财政金融局"), ("平潭综合实验区市场监督管理局", "平潭综合实验区市场监管局"),
])
def test_typos_ocr_and_short_forms_are_the_same_agency(own, other):
    assert same_agency(own, other)


@pytest.mark.parametrize("own,other", [
    ("平潭综合实验区财政金融局", "福州市财政局"), ("沭阳县财政局", "泗阳县财政局"), ("平潭综合实验区公安局", "平潭综合实验区财政金融局"),
])
def test_other_agencies_are_not(own, other):
    assert not same_agency(own, other)


def test_p103_fires_on_a_report_signed_by_another_agency(tmp_path):
    raw = (CORPORA / "pingtan-czjrj_2023.txt").read_text(encoding="utf-8")
    tail = raw.rstrip()[-40:]
    assert "平潭综合实验区财政金融局" in tail
    copied = raw[: len(raw.rstrip()) - 40] + tail.replace("平潭综合实验区财政金融局", "福州市长乐区财政局")
    p = tmp_path / "copied.txt"
    p.write_text(copied, encoding="utf-8")
    r = review(p)
    f = [f for f in r.findings if f.code == "GX-P103"]
    assert len(f) == 1
    assert f[0].evidence["other"] == "福州市长乐区财政局" and f[0].evidence["own"] == "平潭综合实验区财政金融局"
    assert r.text[f[0].start:f[0].end] == "福州市长乐区财政局"


def test_expected_lists_p_codes_consistently():
    for name, e in EXPECTED.items():
        assert "GX-P101" in e["must_not"], name
