"""Own-history reuse on the real corpus: scores.reuse and GX-B101 (contract §2, §3)."""

from __future__ import annotations

import re

import pytest

from gxreview.document import Document
from gxreview.pipeline import as_document, review
from gxreview.reuse.mask import NUM, ORG, YEAR, mask

from .conftest import CORPORA

HIGH = [("pingtan-czjrj", 2023), ("pingtan-czjrj", 2024), ("pingtan-czjrj", 2025), ("pingtan-lywtj", 2024),
        ("pingtan-scjgj", 2023), ("pingtan-scjgj", 2024)]
LOW = [("pingtan-zhsyq", 2022), ("pingtan-zhsyq", 2024), ("pingtan-lywtj", 2025), ("pingtan-scjgj", 2025),
       ("pingtan-shsyj", 2025)]


def _pair(agency: str, year: int):
    return review(CORPORA / f"{agency}_{year}.txt", prior=CORPORA / f"{agency}_{year - 1}.txt")


@pytest.mark.parametrize(("agency", "year"), HIGH)
def test_high_reuse_pairs(agency, year):
    r = _pair(agency, year)
    s = r.scores["reuse"]
    assert s["value"] >= 0.6, s["value"]
    assert s["prior"].endswith(f"{agency}_{year - 1}.txt")
    assert "GX-B101" in r.codes
    assert s["passages"]
    p = s["passages"][0]
    # offsets on both sides point at the reused text
    prior_text = as_document(CORPORA / f"{agency}_{year - 1}.txt").text
    assert r.text[p["start"]:p["end"]].startswith(p["text"].rstrip("…"))
    assert prior_text[p["prior_start"]:p["prior_end"]]
    for q in s["passages"]:
        for sent in q["sentences"]:
            a = mask(r.text[sent["start"]:sent["end"]], r.report.org)
            b = mask(prior_text[sent["prior_start"]:sent["prior_end"]], r.report.org)
            if sent["ratio"] == 100.0:
                assert a == b


@pytest.mark.parametrize(("agency", "year"), LOW)
def test_low_reuse_pairs(agency, year):
    r = _pair(agency, year)
    assert r.scores["reuse"]["value"] < 0.3
    assert "GX-B101" not in r.codes


def test_stale_years_listed():
    s = _pair("pingtan-czjrj", 2024).scores["reuse"]
    stale = s["stale_years"]
    assert [x["year"] for x in stale] == [2023]
    assert any(x["year"] == 2023 for p in s["passages"] for x in p["stale_years"])
    s25 = _pair("pingtan-czjrj", 2025)
    assert {x["text"] for x in s25.scores["reuse"]["stale_years"]} == {"2024"}
    x = s25.scores["reuse"]["stale_years"][0]
    assert s25.text[x["start"]:x["end"] + 10].startswith("2024年制作")


def test_per_section_shares():
    s = _pair("pingtan-czjrj", 2025).scores["reuse"]
    assert s["sections"]["problems"]["value"] >= 0.9
    assert 0 <= s["sections"]["overview"]["value"] <= 1
    assert sum(v["chars"] for v in s["sections"].values()) == s["chars"]


def _bumped(path, delta=1) -> Document:
    doc = as_document(path)
    text = re.sub(r"(?<!\d)(20\d{2})(?!\d)", lambda m: str(int(m.group(1)) + delta), doc.text)
    meta = {k: re.sub(r"20\d{2}", lambda m: str(int(m.group(0)) + delta), v) for k, v in doc.meta.items()}
    return Document(source=doc.source + "+1", text=text, raw_body=text, kind="txt", meta=meta)


@pytest.mark.parametrize("name", ["pingtan-zhsyq_2024.txt", "pingtan-scjgj_2025.txt", "shuyang-xzf_2025.txt",
                                  "xiangtan-sjj_2024.txt", "pingtan-shsyj_2025.txt"])
def test_year_bumped_copy_scores_at_least_090(name):
    prior = as_document(CORPORA / name)
    r = review(_bumped(CORPORA / name), prior=prior)
    s = r.scores["reuse"]
    assert s["value"] >= 0.9, s["value"]
    b101 = [f for f in r.findings if f.code == "GX-B101"]
    assert b101 and b101[0].severity == "error"


def test_single_year_only_sentence_does_not_fire():
    """zhsyq 2024 repeats last year's one-line section 六 with its year changed: listed, no B101."""
    r = _pair("pingtan-zhsyq", 2024)
    s = r.scores["reuse"]
    assert s["year_only_sentences"] >= 1
    assert any(p["year_only"] for p in s["passages"])
    assert "GX-B101" not in r.codes


def test_no_prior_no_score():
    r = review(CORPORA / "pingtan-czjrj_2024.txt")
    assert "reuse" not in r.scores and "GX-B101" not in r.codes


def test_mask_forms():
    org = "平潭综合实验区财政金融局"
    assert mask("2024年区财政金融局公开信息61条，占15.4%。", org) == f"{YEAR}年{ORG}公开信息{NUM}条占{NUM}"
    assert mask("一是加强培训；（二）改进措施", None) == "加强培训改进措施"
    assert mask("主动公开政府信息107条", None) == mask("主动公开政府信息61条", None)
    assert mask("2023年制作", None) != mask("本年制作", None)


def test_template_sentences_never_count():
    """The statutory basis, 统计期限 and contact sentences are template text on both sides."""
    from gxreview.pipeline import analyse
    from gxreview.reuse.narrative import units_of

    a = analyse(as_document(CORPORA / "pingtan-czjrj_2024.txt"))
    units = units_of(a)
    tmpl = [u.text for u in units if u.template]
    assert any("中华人民共和国政府信息公开条例" in t for t in tmpl)
    assert any("统计期限" in t for t in tmpl)
    assert any("如对本报告有任何疑问" in t for t in tmpl)
    assert not any("勾稽" in u.text for u in units if not u.template)
    # table text is not narrative
    assert not any("本年新收政府信息公开申请数量" in u.text for u in units if not u.template)
    assert any("2023年，在主动公开的61条" in u.text for u in units if not u.template)
