"""``a.tables``: the contract's ``tables`` values, ``table_details`` provenance, spans and DataFrames."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import spec as S

if TYPE_CHECKING:
    from .rows import RowObs
    from .split import Candidate, CellRead, RowChoice

TABLE_KEYS = ("proactive", "applications", "appeals", "processing_fee")


@dataclass
class TablesResult:
    """What the "tables" stage read. ``values``/``details`` are the contract's objects."""

    fmt: str | None = None
    values: dict[str, Any] = field(default_factory=lambda: {k: None for k in TABLE_KEYS})
    details: dict[str, Any] = field(default_factory=dict)
    regions: list[tuple[int, int]] = field(default_factory=list)
    cells: dict[str, dict[str, dict[str, CellRead]]] = field(default_factory=dict)
    choices: dict[str, dict[str, RowChoice]] = field(default_factory=dict)
    labels: dict[str, dict[str, tuple[int, int] | None]] = field(default_factory=dict)

    def add(self, table: str, sp: S.TableSpec, rows: dict[str, RowObs], choices: dict[str, RowChoice], shape: str) -> None:
        cells: dict[str, dict[str, CellRead]] = {}
        labels: dict[str, tuple[int, int] | None] = {}
        for k, ch in choices.items():
            if table == "appeals":
                for j, cr in enumerate(ch.chosen):
                    b = S.APPEALS.rows[j // 5].key
                    cells.setdefault(b, {})[S.T4_COLS[j % 5]] = cr
                    labels[b] = rows[k].label
            else:
                cells[k] = dict(zip(sp.cols(k), ch.chosen, strict=False))
                labels[k] = rows[k].label
        self.cells[table] = cells
        self.choices[table] = choices
        self.labels[table] = labels
        values: dict[str, dict[str, int | float | None]] = {}
        provenance: dict[str, dict[str, dict[str, Any]]] = {}
        for r, cols in cells.items():  # one pass over the cells for both (perf only)
            vrow: dict[str, int | float | None] = {}
            prow: dict[str, dict[str, Any]] = {}
            for c, (v, raw, start, end, read) in cols.items():
                vrow[c] = v
                prow[c] = {"raw": raw, "start": start, "end": end, "read": read}
            values[r] = vrow
            provenance[r] = prow
        if sp.flat:
            row = next(iter(cells.values()), {})
            self.values[table] = {c: (row[c].value if c in row else None) for c in sp.columns}
        else:
            self.values[table] = values
        amb, narr = [], []
        for k, ch in choices.items():
            if ch.status == "narrative":
                narr.append({"row": k, "chosen": [c.value for c in ch.chosen],
                             "candidates": [[c.value for c in cand] for cand in ch.candidates]})
            if ch.status in ("ambiguous", "inconsistent"):
                amb.append({"row": k if table != "appeals" else "all", "status": ch.status,
                            "chosen": [c.value for c in ch.chosen],
                            "candidates": [[c.value for c in cand] for cand in ch.candidates],
                            "raw": " ".join(t.text for t in rows[k].toks), "note": ch.note})
        self.details[table] = {
            "cells": provenance,
            "ambiguous_rows": amb,
            "shape": shape,
            "decided_by_narrative": narr,
            "notes": {k: ch.note for k, ch in choices.items() if ch.note},
        }

    def cell(self, table: str, row: str | None, col: str) -> CellRead | None:
        rows = self.cells.get(table)
        if not rows:
            return None
        if row is None:
            row = next(iter(rows))
        cols = rows.get(row or "")
        return cols.get(col) if cols else None

    def cell_span(self, table: str, row: str | None, col: str) -> tuple[int, int] | None:
        """Offsets of a cell's text (``None`` for a blank/missing cell or a grid without offsets)."""
        c = self.cell(table, row, col)
        if c is None or c.start is None or c.end is None:
            return None
        return (c.start, c.end)

    def value(self, table: str, row: str | None, col: str) -> int | float | None:
        c = self.cell(table, row, col)
        return None if c is None else c.value

    def row_span(self, table: str, row: str) -> tuple[int, int] | None:
        """From the row label (or its first cell) to its last cell."""
        pts: list[int] = []
        lab = (self.labels.get(table) or {}).get(row)
        if lab:
            pts.extend(lab)
        for c in ((self.cells.get(table) or {}).get(row) or {}).values():
            if c.start is not None and c.end is not None:
                pts.extend((c.start, c.end))
        return (min(pts), max(pts)) if pts else None

    def ambiguous(self, table: str) -> list[dict]:
        return list((self.details.get(table) or {}).get("ambiguous_rows", []))

    def frame(self, table: str):
        """The table as a pandas DataFrame with the official row and column labels."""
        import pandas as pd

        vals = self.values.get(table)
        if vals is None:
            return pd.DataFrame()
        if table == "processing_fee":
            sp = S.PROCESSING_FEE
            return pd.DataFrame([[vals.get(c) for c in sp.columns]], index=[sp.rows[0].label],
                                columns=list(sp.column_labels))
        if table == "applications":
            sp = S.applications_spec(self.fmt)
            return pd.DataFrame([[vals.get(r.key, {}).get(c) for c in sp.columns] for r in sp.rows],
                                index=[r.label for r in sp.rows], columns=list(sp.column_labels), dtype="Int64")
        if table == "appeals":
            cols = pd.MultiIndex.from_tuples([(b.label, S.T4_COLUMN_LABELS[c]) for b in S.APPEALS.rows for c in S.T4_COLS])
            row = [vals.get(b.key, {}).get(c) for b in S.APPEALS.rows for c in S.T4_COLS]
            return pd.DataFrame([row], columns=cols, index=["件数"], dtype="Int64")
        sp = S.proactive_spec(self.fmt)
        data = {r.label: {S.COLUMN_LABELS[c]: vals.get(r.key, {}).get(c) for c in sp.cols(r.key)} for r in sp.rows}
        return pd.DataFrame.from_dict(data, orient="index")


__all__ = ["TablesResult", "Candidate"]
