"""Configuration: limits, severities and deadlines. Everything that changes a result is here and is
part of the batch resume key (see :func:`Config.digest`)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Limits:
    """Resource limits; inputs over them get E005 (or a partial review where text was recovered)."""

    max_input_bytes: int = 16 * 1024 * 1024  # raw file size
    max_text_chars: int = 2_000_000  # normalised text length reviewed
    max_decompressed_bytes: int = 64 * 1024 * 1024  # DOCX/zip members, total
    max_table_cells: int = 20_000  # cells per grid / per document
    max_pdf_pages: int = 300
    time_per_report_s: float = 60.0  # batch: a worker past this is recorded as E005
    max_line_chars: int = 200_000  # a single line longer than this is truncated with GX-X001


@dataclass(frozen=True)
class Config:
    """Review configuration (defaults follow the contract)."""

    limits: Limits = field(default_factory=Limits)
    severity_overrides: tuple[tuple[str, str], ...] = ()  # (code, severity)
    # deadlines (month, day) in year Y+1 per issuer type, for reports of 2019 onward (contract §4)
    deadline_department: tuple[int, int] = (1, 31)
    deadline_government: tuple[int, int] = (3, 31)
    deadline_legacy: tuple[int, int] = (3, 31)
    reuse_ratio_cutoff: float = 90.0
    reuse_high: float = 0.6
    reuse_low: float = 0.3

    def severity(self, code: str, default: str) -> str:
        for c, s in self.severity_overrides:
            if c == code:
                return s
        return default

    def digest(self) -> str:
        blob = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


DEFAULT_CONFIG = Config()
