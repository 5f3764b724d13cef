"""Metric labelling: which quantity a figure states (the taxonomy of docs/metrics.md).

Two layers, both deterministic:

1. **Rules** (:data:`METRIC_RULES`): cue patterns searched in the figure's clause, left of the
   figure. The cue nearest to the figure wins; ties go to the earlier rule. A rule may require a
   unit family or a kind. "办结率和满意率均为100%" gives several metrics (every rate joined by
   和/及/与/、 before 均/都/分别).
2. **Model** (:mod:`gxreview.figures.model`): a linear classifier over character n-grams of the
   left context, trained by ``python -m gxreview.learn.train_metrics`` and stored as JSON weights.
   It labels figures no rule recognises, when its probability is high enough.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..regex_facts import first_chars

# metric key → one-line description (the documented taxonomy; keep docs/metrics.md in sync)
TAXONOMY: dict[str, str] = {
    "applications_received": "政府信息公开申请 received (新收/收到/受理)",
    "applications_closed": "applications closed/answered (办结/答复/办理)",
    "carried_over": "applications carried over (结转) into or out of the year",
    "disclosed": "answers 予以公开/同意公开",
    "partially_disclosed": "answers 部分公开",
    "disclosed_or_partial": "answers 予以公开 and 部分公开 stated together (予以公开及部分公开N件)",
    "refused": "answers 不予公开",
    "unable_to_provide": "answers 无法提供 / 不掌握 / 信息不存在",
    "not_processed": "answers 不予处理",
    "other_processing": "answers 其他处理",
    "admin_review": "行政复议 cases",
    "admin_litigation": "行政诉讼 cases",
    "documents_issued": "规范性文件/规章/政策文件 issued (制发/出台/印发)",
    "documents_repealed": "documents repealed or declared invalid (废止/失效)",
    "documents_in_force": "documents in force (现行有效)",
    "proactive_items": "items of information published proactively (主动公开/发布信息)",
    "policy_interpretations": "policy interpretations (解读)",
    "licensing": "行政许可 decisions",
    "penalty": "行政处罚 decisions",
    "enforcement": "行政强制 decisions",
    "visitors": "people received in person (接待来访/办事群众)",
    "hotline_calls": "hotline calls answered (接听来电/话务)",
    "work_orders": "hotline requests and work orders (诉求/工单/派发)",
    "service_cases": "service cases handled (办件/业务/事项办理)",
    "completion_rate": "rate of cases closed (on time) (办结率/答复率)",
    "satisfaction_rate": "satisfaction rate (满意率/满意度)",
    "share": "a share of a whole (占/比例/比重)",
    "growth": "a stated change (增长/下降 …)",
    "fee": "信息处理费 and other fees in 元",
    "proposals": "人大代表建议 / 政协提案 handled",
    "press_events": "press conferences and public events (发布会/活动/政府开放日)",
    "trainings": "training sessions (培训)",
    "platforms": "websites, new-media accounts, columns (网站/新媒体/专栏/公众号)",
    "media_posts": "articles, posts, videos published (文章/稿件/视频/推文)",
    "views": "reads, views, followers (阅读/浏览/观看/关注/粉丝)",
    "consultations": "public consultations and opinions solicited (征集/征求意见)",
    "meetings": "meetings held or attended (会议)",
}

COUNT_UNITS = {"件", "条", "个", "项", "次", "人", "人次", "件次", "份", "篇", "家", "场", "期", "批", "起",
               "封", "面", "册", "本", "户", "名", "位", "处", "类", "部", "张", "宗", "笔", "轮", "场次",
               "个次", "条次", "家次", "户次", "轮次", "批次", None}
RATE_UNITS = {"%"}
APP_UNITS = {"件", "起", "宗", None}  # applications and cases are counted in 件 (条/份 are information items)
CASE_UNITS = {"件", "项", "次", "个", "笔", "人次", "件次"}
MONEY_UNITS = {"元"}
DOC_UNITS = {"件", "个", "部", "项", "份", "条", "篇", None}  # documents are counted so (not 处 or 轮次)


@dataclass(frozen=True)
class MetricRule:
    metric: str
    cue: re.Pattern[str]
    units: frozenset[str | None] | None = None  # None = any unit
    kinds: frozenset[str] | None = None
    tier: int = 2  # 1 strong (a table-row cue), 2 normal, 3 weak (a generic activity word)


STRONG = {"completion_rate", "satisfaction_rate", "share", "fee", "carried_over", "disclosed", "disclosed_or_partial",
          "partially_disclosed", "refused", "unable_to_provide", "not_processed", "other_processing",
          "admin_review", "admin_litigation", "documents_in_force", "documents_repealed", "proactive_info"}
WEAK = {"service_cases", "platforms", "media_posts", "proactive_items", "views"}


def _r(metric: str, cue: str, units=None, kinds=None, tier: int | None = None) -> MetricRule:
    tier = tier or (1 if metric in STRONG else 3 if metric in WEAK else 2)
    return MetricRule(metric, re.compile(cue), frozenset(units) if units is not None else None,
                      frozenset(kinds) if kinds is not None else None, tier)


# Ordered: on a tie of cue position the earlier rule wins.
METRIC_RULES: tuple[MetricRule, ...] = (
    # counts of information items answered on application (legacy 依申请公开信息数N条): no metric
    _r("none", r"(?:依申请公开|不予公开)(?:[^，。；]{0,4}信息数)?[，,]?\s*(?:共计|共|合计)?\s*$", {"条", "份"}, tier=1),
    # places corrected ("整改不规范描述22处、失效链接43处") are no metric of the taxonomy
    _r("none", r"整改|纠正|更正|纠错|错误|问题|链接", {"处"}, tier=1),
    # information cleaned up or corrected is not information published
    _r("none", r"(?:清理|下架|撤下|删除|整改)[^，。；]{0,8}?信息\s*(?:共|达|为)?\s*$", {"条"}, tier=1),
    # posts of a new-media account ("公众号累计发布信息2242条") are media posts, not proactive items
    _r("media_posts", r"(?:公众号|微博|抖音|视频号|头条号|快手|新媒体|账号)[^，。；]{0,12}?(?:发布|推送|编发|发送|推出)"
       r"(?:各类)?(?:信息|文章|推文|稿件|内容)?\s*(?:共|达|为)?\s*$", COUNT_UNITS, tier=1),
    _r("completion_rate", r"办结率|答复率|办理率|按时办结|回复率|办复率|按期答复|及时率", RATE_UNITS),
    _r("satisfaction_rate", r"满意率|满意度", RATE_UNITS),
    _r("share", r"占|比例|比重|公开率|占比", RATE_UNITS),
    _r("fee", r"信息处理费|收费|费用|收取|缴纳", MONEY_UNITS),
    _r("carried_over", r"结转|转下一?\s*年度?"),
    _r("disclosed_or_partial", r"(?:予以|同意|全部)?公开(?:及|和|与|或|、|以及)部分公开", APP_UNITS),
    _r("disclosed", r"予以公开|同意公开", APP_UNITS),
    _r("partially_disclosed", r"部分公开|区分处理", APP_UNITS),
    _r("refused", r"不予公开", APP_UNITS),
    _r("unable_to_provide", r"无法提供|不掌握|信息不存在|不存在", APP_UNITS),
    _r("not_processed", r"不予处理", APP_UNITS),
    _r("other_processing", r"其他处理", APP_UNITS),
    _r("admin_review", r"行政复议|复议", APP_UNITS),
    _r("admin_litigation", r"行政诉讼|诉讼", APP_UNITS),
    _r("applications_closed", r"(?:办结|答复|办理完毕|办理|处理|回复)[^，。；]{0,12}?申请|申请[^，。；]{0,8}?(?:办结|答复完毕|办理完毕)|共办理|已办结|办结", APP_UNITS),
    _r("applications_received", r"(?:新收|收到|受理|接收|接到|登记)[^，。；]{0,14}?申请|申请[^，。；]{0,6}?(?:数量|数)|自然人|法人或其他组织|法人"
       r"|公开申请\s*(?:共计|共|合计|总计)?\s*$|申请(?:事项|内容)[^，。；]{0,4}涉及", APP_UNITS),
    _r("licensing", r"行政许可|许可", COUNT_UNITS),
    _r("penalty", r"行政处罚|处罚", COUNT_UNITS),
    _r("enforcement", r"行政强制", COUNT_UNITS),
    _r("documents_in_force", r"现行有效", COUNT_UNITS),
    _r("documents_repealed", r"废止|失效|清理", DOC_UNITS),
    _r("documents_issued", r"(?:制发|出台|印发|制定|发布|公开)[^，。；]{0,8}?(?:规范性文件|规章|政策文件|公文)|规范性文件|规章", COUNT_UNITS),
    _r("policy_interpretations", r"解读", COUNT_UNITS),
    _r("proposals", r"建议|提案", COUNT_UNITS),
    _r("hotline_calls", r"来电|接听|话务|电话", COUNT_UNITS),
    _r("work_orders", r"工单|诉求|派发|转办|交办|网络问政|投诉|留言|反映事项", COUNT_UNITS),
    _r("visitors", r"接待|来访|办事群众|群众", {"人", "人次", "万人"}),
    _r("service_cases", r"办件|业务|事务|办理事项", CASE_UNITS, tier=2),
    _r("service_cases", r"事项|审批|服务", CASE_UNITS),
    _r("trainings", r"培训", COUNT_UNITS),
    _r("press_events", r"发布会|新闻发布|开放日|活动|访谈", COUNT_UNITS),
    _r("consultations", r"征集|征求|意见|问卷|网上调查|民意调查", COUNT_UNITS),
    _r("meetings", r"会议", COUNT_UNITS),
    _r("views", r"阅读|浏览|观看|点击|访问|关注|粉丝|点赞", COUNT_UNITS, tier=2),
    _r("media_posts", r"文章|稿件|推文|视频|图解|信息发布|编发|推送|发送", COUNT_UNITS),
    _r("platforms", r"网站|新媒体|公众号|专栏|栏目|平台|账号", COUNT_UNITS),
    # "…类信息N条": a count of information items right after the word 信息 (not 解读类信息)
    _r("proactive_items", r"(?<!解读)(?<!解读类)(?<!数)信息\s*(?:共|达|为)?\s*$|栏\s*$|动态\s*(?:共|达|为)?\s*$", {"条"}, tier=1),
    # "今年共公开632条信息": 公开 right before a count of 条 (not 不予/部分/依申请/同意/予以公开)
    _r("proactive_items", r"(?<!不予)(?<!部分)(?<!申请)(?<!同意)(?<!予以)公开\s*(?:共|达|了)?\s*$", {"条"}, tier=1),
    _r("proactive_items", r"主动公开|公开[^，。；]{0,8}?信息|发布[^，。；]{0,8}?信息|政务信息|政府信息|动态|公告", COUNT_UNITS),
)

CLAUSE_BREAK = re.compile(r"[。；;！？!?]|\n\s*\n")
COMMA = re.compile(r"[，,、：:（）]")
LEFT_WINDOW = 40
_MULTI = re.compile(r"([\u4e00-\u9fa5]{1,6}率)(?:(?:和|及|与|、|以及)([\u4e00-\u9fa5]{1,6}率))+[^，。；]{0,4}?(?:均|都|分别|皆)")


def left_context(text: str, start: int, window: int = LEFT_WINDOW) -> str:
    """The figure's clause left of it: back to the last sentence/clause break, at most ``window``."""
    lo = max(0, start - window)
    seg = text[lo:start]
    cut = 0
    for m in CLAUSE_BREAK.finditer(seg):
        cut = m.end()
    return seg[cut:]


