"""Forget what gxreview memoises across texts, so a benchmark that repeats its inputs measures each
repeat as unseen text (a memo would otherwise answer repeats from the first run).

Only memos keyed on report content are listed: caches of specs, patterns and loaded models are what
a long batch keeps anyway. A renamed memo raises here, so the list cannot rot silently.
"""

from __future__ import annotations

import importlib

#: (module, attribute): functools caches and dict memos keyed on report text
CONTENT_MEMOS: tuple[tuple[str, str], ...] = (
    ("gxreview.figures.extract", "_number"),
    ("gxreview.figures.extract", "_amounts"),
    ("gxreview.figures.metrics", "_TIER_MEMO"),
    ("gxreview.orgs", "split_org"),
    ("gxreview.reuse.mask", "org_forms"),
    ("gxreview.segment.sections", "_match_window"),
    ("gxreview.segment.structure", "_SCANS"),
    ("gxreview.tables.rows", "_match_row"),
    ("gxreview.tables.split", "split_digits"),
    ("gxreview.tables.split", "_token_reading"),
    ("gxreview.tables.split", "_READS"),
    ("gxreview.tables.solver", "_PLANS"),
    ("gxreview.tables.tokens", "_cell_kind"),
    ("gxreview.tables.tokens", "is_numeric_text"),
    ("gxreview.tables.tokens", "_ZONES"),
)


def clear_content_memos() -> None:
    for mod, attr in CONTENT_MEMOS:
        obj = getattr(importlib.import_module(mod), attr)
        (obj.cache_clear if hasattr(obj, "cache_clear") else obj.clear)()
    from gxreview.figures.model import load_model

    m = load_model()
    if m is not None:
        m._memo.clear()
