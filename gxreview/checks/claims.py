"""Claim checks: narrative figures against the tables, each other, the prior year and the fee table.

* GX-C101 narrative vs table (report-format.md §5 cue table, declared in :data:`TARGETS`),
  interval-aware. Checked only when the link is unambiguous — one figure, one cue, same clause,
  a count in 件/起/宗, no other year in the sentence. A mismatch on a weaker link is UNCERTAIN and
  yields GX-C100 (info), never C101.
* GX-C102 internal: parts after 其中 vs their whole, stated shares recomputed (占21.02%), rates above
  100%, and the same quantity stated twice with different values when the cue is identical.
* GX-C103 a stated change (较去年增长17.57%) vs the prior-year report's figure for the same metric.
* GX-C105 the 信息处理费 statement vs 表三 （六）2 and the processing_fee table (表二（八）
  行政事业性收费 is a different fee: never compared).

Every evaluation is a :class:`Check` whose evidence holds the recomputation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..figures.metrics import best_metric
from ..findings import Check, Figure, Finding
from ..regex_facts import start_finder
from ..registry import rule

R3 = [f"r3_{i}" for i in range(1, 9)]
R4 = [f"r4_{i}" for i in range(1, 4)]
R5 = [f"r5_{i}" for i in range(1, 6)]
R6 = ["r6_1", "r6_2", "r6_3"]
LEGAL = ["commercial", "research", "social_welfare", "legal_services", "other"]
CLAIM_UNITS = {"件", "起", "宗"}
APPLICATION_METRICS = {"applications_received", "applications_closed", "carried_over", "disclosed",
                       "partially_disclosed", "disclosed_or_partial", "refused", "unable_to_provide", "not_processed",
                       "other_processing"}

# metric → list of (expression label, [(table, row, col), ...] summed). Several entries = the
# readings the wording allows (any of them agreeing passes).
TARGETS: dict[str, list[tuple[str, list[tuple[str, str, str]]]]] = {
    "applications_received": [("new[total]", [("applications", "new", "total")]),
                               ("new[total] + carry_in[total]", [("applications", "new", "total"),
                                                                 ("applications", "carry_in", "total")])],
    "applications_closed": [("r7[total]", [("applications", "r7", "total")])],
    "disclosed": [("r1[total]", [("applications", "r1", "total")])],
    "partially_disclosed": [("r2[total]", [("applications", "r2", "total")])],
    "disclosed_or_partial": [("r1[total] + r2[total]", [("applications", "r1", "total"), ("applications", "r2", "total")])],
    "refused": [("Σ r3_i[total]", [("applications", r, "total") for r in R3])],
    "unable_to_provide": [("Σ r4_i[total]", [("applications", r, "total") for r in R4]),
                          ("r4_1[total]", [("applications", "r4_1", "total")])],
    "not_processed": [("Σ r5_i[total]", [("applications", r, "total") for r in R5])],
    "other_processing": [("Σ r6_i[total]", [("applications", r, "total") for r in R6])],
    "admin_review": [("review.total", [("appeals", "review", "total")])],
    "admin_litigation": [("lit_direct.total + lit_after_review.total",
                          [("appeals", "lit_direct", "total"), ("appeals", "lit_after_review", "total")])],
    "licensing": [("licensing.decisions", [("proactive", "licensing", "decisions")])],
    "penalty": [("penalty.decisions", [("proactive", "penalty", "decisions")])],
    "enforcement": [("enforcement.decisions", [("proactive", "enforcement", "decisions")])],
}
CARRY_IN = [("carry_in[total]", [("applications", "carry_in", "total")])]
CARRY_OUT = [("carry_out[total]", [("applications", "carry_out", "total")])]
INCLUDES_CARRY_IN = re.compile(r"(?:含|包括|包含)[^，。；）)]{0,6}(?:上年|上一年|去年)[^，。；）)]{0,4}结转")
CARRY_IN_CUE = re.compile(r"(?:上年|上一年|去年|上年度)[^，。；]{0,4}结转|结转[^，。；]{0,2}(?:自|上年)")
CARRY_OUT_CUE = re.compile(r"结转[^，。；]{0,3}(?:下|至|到)|转下一?年|下年度|继续办理")
DOCS = {"documents_issued": ("issued", "made"), "documents_repealed": ("repealed", None),
        "documents_in_force": ("in_force", "in_force_total")}
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")
WEAK_LINK_WORDS = {"licensing": "决定", "penalty": "决定", "enforcement": "决定"}

SENTENCE_BREAK = re.compile(r"[。；;！？!?\n]")
CLAUSE_BREAK = re.compile(r"[，,。；;！？!?\n：:]")


@dataclass
class _Ctx:
    text: str
    figures: list[Figure]


def _bounds(text: str, pos: int, rx: re.Pattern[str], span: int = 200) -> tuple[int, int]:
    """(end of the last ``rx`` match in the ``span`` characters before ``pos``, start of the first
    one in the ``span`` characters from ``pos``), the window's ends when there is none."""
    lo = max(0, pos - span)
    m = _last_of(rx).match(text, lo, pos)
    left = m.end() if m else lo
    m = rx.search(text, pos, min(len(text), pos + span))
    right = m.start() if m else min(len(text), pos + span)
    return left, right


