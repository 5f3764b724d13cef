"""The overall quality score (contract §2 ``scores.quality``), grades and the triage order.

The 2021 national format holds an agency responsible for four failures: 不按时发布 (timeliness),
发布内容不准确不全面 (accuracy, completeness), 内容雷同 (originality) and 敷衍塞责 (specificity). Each
is a sub-score 0–100 built from the review's own checks and findings; the weights are declared once
in :data:`WEIGHTS`. A sub-score that cannot be assessed (no publication date, no prior report) is
left out and the others are renormalised. Grade ceilings (:data:`SEVERITY_CEILING`) keep a report
with an error- or warning-level finding below the grade a clean report can reach. See
docs/scoring.md for the rationale and a worked example.

``python -m gxreview.quality rank DIR [-o FILE]`` writes the corpus ranking (docs/corpus-ranking.md).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .registry import scorer

# Sub-score weights (sum 100). Rationale in docs/scoring.md: accuracy and completeness together are
# the format's "不准确不全面" and weigh most; the other three failure modes weigh the same.
WEIGHTS: dict[str, float] = {
    "timeliness": 15,
    "accuracy": 30,
    "completeness": 25,
    "originality": 15,
    "specificity": 15,
}
# Grade bands (lower bound inclusive), best first.
GRADES: tuple[tuple[str, float], ...] = (("优", 85.0), ("良", 70.0), ("中", 60.0), ("差", 0.0))
# The highest value a report may get while it has a finding of this severity (a grade ceiling):
# a warning keeps a report out of 优, an error out of 良 and 优.
SEVERITY_CEILING: dict[str, float] = {"error": 64.9, "warning": 79.9}

# Accuracy: points taken per finding of these families on top of the failed-check share.
ACCURACY_CODES = re.compile(r"^GX-(?:T\d|C10[1-6]|Y101|P102|P103|X002)")
ACCURACY_PENALTY: dict[str, float] = {"error": 20.0, "warning": 10.0, "info": 2.0}
# Checks that measure something else than accuracy (structure, completeness, timeliness, input).
NON_ACCURACY_CHECKS = re.compile(r"^(?:S\d|N10|P101|input|B\d|reuse|completeness)")
# Timeliness: a late report starts at LATE_BASE and loses one point per day late.
LATE_BASE = 50.0
# Specificity: share of narrative sentences with an anchor that earns full marks, and the cost of
# each GX-N102 (an empty, placeholder, one-line or generic required narrative).
SPECIFIC_SHARE_FULL = 0.6
N102_PENALTY = 25.0
# Originality: cost of each GX-B102 (passages shared with another agency), at most two counted.
B102_PENALTY = 15.0
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def grade(value: float) -> str:
    """The grade band of a quality value."""
    return next(g for g, lo in GRADES if value >= lo)


def _severity(x: Any) -> str:
    return x["severity"] if isinstance(x, dict) else x.severity


@lru_cache(maxsize=8192)  # rule names recur across reports
def _non_accuracy_check(rule: str) -> bool:
    return bool(NON_ACCURACY_CHECKS.match(rule))


@lru_cache(maxsize=1024)
def _accuracy_code(code: str) -> bool:
    return bool(ACCURACY_CODES.match(code))


def _timeliness(checks, findings) -> dict[str, Any] | None:
    c = next((c for c in checks if c.rule == "P101"), None)
    if c is None or c.status == "NOT_ASSESSABLE":
        return None
    ev = c.evidence
    if c.status == "PASS":
        return {"value": 100.0, "because": [f"published {ev.get('published')} by the deadline {ev.get('deadline')}"]}
    late = int(ev.get("days_late") or 0)
    return {"value": max(0.0, LATE_BASE - late),
            "because": [f"GX-P101: published {ev.get('published')}, {late} day(s) after {ev.get('deadline')}"]}


def _accuracy(checks, findings) -> dict[str, Any] | None:
    relevant = [c for c in checks if c.status in ("PASS", "FAIL") and not _non_accuracy_check(c.rule)]
    passed = sum(1 for c in relevant if c.status == "PASS")
    failed = len(relevant) - passed
    bad = [f for f in findings if _accuracy_code(f.code)]
    if not relevant and not bad:
        return None
    share = 100.0 * passed / len(relevant) if relevant else 100.0
    penalty = sum(ACCURACY_PENALTY[f.severity] for f in bad)
    because = [f"{passed} of {len(relevant)} checks passed"] + [f"{f.code}: {f.message}" for f in bad]
    return {"value": round(max(0.0, share - penalty), 1), "checks_passed": passed, "checks_failed": failed,
            "because": because}


def _completeness(scores) -> dict[str, Any] | None:
    c = scores.get("completeness")
    if not c:
        return None
    lost = [(v["max"] - v["points"], k, v["evidence"].get("reason", "")) for k, v in c["components"].items()
            if v["points"] < v["max"]]
    lost.sort(key=lambda t: (-t[0], t[1]))
    because = [f"{k} −{p:g}: {r}" for p, k, r in lost] or ["every completeness component earned its full points"]
    return {"value": float(c["value"]), "because": because}


def _originality(scores, findings) -> dict[str, Any] | None:
    r = scores.get("reuse")
    shared = [f for f in findings if f.code == "GX-B102"]
    if not r and not shared:
        return None
    because = []
    value = 100.0
    if r and r.get("value") is not None:
        value = 100.0 * (1.0 - float(r["value"]))
        because.append(f"reuse {float(r['value']):.2f} of the narrative vs {r.get('prior')}")
    because += [f"{f.code}: {f.message}" for f in findings if f.code in ("GX-B101", "GX-B103")]
    value -= B102_PENALTY * min(2, len(shared))
    because += [f"GX-B102: {f.message}" for f in shared]
    return {"value": round(max(0.0, value), 1), "because": because}


def _specificity(a, findings) -> dict[str, Any] | None:
    from .checks.narrative import specificity

    sp = specificity(a)
    n102 = [f for f in findings if f.code == "GX-N102"]
    if not sp["sentences"] and not n102:
        return None
    share = sp["specific"] / sp["sentences"] if sp["sentences"] else 0.0
    value = 100.0 * min(1.0, share / SPECIFIC_SHARE_FULL) - N102_PENALTY * len(n102)
    because = [f"{sp['specific']} of {sp['sentences']} narrative sentences name a figure, document, platform or column"]
    because += [f"GX-N102: {f.message}" for f in n102]
    return {"value": round(max(0.0, value), 1), "specific_share": round(share, 3), "because": because}


def quality_from(components: dict[str, dict[str, Any] | None], findings) -> dict[str, Any]:
    """Combine assessable sub-scores with :data:`WEIGHTS` (renormalised) and apply the grade ceiling."""
    present = {k: v for k, v in components.items() if v is not None}
    total_w = sum(WEIGHTS[k] for k in present)
    raw = sum(WEIGHTS[k] * v["value"] for k, v in present.items()) / total_w if total_w else 0.0
    value = raw
    ceiling = None
    worst = min((SEVERITY_ORDER[_severity(f)] for f in findings), default=3)
    for sev, cap in SEVERITY_CEILING.items():
        if SEVERITY_ORDER[sev] == worst and value > cap:
            value, ceiling = cap, {"severity": sev, "ceiling": cap}
    out: dict[str, Any] = {
        "value": round(value, 1),
        "grade": grade(round(value, 1)),
        "components": {k: {**v, "weight": WEIGHTS[k] / total_w if total_w else 0.0} for k, v in present.items()},
        "raw": round(raw, 1),
        "not_assessed": sorted(k for k in WEIGHTS if k not in present),
    }
    if ceiling:
        out["ceiling"] = ceiling
    return out


@scorer("quality", order=90)
def quality(a, ctx: dict[str, Any]) -> dict[str, Any]:
    """Overall quality 0–100 from timeliness, accuracy, completeness, originality (1 − reuse) and
    specificity (weights in gxreview.quality.WEIGHTS, unassessable ones left out and the rest
    renormalised); graded 优 ≥ 85, 良 ≥ 70, 中 ≥ 60, 差 below; a warning-level finding caps the value at
    79.9 and an error-level one at 64.9. See docs/scoring.md."""
    findings, checks, scores = ctx["findings"], ctx["checks"], ctx["scores"]
    comps = {
        "timeliness": _timeliness(checks, findings),
        "accuracy": _accuracy(checks, findings),
        "completeness": _completeness(scores),
        "originality": _originality(scores, findings),
        "specificity": _specificity(a, findings),
    }
    return quality_from(comps, findings)


# --------------------------------------------------------------------------------------------
# reasons and triage (used by batch's triage.csv and by the ranking page)
# --------------------------------------------------------------------------------------------


def top_reasons(result: dict[str, Any], n: int = 3) -> list[str]:
    """The ``n`` main reasons a report lost quality, worst first (deterministic).

    Findings of error then warning severity come first (a code, its message), then the completeness
    components that lost the most points, then info findings.
    """
    if "error" in result and "report" not in result:
        err = result["error"]
        return [f"{err.get('code')}: {err.get('message')}"][:n]
    reasons: list[tuple[tuple, str]] = []
    seen: set[str] = set()
    for f in result.get("findings", []):
        if f["severity"] == "info":
            continue
        key = f"{f['code']}|{f['message']}"
        if key in seen:
            continue
        seen.add(key)
        reasons.append(((SEVERITY_ORDER[f["severity"]], 0, f["code"], f.get("start") or 0), f"{f['code']} {f['name']}: {f['message']}"))
    comp = (result.get("scores") or {}).get("completeness") or {}
    for name, v in (comp.get("components") or {}).items():
        lost = v["max"] - v["points"]
        if lost > 0:
            reasons.append(((2, -lost, name, 0), f"completeness {name} −{lost:g}: {v['evidence'].get('reason', '')}"))
    q = (result.get("scores") or {}).get("quality") or {}
    if "timeliness" in q.get("not_assessed", []):
        reasons.append(((4, 0, "timeliness", 0), "timeliness not assessed: publication date or issuer type unknown"))
    for f in result.get("findings", []):
        if f["severity"] == "info":
            reasons.append(((3, 0, f["code"], f.get("start") or 0), f"{f['code']} {f['name']}: {f['message']}"))
    reasons.sort(key=lambda t: t[0])
    out: list[str] = []
    for _, text in reasons:
        if text not in out:
            out.append(text)
        if len(out) == n:
            break
    return out


def triage_key(result: dict[str, Any]) -> tuple:
    """Sort key for the triage list, worst first: quality value, then more errors, more warnings,
    then the source path (ties broken deterministically). Error objects come first."""
    if "report" not in result:
        return (-1.0, 0, 0, result.get("source", ""))
    q = ((result.get("scores") or {}).get("quality") or {}).get("value")
    fs = result.get("findings", [])
    n_err = sum(1 for f in fs if f["severity"] == "error")
    n_warn = sum(1 for f in fs if f["severity"] == "warning")
    return (q if q is not None else -0.5, -n_err, -n_warn, result.get("source", ""))


def score_row(result: dict[str, Any]) -> dict[str, Any]:
    """The quality columns of one ``scores.csv`` row (empty string where not assessable)."""
    q = ((result.get("scores") or {}).get("quality") or {})
    comps = q.get("components") or {}
    row: dict[str, Any] = {"quality": q.get("value", ""), "grade": q.get("grade", "")}
    for k in WEIGHTS:
        row[k] = comps[k]["value"] if k in comps else ""
    return row


# --------------------------------------------------------------------------------------------
# corpus ranking: python -m gxreview.quality rank DIR [-o FILE]
# --------------------------------------------------------------------------------------------

def rank_markdown(folder: str) -> str:
    """The ranking page: every report of ``folder`` by quality, worst first, with its top reasons."""
    from .batch.inputs import discover
    from .cli import review_paths

    items = discover(folder).items  # the reports batch would review, sorted by relative path
    results = [r.to_dict() for r in review_paths([it.path for it in items])]
    for r, it in zip(results, items, strict=True):
        r["source"] = it.source
    results.sort(key=triage_key)
    lines = [
        f"# Corpus ranking: `{folder}` by quality, worst first",
        "",
        f"Generated by `python -m gxreview.quality rank {folder} -o docs/corpus-ranking.md` (do not edit by hand). "
        "Scores and grades are explained in [scoring.md](scoring.md). Ties are broken by more errors, more "
        "warnings, then the file name.",
        "",
        "| rank | report | quality | grade | timeliness | accuracy | completeness | originality | specificity | "
        "errors | warnings | top reasons |",
        "|---:|---|---:|:-:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for i, r in enumerate(results, 1):
        if "report" not in r:
            err = r.get("error", {})
            lines.append(f"| {i} | {r['source']} | — | — | | | | | | | | {err.get('code')}: "
                         f"{_md(err.get('message', ''))} |")
            continue
        row = score_row(r)
        n_err = sum(1 for f in r["findings"] if f["severity"] == "error")
        n_warn = sum(1 for f in r["findings"] if f["severity"] == "warning")
        reasons = "<br>".join(_md(x[:160]) for x in top_reasons(r, 3))
        cells = [_num(row[k]) for k in WEIGHTS]
        lines.append(f"| {i} | {r['source']} | {_num(row['quality'])} | {row['grade']} | " + " | ".join(cells)
                     + f" | {n_err} | {n_warn} | {reasons} |")
    return "\n".join(lines) + "\n"


def _num(v: Any) -> str:
    return "—" if v == "" or v is None else f"{float(v):.1f}"


def _md(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    ap = argparse.ArgumentParser(prog="python -m gxreview.quality")
    sub = ap.add_subparsers(dest="cmd", required=True)
    rk = sub.add_parser("rank", help="rank the reports of a folder by quality (markdown)")
    rk.add_argument("folder")
    rk.add_argument("-o", "--output")
    args = ap.parse_args(argv)
    md = rank_markdown(args.folder)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(md)
    else:
        sys.stdout.write(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def score_breakdown(scores: dict[str, Any]) -> list[str]:
    """Plain lines explaining the scores, for renderers: the quality sub-scores, then every
    completeness component that lost points with its reason."""
    out: list[str] = []
    q = scores.get("quality") or {}
    if q:
        comps = " · ".join(f"{k} {v['value']:g}" for k, v in (q.get("components") or {}).items())
        extra = f"; not assessed: {', '.join(q['not_assessed'])}" if q.get("not_assessed") else ""
        cap = f"; capped at {q['ceiling']['ceiling']:g} ({q['ceiling']['severity']}-level finding)" if q.get("ceiling") else ""
        out.append(f"quality {q.get('value')} ({q.get('grade')}): {comps}{extra}{cap}")
    c = scores.get("completeness") or {}
    for name, v in (c.get("components") or {}).items():
        if v["points"] < v["max"]:
            out.append(f"completeness {name} {v['points']:g}/{v['max']:g}: {v['evidence'].get('reason', '')}")
    return out
