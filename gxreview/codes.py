"""The catalogue of finding codes and input-error codes (contract §1, §3), declared once as data.

Codes are never renumbered or reused. ``rules list`` / ``rules explain`` and the renderers read
this table; the checks refer to codes by string and the registry verifies they exist here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CodeInfo:
    code: str
    name: str
    severity: str  # default severity: "error" | "warning" | "info"
    when: str
    family: str
    explain: str = ""


_FINDINGS: tuple[tuple[str, str, str, str, str], ...] = (
    ("GX-S101", "missing-section", "error", "a required section is absent", "structure"),
    ("GX-S102", "section-order", "warning", "sections out of the official order, duplicated or misnumbered", "structure"),
    ("GX-S103", "heading-not-verbatim", "info", "a heading matched only as a variant or with a typo", "structure"),
    ("GX-S201", "missing-table", "error", "a required table is absent or could not be read", "tables"),
    ("GX-S202", "missing-table-cells", "warning", "required rows/columns/cells missing or blank", "tables"),
    ("GX-S203", "old-format", "warning", "a 2019-format or older table in a report for 2021 or later", "tables"),
    ("GX-T201", "proactive-table-implausible", "warning", "表二 values impossible or implausible", "tables"),
    ("GX-T300", "invalid-cell", "error", "a 表三/表四 cell that is negative, fractional or not a number", "tables"),
    ("GX-T301", "application-balance", "error", "表三: 一 + 二 ≠ 三(（七）总计) + 四, in any column", "tables"),
    ("GX-T302", "row-total-mismatch", "error", "表三: a row's 总计 ≠ sum of its six applicant columns", "tables"),
    ("GX-T303", "outcome-total-mismatch", "error", "表三: （七）总计 ≠ sum of the result rows", "tables"),
    ("GX-T401", "appeal-total-mismatch", "error", "表四: a block's 总计 ≠ 维持+纠正+其他+尚未审结", "tables"),
    ("GX-C100", "claim-unverifiable", "info", "a narrative figure that should match a table but cannot be linked with certainty", "claims"),
    ("GX-C101", "claim-table-mismatch", "error", "a narrative figure contradicts the table", "claims"),
    ("GX-C102", "claim-internal-mismatch", "warning", "narrative figures contradict each other (parts vs whole, stated share, >100%)", "claims"),
    ("GX-C103", "growth-mismatch", "warning", "a stated change contradicts the prior-year report", "claims"),
    ("GX-C104", "carry-over-mismatch", "error", "上年结转 ≠ last year's 结转下年度继续办理", "tables"),
    ("GX-C105", "fee-statement-mismatch", "warning", "the 信息处理费 statement contradicts 表三 （六）2 or the fee table", "claims"),
    ("GX-C106", "in-force-continuity", "info", "表二 现行有效 ≠ last year's + 本年制发 − 本年废止", "tables"),
    ("GX-Y101", "year-mismatch", "warning", "title, statistics period, own-year narrative or plan year inconsistent with the report year", "period"),
    ("GX-N101", "numbering-gap", "info", "（一）…（四） or 一是…三是 numbering skips or repeats", "structure"),
    ("GX-N102", "generic-content", "warning", "a required narrative is empty, a placeholder (无/暂无问题) or generic", "narrative"),
    ("GX-B101", "reused-from-prior-year", "warning", "reuse value ≥ 0.6, or a whole prior section reused with only its years changed", "reuse"),
    ("GX-B102", "shared-across-agencies", "warning", "passages shared with another agency beyond template text", "reuse"),
    ("GX-B103", "same-table-as-prior-year", "warning", "every table figure identical to the prior year, not all zero", "tables"),
    ("GX-P101", "late-publication", "warning", "published after the deadline for its issuer type", "timeliness"),
    ("GX-P102", "signing-date-inconsistent", "info", "signing date impossible for the report year", "timeliness"),
    ("GX-P103", "issuer-mismatch", "warning", "another agency named as the issuer (title, signature)", "timeliness"),
    ("GX-X001", "input-degraded", "warning", "part of the input could not be read; the review is partial", "input"),
    ("GX-X002", "table-ambiguous", "warning", "a table row could be read more than one way", "tables"),
    ("GX-X900", "rule-crashed", "error", "a rule raised; recorded, the review goes on", "internal"),
)

FINDING_CODES: dict[str, CodeInfo] = {c: CodeInfo(c, n, s, w, f) for c, n, s, w, f in _FINDINGS}

ERROR_CODES: dict[str, str] = {
    "E001": "not found or unreadable",
    "E002": "empty",
    "E003": "undecodable or binary",
    "E004": "unsupported format",
    "E005": "over a size or time limit",
    "E006": "corrupt container (DOCX/PDF)",
    "E007": "optional dependency missing",
    "E008": "not a report (no heading, table or statutory phrase of an annual report found)",
}

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {"info": 1, "warning": 2, "error": 3}


def info(code: str) -> CodeInfo:
    """Return the catalogue entry for ``code``; raise KeyError with a helpful message otherwise."""
    try:
        return FINDING_CODES[code]
    except KeyError:
        raise KeyError(f"unknown finding code {code!r}; known codes: {', '.join(FINDING_CODES)}") from None
