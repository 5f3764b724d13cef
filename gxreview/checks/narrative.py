"""GX-N102 generic-content and the specificity measure (report-format.md §7 item 7; "不宜泛化").

Specificity of a narrative = the share of its sentences that carry an anchor only this agency could
have written: a figure, a named document (《…》 or a 文号 like 〔2021〕3号), a named platform or
column, or a quoted project name. A sentence with none of them is *generic*. Required narratives
(一 总体情况, 五 存在的主要问题及改进情况) that are empty, a placeholder (无/暂无), a single line,
or almost entirely generic get GX-N102.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from ..findings import Check, Finding
from ..regex_facts import first_chars
from ..registry import rule

# Anchors, declared as data.
FIGURE = re.compile(
    r"(?<![\d〔\[])\d+(?:\.\d+)?\s*(?:万|亿)?\s*(?:余|多)?\s*(?:条|件|次|个|项|篇|人|份|家|期|场|%|％|元|名|户|批|册|本|封|面|"
    r"天|小时|个工作日|部|期|类|期次|人次|万|亿|余|多|起|宗|张|套|批次|单|台)"
    r"|[一二两三四五六七八九十百千]+(?:余|多)?(?:个|项|场|次|期|批|类|篇|件|条|家|部)(?![\u4e00-\u9fff]{0,1}(?:是|步))")
# Whether FIGURE matches somewhere (tests), faster: a unit that starts with another unit is left
# out (个工作日 after 个…), the single-character units are a class, and the pattern opens with the
# class of its first characters so the engine skips ahead (the digit look-behind is tested after it).
_CN_NUM = "一二两三四五六七八九十百千"
_HAS_FIGURE = re.compile(
    rf"[\d{_CN_NUM}](?:(?<=\d)(?<![\d〔\[]\d)\d*(?:\.\d+)?\s*(?:万|亿)?\s*(?:余|多)?\s*"
    r"(?:[条件次个项篇人份家期场%％元名户批册本封面天部类万亿余多起宗张套单台]|小时)"
    rf"|(?<=[{_CN_NUM}])[{_CN_NUM}]*(?:余|多)?[个项场次期批类篇件条家部](?![\u4e00-\u9fff]{{0,1}}(?:是|步)))")
NAMED_DOCUMENT = re.compile(r"《[^》]{2,60}》|[〔\[]\s*(?:19|20)\d{2}\s*[〕\]]\s*\d+\s*号")
PLATFORMS: tuple[str, ...] = (
    "网站", "门户", "平台", "专栏", "栏目", "公众号", "微信", "微博", "政务新媒体", "客户端", "APP", "App", "热线",
    "公报", "大厅", "服务中心", "抖音", "视频号", "公开栏", "电子屏", "公开目录", "新闻发布会", "政务服务网", "小程序",
)
PLATFORM = re.compile("|".join(map(re.escape, PLATFORMS)))
QUOTED_NAME = re.compile(r"“[^”]{2,20}”")
PLACEHOLDER = re.compile(r"^(?:无|暂无|没有|不存在|本年度无|本年度暂无|无相关情况|暂无问题|无问题|无其他需要报告的事项|无其他事项)"
                         r"[。.；;]?$")
# the characters a placeholder starts with (None: not known): a body starting otherwise is none, and
# is spared the removal of its spaces
_PLACEHOLDER_FIRSTS = first_chars(PLACEHOLDER)

# Required narratives judged for N102, with the minimum a non-trivial one needs.
REQUIRED_NARRATIVES: dict[str, dict[str, int]] = {
    "overview": {"min_sentences": 3, "min_chars": 120},
    "problems": {"min_sentences": 2, "min_chars": 50},
}
GENERIC_SHARE_LIMIT = 0.85  # a section whose sentences are ≥ 85 % generic is generic (N102)
GENERIC_MIN_SENTENCES = 4  # …when it has at least this many sentences
# Sections whose sentences enter the measure: the substantive narratives (the preamble and 六 are
# formulaic by design: basis, statistics period, fee statement).
SPECIFICITY_KEYS = ("overview", "problems", "extra")
GENERIC_JUDGED = ("overview",)  # 五 states problems, which rarely carry figures: judged by completeness


@dataclass(frozen=True)
class SentenceAnchor:
    start: int
    end: int
    anchors: tuple[str, ...]  # figure | document | platform | name


def anchors_of(text: str) -> tuple[str, ...]:
    """Which kinds of agency-specific anchor a sentence carries."""
    out = []
    if _HAS_FIGURE.search(text):
        out.append("figure")
    if NAMED_DOCUMENT.search(text):
        out.append("document")
    if PLATFORM.search(text):
        out.append("platform")
    if QUOTED_NAME.search(text):
        out.append("name")
    return tuple(out)


def _maybe_placeholder(body: str) -> bool:
    """Whether ``body`` (stripped, not empty) can be a placeholder: it starts as one can (its first
    character is the first of ``re.sub(r"\\s+", "", body)``, as both strip the same whitespace)."""
    return _PLACEHOLDER_FIRSTS is None or body[0] in _PLACEHOLDER_FIRSTS


def _is_heading(s, section_heads: set[int]) -> bool:
    t = s.text
    return s.start in section_heads or (len(t) <= 30 and t[-1] not in "。！？；!?;")


def in_tables(a, pos: int) -> bool:
    """Whether a text offset lies in a table (``a.tables.regions``; none when tables were not read)."""
    regions = getattr(a.tables, "regions", None) or ()
    return any(s <= pos < e for s, e in regions)


def narrative_sentences(a, keys: tuple[str, ...] = SPECIFICITY_KEYS) -> dict[str, list[SentenceAnchor]]:
    """Narrative sentences (not headings, not in tables) of the given sections with their anchors."""
    cache_key = ("narrative_sentences", keys)
    if cache_key in a.cache:
        return a.cache[cache_key]
    heads = {s.start for s in a.sections}
    spans = [(s.key, s.body_start if s.key != "preamble" else s.start, s.end) for s in a.sections if s.key in keys]
    out: dict[str, list[SentenceAnchor]] = {}
    sentences = a.sentences
    starts = [x.start for x in sentences]  # in text order: each span's sentences are one slice
    inside = sorted({i for _, b, e in spans for i in range(bisect_left(starts, b), bisect_left(starts, e))})
    for sent in (sentences[i] for i in inside):
        if len(sent.text) < 8 or _is_heading(sent, heads) or in_tables(a, sent.start):
            continue
        for key, b, e in spans:
            if b <= sent.start < e:
                out.setdefault(key, []).append(SentenceAnchor(sent.start, sent.end, anchors_of(sent.text)))
                break
    a.cache[cache_key] = out
    return out


def specificity(a) -> dict:
    """The specificity measure: share of narrative sentences with an anchor, overall and per section."""
    if "specificity" in a.cache:
        return a.cache["specificity"]
    per = narrative_sentences(a)
    sections = {}
    tot = spec = 0
    for key, sents in per.items():
        n = len(sents)
        k = sum(1 for s in sents if s.anchors)
        tot += n
        spec += k
        sections[key] = {"sentences": n, "specific": k, "generic_share": round(1 - k / n, 3) if n else None}
    res = {"sentences": tot, "specific": spec, "generic_share": round(1 - spec / tot, 3) if tot else None,
           "sections": sections}
    a.cache["specificity"] = res
    return res


@rule("narrative.generic-content", ("GX-N102",), order=50)
def generic_content(a) -> Iterator[Finding | Check]:
    """Required narratives (总体情况, 存在的主要问题及改进情况) are not empty, not a placeholder (无/暂无),
    not a single line, and not almost entirely generic (≥ 85 % of ≥ 4 sentences with no figure,
    named document, platform/column or quoted name)."""
    text = a.text
    per = narrative_sentences(a)
    for key, need in REQUIRED_NARRATIVES.items():
        s = a.section(key)
        if s is None:
            yield Check(f"N102[{key}]", "NOT_ASSESSABLE", {"reason": "section absent (see GX-S101)"})
            continue
        body = text[s.body_start:s.end].strip()
        sents = per.get(key, [])
        ev = {"section": key, "chars": len(body), "sentences": len(sents)}
        span = (s.start, s.end)
        problem = None
        if not re.search(r"[\u4e00-\u9fff]", body):
            problem = "is empty"
        elif _maybe_placeholder(body) and PLACEHOLDER.match(re.sub(r"\s+", "", body)):
            problem = f"is only a placeholder ({body[:20]!r})"
        elif len(body) < need["min_chars"] or len(sents) < need["min_sentences"] - 1:
            problem = (f"is a single line ({len(body)} characters, {len(sents)} sentence(s)); "
                       f"a real account needs at least {need['min_sentences']} sentences")
        else:
            generic = [x for x in sents if not x.anchors]
            share = len(generic) / len(sents) if sents else 0.0
            ev["generic_share"] = round(share, 3)
            if key in GENERIC_JUDGED and len(sents) >= GENERIC_MIN_SENTENCES and share >= GENERIC_SHARE_LIMIT:
                problem = (f"is generic: {len(generic)} of {len(sents)} sentences name no figure, document, "
                           "platform or column")
                ev["generic_examples"] = [text[x.start:x.end][:60] for x in generic[:3]]
        if problem is None:
            yield Check(f"N102[{key}]", "PASS", ev)
            continue
        yield Check(f"N102[{key}]", "FAIL", ev)
        yield Finding("GX-N102", f"section {s.heading or key!r} {problem}", section=key, start=span[0], end=span[1],
                      evidence=ev)
