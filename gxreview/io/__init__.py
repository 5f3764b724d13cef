"""Readers: every input shape becomes one :class:`~gxreview.document.Document`.

``load(path)`` dispatches on the extension (.txt .md .html .htm .docx .pdf). Problems with the
input raise :class:`~gxreview.errors.InputError` (E001–E008); partly unreadable input gives a
Document whose ``degraded`` notes become GX-X001.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config import DEFAULT_CONFIG, Limits
from ..document import Document, Grid
from ..errors import GxError, InputError
from ..normalize import fold
from .decode import decode_bytes
from .text import markdown_grids, split_crawl_header, strip_chrome

SUPPORTED = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")


@dataclass
class Extracted:
    """What a container reader (HTML/DOCX/PDF) hands back: body text with grids pointing into it."""

    body: str
    grids: tuple[Grid, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    encoding: str | None = None


def load(path: str | os.PathLike[str], *, source: str | None = None, meta: dict[str, str] | None = None,
         limits: Limits | None = None) -> Document:
    """Read a report file into a Document (raises InputError with an E-code on failure)."""
    limits = limits or DEFAULT_CONFIG.limits
    p = Path(path)
    src = source if source is not None else str(path)
    ext = p.suffix.lower()
    try:
        if not p.exists():
            raise InputError(src, "file not found", "E001")
        if p.is_dir():
            raise InputError(src, "is a directory, not a report file", "E001")
        size = p.stat().st_size
        if size > limits.max_input_bytes:
            raise InputError(src, f"file is {size} bytes, over the limit of {limits.max_input_bytes} bytes "
                                  "(Limits.max_input_bytes)", "E005")
        with open(p, "rb") as fh:
            data = fh.read(limits.max_input_bytes + 1)
    except InputError:
        raise
    except OSError as e:
        raise InputError(src, f"cannot read the file ({e.strerror or e})", "E001") from None
    if ext not in SUPPORTED:
        raise InputError(src, f"unsupported format {ext or '(no extension)'!r}; supported: {' '.join(SUPPORTED)}", "E004")
    return load_bytes(data, src, kind=ext.lstrip("."), meta=meta, limits=limits)


def load_bytes(data: bytes, source: str, *, kind: str = "txt", meta: dict[str, str] | None = None,
               limits: Limits | None = None) -> Document:
    """Read report bytes of the given kind (txt, md, html, htm, docx, pdf)."""
    limits = limits or DEFAULT_CONFIG.limits
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputError(source, "the file is empty (0 bytes of content)", "E002")
    kind = "html" if kind == "htm" else kind
    try:
        doc = _read(data, source, kind, meta, limits)
    except GxError:
        raise
    except RecursionError:
        raise InputError(source, "the document is nested too deeply to read", "E006" if kind != "txt" else "E003") from None
    except MemoryError:
        raise InputError(source, "reading the document ran out of memory (over the limits)", "E005") from None
    except Exception as e:  # a reader bug or a hostile file: an error object naming the file, never a traceback
        code = "E003" if kind in ("txt", "md") else "E006"
        raise InputError(source, f"cannot read the {kind} file ({type(e).__name__}: {str(e)[:200]})", code) from None
    object.__setattr__(doc, "file_sha256", sha)
    return doc


def _read(data: bytes, source: str, kind: str, meta: dict[str, str] | None, limits: Limits) -> Document:
    if kind in ("txt", "md"):
        text, enc, notes = decode_bytes(data, source)
        doc = _from_text(text, source, kind, enc, notes, meta, limits)
    elif kind == "html":
        from .html import read_html

        doc = _from_extracted(read_html(data, source, limits), source, kind, meta, limits)
    elif kind == "docx":
        from .docx import read_docx

        doc = _from_extracted(read_docx(data, source, limits), source, kind, meta, limits)
    elif kind == "pdf":
        from .pdf import read_pdf

        doc = _from_extracted(read_pdf(data, source, limits), source, kind, meta, limits)
    else:
        raise InputError(source, f"unsupported format {kind!r}", "E004")
    return doc


def load_text(text: str, source: str = "<text>", *, kind: str = "txt", meta: dict[str, str] | None = None,
              limits: Limits | None = None) -> Document:
    """Build a Document from an in-memory string (notebooks, tests)."""
    limits = limits or DEFAULT_CONFIG.limits
    if not text.strip():
        raise InputError(source, "the text is empty", "E002")
    doc = _from_text(text, source, kind, None, [], meta, limits)
    object.__setattr__(doc, "file_sha256", hashlib.sha256(text.encode("utf-8")).hexdigest())
    return doc


def _from_text(text: str, source: str, kind: str, enc: str | None, notes: list[str],
               meta: dict[str, str] | None, limits: Limits) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    header, body_start = split_crawl_header(text)
    body = text[body_start:]
    start, end, _dropped = strip_chrome(body)
    body = body[start:end]
    notes = list(notes)
    if len(body) > limits.max_text_chars:
        notes.append(f"text truncated to {limits.max_text_chars} characters (Limits.max_text_chars); "
                     f"{len(body) - limits.max_text_chars} characters not reviewed")
        body = body[: limits.max_text_chars]
    body, line_note = _cut_long_line(body, limits.max_line_chars)
    if line_note:
        notes.append(line_note)
    if not body.strip():
        raise InputError(source, "no report text after the crawl header and page chrome", "E002")
    norm = fold(body)
    grids = markdown_grids(norm) if "|" in norm else ()
    m = dict(header)
    if meta:
        m.update({k: v for k, v in meta.items() if v})
    return Document(source=source, text=norm, raw_body=body, kind=kind, encoding=enc, meta=m, grids=grids,
                    degraded=tuple(notes), offset_map=((0, 0),))


def _cut_long_line(body: str, max_line: int) -> tuple[str, str | None]:
    """Cut the body inside the first line longer than ``max_line`` (a prefix, so offsets hold)."""
    if len(body) <= max_line:
        return body, None  # no line can be longer than the body
    pos = 0
    for line in body.split("\n"):
        if len(line) > max_line:
            cut = pos + max_line
            return body[:cut], (f"a line of {len(line)} characters was cut at {max_line} (Limits.max_line_chars); "
                                f"{len(body) - cut} characters not reviewed")
        pos += len(line) + 1
    return body, None


def _from_extracted(ex: Extracted, source: str, kind: str, meta: dict[str, str] | None, limits: Limits) -> Document:
    body = ex.body
    notes = list(ex.notes)
    if len(body) > limits.max_text_chars:
        notes.append(f"text truncated to {limits.max_text_chars} characters (Limits.max_text_chars)")
        body = body[: limits.max_text_chars]
    if not body.strip():
        raise InputError(source, "no text could be extracted from the document", "E002")
    m = dict(ex.meta)
    if meta:
        m.update({k: v for k, v in meta.items() if v})
    return Document(source=source, text=fold(body), raw_body=body, kind=kind, encoding=ex.encoding, meta=m,
                    grids=_fold_grids(ex.grids, len(body)), degraded=tuple(notes), offset_map=((0, 0),))


def _fold_grids(grids: tuple[Grid, ...], text_len: int) -> tuple[Grid, ...]:
    """Cell texts folded like the body (so ``text[start:end] == cell.text``); grids cut off by a
    truncated body are dropped."""
    out: list[Grid] = []
    for g in grids:
        if g.end > text_len:
            continue
        cells = tuple(replace(c, text=fold(c.text)) if c.text else c for c in g.cells)
        out.append(replace(g, cells=cells))
    return tuple(out)
