"""The self-contained HTML report: text preserved exactly, every finding highlighted at its offsets,
everything from the report escaped, nothing loaded from the network, no scripts."""

from __future__ import annotations

import re

import pytest
from lxml import html as lh

from gxreview import review
from gxreview.findings import Finding
from gxreview.render import render
from gxreview.render.html import CSP, render_html, render_html_fragment

from .conftest import CORPORA

HOSTILE = "<script>document.title='PWNED'</script><img src=x onerror=\"document.title='PWNED'\">"


def with_extra_findings(r):
    """A real result plus overlapping and zero-length findings, to exercise the highlighting."""
    t = r.text
    i = t.index("84.28")
    r.findings.extend([
        Finding("GX-C101", "overlaps the next one <b>bold?</b>", start=i - 6, end=i + 8, evidence={"claimed": "84.28万人"}),
        Finding("GX-C100", "nested inside the first", start=i, end=i + 5),
        Finding("GX-Y101", "zero-length point", start=i + 20, end=i + 20),
        Finding("GX-S101", "no location at all"),
    ])
    return r


@pytest.fixture(scope="module")
def xiangtan():
    return with_extra_findings(review(CORPORA / "xiangtan-sjj_2024.txt", summary_text=True))


def report_pre(doc):
    return doc.xpath("//pre[@class='report']")[0]


def test_page_is_self_contained_with_csp(xiangtan):
    page = render_html(xiangtan)
    doc = lh.fromstring(page)
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp == [CSP] and "default-src 'none'" in CSP and "script-src" not in CSP
    assert not doc.xpath("//script | //iframe | //object | //embed | //link | //img")
    ids = set(doc.xpath("//@id"))
    for attr in doc.xpath("//@href | //@src"):
        assert attr.startswith("#"), attr
        assert attr[1:] in ids, f"dangling link {attr}"
    assert "http://" not in page and "https://" not in page
    # CSP meta is the first thing in <head> after the charset
    assert page.index("Content-Security-Policy") < page.index("<title>")


def test_report_text_is_preserved_exactly(xiangtan):
    pre = report_pre(lh.fromstring(render_html(xiangtan)))
    for sup in pre.xpath(".//sup[contains(@class,'fref')]"):
        sup.drop_tree()
    assert pre.text_content() == xiangtan.text


def test_every_finding_is_highlighted_at_its_offsets(xiangtan):
    pre = report_pre(lh.fromstring(render_html(xiangtan)))
    with_span = [i for i, f in enumerate(xiangtan.findings) if f.start is not None]
    refs = pre.xpath(".//sup[contains(@class,'fref')]")
    assert len(refs) == len(with_span) >= 4
    for i in with_span:
        f = xiangtan.findings[i]
        marked = "".join(m.text_content() for m in pre.xpath(".//mark") if str(i) in m.get("data-f", "").split())
        assert marked == xiangtan.text[f.start:f.end], f
        assert pre.xpath(f".//sup[@id='gx{xiangtan.report.id}-at{i}']")
    # the overlap is split but both findings cover the shared part; the worst severity colours it
    pair = {str(len(xiangtan.findings) - 4), str(len(xiangtan.findings) - 3)}  # the C101 and C100 added above
    both = [m for m in pre.xpath(".//mark") if pair <= set(m.get("data-f", "").split())]
    assert both and all("sev-error" in m.get("class") for m in both)


def test_findings_listed_with_evidence_and_links(xiangtan):
    doc = lh.fromstring(render_html(xiangtan))
    cards = doc.xpath("//div[contains(@class,'finding')]")
    assert len(cards) == len(xiangtan.findings)
    card = [c for c in cards if "GX-C101" in c.text_content()][0]
    assert "overlaps the next one <b>bold?</b>" in card.text_content()  # shown as text, not markup
    assert not card.xpath(".//b[text()='bold?']")
    assert "84.28万人" in card.xpath(".//table[@class='ev']")[0].text_content()
    assert card.xpath(".//a/@href")[0].startswith("#gx")


