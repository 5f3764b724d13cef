"""Figure extraction: fields, spans, exclusions, and the gold set (P, R ≥ 0.97, metric ≥ 0.9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gxreview.figures import extract_figures
from gxreview.figures.evaluate import GOLD_DIR, evaluate

ROOT = Path(__file__).resolve().parent.parent


def figs(text):
    return extract_figures(text)


def one(text):
    out = figs(text)
    assert len(out) == 1, [f.text for f in out]
    return out[0]


def test_fields_and_span():
    t = "2024年大厅共接待来访群众84.28万人，12345热线共接听来电41.48万个，较去年同期增长17.57%，按时办结率99.75%。"
    out = figs(t)
    assert [f.text for f in out] == ["84.28万人", "41.48万个", "17.57%", "99.75%"]
    for f in out:
        assert t[f.start:f.end] == f.text
    v = out[0]
    assert (v.value, v.unit, v.kind, v.qualifier, v.low, v.high, v.metric) == (842800, "人", "count", "exact", 842750, 842850, "visitors")
    assert out[1].metric == "hotline_calls"
    assert (out[2].kind, out[2].metric) == ("growth", "growth")
    assert (out[3].kind, out[3].metric) == ("percent", "completion_rate")


@pytest.mark.parametrize("text,value,unit,qual,low,high", [
    ("累计处理事务超3.3万件。", 33000, "件", "more_than", 33000, None),
    ("网办业务1.3万余件。", 13000, "件", "more_than", 13000, 14000),
    ("综窗率达70%以上。", 70, "%", "at_least", 70, None),
    ("其中门户网站600余条。", 600, "条", "more_than", 600, 700),
    ("发布信息1000多条。", 1000, "条", "more_than", 1000, 2000),
    ("接待群众约100人。", 100, "人", "approx", 95, 105),
    ("收取信息处理费9116.36万元。", 91163600, "元", "exact", 91163550, 91163650),
    ("满意度达到百分之九十九点七五。", 99.75, "%", "exact", 99.745, 99.755),
    ("办理三十余件。", 30, "件", "more_than", 30, 40),
    ("处理十几个问题。", 10, "个", "more_than", 10, 20),
    ("办件量同比下降5%。", -5, "%", "exact", -5.5, -4.5),
    ("满意率提高3个百分点。", 3, "百分点", "exact", 2.5, 3.5),
    ("共收到申请1,100件。", 1100, "件", "exact", 1100, 1100),
])
def test_values_qualifiers_intervals(text, value, unit, qual, low, high):
    f = one(text)
    assert (f.value, f.unit, f.qualifier, f.low, f.high) == (value, unit, qual, low, high)
    assert "万" not in f.unit


@pytest.mark.parametrize("text", [
    "积极围绕“高效办成一件事”“一网通办”推进一窗通办。",
    "深化“三集中三到位”改革，落实“最多跑一次”，履行“三审三校”制度。",
    "推进12345热线“一线应答”。",
    "依据《通知》（湘财税〔2021〕3号）和（国办公开办函〔2021〕30号）文件。",
    "本报告共分6个部分，包括六个部分。",
    "2024年1月1日起至2024年12月31日止。",
    "一是加强领导；二是完善制度。（一）主动公开。1.加强用权信息公开",
    "通讯地址：商务营运中心7号楼14层；邮编：350400；电话：0591-23165385。",
    "网址 www.pingtan.gov.cn 和 https://a.gov.cn/2024/3.htm",
    "建立“三个一”工作机制，出台《支持企业共渡难关八条措施》。",
    "依据条例第三十六条第五项。",
])
def test_never_a_figure(text):
    assert figs(text) == []


def test_several_metrics_in_one_span():
    f = figs("反映事项20件，办结率和满意率均为100%。")[-1]
    assert f.metric == "completion_rate"
    assert f.metrics == ("completion_rate", "satisfaction_rate")


def test_gold_set_has_eight_reports_of_different_shapes():
    files = sorted(GOLD_DIR.glob("*.json"))
    assert len(files) >= 8
    reports = [json.loads(p.read_text(encoding="utf-8"))["report"] for p in files]
    assert any(r.endswith(".html") for r in reports)


@pytest.fixture(scope="module")
def gold_eval():
    return evaluate()


def test_gold_precision_recall(gold_eval):
    assert gold_eval["precision"] >= 0.97, gold_eval["errors"][:20]
    assert gold_eval["recall"] >= 0.97, gold_eval["errors"][:20]


def test_gold_metric_accuracy(gold_eval):
    assert gold_eval["metric_accuracy"] >= 0.9, [e for e in gold_eval["errors"] if e[0] == "metric"]


def test_corpus_spans_and_exclusions():
    """On every corpus report: spans are exact and no figure starts on an excluded span."""
    from gxreview.figures.extract import excluded_spans
    from gxreview.io import load

    for p in sorted((ROOT / "corpora").glob("*.txt")):
        t = load(p).text
        ex = [(a, b) for a, b, why in excluded_spans(t) if why != "title"]
        for f in extract_figures(t):
            assert t[f.start:f.end] == f.text
            assert not any(a <= f.start < b for a, b in ex), (p.name, f.text)


def test_model_is_data_only():
    from gxreview.figures.model import MODEL_DIR

    manifest = json.loads((MODEL_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["accuracy"]["held_out"] is not None
    assert not list(MODEL_DIR.glob("*.pkl")) and not list(MODEL_DIR.glob("*.pickle"))
    json.loads((MODEL_DIR / "model.json").read_text(encoding="utf-8"))


def test_qualifier_words_agree_with_their_bounds():
    """The extractor's qualifier lists (by position) are exactly the words numerals.QUALIFIER_WORDS bounds."""
    from gxreview.figures.patterns import NUMERAL_SUFFIX_QUALIFIERS, POST_QUALIFIERS, PREFIX_QUALIFIERS
    from gxreview.numerals import QUALIFIER_WORDS

    listed = [*PREFIX_QUALIFIERS, *NUMERAL_SUFFIX_QUALIFIERS, *POST_QUALIFIERS]
    assert len(listed) == len(set(listed))
    assert set(listed) == set(QUALIFIER_WORDS)
    assert {QUALIFIER_WORDS[w][1] for w in NUMERAL_SUFFIX_QUALIFIERS} == {"next_step"}


