"""Table parsing + checking time per report over corpora/ (target: < 2 ms on average).

Run: .venv/bin/python -m benchmarks.bench_tables [--repeat N]
Measures ``read_tables`` (all tables, every shape) plus the table rules (presence, identities,
表二 plausibility) on already-loaded documents; loading and metadata are not timed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from benchmarks._memos import clear_content_memos
from benchmarks._results import write_section

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()

    from gxreview.checks import tables as T
    from gxreview.io import load
    from gxreview.pipeline import analyse
    from gxreview.tables import read_tables

    files = sorted(p for p in (ROOT / "corpora").rglob("*") if p.suffix in (".txt", ".html", ".md", ".docx", ".pdf"))
    rows = []
    for f in files:
        doc = load(f)
        a = analyse(doc)
        if a.format not in ("2021", "2019"):
            continue
        parse, check = [], []
        for _ in range(args.repeat):
            clear_content_memos()  # each run reads the tables as unseen text
            t0 = time.perf_counter()
            res = read_tables(doc, a.format)
            t1 = time.perf_counter()
            a.tables = res
            for fn in (T.presence, T.table_identities, T.proactive_plausibility):
                list(fn(a))
            t2 = time.perf_counter()
            parse.append(t1 - t0)
            check.append(t2 - t1)
        rows.append((str(f.relative_to(ROOT / "corpora")), res.details["applications"]["shape"] if "applications" in res.details else "-",
                     min(parse) * 1000, min(check) * 1000))
    mean_parse = statistics.mean(r[2] for r in rows)
    mean_check = statistics.mean(r[3] for r in rows)
    worst = max(rows, key=lambda r: r[2] + r[3])
    lines = [f"Reports with tables: {len(rows)} (best of {args.repeat} runs each, content memos cleared before every run: the machine is shared, so the minimum is the least noisy estimate; CPU load at run time {os.getloadavg()[0]:.1f}).", "",
             "| measure | ms per report |", "|---|---|",
             f"| parse (read_tables) mean | {mean_parse:.2f} |", f"| checks (presence, identities, 表二) mean | {mean_check:.2f} |",
             f"| parse + checks mean | **{mean_parse + mean_check:.2f}** (target < 2) |",
             f"| slowest: {worst[0]} ({worst[1]}) | {worst[2] + worst[3]:.2f} |", "",
             "| shape | reports | mean parse+check ms |", "|---|---|---|"]
    shapes = sorted({r[1] for r in rows})
    for s in shapes:
        sel = [r for r in rows if r[1] == s]
        lines.append(f"| {s} | {len(sel)} | {statistics.mean(r[2] + r[3] for r in sel):.2f} |")
    md = "\n".join(lines)
    print(md)
    write_section("tables", md)


if __name__ == "__main__":
    main()
