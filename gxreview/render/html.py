"""Self-contained HTML report an auditor can use without the tool.

Safety: every character that comes from the report (text, headings, evidence, messages) goes
through :func:`esc`; the page loads nothing from the network and carries a Content-Security-Policy
that forbids scripts, so a report containing ``<script>`` or ``onerror=`` can never run.

Layout: header and scores → fact sheet and extractive summary → findings (each with its evidence
and a link to its place) → the report text with every finding highlighted at its offsets (and
figures underlined with their metric) → tables with failing cells marked and the identity checks
→ figures → all checks.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from ..codes import SEVERITIES, SEVERITY_RANK
from ..findings import TABLE_KEYS, ErrorResult, ReviewResult
from .cells import failing_cells
from .labels import COL_LABELS, ROW_LABELS, TABLE_LABELS

#: The page's Content-Security-Policy: nothing may load or run; inline styles only.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_LIST_ITEMS = 40
MAX_EVIDENCE_DEPTH = 4

CSS = """
.gxr{font-family:system-ui,-apple-system,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1d1d1f;line-height:1.5}
.gxr h1{font-size:1.4em;margin:.2em 0}.gxr h2{font-size:1.15em;border-bottom:1px solid #ddd;margin-top:1.4em}
.gxr h3{font-size:1em;margin:.8em 0 .3em}
.gxr table{border-collapse:collapse;margin:.3em 0}.gxr td,.gxr th{border:1px solid #ccc;padding:2px 6px;vertical-align:top;text-align:left}
.gxr th{background:#f3f3f3}.gxr td.num{text-align:right;font-variant-numeric:tabular-nums}
.gxr .meta td:first-child{color:#555}
.gxr .badge{display:inline-block;border-radius:4px;padding:0 6px;margin-right:4px;font-size:.9em;color:#fff}
.gxr .b-error,.gxr .sev-error .badge{background:#c0392b}.gxr .b-warning,.gxr .sev-warning .badge{background:#d68910}
.gxr .b-info,.gxr .sev-info .badge{background:#2e86c1}.gxr .b-score{background:#555}
.gxr .finding{border-left:4px solid #999;padding:4px 8px;margin:6px 0;background:#fafafa}
.gxr .finding.sev-error{border-color:#c0392b}.gxr .finding.sev-warning{border-color:#d68910}.gxr .finding.sev-info{border-color:#2e86c1}
.gxr .excerpt{font-size:.92em;color:#333;background:#fff;border:1px dashed #ccc;padding:2px 6px;margin:4px 0}
.gxr .excerpt b{background:#fde2a7}
.gxr pre.report{white-space:pre-wrap;word-break:break-word;font-family:inherit;background:#fff;border:1px solid #ddd;padding:10px;max-width:60em}
.gxr mark.hl{padding:0;border-bottom:2px solid}.gxr mark.hl.sev-error{background:#f9d6d5;border-color:#c0392b}
.gxr mark.hl.sev-warning{background:#fcecc7;border-color:#d68910}.gxr mark.hl.sev-info{background:#d6eaf8;border-color:#2e86c1}
.gxr .fig{text-decoration:underline dotted #117a65;text-underline-offset:3px}
.gxr sup.fref{font-size:.7em;font-weight:bold}.gxr sup.fref a{text-decoration:none;color:#fff;border-radius:3px;padding:0 3px}
.gxr sup.fref.sev-error a{background:#c0392b}.gxr sup.fref.sev-warning a{background:#d68910}.gxr sup.fref.sev-info a{background:#2e86c1}
.gxr td.fail{background:#f9d6d5;font-weight:bold;outline:2px solid #c0392b}.gxr td.blank{color:#999}
.gxr .st-FAIL{color:#c0392b;font-weight:bold}.gxr .st-UNCERTAIN{color:#d68910}.gxr .st-PASS{color:#1e8449}.gxr .st-NOT_ASSESSABLE{color:#777}
.gxr table.ev{font-size:.88em}.gxr table.ev td{border-color:#e3e3e3}
.gxr blockquote.summary{border-left:4px solid #117a65;margin:.5em 0;padding:.3em .8em;background:#f2faf7}
.gxr .muted{color:#777}.gxr details>summary{cursor:pointer}
"""


def esc(s: Any) -> str:
    """Escape any value for HTML text or a quoted attribute (control characters shown as U+FFFD)."""
    return html.escape(_CTRL.sub("\ufffd", "" if s is None else str(s)), quote=True)


# --- public API ------------------------------------------------------------------------------------


def render_html(result: ReviewResult | ErrorResult) -> str:
    """A complete, self-contained HTML page for one result."""
    if isinstance(result, ErrorResult):
        title = f"gxreview: {result.source}"
        body = (f"<h1>{esc(result.source)}</h1><p class='finding sev-error'><span class='badge b-error'>"
                f"{esc(result.code)}</span> {esc(result.message)}</p>")
    else:
        r = result.report
        title = f"gxreview: {r.org or result.source} {r.year or ''}"
        body = _body(result, full=True)
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
            "<meta name=\"referrer\" content=\"no-referrer\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{esc(title)}</title><style>{CSS}</style></head>"
            f"<body><div class=\"gxr\">{body}</div></body></html>\n")


def render_html_fragment(result: ReviewResult | ErrorResult) -> str:
    """A compact fragment for notebooks (``_repr_html_``): header, scores, summary, findings; text folded."""
    if isinstance(result, ErrorResult):
        return f"<div class='gxr'><style>{CSS}</style><b>{esc(result.source)}</b>: {esc(result.code)} {esc(result.message)}</div>"
    return f"<div class=\"gxr\"><style>{CSS}</style>{_body(result, full=False)}</div>"


# --- page parts ------------------------------------------------------------------------------------


def _safe(fn, *args) -> str:
    """One part of the page; a part that fails (unexpected data) says so instead of losing the page."""
    try:
        return fn(*args)
    except Exception as e:  # pragma: no cover - defensive
        return f"<p class=\"finding sev-error\">this part could not be rendered: {esc(type(e).__name__)}: {esc(e)}</p>"


def _body(result: ReviewResult, *, full: bool) -> str:
    ids = _Ids(result.report.id)
    parts = [_safe(_header, result), _safe(_summary, result, ids), _safe(_findings, result, ids)]
    text_html = _safe(_report_text, result, ids)
    if full:
        parts.append(f"<h2 id=\"{ids.text}\">Report text (findings highlighted)</h2>{text_html}")
        parts.append(_safe(_tables, result))
        parts.append(_safe(_figures, result, ids))
        parts.append(_safe(_checks, result))
    else:
        parts.append(f"<details><summary>Report text with highlights</summary>{text_html}</details>")
    return "".join(parts)


class _Ids:
    """Element ids, prefixed with the report id so several reports can share a notebook page."""

    def __init__(self, rid: str):
        self.p = f"gx{rid}"
        self.text = f"{self.p}-text"

    def finding(self, i: int) -> str:
        return f"{self.p}-f{i}"

    def at(self, i: int) -> str:
        return f"{self.p}-at{i}"

    def figure(self, i: int) -> str:
        return f"{self.p}-g{i}"

    def section(self, key: str, i: int) -> str:
        return f"{self.p}-s{i}-{key}"


def _header(result: ReviewResult) -> str:
    r = result.report
    title = f"{r.org or '(agency unknown)'} · {r.year or '(year unknown)'} 政府信息公开工作年度报告"
    rows = [("source", result.source), ("report id", r.id), ("agency (org)", r.org), ("org_key", r.org_key),
            ("year", r.year), ("issuer type", r.issuer_type), ("table format", r.format),
            ("published", r.published), ("signed", r.signed), ("characters", r.chars)]
    meta = "".join(f"<tr><td>{esc(k)}</td><td>{esc(v) if v is not None else '<span class=muted>unknown</span>'}</td></tr>"
                   for k, v in rows)
    counts = " ".join(f"<span class=\"badge b-{s}\">{result.count(s)} {s}</span>" for s in SEVERITIES)
    return f"<h1>{esc(title)}</h1><p>{counts}{_score_badges(result.scores)}</p><table class=\"meta\">{meta}</table>"


def _score_badges(scores: dict[str, Any]) -> str:
    out = []
    for name, s in scores.items():
        v = s.get("value") if isinstance(s, dict) else s
        grade = f" ({s['grade']})" if isinstance(s, dict) and s.get("grade") else ""
        out.append(f"<span class=\"badge b-score\">{esc(name)} {esc(_fmt(v))}{esc(grade)}</span>")
    return "".join(out)


def _summary(result: ReviewResult, ids: _Ids) -> str:
    facts = (result.summary or {}).get("facts") or {}
    text = (result.summary or {}).get("text")
    out = ["<h2>Summary</h2>"]
    if text:
        out.append(f"<blockquote class=\"summary\">{esc(text)}</blockquote>")
    head = facts.get("headline") or []
    if head:
        fig_at = {(g.start, g.end): i for i, g in enumerate(result.figures)}
        rows = []
        for h in head:
            k = fig_at.get((h.get("start"), h.get("end")))
            href = ids.figure(k) if k is not None else ids.text
            g = h.get("growth")
            growth = esc(g["text"]) if g else ""
            metric = h.get("metric") or ",".join(h.get("metrics") or [])
            rows.append(f"<tr><td>{esc(metric)}</td><td class=num><a href=\"#{href}\">{esc(h.get('text'))}</a></td>"
                        f"<td class=num>{esc(_fmt(h.get('value')))}</td><td>{esc(h.get('unit') or '')}</td>"
                        f"<td>{growth}</td><td>{esc(h.get('section') or '')}</td></tr>")
        out.append("<h3>Headline figures</h3><table><tr><th>metric</th><th>as written</th><th>value</th>"
                   "<th>unit</th><th>stated change</th><th>section</th></tr>" + "".join(rows) + "</table>")
    totals = facts.get("tables") or {}
    if totals:
        rows = "".join(f"<tr><td>{esc(t.get('label'))}</td><td class=num>{esc(_fmt(t.get('value')))}</td></tr>"
                       for t in totals.values())
        out.append(f"<h3>Table totals</h3><table>{rows}</table>")
    changes = facts.get("changes") or []
    if changes:
        rows = "".join(f"<tr><td>{esc(c.get('label'))}</td><td class=num>{esc(_fmt(c.get('prior')))}</td>"
                       f"<td class=num>{esc(_fmt(c.get('value')))}</td><td class=num>{esc(_signed(c.get('delta')))}</td>"
                       f"<td class=num>{esc(_pct(c.get('percent')))}</td></tr>" for c in changes)
        out.append(f"<h3>Year over year (prior: {esc(facts.get('prior'))})</h3><table><tr><th></th><th>prior</th>"
                   f"<th>this year</th><th>change</th><th>%</th></tr>{rows}</table>")
    if not (text or head or totals or changes):
        out.append("<p class=muted>No headline figures or table totals were extracted.</p>")
    return "".join(out)


def _findings(result: ReviewResult, ids: _Ids) -> str:
    out = [f"<h2>Findings ({len(result.findings)})</h2>"]
    if not result.findings:
        out.append("<p class=muted>No findings.</p>")
    groups: dict[str, list[tuple[int, Any]]] = {}
    for i, f in enumerate(result.findings):
        groups.setdefault(f.section or "(whole report)", []).append((i, f))
    for sec, items in groups.items():
        out.append(f"<h3>{esc(sec)}</h3>")
        for i, f in items:
            where = ""
            if f.start is not None:
                where = f" <a href=\"#{ids.at(i)}\">at {f.start}–{f.end if f.end is not None else f.start}</a>"
            ex = _excerpt_html(result.text, f.start, f.end)
            ev = _evidence(f.evidence, result.text) if f.evidence else ""
            out.append(f"<div class=\"finding sev-{f.severity}\" id=\"{ids.finding(i)}\"><span class=\"badge\">"
                       f"{esc(f.severity)}</span><b>[{i}] {esc(f.code)} {esc(f.name)}</b>{where}<br>{esc(f.message)}"
                       f"{ex}{ev}</div>")
    return "".join(out)


def _excerpt_html(text: str | None, start: int | None, end: int | None, width: int = 40) -> str:
    if text is None or start is None or start > len(text):
        return ""
    end = start if end is None else min(end, len(text))
    a, b = max(0, start - width), min(len(text), end + width)
    span = text[start:end]
    if len(span) > 300:
        span = span[:150] + " … " + span[-150:]
    return (f"<div class=\"excerpt\">{'…' if a else ''}{esc(text[a:start])}<b>{esc(span)}</b>"
            f"{esc(text[end:b])}{'…' if b < len(text) else ''}</div>")


def _evidence(ev: Any, text: str | None, depth: int = 0) -> str:
    """Evidence as nested tables; spans (start/end) also show the text they point at."""
    if depth > MAX_EVIDENCE_DEPTH:
        return esc(json.dumps(ev, ensure_ascii=False, default=str)[:500])
    if isinstance(ev, dict):
        rows = []
        for k, v in ev.items():
            rows.append(f"<tr><td>{esc(k)}</td><td>{_evidence(v, text, depth + 1)}</td></tr>")
        s, e = ev.get("start"), ev.get("end")
        quoted = _span_quote(text, s, e)
        if quoted:
            rows.append(f"<tr><td class=muted>text[{s}:{e}]</td><td>{quoted}</td></tr>")
        return f"<table class=\"ev\">{''.join(rows)}</table>"
    if isinstance(ev, (list, tuple)):
        if all(not isinstance(x, (dict, list, tuple)) for x in ev):
            shown = ", ".join(esc(_fmt(x)) for x in ev[:MAX_LIST_ITEMS])
            more = f" … {len(ev) - MAX_LIST_ITEMS} more" if len(ev) > MAX_LIST_ITEMS else ""
            return f"[{shown}{esc(more)}]"
        if all(isinstance(x, dict) for x in ev):
            return _records_table(ev, text, depth)
        items = "".join(f"<li>{_evidence(x, text, depth + 1)}</li>" for x in ev[:MAX_LIST_ITEMS])
        more = f"<li class=muted>… {len(ev) - MAX_LIST_ITEMS} more</li>" if len(ev) > MAX_LIST_ITEMS else ""
        return f"<ol>{items}{more}</ol>"
    return esc(_fmt(ev))


def _records_table(records: list | tuple, text: str | None, depth: int) -> str:
    """A list of mappings (cells, passages, readings) as one table with a column per key."""
    cols: list[str] = []
    for r in records:
        for k in r:
            if k not in cols:
                cols.append(k)
    spans = text is not None and "start" in cols and "end" in cols
    head = "".join(f"<th>{esc(c)}</th>" for c in cols) + ("<th>text</th>" if spans else "")
    rows = []
    for r in records[:MAX_LIST_ITEMS]:
        tds = "".join(f"<td>{_evidence(r[c], text, depth + 1) if c in r else ''}</td>" for c in cols)
        if spans:
            tds += f"<td>{_span_quote(text, r.get('start'), r.get('end'))}</td>"
        rows.append(f"<tr>{tds}</tr>")
    more = f"<tr><td class=muted colspan={len(cols) + spans}>… {len(records) - MAX_LIST_ITEMS} more</td></tr>" \
        if len(records) > MAX_LIST_ITEMS else ""
    return f"<table class=\"ev\"><tr>{head}</tr>{''.join(rows)}{more}</table>"


def _span_quote(text: str | None, s: Any, e: Any) -> str:
    """The text an evidence span (start, end) points at, escaped and in «»; "" when it is not a short span of the text."""
    if text is not None and isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(text) and e - s <= 400:
        return f"«{esc(text[s:e])}»"
    return ""


# --- the report text with highlights ---------------------------------------------------------------


def highlight_layers(result: ReviewResult) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """(finding spans, figure spans) as ``(start, end, index)``, clipped to the text."""
    n = len(result.text or "")
    fs = [(min(f.start, n), min(max(f.end if f.end is not None else f.start, f.start), n), i)
          for i, f in enumerate(result.findings) if f.start is not None]
    gs = [(min(g.start, n), min(g.end, n), i) for i, g in enumerate(result.figures)]
    return fs, gs


def _report_text(result: ReviewResult, ids: _Ids) -> str:
    text = result.text or ""
    if not text:
        return "<p class=muted>(the normalised text is not available)</p>"
    fs, gs = highlight_layers(result)
    bounds = {0, len(text)}
    for s, e, _ in fs + gs:
        bounds.update((s, e))
    sec_at: dict[int, list[str]] = {}
    for k, s in enumerate(result.sections):
        if 0 <= s.start <= len(text):
            bounds.add(s.start)
            sec_at.setdefault(s.start, []).append(f"<span id=\"{ids.section(s.key, k)}\"></span>")
    starts: dict[int, list[int]] = {}
    for s, _e, i in fs:
        starts.setdefault(s, []).append(i)
    fig_starts: dict[int, list[int]] = {}
    for s, _e, i in gs:
        fig_starts.setdefault(s, []).append(i)
    pts = sorted(bounds)
    out: list[str] = []
    for b0, b1 in zip(pts, pts[1:] + [None], strict=True):
        out.extend(sec_at.get(b0, ()))
        for i in fig_starts.get(b0, ()):
            out.append(f"<span id=\"{ids.figure(i)}\"></span>")
        for i in starts.get(b0, ()):
            f = result.findings[i]
            out.append(f"<sup class=\"fref sev-{f.severity}\" id=\"{ids.at(i)}\"><a href=\"#{ids.finding(i)}\" "
                       f"title=\"{esc(f.code + ' ' + f.message)}\">{i}</a></sup>")
        if b1 is None or b1 <= b0:
            continue
        seg = esc(text[b0:b1])
        cover = [i for s, e, i in fs if s <= b0 and e >= b1]
        figs = [i for s, e, i in gs if s <= b0 and e >= b1]
        if figs:
            g = result.figures[figs[0]]
            metric = g.metric or ",".join(g.metrics or ()) or "no metric"
            tip = f"{metric}: {_fmt(g.value)} {g.unit or ''} ({g.kind}, {g.qualifier})"
            seg = f"<span class=\"fig\" title=\"{esc(tip)}\">{seg}</span>"
        if cover:
            worst = max((result.findings[i] for i in cover), key=lambda f: SEVERITY_RANK[f.severity]).severity
            tip = "; ".join(f"[{i}] {result.findings[i].code} {result.findings[i].message}" for i in cover)
            seg = (f"<mark class=\"hl sev-{worst}\" data-f=\"{' '.join(map(str, cover))}\" "
                   f"title=\"{esc(tip[:600])}\">{seg}</mark>")
        out.append(seg)
    return f"<pre class=\"report\">{''.join(out)}</pre>"


# --- tables, figures, checks -----------------------------------------------------------------------


def _tables(result: ReviewResult) -> str:
    out = ["<h2>Tables</h2>"]
    fails = failing_cells(result)
    any_table = False
    for name in TABLE_KEYS:
        values = (result.tables or {}).get(name)
        if not values:
            continue
        any_table = True
        out.append(render_table_html(name, values, (result.table_details or {}).get(name), fails.get(name, set())))
    if not any_table:
        out.append("<p class=muted>No table was read from this report.</p>")
    identity = [c for c in result.checks if c.status in ("FAIL", "UNCERTAIN", "NOT_ASSESSABLE")
                and not c.rule.startswith(("S101", "input."))]
    if identity:
        out.append("<h3>Identities and cross-checks not passed</h3>" + _checks_table(identity, result.text))
    return "".join(out)


def render_table_html(name: str, values: dict[str, Any], details: dict[str, Any] | None = None,
                      failing: set[tuple[str, str]] | None = None) -> str:
    """One contract table (``{row: {col: value}}``) as HTML; ``failing`` cells (row, col) are marked."""
    failing = failing or set()
    if not all(isinstance(v, dict) or v is None for v in values.values()):  # a flat table (processing_fee)
        values = {"value": {k: v for k, v in values.items() if not isinstance(v, dict)}}
    cols: list[str] = []
    for row in values.values():
        for c in (row or {}):
            if c not in cols:
                cols.append(c)
    cells = (details or {}).get("cells") or {}
    head = "".join(f"<th title=\"{esc(c)}\">{esc(COL_LABELS.get(c, c))}</th>" for c in cols)
    rows = []
    for rkey, row in values.items():
        tds = []
        for c in cols:
            v = (row or {}).get(c)
            d = (cells.get(rkey) or {}).get(c) or {}
            cls = ["num"]
            if (rkey, c) in failing:
                cls.append("fail")
            if v is None:
                cls.append("blank")
            tip = f"{name}.{rkey}.{c}"
            if d:
                tip += f" raw={d.get('raw')!r} read={d.get('read')} at {d.get('start')}–{d.get('end')}"
            tds.append(f"<td class=\"{' '.join(cls)}\" title=\"{esc(tip)}\">{esc(_fmt(v)) if v is not None else '—'}</td>")
        rows.append(f"<tr><th title=\"{esc(rkey)}\">{esc(ROW_LABELS.get(name, {}).get(rkey, rkey))}</th>{''.join(tds)}</tr>")
    extra = ""
    amb = (details or {}).get("ambiguous_rows")
    if amb:
        extra = f"<p>Ambiguous rows: {_evidence(amb, None)}</p>"
    return (f"<h3>{esc(TABLE_LABELS.get(name, name))} <span class=muted>({esc(name)})</span></h3>"
            f"<table><tr><th></th>{head}</tr>{''.join(rows)}</table>{extra}")


def _figures(result: ReviewResult, ids: _Ids) -> str:
    if not result.figures:
        return "<h2>Figures</h2><p class=muted>No figures were extracted from the narrative.</p>"
    rows = []
    for i, g in enumerate(result.figures):
        interval = f"[{_fmt(g.low)}, {_fmt(g.high)}]"
        metric = g.metric or (",".join(g.metrics) if g.metrics else "")
        rows.append(f"<tr><td><a href=\"#{ids.figure(i)}\">{esc(g.text)}</a></td><td class=num>{esc(_fmt(g.value))}</td>"
                    f"<td>{esc(g.unit or '')}</td><td>{esc(g.kind)}</td><td>{esc(g.qualifier)}</td><td>{esc(interval)}</td>"
                    f"<td>{esc(metric)}</td><td>{esc(g.section or '')}</td></tr>")
    return ("<h2>Figures</h2><table><tr><th>as written</th><th>value</th><th>unit</th><th>kind</th><th>qualifier</th>"
            "<th>interval</th><th>metric</th><th>section</th></tr>" + "".join(rows) + "</table>")


def _checks(result: ReviewResult) -> str:
    if not result.checks:
        return "<h2>Checks</h2><p class=muted>No checks.</p>"
    counts = {}
    for c in result.checks:
        counts[c.status] = counts.get(c.status, 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    return (f"<h2>Checks</h2><details><summary>All {len(result.checks)} evaluated checks ({esc(summary)})</summary>"
            f"{_checks_table(result.checks, result.text)}</details>")


def _checks_table(checks, text: str | None) -> str:
    rows = "".join(f"<tr><td>{esc(c.rule)}</td><td class=\"st-{esc(c.status)}\">{esc(c.status)}</td>"
                   f"<td>{_evidence(c.evidence, text) if c.evidence else ''}</td></tr>" for c in checks)
    return f"<table><tr><th>rule</th><th>status</th><th>evidence</th></tr>{rows}</table>"


# --- number formatting -----------------------------------------------------------------------------


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".") if not v.is_integer() else str(int(v))
    return str(v)


def _signed(v: Any) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return ("+" if v > 0 else "") + _fmt(v)
    return _fmt(v)


def _pct(v: Any) -> str:
    return "" if v is None else _signed(v) + "%"
