"""DOCX reports: zip checked first (E006 not a zip, E005 zip bomb), then paragraphs and tables in
document order with merged-cell provenance (``w:gridSpan`` → colspan, ``w:vMerge`` → rowspan).

python-docx parses the XML with ``resolve_entities=False`` and lxml's default ``no_network``: no
entity is expanded and nothing is fetched.
"""

from __future__ import annotations

import io
import zipfile

from ..config import Limits
from ..errors import InputError
from . import Extracted
from .layout import CellSpec, TextBuilder, clean

MAX_MEMBERS = 10_000  # zip members; more is not a Word document


def check_zip(data: bytes, source: str, limits: Limits, *, required: str | None = None) -> None:
    """Reject what is not a zip (E006) or would decompress past the limits (E005), before parsing."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        hint = " (an OLE file: a legacy .doc or a password-protected document?)" if data[:4] == b"\xd0\xcf\x11\xe0" else ""
        raise InputError(source, f"not a DOCX: the file is not a zip container{hint}", "E006")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise InputError(source, f"the DOCX has {len(infos)} zip members, over {MAX_MEMBERS}", "E005")
            total = 0
            for info in infos:
                total += info.file_size
                if info.file_size > limits.max_decompressed_bytes or total > limits.max_decompressed_bytes:
                    raise InputError(source, f"zip bomb: the DOCX would decompress to more than "
                                             f"{limits.max_decompressed_bytes} bytes (Limits.max_decompressed_bytes); "
                                             "not opened", "E005")
            names = {i.filename for i in infos}
    except InputError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise InputError(source, f"corrupt DOCX zip container ({e})", "E006") from None
    if required and required not in names:
        raise InputError(source, f"not a DOCX: the zip has no {required}", "E006")


def read_docx(data: bytes, source: str, limits: Limits) -> Extracted:
    """Read a DOCX into body text (paragraphs and tables in order), grids and metadata."""
    check_zip(data, source, limits, required="word/document.xml")
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises many kinds on a damaged package
        raise InputError(source, f"corrupt DOCX ({type(e).__name__}: {e})", "E006") from None
    builder = TextBuilder(limits, "docx")
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            builder.line(_para_text(child, qn))
        elif child.tag == qn("w:tbl"):
            specs, n_rows = _table_specs(child, qn)
            builder.table(specs, n_rows)
        elif child.tag == qn("w:sdt"):  # content controls wrap paragraphs
            for p in child.iter(qn("w:p")):
                builder.line(_para_text(p, qn))
    text, grids = builder.finish()
    meta: dict[str, str] = {}
    try:
        title = clean(document.core_properties.title)
        if title:
            meta["标题"] = title
    except Exception:  # broken core.xml is not worth failing the report for
        pass
    return Extracted(body=text, grids=grids, meta=meta, notes=list(builder.notes), encoding=None)


def _para_text(p, qn) -> str:
    parts: list[str] = []
    t, tab, br, cr = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
    for el in p.iter(t, tab, br, cr):
        if el.tag == t:
            parts.append(el.text or "")
        else:
            parts.append(" ")
    return "".join(parts)


def _cell_text(tc, qn) -> str:
    return " ".join(clean(_para_text(p, qn)) for p in tc.iter(qn("w:p")))


def _table_specs(tbl, qn) -> tuple[list[CellSpec], int]:
    """Origin cells of a table: gridSpan gives colspan; vMerge continuation cells extend the rowspan
    of the cell above (they are not cells of their own)."""
    rows = [tr for tr in tbl.iterchildren(qn("w:tr"))]
    open_cells: dict[int, list] = {}  # grid column → [row, col, text, rowspan, colspan] of a vMerge restart
    specs: list[list] = []
    for r, tr in enumerate(rows):
        c = 0
        trpr = tr.find(qn("w:trPr"))
        if trpr is not None:
            gb = trpr.find(qn("w:gridBefore"))
            c += _int(gb.get(qn("w:val")) if gb is not None else None, 0)
        for tc in tr.iterchildren(qn("w:tc")):
            tcpr = tc.find(qn("w:tcPr"))
            span, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(qn("w:gridSpan"))
                span = max(1, _int(gs.get(qn("w:val")) if gs is not None else None, 1))
                vm = tcpr.find(qn("w:vMerge"))
                if vm is not None:
                    vmerge = vm.get(qn("w:val")) or "continue"
            if vmerge == "continue" and c in open_cells:
                open_cells[c][3] += 1
            else:
                spec = [r, c, _cell_text(tc, qn), 1, span]
                specs.append(spec)
                if vmerge == "restart":
                    open_cells[c] = spec
                else:
                    open_cells.pop(c, None)
            c += span
    return [CellSpec(*s) for s in specs], len(rows)


def _int(v: str | None, default: int) -> int:
    try:
        return int(v) if v is not None else default
    except ValueError:
        return default
