"""The report model every reader produces: one normalised text, offsets into it, grids, metadata.

Offsets are Python code-point indices into ``Document.text`` (the normalised body). Readers may drop
page chrome from the middle of the raw body; ``Document.offset_map`` maps normalised offsets back
to raw-body offsets (see :meth:`Document.raw_offset`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` in the normalised text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"span must satisfy 0 <= start <= end, got ({self.start}, {self.end})")

    def slice(self, text: str) -> str:
        return text[self.start : self.end]

    def __contains__(self, pos: int) -> bool:  # type: ignore[override]
        return self.start <= pos < self.end


@dataclass(frozen=True)
class GridCell:
    """One cell of a table grid as a reader saw it (HTML/DOCX/PDF/Markdown).

    A merged cell appears once per covered grid position; ``origin`` is the (row, col) of the cell
    that actually holds the text, so the table parser can tell a spanned copy from a real value.
    """

    row: int
    col: int
    text: str
    start: int | None = None  # offsets of the cell text in Document.text (origin cells only)
    end: int | None = None
    origin: tuple[int, int] | None = None  # None when this position is itself the origin
    rowspan: int = 1
    colspan: int = 1

    @property
    def is_origin(self) -> bool:
        return self.origin is None


@dataclass(frozen=True)
class Grid:
    """A table as a rectangular grid of cells, with where it sits in the text."""

    cells: tuple[GridCell, ...]
    n_rows: int
    n_cols: int
    start: int
    end: int
    source: str  # "html" | "docx" | "pdf" | "markdown"

    def rows(self) -> list[list[GridCell]]:
        out: list[list[GridCell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row].append(c)
        for r in out:
            r.sort(key=lambda c: c.col)
        return out


@dataclass(frozen=True)
class Document:
    """A loaded report: normalised body text plus what the reader learned about it."""

    source: str  # as given by the user (path string or a label)
    text: str  # normalised body: what every offset points into
    raw_body: str  # decoded body before character folding (same length pieces, see offset_map)
    kind: str  # "txt" | "md" | "html" | "docx" | "pdf"
    encoding: str | None = None
    meta: dict[str, str] = field(default_factory=dict)  # crawl header / HTML meta / manifest overrides
    grids: tuple[Grid, ...] = ()
    degraded: tuple[str, ...] = ()  # what could not be read (becomes GX-X001)
    offset_map: tuple[tuple[int, int], ...] = ((0, 0),)  # (norm_start, raw_start) of each kept piece
    file_sha256: str | None = None

    def raw_offset(self, pos: int) -> int:
        """Map an offset in ``text`` to the offset in ``raw_body``."""
        starts = [a for a, _ in self.offset_map]
        i = max(0, bisect.bisect_right(starts, pos) - 1)
        norm_start, raw_start = self.offset_map[i]
        return raw_start + (pos - norm_start)


@dataclass(frozen=True)
class Section:
    """One of the report's parts, found by its heading."""

    key: str  # preamble | overview | proactive | applications | appeals | problems | other | extra
    number: str | None  # "一" … as written, None when the heading lost its number
    heading: str  # the heading text as written ("" for the preamble)
    start: int  # start of the heading (or of the text for the preamble)
    end: int  # end of the section body
    body_start: int  # first character after the heading
    verbatim: bool = True  # heading equals the official wording
    matched: str = ""  # the official heading it was matched to
    how: str = "exact"  # exact | variant | fuzzy | unnumbered

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "number": self.number, "heading": self.heading, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class ReportInfo:
    """The contract's ``report`` object."""

    id: str
    org: str | None
    org_key: str | None
    year: int | None
    issuer_type: str | None
    format: str | None
    published: str | None
    signed: str | None
    chars: int
    # provenance of the metadata (not in the contract object, kept for evidence)
    org_span: tuple[int, int] | None = None
    signed_span: tuple[int, int] | None = None
    signer: str | None = None
    signer_span: tuple[int, int] | None = None
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "org": self.org,
            "org_key": self.org_key,
            "year": self.year,
            "issuer_type": self.issuer_type,
            "format": self.format,
            "published": self.published,
            "signed": self.signed,
            "chars": self.chars,
        }