def rule_metrics(ctx: str, unit: str | None, kind: str) -> list[str]:
    """Metrics the rules give for a figure with left context ``ctx`` (nearest cue first; [] = none)."""
    return rule_metrics_tier(ctx, unit, kind)[0]


TIER_MEMO_SIZE = 4096  # rule_metrics_tier answers kept (cleared when full)
_TIER_MEMO: dict[tuple[str, str | None, str], tuple[tuple[str, ...], int]] = {}


def rule_metrics_tier(ctx: str, unit: str | None, kind: str) -> tuple[list[str], int]:
    """Like :func:`rule_metrics`, with the tier of the deciding cue (1 strong … 3 weak, 9 none;
    a cue found only outside the figure's own comma clause counts as weak). Memoised (bounded):
    report templates repeat the same clauses."""
    key = (ctx, unit, kind)
    out = _TIER_MEMO.get(key)
    if out is None:
        if len(_TIER_MEMO) >= TIER_MEMO_SIZE:
            _TIER_MEMO.clear()
        labels, tier = rule_metrics_tier_reference(ctx, unit, kind)
        out = _TIER_MEMO[key] = (tuple(labels), tier)
    return list(out[0]), out[1]


def rule_metrics_tier_reference(ctx: str, unit: str | None, kind: str) -> tuple[list[str], int]:
    """:func:`rule_metrics_tier` computed afresh (the plain reference of the memo)."""
    if kind == "growth":
        return ["growth"], 1
    if unit == "%":
        m = None
        for found in _MULTI.finditer(ctx):
            m = found
        if m is not None:
            rates = re.findall(r"[\u4e00-\u9fa5]{1,6}?率", m.group(0))
            out = []
            for r in rates:
                for lab in rule_metrics(r, unit, kind):
                    if lab not in out:
                        out.append(lab)
                    break
            if len(out) > 1:
                return out, 1
    # the innermost comma clause first (strong cues win there), then the whole context
    cut = 0
    for m in COMMA.finditer(ctx):
        cut = m.end()
    lasts = _last_matches(ctx, unit, kind)
    for lo, by_tier in ((cut, True), (0, False)):
        r = _pick(lasts, lo, by_tier)
        if r is not None:
            return ([] if r.metric == "none" else [r.metric]), (r.tier if by_tier else 3)
    return [], 9