def test_model_feature_rows_are_the_trainers_features():
    """The run-time shortcut MetricModel._feature_rows gives the rows of features() (what the trainer used)."""
    import random

    from gxreview.figures.model import features, load_model

    model = load_model()
    assert model is not None
    rng = random.Random(3)
    alphabet = "主动公开政府信息共收到申请办结率满意度接待群众来电件条人次，。其中"
    for n in range(0, 30):
        ctx = "".join(rng.choice(alphabet) for _ in range(n))
        for unit, kind in (("件", "count"), ("%", "percent"), (None, "count")):
            want = sorted({model.vocab[f] for f in features(ctx, unit, kind) if f in model.vocab})
            assert model._feature_rows(ctx, unit, kind) == want, ctx


def test_model_predictions_memoised_on_what_the_features_read():
    """predict() memoises on (last CONTEXT_CHARS characters, unit, kind): what features() reads."""
    from gxreview.figures.model import CONTEXT_CHARS, features, load_model

    model = load_model()
    assert model is not None
    ctx = "今年我局共收到政府信息公开申请，其中予以公开"
    assert features(ctx, "件", "count") == features(ctx[-CONTEXT_CHARS:], "件", "count")
    fresh = model._predict(ctx, "件", "count")
    assert model.predict(ctx, "件", "count") == fresh == model.predict("前文" + ctx, "件", "count")
    assert model.predict(ctx, "%", "percent") == model._predict(ctx, "%", "percent")