@lru_cache(maxsize=64)
def _last_of(rx: re.Pattern[str]) -> re.Pattern[str]:
    """A pattern whose match from ``lo`` ends where the last ``rx`` match of ``finditer(text, lo,
    pos)`` ends: a greedy ``.*`` before ``rx``, which must be one character class (no flags)."""
    if rx.flags & ~re.UNICODE or not _ONE_CLASS.fullmatch(rx.pattern):
        raise ValueError(f"not a one-character class: {rx.pattern!r}")
    return re.compile(f"(?s:.*){rx.pattern}")


_ONE_CLASS = re.compile(r"\[\^?(?:\\.|[^\]\\\[])+\]")


def _table_value(values: dict, table: str, row: str, col: str):
    t = (values or {}).get(table)
    if not t:
        return None
    r = t.get(row)
    if not isinstance(r, dict):
        return None
    return r.get(col)


def _cells(a, terms: list[tuple[str, str, str]]) -> tuple[float | None, list[dict]]:
    values = getattr(a.tables, "values", None) or {}
    total = 0
    cells = []
    for table, row, col in terms:
        v = _table_value(values, table, row, col)
        span = None
        cs = getattr(a.tables, "cell_span", None)
        if callable(cs):
            try:
                span = cs(table, row, col)
            except Exception:  # provenance is a nice-to-have in evidence
                span = None
        cells.append({"table": table, "row": row, "col": col, "value": v,
                      "start": span[0] if span else None, "end": span[1] if span else None})
        if v is None:
            return None, cells
        total += v
    return total, cells


def _within(f: Figure, v: float) -> bool:
    lo = f.low if f.low is not None else float("-inf")
    hi = f.high if f.high is not None else float("inf")
    return lo <= v <= hi


def _fig_ev(f: Figure) -> dict:
    return {"text": f.text, "value": f.value, "low": f.low, "high": f.high, "qualifier": f.qualifier,
            "metric": f.metric, "start": f.start, "end": f.end}


def _targets_for(a, f: Figure, clause: str, sentence: str):
    """(readings, strong) for a figure: the table expressions it may equal and whether the link is sure."""
    m = f.metric
    if m == "carried_over":
        if CARRY_IN_CUE.search(clause):
            return CARRY_IN, True
        if CARRY_OUT_CUE.search(clause):
            return CARRY_OUT, True
        return CARRY_IN + CARRY_OUT, False
    if m in DOCS:
        col21, col19 = DOCS[m]
        col = col19 if a.format == "2019" and col19 else col21
        if "规范性文件" in clause:
            return [(f"normative_docs.{col}", [("proactive", "normative_docs", col)])], True
        if "规章" in clause:
            return [(f"rules.{col}", [("proactive", "rules", col)])], True
        return None, False  # 政策文件, 公文 …: not what 表二 counts
    readings = TARGETS.get(m or "")
    if not readings:
        return None, False
    if m == "applications_received":
        if INCLUDES_CARRY_IN.search(sentence):
            readings = readings[1:]
        person = "自然人" in clause or "公民" in clause
        if person and "法人" in clause:
            pass  # 公民、法人及其他组织: all applicants
        elif person:
            readings = [("new[natural_person]", [("applications", "new", "natural_person")]),
                        ("new[natural_person] + carry_in[natural_person]",
                         [("applications", "new", "natural_person"), ("applications", "carry_in", "natural_person")])]
        elif "法人" in clause:
            readings = [("Σ new[legal persons]", [("applications", "new", c) for c in LEGAL]),
                        ("Σ (new + carry_in)[legal persons]",
                         [("applications", r, c) for r in ("new", "carry_in") for c in LEGAL])]
    if a.format == "2019" and m == "other_processing":
        readings = [("r6[total]", [("applications", "r6", "total")])]
    strong = True
    word = WEAK_LINK_WORDS.get(m)
    if word and word not in clause:
        strong = False
    return readings, strong