def _pick(lasts: list[tuple[int, MetricRule, re.Match[str]]], lo: int, by_tier: bool) -> MetricRule | None:
    """The deciding rule among cues starting at ``lo`` or later: (lowest tier,) nearest, earliest rule."""
    best = None
    for i, r, m in lasts:
        if m.start() < lo:
            continue
        key = (-r.tier if by_tier else 0, m.end(), -i)
        if best is None or key > best[0]:
            best = (key, r)
    return best[1] if best else None


def _last_matches(ctx: str, unit: str | None, kind: str) -> list[tuple[int, MetricRule, re.Match[str]]]:
    """For every rule applicable to the unit/kind, its last cue match in ``ctx``."""
    out = []
    chars = set(ctx)
    for i, r, firsts in _applicable(unit, kind):
        if firsts is not None and firsts.isdisjoint(chars):
            continue  # no character a cue can start with: no match
        if r.cue.search(ctx) is None:
            continue
        last = None
        for found in r.cue.finditer(ctx):
            last = found
        out.append((i, r, last))
    return out


@lru_cache(maxsize=256)
def _applicable(unit: str | None, kind: str) -> tuple[tuple[int, MetricRule, frozenset[str] | None], ...]:
    """The rules that may label a figure of this unit and kind, in order, with the characters their
    cue can start with (None: not known)."""
    return tuple((i, r, first_chars(r.cue)) for i, r in enumerate(METRIC_RULES)
                 if (r.units is None or unit in r.units) and (r.kinds is None or kind in r.kinds))


def best_metric(ctx: str, unit: str | None, kind: str, by_tier: bool) -> str | None:
    """The metric of the deciding cue anywhere in ``ctx`` (no comma-clause preference; "none" kept)."""
    r = _pick(_last_matches(ctx, unit, kind), 0, by_tier)
    return r.metric if r else None
