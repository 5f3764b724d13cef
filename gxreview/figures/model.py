"""The learned metric labeller at run time: JSON weights, no scikit-learn, no pickle.

``models/metrics/model.json`` holds ``classes``, ``vocab`` (feature → row), ``coef`` (one row of
class weights per feature) and ``intercept``; :func:`features` must match the trainer's.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
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
        self._trie = _ngram_trie(self.vocab)
        self._pairs: dict[tuple[str | None, str], tuple[int | None, int | None]] = {}
        # the end features e1…e4 by the ending they mark: (k, {ending: row}) for k = 1…4
        self._ends = tuple((k, {f[3:]: r for f, r in self.vocab.items() if f.startswith(f"e{k}=") and len(f) == 3 + k})
                           for k in (1, 2, 3, 4))

    def _feature_rows(self, ctx: str, unit: str | None, kind: str) -> list[int]:
        """Sorted distinct vocabulary rows of :func:`features` (the same set, built with fewer steps:
        the 1–3-grams are found by walking :attr:`_trie` once along the context, which hashes each
        character once instead of making and hashing every n-gram string)."""
        c = ctx[-CONTEXT_CHARS:]
        rows = {*self._pair_rows(unit, kind), *[ends.get(c[-k:]) for k, ends in self._ends[:len(c)]]}
        add = rows.add
        root = self._trie
        after1: dict = {}  # trie children of the 1-gram ending at the previous character
        after2: dict = {}  # … and of the 2-gram ending there
        for ch in c:
            one, two, three = root.get(ch), after1.get(ch), after2.get(ch)
            if one is not None:
                add(one[0])
                after1 = one[1]
            else:
                after1 = {}
            if two is not None:
                add(two[0])
                after2 = two[1]
            else:
                after2 = {}
            if three is not None:
                add(three[0])
        rows.discard(None)
        return sorted(rows)

    def _pair_rows(self, unit: str | None, kind: str) -> tuple[int | None, int | None]:
        """Rows of the features ``u=<unit>`` and ``k=<kind>`` (memoised: units and kinds are few)."""
        out = self._pairs.get((unit, kind))
        if out is None:
            out = self._pairs[unit, kind] = (self.vocab.get(f"u={unit}"), self.vocab.get(f"k={kind}"))
        return out

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


def _ngram_trie(vocab: dict[str, int]) -> dict[str, list]:
    """The 1–3-character features of ``vocab`` as a trie: character → [row or None, children]."""
    root: dict[str, list] = {}
    for gram, row in vocab.items():
        if 1 <= len(gram) <= 3:
            node = root
            for i, ch in enumerate(gram):
                entry = node.setdefault(ch, [None, {}])
                if i == len(gram) - 1:
                    entry[0] = row
                node = entry[1]
    return root


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> MetricModel | None:
    """The trained model, or None when no model file is present (rules alone then)."""
    p = Path(path) if path else MODEL_PATH
    if not p.is_file():
        return None
    return MetricModel(json.loads(p.read_text(encoding="utf-8")))
