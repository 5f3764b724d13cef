"""Evaluate figure extraction and metric labels against the gold set: ``python -m gxreview.figures.evaluate``.

Gold files: ``tests/gold/figures/*.json`` (rules in that folder's README); ``--gold DIR`` evaluates
another gold folder (``tests/gold/figures_independent``), ``-v`` lists every disagreement. A predicted figure is a
true positive when a gold figure has the same span and the same value, unit and qualifier.
Metric accuracy is over the gold figures found: the predicted ``metric`` equals the gold one
(null = no metric) and, when the gold lists ``metrics``, the lists are equal too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
GOLD_DIR = ROOT / "tests" / "gold" / "figures"
CORPORA = ROOT / "corpora"


def _key(d: dict) -> tuple:
    return (d["start"], d["end"], d["value"], d["unit"], d["qualifier"])


def evaluate(gold_dir: Path = GOLD_DIR, corpora: Path = CORPORA) -> dict:
    """Per-report and overall precision, recall and metric accuracy."""
    import warnings

    warnings.filterwarnings("ignore", message=".*pkg_resources.*")
    from ..io import load
    from ..pipeline import analyse

    per = {}
    tp = fp = fn = m_ok = m_n = 0
    errors = []
    for gf in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        a = analyse(load(corpora / gold["report"]))
        pred = [f.to_dict() for f in a.figures]
        gk = {_key(g): g for g in gold["figures"]}
        pk = {_key(p): p for p in pred}
        t = len(gk.keys() & pk.keys())
        per[gold["report"]] = {"gold": len(gk), "predicted": len(pk), "tp": t}
        tp += t
        fp += len(pk) - t
        fn += len(gk) - t
        errors += [("missed", gold["report"], g["text"], g["start"]) for k, g in gk.items() if k not in pk]
        errors += [("spurious", gold["report"], p["text"], p["start"]) for k, p in pk.items() if k not in gk]
        for k in gk.keys() & pk.keys():
            g, p = gk[k], pk[k]
            ok = g["metric"] == p["metric"] and (not g.get("metrics") or g["metrics"] == p["metrics"])
            m_n += 1
            m_ok += ok
            if not ok:
                errors.append(("metric", gold["report"], f"{g['text']} gold={g['metric']} got={p['metric']}", g["start"]))
    return {"precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "metric_accuracy": m_ok / m_n if m_n else 1.0, "tp": tp, "fp": fp, "fn": fn, "reports": per,
            "errors": errors}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    gold_dir = GOLD_DIR
    if "--gold" in args:
        gold_dir = Path(args[args.index("--gold") + 1])
    r = evaluate(gold_dir)
    for rep, d in r["reports"].items():
        print(f"{rep:40s} gold {d['gold']:3d}  predicted {d['predicted']:3d}  matched {d['tp']:3d}")
    print(f"\nextraction precision {r['precision']:.4f}  recall {r['recall']:.4f}  (tp {r['tp']}, fp {r['fp']}, fn {r['fn']})")
    print(f"metric-label accuracy {r['metric_accuracy']:.4f}")
    if "-v" in args:
        for e in r["errors"]:
            print("  ", *e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