@rule("claims.narrative-vs-table", ("GX-C101", "GX-C100"), order=60)
def narrative_vs_table(a) -> Iterator[Finding | Check]:
    """GX-C101: a narrative count (申请 received/closed/carried over, 予以公开 …, 行政复议/诉讼,
    规范性文件, 行政许可/处罚) contradicts its table cell. Interval-aware (600余 = [600, 700]);
    only an unambiguous link (one figure, one cue, same clause) can fail; otherwise GX-C100."""
    if a.tables is None or not getattr(a.tables, "values", None):
        return
    text = a.text
    figs = [f for f in a.figures if f.kind == "count" and f.unit in CLAIM_UNITS]
    for f in figs:
        s_lo, s_hi = _bounds(text, f.start, SENTENCE_BREAK)
        c_lo, c_hi = _bounds(text, f.start, CLAUSE_BREAK)
        clause = text[c_lo:c_hi]
        sentence = text[s_lo:s_hi]
        readings, strong = _targets_for(a, f, clause, sentence)
        if not readings:
            continue
        if f.metric in APPLICATION_METRICS and "申请" not in sentence and f.metric not in (
                "disclosed", "partially_disclosed", "disclosed_or_partial", "refused", "unable_to_provide", "not_processed"):
            strong = False
        # one cue, one number, same clause
        cue_here = best_metric(text[c_lo:f.start], f.unit, f.kind, True) == f.metric
        others = [g for g in a.figures if g is not f and c_lo <= g.start < c_hi]
        years = {int(y) for y in YEAR.findall(text[s_lo:f.start])}
        other_year = bool(a.year and years and any(y != a.year for y in years))
        sure = strong and cue_here and not others and not other_year
        tried = []
        ok = False
        for label, terms in readings:
            v, cells = _cells(a, terms)
            tried.append({"expression": label, "value": v, "cells": cells})
            if v is not None and _within(f, v):
                ok = True
                break
        ev = {"figure": _fig_ev(f), "clause": clause, "readings": tried,
              "link": "unambiguous" if sure else "ambiguous",
              "why_ambiguous": [w for w, c in (("no cue in the clause", not cue_here),
                                                ("several figures in the clause", bool(others)),
                                                ("another year in the sentence", other_year),
                                                ("weak cue", not strong)) if c]}
        rule_id = f"C101[{f.metric}]"
        if all(t["value"] is None for t in tried):
            yield Check(rule_id, "NOT_ASSESSABLE", ev | {"reason": "table cell missing or blank"})
            continue
        if ok:
            yield Check(rule_id, "PASS", ev)
            continue
        shown = "; ".join(f"{t['expression']} = {t['value']}" for t in tried if t["value"] is not None)
        if sure:
            yield Check(rule_id, "FAIL", ev)
            yield Finding("GX-C101", f"the narrative says “{f.text}” ({f.metric}) but the table gives {shown}",
                          start=f.start, end=f.end, evidence=ev)
        else:
            yield Check(rule_id, "UNCERTAIN", ev)
            yield Finding("GX-C100", f"“{f.text}” ({f.metric}) differs from the table ({shown}) but the link is "
                          f"not certain: {', '.join(ev['why_ambiguous'])}", start=f.start, end=f.end, evidence=ev)


