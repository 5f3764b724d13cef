"""Batch throughput and memory.

    python -m benchmarks.bench_batch                 # 10k synthetic reports, 1 and 2 workers, 100k assembly
    python -m benchmarks.bench_batch --n 200 --memory-n 2000   # small size for CI

Measures, over N synthetic reports whose sizes follow the real corpus (benchmarks/synth.py, written
into the git-ignored benchmarks/_synthetic/; tables consistent as in real reports, a share with one
slipped cell):

* wall time and reports/s of ``gxreview batch`` (all checks) on 1 and 2 workers, split by step;
* the same on 2 workers over the same reports with perturbed tables (a stress case: every table
  broken, the splitter's widest search), unless ``--no-stress``;
* the time ``jieba.lcut`` alone takes over the same texts in one process (dictionary already
  loaded), and the ratio batch(2 workers) / jieba (target < 1.0);
* peak memory (RSS of the batch process and its workers, summed, sampled every 200 ms);
* peak memory of the parent when it assembles the outputs of ``--memory-n`` reports (default
  100k) from a journal (the part of a batch that grows with the input; workers hold one agency
  chain at a time), measured in a fresh process;
* where a report's review time goes (single process, ms per report per stage/rule/scorer).

Figures go to benchmarks/RESULTS.md (block "batch").
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYNTH = ROOT / "benchmarks" / "_synthetic"
WORK = ROOT / "benchmarks" / "_work"
TARGET_RATE = 200.0
TARGET_RATIO = 1.0
TARGET_MEM_GB = 2.0


TABLE_MODES = {"consistent": " — every identity holds, one slipped cell in ~12% of reports, as in corpora/",
               "perturbed": " — ~70% of table numbers changed at random (stress)"}


def corpus(n: int, seed: int = 0, tables: str = "consistent") -> Path:
    """The synthetic corpus of n reports (generated once into the git-ignored folder); ``tables`` is
    synth's table mode, named in the folder unless it is the default so the kinds never mix."""
    d = SYNTH / (f"batch-{n}-s{seed}" + ("" if tables == "consistent" else f"-{tables}"))
    man = d / "manifest.csv"
    if man.exists():
        with open(man, encoding="utf-8") as fh:
            if sum(1 for _ in fh) - 1 == n:
                return d
    shutil.rmtree(d, ignore_errors=True)
    from benchmarks.synth import generate

    generate(n, d, seed=seed, tables=tables)
    return d


def report_files(d: Path) -> list[Path]:
    from gxreview.batch.inputs import discover

    return [Path(it.path) for it in discover(str(d)).items]


def jieba_time(files: list[Path]) -> tuple[float, int]:
    import warnings

    warnings.filterwarnings("ignore", message=".*pkg_resources.*")
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    texts = [f.read_text(encoding="utf-8") for f in files]
    t0 = time.perf_counter()
    for t in texts:
        jieba.lcut(t)
    return time.perf_counter() - t0, sum(len(t) for t in texts)


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out.extend(int(x) for x in fh.read().split())
    except OSError:
        pass
    return out


def _tree_rss(pid: int, cpu: dict[int, float] | None = None) -> int:
    """RSS (bytes) of a process and all its descendants, from /proc (cheap: walks the tree only);
    records each process's CPU seconds so far into ``cpu``."""
    total, stack, page = 0, [pid], os.sysconf("SC_PAGE_SIZE")
    tick = os.sysconf("SC_CLK_TCK")
    while stack:
        q = stack.pop()
        try:
            with open(f"/proc/{q}/statm") as fh:
                total += int(fh.read().split()[1]) * page
            if cpu is not None:
                with open(f"/proc/{q}/stat") as fh:
                    f = fh.read().rsplit(")", 1)[1].split()
                cpu[q] = max(cpu.get(q, 0.0), (int(f[11]) + int(f[12])) / tick)
        except (OSError, IndexError, ValueError):
            continue
        stack.extend(_children(q))
    return total


