"""Fact sheet and extractive summary (summary.facts always, summary.text only on request)."""

from __future__ import annotations

import re

import pytest

from gxreview import review
from gxreview.findings import Figure
from gxreview.summarize import headline_figures, narrative_sentences, summary_text, textrank

from .conftest import CORPORA

XIANGTAN = CORPORA / "xiangtan-sjj_2024.txt"


def _fig(text, value, start, end, kind="count", metric=None, unit="人"):
    return Figure(text, value, unit, kind, "exact", value, value, metric, None, "overview", start, end)


def test_summary_text_only_on_request():
    plain = review(XIANGTAN)
    assert plain.summary["text"] is None
    assert plain.summary["facts"]["org"] == "湘潭市数据局"
    with_text = review(XIANGTAN, summary_text=True)
    assert isinstance(with_text.summary["text"], str) and with_text.summary["text"]
    # the fact sheet does not depend on whether the text was asked for
    assert with_text.summary["facts"] == plain.summary["facts"]


def test_summary_deterministic_and_extractive_in_document_order():
    a = review(XIANGTAN, summary_text=True)
    b = review(XIANGTAN, summary_text=True)
    assert a.summary == b.summary
    text = a.text
    positions = []
    for sent in re.findall(r"[^。！？；]*[。！？；]", a.summary["text"]):
        pos = text.find(sent)
        assert pos >= 0, f"summary sentence not in the report: {sent}"
        positions.append(pos)
    assert positions == sorted(positions) and 2 <= len(positions) <= 6


def test_summary_prefers_specific_sentences():
    s = review(XIANGTAN, summary_text=True).summary["text"]
    # the opening boilerplate (习近平…, 认真贯彻…) is generic and not picked; sentences with figures are
    assert "习近平" not in s
    assert "84.28万人" in s


@pytest.mark.parametrize("name", ["pingtan-czjrj_2024.txt", "shanghai-kewei_2024.txt", "pingtan-gwbgs_2019.txt"])
def test_summary_on_other_reports(name):
    r = review(CORPORA / name, summary_text=True)
    s = r.summary["text"]
    assert s and len(s) < len(r.text) / 2
    assert review(CORPORA / name, summary_text=True).summary["text"] == s


def test_narrative_sentences_skip_headings_and_short_lines():
    from gxreview.pipeline import analyse, as_document

    a = analyse(as_document(XIANGTAN))
    sents = narrative_sentences(a)
    assert sents
    assert all(len(s.text.strip()) >= 16 for s in sents)
    assert not any(s.text.strip() in ("一、总体情况", "升级“湘易办”平台") for s in sents)
    assert summary_text(a) == summary_text(a)


def test_textrank_central_sentence_ranks_first():
    sets = [{"公开", "信息", "政府"}, {"公开", "信息", "申请"}, {"公开", "政府", "申请", "信息"}, {"天气", "晴朗"}]
    r = textrank(sets)
    assert max(range(4), key=r.__getitem__) == 2
    assert r[3] == pytest.approx(0.15)


def test_headline_attaches_growth_to_the_figure_it_qualifies():
    figs = [_fig("84.28万人", 842800, 10, 17, metric="visitors"),
            _fig("41.48万个", 414800, 40, 47, metric="hotline_calls", unit="个"),
            _fig("17.57%", 17.57, 54, 60, kind="growth", metric="growth", unit="%"),
            _fig("99.75%", 99.75, 80, 86, kind="percent", metric="completion_rate", unit="%"),
            _fig("3件", 3, 300, 302, metric=None, unit="件")]
    h = headline_figures(figs)
    assert [x["text"] for x in h] == ["84.28万人", "41.48万个", "99.75%"]
    assert h[1]["growth"]["text"] == "17.57%" and "growth" not in h[0]


def test_fact_sheet_lists_findings_by_severity():
    r = review(CORPORA / "shanghai-kewei_2024.txt")
    facts = r.summary["facts"]
    assert facts["findings"] == {s: r.count(s) for s in ("error", "warning", "info")}
    listed = [f["code"] for sev in ("error", "warning", "info") for f in facts["by_severity"][sev]]
    assert sorted(listed) == sorted(r.codes)
    assert facts["codes"] == sorted(set(r.codes))


def test_xiangtan_fact_sheet_headline_figures():
    """The issue's done-when line: visitors, hotline calls with growth, both rates, the 3 applications."""
    r = review(XIANGTAN)
    assert r.figures, "the figures stage found no figures in xiangtan: nothing to list"
    facts = r.summary["facts"]
    head = facts["headline"]
    by_text = {h["text"]: h for h in head}

    def find(prefix):
        hit = [h for t, h in by_text.items() if t.startswith(prefix)]
        assert hit, f"{prefix} missing from the headline figures: {sorted(by_text)}"
        return hit[0]

    assert find("84.28万")["metric"] == "visitors"
    calls = find("41.48万")
    assert calls["metric"] == "hotline_calls"
    assert calls.get("growth", {}).get("text") == "17.57%"
    assert find("99.75%")["metric"] == "completion_rate"
    assert find("94.96%")["metric"] == "satisfaction_rate"
    three = find("3件")
    assert three["value"] == 3 and three["metric"].startswith("applications")
    assert facts["findings"] == {s: r.count(s) for s in ("error", "warning", "info")}
    assert facts["codes"] == sorted(set(r.codes))


def test_headline_cap_keeps_key_metrics():
    from gxreview.summarize import MAX_HEADLINE

    figs = [_fig(f"{i}条", i, 10 * i, 10 * i + 2, metric="platforms") for i in range(MAX_HEADLINE + 5)]
    figs.append(_fig("84.28万人", 842800, 10_000, 10_007, metric="visitors"))
    h = headline_figures(figs)
    assert len(h) == MAX_HEADLINE and h[-1]["metric"] == "visitors"
    assert [x["start"] for x in h] == sorted(x["start"] for x in h)


def test_year_over_year_changes_when_prior_known():
    cur, prior = CORPORA / "pingtan-xzspj_2024.txt", CORPORA / "pingtan-xzspj_2023.txt"
    r = review(cur, prior)
    p = review(prior)
    facts = r.summary["facts"]
    assert facts["prior"] == str(prior)
    changes = {c["key"]: c for c in facts["changes"]}
    new = changes["applications_new"]
    assert new["value"] == r.tables["applications"]["new"]["total"]
    assert new["prior"] == p.tables["applications"]["new"]["total"]
    assert new["delta"] == new["value"] - new["prior"]
    assert review(cur).summary["facts"]["changes"] == []
