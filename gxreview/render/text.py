"""Plain-text rendering for the terminal: score first, sections, then findings grouped by section."""

from __future__ import annotations

from ..findings import ErrorResult, ReviewResult

_SEV_MARK = {"error": "E", "warning": "W", "info": "I"}
_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_RESET = "\x1b[0m"


def excerpt(text: str | None, start: int | None, end: int | None, width: int = 24) -> str:
    """A one-line excerpt around [start, end) with the span in ⟦ ⟧."""
    if text is None or start is None:
        return ""
    end = start if end is None else end
    a = max(0, start - width)
    b = min(len(text), end + width)
    s = text[a:start] + "⟦" + text[start:end][:120] + "⟧" + text[end:b]
    s = " ".join(s.split())
    return ("…" if a > 0 else "") + s + ("…" if b < len(text) else "")


def render_text(result: ReviewResult | ErrorResult, *, color: bool = False) -> str:
    if isinstance(result, ErrorResult):
        return f"{result.source}: ERROR {result.code}: {result.message}\n"
    r = result.report
    out: list[str] = []
    out.append(f"== {result.source}")
    out.append(f"   {r.org or '(agency unknown)'} · {r.year or '(year unknown)'} · format {r.format} · "
               f"{r.issuer_type or 'issuer type unknown'} · {r.chars} chars · id {r.id}")
    q = result.scores.get("quality")
    if q:
        comps = ", ".join(f"{k} {v.get('value') if isinstance(v, dict) else v}" for k, v in q.get("components", {}).items())
        out.append(f"   quality {q.get('value')} ({q.get('grade')})  [{comps}]")
    c = result.scores.get("completeness")
    if c:
        out.append(f"   completeness {c.get('value')}/100")
    ru = result.scores.get("reuse")
    if ru:
        out.append(f"   reuse {ru.get('value')} vs {ru.get('prior')}")
    out.append("   sections: " + " | ".join(f"{s.key}:{s.heading[:18] or '—'}" for s in result.sections))
    counts = ", ".join(f"{result.count(s)} {s}" for s in ("error", "warning", "info"))
    out.append(f"   findings: {counts}")
    groups: dict[str, list] = {}
    for f in result.findings:
        groups.setdefault(f.section or "(report)", []).append(f)
    for sec, fs in groups.items():
        out.append(f"  [{sec}]")
        for f in fs:
            mark = _SEV_MARK[f.severity]
            head = f"{mark} {f.code} {f.name}"
            if color:
                head = _COLORS[f.severity] + head + _RESET
            out.append(f"    {head}: {f.message}")
            ex = excerpt(result.text, f.start, f.end)
            if ex:
                out.append(f"        @{f.start}-{f.end}: {ex}")
    return "\n".join(out) + "\n"
