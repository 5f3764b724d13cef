"""Shared by the container readers: body text built line by line, tables rendered as grids.

A table becomes one line per row written like a Markdown pipe row (``| a | b |``: spanned positions
render empty, so columns stay aligned, and a row never looks like a section heading to the
segmenter, whatever its first cell says), and a :class:`~gxreview.document.Grid` whose origin cells carry their
offsets into the body, rowspan and colspan; every position a merged cell covers gets a copy with
``origin`` set and no text (values are never duplicated).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..config import Limits
from ..document import Grid, GridCell

ROW_OPEN, CELL_SEP, ROW_CLOSE = "| ", " | ", " |"
WS = re.compile(r"[ \t\r\n\f\v\u00a0\u3000\u200b]+")
MAX_SPAN = 1000  # rowspan/colspan beyond this are clamped (a hostile span cannot exhaust memory)


def clean(s: str | None) -> str:
    """Collapse whitespace runs to one space and strip."""
    return WS.sub(" ", s or "").strip()


@dataclass(frozen=True)
class CellSpec:
    """An origin cell as a reader found it: grid position, text, span."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


class TextBuilder:
    """Accumulates lines of body text and grids pointing into it."""

    def __init__(self, limits: Limits, kind: str) -> None:
        self.limits = limits
        self.kind = kind  # "html" | "docx" | "pdf": Grid.source
        self.lines: list[str] = []
        self.pos = 0  # length of "\n".join(lines)
        self.grids: list[Grid] = []
        self.notes: list[str] = []
        self.cells_total = 0

    def line(self, text: str) -> None:
        """Add one line (whitespace collapsed; empty lines are skipped)."""
        text = clean(text)
        if text:
            self._emit(text)

    def _emit(self, line: str) -> None:
        if self.lines:
            self.pos += 1
        self.lines.append(line)
        self.pos += len(line)

    def table(self, cells: list[CellSpec], n_rows: int) -> None:
        """Render a table given its origin cells (row-major) and add its grid."""
        budget = self.limits.max_table_cells
        occupied: dict[tuple[int, int], CellSpec] = {}
        n_cols = 0
        kept: list[CellSpec] = []
        for spec in cells:
            rs = max(1, min(spec.rowspan, MAX_SPAN, max(1, n_rows - spec.row)))
            cs = max(1, min(spec.colspan, MAX_SPAN))
            if len(occupied) + rs * cs > budget:
                self.notes.append(f"a table has more than {budget} cells (Limits.max_table_cells): the rest of it "
                                  "was skipped")
                break
            spec = CellSpec(spec.row, spec.col, clean(spec.text), rs, cs)
            if (spec.row, spec.col) in occupied:  # overlapping spans in a damaged table: first one wins
                continue
            kept.append(spec)
            for dr in range(rs):
                for dc in range(cs):
                    occupied.setdefault((spec.row + dr, spec.col + dc), spec)
            n_cols = max(n_cols, spec.col + cs)
        if not kept:
            return
        if self.cells_total + len(occupied) > budget * 5:
            self.notes.append("too many table cells in the document (5 × Limits.max_table_cells): a table was skipped")
            return
        self.cells_total += len(occupied)
        n_rows = max(n_rows, max(s.row + s.rowspan for s in kept))
        grid_cells: list[GridCell] = []
        start = self.pos + (1 if self.lines else 0)
        for r in range(n_rows):
            offset = self.pos + (1 if self.lines else 0) + len(ROW_OPEN)
            parts: list[str] = []
            row_cells: list[GridCell] = []
            for c in range(n_cols):
                if c:
                    offset += len(CELL_SEP)
                spec = occupied.get((r, c))
                if spec is None:
                    row_cells.append(GridCell(r, c, ""))
                    parts.append("")
                elif (spec.row, spec.col) == (r, c):
                    text = spec.text.replace("|", "｜")  # a pipe inside a cell must not split it
                    row_cells.append(GridCell(r, c, text, offset, offset + len(text), None,
                                              spec.rowspan, spec.colspan))
                    parts.append(text)
                    offset += len(text)
                else:
                    row_cells.append(GridCell(r, c, "", None, None, (spec.row, spec.col), spec.rowspan, spec.colspan))
                    parts.append("")
            if any(parts):
                self._emit(ROW_OPEN + CELL_SEP.join(parts) + ROW_CLOSE)
                grid_cells.extend(row_cells)
            else:  # an empty row keeps its place in the grid but adds no text
                grid_cells.extend(GridCell(x.row, x.col, "", None, None, x.origin, x.rowspan, x.colspan)
                                  for x in row_cells)
        if any(c.start is not None for c in grid_cells):
            self.grids.append(Grid(tuple(grid_cells), n_rows, n_cols, start, self.pos, self.kind))

    def finish(self) -> tuple[str, tuple[Grid, ...]]:
        return "\n".join(self.lines), tuple(self.grids)
