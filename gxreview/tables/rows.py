"""Finding the rows of a table: by label in flattened text, or in grids (HTML/DOCX/Markdown).

Both produce :class:`RowObs` (a row key, where its label is, and its cell tokens), so every shape
goes through the same splitting and solving.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..document import Grid
from .spec import RowSpec, TableSpec
from .tokens import Tok, cell_token, is_numeric_text, scan_zone, strip_year_tail

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CN_NUM = "一二三四五六七八九十"


@dataclass
class RowObs:
    key: str
    toks: list[Tok]
    label: tuple[int, int] | None  # label span in the text
    source: str  # "text" | "grid:<source>"
    note: str = ""
    order: tuple = field(default=())


@lru_cache(maxsize=256)
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@lru_cache(maxsize=64)
def _prefix_rx(number: str) -> re.Pattern[str] | None:
    if not number:
        return None
    core = number.strip("（()）、.．")
    if core.isdigit():
        p = core + r"\s*[.．、]\s*"
    elif number.startswith(("（", "(")):
        p = r"[（(]\s*" + core + r"\s*[)）]\s*"
    else:
        p = core + r"\s*[、.．]\s*"
    return re.compile(r"(?:" + p + r")$")


@lru_cache(maxsize=256)
def grid_pattern(row: RowSpec) -> re.Pattern[str]:
    return _rx(re.sub(r"\(\?=.*\)$", "", row.pattern))


def find_labels(text: str, spec: TableSpec, start: int, window: int = 700,
                stop: int | None = None) -> dict[str, tuple[int, int, int]]:
    """Row labels in order from ``start``: key → (prefix_start, label_start, label_end)."""
    out: dict[str, tuple[int, int, int]] = {}
    pos = start
    limit = len(text) if stop is None else stop
    for key, rx, prx in _label_rxs(spec):
        m = rx.search(text, pos, min(limit, pos + window))
        if not m:
            continue
        ls, le = m.span()
        ps = ls
        if prx is not None:
            pm = prx.search(text, max(0, ps - 10), ps)
            if pm:
                ps = pm.start()
        out[key] = (ps, ls, le)
        pos = le
    # rows printed before the first label found (a PDF that puts 表二's single-value rows above its
    # 规章 / 规范性文件 grid): look for the missing ones between ``start`` and that first label
    first = min((v[0] for v in out.values()), default=None)
    if first is not None and first > start:
        pos = start
        for row in spec.rows:
            if row.key in out:
                continue
            m = _rx(row.pattern).search(text, pos, first)
            if m:
                out[row.key] = (m.start(), m.start(), m.end())
                pos = m.end()
    return out


_LABEL_RXS: dict[int, tuple[TableSpec, list[tuple[str, re.Pattern[str], re.Pattern[str] | None]]]] = {}


def _label_rxs(spec: TableSpec) -> list[tuple[str, re.Pattern[str], re.Pattern[str] | None]]:
    """Per row of ``spec``: (key, label pattern, list-number prefix pattern), compiled once per spec."""
    hit = _LABEL_RXS.get(id(spec))
    if hit is None or hit[0] is not spec:
        if len(_LABEL_RXS) > 64:
            _LABEL_RXS.clear()
        hit = _LABEL_RXS[id(spec)] = (spec, [(r.key, _rx(r.pattern), _prefix_rx(r.number)) for r in spec.rows])
    return hit[1]


def text_rows(text: str, spec: TableSpec, start: int, *, decimals: bool = False, signed: bool = False,
              window: int = 700, stop: int | None = None) -> tuple[dict[str, RowObs], int]:
    """Rows of ``spec`` found by label in the text after ``start``; returns them and the table end."""
    labels = find_labels(text, spec, start, window, stop)
    keys = sorted((r.key for r in spec.rows if r.key in labels), key=lambda k: labels[k][1])
    out: dict[str, RowObs] = {}
    end = start
    for i, k in enumerate(keys):
        _ps, ls, le = labels[k]
        nxt = labels[keys[i + 1]][0] if i + 1 < len(keys) else None
        toks, zend = scan_zone(text, le, decimals=decimals, signed=signed and k in _signed_rows(spec), end=nxt)
        if nxt is None:
            toks = strip_year_tail(toks, text, zend)
        out[k] = RowObs(k, toks, (ls, le), "text", order=(ls,))
        end = max(end, zend)
    return out, end


def _signed_rows(spec: TableSpec) -> set[str]:
    return {r for r, cs in (spec.row_columns or {}).items() if "change" in cs}


def _row_label_values(cells) -> tuple[str, list]:
    """Split a grid row into its label text and its value cells."""
    idx = -1
    for j, c in enumerate(cells):
        t = c.text.strip()
        if t and _CJK.search(t) and not is_numeric_text(t):
            idx = j
    label = "".join(c.text.strip() for c in cells[: idx + 1])
    return label, cells[idx + 1:]


_SPECS: dict[int, TableSpec] = {}


def match_row(label: str, spec: TableSpec) -> str | None:
    """The spec row whose label pattern matches ``label`` best (longest match)."""
    _SPECS.setdefault(id(spec), spec)
    return _match_row(label, id(spec))


@lru_cache(maxsize=8192)
def _match_row(label: str, spec_id: int) -> str | None:
    spec = _SPECS[spec_id]
    if not _any_label(spec_id).search(label):
        return None
    best, best_len = None, 0
    for row in spec.rows:
        m = grid_pattern(row).search(label)
        if m and (m.end() - m.start()) > best_len:
            best, best_len = row.key, m.end() - m.start()
    return best


@lru_cache(maxsize=32)
def _any_label(spec_id: int) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{grid_pattern(r).pattern})" for r in _SPECS[spec_id].rows))


GridRowParts = list[tuple[int, Grid, int, list, str, list, list[Tok]]]


def grid_row_parts(grids: tuple[Grid, ...]) -> GridRowParts:
    """Every grid row with origin cells, split once: (grid index, grid, row index, origin cells,
    label, value cells, value tokens). Several readers of one report share it (perf only)."""
    out: GridRowParts = []
    for gi, g in enumerate(grids):
        for ri, row in enumerate(g.rows()):
            cells = [c for c in row if c.is_origin]
            if not cells:
                continue
            label, vals = _row_label_values(cells)
            out.append((gi, g, ri, cells, label, vals, [cell_token(c.text, c.start, c.end) for c in vals]))
    return out


def grid_rows(grids: tuple[Grid, ...], spec: TableSpec, n: int | dict[str, int], *,
              parts: GridRowParts | None = None) -> tuple[dict[str, RowObs], list[RowObs]]:
    """Labelled rows of ``spec`` in the grids, plus unlabelled all-number rows (in document order).

    ``parts``: :func:`grid_row_parts` of ``grids`` when already computed."""
    labelled: dict[str, RowObs] = {}
    unlabelled: list[RowObs] = []
    for gi, g, ri, cells, label, _vals, row_toks in grid_row_parts(grids) if parts is None else parts:
        toks = list(row_toks)
        key = match_row(label, spec) if label else None
        want = n[key] if isinstance(n, dict) and key else (n if isinstance(n, int) else max(n.values()))
        while len(toks) > want and toks[-1].kind == "blank" and not toks[-1].text:
            toks.pop()
        if not toks:
            continue
        start = next((c.start for c in cells if c.start is not None), g.start)
        order = (g.start, gi, ri, start)
        src = f"grid:{g.source}"
        if key:
            if key not in labelled:
                labelled[key] = RowObs(key, toks, None, src, order=order)
        elif not label and any(t.kind == "cell" for t in toks):
            unlabelled.append(RowObs("", toks, None, src, order=order))
    return labelled, unlabelled


def fill_gaps(spec: TableSpec, labelled: dict[str, RowObs], unlabelled: list[RowObs], n: int) -> dict[str, RowObs]:
    """Give unlabelled n-cell rows to the missing rows between labelled ones, in order, when counts agree."""
    if not labelled:
        return labelled
    keys = [r.key for r in spec.rows]
    anchors = sorted(labelled.values(), key=lambda o: o.order)
    out = dict(labelled)
    pool = [u for u in unlabelled if len(u.toks) == n]
    bounds = [(None, anchors[0])] + list(zip(anchors, anchors[1:], strict=False)) + [(anchors[-1], None)]
    for a, b in bounds:
        ia = keys.index(a.key) if a else -1
        ib = keys.index(b.key) if b else len(keys)
        if ib <= ia:
            continue
        missing = [k for k in keys[ia + 1: ib] if k not in out]
        between = [u for u in pool if (a is None or u.order > a.order) and (b is None or u.order < b.order)]
        if a is None or b is None:
            if a is None:
                continue  # rows before the first label are headers, not data
            between = between[: len(missing)]
        if missing and len(between) == len(missing):
            for k, u in zip(missing, between, strict=False):
                out[k] = RowObs(k, u.toks, None, u.source, note="row label not beside its cells; placed by order",
                                order=u.order)
    return out


def after(pos: int, pattern: str, text: str) -> re.Match[str] | None:
    return _rx(pattern).search(text, pos)


def zone_after(text: str, pos: int, **kw) -> tuple[list[Tok], int]:
    toks, end = scan_zone(text, pos, **kw)
    return strip_year_tail(toks, text, end), end


_ = _CN_NUM
