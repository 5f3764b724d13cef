"""The learned metric labeller at run time: JSON weights, no scikit-learn, no pickle.

``models/metrics/model.json`` holds ``classes``, ``vocab`` (feature → row), ``coef`` (one row of
class weights per feature) and ``intercept``; :func:`features` must match the trainer's.
"""

from __future__ import annotations

import json
import math
from functools import cache, lru_cache
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent.parent.parent / "models" / "metrics"
MODEL_PATH = MODEL_DIR / "model.json"
MIN_PROBABILITY = 0.5
CONTEXT_CHARS = 16
MEMO_SIZE = 4096  # predictions kept per model (cleared when full)


def features(ctx: str, unit: str | None, kind: str) -> list[str]:
    """Character 1–3-grams of the last :data:`CONTEXT_CHARS` characters of the left context, the unit and kind."""
    c = ctx[-CONTEXT_CHARS:]
    out = [f"u={unit}", f"k={kind}"]
    for n in (1, 2, 3):
        out.extend(c[i:i + n] for i in range(len(c) - n + 1))
    # the last few characters matter most: mark them by distance
    out.extend(f"e{n}={c[-n:]}" for n in (1, 2, 3, 4) if len(c) >= n)
    return out


class MetricModel:
    """A multinomial linear model over sparse binary features (weights from JSON)."""

    def __init__(self, data: dict):
        import numpy as np

        self.classes: list[str] = data["classes"]
        self.vocab: dict[str, int] = data["vocab"]
        self.coef = np.asarray(data["coef"], dtype=np.float64)
        self.intercept = np.asarray(data["intercept"], dtype=np.float64)
        self._memo: dict[tuple[str, str | None, str], tuple[str, float]] = {}

    def _feature_rows(self, ctx: str, unit: str | None, kind: str) -> list[int]:
        """Sorted distinct vocabulary rows of :func:`features` (same set, built with fewer steps)."""
        c = ctx[-CONTEXT_CHARS:]
        n = len(c)
        feats = [f"u={unit}", f"k={kind}", *c, *map(c.__getitem__, _ngram_slices(n))]
        feats += [f"e{k}={c[-k:]}" for k in (1, 2, 3, 4) if n >= k]
        rows = set(map(self.vocab.get, feats))
        rows.discard(None)
        return sorted(rows)

    def predict(self, ctx: str, unit: str | None, kind: str) -> tuple[str, float]:
        """The most probable class and its probability (softmax of the linear scores); memoised on
        what the features read (the last :data:`CONTEXT_CHARS` characters, unit and kind)."""
        key = (ctx[-CONTEXT_CHARS:], unit, kind)
        out = self._memo.get(key)
        if out is None:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            out = self._memo[key] = self._predict(*key)
        return out

    def _predict(self, ctx: str, unit: str | None, kind: str) -> tuple[str, float]:
        idx = self._feature_rows(ctx, unit, kind)
        scores = (self.coef.take(idx, axis=0).sum(axis=0) + self.intercept).tolist() if idx else self.intercept.tolist()
        mx = max(scores)
        ex = [math.exp(s - mx) for s in scores]
        best = ex.index(max(ex))
        return self.classes[best], ex[best] / sum(ex)


@cache
def _ngram_slices(n: int) -> tuple[slice, ...]:
    """The slices giving the 2-grams then the 3-grams of a string of length ``n``."""
    return tuple(slice(i, i + k) for k in (2, 3) for i in range(n - k + 1))


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> MetricModel | None:
    """The trained model, or None when no model file is present (rules alone then)."""
    p = Path(path) if path else MODEL_PATH
    if not p.is_file():
        return None
    return MetricModel(json.loads(p.read_text(encoding="utf-8")))
