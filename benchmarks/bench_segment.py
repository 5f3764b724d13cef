"""Load + segment time per report over the corpus, normalised to ms per 10 KB of input.

Segment = sections (heading matcher, uncached) + sentences + subsections/enumerations/paragraphs.
jieba is excluded; ``--jieba`` times words separately (dictionary load reported on its own).
Target: load + segment under 2 ms per 10 KB report.

    .venv/bin/python benchmarks/bench_segment.py [--repeat 15] [--jieba] [--no-write] [paths...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._results import publish  # noqa: E402
from gxreview.io import load  # noqa: E402
from gxreview.segment import sections as sections_mod  # noqa: E402
from gxreview.segment.sentences import split_sentences  # noqa: E402
from gxreview.segment.structure import outlines  # noqa: E402

TARGET_MS_PER_10KB = 2.0
SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx")


def _best(fn, repeat: int) -> float:
    """Median wall time of ``fn`` in ms, content memos cleared before every run (unseen text each time)."""
    from benchmarks._memos import clear_content_memos

    times = []
    for _ in range(repeat):
        clear_content_memos()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def measure(path: Path, repeat: int) -> dict:
    size = path.stat().st_size
    doc = load(path)
    text = doc.text

    def sections():
        return sections_mod.find_sections(text)

    secs = sections()
    t_load = _best(lambda: load(path), repeat)
    t_sections = _best(sections, repeat)
    spans = [(s.start, s.body_start) for s in secs if s.key != "preamble"]  # as the pipeline passes them
    t_sentences = _best(lambda: split_sentences(text, spans), repeat)
    t_structure = _best(lambda: outlines(text, secs), repeat)
    per = 10240 / size
    seg = t_sections + t_sentences + t_structure
    return {"name": path.relative_to(ROOT / "corpora") if path.is_relative_to(ROOT / "corpora") else path,
            "kb": size / 1024, "chars": len(text), "load": t_load, "sections": t_sections, "sentences": t_sentences,
            "structure": t_structure, "segment": seg, "total": t_load + seg,
            "load_10k": t_load * per, "segment_10k": seg * per, "total_10k": (t_load + seg) * per}


def bench_jieba(paths: list[Path]) -> tuple[float, float]:
    """(dictionary load ms, words ms per 10 KB)."""
    from gxreview.segment import words as W

    t = time.perf_counter()
    W.tokenizer()
    t_dict = (time.perf_counter() - t) * 1000
    total_ms, total_bytes = 0.0, 0
    for p in paths:
        text = load(p).text
        total_ms += _best(lambda text=text: W.words(text), 3)
        total_bytes += p.stat().st_size
    return t_dict, total_ms * 10240 / total_bytes


def _weighted(rows: list[dict], suffix: str) -> float:
    sel = [r for r in rows if str(r["name"]).endswith(suffix)]
    size = sum(r["kb"] for r in sel) * 1024
    return sum(r["total"] for r in sel) * 10240 / size if size else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--jieba", action="store_true", help="also time jieba words (separately)")
    ap.add_argument("--no-write", action="store_true", help="print only, do not update RESULTS.md")
    args = ap.parse_args(argv)
    paths = args.paths or sorted(p for p in (ROOT / "corpora").rglob("*")
                                 if p.suffix in SUFFIXES and p.name not in ("SOURCES.md", "README.md"))
    rows = []
    for p in paths:
        try:
            rows.append(measure(p, args.repeat))
        except Exception as e:  # a reader not available in this checkout: skip, say so
            print(f"skip {p.name}: {type(e).__name__}: {e}", file=sys.stderr)
    if not rows:
        print("no report could be loaded", file=sys.stderr)
        return 1
    total_bytes = sum(r["kb"] for r in rows) * 1024
    agg = {k: sum(r[k] for r in rows) * 10240 / total_bytes for k in ("load", "sections", "sentences", "structure",
                                                                         "segment", "total")}
    worst = sorted(rows, key=lambda r: r["total_10k"], reverse=True)[:5]
    verdict = "meets" if agg["total"] < TARGET_MS_PER_10KB else "misses"
    lines = [
        f"{len(rows)} reports, {total_bytes / 1024:.0f} KB; median of {args.repeat} runs each; "
        f"ms per 10 KB of input (corpus-weighted).",
        "",
        "| stage | ms / 10 KB |",
        "|---|---|",
        *(f"| {k} | {agg[k]:.3f} |" for k in ("load", "sections", "sentences", "structure", "segment")),
        f"| **load + segment** | **{agg['total']:.3f}** ({verdict} the {TARGET_MS_PER_10KB} ms target) |",
        "",
        f"Plain-text reports only (no HTML parse): load + segment {_weighted(rows, '.txt'):.3f} ms / 10 KB.",
        "",
        f"Per report (ms / 10 KB): median {statistics.median(r['total_10k'] for r in rows):.3f}, "
        f"max {max(r['total_10k'] for r in rows):.3f}. Slowest:",
        "",
        "| report | KB | load | segment | total / 10 KB |",
        "|---|---|---|---|---|",
        *(f"| {r['name']} | {r['kb']:.1f} | {r['load']:.2f} ms | {r['segment']:.2f} ms | {r['total_10k']:.3f} |"
          for r in worst),
    ]
    if args.jieba:
        t_dict, words_10k = bench_jieba([ROOT / "corpora" / r["name"] for r in rows])
        lines += ["", f"jieba (separate, not in the target): dictionary + user dictionary load {t_dict:.0f} ms "
                      f"once per process; words {words_10k:.2f} ms per 10 KB."]
    md = "\n".join(lines)
    publish("segment", md, write=not args.no_write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
