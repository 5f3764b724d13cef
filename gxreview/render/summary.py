"""``gxreview summarize``: the fact sheet and the extractive summary, as text or Markdown."""

from __future__ import annotations

from ..codes import SEVERITIES
from ..findings import ErrorResult, ReviewResult
from .markdown import md_escape, summary_markdown


def render_summary(result: ReviewResult | ErrorResult, fmt: str = "text") -> str:
    """One report's summary in ``fmt`` (``text`` or ``md``); an error result gives one line."""
    if fmt not in ("text", "md"):
        raise ValueError(f"fmt must be 'text' or 'md', got {fmt!r}")
    if isinstance(result, ErrorResult):
        if fmt == "md":
            return f"## {md_escape(result.source)}\n\nNot reviewed — {result.code}: {md_escape(result.message)}\n\n"
        return f"== {result.source}\n   ERROR {result.code}: {result.message}\n\n"
    facts = (result.summary or {}).get("facts") or {}
    if fmt == "md":
        r = result.report
        head = [f"## {md_escape(r.org or result.source)} · {r.year or '—'}", "", f"Source: `{result.source}`", ""]
        counts = ", ".join(f"{facts.get('findings', {}).get(s, 0)} {s}" for s in SEVERITIES)
        body = summary_markdown(result)[2:]  # without the "## Summary" heading
        scores = facts.get("scores") or {}
        tail = [f"**Scores:** {', '.join(f'{k} {v}' for k, v in scores.items())}", ""] if scores else []
        tail += [f"**Findings:** {counts}", ""]
        for sev in SEVERITIES:
            for f in (facts.get("by_severity") or {}).get(sev, []):
                tail.append(f"- {sev} {f['code']} {f['name']}: {md_escape(f['message'])}")
        return "\n".join(head + body + tail).rstrip() + "\n\n"
    return summary_text_block(result) + "\n"


def summary_text_block(result: ReviewResult) -> str:
    """The fact sheet as plain text lines."""
    facts = (result.summary or {}).get("facts") or {}
    text = (result.summary or {}).get("text")
    out = [f"== {result.source}",
           f"   {facts.get('org') or '(agency unknown)'} · {facts.get('year') or '(year unknown)'} · "
           f"{facts.get('issuer_type') or 'issuer type unknown'} · format {facts.get('format') or '—'}"]
    if text:
        out.append("   summary: " + text)
    for h in facts.get("headline") or []:
        metric = h.get("metric") or ",".join(h.get("metrics") or [])
        g = h.get("growth")
        out.append(f"   {metric:<24} {h.get('text')}" + (f"  (change {g['text']})" if g else ""))
    for t in (facts.get("tables") or {}).values():
        out.append(f"   {t.get('label')}: {t.get('value')}")
    for c in facts.get("changes") or []:
        pct = "" if c.get("percent") is None else f" ({c['percent']:+}%)"
        out.append(f"   vs prior: {c.get('label')} {c.get('prior')} → {c.get('value')}{pct}")
    scores = facts.get("scores") or {}
    if scores:
        out.append("   scores: " + ", ".join(f"{k} {v}" for k, v in scores.items()))
    counts = facts.get("findings") or {}
    out.append("   findings: " + ", ".join(f"{counts.get(s, 0)} {s}" for s in SEVERITIES))
    for sev in SEVERITIES:
        for f in (facts.get("by_severity") or {}).get(sev, []):
            out.append(f"     {sev[0].upper()} {f['code']} {f['name']}: {f['message']}")
    return "\n".join(out) + "\n"
