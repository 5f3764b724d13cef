"""Reuse index benchmark: build time, query time per report, peak memory, LSH recall.

    python benchmarks/bench_reuse.py [--n 100000] [--recall-n 10000] [--queries 200] [--workers 2]

Synthetic reports come from benchmarks/synth.py (written once to the git-ignored
benchmarks/_synthetic/); the index goes to benchmarks/_work/. Figures are printed and recorded in
benchmarks/RESULTS.md through write_section("reuse", …).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _corpus(n: int) -> Path:
    from benchmarks.synth import generate

    out = ROOT / "benchmarks" / "_synthetic" / f"n{n}"
    if not (out / "truth.jsonl").exists() or sum(1 for _ in open(out / "truth.jsonl", encoding="utf-8")) != n:
        t = time.perf_counter()
        generate(n, out, seed=0)
        print(f"generated {n} synthetic reports in {time.perf_counter() - t:.0f} s", flush=True)
    return out


def _cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def build(n: int, workers: int):
    from gxreview.reuse import ReuseIndex

    corpus = _corpus(n)
    path = ROOT / "benchmarks" / "_work" / f"reuse_n{n}.gxi"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    t, c = time.perf_counter(), _cpu()
    idx = ReuseIndex(path, workers=workers).fit(corpus)
    wall, cpu = time.perf_counter() - t, _cpu() - c
    return idx, corpus, path, wall, cpu


def queries(idx, corpus: Path, k: int) -> tuple[float, float, float, int]:
    from gxreview.pipeline import analyse, as_document
    from gxreview.reuse.index import corpus_files

    files = corpus_files(corpus)
    rng = random.Random(0)
    sample = rng.sample(files, min(k, len(files)))
    times, prep, fired = [], [], 0
    warm = analyse(as_document(sample[0][0]))  # imports and caches outside the timings
    idx.query(warm)
    for path, _src in sample:
        t = time.perf_counter()
        a = analyse(as_document(path))
        from gxreview.reuse.narrative import units_of

        units_of(a)
        prep.append(time.perf_counter() - t)
        t = time.perf_counter()
        hits = idx.query(a)
        times.append(time.perf_counter() - t)
        fired += any(h["fires"] for h in hits)
    times.sort()
    return sum(times) / len(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000, sum(prep) / len(prep) * 1000, fired


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--recall-n", type=int, default=10_000)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--no-write", action="store_true")
    p.add_argument("--query-only", action="store_true",
                   help="time queries on the index an earlier full run left in benchmarks/_work (machine idle)")
    args = p.parse_args(argv)
    if args.query_only:
        return query_only(args)
    from gxreview.reuse.reference import lsh_recall

    rows = []
    recall_line = ""
    for n in sorted({args.recall_n, args.n}):
        idx, corpus, path, wall, cpu = build(n, args.workers)
        mean, p95, prep, fired = queries(idx, corpus, args.queries)
        size = path.stat().st_size / 1e6
        rows.append(f"| {n:,} | {wall:.0f} s | {cpu:.0f} s | {wall / n * 1000:.2f} ms | {size:.0f} MB | "
                    f"{mean:.1f} ms | {p95:.1f} ms | {prep:.0f} ms | {fired}/{args.queries} |")
        print(rows[-1], flush=True)
        if n == args.recall_n:
            t = time.perf_counter()
            recall, found, total = lsh_recall(idx, 0.5)
            recall_line = (f"LSH recall on {n:,} synthetic reports vs exact all-pairs masked 5-gram Jaccard ≥ 0.5: "
                           f"**{recall:.4f}** ({found}/{total} pairs; reference computed in {time.perf_counter() - t:.0f} s).")
            print(recall_line, flush=True)
        idx.db.close()
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    load = os.getloadavg()
    md = "\n".join([
        f"Index build with {args.workers} worker processes (MinHash 128 perms, 42 bands × 3 rows, SQLite on disk); "
        f"queries = `ReuseIndex.query(analysis)` on {args.queries} sampled reports (analysis time listed apart).",
        "",
        "| reports | build wall | build CPU | wall / report | index size | query mean | query p95 | analyse+units | B102 fired |",
        "|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        recall_line,
        "",
        f"Peak RSS: main process {peak_self:.0f} MB, largest worker {peak_child:.0f} MB. "
        f"Load average at the end {load[0]:.1f} (other jobs shared the 2 cores).",
    ])
    from benchmarks._results import publish

    publish("reuse", md, write=not args.no_write)
    return 0


def query_only(args) -> int:
    """Query timings alone on the already-built index of ``--n`` reports (no rebuild)."""
    from gxreview.reuse import ReuseIndex

    path = ROOT / "benchmarks" / "_work" / f"reuse_n{args.n}.gxi"
    idx = ReuseIndex.load(path)
    load_before = os.getloadavg()[0]
    mean, p95, prep, fired = queries(idx, _corpus(args.n), args.queries)
    load_after = os.getloadavg()[0]
    md = (f"Queries alone on the {args.n:,}-report index ({path.stat().st_size / 1e6:.0f} MB on disk, opened read-only): "
          f"`ReuseIndex.query(analysis)` on {args.queries} sampled reports: mean **{mean:.1f} ms**, p95 {p95:.1f} ms "
          f"(analysis + units {prep:.0f} ms apart; B102 fired {fired}/{args.queries}); load average {load_before:.1f}→{load_after:.1f}.")
    from benchmarks._results import publish

    publish("reuse-queries", md, write=not args.no_write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
