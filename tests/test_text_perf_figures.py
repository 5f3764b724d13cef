"""The figure extractor's shortcuts give what their plain forms give (numeral-heavy random text, corpus)."""

from __future__ import annotations

import random
from pathlib import Path

from gxreview.figures import extract as X
from gxreview.figures.metrics import left_context
from gxreview.figures.model import features, load_model
from gxreview.io import load

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpora").glob("*.txt"))
# numerals in every written form, magnitudes, qualifiers, units and what breaks them
PIECES = ["0", "1", "2", "12", "2021", "1,234", "12,345,678", "1,23", "3.5", "0.25", ".", ",", "万", "亿", "千", "百",
          "一", "二", "三", "十", "两", "零", "百分之", "余", "多", "几", "约", "超过", "不少于", "近", " ", "\t", "\n",
          "个", "件", "人次", "%", "元", "倍", "个百分点", "百分点", "年", "月", "数", "量", "为", "达到", "：", "，", "。",
          "以上", "左右", "号", "第", "是", "方面", "分钟", "分点"]


def _numeral_texts(n: int = 8000) -> list[str]:
    rng = random.Random(21)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 14))) for _ in range(n)]


def test_figure_starts_on_numeral_heavy_text():
    """_figure_matches (FIGURE_RE tried where the looser pattern, with an atomic Arabic numeral,
    holds) equals FIGURE_RE.finditer, and _unitless_matches (found by str.find) UNITLESS_RE.finditer."""
    found = unitless = grouped = 0
    for t in _numeral_texts():
        want = [(m.span(), m.groupdict()) for m in X.FIGURE_RE.finditer(t)]
        assert [(m.span(), m.groupdict()) for m in X._figure_matches(t)] == want, t
        found += len(want)
        grouped += sum(1 for _, g in want if any(c in g["num"] for c in ",.万亿"))
        want_u = [m.span() for m in X.UNITLESS_RE.finditer(t)]
        assert [m.span() for m in X._unitless_matches(t)] == want_u, t
        unitless += len(want_u)
    assert found > 2000 and grouped > 500 and unitless > 100


def test_model_rows_on_corpus_contexts():
    """MetricModel._feature_rows (a walk of the n-gram trie) gives the rows of features() for the
    left context of every corpus figure, for contexts made of vocabulary characters, and for
    contexts that spell feature names (u=件, e1=…)."""
    model = load_model()
    assert model is not None
    cases = []
    for p in CORPUS[:20]:
        text = load(p).text
        cases += [(left_context(text, f.start), f.unit, f.kind) for f in X.find_figures(text)]
    rng = random.Random(3)
    grams = [g for g in model.vocab if len(g) <= 3] + ["u=", "k=", "e1=", "e4=", "None"]
    for _ in range(3000):
        ctx = "".join(rng.choice(grams) for _ in range(rng.randint(0, 12)))
        cases.append((ctx, rng.choice(["件", "%", None, "条"]), rng.choice(["count", "percent", "money"])))
    assert len(cases) > 3000
    for ctx, unit, kind in cases:
        want = sorted({model.vocab[f] for f in features(ctx, unit, kind) if f in model.vocab})
        assert model._feature_rows(ctx, unit, kind) == want, ctx
