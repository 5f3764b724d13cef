"""gxreview: review Chinese government information-disclosure annual reports (政府信息公开工作年度报告).

Public API::

    from gxreview import review, load
    result = review("corpora/xiangtan-sjj_2024.txt")
    result.findings, result.scores, result.to_dict()
"""

from .config import Config, Limits
from .document import Document, Grid, GridCell, ReportInfo, Section, Span
from .errors import GxError, InputError, MissingDependency, UsageError
from .findings import Check, ErrorResult, Figure, Finding, ReviewResult
from .io import load, load_bytes, load_text
from .pipeline import Analysis, analyse, review

__all__ = [
    "Analysis",
    "Check",
    "Config",
    "Document",
    "ErrorResult",
    "Figure",
    "Finding",
    "Grid",
    "GridCell",
    "GxError",
    "InputError",
    "Limits",
    "MissingDependency",
    "ReportInfo",
    "ReviewResult",
    "Section",
    "Span",
    "UsageError",
    "analyse",
    "load",
    "load_bytes",
    "load_text",
    "review",
]
__version__ = "0.1.0"
