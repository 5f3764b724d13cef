"""Own-history reuse: the report's narrative against its prior year's (contract §2 ``scores.reuse``)."""

from __future__ import annotations

from typing import Any

from .align import Match, align, stale_years
from .narrative import Unit, units_of

HIGH = 0.6  # GX-B101 threshold on the reuse value
LOW = 0.3
STRONG = 0.85  # from here GX-B101 is an error
MIN_WHOLE_SECTION_CHARS = 60  # a "whole section" needs this much non-template text…
MIN_WHOLE_SECTION_UNITS = 2  # …in at least this many sentences
EXCERPT = 80


def _excerpt(s: str) -> str:
    return s if len(s) <= EXCERPT else s[: EXCERPT - 1] + "…"


def _runs(matches: list[Match], units: list[Unit]) -> list[list[Match]]:
    """Consecutive matched sentences whose partners are consecutive too, in one section."""
    runs: list[list[Match]] = []
    for m in matches:
        if runs:
            last = runs[-1][-1]
            if m.i == last.i + 1 and m.j == last.j + 1 and units[m.i].section == units[last.i].section:
                runs[-1].append(m)
                continue
        runs.append([m])
    return runs


def own_history(a) -> dict[str, Any] | None:
    """``scores.reuse`` for a report with a known prior (None without one); memoised."""
    if a.prior is None:
        return None
    if "reuse.history" in a.cache:
        return a.cache["reuse.history"]
    p = a.prior
    punits = units_of(p)  # first: a's units reuse the forms of the sentences it repeats
    units = units_of(a)
    matches = align(units, punits)
    counted = [u for u in units if not u.template]
    total = sum(u.chars for u in counted)
    reused = sum(units[m.i].chars for m in matches)
    sections: dict[str, dict[str, Any]] = {}
    for u in counted:
        s = sections.setdefault(u.section or "extra", {"value": 0.0, "chars": 0, "reused_chars": 0,
                                                      "sentences": 0, "reused_sentences": 0})
        s["chars"] += u.chars
        s["sentences"] += 1
    for m in matches:
        s = sections[units[m.i].section or "extra"]
        s["reused_chars"] += units[m.i].chars
        s["reused_sentences"] += 1
    for s in sections.values():
        s["value"] = round(s["reused_chars"] / s["chars"], 4) if s["chars"] else 0.0
    passages = []
    all_stale: list[dict[str, Any]] = []
    for run in _runs(matches, units):
        us = [units[m.i] for m in run]
        vs = [punits[m.j] for m in run]
        sents = []
        stale: list[dict[str, Any]] = []
        for m, u, v in zip(run, us, vs, strict=True):
            sents.append({"start": u.start, "end": u.end, "prior_start": v.start, "prior_end": v.end,
                          "ratio": m.ratio, "edit": m.edit})
            for y, s0, e0 in stale_years(u, v, a.year, p.year):
                stale.append({"year": y, "start": s0, "end": e0, "text": a.text[s0:e0]})
        all_stale += stale
        passages.append({
            "start": us[0].start, "end": us[-1].end, "section": us[0].section,
            "source": p.doc.source, "prior_start": vs[0].start, "prior_end": vs[-1].end,
            "chars": sum(u.chars for u in us), "ratio": min(m.ratio for m in run),
            "year_only": sum(m.edit == "years_only" for m in run), "stale_years": stale,
            "text": _excerpt(a.text[us[0].start:us[-1].end]), "sentences": sents,
        })
    whole = _whole_sections_year_only(matches, units, punits)
    result = {
        "value": round(reused / total, 4) if total else 0.0,
        "prior": p.doc.source,
        "prior_year": p.year,
        "chars": total,
        "reused_chars": reused,
        "sections": sections,
        "passages": passages,
        "year_only_sentences": sum(m.edit == "years_only" for m in matches),
        "stale_years": all_stale,
        "whole_sections_year_only": whole,
    }
    a.cache["reuse.history"] = result
    return result


def _whole_sections_year_only(matches: list[Match], units: list[Unit], punits: list[Unit]) -> list[str]:
    """Prior sections whose every non-template sentence reappears with only its years changed."""
    edits: dict[int, set[str]] = {}
    for m in matches:
        edits.setdefault(m.j, set()).add(m.edit)
    by_section: dict[str, list[int]] = {}
    for j, v in enumerate(punits):
        if not v.template:
            by_section.setdefault(v.section or "extra", []).append(j)
    out = []
    for key, js in by_section.items():
        if len(js) < MIN_WHOLE_SECTION_UNITS or sum(punits[j].chars for j in js) < MIN_WHOLE_SECTION_CHARS:
            continue
        if all(edits.get(j, set()) & {"identical", "years_only"} for j in js) and \
                any("years_only" in edits.get(j, set()) for j in js):
            out.append(key)
    return out


def b101_severity(r: dict[str, Any]) -> str:
    """Severity grows with the share; year-only edits make it strongest."""
    if r["value"] >= STRONG or r["whole_sections_year_only"] or r["year_only_sentences"]:
        return "error"
    return "warning"
