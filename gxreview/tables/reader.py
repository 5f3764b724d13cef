"""Read 表二/表三/表四 and the 信息处理费 table from any shape into the contract's keyed values.

Per table: rows are found by label in the text and in the grids (grid rows win where both exist),
each row's tokens give every reading as the known number of cells, and :func:`solver.solve` picks
one reading per row using the identities, then the narrative, then plausibility.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from ..document import Document
from . import spec as S
from .result import TablesResult
from .rows import GridRowParts, RowObs, fill_gaps, grid_row_parts, grid_rows, text_rows
from .solver import solve
from .split import Candidate, CellRead, RowChoice, fixed_candidate, prefix_checker, row_candidates
from .tokens import Tok, scan_zone, strip_year_tail

_T4_HEADER = re.compile(r"(?:\s|\|)*(?:结果维持|结果纠正|其他结果|尚未审结|总计|未经复议直接起诉|复议后起诉|行政诉讼|行政法?复议"
                        r"|结果|维持|纠正|其他|尚未|审结|情况|[-|])")
_FEE_HEADER = re.compile(r"通知收取件数.{0,40}?实际收取金额(?:[（(]元[)）])?\s*(?:信息处理费收取情况)?|信息处理费收取情况")
_FEE_WORDS = ("通知收取件数", "信息处理费收取情况")  # the words a _FEE_HEADER match starts with
_INT = re.compile(r"\d+(?:\.\d+)?")


def read_tables(doc: Document, fmt: str | None) -> TablesResult:
    """Every table of the report (``None`` where absent); legacy reports have none."""
    text = doc.text
    res = TablesResult(fmt=fmt)
    if fmt not in ("2021", "2019"):
        res.values = {k: None for k in ("proactive", "applications", "appeals", "processing_fee")}
        return res
    t3 = S.applications_spec(fmt)
    t2 = S.proactive_spec(fmt)
    obs: dict[str, dict[str, RowObs]] = {}

    # 表三
    a3 = _anchor(text, t3)
    t3_text, t3_end = text_rows(text, t3, a3) if a3 is not None else ({}, None)
    parts = grid_row_parts(doc.grids)  # grid rows split once for every reader below
    g_lab, g_unl = grid_rows(doc.grids, t3, 7, parts=parts)
    g3 = fill_gaps(t3, g_lab, g_unl, 7)
    obs["applications"] = _merge(t3_text, g3)
    if t3_end is None and g3:
        t3_end = max((o.order[3] or 0) for o in g3.values() if len(o.order) > 3) if g3 else None

    # 表四
    obs["appeals"], t4_span = _appeals(doc, t3_end, g_unl, parts)

    # 表二
    a2 = re.search(S.ANCHORS["proactive"], text)
    t2_text: dict[str, RowObs] = {}
    if a2:
        t2_text, _ = text_rows(text, t2, a2.start(), decimals=True, signed=True, window=260,
                               stop=a3 if a3 is not None and a3 > a2.start() else None)
    n2 = {r.key: len(t2.cols(r.key)) for r in t2.rows}
    g2, _ = grid_rows(doc.grids, t2, n2, parts=parts)
    obs["proactive"] = _merge(t2_text, g2)

    # 信息处理费
    obs["processing_fee"] = _fee(doc, parts)

    res.regions = _regions(obs, t4_span)
    narrative: frozenset[int] | None = None  # read when a solve first has readings to choose between

    for table, rows in obs.items():
        sp = S.table_spec(table, fmt)
        if not rows:
            res.values[table] = None
            continue
        cands: dict[str, list[Candidate]] = {}
        notes: dict[str, str] = {}
        plans = _row_plans(table, fmt)
        for k, o in rows.items():
            n, _, accept = plans[k]
            how = "grid" if o.source.startswith("grid") else "cell"
            cs, note = row_candidates(o.toks, n, how=how, accept=accept)
            cands[k], notes[k] = cs, (f"{o.note}; {note}" if o.note and note else o.note or note)
        cols = {k: plans[k][1] for k in rows}
        prefer = _prefer_proactive if table == "proactive" else None
        if all(len(cs) == 1 for cs in cands.values()):
            narr: frozenset[int] | dict[str, frozenset[int]] = frozenset()  # nothing to choose: not read (perf only)
        elif table == "proactive":
            narr = _cue_numbers(text, res.regions)
        else:
            narr = narrative = _narrative_numbers(text, res.regions) if narrative is None else narrative
        choices = solve(cands, cols, _idents(table, fmt), narr, prefer)
        for k, ch in choices.items():
            ch.note = notes.get(k, "")
        res.add(table, sp, rows, choices, _shape(rows, choices, text))
    return res


def _anchor(text: str, t3: S.TableSpec) -> int | None:
    rx = re.compile(t3.rows[0].pattern)
    first = None
    for m in rx.finditer(text):
        first = m.start() if first is None else first
        if re.search(t3.rows[1].pattern, text[m.end(): m.end() + 300]):
            return m.start()
    return first


def _merge(text_obs: dict[str, RowObs], grid_obs: dict[str, RowObs]) -> dict[str, RowObs]:
    out = {k: o for k, o in text_obs.items() if o.toks}
    for k, o in grid_obs.items():
        if o.toks:
            out[k] = o
    for k, o in text_obs.items():
        out.setdefault(k, o)
    return out


def _appeals(doc: Document, t3_end: int | None, unlabelled: list[RowObs],
             parts: GridRowParts | None = None) -> tuple[dict[str, RowObs], tuple[int, int] | None]:
    text = doc.text
    after = t3_end or 0
    # grids: one 15-cell row, or three 5-cell rows, after 表三
    later = [u for u in _all_value_rows(doc, parts) if (u.order[0] or 0) >= after]
    for u in later:
        if len(u.toks) == 15 and all(t.kind != "digits" for t in u.toks):
            return {"_all": RowObs("_all", u.toks, None, u.source, order=u.order)}, None
    fives = [u for u in later if len(u.toks) == 5]
    if len(fives) >= 3:
        toks = fives[0].toks + fives[1].toks + fives[2].toks
        return {"_all": RowObs("_all", toks, None, fives[0].source, order=fives[0].order)}, None
    m = re.search(r"复议后起诉", text[after:])
    if not m:
        m = re.search(S.ANCHORS["appeals"], text[after:])
        if not m:
            return {}, None
    pos = after + m.end()
    while True:
        h = _T4_HEADER.match(text, pos)
        if not h or h.end() == pos:
            break
        pos = h.end()
    toks, end = scan_zone(text, pos)
    toks = strip_year_tail(toks, text, end)
    if not toks:
        return {}, None
    return {"_all": RowObs("_all", toks, (after + m.start(), pos), "text", order=(pos,))}, (after + m.start(), end)


def _all_value_rows(doc: Document, parts: GridRowParts | None = None) -> list[RowObs]:
    out = []
    for gi, g, ri, cells, label, vals, row_toks in grid_row_parts(doc.grids) if parts is None else parts:
        if label or not vals:
            continue
        toks = list(row_toks)
        if any(t.kind == "cell" for t in toks):
            start = next((c.start for c in cells if c.start is not None), g.start)
            out.append(RowObs("", toks, None, f"grid:{g.source}", order=(start, gi, ri)))
    return out


def _fee(doc: Document, parts: GridRowParts | None = None) -> dict[str, RowObs]:
    g, _ = grid_rows(doc.grids, S.PROCESSING_FEE, 3, parts=parts)
    if g:
        return g
    text = doc.text
    # every match starts with one of these words: search from the first of them (perf only)
    first = min((i for i in (text.find(w) for w in _FEE_WORDS) if i >= 0), default=-1)
    if first < 0:
        return {}
    for m in _FEE_HEADER.finditer(text, first):
        toks, end = scan_zone(text, m.end(), decimals=True)
        toks = strip_year_tail(toks, text, end)
        if toks:
            return {"fee": RowObs("fee", toks, (m.start(), m.end()), "text", order=(m.start(),))}
    return {}


@lru_cache(maxsize=16)
def _row_plans(table: str, fmt: str | None) -> dict[str, tuple[int, tuple[str, ...], Callable | None]]:
    """Per row key of a table: its number of cells, its columns and :func:`_row_accept` (once per format;
    shared: not to be changed)."""
    if table == "appeals":  # one row of the three blocks' cells
        cols = {"_all": tuple(f"{b.key}:{c}" for b in S.APPEALS.rows for c in S.T4_COLS)}
    else:
        sp = S.table_spec(table, fmt)
        cols = {r.key: sp.cols(r.key) for r in sp.rows}
    return {k: (len(c), c, _row_accept(table, fmt, k, c)) for k, c in cols.items()}


@lru_cache(maxsize=16)
def _idents(table: str, fmt: str | None) -> tuple[S.Identity, ...]:
    if table == "applications":
        return tuple(i for i in S.identities(fmt) if i.table == "applications")
    if table == "appeals":
        out = []
        for i in S.identities(fmt):
            if i.table == "appeals":
                out.append(S.Identity(i.rule, i.code, "appeals", tuple(("_all", f"{r}:{c}") for r, c in i.lhs),
                                      tuple(("_all", f"{r}:{c}") for r, c in i.rhs), i.text))
        return tuple(out)
    return ()


@lru_cache(maxsize=512)
def _row_accept(table: str, fmt: str | None, row: str, cols: tuple[str, ...]):
    """:func:`prefix_checker` of a row with its own identities (those over its cells only)."""
    own = tuple(i for i in _idents(table, fmt) if {r for r, _ in i.cells} == {row})
    return prefix_checker(row, cols, own)


def _prefer_proactive(row: str, c: Candidate) -> tuple:
    """表二: 现行有效 is normally at least 本年制发 (report-format.md T2-2), and the largest figure."""
    if len(c) == 3 and row in ("rules", "normative_docs"):
        a, _b, t = (x.value for x in c)
        if isinstance(a, int | float) and isinstance(t, int | float):
            return (0 if t >= a else 1,)
    return (0,)


def _regions(obs: dict[str, dict[str, RowObs]], t4_span: tuple[int, int] | None) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for rows in obs.values():
        pts: list[int] = []
        for o in rows.values():
            if o.label:
                pts.extend(o.label)
            for t in o.toks:
                if t.start is not None and t.end is not None:
                    pts.extend((t.start, t.end))
        if pts:
            spans.append((min(pts), max(pts)))
    if t4_span:
        spans.append(t4_span)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _narrative_numbers(text: str, regions: list[tuple[int, int]]) -> frozenset[int]:
    out: set[int] = set()
    pos = 0
    for s, e in regions + [(len(text), len(text))]:
        # a narrative count, not a glued run of table cells
        out.update([int(g) for g in _INT.findall(text, pos, s) if "." not in g and len(g) <= 15])
        pos = e
    return frozenset(out)


def _cue_numbers(text: str, regions: list[tuple[int, int]]) -> dict[str, frozenset[int]]:
    """表二 rows: the integers the narrative states near the row's cue words."""
    out: dict[str, frozenset[int]] = {}
    w = S.NARRATIVE_WINDOW
    for row, cues in S.NARRATIVE_CUES.items():
        nums: set[int] = set()
        for cue in cues:
            for m in re.finditer(cue, text):
                if any(s <= m.start() < e for s, e in regions):
                    continue
                for n in _INT.finditer(text, m.end(), min(len(text), m.end() + w)):
                    if ("." not in n.group(0) and len(n.group(0)) <= 15
                            and not any(s <= n.start() < e for s, e in regions)):
                        nums.add(int(n.group(0)))
        out[row] = frozenset(nums)
    return out


def _shape(rows: dict[str, RowObs], choices: dict[str, RowChoice], text: str) -> str:
    srcs = {o.source for o in rows.values()}
    grid = sorted(s.split(":", 1)[1] for s in srcs if s.startswith("grid"))
    if grid:
        return grid[0] if len(grid) == 1 and "text" not in srcs else "mixed:" + "+".join(grid + (["text"] if "text" in srcs else []))
    glued = any("split" in [c[4] for c in ch.chosen] for ch in choices.values())  # CellRead.read
    spaced = any(len(o.toks) > 1 for o in rows.values())
    if glued and spaced:
        return "flat-mixed"
    if glued:
        return "flat-concat"
    lines = 0
    for o in rows.values():
        for a, b in zip(o.toks, o.toks[1:], strict=False):
            if a.end is not None and b.start is not None and "\n" in text[a.end:b.start]:
                lines += 1
    return "cells-per-line" if lines else "spaced"


__all__ = ["read_tables", "CellRead", "Tok", "fixed_candidate"]
