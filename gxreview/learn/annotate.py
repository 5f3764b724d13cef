"""Build ``models/metrics/annotations.jsonl``: one line per figure of every corpus report.

Each line: report, start, end, text, unit, kind, the left context the labeller sees, and the
metric label. Labels are the rule proposals reviewed by hand; where the review disagreed, the
correct label is recorded in ``models/metrics/corrections.json`` (``{report: {"start:text": metric}}``,
``"none"`` for no metric) and wins here. Run: ``python -m gxreview.learn.annotate``.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..figures.extract import find_figures
from ..figures.metrics import left_context, rule_metrics
from ..io import load

ROOT = Path(__file__).resolve().parent.parent.parent
CORPORA = ROOT / "corpora"
OUT_DIR = ROOT / "models" / "metrics"
ANNOTATIONS = OUT_DIR / "annotations.jsonl"
CORRECTIONS = OUT_DIR / "corrections.json"


def corpus_reports() -> list[Path]:
    files = sorted(p for p in CORPORA.rglob("*") if p.suffix in (".txt", ".html", ".htm", ".md")
                   and not p.name.upper().startswith(("README", "SOURCES", "EXPECTED")))
    return files


def annotate() -> list[dict]:
    corrections = json.loads(CORRECTIONS.read_text(encoding="utf-8")) if CORRECTIONS.is_file() else {}
    rows = []
    for path in corpus_reports():
        rel = path.relative_to(CORPORA).as_posix()
        text = load(path).text
        fixes = corrections.get(rel, {})
        for f in find_figures(text):
            ctx = left_context(text, f.start)
            labels = rule_metrics(ctx, f.unit, f.kind)
            label = labels[0] if labels else "none"
            key = f"{f.start}:{f.text}"
            source = "rule"
            if key in fixes:
                label, source = fixes[key], "corrected"
            rows.append({"report": rel, "start": f.start, "end": f.end, "text": f.text, "unit": f.unit,
                         "kind": f.kind, "context": ctx, "metric": label, "source": source})
    return rows


def main() -> None:
    rows = annotate()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with open(ANNOTATIONS, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} figures from {len({r['report'] for r in rows})} reports → {ANNOTATIONS}")


if __name__ == "__main__":
    main()
