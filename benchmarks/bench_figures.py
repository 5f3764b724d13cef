"""Figure extraction + metric labelling throughput on the narrative of the corpus (UTF-8 MB/s).

Narrative = the report text outside the table regions (tables stage). Run:
``.venv/bin/python benchmarks/bench_figures.py``; records its block in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._memos import clear_content_memos  # noqa: E402
from benchmarks._results import write_section  # noqa: E402
from gxreview.figures import extract_figures  # noqa: E402
from gxreview.io import load  # noqa: E402
from gxreview.pipeline import analyse  # noqa: E402


def narrative(path: Path) -> str:
    a = analyse(load(path))
    t = a.text
    regions = sorted(getattr(a.tables, "regions", None) or [])
    parts, pos = [], 0
    for s, e in regions:
        parts.append(t[pos:s])
        pos = max(pos, e)
    parts.append(t[pos:])
    return "\n".join(parts)


def main() -> None:
    files = sorted((ROOT / "corpora").rglob("*.txt")) + sorted((ROOT / "corpora").rglob("*.html"))
    texts = [narrative(p) for p in files if not p.name.startswith(("README", "SOURCES", "EXPECTED"))]
    corpus = "\n".join(texts)
    reps = max(1, int(5_000_000 / max(1, len(corpus.encode("utf-8")))))
    nbytes = len(corpus.encode("utf-8")) * reps
    extract_figures(corpus[:2000])  # warm up (model load)
    best = float("inf")
    n = 0
    for _ in range(3):
        elapsed, n = 0.0, 0
        for _copy in range(reps):
            clear_content_memos()
            t0 = time.perf_counter()
            n += len(extract_figures(corpus))
            elapsed += time.perf_counter() - t0
        best = min(best, elapsed)
    mbs = nbytes / best / 1e6
    md = (f"| narrative bytes (UTF-8) | figures | best of 3 | throughput |\n|---|---|---|---|\n"
          f"| {nbytes:,} ({len(texts)} reports ×{reps}) | {n:,} | {best:.2f} s | **{mbs:.1f} MB/s** |\n\n"
          f"Extraction with metric labelling (rules + JSON model), `gxreview.figures.extract_figures`, one call per "
          f"copy with the cross-text memos cleared before each (every copy counts as unseen text); target > 5 MB/s.")
    print(md)
    write_section("figures", md)


if __name__ == "__main__":
    main()