# ---------------------------------------------------------------- C102 internal consistency
RATE_METRICS = {"completion_rate", "satisfaction_rate", "share"}
PARTS_START = re.compile(r"其中[:：]?")
PART_BREAKDOWN = re.compile(r"包括|包含|分别为|分别是|含有?")
SHARE_CUE = re.compile(r"占")


FULL_STOP = re.compile(r"[。！？!?\n]")
_GAP_STOP = re.compile(r"[。；;]")
_NEW_PARTS = re.compile(r"其中|另外|此外|同时")
_SPACES = re.compile(r"\s+")
_CUE_LEAD = re.compile(r"^(?:其中|共|全年|累计|另|并)")


def _same_sentence_figs(a, f: Figure) -> list[Figure]:
    lo, hi = _bounds(a.text, f.start, FULL_STOP, 400)
    return [g for g in a.figures if lo <= g.start < hi]


@rule("claims.internal", ("GX-C102",), order=61)
def internal_consistency(a) -> Iterator[Finding | Check]:
    """GX-C102: parts after 其中 exceed their whole; a stated share (占21.02%) that no pair of the
    figures around it gives; a rate above 100%; the same cue stated twice with different values."""
    text = a.text
    figs = a.figures
    # rates above 100 %
    for f in figs:
        if f.unit == "%" and f.kind == "percent" and (f.metric in RATE_METRICS) and f.low is not None and f.low > 100:
            ev = {"figure": _fig_ev(f), "bound": 100}
            yield Check(f"C102[rate<=100][{f.metric}]", "FAIL", ev)
            yield Finding("GX-C102", f"the rate “{f.text}” is above 100%", start=f.start, end=f.end, evidence=ev)
    # parts vs whole: a figure, then 其中 and parts with the same unit in the same sentence
    for i, whole in enumerate(figs):
        if whole.kind != "count":
            continue
        nxt = figs[i + 1] if i + 1 < len(figs) else None
        if nxt is None:
            continue
        gap = text[whole.end:nxt.start]
        m = PARTS_START.search(gap)
        if not m or len(gap) > 30 or _GAP_STOP.search(gap):
            continue
        sent_end = _bounds(text, whole.end, SENTENCE_BREAK, 400)[1]
        parts = []
        for g in figs[i + 1:]:
            if g.start >= sent_end:
                break
            if g.unit != whole.unit or g.kind != "count":
                break
            if parts and _NEW_PARTS.search(text[parts[-1].end:g.start]):
                break
            if parts and PART_BREAKDOWN.search(text[parts[-1].end:g.start]):
                break  # "35条，包括25条、4条、6条": a breakdown of the previous part, not more parts
            parts.append(g)
        if len(parts) < 2:
            continue
        lo_sum = sum(p.low for p in parts)
        hi_whole = whole.high if whole.high is not None else float("inf")
        ev = {"whole": _fig_ev(whole), "parts": [_fig_ev(p) for p in parts], "sum_of_parts_low": lo_sum,
              "whole_high": whole.high}
        if lo_sum > hi_whole:
            yield Check("C102[parts<=whole]", "FAIL", ev)
            yield Finding("GX-C102", f"the parts after 其中 add up to at least {lo_sum}, more than the whole "
                          f"“{whole.text}”", start=whole.start, end=parts[-1].end, evidence=ev)
        else:
            yield Check("C102[parts<=whole]", "PASS", ev)
    # stated shares
    for f in figs:
        if f.unit != "%" or f.metric != "share":
            continue
        ctx = text[max(0, f.start - 12):f.start]
        if not SHARE_CUE.search(ctx):
            continue
        lo, _ = _bounds(text, f.start, FULL_STOP, 600)
        # the sentence with the share and the one before it
        lo2 = _bounds(text, max(0, lo - 1), FULL_STOP, 600)[0] if lo > 0 else lo
        pool = [g for g in figs if lo2 <= g.start < f.start and g.kind == "count" and g.value]
        found = None
        for p in pool:
            for w in pool:
                if p is w or w.value == 0 or p.unit != w.unit or p.value > w.value:
                    continue
                r = p.value / w.value * 100
                if _within(f, r) or abs(r - f.value) <= 0.05 + 1e-9:
                    found = (p, w, r)
                    break
            if found:
                break
        ev = {"figure": _fig_ev(f), "candidates": [_fig_ev(g) for g in pool]}
        if found:
            p, w, r = found
            yield Check("C102[share]", "PASS", ev | {"part": _fig_ev(p), "whole": _fig_ev(w), "recomputed": round(r, 4)})
        else:
            yield Check("C102[share]", "UNCERTAIN", ev | {"reason": "no pair of figures nearby gives the stated share"})
    # the same cue twice with different values
    seen: dict[tuple[str, str | None], Figure] = {}
    for f in figs:
        if f.kind not in ("count", "money"):
            continue
        c_lo, _ = _bounds(text, f.start, CLAUSE_BREAK)
        cue = _SPACES.sub("", text[c_lo:f.start])
        cue = _CUE_LEAD.sub("", cue)
        if len(cue) < 6 or any(ch.isdigit() for ch in cue.replace("年", "")):
            continue
        key = (cue, f.unit)
        prev = seen.get(key)
        if prev is None:
            seen[key] = f
            continue
        overlap = not ((prev.high is not None and f.low is not None and prev.high < f.low)
                       or (f.high is not None and prev.low is not None and f.high < prev.low))
        ev = {"cue": cue, "first": _fig_ev(prev), "second": _fig_ev(f)}
        if overlap:
            yield Check("C102[same-cue]", "PASS", ev)
        else:
            yield Check("C102[same-cue]", "FAIL", ev)
            yield Finding("GX-C102", f"“{cue}” is stated as {prev.text} and as {f.text}", start=f.start, end=f.end,
                          evidence=ev)


