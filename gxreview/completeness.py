"""The completeness score (contract §2 ``scores.completeness``): 0–100, component by component.

The national format says a report may neither omit required content nor pad it (不能遗漏，也不宜泛化).
Every component and its weight is declared once, in :data:`COMPONENTS`; each component returns the
points it earned and the evidence (the span that satisfied it, or what was looked for and not found).
The weights add up to 100 for every report: a component that does not apply to a report (the
government-only 考核/评议/追责 item for a department, the 信息处理费 statement before 2021, the tables
of a pre-2019 report) earns its full points with the reason "not required", so a report is never
penalised for what its rules do not ask. The score depends on the report alone.

``gxreview rules explain <component>`` prints :func:`explain_component`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .checks.structure import REQUIRED_BY_FORMAT
from .regex_facts import start_finder
from .registry import scorer
from .segment.headings import SECTION_ORDER

# --------------------------------------------------------------------------------------------
# keyword families (data)
# --------------------------------------------------------------------------------------------

# 总体情况 aspects (2021 format, report-format.md §3.1), searched in section 一 only.
OVERVIEW_ASPECTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "proactive": ("主动公开", ("主动公开",)),
    "on_request": ("依申请公开", ("依申请", "政府信息公开申请", "公开申请", "申请公开")),
    "information_management": ("政府信息管理", ("政府信息管理", "信息管理", "保密审查", "动态调整", "发布审核", "审核把关",
                                              "三审三校", "公开属性", "属性认定", "源头认定", "清理", "目录管理",
                                              "规范性文件管理", "信息发布审核", "审查机制")),
    "platform": ("政府信息公开平台建设", ("平台", "网站", "专栏", "政务新媒体", "公报", "公众号", "微信", "微博", "客户端")),
    "supervision": ("监督保障", ("监督保障", "考核", "培训", "社会评议", "责任追究", "监督", "组织领导", "工作机制",
                               "领导小组", "评议", "督查", "督导", "保障")),
}
# Government issuers: 工作考核、社会评议和责任追究结果情况 (条例 第五十条(四)), or an explicit 无.
ACCOUNTABILITY_ITEMS: dict[str, tuple[str, ...]] = {
    "考核": ("考核", "绩效评估", "测评"),
    "社会评议": ("社会评议", "评议", "满意度调查", "第三方评估"),
    "责任追究": ("责任追究", "追责", "问责"),
}
ACCOUNTABILITY_NONE = re.compile(r"(?:未|没有|无)(?:发生|出现|开展)?(?:[^。；]{0,8})?(?:责任追究|追责|问责)")
# 五: problem statements and measures.
PROBLEM_CUES = re.compile(r"不足|问题|差距|有待|不够|欠缺|还需|仍需|需进一步|薄弱|不高|不强|滞后|不到位|不完善|不充分|"
                          r"待进一步|待提升|待加强|不均衡|不规范|不精准|不准确|不及时|单一|短板|偏少|较少|较弱|较短|较低|偏低|不熟|不精|不全|不深|未能|尚未|缺乏|难以")
# A clause that only announces the problems ("但仍存在一些问题：", "主要表现在") is not a problem.
PROBLEM_INTRO = re.compile(r"(?:存在|还有|仍有|发现)[^，。；]{0,10}(?:问题|不足|差距|短板)(?:和不足|和问题)?[：:]?$|(?:表现|体现)(?:在|为)[：:]?$"
                           r"|^[（(][一二三四五六七八九十\d][）)]\s*(?:存在(?:的)?(?:主要)?问题|主要问题)")
MEASURE_CUES = re.compile(r"将|进一步|加强|完善|推进|提升|提高|强化|建立|健全|优化|拓展|拓宽|丰富|规范|落实|深化|加大|"
                          r"做好|细化|开展|组织|创新|扩大|整改")
PLACEHOLDER = re.compile(r"^(?:无|暂无|没有|不存在|暂无问题|无问题|本年度无)[。.；]?$")
CLAUSE_SPLIT = re.compile(r"[。；;！？!?，,：:]")
# 六: 信息处理费 (国办函〔2020〕109号), required from the reports for 2021 on.
FEE_STATEMENT = re.compile(
    r"(?:未|没有|无|不)(?:[^。；]{0,12}?)(?:收取|产生|发生)(?:[^。；]{0,12}?)(?:处理费|费用)"
    r"|(?:信息)?(?:公开)?(?:信息)?处理费[^。；]{0,30}?(?:\d+(?:\.\d+)?\s*(?:万)?元|零元|为零|为0|未收取|没有收取|无|未发生|未产生)"
    r"|(?:收取|收缴)[^。；]{0,12}?(?:信息)?处理费[^。；]{0,12}?\d+(?:\.\d+)?\s*(?:万)?元"
    r"|(?:未|没有|无)(?:[^。；]{0,12}?)信息公开(?:的)?收费")
FEE_YEAR_FROM = 2021
# FEE_STATEMENT.finditer, the regex engine skipping to the characters a statement can start with
_fee_finditer = start_finder(FEE_STATEMENT)


def fee_statements(text: str, pos: int = 0, endpos: int | None = None):
    """``FEE_STATEMENT.finditer(text, pos, endpos)``, run only on the stretches between 。 and ； that
    hold a 费: every statement holds a 费 (处理费, 费用 or 收费) and no part of the pattern can match
    。 or ； (nor does it look around), so a statement lies inside one such stretch and is found
    there as in the whole text."""
    end = len(text) if endpos is None else endpos
    f = text.find("费", pos, end)
    while f >= 0:
        start = max(pos, text.rfind("。", pos, f) + 1, text.rfind("；", pos, f) + 1)
        stops = [i for i in (text.find("。", f, end), text.find("；", f, end)) if i >= 0]
        stop = min(stops) if stops else end
        yield from _fee_finditer(text, start, stop)
        f = text.find("费", stop, end)
WORK_POINTS = re.compile(r"工作要点")
PROPOSALS = re.compile(r"建议提案|建议和提案|人大代表建议|政协(?:委员)?提案|两会建议")

# Cells a complete table has (contract §2 ``tables`` keys), per format version.
_APP_COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other", "total")
_APP_ROWS_2021 = ("new", "carry_in", "r1", "r2", *(f"r3_{i}" for i in range(1, 9)), *(f"r4_{i}" for i in range(1, 4)),
                  *(f"r5_{i}" for i in range(1, 6)), "r6_1", "r6_2", "r6_3", "r7", "carry_out")
_APP_ROWS_2019 = tuple(r for r in _APP_ROWS_2021 if not r.startswith("r6_")) + ("r6",)
_APPEAL_ROWS = ("review", "lit_direct", "lit_after_review")
_APPEAL_COLS = ("maintain", "correct", "other", "pending", "total")
TABLE_CELLS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "2021": {
        "proactive": {"rules": ("issued", "repealed", "in_force"), "normative_docs": ("issued", "repealed", "in_force"),
                      "licensing": ("decisions",), "penalty": ("decisions",), "enforcement": ("decisions",),
                      "fees": ("amount_wan",)},
        "applications": {r: _APP_COLS for r in _APP_ROWS_2021},
        "appeals": {r: _APPEAL_COLS for r in _APPEAL_ROWS},
    },
    "2019": {
        "proactive": {"rules": ("made", "published", "in_force_total"),
                      "normative_docs": ("made", "published", "in_force_total"),
                      **{r: ("prior_count", "change", "decisions") for r in ("licensing", "other_services", "penalty",
                                                                             "enforcement")},
                      "fees": ("prior_count", "change"), "procurement": ("projects", "amount")},
        "applications": {r: _APP_COLS for r in _APP_ROWS_2019},
        "appeals": {r: _APPEAL_COLS for r in _APPEAL_ROWS},
    },
}
TABLE_MARKERS: dict[str, tuple[str, ...]] = {
    "proactive": ("第二十条第", "本年制发件数", "本年新制作数量", "行政许可", "行政事业性收费"),
    "applications": ("本年新收", "申请人情况", "予以公开", "结转下年度"),
    "appeals": ("结果维持", "尚未审结", "复议后起诉"),
}


# --------------------------------------------------------------------------------------------
# the component table (data): name → (max points, what it measures, scorer function name)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Component:
    name: str
    max: float
    group: str
    what: str
    fn: str  # name of the scoring function below


COMPONENTS: tuple[Component, ...] = (
    Component("section.overview", 9, "sections", "一、总体情况 present (official or accepted-variant heading)", "_section"),
    Component("section.proactive", 8, "sections", "二、主动公开政府信息情况 present", "_section"),
    Component("section.applications", 8, "sections", "三、收到和处理政府信息公开申请情况 present", "_section"),
    Component("section.appeals", 8, "sections", "四、政府信息公开行政复议、行政诉讼情况 present", "_section"),
    Component("section.problems", 9, "sections", "五、存在的主要问题及改进情况 present", "_section"),
    Component("section.other", 8, "sections", "六、其他需要报告的事项 present", "_section"),
    Component("structure.order", 3, "sections", "all six sections present, once each, in the official order and "
              "numbering (no GX-S101/GX-S102)", "_order"),
    Component("structure.numbering", 2, "sections", "（一）…（四） and 一是…三是 numbering without gaps or repeats "
              "(no GX-N101)", "_numbering"),
    Component("table.proactive", 4, "tables", "表二 present with every official row and column filled (blank cells "
              "counted)", "_table"),
    Component("table.applications", 7, "tables", "表三 present with every official row and column filled (blank cells "
              "counted)", "_table"),
    Component("table.appeals", 4, "tables", "表四 present with every official row and column filled (blank cells "
              "counted)", "_table"),
    Component("table.format", 2, "tables", "tables in the format of the report year (2021 format from the 2021 "
              "reports on; no GX-S203)", "_table_format"),
    Component("overview.proactive", 2, "overview", "总体情况 covers 主动公开", "_aspect"),
    Component("overview.on_request", 2, "overview", "总体情况 covers 依申请公开", "_aspect"),
    Component("overview.information_management", 2, "overview", "总体情况 covers 政府信息管理 (保密审查, 动态调整, "
              "发布审核…)", "_aspect"),
    Component("overview.platform", 2, "overview", "总体情况 covers 政府信息公开平台建设 (网站, 专栏, 政务新媒体, 公报…)",
              "_aspect"),
    Component("overview.supervision", 2, "overview", "总体情况 covers 监督保障 (考核, 培训, 社会评议, 责任追究…)", "_aspect"),
    Component("overview.accountability", 3, "overview", "government issuers: 工作考核、社会评议和责任追究结果 (or an "
              "explicit 无), 条例 第五十条(四)", "_accountability"),
    Component("problems.concrete_problems", 4, "problems", "五 names concrete problems (two or more)", "_problems"),
    Component("problems.concrete_measures", 4, "problems", "五 names concrete improvement measures (two or more)",
              "_measures"),
    Component("other.fee_statement", 3, "other", "信息处理费 collection stated (an amount or 未收取), required from the "
              "reports for 2021 on (国办函〔2020〕109号)", "_fee"),
    Component("other.work_points", 1, "other", "expected: 年度政务公开工作要点落实情况", "_work_points"),
    Component("other.proposals", 1, "other", "expected: 人大代表建议和政协提案办理结果公开情况", "_proposals"),
    Component("period.statistics", 1, "period", "statistics period (统计期限) stated and equal to the report year",
              "_period"),
    Component("period.years", 1, "period", "title, own-year narrative and plan years consistent (no GX-Y101)", "_years"),
)
COMPONENT_BY_NAME = {c.name: c for c in COMPONENTS}
assert abs(sum(c.max for c in COMPONENTS) - 100) < 1e-9, "completeness weights must add up to 100"


def explain_component(name: str) -> str | None:
    """What a completeness component measures and how many points it is worth (``rules explain``)."""
    c = COMPONENT_BY_NAME.get(name) or COMPONENT_BY_NAME.get(f"completeness.{name}".removeprefix("completeness."))
    if c is None:
        return None
    return (f"completeness component {c.name} ({c.group}): worth {c.max:g} of 100 points\n\n{c.what}.\n\n"
            "A component that does not apply to a report (by issuer type, format version or year) earns its "
            "full points with the reason 'not required'. See docs/scoring.md.")


# --------------------------------------------------------------------------------------------
# scoring
# --------------------------------------------------------------------------------------------

Result = tuple[float, dict[str, Any]]


def _required_sections(a) -> tuple[str, ...]:
    return REQUIRED_BY_FORMAT.get(a.format, SECTION_ORDER)


def _span(a, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": a.text[start:end][:80]}


def _section(a, c: Component, ctx) -> Result:
    key = c.name.split(".", 1)[1]
    s = a.section(key)
    if s is None:
        if key not in _required_sections(a):
            return c.max, {"status": "not required", "reason": f"not a required section of the {a.format} format"}
        return 0, {"status": "missing", "reason": "section not found (GX-S101)", "finding": "GX-S101",
                   "looked_for": _official(key)}
    ev = {"status": "present", "heading": s.heading, "start": s.start, "end": s.body_start, "how": s.how}
    if s.how == "fuzzy":
        ev["reason"] = "heading matched only with a typo (GX-S103): −1"
        return c.max - 1, ev
    return c.max, ev


def _official(key: str) -> str:
    from .segment.headings import SPEC_BY_KEY

    spec = SPEC_BY_KEY[key]
    return f"{spec.number}、{spec.official}"


def _order(a, c: Component, ctx) -> Result:
    if a.format == "legacy":
        return c.max, {"status": "not required", "reason": "pre-2019 report: the 2019/2021 order does not apply"}
    bad = [f for f in ctx["findings"] if f.code in ("GX-S101", "GX-S102")]
    if not bad:
        return c.max, {"status": "ok", "order": [s.key for s in a.sections if s.key not in ("preamble", "extra")]}
    return 0, {"status": "failed", "reason": "; ".join(f"{f.code}: {f.message}" for f in bad[:4]),
               "findings": [{"code": f.code, "start": f.start, "end": f.end} for f in bad]}


def _numbering(a, c: Component, ctx) -> Result:
    bad = [f for f in ctx["findings"] if f.code == "GX-N101"]
    if not bad:
        return c.max, {"status": "ok"}
    return 0, {"status": "failed", "reason": "; ".join(f"GX-N101: {f.message}" for f in bad[:4]),
               "findings": [{"code": f.code, "start": f.start, "end": f.end, "section": f.section} for f in bad]}


def _table(a, c: Component, ctx) -> Result:
    key = c.name.split(".", 1)[1]
    if a.format == "legacy":
        return c.max, {"status": "not required", "reason": "pre-2019 report: the statutory tables did not exist yet"}
    sec = a.section(key)
    values = getattr(a.tables, "values", None)
    if values is None:  # the table reader did not run: judge presence by the labels only
        scope = a.text[sec.body_start:sec.end] if sec else a.text
        hits = [m for m in TABLE_MARKERS[key] if m in scope]
        if hits:
            return c.max, {"status": "present", "reason": "table labels found; cells not counted (no table reader)",
                           "labels": hits}
        return 0, {"status": "missing", "reason": "no label of the table found (GX-S201)", "looked_for": TABLE_MARKERS[key]}
    table = values.get(key)
    if table is None:
        return 0, {"status": "missing", "reason": "table absent or unreadable (GX-S201)", "finding": "GX-S201"}
    spec = TABLE_CELLS.get(a.format or "2021", TABLE_CELLS["2021"])[key]
    want = [(r, col) for r, cols in spec.items() for col in cols]
    blank = [f"{r}.{col}" for r, col in want if (table.get(r) or {}).get(col) is None]
    filled = len(want) - len(blank)
    pts = round(c.max * filled / len(want), 2) if want else c.max
    ev: dict[str, Any] = {"status": "complete" if not blank else "incomplete", "cells": len(want), "filled": filled}
    if blank:
        ev["reason"] = f"{len(blank)} of {len(want)} cells blank or missing (GX-S202)"
        ev["blank"] = blank[:20]
    return pts, ev


def _table_format(a, c: Component, ctx) -> Result:
    old = [f for f in ctx["findings"] if f.code == "GX-S203"]
    year = a.year or 0
    if old or (year >= 2021 and a.format in ("2019", "legacy")):
        return 0, {"status": "old format", "reason": f"{a.format}-format tables in a report for {year} (GX-S203)",
                   "format": a.format}
    if year >= 2019 and a.format == "legacy" and any(s.key == "applications" for s in a.sections):
        return 0, {"status": "old format", "reason": f"pre-2019 tables in a report for {year}", "format": a.format}
    return c.max, {"status": "ok", "format": a.format}


def _find_any(text: str, words: tuple[str, ...], base: int) -> tuple[str, int] | None:
    """The first occurrence of any of ``words`` in ``text`` (the earlier word of the list when two
    start at the same place): ``(word, base + offset)``."""
    best = None
    for w in words:
        i = text.find(w)
        if i >= 0 and (best is None or i < best[1]):
            best = (w, i)
    return (best[0], base + best[1]) if best else None


def _aspect(a, c: Component, ctx) -> Result:
    key = c.name.split(".", 1)[1]
    label, words = OVERVIEW_ASPECTS[key]
    s = a.section("overview")
    if a.format == "legacy":
        return c.max, {"status": "not required", "reason": "pre-2019 report: no 总体情况 aspects were prescribed"}
    if s is None:
        return 0, {"status": "missing", "reason": f"no 总体情况 section to cover {label}", "looked_for": list(words)}
    hit = _find_any(a.text[s.body_start:s.end], words, s.body_start)
    if hit is None:
        return 0, {"status": "missing", "reason": f"{label} not covered in 总体情况 (searched section 一 only)",
                   "looked_for": list(words), "section": [s.start, s.end]}
    w, pos = hit
    return c.max, {"status": "covered", **_span(a, pos, pos + len(w))}


def _accountability(a, c: Component, ctx) -> Result:
    if a.info.issuer_type != "government":
        why = "the issuer is a department" if a.info.issuer_type else "issuer type unknown"
        return c.max, {"status": "not required", "reason": f"government issuers only (条例 第五十条(四)); {why}"}
    s = a.section("overview")
    scope = a.text[s.body_start:s.end] if s else ""
    base = s.body_start if s else 0
    m = ACCOUNTABILITY_NONE.search(scope)
    found: dict[str, Any] = {}
    missing = []
    for item, words in ACCOUNTABILITY_ITEMS.items():
        hit = _find_any(scope, words, base)
        if hit:
            found[item] = _span(a, hit[1], hit[1] + len(hit[0]))
        else:
            missing.append(item)
    if m and "责任追究" in missing:
        missing.remove("责任追究")
        found["责任追究"] = {**_span(a, base + m.start(), base + m.end()), "explicit_none": True}
    pts = round(c.max * (len(ACCOUNTABILITY_ITEMS) - len(missing)) / len(ACCOUNTABILITY_ITEMS), 2)
    ev: dict[str, Any] = {"status": "covered" if not missing else "incomplete", "found": found}
    if missing:
        ev["reason"] = f"government report without {'、'.join(missing)} results in 总体情况"
        ev["missing"] = missing
    return pts, ev


def _problems_clauses(a) -> tuple[list[tuple[int, int, str]], Any]:
    """The clauses of 五 (memoised in ``a.cache``: 问题 and 措施 both read them; callers only filter)."""
    cache = getattr(a, "cache", None)
    if cache is not None and "completeness.problems_clauses" in cache:
        return cache["completeness.problems_clauses"]
    res = _split_problems_clauses(a)
    if cache is not None:
        cache["completeness.problems_clauses"] = res
    return res


def _split_problems_clauses(a) -> tuple[list[tuple[int, int, str]], Any]:
    """The clauses of 五 cut at CLAUSE_SPLIT and stripped (six characters or more)."""
    s = a.section("problems")
    if s is None:
        return [], None
    body = a.text[s.body_start:s.end]
    out = []
    pos = 0
    for m in list(CLAUSE_SPLIT.finditer(body)) + [None]:
        end = m.start() if m else len(body)
        seg = body[pos:end]
        stripped = seg.strip()
        if len(stripped) >= 6:
            lead = len(seg) - len(seg.lstrip())
            out.append((s.body_start + pos + lead, s.body_start + pos + lead + len(stripped), stripped))
        pos = m.end() if m else len(body)
    return out, s


_SIX_CHARS = re.compile(r"(?:\S\s*){6}")  # a PLACEHOLDER is at most 5 characters once spaces are gone


def _placeholder_problems(a, s) -> bool:
    body = a.text[s.body_start:s.end]
    return not _SIX_CHARS.search(body) and bool(PLACEHOLDER.match(re.sub(r"\s+", "", body)))


def _problems(a, c: Component, ctx) -> Result:
    clauses, s = _problems_clauses(a)
    if s is None:
        return 0, {"status": "missing", "reason": "no 存在的主要问题及改进情况 section"}
    if _placeholder_problems(a, s):
        return 0, {"status": "placeholder", "reason": "五 is a placeholder (无/暂无)", **_span(a, s.body_start, s.end)}
    probs = [x for x in clauses if PROBLEM_CUES.search(x[2]) and not PROBLEM_INTRO.search(x[2])]
    return _graded(a, c, probs, "problem", "no concrete problem named in 五 (looked for 不足/问题/有待/不够/差距…)")


def _measures(a, c: Component, ctx) -> Result:
    clauses, s = _problems_clauses(a)
    if s is None:
        return 0, {"status": "missing", "reason": "no 存在的主要问题及改进情况 section"}
    if _placeholder_problems(a, s):
        return 0, {"status": "placeholder", "reason": "五 is a placeholder (无/暂无)", **_span(a, s.body_start, s.end)}
    meas = [x for x in clauses if MEASURE_CUES.search(x[2]) and not PROBLEM_CUES.search(x[2]) and len(x[2]) >= 8]
    return _graded(a, c, meas, "measure", "no concrete improvement measure in 五 (looked for 将/加强/完善/推进…)")


def _graded(a, c: Component, items: list[tuple[int, int, str]], what: str, none_reason: str) -> Result:
    if not items:
        return 0, {"status": "missing", "reason": none_reason}
    first = items[0]
    ev = {"status": "ok" if len(items) >= 2 else "thin", "count": len(items), **_span(a, first[0], first[1]),
          "examples": [x[2][:40] for x in items[:3]]}
    if len(items) >= 2:
        return c.max, ev
    ev["reason"] = f"only one {what} named in 五"
    return round(c.max / 2, 2), ev


def _fee(a, c: Component, ctx) -> Result:
    from .checks.narrative import in_tables

    year = a.year or 0
    if year < FEE_YEAR_FROM:
        return c.max, {"status": "not required", "reason": f"required from the reports for {FEE_YEAR_FROM} on"}
    s = a.section("other")
    scopes = ([("other", s.body_start, s.end)] if s else []) + [("report", 0, len(a.text))]
    for where, b, e in scopes:
        m = next((m for m in fee_statements(a.text, b, e) if not in_tables(a, m.start())), None)
        if m:
            ev = {"status": "stated", "where": where, **_span(a, m.start(), m.end())}
            if where != "other":
                ev["note"] = "stated outside 六、其他需要报告的事项"
            return c.max, ev
    fee = (getattr(a.tables, "values", None) or {}).get("processing_fee")
    if fee and any(v is not None for v in fee.values()):
        return c.max, {"status": "stated", "where": "processing_fee table", "values": fee}
    return 0, {"status": "missing", "reason": "no 信息处理费 statement (an amount or 未收取) found",
               "looked_for": "信息处理费 with an amount, 0, 未收取/无"}


def _expected(a, c: Component, rx: re.Pattern[str], label: str) -> Result:
    s = a.section("other")
    scopes = ([("other", s.body_start, s.end)] if s else []) + [("report", 0, len(a.text))]
    for where, b, e in scopes:
        m = rx.search(a.text, b, e)
        if m:
            return c.max, {"status": "stated", "where": where, **_span(a, m.start(), m.end())}
    return 0, {"status": "expected", "severity": "warning", "reason": f"expected item not reported: {label}"}


def _work_points(a, c: Component, ctx) -> Result:
    if (a.year or 0) < 2019:
        return c.max, {"status": "not required", "reason": "expected from the 2019 format on"}
    return _expected(a, c, WORK_POINTS, "年度政务公开工作要点落实情况")


def _proposals(a, c: Component, ctx) -> Result:
    if (a.year or 0) < 2019:
        return c.max, {"status": "not required", "reason": "expected from the 2019 format on"}
    return _expected(a, c, PROPOSALS, "人大代表建议和政协提案办理结果公开情况")


def _period(a, c: Component, ctx) -> Result:
    from .checks.period import statistics_period

    m = statistics_period(a)
    if m is None:
        return 0, {"status": "missing", "reason": "no statistics period (统计期限 Y年1月1日至Y年12月31日) stated"}
    years = [int(m.group("y1"))] + ([int(m.group("y2"))] if m.group("y2") else [])
    if a.year and any(y != a.year for y in years):
        return 0, {"status": "mismatch", "reason": f"statistics period names {years}, the report year is {a.year}",
                   **_span(a, m.start(), m.end())}
    return c.max, {"status": "ok", **_span(a, m.start(), m.end())}


def _years(a, c: Component, ctx) -> Result:
    bad = [f for f in ctx["findings"] if f.code == "GX-Y101"]
    if not bad:
        return c.max, {"status": "ok"}
    return 0, {"status": "failed", "reason": "; ".join(f"GX-Y101: {f.message}" for f in bad[:3]),
               "findings": [{"code": f.code, "start": f.start, "end": f.end} for f in bad]}


_FUNCS: dict[str, Callable[..., Result]] = {
    name: fn for name, fn in globals().items() if name.startswith("_") and callable(fn)
}


def completeness_components(a, ctx: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every component's points, max and evidence, in the order of :data:`COMPONENTS`."""
    out: dict[str, dict[str, Any]] = {}
    for c in COMPONENTS:
        pts, ev = _FUNCS[c.fn](a, c, ctx)
        out[c.name] = {"points": float(round(pts, 2)), "max": float(c.max), "evidence": ev}
    return out


@scorer("completeness", order=10)
def completeness(a, ctx: dict[str, Any]) -> dict[str, Any]:
    """Completeness 0–100: required sections, tables, 总体情况 aspects, concrete problems and measures,
    the 信息处理费 statement and the statistics period, weighted as declared in
    gxreview.completeness.COMPONENTS (weights add up to 100; see docs/scoring.md)."""
    comps = completeness_components(a, ctx)
    value = round(sum(v["points"] for v in comps.values()), 1)
    return {"value": value, "components": comps}