def test_summary_on_top_and_figures_with_metric(xiangtan):
    page = render_html(xiangtan)
    assert page.index("<h2>Summary</h2>") < page.index("<h2>Findings") < page.index("Report text")
    doc = lh.fromstring(page)
    assert xiangtan.summary["text"] in doc.xpath("//blockquote[@class='summary']")[0].text_content()
    figs = doc.xpath("//pre[@class='report']//span[@class='fig']")
    assert bool(figs) == any(g.end > g.start for g in xiangtan.figures)
    for g in xiangtan.figures[:5]:
        assert any((g.metric or "no metric") in s.get("title") for s in figs)


def test_report_text_is_escaped(tmp_path):
    src = (CORPORA / "xiangtan-sjj_2024.txt").read_text(encoding="utf-8")
    p = tmp_path / "hostile.txt"
    p.write_text(src.replace("2024年大厅共接待", HOSTILE + "2024年大厅共接待"), encoding="utf-8")
    r = review(p, summary_text=True)
    page = render_html(r)
    doc = lh.fromstring(page)
    assert not doc.xpath("//script | //img | //*[@onerror]")
    assert HOSTILE in report_pre(doc).text_content()
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_table_cells_marked_when_a_check_fails(xiangtan):
    from gxreview.findings import Check
    from gxreview.render.html import render_table_html

    values = {"new": {"natural_person": 3, "total": 4}, "r7": {"natural_person": 3, "total": 3}}
    out = render_table_html("applications", values, None, {("new", "total")})
    doc = lh.fromstring(f"<div>{out}</div>")
    fails = doc.xpath("//td[contains(@class,'fail')]")
    assert [td.text_content() for td in fails] == ["4"]
    assert "一、本年新收" in out and "总计" in out
    # a FAIL check that names the cell in its evidence marks it in the full page
    xiangtan.tables = {"applications": values}
    xiangtan.checks.append(Check("T3-I2[new]", "FAIL", {"table": "applications", "row": "new", "col": "total",
                                                        "left": 4, "right": 3}))
    doc = lh.fromstring(render_html(xiangtan))
    assert [td.get("title").split()[0] for td in doc.xpath("//td[contains(@class,'fail')]")] == ["applications.new.total"]
    assert "T3-I2[new]" in doc.xpath("//h3[contains(text(),'Identities')]/following-sibling::table")[0].text_content()


def test_fragment_and_repr_html(xiangtan):
    frag = xiangtan._repr_html_()
    assert frag == render_html_fragment(xiangtan)
    assert frag.startswith("<div class=\"gxr\">") and "<html" not in frag and "<script" not in frag
    assert "<details>" in frag


@pytest.mark.parametrize("name", ["shanghai-kewei_2024.txt", "pingtan-czjrj_2021.txt", "html/shuyang-fgj_2023.html"])
def test_cli_renders_every_format(name, tmp_path):
    from gxreview.cli import main

    out = tmp_path / "out.html"
    assert main(["review", str(CORPORA / name), "--format", "html", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    doc = lh.fromstring(page)
    r = review(CORPORA / name)
    assert len(doc.xpath("//sup[contains(@class,'fref')]")) == sum(f.start is not None for f in r.findings)
    assert re.search(r"<h1>.*</h1>", page)


def test_error_result_page():
    from gxreview.findings import ErrorResult

    page = render(ErrorResult("x<y>.txt", "E001", "x<y>.txt: file not found"), "html")
    assert "x&lt;y&gt;.txt" in page and "<y>" not in page and CSP in page


def test_flat_table_renders():
    from gxreview.render.html import render_table_html

    out = render_table_html("processing_fee", {"notices": 2, "amount_notified": 100.5, "amount_collected": None})
    doc = lh.fromstring(f"<div>{out}</div>")
    assert [td.text_content() for td in doc.xpath("//td")] == ["2", "100.5", "—"]
    assert "收费通知件数" in out
