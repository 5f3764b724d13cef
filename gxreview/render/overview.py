"""Corpus overview (``summary.html`` of a batch): one self-contained HTML page over many results.

Input: contract JSON dicts (``reviews.jsonl`` lines), error objects included; optionally the
batch's triage rows. Sections: counts, score distributions, most frequent findings, worst
reports, triage, per-agency trends across years, inputs that could not be reviewed. Same CSP and
escaping as the single-report page; charts are CSS bars (no scripts, no network). Deterministic:
no timestamps, stable orderings.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from typing import Any

from ..codes import FINDING_CODES, SEVERITY_RANK
from .html import CSP, CSS, esc

#: Score distributions drawn: (label, getter key, range max, bins).
DISTRIBUTIONS: tuple[tuple[str, str, float, int], ...] = (
    ("quality", "quality", 100.0, 10),
    ("completeness", "completeness", 100.0, 10),
    ("reuse (share of narrative reused from the prior year)", "reuse", 1.0, 10),
)
WORST_N = 20
TRIAGE_N = 50
TOP_CODES_N = 25

_OVERVIEW_CSS = """
.gxr .bar{display:inline-block;height:.9em;background:#5d6d7e;vertical-align:middle}
.gxr .bar.sev-error{background:#c0392b}.gxr .bar.sev-warning{background:#d68910}.gxr .bar.sev-info{background:#2e86c1}
.gxr td.trend{white-space:nowrap;font-size:.9em}
"""


def _score(d: dict[str, Any], name: str) -> float | None:
    s = (d.get("scores") or {}).get(name)
    v = s.get("value") if isinstance(s, dict) else s
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _counts(d: dict[str, Any]) -> dict[str, int]:
    c = Counter(f.get("severity") for f in d.get("findings") or ())
    return {s: c.get(s, 0) for s in ("error", "warning", "info")}


def _bar(frac: float, cls: str = "", max_px: int = 240) -> str:
    w = max(0, min(max_px, round(frac * max_px)))
    return f"<span class=\"bar {cls}\" style=\"width:{w}px\"></span>"


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.2f}".rstrip("0").rstrip(".")
    return str(v)


def render_overview(results: list[dict[str, Any]], triage: list[Any] | None = None, *,
                    title: str = "gxreview corpus overview") -> str:
    """A self-contained HTML overview of many results (contract dicts; error objects included)."""
    reviewed = [d for d in results if not d.get("error")]
    errors = [d for d in results if d.get("error")]
    parts = [f"<h1>{esc(title)}</h1>",
             f"<p>{len(results)} inputs: {len(reviewed)} reviewed, {len(errors)} could not be reviewed.</p>"]
    parts.append(_distributions(reviewed))
    parts.append(_frequent_findings(reviewed))
    parts.append(_worst(reviewed))
    if triage:
        parts.append(_triage(triage))
    parts.append(_trends(reviewed))
    if errors:
        rows = "".join(f"<tr><td>{esc(d.get('source'))}</td><td>{esc(d['error'].get('code'))}</td>"
                       f"<td>{esc(d['error'].get('message'))}</td></tr>" for d in sorted(errors, key=lambda d: str(d.get("source"))))
        parts.append(f"<h2>Inputs that could not be reviewed ({len(errors)})</h2><table><tr><th>source</th>"
                     f"<th>code</th><th>message</th></tr>{rows}</table>")
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\"><meta name=\"referrer\" content=\"no-referrer\">"
            f"<title>{esc(title)}</title><style>{CSS}{_OVERVIEW_CSS}</style></head>"
            f"<body><div class=\"gxr\">{''.join(parts)}</div></body></html>\n")


def _distributions(reviewed: list[dict[str, Any]]) -> str:
    out = ["<h2>Score distributions</h2>"]
    for label, key, top, bins in DISTRIBUTIONS:
        vals = [v for d in reviewed if (v := _score(d, key)) is not None]
        if not vals:
            out.append(f"<h3>{esc(label)}</h3><p class=muted>not assessed for any report</p>")
            continue
        hist = [0] * bins
        for v in vals:
            hist[min(bins - 1, max(0, int(v / top * bins)))] += 1
        peak = max(hist) or 1
        rows = []
        for i, n in enumerate(hist):
            lo, hi = top * i / bins, top * (i + 1) / bins
            rows.append(f"<tr><td class=num>{_fmt(lo)}–{_fmt(hi)}</td><td class=num>{n}</td><td>{_bar(n / peak)}</td></tr>")
        stats = (f"n={len(vals)}, min {_fmt(min(vals))}, median {_fmt(float(statistics.median(vals)))}, "
                 f"max {_fmt(max(vals))}")
        out.append(f"<h3>{esc(label)}</h3><p class=muted>{esc(stats)}</p><table>{''.join(rows)}</table>")
    return "".join(out)


def _frequent_findings(reviewed: list[dict[str, Any]]) -> str:
    total: Counter[str] = Counter()
    reports: Counter[str] = Counter()
    sev: dict[str, str] = {}
    for d in reviewed:
        codes = [f.get("code") for f in d.get("findings") or ()]
        total.update(codes)
        reports.update(set(codes))
        for f in d.get("findings") or ():
            sev.setdefault(f.get("code"), f.get("severity"))
    if not total:
        return "<h2>Most frequent findings</h2><p class=muted>No findings in any report.</p>"
    n = max(1, len(reviewed))
    top = sorted(total, key=lambda c: (-reports[c], -total[c], c))[:TOP_CODES_N]
    rows = "".join(
        f"<tr><td>{esc(c)}</td><td>{esc(FINDING_CODES[c].name if c in FINDING_CODES else '')}</td>"
        f"<td>{esc(sev.get(c))}</td><td class=num>{reports[c]}</td><td class=num>{total[c]}</td>"
        f"<td>{_bar(reports[c] / n, 'sev-' + str(sev.get(c)))} {round(100 * reports[c] / n)}%</td></tr>" for c in top)
    return ("<h2>Most frequent findings</h2><table><tr><th>code</th><th>name</th><th>severity</th><th>reports</th>"
            f"<th>findings</th><th>share of reports</th></tr>{rows}</table>")


def _worst_key(d: dict[str, Any]):
    q = _score(d, "quality")
    c = _counts(d)
    return (q is None, q if q is not None else 0, -c["error"], -c["warning"], str(d.get("source")))


def _worst(reviewed: list[dict[str, Any]]) -> str:
    if not reviewed:
        return ""
    rows = []
    for d in sorted(reviewed, key=_worst_key)[:WORST_N]:
        rep = d.get("report") or {}
        c = _counts(d)
        fs = sorted(d.get("findings") or (), key=lambda f: -SEVERITY_RANK.get(f.get("severity"), 0))
        main = ", ".join(dict.fromkeys(f.get("code") for f in fs))
        grade = ((d.get("scores") or {}).get("quality") or {}).get("grade") if isinstance((d.get("scores") or {}).get("quality"), dict) else None
        rows.append(f"<tr><td>{esc(d.get('source'))}</td><td>{esc(rep.get('org'))}</td><td>{esc(rep.get('year'))}</td>"
                    f"<td class=num>{esc(_fmt(_score(d, 'quality')))}</td><td>{esc(grade or '')}</td>"
                    f"<td class=num>{esc(_fmt(_score(d, 'completeness')))}</td><td class=num>{esc(_fmt(_score(d, 'reuse')))}</td>"
                    f"<td class=num>{c['error']}</td><td class=num>{c['warning']}</td><td class=num>{c['info']}</td>"
                    f"<td>{esc(main[:200])}</td></tr>")
    return ("<h2>Worst reports</h2><p class=muted>By quality (lowest first), then errors and warnings.</p>"
            "<table><tr><th>source</th><th>agency</th><th>year</th><th>quality</th><th>grade</th><th>completeness</th>"
            "<th>reuse</th><th>errors</th><th>warnings</th><th>info</th><th>codes</th></tr>" + "".join(rows) + "</table>")


def _triage(triage: list[Any]) -> str:
    rows = [r if isinstance(r, dict) else dict(enumerate(r)) for r in triage]
    cols: list[Any] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    head = "".join(f"<th>{esc(c)}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{esc(_cell(r.get(c)))}</td>" for c in cols) + "</tr>" for r in rows[:TRIAGE_N])
    more = f"<p class=muted>… {len(rows) - TRIAGE_N} more in triage.csv</p>" if len(rows) > TRIAGE_N else ""
    return f"<h2>Triage (worst first)</h2><table><tr>{head}</tr>{body}</table>{more}"


def _cell(v: Any) -> str:
    if isinstance(v, (list, tuple)):
        return "; ".join(_cell(x) for x in v if x not in (None, ""))
    return "" if v is None else _fmt(v)


def _trends(reviewed: list[dict[str, Any]]) -> str:
    by_agency: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    names: dict[str, str] = {}
    for d in reviewed:
        rep = d.get("report") or {}
        key, year = rep.get("org_key") or rep.get("org"), rep.get("year")
        if not key or not isinstance(year, int):
            continue
        names.setdefault(key, rep.get("org") or key)
        by_agency[key].setdefault(year, d)
    multi = {k: v for k, v in by_agency.items() if len(v) >= 2}
    if not multi:
        return "<h2>Per-agency trends</h2><p class=muted>No agency has reports for two or more years.</p>"
    years = sorted({y for v in multi.values() for y in v})
    head = "".join(f"<th>{y}</th>" for y in years)
    rows = []
    for key in sorted(multi):
        cells = []
        for y in years:
            d = multi[key].get(y)
            if d is None:
                cells.append("<td></td>")
                continue
            q, ru, c = _score(d, "quality"), _score(d, "reuse"), _counts(d)
            reuse = f"<br>reuse {_fmt(ru)} {_bar(ru, 'sev-warning' if ru >= 0.6 else '', 60)}" if ru is not None else ""
            cells.append(f"<td class=trend>Q {esc(_fmt(q))} · E{c['error']} W{c['warning']}{reuse}</td>")
        rows.append(f"<tr><th>{esc(names[key])}</th>{''.join(cells)}</tr>")
    return ("<h2>Per-agency trends</h2><p class=muted>Quality (Q), errors (E), warnings (W) and reuse from the prior "
            f"year, per agency with two or more years.</p><table><tr><th>agency</th>{head}</tr>{''.join(rows)}</table>")
