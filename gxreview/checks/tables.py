"""Table rules: presence and blanks (S201–S203), ambiguity (X002), every identity of 表三/表四
(T301–T303, T401), invalid cells (T300), 表二 plausibility (T201) and cross-year checks (C104,
C106, B103). Identities come from :mod:`gxreview.tables.spec`; every one evaluated is a Check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from ..findings import Check, Finding
from ..registry import rule
from ..tables import spec as S

TABLE_NAMES = {"applications": "表三", "appeals": "表四", "proactive": "表二", "processing_fee": "信息处理费表"}
REQUIRED_TABLES = ("proactive", "applications", "appeals")
# Bodies that may make 规章 (立法法 §82, report-format.md T2-4) — name patterns, as data.
RULE_MAKER_PATTERNS = (r"(?:省|自治区|直辖市|自治州)人民政府$", r"^(?!.*[县区旗]).*市人民政府$", r"^(?:国务院|国家|中华人民共和国).*",
                       r"^[^省市县区]*部$")
FEE_WAN_IMPLAUSIBLE = 1_000_000  # 行政事业性收费 in 万元 ≥ this looks like 元 (T2-5)


_FLOAT_SAFE = 1 << 1000  # float(int) cannot overflow below this


def _tables(a):
    t = a.tables
    return t if t is not None and getattr(t, "values", None) is not None else None


def _cell_ev(t, table: str, row: str, col: str) -> dict[str, Any]:
    c = t.cell(table, row, col)
    if c is None:
        return {"table": table, "row": row, "col": col, "value": None, "raw": None, "start": None, "end": None}
    return {"table": table, "row": row, "col": col, "value": c.value, "raw": c.raw, "start": c.start, "end": c.end}


def _cell_evs(t, table: str, cells, memo: dict) -> list[dict[str, Any]]:
    """``[_cell_ev(t, table, r, c) for r, c in cells]``: fresh dicts copied from one built per cell (perf only)."""
    try:
        return [memo[rc].copy() for rc in cells]
    except KeyError:
        out = []
        for rc in cells:
            ev = memo.get(rc)
            if ev is None:
                ev = memo[rc] = _cell_ev(t, table, rc[0], rc[1])
            out.append(ev.copy())
        return out


def _span(t, cells: list[tuple[str, str, str]]) -> tuple[int | None, int | None]:
    pts: list[int] = []
    for table, row, col in cells:
        sp = t.cell_span(table, row, col) or t.row_span(table, row)
        if sp:
            pts.extend(sp)
    return (min(pts), max(pts)) if pts else (None, None)


@rule("tables.presence", ("GX-S201", "GX-S202", "GX-S203", "GX-T300", "GX-X002"), order=30, formats=("2021", "2019"))
def presence(a) -> Iterator[Finding | Check]:
    """Every required table is present (S201), with no blank or missing cell (S202); no old-format table
    in a report for 2021 or later (S203); every 表三/表四 cell a non-negative integer (T300); rows that
    could be read more than one way are listed (X002)."""
    t = _tables(a)
    vals = t.values if t else {}
    for table in REQUIRED_TABLES:
        if vals.get(table) is None:
            yield Check(f"S201[{table}]", "FAIL", {"table": table})
            yield Finding("GX-S201", f"{TABLE_NAMES[table]} ({table}) is absent or could not be read",
                          evidence={"table": table})
            continue
        yield Check(f"S201[{table}]", "PASS", {"table": table})
        spec = S.table_spec(table, a.format)
        blanks = []
        rows_t = t.cells.get(table) or {}  # ``t.cell(table, r.key, c)`` without the call (perf only)
        for r in spec.rows:
            cols_t = rows_t.get(r.key) or {}
            for c in spec.cols(r.key):
                cr = cols_t.get(c)
                if cr is None or cr.value is None and cr.read in ("blank", "missing"):
                    blanks.append({"row": r.key, "col": c, "label": f"{r.label} / {_col_label(table, c)}",
                                   "raw": None if cr is None else cr.raw,
                                   "read": "missing" if cr is None else cr.read})
        if blanks:
            yield Check(f"S202[{table}]", "FAIL", {"blank_cells": len(blanks)})
            start, end = _span(t, [(table, b["row"], b["col"]) for b in blanks])
            yield Finding("GX-S202", f"{TABLE_NAMES[table]}: {len(blanks)} cell(s) blank or missing "
                          f"(first: {blanks[0]['label']})", start=start, end=end,
                          evidence={"table": table, "cells": blanks[:40]})
        else:
            yield Check(f"S202[{table}]", "PASS", {"table": table})
    for table in ("applications", "appeals"):
        for row, cols in (t.cells.get(table) or {}).items() if t else ():
            for col, cr in cols.items():
                v = cr.value
                if type(v) is int and 0 <= v < _FLOAT_SAFE and cr.read != "invalid":
                    continue  # a non-negative int: the test below without float() (perf only)
                bad = cr.read == "invalid" or (v is not None and (v < 0 or not float(v).is_integer()))
                if bad:
                    yield Check(f"T300[{table}.{row}.{col}]", "FAIL", _cell_ev(t, table, row, col))
                    yield Finding("GX-T300", f"{TABLE_NAMES[table]} {row}/{col}: {cr.raw!r} is not a non-negative integer",
                                  start=cr.start, end=cr.end, evidence=_cell_ev(t, table, row, col))
    yield from _old_format(a)
    for table, det in (t.details.items() if t else ()):
        for amb in det.get("ambiguous_rows", []):
            row = amb["row"]
            start, end = (t.row_span(table, row) or (None, None)) if row != "all" else _span(
                t, [(table, b.key, "total") for b in S.APPEALS.rows])
            yield Finding("GX-X002", f"{TABLE_NAMES[table]} row {row!r} ({amb['raw']}) can be read "
                          f"{len(amb['candidates'])} ways; read as {amb['chosen']}"
                          + ("; no reading satisfies the identities" if amb["status"] == "inconsistent" else ""),
                          start=start, end=end, evidence={"table": table, **amb})


def _old_format(a) -> Iterator[Finding | Check]:
    if not a.year or a.year < 2021:
        yield Check("S203", "NOT_ASSESSABLE" if not a.year else "PASS", {"year": a.year})
        return
    cues = [c for c in S.OLD_FORMAT_CUES if c in a.text]
    if a.format == "2019" or cues:
        pos = min((a.text.find(c) for c in cues), default=-1)
        yield Check("S203", "FAIL", {"year": a.year, "format": a.format, "cues": cues})
        yield Finding("GX-S203", f"2019-format table in a report for {a.year} (cues: {', '.join(cues) or a.format})",
                      start=pos if pos >= 0 else None, end=(pos + len(cues[0])) if pos >= 0 else None,
                      evidence={"year": a.year, "format": a.format, "cues": cues})
    else:
        yield Check("S203", "PASS", {"year": a.year})


def _col_label(table: str, col: str) -> str:
    return S.T4_COLUMN_LABELS[col] if table == "appeals" else S.COLUMN_LABELS.get(col, col)


def evaluate_identities(t, fmt: str | None) -> list[tuple[S.Identity, str, dict[str, Any]]]:
    """Every identity of the format with its status and evidence.

    A failing identity cites each cell in full (table, row, col, value, raw text, offsets) with both
    sums; one that passes or has a blank cell cites its cells in brief, ``"row.col": value`` (raw
    text and offsets are in ``table_details``), then its sums or its blank cells. The brief form is
    what keeps a result's JSON small: these cells were ~40% of it."""
    out = []
    memos: dict[str, dict] = {}  # table -> (row, col) -> its full cell evidence (failures only)
    for ident, lcells, rcells in _identity_plan(fmt):
        if (t.values.get(ident.table) or None) is None:
            out.append((ident, "NOT_ASSESSABLE", {"identity": ident.text, "reason": f"{ident.table} not read"}))
            continue
        rows = t.cells.get(ident.table) or {}
        try:  # every cell read: no per-cell call (perf only)
            lhs = {k: rows[r][c].value for k, r, c in lcells}
            rhs = {k: rows[r][c].value for k, r, c in rcells}
        except KeyError:  # a row or cell not read: None
            lhs = {k: _value(rows, r, c) for k, r, c in lcells}
            rhs = {k: _value(rows, r, c) for k, r, c in rcells}
        lv, rv = lhs.values(), rhs.values()
        ev: dict[str, Any] = {"identity": ident.text, "table": ident.table, "lhs": lhs, "rhs": rhs}  # the brief evidence
        if None in lv or None in rv:
            ev["blank_cells"] = [k for side in (lhs, rhs) for k, v in side.items() if v is None]
            out.append((ident, "NOT_ASSESSABLE", ev))
            continue
        ls, rs = sum(lv), sum(rv)
        if ls == rs:
            ev["lhs_sum"], ev["rhs_sum"], ev["difference"] = ls, rs, 0
            out.append((ident, "PASS", ev))
            continue
        memo = memos.setdefault(ident.table, {})
        out.append((ident, "FAIL", {"identity": ident.text, "lhs": _cell_evs(t, ident.table, ident.lhs, memo),
                                    "rhs": _cell_evs(t, ident.table, ident.rhs, memo),
                                    "lhs_sum": ls, "rhs_sum": rs, "difference": ls - rs}))
    return out


