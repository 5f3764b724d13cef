"""Tiny PDF writer for tests: ASCII text lines (Helvetica) and ruled tables, no dependency."""

from __future__ import annotations


def make_pdf(pages: list[list[tuple]]) -> bytes:
    """Each page is a list of items: ("text", x, y, str) or ("table", x, y, col_w, row_h, rows, merges).

    ``rows`` is a list of rows of cell strings; ``merges`` a list of (row, col, rowspan, colspan).
    Coordinates are PDF points from the bottom-left of a 595×842 page.
    """
    objs: list[bytes] = []

    def add(b: bytes) -> int:
        objs.append(b)
        return len(objs)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    page_ids: list[int] = []
    pages_id_placeholder = len(objs) + 1 + 2 * len(pages)  # filled below
    contents: list[bytes] = []
    for items in pages:
        ops: list[str] = []
        for it in items:
            if it[0] == "text":
                _, x, y, s = it
                s = s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                ops.append(f"BT /F1 10 Tf {x} {y} Td ({s}) Tj ET")
            elif it[0] == "table":
                _, x, y, cw, rh, rows, merges = it
                covered: dict[tuple[int, int], tuple[int, int, int, int]] = {}
                for r0, c0, rs, cs in merges:
                    for dr in range(rs):
                        for dc in range(cs):
                            covered[(r0 + dr, c0 + dc)] = (r0, c0, rs, cs)
                n_rows, n_cols = len(rows), max(len(r) for r in rows)
                for r in range(n_rows):
                    for c in range(n_cols):
                        m = covered.get((r, c))
                        if m and (m[0], m[1]) != (r, c):
                            continue
                        rs, cs = (m[2], m[3]) if m else (1, 1)
                        x0, y1 = x + c * cw, y - r * rh
                        w, h = cs * cw, rs * rh
                        ops.append(f"0.5 w {x0} {y1 - h} {w} {h} re S")
                        txt = rows[r][c] if c < len(rows[r]) else ""
                        if txt:
                            txt = txt.replace("(", "\\(").replace(")", "\\)")
                            ops.append(f"BT /F1 9 Tf {x0 + 3} {y1 - h / 2 - 3} Td ({txt}) Tj ET")
        stream = "\n".join(ops).encode("latin-1")
        contents.append(stream)
    content_ids = [add(b"<< /Length %d >>\nstream\n" % len(s) + s + b"\nendstream") for s in contents]
    pages_id = len(objs) + len(pages) + 1
    for cid in content_ids:
        page_ids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, cid, font)))
    assert add(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % p for p in page_ids)
               + b"] /Count %d >>" % len(page_ids)) == pages_id
    del pages_id_placeholder
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, xref)
    return bytes(out)
