"""Write OUTDIR (contract §1 "batch OUTDIR"): every file written to a temporary name in OUTDIR and
renamed into place, so a reader never sees half a file; CSV cells that could run as formulas escaped."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .rows import COUNT_COLUMNS, FINDING_COLUMNS, SCORE_COLUMNS

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TMP_PREFIX = ".gxbatch-tmp-"
OUTPUT_NAMES = ("reviews.jsonl", "scores.csv", "scores.parquet", "findings.parquet", "triage.csv", "summary.html",
                "skipped.txt")
TRIAGE_COLUMNS = ("rank", "source", "org", "year", "quality", "grade", "reason_1", "reason_2", "reason_3")
FINDINGS_ROW_GROUP = 50_000


def escape_cell(v: Any) -> Any:
    """A CSV cell a spreadsheet would read as a formula (=, +, -, @ …) gets a leading apostrophe."""
    if isinstance(v, str) and v.startswith(FORMULA_START):
        return "'" + v
    return v


def _csv_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, float):
        if v != v:
            return ""
        s = repr(round(v, 6))
        return s[:-2] if s.endswith(".0") else s
    return escape_cell(v)


class AtomicFile:
    """A temporary file next to ``path``: :meth:`commit` renames it onto ``path``, :meth:`discard`
    removes it (a file written over a long time, e.g. while a batch reviews)."""

    def __init__(self, path: Path, mode: str = "w") -> None:
        self.path = path
        fd, self.tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=path.parent)
        try:
            self.fh = os.fdopen(fd, mode) if "b" in mode else os.fdopen(fd, mode, encoding="utf-8", newline="")
        except BaseException:
            os.close(fd)
            self.discard()
            raise

    def commit(self) -> None:
        try:
            self.fh.close()
            os.chmod(self.tmp, 0o644)
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        try:
            if getattr(self, "fh", None) is not None:
                self.fh.close()
        finally:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass


@contextmanager
def atomic(path: Path, mode: str = "w") -> Iterator[Any]:
    """Open a temporary file next to ``path``; rename it onto ``path`` when the block succeeds."""
    f = AtomicFile(path, mode)
    try:
        yield f.fh
    except BaseException:
        f.discard()
        raise
    f.commit()


def clean_temporaries(outdir: Path) -> None:
    """Remove temporaries a killed run left behind."""
    for p in outdir.glob(TMP_PREFIX + "*"):
        try:
            p.unlink()
        except OSError:
            pass


def write_lines(path: Path, lines: Iterable[str]) -> None:
    with atomic(path) as fh:
        for line in lines:
            fh.write(line)
            fh.write("\n")


def extra_columns(rows: Iterable[dict[str, Any]]) -> list[str]:
    cols: set[str] = set()
    for r in rows:
        cols.update(r.get("extra") or ())
    return sorted(c for c in cols if c not in SCORE_COLUMNS and c not in COUNT_COLUMNS)


def score_columns(extra: list[str]) -> list[str]:
    return [*SCORE_COLUMNS, *extra, *COUNT_COLUMNS]


def _flat(row: dict[str, Any], extra: list[str]) -> list[Any]:
    ex = row.get("extra") or {}
    return [*(row.get(c) for c in SCORE_COLUMNS), *(ex.get(c) for c in extra), *(row.get(c) for c in COUNT_COLUMNS)]


def write_scores(outdir: Path, rows: list[dict[str, Any]]) -> None:
    extra = extra_columns(rows)
    cols = score_columns(extra)
    with atomic(outdir / "scores.csv") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([_csv_value(v) for v in _flat(r, extra)])
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"source": pa.string(), "org": pa.string(), "year": pa.int64(), "grade": pa.string(),
             "n_error": pa.int64(), "n_warning": pa.int64(), "n_info": pa.int64(), "error_code": pa.string()}
    schema = pa.schema([(c, types.get(c, pa.float64())) for c in cols])
    flat = [_flat(r, extra) for r in rows]
    arrays = [pa.array([_typed(f[k], schema.field(k).type) for f in flat], type=schema.field(k).type)
              for k in range(len(cols))]
    table = pa.Table.from_arrays(arrays, schema=schema)
    with atomic(outdir / "scores.parquet", "wb") as fh:
        pq.write_table(table, fh)


def _typed(v: Any, t) -> Any:
    import pyarrow as pa

    if v is None:
        return None
    if t == pa.float64():
        return float(v)
    if t == pa.int64():
        return int(v)
    return str(v)


FINDINGS_SCHEMA_FIELDS = (("source", "string"), ("code", "string"), ("name", "string"), ("severity", "string"),
                          ("section", "string"), ("start", "int64"), ("end", "int64"), ("message", "string"))


class FindingsWriter:
    """Streams findings rows (source first) into a parquet file in bounded row groups."""

    def __init__(self, fh) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        self.schema = pa.schema([(n, getattr(pa, t)()) for n, t in FINDINGS_SCHEMA_FIELDS])
        assert [f.name for f in self.schema] == list(FINDING_COLUMNS)
        self.writer = pq.ParquetWriter(fh, self.schema)
        pa.array([], type=pa.string())  # the first pa.array imports pandas (~1 s): now, not at the last flush
        self.buf: list[list[Any]] = []
        self.wrote = False

    def add(self, rows: Iterable[list[Any]]) -> None:
        self.buf.extend(rows)
        if len(self.buf) >= FINDINGS_ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        pa = self.pa
        cols = list(zip(*self.buf, strict=True)) if self.buf else [[] for _ in self.schema]
        self.writer.write_table(pa.Table.from_arrays(
            [pa.array(list(c), type=f.type) for c, f in zip(cols, self.schema, strict=True)], schema=self.schema))
        self.buf.clear()
        self.wrote = True

    def close(self) -> None:
        if self.buf or not self.wrote:
            self._flush()
        self.writer.close()


def triage_order(entries: list[tuple[int, dict[str, Any], dict[str, Any]]]) -> list[int]:
    """Positions ranked worst first. With the quality module's ``triage_key`` (stored per entry) that
    key decides; otherwise unreadable inputs first, then quality ascending, then unscored reports.
    The source breaks remaining ties."""
    if entries and all(t.get("key") is not None for _p, _r, t in entries):
        return [e[0] for e in sorted(entries, key=lambda e: (_sortable(e[2]["key"]), e[1]["source"], e[0]))]

    def key(e):
        _pos, row, t = e
        if row.get("error_code"):
            return (0, 0.0, row["source"], _pos)
        q = t.get("quality")
        if q is None:
            return (2, 0.0, row["source"], _pos)
        return (1, float(q), row["source"], _pos)

    return [e[0] for e in sorted(entries, key=key)]


def _sortable(k: Any) -> tuple:
    """A JSON-stored key (lists) back to a comparable tuple (numbers before strings at one place)."""
    if isinstance(k, list):
        return tuple(_sortable(x) for x in k)
    if isinstance(k, bool) or k is None:
        return (0, 0)
    if isinstance(k, (int, float)):
        return (0, k)
    return (1, str(k))


def write_triage(outdir: Path, ranked: Iterable[tuple[dict[str, Any], dict[str, Any], list[str]]]) -> None:
    """triage.csv from (scores row, triage entry, three reasons) in rank order."""
    with atomic(outdir / "triage.csv") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(TRIAGE_COLUMNS)
        for rank, (row, t, reasons) in enumerate(ranked, 1):
            reasons = [*list(reasons)[:3], "", "", ""][:3]
            w.writerow([_csv_value(v) for v in (rank, row["source"], row.get("org"), row.get("year"),
                                                 t.get("quality"), t.get("grade"), *reasons)])


def write_skipped(outdir: Path, skipped: list[tuple[str, str]]) -> None:
    write_lines(outdir / "skipped.txt", (f"{p}\t{why}" for p, why in skipped))


def write_summary(outdir: Path, results: list[dict[str, Any]], triage: list[dict[str, Any]]) -> None:
    """summary.html: the outputs engineer's corpus overview (gxreview.render.overview)."""
    from ..render.overview import render_overview

    with atomic(outdir / "summary.html") as fh:
        fh.write(render_overview(results, triage=triage))
