"""Fact sheet per report (always in ``summary.facts``) and the extractive summary (on request)."""

from __future__ import annotations

from typing import Any


def fact_sheet(a, result) -> dict[str, Any]:
    """The per-report fact sheet: issuer, year, sections, findings by severity, scores."""
    info = a.info
    return {
        "org": info.org,
        "year": info.year,
        "issuer_type": info.issuer_type,
        "format": info.format,
        "sections": [s.key for s in a.sections if s.key not in ("preamble",)],
        "findings": {sev: result.count(sev) for sev in ("error", "warning", "info")},
        "codes": sorted({f.code for f in result.findings}),
    }


def summary_text(a) -> str | None:
    """Extractive summary of the narrative (a few key sentences in document order)."""
    return None
