"""Findings, check outcomes, figures and the review result (contract §2), JSON-serialisable.

A problem in a report is a :class:`Finding`; every evaluated rule outcome is a :class:`Check`.
:class:`ReviewResult` is what :func:`gxreview.review` returns; :meth:`ReviewResult.to_dict` is
exactly the contract's JSON object.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import orjson as _orjson

from .codes import SEVERITY_RANK, info
from .document import ReportInfo, Section

SCHEMA_VERSION = 1
STATUSES = ("PASS", "FAIL", "UNCERTAIN", "NOT_ASSESSABLE")
# dataclasses go through _default (their to_dict), as with json; int keys become strings, as with json
# (OPT_NON_STR_KEYS costs ~30% of the encoding on a result, whose keys are all str: it is only the
# retry, after orjson refused a non-str key)
_ORJSON_OPTS = _orjson.OPT_PASSTHROUGH_DATACLASS
_ORJSON_KEYS_OPTS = _ORJSON_OPTS | _orjson.OPT_NON_STR_KEYS


@dataclass(frozen=True)
class Finding:
    """A problem found in a report, with the evidence an auditor needs to check it."""

    code: str
    message: str
    severity: str = ""  # default from the catalogue when empty
    section: str | None = None
    start: int | None = None
    end: int | None = None
    evidence: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ci = info(self.code)
        if not self.severity:
            object.__setattr__(self, "severity", ci.severity)
        if self.severity not in SEVERITY_RANK:
            raise ValueError(f"severity must be error|warning|info, got {self.severity!r}")

    @property
    def name(self) -> str:
        return info(self.code).name

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "section": self.section,
            "start": self.start,
            "end": self.end,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class Check:
    """The outcome of one evaluated rule (PASS / FAIL / UNCERTAIN / NOT_ASSESSABLE)."""

    rule: str
    status: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "status": self.status, "evidence": self.evidence}


@dataclass(frozen=True)
class Figure:
    """A quantity claimed in running text (contract §2 ``figures``)."""

    text: str
    value: float | int
    unit: str | None
    kind: str  # count | percent | money | growth | ratio
    qualifier: str  # exact | more_than | at_least | approx | less_than | at_most
    low: float | int | None
    high: float | int | None
    metric: str | None
    metrics: tuple[str, ...] | None
    section: str | None
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "kind": self.kind,
            "qualifier": self.qualifier,
            "low": self.low,
            "high": self.high,
            "metric": self.metric,
            "metrics": list(self.metrics) if self.metrics is not None else None,
            "section": self.section,
            "start": self.start,
            "end": self.end,
        }


TABLE_KEYS = ("proactive", "applications", "appeals", "processing_fee")


@dataclass
class ReviewResult:
    """Everything a review found about one report. ``to_dict()`` is the contract's JSON object."""

    source: str
    report: ReportInfo
    sections: list[Section]
    tables: dict[str, Any]
    table_details: dict[str, Any]
    figures: list[Figure]
    checks: list[Check]
    findings: list[Finding]
    scores: dict[str, Any]
    summary: dict[str, Any]
    text: str | None = None  # the normalised text (always kept in memory; serialised on request)

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "source": self.source,
            "report": self.report.to_dict(),
            "sections": [s.to_dict() for s in self.sections],
            "tables": {k: self.tables.get(k) for k in TABLE_KEYS},
            "table_details": self.table_details,
            "figures": [f.to_dict() for f in self.figures],
            "checks": [c.to_dict() for c in self.checks],
            "findings": [f.to_dict() for f in self.findings],
            "scores": self.scores,
            "summary": self.summary,
        }
        if include_text:
            d["text"] = self.text
        return d

    def to_json(self, include_text: bool = False, indent: int | None = None) -> str:
        return dumps(self.to_dict(include_text=include_text), indent=indent)

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def worst_severity(self) -> str | None:
        if not self.findings:
            return None
        return max(self.findings, key=lambda f: SEVERITY_RANK[f.severity]).severity

    # notebook integration (implemented in gxreview.render / gxreview.frames)
    def _repr_html_(self) -> str:
        from .render.html import render_html_fragment

        return render_html_fragment(self)

    def to_frame(self, what: str = "findings"):  # -> pandas.DataFrame
        """Findings (``what="findings"``), figures, checks or sections as a DataFrame with fixed columns."""
        from .frames import result_frame

        return result_frame(self, what)


@dataclass(frozen=True)
class ErrorResult:
    """Replaces a result when no report text could be recovered (contract §1 error objects)."""

    source: str
    code: str
    message: str

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION, "source": self.source, "error": {"code": self.code, "message": self.message}}

    def to_json(self, include_text: bool = False, indent: int | None = None) -> str:
        return dumps(self.to_dict(), indent=indent)


def dumps(obj: Any, indent: int | None = None) -> str:
    """Deterministic JSON text: stable key order as built; NaN and infinities are never written.
    ``indent=None`` gives the compact line of :func:`dumps_bytes`; an indent, :mod:`json`'s layout."""
    if indent is None:
        return dumps_bytes(obj).decode("utf-8")
    return json.dumps(obj, ensure_ascii=False, indent=indent, allow_nan=False, default=_default,
                      check_circular=False)


def dumps_bytes(obj: Any) -> bytes:
    """A compact JSON line as UTF-8 bytes, through orjson (a result is ~50 KB of JSON and this is on
    batch's hot path: ~6x faster than :mod:`json`), which writes NaN/inf as null; what it refuses
    (an integer beyond 64 bits) is left to :mod:`json` with the same compact separators."""
    try:
        return _orjson.dumps(obj, default=_default, option=_ORJSON_OPTS)
    except _orjson.JSONEncodeError:
        pass
    try:
        return _orjson.dumps(obj, default=_default, option=_ORJSON_KEYS_OPTS)
    except _orjson.JSONEncodeError:
        return json.dumps(obj, ensure_ascii=False, allow_nan=False, default=_default, check_circular=False,
                          separators=(",", ":")).encode("utf-8")


def _default(o: Any) -> Any:
    if hasattr(o, "to_dict"):
        return o.to_dict()
    if isinstance(o, (set, frozenset)):
        return sorted(o)
    if isinstance(o, tuple):
        return list(o)
    try:
        import numpy as np

        if isinstance(o, np.integer):
            return int(o)
        if isinstance(o, np.floating):
            return float(o)
    except ImportError:  # pragma: no cover
        pass
    raise TypeError(f"not JSON-serialisable: {type(o).__name__}")
