"""Assemble OUTDIR from the results in input order, *while* the batch reviews: each result is
written as soon as every input before it has one, so only the last few are left when the review
ends (the files are renamed into place only then; a killed run leaves no half file).

reviews.jsonl and findings.parquet are streamed; only small per-input rows are kept in memory
(scores, triage key and reasons, the overview's light copy with shared finding records).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import outputs

SUMMARY_TRIAGE_ROWS = 500  # the review-first list in summary.html; triage.csv has every input
REASONS = 3  # triage reasons kept per input (triage.csv and summary.html show three)


class Assembly:
    """``add(source, derived, line)`` for inputs 0, 1, 2 … in order; :meth:`close` writes the rest."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.jl = outputs.AtomicFile(out / "reviews.jsonl", "wb")
        try:
            self.pf = outputs.AtomicFile(out / "findings.parquet", "wb")
            self.fw = outputs.FindingsWriter(self.pf.fh)
        except BaseException:
            self.jl.discard()
            if hasattr(self, "pf"):
                self.pf.discard()
            raise
        self.rows: list[dict[str, Any]] = []
        self.tri: list[dict[str, Any]] = []
        self.overview: list[dict[str, Any]] = []
        self.shared: dict[tuple, dict[str, Any]] = {}
        self.texts: dict[str, str] = {}  # one object per distinct reason text
        self.codes: dict[str, int] = defaultdict(int)

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, source: str, derived: dict[str, Any], line: bytes) -> None:
        self.jl.fh.write(line)
        self.jl.fh.write(b"\n")
        self.fw.add([source, *f] for f in derived["findings"])
        row = derived["row"]
        self.rows.append(row)
        t = derived["triage"]
        why = [self.texts.setdefault(r, r) for r in (t.get("reasons") or [])[:REASONS]]
        self.tri.append({"quality": t.get("quality"), "grade": t.get("grade"), "key": t.get("key"), "reasons": why})
        self.overview.append(_share_findings(derived["overview"], self.shared))
        if row.get("error_code"):
            self.codes[row["error_code"]] += 1

    def close(self, skipped: list[tuple[str, str]]) -> None:
        """Finish reviews.jsonl and findings.parquet; write scores, triage, summary and skipped."""
        self.fw.close()
        self.jl.commit()
        self.pf.commit()
        out, rows, tri = self.out, self.rows, self.tri
        outputs.write_scores(out, rows)
        order = outputs.triage_order([(k, rows[k], tri[k]) for k in range(len(rows))])

        def reasons(k: int) -> list[str]:
            return [*tri[k]["reasons"], "", "", ""][:REASONS]

        outputs.write_triage(out, ((rows[k], tri[k], reasons(k)) for k in order))
        triage = []
        for r, k in enumerate(order[:SUMMARY_TRIAGE_ROWS], 1):
            why = reasons(k)
            triage.append({"rank": r, "source": rows[k]["source"], "org": rows[k].get("org"), "year": rows[k].get("year"),
                           "quality": tri[k].get("quality"), "grade": tri[k].get("grade"),
                           "reason_1": why[0], "reason_2": why[1], "reason_3": why[2]})
        outputs.write_summary(out, self.overview, triage)
        outputs.write_skipped(out, skipped)

    def discard(self) -> None:
        """The run stopped: remove the half-written files."""
        try:
            self.fw.writer.close()
        except Exception:  # the parquet writer may be mid-row-group: the file goes anyway
            pass
        self.jl.discard()
        self.pf.discard()


def drain(asm: Assembly, n: int, has: Callable[[int], bool],
          record: Callable[[int], tuple[str, dict[str, Any], bytes]]) -> None:
    """Add to ``asm`` every input from ``len(asm)`` on that has a result, stopping at the first
    without; ``record(i)`` gives (source, derived, line)."""
    i = len(asm)
    while i < n and has(i):
        asm.add(*record(i))
        i += 1


def _share_findings(entry: dict[str, Any], shared: dict[tuple, dict[str, Any]]) -> dict[str, Any]:
    """The overview's finding records are tiny and repeat across reports: keep one object each."""
    fs = entry.get("findings")
    if fs:
        entry["findings"] = [shared.setdefault((f.get("code"), f.get("name"), f.get("severity")), f) for f in fs]
    return entry
