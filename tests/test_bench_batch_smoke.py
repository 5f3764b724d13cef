"""The batch benchmark at CI size (200 reports, 2,000 for the memory part): it runs end to end and
prints every figure RESULTS.md records (the 10k run is too long for CI; see benchmarks/bench_batch.py)."""

from __future__ import annotations

import re

from benchmarks import bench_batch


def test_bench_batch_small(capsys):
    assert bench_batch.main(["--n", "200", "--memory-n", "2000", "--no-write"]) == 0
    out = capsys.readouterr().out
    rates = [float(x) for x in re.findall(r"= ([\d.]+) reports/s", out)]
    assert len(rates) == 3 and all(r > 0 for r in rates), out  # 1 worker, 2 workers, stress on 2
    assert re.search(r"Ratio batch\(2 workers\) / jieba: \*\*[\d.]+\*\*", out)
    assert re.search(r"parent assembling the outputs from the journal peaked at \*\*[\d.]+ GB\*\*", out)
    assert "| = analyse (sections+stages) |" in out
