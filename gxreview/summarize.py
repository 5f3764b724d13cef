"""Fact sheet per report (always in ``summary.facts``) and the extractive summary (on request).

* :func:`fact_sheet` — issuer, year, headline figures with their metrics (a stated growth attached
  to the figure it qualifies), table totals, year-over-year changes when the prior report is
  known, the scores, findings by severity. Cheap: no tokenizer.
* :func:`summary_text` — a few key sentences of the narrative in document order, ranked by
  TextRank over jieba tokens and weighted towards specific sentences (figures) over generic ones.
  Only computed where the contract asks for it (``summarize``, md/html output, ``batch --summaries``).

Both are deterministic: same analysis, same output.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from .codes import SEVERITIES

# --- data: what the fact sheet reports -----------------------------------------------------------

#: Table totals shown in the fact sheet: (key, table, row, column, label).
TABLE_TOTALS: tuple[tuple[str, str, str, str, str], ...] = (
    ("applications_new", "applications", "new", "total", "本年新收政府信息公开申请数量"),
    ("applications_carry_in", "applications", "carry_in", "total", "上年结转政府信息公开申请数量"),
    ("applications_handled", "applications", "r7", "total", "本年度办理结果总计"),
    ("applications_carry_out", "applications", "carry_out", "total", "结转下年度继续办理"),
    ("review_total", "appeals", "review", "total", "行政复议总计"),
    ("litigation_direct_total", "appeals", "lit_direct", "total", "未经复议直接起诉总计"),
    ("litigation_after_review_total", "appeals", "lit_after_review", "total", "复议后起诉总计"),
    ("rules_issued", "proactive", "rules", "issued", "规章本年制发件数"),
    ("normative_docs_issued", "proactive", "normative_docs", "issued", "行政规范性文件本年制发件数"),
    ("normative_docs_in_force", "proactive", "normative_docs", "in_force", "行政规范性文件现行有效件数"),
    ("licensing_decisions", "proactive", "licensing", "decisions", "行政许可本年处理决定数量"),
    ("penalty_decisions", "proactive", "penalty", "decisions", "行政处罚本年处理决定数量"),
    ("enforcement_decisions", "proactive", "enforcement", "decisions", "行政强制本年处理决定数量"),
    ("fees_amount_wan", "proactive", "fees", "amount_wan", "行政事业性收费金额（万元）"),
)

#: Most headline figures listed per report (document order).
MAX_HEADLINE = 30
#: Metrics always kept in the headline when the cap is reached (the others fill the remaining places).
HEADLINE_METRICS: tuple[str, ...] = (
    "visitors", "hotline_calls", "work_orders", "applications_received", "applications_closed", "carried_over",
    "proactive_items", "documents_issued", "documents_in_force", "completion_rate", "satisfaction_rate", "fee",
    "admin_review", "litigation",
)

#: Figure kinds that qualify the figure before them rather than standing alone.
QUALIFYING_KINDS = ("growth",)

#: Sentences with these cues are generic (boilerplate); their rank is damped.
GENERIC_CUES: tuple[str, ...] = (
    "习近平", "新时代中国特色社会主义思想", "坚强领导", "高度重视", "认真贯彻", "深入贯彻", "全面贯彻",
    "认真落实", "进一步加强", "进一步提升", "不断提高", "持续推进", "切实做好", "根据《", "按照《",
    "依据《", "本报告", "统计期限", "电子版", "如对本报告", "联系地址", "联系电话",
)
GENERIC_DAMPING = 0.5
#: Bonus per figure in a sentence (capped), so specific sentences win over generic ones.
FIGURE_BONUS = 0.6
FIGURE_BONUS_CAP = 3
#: Sentences shorter than this (characters) are not summary material (headings, fragments).
MIN_SENTENCE_CHARS = 16
MAX_SENTENCE_CHARS = 400

_END_PUNCT = "。！？!?；;"
_DIGIT = re.compile(r"\d")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?(?![\d.]*[年月日号])")  # fallback figure count: numbers, not dates


# --- fact sheet ----------------------------------------------------------------------------------


def fact_sheet(a, result) -> dict[str, Any]:
    """The per-report fact sheet: issuer, year, headline figures, table totals, changes, scores, findings."""
    info = a.info
    facts: dict[str, Any] = {
        "org": info.org,
        "org_key": info.org_key,
        "year": info.year,
        "issuer_type": info.issuer_type,
        "format": info.format,
        "published": info.published,
        "signed": info.signed,
        "sections": [s.key for s in a.sections if s.key != "preamble"],
        "headline": headline_figures(a.figures),
        "tables": table_totals(getattr(a.tables, "values", None)),
    }
    prior = getattr(a, "prior", None)
    facts["prior"] = prior.doc.source if prior is not None else None
    facts["changes"] = year_over_year(a, prior) if prior is not None else []
    facts["scores"] = score_digest(result.scores)
    facts["findings"] = {sev: result.count(sev) for sev in SEVERITIES}
    facts["codes"] = sorted({f.code for f in result.findings})
    facts["by_severity"] = {
        sev: [{"code": f.code, "name": f.name, "section": f.section, "message": f.message}
              for f in result.findings if f.severity == sev]
        for sev in SEVERITIES
    }
    return facts


def headline_figures(figures) -> list[dict[str, Any]]:
    """Figures that carry a metric, in text order, each stated growth attached to the figure it qualifies."""
    out: list[dict[str, Any]] = []
    last_base: dict[str, Any] | None = None
    for f in figures or ():
        item = {"metric": f.metric, "metrics": list(f.metrics) if f.metrics else None, "text": f.text,
                "value": f.value, "unit": f.unit, "kind": f.kind, "qualifier": f.qualifier,
                "section": f.section, "start": f.start, "end": f.end}
        if f.kind in QUALIFYING_KINDS and last_base is not None and _same_clause_gap(last_base, f):
            last_base.setdefault("growth", {"text": f.text, "value": f.value, "start": f.start, "end": f.end})
            continue
        if f.kind not in QUALIFYING_KINDS:
            last_base = item
        if f.metric or f.metrics:
            out.append(item)
    if len(out) > MAX_HEADLINE:
        def key_metric(h: dict[str, Any]) -> bool:
            return bool({h["metric"], *(h["metrics"] or ())} & set(HEADLINE_METRICS))
        keep = sorted(range(len(out)), key=lambda i: (not key_metric(out[i]), i))[:MAX_HEADLINE]
        out = [out[i] for i in sorted(keep)]
    return out


def _same_clause_gap(base: dict[str, Any], f) -> bool:
    """A growth qualifies the figure before it when it follows within a short distance."""
    return 0 <= f.start - base["end"] <= 24


def table_totals(values: dict[str, Any] | None) -> dict[str, Any]:
    """The key totals of the tables (``None`` where the table or cell is absent or blank)."""
    out: dict[str, Any] = {}
    if not values:
        return out
    for key, table, row, col, label in TABLE_TOTALS:
        v = _cell(values, table, row, col)
        if v is not None:
            out[key] = {"value": v, "label": label, "table": table, "row": row, "col": col}
    return out


def _cell(values: dict[str, Any] | None, table: str, row: str, col: str):
    try:
        v = values[table][row][col]  # type: ignore[index]
    except (KeyError, TypeError, IndexError):
        return None
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def year_over_year(a, prior) -> list[dict[str, Any]]:
    """Changes against the prior-year report: table totals, and figures of the same metric."""
    out: list[dict[str, Any]] = []
    cur_t = getattr(a.tables, "values", None)
    pri_t = getattr(prior.tables, "values", None)
    for key, table, row, col, label in TABLE_TOTALS:
        v, p = _cell(cur_t, table, row, col), _cell(pri_t, table, row, col)
        if v is not None and p is not None:
            out.append(_change(key, label, v, p, "table"))
    cur_f = _first_by_metric(a.figures)
    pri_f = _first_by_metric(prior.figures)
    for metric in sorted(set(cur_f) & set(pri_f) & set(HEADLINE_METRICS)):
        c, p = cur_f[metric], pri_f[metric]
        if c.unit == p.unit and c.kind == p.kind:
            ch = _change(metric, metric, c.value, p.value, "figure")
            ch.update({"text": c.text, "prior_text": p.text})
            out.append(ch)
    return out


def _first_by_metric(figures) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in figures or ():
        if f.metric and f.kind not in QUALIFYING_KINDS and f.metric not in out:
            out[f.metric] = f
    return out


def _change(key: str, label: str, value, prior, source: str) -> dict[str, Any]:
    pct = round((value - prior) / prior * 100, 2) if prior else None
    return {"key": key, "label": label, "value": value, "prior": prior, "delta": _num(value - prior),
            "percent": pct, "from": source}


def _num(x):
    return int(x) if isinstance(x, float) and x.is_integer() else (round(x, 6) if isinstance(x, float) else x)


def score_digest(scores: dict[str, Any]) -> dict[str, Any]:
    """``{name: value}`` for every score, plus ``grade`` when quality has one."""
    out: dict[str, Any] = {}
    for name, s in (scores or {}).items():
        if isinstance(s, dict):
            out[name] = s.get("value")
            if s.get("grade") is not None:
                out[f"{name}_grade"] = s["grade"]
        elif isinstance(s, (int, float)):
            out[name] = s
    return out


# --- extractive summary --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sent:
    text: str
    start: int
    end: int


def summary_text(a, k: int | None = None) -> str | None:
    """Extractive summary of the narrative: ``k`` key sentences in document order (``None`` if no narrative)."""
    cands = narrative_sentences(a)
    if not cands:
        return None
    picked = key_sentences(a, cands, k)
    return "".join(s.text.strip() for s in picked) or None


def narrative_sentences(a) -> list[_Sent]:
    """Narrative sentences worth summarising: outside tables, not headings, long enough."""
    regions = sorted(getattr(a.tables, "regions", None) or ())
    out: list[_Sent] = []
    for s in _sentences(a):
        t = s.text.strip()
        if len(t) < MIN_SENTENCE_CHARS or len(t) > MAX_SENTENCE_CHARS or t[-1] not in _END_PUNCT:
            continue
        if len(_CJK.findall(t)) < len(t) * 0.5:
            continue
        if any(s.start < e and b < s.end for b, e in regions):
            continue
        out.append(_Sent(s.text, s.start, s.end))
    return out


def key_sentences(a, cands: list[_Sent], k: int | None = None) -> list[_Sent]:
    """Rank by TextRank × specificity, take the top ``k``, return them in document order."""
    if k is None:
        k = 3 if len(cands) <= 12 else 4 if len(cands) <= 40 else 5
    toks = [_tokens(s.text) for s in cands]
    rank = textrank(toks)
    fig_starts = sorted(f.start for f in (a.figures or ()))
    weights = []
    for s, r in zip(cands, rank, strict=True):
        n_fig = _count_in(fig_starts, s.start, s.end) if fig_starts else len(_NUMBER.findall(s.text))
        w = r * (1 + FIGURE_BONUS * min(n_fig, FIGURE_BONUS_CAP))
        if any(c in s.text for c in GENERIC_CUES):
            w *= GENERIC_DAMPING
        weights.append(w)
    order = sorted(range(len(cands)), key=lambda i: (-round(weights[i], 12), cands[i].start))
    return sorted((cands[i] for i in order[:k]), key=lambda s: s.start)


def _count_in(sorted_starts: list[int], a: int, b: int) -> int:
    import bisect

    return bisect.bisect_left(sorted_starts, b) - bisect.bisect_left(sorted_starts, a)


def textrank(token_sets: list[set[str]], damping: float = 0.85, iterations: int = 60) -> list[float]:
    """TextRank (Mihalcea & Tarau 2004) over sentences: overlap similarity, weighted PageRank."""
    n = len(token_sets)
    if n == 0:
        return []
    nbrs: list[list[tuple[int, float]]] = [[] for _ in range(n)]  # sparse similarity graph
    logs = [math.log(len(t)) if len(t) >= 2 else 0.0 for t in token_sets]
    for i in range(n):
        a = token_sets[i]
        if len(a) < 2:
            continue
        for j in range(i + 1, n):
            b = token_sets[j]
            if len(b) < 2:
                continue
            ov = len(a & b)
            if ov:
                w = ov / (logs[i] + logs[j])
                nbrs[i].append((j, w))
                nbrs[j].append((i, w))
    out_w = [sum(w for _, w in row) for row in nbrs]
    score = [1.0] * n
    for _ in range(iterations):
        new = [(1 - damping) + damping * sum(w / out_w[j] * score[j] for j, w in nbrs[i]) for i in range(n)]
        done = max(abs(x - y) for x, y in zip(new, score, strict=True)) < 1e-9
        score = new
        if done:
            break
    return score


def _tokens(text: str) -> set[str]:
    """Content words of a sentence (jieba), numbers and punctuation left out."""
    return {w for w in _words(text) if len(w) >= 2 and _CJK.search(w) and not _DIGIT.search(w)}


def _words(text: str) -> list[str]:
    try:
        from .segment.words import words
    except ImportError:
        words = None
    if words is not None:
        return list(words(text))
    import logging
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import jieba
    jieba.setLogLevel(logging.WARNING)
    return jieba.lcut(text)


def _sentences(a) -> list:
    try:
        return list(a.sentences)
    except ImportError:  # the sentence splitter is not there yet: a simple decimal-safe fallback
        return _split_simple(a.text)


_SENT_RE = re.compile(r"[^。！？!?；;\n]*[。！？!?；;]+[”’」』）)]*|[^\n]+")


def _split_simple(text: str) -> list[_Sent]:
    return [_Sent(m.group(0), m.start(), m.end()) for m in _SENT_RE.finditer(text) if m.group(0).strip()]
