"""Test helpers: render a corpus report (Markdown-ish text with pipe tables) as real HTML and DOCX."""

from __future__ import annotations

import html
import io
import re

_PIPE_SEP = re.compile(r"^\s*\|(?:\s*:?-{2,}:?\s*\|)+\s*$")


def blocks(body: str) -> list[tuple[str, object]]:
    """Split a body into ("h", text), ("p", text) and ("table", rows) blocks, in order."""
    out: list[tuple[str, object]] = []
    table: list[list[str]] = []
    for raw in body.split("\n"):
        line = raw.strip()
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            if not _PIPE_SEP.match(line):
                table.append([c.strip() for c in line[1:-1].split("|")])
            continue
        if table:
            out.append(("table", table))
            table = []
        if not line:
            continue
        if line.startswith("#"):
            out.append(("h", line.lstrip("#").strip()))
        else:
            out.append(("p", line))
    if table:
        out.append(("table", table))
    return out


def to_html(body: str, title: str = "report") -> bytes:
    parts = [f"<html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
             "<script src='http://example.invalid/x.js'></script></head><body>"
             "<div class='nav'><a href='/'>首页</a></div><div class='content'>"]
    for kind, val in blocks(body):
        if kind == "h":
            parts.append(f"<h2>{html.escape(val)}</h2>")
        elif kind == "p":
            parts.append(f"<p>{html.escape(val)}</p>")
        else:
            parts.append("<table border='1'>")
            for row in val:
                parts.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
            parts.append("</table>")
    parts.append("</div><div class='footer'>版权所有</div></body></html>")
    return "".join(parts).encode("utf-8")


def to_docx(body: str) -> bytes:
    import docx

    d = docx.Document()
    for kind, val in blocks(body):
        if kind == "h":
            d.add_heading(val, level=2)
        elif kind == "p":
            d.add_paragraph(val)
        else:
            n_cols = max(len(r) for r in val)
            t = d.add_table(rows=len(val), cols=n_cols)
            for r, row in enumerate(val):
                for c, cell in enumerate(row):
                    t.cell(r, c).text = cell
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def narrative(doc) -> str:
    """The document's text outside its grids, without whitespace or Markdown heading marks."""
    text = doc.text
    keep: list[str] = []
    pos = 0
    for g in sorted(doc.grids, key=lambda g: g.start):
        keep.append(text[pos:g.start])
        pos = max(pos, g.end)
    keep.append(text[pos:])
    return re.sub(r"[\s#]+", "", "".join(keep))


def cell_texts(doc) -> list[str]:
    return [c.text for g in doc.grids for c in sorted(g.cells, key=lambda c: (c.row, c.col)) if c.text]
