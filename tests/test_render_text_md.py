"""Terminal text (plain and rich), the Markdown memo and `gxreview summarize` output."""

from __future__ import annotations

import re

import pytest

from gxreview import review
from gxreview.findings import ErrorResult, Finding
from gxreview.render import render
from gxreview.render.markdown import md_escape, render_markdown
from gxreview.render.summary import render_summary

from .conftest import CORPORA

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def kewei():
    return review(CORPORA / "shanghai-kewei_2024.txt", summary_text=True)


def test_plain_text_grouped_by_section_with_excerpts(kewei):
    out = render(kewei, "text")
    assert "\x1b[" not in out
    for f in kewei.findings:
        assert f"{f.code} {f.name}: {f.message}" in out
        if f.start is not None:
            assert f"@{f.start}-{f.end}:" in out
    for sec in {f.section or "(report)" for f in kewei.findings}:
        assert f"  [{sec}]" in out
    assert out == render(kewei, "text")


def test_rich_text_coloured_by_severity(kewei):
    out = render(kewei, "text", color=True)
    assert "\x1b[" in out
    plain = ANSI.sub("", out)
    for f in kewei.findings:
        assert f.code in plain
    errors = [f for f in kewei.findings if f.severity == "error"]
    assert errors, "the test report must have an error-level finding"
    assert re.search(r"\x1b\[[0-9;]*31m[EWI] " + errors[0].code, out)


def test_markdown_memo(kewei):
    md = render_markdown(kewei)
    assert md.startswith("# Review memo: ")
    assert md.index("## Summary") < md.index("## Findings")
    assert md_escape(kewei.summary["text"]) in md
    for f in kewei.findings:
        assert f"{f.code} {f.name}" in md
    assert render(kewei, "md") == md


def test_markdown_escapes_report_text(kewei):
    kewei.findings.append(Finding("GX-S101", "# not a heading <script>x</script> *no* |pipe|"))
    try:
        md = render_markdown(kewei)
    finally:
        kewei.findings.pop()
    assert "<script>" not in md
    assert r"\<script\>" in md and r"\*no\*" in md and r"\|pipe\|" in md
    assert md_escape("12. item") == r"12\. item" and md_escape("- x").startswith("\\-")


def test_summarize_text_and_md(kewei):
    txt = render_summary(kewei, "text")
    assert txt.startswith(f"== {kewei.source}") and kewei.summary["text"] in txt
    md = render_summary(kewei, "md")
    assert md.startswith("## ") and "**Findings:**" in md
    err = ErrorResult("gone.txt", "E001", "gone.txt: file not found")
    assert "E001" in render_summary(err, "text") and "E001" in render_summary(err, "md")
    with pytest.raises(ValueError):
        render_summary(kewei, "html")


def test_error_results_in_every_format():
    err = ErrorResult("gone.txt", "E001", "gone.txt: file not found")
    for fmt in ("text", "md", "html", "json"):
        assert "E001" in render(err, fmt)
    assert "E001" in render(err, "text", color=True)


def test_cli_summarize(capsys):
    from gxreview.cli import main

    assert main(["summarize", str(CORPORA / "xiangtan-sjj_2024.txt"), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "湘潭市数据局" in out and "84.28万人" in out