def run_measured(cmd: list[str], cpu: dict[int, float] | None = None) -> tuple[float, int, str]:
    """Run a command; (wall seconds, peak summed RSS of its process tree, stderr). CPU seconds per
    process of the tree (last sample) go into ``cpu``."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(p.pid, cpu))
            done.wait(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    _out, err = p.communicate()
    done.set()
    th.join()
    if p.returncode != 0:
        raise SystemExit(f"command failed ({p.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    return time.perf_counter() - t0, peak[0], err


def batch_run(d: Path, workers: int) -> dict:
    out = WORK / f"batch-out-w{workers}"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "benchmarks.bench_batch", "--_run", str(d), str(out), str(workers)]
    cpu: dict[int, float] = {}
    load0 = os.getloadavg()[0]
    wall, peak, err = run_measured(cmd, cpu)
    load1 = os.getloadavg()[0]
    timings = {}
    for line in err.splitlines():
        if line.startswith("TIMINGS "):
            timings = dict((k, float(v)) for k, v in (x.split("=") for x in line.split()[1:]))
    return {"workers": workers, "wall": wall, "peak": peak, "timings": timings, "cpu": sum(cpu.values()),
            "load": (load0, load1)}


def _child_run(d: str, out: str, workers: int) -> None:
    from gxreview.batch import run_batch
    from gxreview.batch.progress import Progress

    rep = run_batch(d, out, workers=workers, progress=Progress(quiet=True))
    print("TIMINGS " + " ".join(f"{k}={v:.3f}" for k, v in rep.timings.items()), file=sys.stderr)


def _child_assembly(src_out: str, n: int, dst: str) -> None:
    """Assemble the outputs of n reports from a journal holding copies of a real run's records."""
    from gxreview.batch import _Run
    from gxreview.batch.assemble import Assembly
    from gxreview.batch.inputs import Inputs, Item
    from gxreview.batch.journal import Journal
    from gxreview.batch.progress import Progress

    src = Journal(Path(src_out) / ".gxbatch", resume=True)
    keys = sorted(src.results)
    dstp = Path(dst)
    shutil.rmtree(dstp, ignore_errors=True)
    dstp.mkdir(parents=True)
    j = Journal(dstp / ".gxbatch", resume=False)
    items = []
    for i in range(n):
        derived, line = src.get_raw(keys[i % len(keys)])
        src_name = f"r{i:06d}.txt"
        derived["row"]["source"] = src_name
        j.add_result(f"k{i}", derived, line)
        items.append(Item(src_name, src_name))
    del derived, line
    src.close()
    found = Inputs(items=items, skipped=[])
    run = _Run(found, dstp, j, None, 1, "local", None, False, __import__("gxreview.config").config.DEFAULT_CONFIG,
               None, Progress(quiet=True))
    run.review_key = {i: f"k{i}" for i in range(n)}
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    run.asm = Assembly(dstp)  # as the review's first step does; every result is in the journal here
    run._write()
    dt = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    j.close()
    print(f"ASSEMBLY n={n} seconds={dt:.2f} peak_kb={peak} before_kb={before}", file=sys.stderr)