# ---------------------------------------------------------------- C103 growth vs prior year
def _subject(a, g: Figure) -> Figure | None:
    """The figure a growth figure speaks about: the nearest non-growth figure before it in the sentence."""
    before = [f for f in _same_sentence_figs(a, g) if f.start < g.start and f.kind != "growth"]
    return before[-1] if before else None


@rule("claims.growth-vs-prior", ("GX-C103",), order=62)
def growth_vs_prior(a) -> Iterator[Finding | Check]:
    """GX-C103: a stated change (较去年增长17.57%) recomputed from this year's figure and the prior
    year's report figure with the same metric and unit (unique there)."""
    growths = [f for f in a.figures if f.kind == "growth" and f.unit in ("%", "倍")]
    for g in growths:
        subj = _subject(a, g)
        ev: dict = {"growth": _fig_ev(g)}
        if a.prior is None:
            yield Check("C103", "NOT_ASSESSABLE", ev | {"reason": "no prior-year report"})
            continue
        if subj is None or subj.metric is None:
            yield Check("C103", "UNCERTAIN", ev | {"reason": "the changed quantity is not identified"})
            continue
        cands = [f for f in a.prior.figures if f.metric == subj.metric and f.unit == subj.unit and f.kind == subj.kind]
        if len(cands) != 1 or not cands[0].value:
            yield Check("C103", "UNCERTAIN", ev | {"current": _fig_ev(subj), "reason":
                        f"{len(cands)} figures with metric {subj.metric} in the prior report"})
            continue
        p = cands[0]
        ev |= {"current": _fig_ev(subj), "prior": _fig_ev(p), "prior_source": a.prior.doc.source}
        # the range of changes the two written figures allow
        c_lo = subj.low if subj.low is not None else subj.value
        c_hi = subj.high if subj.high is not None else subj.value
        p_lo = p.low or p.value
        p_hi = p.high if p.high is not None else p.value
        if g.unit == "%":
            lo, hi = (c_lo - p_hi) / p_hi * 100, (c_hi - p_lo) / p_lo * 100
        else:
            lo, hi = (c_lo - p_hi) / p_hi, (c_hi - p_lo) / p_lo
        stated_lo = g.low if g.low is not None else g.value
        stated_hi = g.high if g.high is not None else float("inf")
        ev |= {"recomputed": [round(lo, 4), round(hi, 4)], "stated": [stated_lo, g.high]}
        if stated_hi < lo or stated_lo > hi:
            yield Check("C103", "FAIL", ev)
            yield Finding("GX-C103", f"“{g.text}” change in {subj.metric}: {p.text} (prior) → {subj.text} gives "
                          f"{round((lo + hi) / 2, 2)}{g.unit}", start=g.start, end=g.end, evidence=ev)
        else:
            yield Check("C103", "PASS", ev)


