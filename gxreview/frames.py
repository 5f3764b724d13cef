"""DataFrames for notebooks: one result (:meth:`ReviewResult.to_frame`) or many (:func:`results_frame`).

Columns are fixed per kind (:data:`COLUMNS`) whatever the report holds, so frames of different
reports concatenate and an empty result still has the right columns. Results may be
:class:`~gxreview.findings.ReviewResult`, :class:`~gxreview.findings.ErrorResult` or contract JSON
dicts (``reviews.jsonl`` lines), error objects included. pandas is imported lazily.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

_ID = ["source", "org", "org_key", "year"]

#: The fixed columns of each kind of frame.
COLUMNS: dict[str, list[str]] = {
    "findings": _ID + ["code", "name", "severity", "section", "start", "end", "message", "evidence"],
    "figures": _ID + ["text", "value", "unit", "kind", "qualifier", "low", "high", "metric", "metrics",
                      "section", "start", "end"],
    "checks": _ID + ["rule", "status", "evidence"],
    "sections": _ID + ["key", "number", "heading", "start", "end"],
    "scores": _ID + ["quality", "grade", "timeliness", "accuracy", "completeness", "originality",
                     "specificity", "reuse", "n_error", "n_warning", "n_info", "error_code"],
}
KINDS = tuple(COLUMNS)
_QUALITY_PARTS = ("timeliness", "accuracy", "completeness", "originality", "specificity")


def _as_dict(result: Any) -> dict[str, Any]:
    if isinstance(result, dict):
        return result
    if hasattr(result, "to_dict"):
        return result.to_dict()
    raise TypeError(f"result must be a ReviewResult, ErrorResult or contract dict, got {type(result).__name__}")


def result_rows(result: Any, what: str = "findings") -> list[dict[str, Any]]:
    """The rows (dicts with :data:`COLUMNS` [what] keys) for one result."""
    if what not in COLUMNS:
        raise ValueError(f"what must be one of {', '.join(KINDS)}, got {what!r}")
    d = _as_dict(result)
    rep = d.get("report") or {}
    ident = {"source": d.get("source"), "org": rep.get("org"), "org_key": rep.get("org_key"), "year": rep.get("year")}
    cols = COLUMNS[what]
    err = d.get("error")
    if what == "scores":
        return [_score_row(d, ident, cols)]
    if err:
        if what == "findings":  # an input that could not be reviewed shows up as one error row
            return [{**dict.fromkeys(cols), **ident, "code": err.get("code"), "name": "input-error",
                     "severity": "error", "message": err.get("message")}]
        return []
    items = d.get(what) or []
    rows = []
    for it in items:
        row = {**dict.fromkeys(cols), **ident}
        for c in cols[len(_ID):]:
            v = it.get(c)
            if c == "evidence":
                v = json.dumps(v, ensure_ascii=False, sort_keys=True) if v else None
            elif c == "metrics" and v is not None:
                v = ",".join(v)
            row[c] = v
        rows.append(row)
    return rows


def _score_row(d: dict[str, Any], ident: dict[str, Any], cols: list[str]) -> dict[str, Any]:
    row = {**dict.fromkeys(cols), **ident}
    if d.get("error"):
        row["error_code"] = d["error"].get("code")
        return row
    scores = d.get("scores") or {}
    q = scores.get("quality") or {}
    row["quality"] = q.get("value")
    row["grade"] = q.get("grade")
    comps = q.get("components") or {}
    for part in _QUALITY_PARTS:
        v = comps.get(part)
        row[part] = v.get("value") if isinstance(v, dict) else v
    if row["completeness"] is None and isinstance(scores.get("completeness"), dict):
        row["completeness"] = scores["completeness"].get("value")
    if isinstance(scores.get("reuse"), dict):
        row["reuse"] = scores["reuse"].get("value")
    for f in d.get("findings") or ():
        key = f"n_{f.get('severity')}"
        if key in row:
            row[key] = (row[key] or 0) + 1
    for sev in ("error", "warning", "info"):
        row[f"n_{sev}"] = row[f"n_{sev}"] or 0
    return row


def result_frame(result: Any, what: str = "findings"):
    """One result as a DataFrame with the fixed columns of ``what`` (findings, figures, checks, sections, scores)."""
    return results_frame([result], what)


def results_frame(results: Iterable[Any], what: str = "findings"):
    """Many results (error objects included) concatenated into one DataFrame with fixed columns."""
    import pandas as pd

    if what not in COLUMNS:
        raise ValueError(f"what must be one of {', '.join(KINDS)}, got {what!r}")
    rows: list[dict[str, Any]] = []
    for r in results:
        rows.extend(result_rows(r, what))
    df = pd.DataFrame(rows, columns=COLUMNS[what])
    for c in ("year", "start", "end", "n_error", "n_warning", "n_info"):
        if c in df.columns:
            df[c] = df[c].astype("Int64")
    return df
