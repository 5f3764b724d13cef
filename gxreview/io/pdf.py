"""PDF reports (optional extra ``gxreview[pdf]``): text and ruled tables, page by page.

pdfplumber is imported only here; without it the input gets E007 naming the extra. A corrupt,
empty or encrypted file is E006 with a message saying which. Pages past ``Limits.max_pdf_pages``
are skipped with a note (GX-X001). Tables found by their ruling lines become grids; merged cells
get their rowspan/colspan from the cell boxes.
"""

from __future__ import annotations

import io

from ..config import Limits
from ..errors import InputError, MissingDependency
from . import Extracted
from .layout import CellSpec, TextBuilder

INSTALL_HINT = "pip install 'gxreview[pdf]'"


def _import_pdfplumber(source: str):
    try:
        import pdfplumber
    except ImportError:
        raise MissingDependency(source, f"reading PDF needs the optional dependency pdfplumber: {INSTALL_HINT}") from None
    return pdfplumber


def read_pdf(data: bytes, source: str, limits: Limits) -> Extracted:
    """Read a PDF into body text, grids and metadata."""
    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF-" not in data[:1024]:
        raise InputError(source, "not a PDF: no %PDF header (corrupt or another format)", "E006")
    pdfplumber = _import_pdfplumber(source)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:
        raise InputError(source, _open_problem(e), "E006") from None
    builder = TextBuilder(limits, "pdf")
    notes: list[str] = []
    meta: dict[str, str] = {}
    try:
        try:
            pages = pdf.pages
        except Exception as e:
            raise InputError(source, _open_problem(e), "E006") from None
        if not pages:
            raise InputError(source, "the PDF has no pages", "E006")
        title = (pdf.metadata or {}).get("Title")
        if isinstance(title, str) and title.strip():
            meta["标题"] = title.strip()
        n = len(pages)
        if n > limits.max_pdf_pages:
            notes.append(f"the PDF has {n} pages; only the first {limits.max_pdf_pages} were read (Limits.max_pdf_pages)")
        bad_pages: list[int] = []
        for i, page in enumerate(pages[: limits.max_pdf_pages]):
            try:
                _read_page(page, builder)
            except Exception:  # one damaged page must not lose the others
                bad_pages.append(i + 1)
        if bad_pages:
            notes.append(f"page(s) {', '.join(map(str, bad_pages[:20]))} could not be read")
    except InputError:
        raise
    except Exception as e:
        raise InputError(source, _open_problem(e), "E006") from None
    finally:
        try:
            pdf.close()
        except Exception:
            pass
    text, grids = builder.finish()
    if not text.strip():
        raise InputError(source, "the PDF has no text layer (scanned images?); nothing to review", "E002")
    return Extracted(body=text, grids=grids, meta=meta, notes=notes + builder.notes, encoding=None)


def _open_problem(e: Exception) -> str:
    name = type(e).__name__
    if "Password" in name or "Encrypt" in name or "password" in str(e).lower():
        return "the PDF is encrypted (password-protected); it cannot be read"
    return f"corrupt PDF ({name}: {str(e)[:200]})"


def _read_page(page, builder: TextBuilder) -> None:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        x = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
        y = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    prose = page.filter(outside) if boxes else page
    top = 0.0
    for t in sorted(tables, key=lambda t: t.bbox[1]):
        _text_band(prose, top, t.bbox[1], builder)
        specs, n_rows = _table_specs(page, t)
        builder.table(specs, n_rows)
        top = t.bbox[3]
    _text_band(prose, top, float(page.height), builder)


def _text_band(page, top: float, bottom: float, builder: TextBuilder) -> None:
    if bottom - top < 1:
        return
    band = page.crop((0, max(0.0, top), float(page.width), min(float(page.height), bottom)), strict=False)
    for line in (band.extract_text() or "").splitlines():
        builder.line(line)


def _table_specs(page, table) -> tuple[list[CellSpec], int]:
    cells = [c for c in table.cells if c]
    xs = sorted({round(v, 1) for c in cells for v in (c[0], c[2])})
    ys = sorted({round(v, 1) for c in cells for v in (c[1], c[3])})
    words = page.crop(table.bbox, strict=False).extract_words()
    specs: list[CellSpec] = []
    for x0, top, x1, bottom in cells:
        c0, c1 = xs.index(round(x0, 1)), xs.index(round(x1, 1))
        r0, r1 = ys.index(round(top, 1)), ys.index(round(bottom, 1))
        inside = [w for w in words if x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and top <= (w["top"] + w["bottom"]) / 2 <= bottom]
        inside.sort(key=lambda w: (round(w["top"]), w["x0"]))
        specs.append(CellSpec(r0, c0, "".join(w["text"] for w in inside), max(1, r1 - r0), max(1, c1 - c0)))
    specs.sort(key=lambda s: (s.row, s.col))
    return specs, max(0, len(ys) - 1)