def _value(rows: dict, row: str, col: str) -> int | float | None:
    c = (rows.get(row) or {}).get(col)
    return None if c is None else c.value


@lru_cache(maxsize=8)
def _identity_plan(fmt: str | None) -> tuple[tuple[S.Identity, tuple[tuple[str, str, str], ...],
                                                   tuple[tuple[str, str, str], ...]], ...]:
    """Each identity of the format with its cells on both sides as ``("row.col", row, col)``."""
    return tuple((i, tuple((f"{r}.{c}", r, c) for r, c in i.lhs), tuple((f"{r}.{c}", r, c) for r, c in i.rhs))
                 for i in S.identities(fmt))


def single_cell_fixes(results) -> list[dict[str, Any]]:
    """Cells whose change alone would satisfy every failed identity without breaking a passing one."""
    failed = [(i, ev) for i, st, ev in results if st == "FAIL"]
    if not failed:
        return []
    passing = [i for i, st, _ in results if st == "PASS"]
    fixes = []
    cells = {(i.table, c) for i, _ in failed for c in i.cells}
    for table, cell in sorted(cells):
        if not all(cell in i.cells for i, _ in failed if i.table == table) or any(i.table != table for i, _ in failed):
            continue
        if any(cell in p.cells and p.table == table for p in passing):
            continue
        needed = set()
        for i, ev in failed:
            side = ev["lhs"] if cell in i.lhs else ev["rhs"]
            cur = next(x["value"] for x in side if (x["row"], x["col"]) == cell)
            delta = ev["rhs_sum"] - ev["lhs_sum"] if cell in i.lhs else ev["lhs_sum"] - ev["rhs_sum"]
            needed.add(cur + delta)
        if len(needed) == 1 and min(needed) >= 0:
            fixes.append({"table": table, "row": cell[0], "col": cell[1], "expected": needed.pop()})
    return fixes


def _per_identity_fixes(ident: S.Identity, ev: dict[str, Any], passing_cells: set) -> list[dict[str, Any]]:
    out = []
    for side, cells in (("lhs", ident.lhs), ("rhs", ident.rhs)):
        for x, cell in zip(ev[side], cells, strict=True):
            if (ident.table, cell) in passing_cells:
                continue
            delta = ev["rhs_sum"] - ev["lhs_sum"] if side == "lhs" else ev["lhs_sum"] - ev["rhs_sum"]
            if x["value"] + delta >= 0:
                out.append({"row": cell[0], "col": cell[1], "value": x["value"], "expected": x["value"] + delta})
    return out


@rule("tables.identities", ("GX-T301", "GX-T302", "GX-T303", "GX-T401"), order=31, formats=("2021", "2019"))
def table_identities(a) -> Iterator[Finding | Check]:
    """表三 T3-I1 (一+二 = （七）+四, per column), T3-I2 (row 总计 = six applicant columns), T3-I3
    ((七) = sum of the result rows, per column) and 表四 T4-I1 (总计 = 维持+纠正+其他+尚未审结, per block).
    A blank cell makes its identity NOT_ASSESSABLE. A failure names the single cell that would fix every
    failed identity when there is one."""
    t = _tables(a)
    if t is None:
        return
    results = evaluate_identities(t, a.format)
    all_fixes = single_cell_fixes([r for r in results if r[0].table == "applications"]) + \
        single_cell_fixes([r for r in results if r[0].table == "appeals"])
    passing_cells: set | None = None  # built at the first failure (perf only)
    amb_rows = {(tb, am["row"]) for tb, det in t.details.items() for am in det.get("ambiguous_rows", [])}
    for ident, status, ev in results:
        yield Check(ident.rule, status, ev)
        if status != "FAIL":
            continue
        if passing_cells is None:
            passing_cells = {(i.table, c) for i, st, _ in results if st == "PASS" for c in i.cells}
        mine = [f for f in all_fixes if f["table"] == ident.table and (f["row"], f["col"]) in ident.cells]
        ev = dict(ev)
        if len(mine) == 1:
            f = mine[0]
            ev["most_likely_wrong_cell"] = {"row": f["row"], "col": f["col"], "value": t.value(ident.table, f["row"], f["col"]),
                                            "expected": f["expected"]}
        else:
            ev["possible_wrong_cells"] = _per_identity_fixes(ident, ev, passing_cells)[:10]
        rows = {r for r, _ in ident.cells}
        if any((ident.table, r) in amb_rows or (ident.table, "all") in amb_rows for r in rows):
            ev["note"] = "a row of this identity was read from a glued digit run with no consistent split"
        start, end = _span(t, [(ident.table, r, c) for r, c in ident.cells])
        hint = ""
        if "most_likely_wrong_cell" in ev:
            m = ev["most_likely_wrong_cell"]
            hint = f"; most likely wrong cell: {m['row']}/{m['col']} = {m['value']} (would be {m['expected']})"
        yield Finding(ident.code, f"{TABLE_NAMES[ident.table]} {ident.rule}: {ident.text}: "
                      f"{ev['lhs_sum']} ≠ {ev['rhs_sum']}{hint}", start=start, end=end, evidence=ev)


def _is_rule_maker(org: str | None) -> bool | None:
    if not org:
        return None
    return any(re.search(p, org) for p in RULE_MAKER_PATTERNS)


@rule("tables.proactive-plausibility", ("GX-T201",), order=32, formats=("2021", "2019"))
def proactive_plausibility(a) -> Iterator[Finding | Check]:
    """表二: counts are non-negative integers, 现行有效 ≥ 本年制发, 规章 only from bodies that can make
    规章 (立法法), 行政事业性收费 plausibly in 万元."""
    t = _tables(a)
    vals = (t.values.get("proactive") if t else None) or None
    if vals is None:
        yield Check("T2-1", "NOT_ASSESSABLE", {"reason": "表二 not read"})
        return
    bad = []
    for row, cols in vals.items():
        for col, v in cols.items():
            if v is None:
                continue
            if (v < 0 and col not in S.SIGNED_COLS) or (not float(v).is_integer() and col not in S.DECIMAL_COLS):
                bad.append((row, col, v))
    yield Check("T2-1", "FAIL" if bad else "PASS", {"cells": [list(b) for b in bad]})
    for row, col, v in bad:
        yield Finding("GX-T201", f"表二 {row}/{col} = {v}: a count must be a non-negative integer",
                      evidence=_cell_ev(t, "proactive", row, col), **_se(t, row, col))
    for row in ("rules", "normative_docs"):
        cols = vals.get(row) or {}
        issued, in_force = cols.get("issued", cols.get("made")), cols.get("in_force", cols.get("in_force_total"))
        if issued is None or in_force is None:
            yield Check(f"T2-2[{row}]", "NOT_ASSESSABLE", {"row": row})
            continue
        ok = in_force >= issued
        ev = {"row": row, "issued": _cell_ev(t, "proactive", row, "issued" if "issued" in cols else "made"),
              "in_force": _cell_ev(t, "proactive", row, "in_force" if "in_force" in cols else "in_force_total")}
        yield Check(f"T2-2[{row}]", "PASS" if ok else "FAIL", ev)
        if not ok and a.format == "2021":
            yield Finding("GX-T201", f"表二 {S.PROACTIVE_2021.label(row)}: 现行有效件数 {in_force} < 本年制发件数 {issued}",
                          evidence=ev, **_se(t, row, "in_force"))
    rules = vals.get("rules") or {}
    made = rules.get("issued", rules.get("made"))
    maker = _is_rule_maker(a.info.org)
    if made is None or maker is None:
        yield Check("T2-4", "NOT_ASSESSABLE", {"org": a.info.org, "rules_issued": made})
    elif made > 0 and not maker:
        ev = {"org": a.info.org, "issuer_type": a.info.issuer_type,
              "cell": _cell_ev(t, "proactive", "rules", "issued" if "issued" in rules else "made")}
        yield Check("T2-4", "FAIL", ev)
        yield Finding("GX-T201", f"表二 规章 本年制发 {made}, but {a.info.org} cannot make 规章 (立法法): "
                      "probably 规范性文件 entered in the 规章 row", evidence=ev,
                      **_se(t, "rules", "issued" if "issued" in rules else "made"))
    else:
        yield Check("T2-4", "PASS", {"org": a.info.org, "rules_issued": made})
    fee = (vals.get("fees") or {}).get("amount_wan")
    if fee is None:
        yield Check("T2-5", "NOT_ASSESSABLE", {"reason": "no 行政事业性收费 amount in 万元"})
    elif fee >= FEE_WAN_IMPLAUSIBLE:
        ev = _cell_ev(t, "proactive", "fees", "amount_wan")
        yield Check("T2-5", "FAIL", ev)
        yield Finding("GX-T201", f"表二 行政事业性收费 {fee} 万元 looks like an amount in 元", evidence=ev,
                      **_se(t, "fees", "amount_wan"))
    else:
        yield Check("T2-5", "PASS", {"amount_wan": fee})


def _se(t, row: str, col: str) -> dict[str, int | None]:
    sp = t.cell_span("proactive", row, col) or t.row_span("proactive", row)
    return {"start": sp[0], "end": sp[1]} if sp else {}


def _compare_cells(vals: dict[str, Any], prior: dict[str, Any]) -> tuple[int, int, bool]:
    """B103 over the required tables' cells: (cells with a value here and a cell in ``prior``, how
    many of those are non-zero, whether every cell here has a value equal to the prior's)."""
    compared = nonzero = 0
    same = True
    for table in REQUIRED_TABLES:
        old = prior.get(table) or {}
        for row, cols in (vals.get(table) or {}).items():
            old_cols = old.get(row) or {}
            for col, v in (cols or {}).items():
                if v is None or col not in old_cols:
                    same = False
                    continue
                compared += 1
                if v:
                    nonzero += 1
                if v != old_cols[col]:
                    same = False
    return compared, nonzero, same


@rule("tables.cross-year", ("GX-C104", "GX-C106", "GX-B103"), order=33, formats=("2021", "2019"))
def cross_year(a) -> Iterator[Finding | Check]:
    """With the prior year's report: 上年结转 = last year's 结转下年度继续办理 per column (C104);
    表二 现行有效 = last year's + 本年制发 − 本年废止 (C106, info); not every table figure identical
    to last year's unless all are zero (B103)."""
    t = _tables(a)
    p = _tables(a.prior) if a.prior is not None else None
    if t is None or p is None:
        yield Check("T3-X1", "NOT_ASSESSABLE", {"reason": "no prior-year report" if p is None else "tables not read"})
        return
    prior_src = a.prior.doc.source
    cur, old = t.values.get("applications"), p.values.get("applications")
    if cur and old:
        for col in S.T3_COLS:
            ci = (cur.get("carry_in") or {}).get(col)
            po = (old.get("carry_out") or {}).get(col)
            ev = {"carry_in": _cell_ev(t, "applications", "carry_in", col), "prior_carry_out": po,
                  "prior": prior_src, "prior_year": a.prior.year}
            if ci is None or po is None:
                yield Check(f"T3-X1[{col}]", "NOT_ASSESSABLE", ev)
            elif ci == po:
                yield Check(f"T3-X1[{col}]", "PASS", ev)
            else:
                yield Check(f"T3-X1[{col}]", "FAIL", ev)
                sp = t.cell_span("applications", "carry_in", col) or t.row_span("applications", "carry_in") or (None, None)
                yield Finding("GX-C104", f"表三 上年结转 ({S.COLUMN_LABELS[col]}) {ci} ≠ {po} 结转下年度继续办理 in "
                              f"the {a.prior.year} report", start=sp[0], end=sp[1], evidence=ev)
    cp, op = t.values.get("proactive"), p.values.get("proactive")
    if cp and op and a.format == "2021" and a.prior.format == "2021":
        for row in ("rules", "normative_docs"):
            c, o = cp.get(row) or {}, op.get(row) or {}
            parts = (c.get("in_force"), o.get("in_force"), c.get("issued"), c.get("repealed"))
            ev = {"row": row, "in_force": parts[0], "prior_in_force": parts[1], "issued": parts[2],
                  "repealed": parts[3], "prior": prior_src}
            unsure = [src for src, tt in (("this year", t), ("prior", p))
                      if any(am["row"] == row for am in tt.ambiguous("proactive"))]
            if any(x is None for x in parts) or unsure:
                if unsure:
                    ev["reason"] = f"表二 row read more than one way ({', '.join(unsure)})"
                yield Check(f"T2-3[{row}]", "NOT_ASSESSABLE", ev)
                continue
            want = parts[1] + parts[2] - parts[3]
            ev["expected"] = want
            if want == parts[0]:
                yield Check(f"T2-3[{row}]", "PASS", ev)
            else:
                yield Check(f"T2-3[{row}]", "FAIL", ev)
                sp = t.cell_span("proactive", row, "in_force") or t.row_span("proactive", row) or (None, None)
                yield Finding("GX-C106", f"表二 {S.PROACTIVE_2021.label(row)} 现行有效 {parts[0]} ≠ last year's {parts[1]} "
                              f"+ 制发 {parts[2]} − 废止 {parts[3]} = {want}", start=sp[0], end=sp[1], evidence=ev)
    compared, nonzero, same = _compare_cells(t.values, p.values)
    if not compared:
        yield Check("B103", "NOT_ASSESSABLE", {"prior": prior_src})
        return
    ev = {"prior": prior_src, "cells_compared": compared, "nonzero_cells": nonzero}
    if same and nonzero:
        yield Check("B103", "FAIL", ev)
        regs = t.regions
        yield Finding("GX-B103", f"every table figure ({compared} cells) is identical to the {a.prior.year} report",
                      start=regs[0][0] if regs else None, end=regs[-1][1] if regs else None, evidence=ev)
    else:
        yield Check("B103", "PASS", ev)
