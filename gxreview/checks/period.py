"""GX-Y101 year-mismatch: title year, statistics period, own-year narrative and plan year must agree
with the report year (report-format.md §5 "Year consistency").

* the body's own title and the statistics period (统计期限 Y年1月1日至Y年12月31日) name year Y;
* a clause that opens with an earlier year as the time of the reported work ("2023年，我局…",
  "2023年，在主动公开的61条…", "2024年制作、获取政府信息总数467条") inside a later report is a
  stale year left over from last year's text — unless it sits in a comparison (较2023年, 与2023年相比,
  上年, 同比) or names a dated object (2023年12月, 2023年决算);
* an improvement plan in 五 ("2021年，我局将…") must be for a year after the report year.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Check, Finding
from ..registry import rule
from .narrative import in_tables

PERIOD = re.compile(
    r"统计(?:期限|周期|时限|区间|时间|期间|范围)[^。；]{0,8}?(?P<y1>(?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"
    r"[^。；\d]{0,8}?(?:(?P<y2>(?:19|20)\d{2})\s*年\s*)?12\s*月\s*31\s*日")
BODY_TITLE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*度?\s*(?:的)?\s*(?:政府信息公开|政务公开)(?:工作)?\s*(?:年度)?\s*报告")

# An earlier year used as the time of the reported work (the year opens a clause and the work follows).
STALE_OWN_YEAR: tuple[str, ...] = (
    r"(?P<y>(?:19|20)\d{2})\s*年度?\s*[，,]\s*(?!.{0,6}(?:相比|比较|以来))",  # "2023年，在主动公开的…"
    r"(?P<y>(?:19|20)\d{2})\s*年度?\s*(?:全年\s*)?(?:我|本)(?:局|委|办|厅|区|县|市|镇|乡|街道|单位|机关|中心|部门|院|署)",
    r"(?P<y>(?:19|20)\d{2})\s*年度?\s*(?:全年\s*)?(?:共|累计)?\s*(?:制作、?获取|主动公开|新收|收到|受理|办结|发布)",
)
# Words right before the year that make it a comparison or a reference, not the time of the work.
COMPARISON_BEFORE = re.compile(r"(?:较|与|比|同比|相比|对比|上年|去年|截至|截止|自|从|于|在|至|到|及|和|、|《|“|〔|\[|第)\s*$")
# Clause openers: the year must start a clause to be the time of the narrated work.
CLAUSE_START = re.compile(r"(?:^|[。；！？\n：:]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]是|\d[.、．])\s*$")
# …or the end of an unpunctuated subsection heading ("（二）主动公开政府信息的主要类别2023年，…").
AFTER_HEADING = re.compile(r"[（(][一二三四五六七八九十\d]{1,2}[）)][^。；，,：:！？\d]{2,24}$")

# A plan in 五: "2021年，我局将…", "2022年将…", "2025年工作计划".
PLAN_YEAR = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年度?\s*[，,]?\s*(?:[\u4e00-\u9fff]{0,6}?)(?:将|计划|拟|要|争取|力争)")
NARRATIVE_KEYS = ("preamble", "overview", "proactive", "applications", "appeals", "problems", "other", "extra")


def statistics_period(a) -> re.Match[str] | None:
    """The first statistics-period statement of the text (memoised in ``a.cache``: GX-Y101 and the
    completeness component period.statistics both read it)."""
    if "period.statistics" not in a.cache:
        a.cache["period.statistics"] = PERIOD.search(a.text)
    return a.cache["period.statistics"]


@rule("period.year-consistency", ("GX-Y101",), order=40)
def year_consistency(a) -> Iterator[Finding | Check]:
    """Title, statistics period, own-year narrative and plan year are consistent with the report year."""
    year = a.year
    if not year:
        yield Check("Y101", "NOT_ASSESSABLE", {"reason": "report year unknown"})
        return
    text = a.text
    n = 0
    # 1. the body's own title
    m = BODY_TITLE.search(text[:400])
    if m and int(m.group("y")) != year:
        n += 1
        yield _finding(a, m.start("y"), m.end("y"), f"the title in the body names {m.group('y')}, the report year is {year}",
                       "title", int(m.group("y")), year)
    # 2. the statistics period
    pm = statistics_period(a)
    if pm is None:
        yield Check("Y101[period]", "NOT_ASSESSABLE", {"reason": "no statistics period (统计期限) stated"})
    else:
        years = [int(pm.group("y1"))] + ([int(pm.group("y2"))] if pm.group("y2") else [])
        ok = all(y == year for y in years)
        yield Check("Y101[period]", "PASS" if ok else "FAIL", {"period": pm.group(0), "years": years, "year": year,
                                                              "start": pm.start(), "end": pm.end()})
        if not ok:
            n += 1
            yield _finding(a, pm.start(), pm.end(), f"statistics period {pm.group(0)!r} is not the report year {year}",
                           "statistics period", next(y for y in years if y != year), year)
    # 3. stale own year and 4. plan year, in narrative sections
    seen: set[int] = set()
    for s in a.sections:
        if s.key not in NARRATIVE_KEYS:
            continue
        body_start = s.body_start if s.key != "preamble" else s.start
        for pos, y, kind in _year_uses(text, body_start, s.end, s.key == "problems"):
            if pos in seen or in_tables(a, pos) or (pm and pm.start() <= pos < pm.end()):
                continue
            seen.add(pos)
            end = pos + 4
            if kind == "plan" and y <= year:
                n += 1
                yield _finding(a, pos, end, f"improvement plan dated {y} in the report for {year} "
                               f"(a plan should be for {year + 1})", "plan year", y, year, s.key)
            elif kind == "own" and year - 3 <= y < year:
                n += 1
                yield _finding(a, pos, end, f"{y} used as the year of the reported work in the report for {year} "
                               "(a stale year left from an earlier report?)", "own-year narrative", y, year, s.key)
    yield Check("Y101", "FAIL" if n else "PASS", {"year": year, "problems": n})


# Every PLAN_YEAR / STALE_OWN_YEAR match starts with this (no look-behind) and ends in a Chinese
# character or a clause break, never over the digits of the next one: their finditer matches are
# their matches at its match starts.
YEAR_AT = re.compile(r"(?:19|20)\d{2}\s*年")
_STALE_OWN_YEAR = tuple(re.compile(rx) for rx in STALE_OWN_YEAR)


def _year_uses(text: str, start: int, end: int, plans: bool) -> Iterator[tuple[int, int, str]]:
    """(offset, year, 'plan'|'own') for years opening a clause of narrated work or of a plan."""
    body = text[start:end]
    at = [m.start() for m in YEAR_AT.finditer(body)]
    hits: dict[int, tuple[int, str]] = {}
    if plans:
        for m in filter(None, (PLAN_YEAR.match(body, q) for q in at)):
            if _opens_clause(body, m.start("y")):
                hits[m.start("y")] = (int(m.group("y")), "plan")
    for rx in _STALE_OWN_YEAR:
        for m in filter(None, (rx.match(body, q) for q in at)):
            p = m.start("y")
            if p in hits or not _opens_clause(body, p):
                continue
            if body[m.end("y"):m.end("y") + 3].lstrip().startswith(("月", "年底", "年末")):
                continue
            hits[p] = (int(m.group("y")), "own")
    for p in sorted(hits):
        y, kind = hits[p]
        yield start + p, y, kind


def _opens_clause(body: str, p: int) -> bool:
    before = body[max(0, p - 30):p]
    if COMPARISON_BEFORE.search(before):
        return False
    return (bool(CLAUSE_START.search(before)) or bool(AFTER_HEADING.search(before)) or p == 0
            or before.endswith((" ", "\u3000", "\t")))


def _finding(a, start: int, end: int, message: str, what: str, found: int, year: int, section: str | None = None) -> Finding:
    ctx = a.text[max(0, start - 10):min(len(a.text), end + 30)]
    return Finding("GX-Y101", message, section=section, start=start, end=end,
                   evidence={"where": what, "found_year": found, "report_year": year, "text": a.text[start:end],
                             "context": " ".join(ctx.split())})
