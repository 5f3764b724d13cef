"""Quality score, grades, reasons and triage order (issue 10)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from gxreview.codes import FINDING_CODES
from gxreview.quality import GRADES, WEIGHTS, grade, quality_from, top_reasons, triage_key

from .conftest import CORPORA, EXPECTED


def test_weights_and_grades():
    assert sum(WEIGHTS.values()) == 100
    assert [grade(v) for v in (100, 85, 84.9, 70, 69.9, 60, 59.9, 0)] == ["优", "优", "良", "良", "中", "中", "差", "差"]
    assert [g for g, _ in GRADES] == ["优", "良", "中", "差"]


def test_unassessable_components_are_left_out_and_renormalised():
    q = quality_from({"timeliness": None, "accuracy": {"value": 100.0}, "completeness": {"value": 80.0},
                      "originality": None, "specificity": {"value": 50.0}}, [])
    assert set(q["components"]) == {"accuracy", "completeness", "specificity"}
    assert q["not_assessed"] == ["originality", "timeliness"]
    assert q["value"] == pytest.approx((30 * 100 + 25 * 80 + 15 * 50) / 70, abs=0.05)
    assert sum(c["weight"] for c in q["components"].values()) == pytest.approx(1.0)


def test_every_report_has_a_quality_with_explained_components(corpus_results):
    for name, r in corpus_results.items():
        q = r.scores["quality"]
        assert 0 <= q["value"] <= 100 and q["grade"] == grade(q["value"]), name
        assert {"accuracy", "completeness", "specificity"} <= set(q["components"]), name
        for k, c in q["components"].items():
            assert 0 <= c["value"] <= 100 and c["because"], (name, k)
    xt = corpus_results["xiangtan-sjj_2024.txt"].scores["quality"]
    assert "timeliness" in xt["not_assessed"]  # no publication date: not guessed
    assert "timeliness" in corpus_results["pingtan-czjrj_2024.txt"].scores["quality"]["components"]


def test_originality_is_one_minus_reuse(corpus_results):
    r = corpus_results["pingtan-czjrj_2024.txt"]
    reuse = r.scores.get("reuse")
    if not reuse:
        pytest.skip("reuse scorer not available")
    assert r.scores["quality"]["components"]["originality"]["value"] == pytest.approx(100 * (1 - reuse["value"]), abs=0.1)


def _bad(name: str) -> bool:
    return any(FINDING_CODES[c].severity in ("error", "warning") for c in EXPECTED[name]["must"])


def test_reports_with_expected_findings_rank_below_clean_years_of_the_agency(corpus_results):
    by_org = defaultdict(list)
    for name, r in corpus_results.items():
        by_org[r.report.org_key].append(name)
    checked = 0
    for _org, names in by_org.items():
        clean = [n for n in names if not any(f.severity in ("error", "warning") for f in corpus_results[n].findings)]
        for bad in (n for n in names if _bad(n)):
            for good in clean:
                kb = triage_key(corpus_results[bad].to_dict())
                kg = triage_key(corpus_results[good].to_dict())
                assert kb < kg, (bad, kb[:3], good, kg[:3])
                checked += 1
    assert checked >= 8


def test_missing_section_reports_rank_below_complete_years(corpus_results):
    q = {n: r.scores["quality"]["value"] for n, r in corpus_results.items()}
    assert q["pingtan-czjrj_2021.txt"] < q["pingtan-czjrj_2022.txt"]
    assert q["pingtan-jjpq_2025.txt"] < q["pingtan-jjpq_2024.txt"]


def test_top_reasons_name_the_findings(corpus_results):
    d = corpus_results["pingtan-czjrj_2021.txt"].to_dict()
    reasons = top_reasons(d, 3)
    assert len(reasons) == 3 and reasons[0].startswith("GX-S101")
    assert any("GX-Y101" in x for x in reasons)
    assert top_reasons(d, 3) == reasons
    clean = top_reasons(corpus_results["pingtan-gwbgs_2023.txt"].to_dict(), 3)
    assert clean and all(not x.startswith(("GX-T", "GX-C101")) for x in clean)


def test_same_scores_whatever_the_order_or_number(corpus_results):
    from gxreview.cli import review_paths

    names = sorted(EXPECTED, reverse=True)
    again = dict(zip(names, review_paths([str(CORPORA / n) for n in names]), strict=True))
    for n in names:
        assert again[n].scores["quality"] == corpus_results[n].scores["quality"], n
    alone = review_paths([str(CORPORA / "xiangtan-sjj_2024.txt")])[0]
    assert alone.scores["quality"] == corpus_results["xiangtan-sjj_2024.txt"].scores["quality"]
    # a report whose prior is absent from the call loses only the prior-dependent parts
    single = review_paths([str(CORPORA / "pingtan-gwbgs_2023.txt")])[0]
    assert single.scores["completeness"] == corpus_results["pingtan-gwbgs_2023.txt"].scores["completeness"]


def test_triage_order_is_deterministic(corpus_results):
    ds = [r.to_dict() for r in corpus_results.values()]
    a = [d["source"] for d in sorted(ds, key=triage_key)]
    b = [d["source"] for d in sorted(reversed(ds), key=triage_key)]
    assert a == b
    assert triage_key({"source": "x", "error": {"code": "E002"}}) < min(triage_key(d) for d in ds)


def test_narrative_sentences_equal_a_scan_of_every_sentence():
    """narrative_sentences looks only at the sentences inside the measured sections: the same as
    testing every sentence of the report (corpus)."""
    from gxreview.checks import narrative as NR
    from gxreview.io import load
    from gxreview.pipeline import analyse

    for p in sorted(CORPORA.glob("*.txt")):
        a = analyse(load(p))
        heads = {s.start for s in a.sections}
        spans = [(s.key, s.body_start if s.key != "preamble" else s.start, s.end) for s in a.sections
                 if s.key in NR.SPECIFICITY_KEYS]
        want: dict = {}
        for sent in a.sentences:
            if len(sent.text) < 8 or NR._is_heading(sent, heads) or NR.in_tables(a, sent.start):
                continue
            key = next((k for k, b, e in spans if b <= sent.start < e), None)
            if key is not None:
                want.setdefault(key, []).append(NR.SentenceAnchor(sent.start, sent.end, NR.anchors_of(sent.text)))
        assert NR.narrative_sentences(a) == want, p.name


def test_figure_anchor_test_equals_the_figure_pattern():
    """anchors_of asks only whether FIGURE matches: _HAS_FIGURE answers the same (corpus, random)."""
    import random

    from gxreview.checks import narrative as NR
    from gxreview.io import load
    from gxreview.segment.sentences import split_sentences

    rng = random.Random(8)
    texts = [s.text for p in sorted(CORPORA.glob("*.txt")) for s in split_sentences(load(p).text)]
    pieces = ("1", "23", "2023", ".", "5", " ", "〔", "[", "万", "亿", "余", "多", "一", "两", "十", "百", "个", "项", "条",
              "件", "小时", "小", "时", "个工作日", "人次", "期次", "是", "步", "年", "%", "元", "中", "。")
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) for _ in range(50_000)]
    hits = 0
    for t in texts:
        want = bool(NR.FIGURE.search(t))
        assert bool(NR._HAS_FIGURE.search(t)) == want, t
        hits += want
    assert hits > 5000