# ---------------------------------------------------------------- C105 fee statement
NO_FEE = re.compile(r"(?:未|没有|不|无|均未)[^，。；]{0,6}收取[^，。；]{0,10}(?:信息处理费|费用)|信息处理费[^，。；]{0,4}(?:为\s*0|为零|0\s*元|无)")
NO_NOTICE = re.compile(r"(?:未|没有|无)[^，。；]{0,6}(?:发出|出具|开具)[^，。；]{0,4}收费通知")
# their finditer, the regex engine skipping to the characters a statement can start with
_no_fee, _no_notice = start_finder(NO_FEE), start_finder(NO_NOTICE)


@rule("claims.fee-statement", ("GX-C105",), order=63)
def fee_statement(a) -> Iterator[Finding | Check]:
    """GX-C105: the 信息处理费 statement (未收取 / 收取N元 / 收费通知N件) vs 表三 （六）2 and the
    processing_fee table. 表二（八）行政事业性收费 is a different fee and is never compared."""
    text = a.text
    values = getattr(a.tables, "values", None) or {}
    fee_tab = values.get("processing_fee") or {}
    r6_2 = _table_value(values, "applications", "r6_2", "total")
    collected = fee_tab.get("amount_collected") if isinstance(fee_tab, dict) else None
    notices = fee_tab.get("notices") if isinstance(fee_tab, dict) else None
    if isinstance(collected, dict):
        collected = next(iter(collected.values()), None)
    if isinstance(notices, dict):
        notices = next(iter(notices.values()), None)
    for m in _no_fee(text):
        ev = {"statement": m.group(0), "start": m.start(), "end": m.end(), "processing_fee.amount_collected": collected}
        if collected is None:
            yield Check("C105[no-fee vs table]", "NOT_ASSESSABLE", ev | {"reason": "no processing_fee table"})
        elif collected > 0:
            yield Check("C105[no-fee vs table]", "FAIL", ev)
            yield Finding("GX-C105", f"“{m.group(0)}” but the 信息处理费 table shows {collected} collected",
                          start=m.start(), end=m.end(), evidence=ev)
        else:
            yield Check("C105[no-fee vs table]", "PASS", ev)
    for m in _no_notice(text):
        ev = {"statement": m.group(0), "start": m.start(), "end": m.end(), "r6_2[total]": r6_2, "notices": notices}
        bad = [(k, v) for k, v in (("表三 （六）2", r6_2), ("收费通知", notices)) if v]
        if r6_2 is None and notices is None:
            yield Check("C105[no-notice]", "NOT_ASSESSABLE", ev)
        elif bad:
            yield Check("C105[no-notice]", "FAIL", ev)
            yield Finding("GX-C105", f"“{m.group(0)}” but {bad[0][0]} = {bad[0][1]}", start=m.start(), end=m.end(),
                          evidence=ev)
        else:
            yield Check("C105[no-notice]", "PASS", ev)
    for f in a.figures:
        if f.metric != "fee" or f.unit != "元":
            continue
        ctx = text[max(0, f.start - 30):f.start]
        if "信息处理费" not in ctx or "行政事业性收费" in ctx:
            continue
        ev = {"figure": _fig_ev(f), "processing_fee.amount_collected": collected}
        if collected is None:
            yield Check("C105[amount]", "NOT_ASSESSABLE", ev | {"reason": "no processing_fee table"})
        elif _within(f, collected):
            yield Check("C105[amount]", "PASS", ev)
        else:
            yield Check("C105[amount]", "FAIL", ev)
            yield Finding("GX-C105", f"the narrative states 信息处理费 “{f.text}” but the fee table shows {collected}",
                          start=f.start, end=f.end, evidence=ev)
