"""Tables: read 表二/表三/表四 (and the 信息处理费 table) from every shape; the "tables" stage.

``a.tables`` is a :class:`TablesResult`: ``.values`` (contract ``tables``), ``.details`` (contract
``table_details``), ``.cell_span(table, row, col)``, ``.regions`` and ``.frame(table)`` (pandas).
"""

from __future__ import annotations

from ..pipeline import stage
from .reader import read_tables
from .result import TablesResult

__all__ = ["TablesResult", "read_tables", "tables_stage"]


@stage("tables", order=10)
def tables_stage(a) -> None:
    """Fill ``a.tables`` from the document's text and grids."""
    a.tables = read_tables(a.doc, a.info.format)