def stage_profile(files: list[Path], limit: int = 300) -> list[tuple[str, float]]:
    """ms per report spent in each stage, rule and scorer (single process, reports with priors)."""
    from gxreview.batch.work import Setup, warm_up

    warm_up(Setup())
    import gxreview.registry as R
    from gxreview.io import load
    from gxreview.metadata import extract_info
    from gxreview.pipeline import STAGES, analyse, run_rules

    acc: dict[str, float] = defaultdict(float)

    def timed(name, fn):
        def w(*a):
            t = time.perf_counter()
            try:
                out = fn(*a)
                if name.startswith("rule:"):
                    out = list(out or ())
                return out
            finally:
                acc[name] += time.perf_counter() - t
        return w

    saved = (dict(STAGES), dict(R.RULES), dict(R.SCORERS))
    try:
        for k, (o, fn) in list(STAGES.items()):
            STAGES[k] = (o, timed("stage:" + k, fn))
        for k, r in list(R.RULES.items()):
            R.RULES[k] = R.Rule(r.name, r.codes, timed("rule:" + k, r.fn), r.order, r.formats, r.doc)
        for k, s in list(R.SCORERS.items()):
            R.SCORERS[k] = R.Scorer(s.name, timed("score:" + k, s.fn), s.order, s.doc)
        files = files[:limit]
        prev = None
        for f in files:
            t = time.perf_counter()
            doc = load(f)
            acc["load (read+decode+normalise)"] += time.perf_counter() - t
            t = time.perf_counter()
            extract_info(doc)
            acc["metadata (scan step)"] += time.perf_counter() - t
            t = time.perf_counter()
            a = analyse(doc)
            acc["= analyse (sections+stages)"] += time.perf_counter() - t
            if prev is not None and prev.info.org_key == a.info.org_key and prev.year == (a.year or 0) - 1:
                a.prior = prev
            t = time.perf_counter()
            res = run_rules(a)
            acc["= run_rules (rules+scores+summary)"] += time.perf_counter() - t
            t = time.perf_counter()
            res.to_json()
            acc["to_json"] += time.perf_counter() - t
            prev = a
    finally:
        STAGES.clear()
        STAGES.update(saved[0])
        R.RULES.clear()
        R.RULES.update(saved[1])
        R.SCORERS.clear()
        R.SCORERS.update(saved[2])
    return sorted(((k, 1000 * v / len(files)) for k, v in acc.items()), key=lambda kv: -kv[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--memory-n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--tables", choices=("consistent", "perturbed"), default="consistent",
                    help="synthetic tables: consistent like real reports (default) or perturbed (stress)")
    ap.add_argument("--no-stress", action="store_true",
                    help="skip the extra 2-worker run on the same corpus with perturbed (stress) tables")
    ap.add_argument("--no-write", action="store_true", help="print only, do not update RESULTS.md")
    ap.add_argument("--_run", nargs=3, help=argparse.SUPPRESS)
    ap.add_argument("--_assembly", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._run:
        _child_run(args._run[0], args._run[1], int(args._run[2]))
        return 0
    if args._assembly:
        _child_assembly(args._assembly[0], int(args._assembly[1]), args._assembly[2])
        return 0
    WORK.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    d = corpus(args.n, args.seed, args.tables)
    files = report_files(d)
    gen_s = time.perf_counter() - t0
    sizes = sorted(f.stat().st_size for f in files)
    print(f"corpus: {len(files)} reports in {d} (median {sizes[len(sizes) // 2]} B, max {sizes[-1]} B; {gen_s:.1f} s)")
    l0 = os.getloadavg()[0]
    jt, chars = jieba_time(files)
    jload = (l0, os.getloadavg()[0])
    print(f"jieba.lcut alone, one process: {jt:.1f} s ({chars / jt / 1e6:.2f} M chars/s)")
    runs = []
    for w in (int(x) for x in args.workers.split(",")):
        r = batch_run(d, w)
        r["rate"] = len(files) / r["wall"]
        runs.append(r)
        print(f"batch, {w} worker(s): {r['wall']:.1f} s = {r['rate']:.1f} reports/s, CPU {r['cpu']:.0f} s, "
              f"peak RSS {r['peak'] / 2**20:.0f} MB, load {r['load'][0]:.1f}→{r['load'][1]:.1f}, steps {r['timings']}")
    stress = None
    if not args.no_stress and args.tables != "perturbed":
        sd = corpus(args.n, args.seed, "perturbed")
        stress = batch_run(sd, 2)
        stress["rate"] = len(report_files(sd)) / stress["wall"]
        print(f"stress (perturbed tables), 2 workers: {stress['wall']:.1f} s = {stress['rate']:.1f} reports/s, "
              f"CPU {stress['cpu']:.0f} s, steps {stress['timings']}")
    # memory of the parent assembling memory-n results
    asm_out = WORK / "batch-assembly"
    src_out = WORK / f"batch-out-w{runs[-1]['workers']}"
    cmd = [sys.executable, "-m", "benchmarks.bench_batch", "--_assembly", str(src_out), str(args.memory_n), str(asm_out)]
    awall, apeak, aerr = run_measured(cmd)
    asm = dict(x.split("=") for x in next(line for line in aerr.splitlines() if line.startswith("ASSEMBLY")).split()[1:])
    shutil.rmtree(asm_out, ignore_errors=True)
    worker_peak = max(r["peak"] for r in runs)
    print(f"assembly of {args.memory_n} results: {float(asm['seconds']):.1f} s, parent peak {int(asm['peak_kb']) / 2**20:.2f} GB")
    prof = stage_profile(files)
    print("where a review's time goes (ms/report, one process):")
    for k, v in prof[:20]:
        print(f"  {k:50s} {v:7.2f}")

    two = next((r for r in runs if r["workers"] == 2), runs[-1])
    ratio = two["wall"] / jt
    mem_total = int(asm["peak_kb"]) * 1024 + max(0, worker_peak)
    lines = [
        f"Synthetic corpus: {len(files)} reports (benchmarks/synth.py, seed {args.seed}, tables {args.tables}"
        f"{TABLE_MODES.get(args.tables, '')}; median {sizes[len(sizes) // 2]} B, "
        f"max {sizes[-1]} B). Whole `gxreview batch` (all checks, outputs written), fresh OUTDIR.",
        "",
        "| workers | wall s | reports/s | CPU s (all processes) | ms CPU/report | peak RSS (tree) | hash / scan / review / write s | load avg before→after |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        t = r["timings"]
        lines.append(f"| {r['workers']} | {r['wall']:.1f} | {r['rate']:.1f} | {r['cpu']:.0f} | {1000 * r['cpu'] / len(files):.1f} | "
                     f"{r['peak'] / 2**20:.0f} MB | "
                     f"{t.get('hash', 0):.1f} / {t.get('scan', 0):.1f} / {t.get('review', 0):.1f} / {t.get('write', 0):.1f} | "
                     f"{r['load'][0]:.1f}→{r['load'][1]:.1f} |")
    lines += [
        "",
        f"- `jieba.lcut` alone over the same texts, one process (dictionary loaded): **{jt:.1f} s** "
        f"({chars / jt / 1e6:.2f} M chars/s; load avg {jload[0]:.1f}→{jload[1]:.1f}). The machine is shared: wall "
        f"times move with its load; CPU seconds much less. On 2 idle cores the batch would take about "
        f"{two['cpu'] / 2:.0f} s (CPU / 2), a ratio of {two['cpu'] / 2 / jt:.2f}.",
        f"- Ratio batch(2 workers) / jieba: **{ratio:.2f}** (target < {TARGET_RATIO}: {'met' if ratio < TARGET_RATIO else 'NOT met'}).",
        f"- Throughput on 2 workers: **{two['rate']:.1f} reports/s** (target ≥ {TARGET_RATE:.0f}: "
        f"{'met' if two['rate'] >= TARGET_RATE else 'NOT met'}).",
        *([f"- Stress, same {len(files)} reports with perturbed tables (~70% of table numbers changed at random, so "
           f"every table breaks its arithmetic and the flattened rows send the splitter into its widest search), "
           f"2 workers: **{stress['rate']:.1f} reports/s**, {1000 * stress['cpu'] / len(files):.1f} ms CPU/report "
           f"(load avg {stress['load'][0]:.1f}→{stress['load'][1]:.1f})."] if stress else []),
        f"- Memory for {args.memory_n} reports: parent assembling the outputs from the journal peaked at "
        f"**{int(asm['peak_kb']) / 2**20:.2f} GB** ({float(asm['seconds']):.0f} s, measured); workers hold one agency chain at "
        f"a time (whole tree peak in the {len(files)}-report run: {worker_peak / 2**20:.0f} MB). Bound ≈ "
        f"**{mem_total / 2**30:.2f} GB** (target < {TARGET_MEM_GB:.0f} GB: {'met' if mem_total < TARGET_MEM_GB * 2**30 else 'NOT met'}).",
        "",
        "Where one review's time goes (single process, first 300 reports, ms per report; stages, rules and scorers "
        "are owned by their areas):",
        "",
        "| step | ms/report |",
        "|---|---|",
        *[f"| {k} | {v:.2f} |" for k, v in prof[:15]],
    ]
    md = "\n".join(lines)
    print()
    print(md)
    if not args.no_write:
        from benchmarks._results import write_section

        write_section("batch", md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
