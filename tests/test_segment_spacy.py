"""spaCy integration: blank zh + jieba (domain dictionary), the registered "gxreview" component."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from gxreview.normalize import fold  # noqa: E402
from gxreview.spacy_pipeline import SPAN_GROUPS, blank_zh  # noqa: E402

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


@pytest.fixture(scope="module")
def nlp():
    return blank_zh()


@pytest.fixture(scope="module")
def xiangtan(nlp):
    return nlp((CORPORA / "xiangtan-sjj_2024.txt").read_text(encoding="utf-8"))


def test_jieba_segmenter_with_domain_dictionary(nlp):
    doc = nlp.make_doc("推进12345热线和一网通办，依申请公开3件，接待84.28万人。")
    toks = [t.text for t in doc]
    assert "12345热线" in toks and "一网通办" in toks and "依申请公开" in toks and "84.28" in toks


def test_sections_as_spans(xiangtan):
    labels = [s.label_ for s in xiangtan.spans["gx_sections"] if s.label_ not in ("preamble", "extra")]
    assert labels == ["overview", "proactive", "applications", "appeals", "problems", "other"]
    for s in xiangtan.spans["gx_sections"]:
        if s._.gx.heading:
            assert fold(s.text).startswith(fold(s._.gx.heading))


def test_figures_findings_and_result(xiangtan):
    r = xiangtan._.gx_result
    assert r is not None and r.report.year == 2024
    assert [s._.gx.code for s in xiangtan.spans["gx_findings"]].count("GX-N101") == 1
    n101 = next(s for s in xiangtan.spans["gx_findings"] if s.label_ == "GX-N101")
    assert n101.text == "（四）"
    for s in xiangtan.spans["gx_figures"]:
        assert fold(s._.gx.text) in fold(s.text)


def test_sentences_set_doc_sents(xiangtan):
    sents = [s.text.strip() for s in xiangtan.sents if s.text.strip()]
    assert any(s.startswith("2024年大厅共接待来访群众84.28万人") for s in sents)
    assert "一、总体情况" in sents
    assert len(sents) == len(xiangtan.spans["gx_sentences"])


def test_offsets_skip_the_crawl_header(nlp):
    raw = (CORPORA / "pingtan-czjrj_2021.txt").read_text(encoding="utf-8-sig")
    doc = nlp(raw)
    overview = next(s for s in doc.spans["gx_sections"] if s.label_ == "overview")
    assert overview.text.startswith("一、总体情况")
    assert doc._.gx_result.report.org == "平潭综合实验区财政金融局"


def test_component_in_a_user_pipeline():
    user = spacy.blank("zh")  # the user's own pipeline (char segmenter)
    user.add_pipe("gxreview", config={"set_sents": False})
    doc = user((CORPORA / "shanghai-kewei_2024.txt").read_text(encoding="utf-8"))
    assert {s.label_ for s in doc.spans["gx_findings"]} >= {"GX-S102"}
    assert set(SPAN_GROUPS) <= set(doc.spans)


def test_not_a_report_sets_an_error_not_an_exception(nlp):
    doc = nlp("今天天气很好，我们去公园散步。")
    assert doc._.gx_result is None and doc._.gx_error
    assert all(len(doc.spans[g]) == 0 for g in SPAN_GROUPS)


def test_plain_review_does_not_import_spacy():
    code = ("import sys; from gxreview import review; review(sys.argv[1]); "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(CORPORA / "xiangtan-sjj_2024.txt")],
                         capture_output=True, text=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr
