"""Train the metric labeller: ``python -m gxreview.learn.train_metrics``.

Reads ``models/metrics/annotations.jsonl`` (see :mod:`gxreview.learn.annotate`), splits by agency
(all years of one agency on the same side, so near-identical yearly reports cannot leak), fits a
scikit-learn multinomial logistic regression on binary character-n-gram features of the left
context (:func:`gxreview.figures.model.features`), and writes data only — never pickle:

* ``models/metrics/model.json``: classes, vocabulary, coefficients, intercepts;
* ``models/metrics/manifest.json``: data, split, parameters, held-out accuracy.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from ..figures.model import CONTEXT_CHARS, MIN_PROBABILITY, MetricModel, features

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "models" / "metrics"
PARAMS = {"C": 4.0, "max_iter": 2000, "solver": "lbfgs", "min_feature_count": 1, "test_share": 0.25,
          "context_chars": CONTEXT_CHARS, "min_probability": MIN_PROBABILITY, "decimals": 4}


def agency(report: str) -> str:
    return Path(report).stem.rsplit("_", 1)[0]


def is_test(ag: str, share: float) -> bool:
    """Deterministic agency-level split by hash."""
    h = int(hashlib.sha256(ag.encode()).hexdigest()[:8], 16)
    return (h % 1000) / 1000 < share


def main() -> None:
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    rows = [json.loads(line) for line in (OUT / "annotations.jsonl").read_text(encoding="utf-8").splitlines() if line]
    train = [r for r in rows if not is_test(agency(r["report"]), PARAMS["test_share"])]
    test = [r for r in rows if is_test(agency(r["report"]), PARAMS["test_share"])]
    counts = Counter(f for r in train for f in set(features(r["context"], r["unit"], r["kind"])))
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= PARAMS["min_feature_count"]))}

    def matrix(rs):
        data, ind, ptr = [], [], [0]
        for r in rs:
            idx = sorted({vocab[f] for f in features(r["context"], r["unit"], r["kind"]) if f in vocab})
            ind.extend(idx)
            data.extend([1.0] * len(idx))
            ptr.append(len(ind))
        return csr_matrix((data, ind, ptr), shape=(len(rs), len(vocab)))

    clf = LogisticRegression(C=PARAMS["C"], max_iter=PARAMS["max_iter"], solver=PARAMS["solver"])
    clf.fit(matrix(train), [r["metric"] for r in train])
    d = PARAMS["decimals"]
    classes = [str(c) for c in clf.classes_]
    coef = clf.coef_.T.tolist()
    model = {"format": "gxreview-linear-v1", "classes": classes, "vocab": vocab,
             "coef": [[round(x, d) for x in row] for row in coef],
             "intercept": [round(x, d) for x in clf.intercept_.tolist()]}
    # held-out accuracy of the exported (rounded) weights, as used at run time
    m = MetricModel(model)
    hits = sum(m.predict(r["context"], r["unit"], r["kind"])[0] == r["metric"] for r in test)
    train_hits = sum(m.predict(r["context"], r["unit"], r["kind"])[0] == r["metric"] for r in train)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "model.json").write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    data_sha = hashlib.sha256((OUT / "annotations.jsonl").read_bytes()).hexdigest()
    manifest = {
        "model": "models/metrics/model.json",
        "kind": "multinomial logistic regression (scikit-learn LogisticRegression), weights exported as JSON",
        "features": "binary character 1-3-grams of the last context_chars characters left of the figure, "
                    "end n-grams, unit, kind (gxreview.figures.model.features)",
        "data": {"annotations": "models/metrics/annotations.jsonl", "sha256": data_sha, "figures": len(rows),
                 "reports": len({r["report"] for r in rows}), "labels": dict(sorted(Counter(r["metric"] for r in rows).items()))},
        "split": {"by": "agency (all years of an agency on one side)", "test_share": PARAMS["test_share"],
                  "train_figures": len(train), "test_figures": len(test),
                  "test_agencies": sorted({agency(r["report"]) for r in test})},
        "parameters": PARAMS,
        "accuracy": {"held_out": round(hits / len(test), 4) if test else None,
                     "train": round(train_hits / len(train), 4) if train else None},
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"train {len(train)} / test {len(test)} figures; held-out accuracy {manifest['accuracy']['held_out']}; "
          f"{len(vocab)} features, {len(classes)} classes → {OUT / 'model.json'}")


if __name__ == "__main__":
    main()
