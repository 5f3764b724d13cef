"""Markdown memo for one report: summary and fact sheet on top, then findings by section with evidence.

Report text is escaped so it cannot inject Markdown or HTML into the memo.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..codes import SEVERITIES
from ..findings import ErrorResult, ReviewResult
from .text import excerpt

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LEADING = re.compile(r"^([#+\-=>])")
_MD_LEADING_NUM = re.compile(r"^(\d+)([.)])")


def md_escape(s: Any) -> str:
    """Escape Markdown/HTML syntax characters and collapse line breaks (for inline use)."""
    t = "" if s is None else str(s)
    t = " ".join(t.replace("&", "&amp;").split())
    t = _MD_SPECIAL.sub(r"\\\1", t)
    t = _MD_LEADING_NUM.sub(r"\1\\\2", t)
    return _MD_LEADING.sub(r"\\\1", t)


def render_markdown(result: ReviewResult | ErrorResult) -> str:
    """The memo: header, summary, fact sheet, findings grouped by section (excerpt + evidence)."""
    if isinstance(result, ErrorResult):
        return f"# {md_escape(result.source)}\n\n**Not reviewed** — {md_escape(result.code)}: {md_escape(result.message)}\n"
    r = result.report
    out = [f"# Review memo: {md_escape(r.org or '(agency unknown)')} · {r.year or '(year unknown)'}", ""]
    out.append(f"Source: `{result.source}` · report id `{r.id}` · format {r.format or '—'} · "
               f"issuer {r.issuer_type or '—'} · published {r.published or '—'} · signed {r.signed or '—'}")
    out.append("")
    out.append("**Findings:** " + ", ".join(f"{result.count(s)} {s}" for s in SEVERITIES))
    sc = _scores_line(result.scores)
    if sc:
        out.append("")
        out.append("**Scores:** " + sc)
        from ..quality import score_breakdown  # sub-scores and lost completeness points (issue 5)

        out.extend([""] + [f"- {md_escape(line)}" for line in score_breakdown(result.scores)])
    out.append("")
    out.extend(summary_markdown(result))
    out.append(f"## Findings ({len(result.findings)})")
    out.append("")
    if not result.findings:
        out.append("No findings.")
        out.append("")
    groups: dict[str, list] = {}
    for i, f in enumerate(result.findings):
        groups.setdefault(f.section or "(whole report)", []).append((i, f))
    for sec, items in groups.items():
        out.append(f"### {md_escape(sec)}")
        out.append("")
        for i, f in items:
            at = f" (at {f.start}–{f.end})" if f.start is not None else ""
            out.append(f"{i + 1}. **{f.severity.upper()} {f.code} {f.name}**{at}: {md_escape(f.message)}")
            ex = excerpt(result.text, f.start, f.end, width=30)
            if ex:
                out.append(f"   > {md_escape(ex)}")
            if f.evidence:
                ev = json.dumps(f.evidence, ensure_ascii=False, sort_keys=True, default=str)
                if len(ev) > 600:
                    ev = ev[:600] + " …"
                out.append(f"   - evidence: {_code(ev)}")
        out.append("")
    fails = [c for c in result.checks if c.status == "FAIL"]
    if fails:
        out.append("## Failed checks")
        out.append("")
        for c in fails:
            out.append(f"- `{c.rule}`: {_code(json.dumps(c.evidence, ensure_ascii=False, default=str)[:400])}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _code(s: str) -> str:
    """An inline code span that report text cannot break out of."""
    return "`" + " ".join(s.replace("`", "'").split()) + "`"


def _scores_line(scores: dict[str, Any]) -> str:
    parts = []
    for name, s in scores.items():
        v = s.get("value") if isinstance(s, dict) else s
        g = f" ({s['grade']})" if isinstance(s, dict) and s.get("grade") else ""
        parts.append(f"{name} {v}{g}")
    return ", ".join(parts)


def summary_markdown(result: ReviewResult) -> list[str]:
    """The summary block (extractive text, headline figures, table totals, changes) as Markdown lines."""
    facts = (result.summary or {}).get("facts") or {}
    text = (result.summary or {}).get("text")
    out = ["## Summary", ""]
    if text:
        out += [f"> {md_escape(text)}", ""]
    head = facts.get("headline") or []
    if head:
        out += ["| metric | as written | value | unit | stated change | section |", "|---|---|---:|---|---|---|"]
        for h in head:
            g = h.get("growth")
            metric = h.get("metric") or ",".join(h.get("metrics") or [])
            out.append(f"| {md_escape(metric)} | {md_escape(h.get('text'))} | {h.get('value')} | {md_escape(h.get('unit') or '')} "
                       f"| {md_escape(g['text']) if g else ''} | {md_escape(h.get('section') or '')} |")
        out.append("")
    totals = facts.get("tables") or {}
    if totals:
        out += ["| table total | value |", "|---|---:|"]
        out += [f"| {md_escape(t.get('label'))} | {t.get('value')} |" for t in totals.values()]
        out.append("")
    changes = facts.get("changes") or []
    if changes:
        out += [f"Year over year (prior: `{facts.get('prior')}`):", "", "| | prior | this year | change | % |",
                "|---|---:|---:|---:|---:|"]
        for c in changes:
            pct = "" if c.get("percent") is None else f"{c['percent']:+}%"
            out.append(f"| {md_escape(c.get('label'))} | {c.get('prior')} | {c.get('value')} | {c.get('delta'):+} | {pct} |")
        out.append("")
    if not (text or head or totals or changes):
        out += ["No headline figures or table totals were extracted.", ""]
    return out
