"""Which table cells a failed check or finding points at (for marking failing cells in renderers).

Evidence formats differ between rules, so cells are recognised in three ways, all generic:
a mapping with ``table``/``row``/``col`` (``column``) keys (``table`` may come from an enclosing
mapping), a string ``"<table>.<row>.<col>"``, or a ``start``/``end`` span that equals the span of a
cell in ``table_details``.
"""

from __future__ import annotations

import re
from typing import Any

from ..findings import TABLE_KEYS as TABLES

#: Findings whose evidence cells are failing cells (identities, claims contradicted by a cell).
CELL_CODES_PREFIX = ("GX-T", "GX-C101", "GX-C104", "GX-C105", "GX-C106", "GX-B103")
#: FAIL checks whose cells are not wrong values but blanks or ambiguity (shown otherwise).
NOT_CELL_FAILURES = ("S202", "X002", "C100")
_CELL_STR = re.compile(r"^(proactive|applications|appeals|processing_fee)\.([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)$")


def failing_cells(result) -> dict[str, set[tuple[str, str]]]:
    """``{table: {(row, col), …}}`` for the cells cited by FAIL checks and table/claim findings."""
    by_span: dict[tuple[int, int], tuple[str, str, str]] = {}
    for table, det in (result.table_details or {}).items():
        for row, cols in ((det or {}).get("cells") or {}).items():
            for col, d in (cols or {}).items():
                if isinstance(d, dict) and isinstance(d.get("start"), int) and isinstance(d.get("end"), int):
                    by_span[(d["start"], d["end"])] = (table, row, col)
    out: dict[str, set[tuple[str, str]]] = {}
    evidences: list[Any] = [c.evidence for c in result.checks
                            if c.status == "FAIL" and not c.rule.startswith(NOT_CELL_FAILURES)]
    evidences += [f.evidence for f in result.findings if f.code.startswith(CELL_CODES_PREFIX)]
    for ev in evidences:
        for t, r, c in _cells_in(ev, None, by_span):
            out.setdefault(t, set()).add((r, c))
    return out


def _cells_in(ev: Any, table: str | None, by_span: dict) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    if isinstance(ev, dict):
        t = ev.get("table") if ev.get("table") in TABLES else table
        col = ev.get("col", ev.get("column"))
        if t and isinstance(ev.get("row"), str) and isinstance(col, str):
            found.append((t, ev["row"], col))
        s, e = ev.get("start"), ev.get("end")
        if isinstance(s, int) and isinstance(e, int) and (s, e) in by_span:
            found.append(by_span[(s, e)])
        for v in ev.values():
            if isinstance(v, (dict, list, tuple, str)):
                found.extend(_cells_in(v, t, by_span))
    elif isinstance(ev, (list, tuple)):
        if len(ev) == 3 and all(isinstance(x, str) for x in ev) and ev[0] in TABLES:
            found.append((ev[0], ev[1], ev[2]))
        else:
            for v in ev:
                found.extend(_cells_in(v, table, by_span))
    elif isinstance(ev, str):
        m = _CELL_STR.match(ev)
        if m:
            found.append((m.group(1), m.group(2), m.group(3)))
    return found
