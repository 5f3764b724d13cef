"""What batch derives from each result besides its JSON line: the scores row, the findings rows and
the triage entry (contract §1 "batch OUTDIR"). Computed in the worker, stored in the journal."""

from __future__ import annotations

from typing import Any

# contract §1: fixed leading columns of scores.csv / scores.parquet, then further scores, then counts
SCORE_COLUMNS: tuple[str, ...] = ("source", "org", "year", "quality", "grade", "timeliness", "accuracy",
                                  "completeness", "originality", "specificity", "reuse")
QUALITY_COMPONENTS: tuple[str, ...] = ("timeliness", "accuracy", "completeness", "originality", "specificity")
COUNT_COLUMNS: tuple[str, ...] = ("n_error", "n_warning", "n_info", "error_code")
FINDING_COLUMNS: tuple[str, ...] = ("source", "code", "name", "severity", "section", "start", "end", "message")
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
N_REASONS = 3


def number(x: Any) -> float | int | None:
    """A score's number: a bare number, or a dict's ``value`` (then ``score``, ``points``)."""
    if isinstance(x, bool):
        return None
    if isinstance(x, (int, float)):
        return x
    if isinstance(x, dict):
        for k in ("value", "score", "points"):
            v = x.get(k)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                return v
    return None


def score_row(d: dict[str, Any]) -> dict[str, Any]:
    """One scores.csv row from a result (or error object) dict; further scores under ``extra``."""
    if "error" in d:
        row = {c: None for c in SCORE_COLUMNS}
        row.update(source=d["source"], n_error=None, n_warning=None, n_info=None, error_code=d["error"]["code"], extra={})
        return row
    rep = d.get("report") or {}
    scores = d.get("scores") or {}
    q = scores.get("quality") or {}
    comps = q.get("components") if isinstance(q, dict) else None
    comps = comps if isinstance(comps, dict) else {}
    row: dict[str, Any] = {"source": d["source"], "org": rep.get("org"), "year": rep.get("year"),
                           "quality": number(q), "grade": q.get("grade") if isinstance(q, dict) else None}
    for c in QUALITY_COMPONENTS:
        row[c] = number(comps.get(c))
    if row["completeness"] is None:
        row["completeness"] = number(scores.get("completeness"))
    row["reuse"] = number(scores.get("reuse"))
    extra = {k: number(v) for k, v in sorted(scores.items()) if k not in ("quality", "completeness", "reuse")}
    row["extra"] = {k: v for k, v in extra.items() if v is not None}
    sev = [f.get("severity") for f in d.get("findings") or ()]
    row.update(n_error=sev.count("error"), n_warning=sev.count("warning"), n_info=sev.count("info"), error_code=None)
    return row


def finding_rows(d: dict[str, Any]) -> list[list[Any]]:
    """findings.parquet rows (without the leading ``source``) of a result dict."""
    return [[f.get("code"), f.get("name"), f.get("severity"), f.get("section"), f.get("start"), f.get("end"),
             f.get("message")] for f in d.get("findings") or ()]


def triage_entry(result: Any, d: dict[str, Any]) -> dict[str, Any]:
    """Quality, grade, the three main reasons and the quality module's triage key (if it has one)."""
    q = (d.get("scores") or {}).get("quality") or {}
    key = None
    try:
        from ..quality import triage_key  # completeness & quality engineer's ordering

        key = _jsonable(triage_key(d))
    except Exception:
        key = None
    return {"quality": number(q), "grade": q.get("grade") if isinstance(q, dict) else None,
            "reasons": _reasons(d)[:N_REASONS], "key": key}


def _reasons(d: dict[str, Any]) -> list[str]:
    try:
        from ..quality import top_reasons

        return [_reason_text(r) for r in list(top_reasons(d, N_REASONS))[:N_REASONS]]
    except Exception:
        pass
    if "error" in d:
        return [f"{d['error']['code']}: {d['error']['message']}"]
    # fallback: the most severe findings, one per code, in severity then text order
    seen: set[str] = set()
    out: list[str] = []
    fs = sorted(d.get("findings") or (), key=lambda f: (SEVERITY_ORDER.get(f.get("severity"), 9), f.get("start") or 0))
    for f in fs:
        if f.get("severity") == "info" or f.get("code") in seen:
            continue
        seen.add(f["code"])
        out.append(f"{f['code']} {f.get('name', '')}: {f.get('message', '')}")
        if len(out) == N_REASONS:
            break
    return out


def _reason_text(r: Any) -> str:
    if isinstance(r, str):
        return r
    if isinstance(r, dict):
        return str(r.get("text") or r.get("reason") or r.get("message") or r)
    if isinstance(r, (tuple, list)):
        return " ".join(str(x) for x in r)
    return str(r)


def _jsonable(x: Any) -> Any:
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, (str, int, float)) or x is None:
        return x
    return str(x)


def derive(result: Any, d: dict[str, Any]) -> dict[str, Any]:
    """Everything the batch outputs need from one result, small enough to keep for 100k reports."""
    return {"row": score_row(d), "findings": finding_rows(d), "triage": triage_entry(result, d),
            "overview": overview_entry(d)}


def overview_entry(d: dict[str, Any]) -> dict[str, Any]:
    """A light copy of the result for the corpus overview (what it draws: report identity, score
    values and grades, finding codes and severities), small enough to hold for 100k reports."""
    if "error" in d:
        return d
    return {"schema_version": d.get("schema_version"), "source": d["source"], "report": d.get("report"),
            "findings": [{"code": f.get("code"), "name": f.get("name"), "severity": f.get("severity")}
                         for f in d.get("findings") or ()],
            "scores": {k: _light_score(v) for k, v in (d.get("scores") or {}).items()}}


def _light_score(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: v[k] for k in ("value", "grade") if k in v}
    return v
