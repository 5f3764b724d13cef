"""Registered reuse rules (GX-B101, GX-B102) and the ``reuse`` scorer."""

from __future__ import annotations

from ..findings import Check, Finding
from ..registry import rule, scorer
from .history import HIGH, b101_severity, own_history


@rule("reuse.prior-year", ("GX-B101",), order=80)
def reused_from_prior_year(a):
    """GX-B101: the narrative repeats the prior year's (masked numbers, years and own name; template
    text left out). Fires when the reuse value is ≥ 0.6 or a whole prior section comes back with only
    its years changed; single year-only sentences are listed in ``scores.reuse.passages`` and make
    the finding an error once it fires, but never fire it alone."""
    r = own_history(a)
    if r is None:
        yield Check("B101[reuse]", "NOT_ASSESSABLE", {"why": "no prior-year report"})
        return
    fired = r["value"] >= HIGH or bool(r["whole_sections_year_only"])
    ev = {"value": r["value"], "threshold": HIGH, "prior": r["prior"], "prior_year": r["prior_year"],
          "whole_sections_year_only": r["whole_sections_year_only"],
          "year_only_sentences": r["year_only_sentences"],
          "stale_years": [{k: s[k] for k in ("year", "start", "end")} for s in r["stale_years"]],
          "sections": {k: v["value"] for k, v in r["sections"].items()}}
    yield Check("B101[reuse]", "FAIL" if fired else "PASS", ev)
    if not fired:
        return
    ps = r["passages"]
    why = f"{r['value']:.0%} of the narrative reappears from {r['prior']}"
    if r["whole_sections_year_only"]:
        why += f"; section(s) {', '.join(r['whole_sections_year_only'])} copied with only the years changed"
    if r["year_only_sentences"]:
        why += f"; {r['year_only_sentences']} sentence(s) differ from last year only by their years"
    if r["stale_years"]:
        why += "; stale year(s) left inside: " + ", ".join(sorted({str(s["year"]) for s in r["stale_years"]}))
    ev["passages"] = [{k: p[k] for k in ("start", "end", "prior_start", "prior_end", "section", "text", "year_only")}
                      for p in sorted(ps, key=lambda p: -p["chars"])[:5]]
    yield Finding("GX-B101", why, b101_severity(r), None, min(p["start"] for p in ps), max(p["end"] for p in ps), ev)


@rule("reuse.cross-agency", ("GX-B102",), order=81)
def shared_across_agencies(a):
    """GX-B102: passages shared with another agency's report beyond template text (needs a reuse
    index, ``--against``). Another agency's name left inside the shared text is the strongest
    evidence and makes it an error."""
    if a.index is None or not hasattr(a.index, "query"):
        return
    for hit in a.index.query(a):
        if not hit.get("fires"):
            continue
        names = hit["foreign_names"]
        msg = (f"{hit['share']:.0%} of the narrative ({hit['shared_chars']} characters) is shared with "
               f"{hit['org'] or hit['source']} ({hit['year']}), beyond template text")
        if names:
            msg += "; that agency's name is left inside: " + "、".join(n["name"] for n in names[:3])
        ps = hit["passages"]
        yield Finding("GX-B102", msg, "error" if names else "warning", None,
                      min(p["start"] for p in ps), max(p["end"] for p in ps),
                      {k: hit[k] for k in ("source", "org", "year", "share", "shared_chars", "jaccard",
                                           "foreign_names", "passages")})


@scorer("reuse", order=20)
def reuse_score(a, ctx):
    """scores.reuse (contract §2): share of narrative characters whose masked sentence has a partner
    (rapidfuzz ratio ≥ 90) in the prior year's narrative; template text left out of both sides.
    Only when a prior is known."""
    return own_history(a)
