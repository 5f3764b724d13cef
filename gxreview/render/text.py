"""Text for the terminal: header and scores, the fact sheet, then findings grouped by section with
excerpts. With ``color=True`` (the CLI passes it on a terminal) it is drawn with rich, coloured by
severity; otherwise it is plain text, stable for pipes, files and tests.
"""

from __future__ import annotations

from ..codes import SEVERITIES
from ..findings import ErrorResult, ReviewResult

_SEV_MARK = {"error": "E", "warning": "W", "info": "I"}
_SEV_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def excerpt(text: str | None, start: int | None, end: int | None, width: int = 24) -> str:
    """A one-line excerpt around [start, end) with the span in ⟦ ⟧."""
    if text is None or start is None:
        return ""
    end = start if end is None else end
    a = max(0, start - width)
    b = min(len(text), end + width)
    span = text[start:end]
    if len(span) > 120:
        span = span[:60] + "…" + span[-60:]
    s = text[a:start] + "⟦" + span + "⟧" + text[end:b]
    s = " ".join(s.split())
    return ("…" if a > 0 else "") + s + ("…" if b < len(text) else "")


def render_text(result: ReviewResult | ErrorResult, *, color: bool = False, width: int | None = None) -> str:
    """Render one result for the terminal (rich when ``color``), plain otherwise."""
    if color:
        try:
            return _render_rich(result, width)
        except ImportError:  # rich is optional: fall back to plain text
            pass
    return _render_plain(result)


def _groups(result: ReviewResult) -> dict[str, list]:
    groups: dict[str, list] = {}
    for f in result.findings:
        groups.setdefault(f.section or "(report)", []).append(f)
    return groups


def _scores(result: ReviewResult) -> list[str]:
    out = []
    q = result.scores.get("quality")
    if isinstance(q, dict):
        comps = ", ".join(f"{k} {v.get('value') if isinstance(v, dict) else v}" for k, v in (q.get("components") or {}).items())
        out.append(f"quality {q.get('value')} ({q.get('grade')})" + (f"  [{comps}]" if comps else ""))
    c = result.scores.get("completeness")
    if isinstance(c, dict):
        out.append(f"completeness {c.get('value')}/100")
        from ..quality import score_breakdown  # components that lost points, with reasons (issue 5)

        out.extend(f"  - {line}" for line in score_breakdown({"completeness": c}))
    ru = result.scores.get("reuse")
    if isinstance(ru, dict):
        out.append(f"reuse {ru.get('value')} vs {ru.get('prior')}")
    for name, s in result.scores.items():
        if name not in ("quality", "completeness", "reuse"):
            out.append(f"{name} {s.get('value') if isinstance(s, dict) else s}")
    return out


def _facts_lines(result: ReviewResult) -> list[str]:
    facts = (result.summary or {}).get("facts") or {}
    out = []
    for h in facts.get("headline") or []:
        metric = h.get("metric") or ",".join(h.get("metrics") or [])
        g = h.get("growth")
        out.append(f"{metric}: {h.get('text')}" + (f" (change {g['text']})" if g else ""))
    for t in (facts.get("tables") or {}).values():
        out.append(f"{t.get('label')}: {t.get('value')}")
    for c in facts.get("changes") or []:
        pct = "" if c.get("percent") is None else f" ({c['percent']:+}%)"
        out.append(f"vs prior {c.get('label')}: {c.get('prior')} → {c.get('value')}{pct}")
    return out


def _render_plain(result: ReviewResult | ErrorResult) -> str:
    if isinstance(result, ErrorResult):
        return f"{result.source}: ERROR {result.code}: {result.message}\n"
    r = result.report
    out: list[str] = [f"== {result.source}",
                      f"   {r.org or '(agency unknown)'} · {r.year or '(year unknown)'} · format {r.format} · "
                      f"{r.issuer_type or 'issuer type unknown'} · {r.chars} chars · id {r.id}"]
    out += [f"   {s}" for s in _scores(result)]
    out.append("   sections: " + " | ".join(f"{s.key}:{s.heading[:18] or '—'}" for s in result.sections))
    facts = _facts_lines(result)
    if facts:
        out.append("   facts: " + "; ".join(facts))
    text = (result.summary or {}).get("text")
    if text:
        out.append(f"   summary: {text}")
    out.append("   findings: " + ", ".join(f"{result.count(s)} {s}" for s in SEVERITIES))
    for sec, fs in _groups(result).items():
        out.append(f"  [{sec}]")
        for f in fs:
            out.append(f"    {_SEV_MARK[f.severity]} {f.code} {f.name}: {f.message}")
            ex = excerpt(result.text, f.start, f.end)
            if ex:
                out.append(f"        @{f.start}-{f.end}: {ex}")
    return "\n".join(out) + "\n"


def _render_rich(result: ReviewResult | ErrorResult, width: int | None) -> str:
    import io
    import shutil

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buf = io.StringIO()
    con = Console(file=buf, force_terminal=True, color_system="standard", highlight=False,
                  width=width or shutil.get_terminal_size((100, 24)).columns, soft_wrap=False)
    if isinstance(result, ErrorResult):
        con.print(Text.assemble((f"{result.source}: ", "bold"), (f"ERROR {result.code}: ", "bold red"), result.message))
        return buf.getvalue()
    r = result.report
    con.rule(Text(result.source, style="bold"))
    con.print(Text(f"{r.org or '(agency unknown)'} · {r.year or '(year unknown)'} · format {r.format} · "
                   f"{r.issuer_type or 'issuer type unknown'} · {r.chars} chars · id {r.id}"))
    for s in _scores(result):
        con.print(Text(s, style="bold"))
    counts = Text()
    for sev in SEVERITIES:
        counts.append(f" {result.count(sev)} {sev} ", style=_SEV_STYLE[sev])
    con.print(Text("findings:", style="bold") + counts)
    facts = _facts_lines(result)
    if facts:
        t = Table(show_header=False, box=None, padding=(0, 1))
        for line in facts:
            k, _, v = line.partition(": ")
            t.add_row(Text(k, style="dim"), Text(v))
        con.print(t)
    text = (result.summary or {}).get("text")
    if text:
        con.print(Text("summary: ", style="bold") + Text(text, style="italic"))
    for sec, fs in _groups(result).items():
        con.print(Text(f"[{sec}]", style="bold underline"))
        for f in fs:
            line = Text("  ")
            line.append(f"{_SEV_MARK[f.severity]} {f.code} {f.name}", style=_SEV_STYLE[f.severity])
            line.append(": " + f.message)
            con.print(line)
            ex = excerpt(result.text, f.start, f.end)
            if ex:
                pre, _, rest = ex.partition("⟦")
                mid, _, post = rest.partition("⟧")
                con.print(Text.assemble(("      ", ""), (f"@{f.start}-{f.end} ", "dim"), pre,
                                        (mid, "reverse " + _SEV_STYLE[f.severity].split()[-1]), post))
    return buf.getvalue()
