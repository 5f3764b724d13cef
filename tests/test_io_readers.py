"""Readers: every encoding and container gives the same report as the UTF-8 original."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gxreview.io import load, load_bytes
from gxreview.segment.sections import find_sections
from tests._render import cell_texts, narrative, to_docx, to_html

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
EXPECTED = json.loads((CORPORA / "EXPECTED.json").read_text(encoding="utf-8"))["reports"]
TXT_REPORTS = sorted(p.name for p in CORPORA.glob("*.txt"))
# reports whose tables are real tables in the text (pipe tables): rendered to HTML/DOCX by the tests
TABLED_REPORTS = [n for n in TXT_REPORTS if "\n|" in (CORPORA / n).read_text(encoding="utf-8")]
HTML_PAGE = CORPORA / "html" / "shuyang-fgj_2023.html"


def keys(doc) -> list[tuple[str, str]]:
    return [(s.key, s.heading.replace(" ", "")) for s in find_sections(doc.text)]


@pytest.mark.parametrize("name", TXT_REPORTS[::4] + ["shanghai-kewei_2024.txt", "xiangtan-sjj_2024.txt"])
@pytest.mark.parametrize("enc", ["gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_encoded_copy_same_sections(tmp_path, name, enc):
    original = load(CORPORA / name)
    raw = (CORPORA / name).read_text(encoding="utf-8")
    try:
        data = raw.encode(enc)
    except UnicodeEncodeError:
        pytest.skip(f"{name} has characters {enc} cannot encode")
    path = tmp_path / name
    path.write_bytes(data)
    copy = load(path)
    assert copy.text == original.text
    assert keys(copy) == keys(original)
    assert not copy.degraded


def test_gbk_without_declaration_is_detected(tmp_path):
    raw = (CORPORA / "pingtan-czjrj_2023.txt").read_text(encoding="utf-8")
    p = tmp_path / "gbk.txt"
    p.write_bytes(raw.encode("gbk", errors="replace"))
    doc = load(p)
    assert doc.encoding == "gb18030"
    assert "政府信息公开" in doc.text


@pytest.mark.parametrize("enc", ["utf-8", "gb18030", "utf-16-le"])
def test_cut_inside_a_character_drops_only_that_character(tmp_path, enc):
    raw = (CORPORA / "pingtan-czjrj_2023.txt").read_text(encoding="utf-8")
    i = len(raw) // 2
    while not "\u4e00" <= raw[i] <= "\u9fff":
        i += 1
    data = raw[:i].encode(enc) + raw[i].encode(enc)[:1]  # one byte into a CJK character
    p = tmp_path / "cut.txt"
    p.write_bytes(data)
    doc = load(p)
    assert doc.degraded and "ends inside a character" in doc.degraded[0]
    assert doc.raw_body.endswith(raw[:i][-20:].rstrip())


def test_real_html_page_sections_tables_and_meta():
    doc = load(HTML_PAGE)
    got = [k for k, _ in keys(doc) if k not in ("preamble", "extra")]
    assert got == EXPECTED["html/shuyang-fgj_2023.html"]["sections"]
    assert doc.meta["标题"] == "沭阳县发展和改革局2023年政府信息公开年度报告"
    assert doc.meta["发布时间"] == "2024-01-17"
    # page chrome and scripts are not in the body
    for chrome in ("繁體版", "无障碍", "websiteId", "首页", "jquery"):
        assert chrome not in doc.text
    assert len(doc.grids) == 3
    for g in doc.grids:
        for c in g.cells:
            if c.start is not None:
                assert doc.text[c.start:c.end] == c.text
            else:
                assert c.text == ""  # spanned copies never duplicate a value
                if c.origin is not None:
                    o = next(x for x in g.cells if (x.row, x.col) == c.origin)
                    assert o.is_origin and o.rowspan == c.rowspan and o.colspan == c.colspan
    # 表三 has the 22-row merged label column and the applicant header spanning 7 columns
    t3 = doc.grids[1]
    spans = {(c.rowspan, c.colspan) for c in t3.cells if c.is_origin}
    assert any(rs >= 8 for rs, _ in spans) and any(cs >= 5 for _, cs in spans)
    texts = [c.text for c in t3.cells if c.is_origin]
    assert "一、本年新收政府信息公开申请数量" in texts
    assert texts.count("26") >= 2


@pytest.mark.parametrize("name", TABLED_REPORTS)
@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_rendered_report_same_sections_and_narrative(name, fmt):
    original = load(CORPORA / name)
    data = to_html(original.raw_body) if fmt == "html" else to_docx(original.raw_body)
    doc = load_bytes(data, f"{name}.{fmt}", kind=fmt)
    assert keys(doc) == keys(original)
    assert narrative(doc) == narrative(original)
    assert doc.grids, "tables are read as grids"
    assert cell_texts(doc) == [t for t in cell_texts(original)]
    for g in doc.grids:
        for c in g.cells:
            if c.start is not None:
                assert doc.text[c.start:c.end] == c.text


def test_html_merged_cells_provenance():
    page = ("<html><body><p>一、总体情况</p><table>"
            "<tr><td rowspan='2'>项目</td><td colspan='2'>申请人</td></tr>"
            "<tr><td>自然人</td><td>法人</td></tr>"
            "<tr><td>新收</td><td>5</td><td>—</td></tr></table><p>二、主动公开政府信息情况</p></body></html>")
    doc = load_bytes(page.encode(), "m.html", kind="html")
    (g,) = doc.grids
    cells = {(c.row, c.col): c for c in g.cells}
    assert cells[(0, 0)].rowspan == 2 and cells[(1, 0)].origin == (0, 0) and cells[(1, 0)].text == ""
    assert cells[(0, 1)].colspan == 2 and cells[(0, 2)].origin == (0, 1)
    assert doc.text.splitlines()[1:4] == ["| 项目 | 申请人 |  |", "|  | 自然人 | 法人 |", "| 新收 | 5 | — |"]


def test_html_charset_from_meta_gbk():
    body = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'></head><body>" \
           "<p>一、总体情况</p><p>本年度政府信息公开工作。</p></body></html>"
    doc = load_bytes(body.encode("gbk"), "g.html", kind="html")
    assert doc.encoding == "gb18030" and "政府信息公开" in doc.text


def test_docx_vertical_merge_provenance():
    import io

    import docx

    d = docx.Document()
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(2, 0)).text = "三、本年度办理结果"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "申请人"
    for r in (1, 2):
        t.cell(r, 1).text = str(r)
        t.cell(r, 2).text = "无"
    buf = io.BytesIO()
    d.save(buf)
    doc = load_bytes(buf.getvalue(), "v.docx", kind="docx")
    (g,) = doc.grids
    cells = {(c.row, c.col): c for c in g.cells}
    assert cells[(0, 0)].rowspan == 3 and cells[(2, 0)].origin == (0, 0)
    assert cells[(0, 2)].origin == (0, 1) and cells[(0, 1)].colspan == 2
    assert doc.text.count("三、本年度办理结果") == 1  # the merged value is not repeated


def test_pdf_text_and_table():
    from tests._pdfmake import make_pdf

    pytest.importorskip("pdfplumber")
    pdf = make_pdf([[("text", 50, 800, "Annual report 2023"),
                     ("table", 50, 760, 80, 20, [["item", "count", ""], ["new", "26", "-"]], [(0, 1, 1, 2)]),
                     ("text", 50, 690, "After 84.28 the table.")]])
    doc = load_bytes(pdf, "t.pdf", kind="pdf")
    assert doc.text.splitlines() == ["Annual report 2023", "| item | count |  |", "| new | 26 | - |",
                                     "After 84.28 the table."]
    (g,) = doc.grids
    cells = {(c.row, c.col): c for c in g.cells}
    assert cells[(0, 1)].colspan == 2 and cells[(0, 2)].origin == (0, 1)
    assert doc.text[cells[(1, 1)].start:cells[(1, 1)].end] == "26"
