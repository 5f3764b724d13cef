"""Property-based tests (hypothesis) for the readers, the folding and the sentence splitter.

``GX_FUZZ_EXAMPLES`` raises the number of examples for a longer fuzz run (docs/reliability.md
records the last one): ``GX_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest -q tests/test_reliability_properties.py``.
"""

from __future__ import annotations

import os
import re
from html import escape as html_escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gxreview.config import Limits
from gxreview.errors import GxError
from gxreview.io import load_bytes
from gxreview.io.decode import decode_bytes
from gxreview.normalize import fold

N = int(os.environ.get("GX_FUZZ_EXAMPLES", "150"))
SETTINGS = settings(max_examples=N, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SMALL = Limits(max_input_bytes=1 << 20, max_text_chars=50_000, max_decompressed_bytes=4 << 20, max_table_cells=2_000,
               max_pdf_pages=5)

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
REPORT_CHARS = st.one_of(CJK, st.sampled_from(list("，。；：、（）《》“”%.0123456789一二三四五六七八九十 \n")),
                         st.characters(min_codepoint=0x20, max_codepoint=0x7E))
report_text = st.text(REPORT_CHARS, min_size=1, max_size=400)


def _check_doc(doc) -> None:
    """Invariants every Document must satisfy."""
    assert isinstance(doc.text, str) and doc.text.strip()
    assert len(doc.text) == len(doc.raw_body)  # folding is one to one
    for g in doc.grids:
        assert 0 <= g.start <= g.end <= len(doc.text)
        seen = set()
        for c in g.cells:
            assert 0 <= c.row < g.n_rows and 0 <= c.col < g.n_cols
            assert (c.row, c.col) not in seen
            seen.add((c.row, c.col))
            if c.start is not None:
                assert doc.text[c.start:c.end] == c.text
            if c.origin is not None:
                assert c.text == "" and c.start is None


# --- decoding -----------------------------------------------------------------------------------

@SETTINGS
@given(st.binary(max_size=3000))
def test_decode_never_raises_anything_but_an_input_error(data):
    try:
        text, enc, notes = decode_bytes(data, "fuzz.txt")
    except GxError as e:
        assert e.code in ("E002", "E003") and "fuzz.txt" in str(e)
    else:
        assert isinstance(text, str) and isinstance(notes, list)


@SETTINGS
@given(st.text(REPORT_CHARS, min_size=30, max_size=400).filter(lambda t: sum("\u4e00" <= c <= "\u9fff" for c in t) >= 10),
       st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"]))
def test_decode_round_trip(text, enc):
    if not text.strip():
        return
    try:
        data = text.encode(enc)
    except UnicodeEncodeError:
        return
    got, _enc, notes = decode_bytes(data, "rt.txt")
    assert got == text and notes == []


@SETTINGS
@given(report_text, st.sampled_from(["utf-8", "gb18030"]), st.integers(min_value=1, max_value=3))
def test_truncated_input_loses_at_most_the_cut_character(text, enc, cut):
    data = text.encode(enc)
    if len(data) <= cut + 1:
        return
    try:
        got, _enc, notes = decode_bytes(data[:-cut], "cut.txt")
    except GxError as e:
        assert e.code in ("E002", "E003")
        return
    assert isinstance(got, str)
    if sum("\u4e00" <= c <= "\u9fff" for c in text) >= 10:  # enough text to tell the encoding
        # a prefix of the text, shorter only by the characters the cut bytes belonged to
        assert text.startswith(got), (enc, cut, got[-10:], text[-10:])
        assert len(got) >= len(data[:-cut].decode(enc, errors="ignore")), (enc, cut)


# --- folding ------------------------------------------------------------------------------------

@SETTINGS
@given(st.text(max_size=300))
def test_fold_is_one_to_one_and_idempotent(text):
    f = fold(text)
    assert len(f) == len(text)
    assert fold(f) == f


# --- readers on arbitrary bytes -----------------------------------------------------------------

@SETTINGS
@given(st.binary(max_size=4000), st.sampled_from(["txt", "md", "html", "docx", "pdf"]))
def test_readers_never_crash_on_arbitrary_bytes(data, kind):
    try:
        doc = load_bytes(data, f"fuzz.{kind}", kind=kind, limits=SMALL)
    except GxError as e:
        assert e.code.startswith("E") and f"fuzz.{kind}" in str(e)
    else:
        _check_doc(doc)


_tag = st.sampled_from(["p", "div", "span", "table", "tr", "td", "th", "br", "h1", "script", "style", "nav",
                        "b", "li", "tbody", "font"])
_attr = st.sampled_from(["", " rowspan=2", " colspan=3", " rowspan=0", " colspan=-1", " rowspan=x",
                         " class=nav", " class=content", " id=footer"])
_piece = st.one_of(
    st.builds(lambda t, a: f"<{t}{a}>", _tag, _attr),
    st.builds(lambda t: f"</{t}>", _tag),
    report_text,
    st.sampled_from(["&nbsp;", "&amp;", "&lol;", "<!-- c -->", "<![CDATA[x]]>", "<?pi x?>", "<!DOCTYPE x [<!ENTITY a 'b'>]>"]),
)


@SETTINGS
@given(st.lists(_piece, max_size=60), st.sampled_from(["utf-8", "gb18030"]))
def test_html_reader_on_tag_soup(pieces, enc):
    page = "".join(pieces)
    try:
        data = page.encode(enc)
    except UnicodeEncodeError:
        return
    try:
        doc = load_bytes(data, "soup.html", kind="html", limits=SMALL)
    except GxError as e:
        assert e.code in ("E002", "E003", "E006") and "soup.html" in str(e)
    else:
        _check_doc(doc)


_cell = st.one_of(st.integers(min_value=-5, max_value=10**6).map(str),
                  st.sampled_from(["", "—", "/", "无", "Ａ", "８", "x|y", "1 2"]), report_text.map(lambda s: s[:12]))


@SETTINGS
@given(st.lists(st.lists(st.tuples(_cell, st.integers(1, 3), st.integers(1, 3)), min_size=1, max_size=5),
                min_size=1, max_size=6))
def test_html_table_grid_round_trip(rows):
    html = ["<html><body><p>一、总体情况</p><table>"]
    for row in rows:
        html.append("<tr>" + "".join(f"<td rowspan={rs} colspan={cs}>{html_escape(t)}</td>" for t, rs, cs in row)
                    + "</tr>")
    html.append("</table></body></html>")
    doc = load_bytes("".join(html).encode(), "t.html", kind="html", limits=SMALL)
    _check_doc(doc)
    origins = [c for g in doc.grids for c in g.cells if c.start is not None]
    written = [fold(re.sub(r"\s+", " ", t).strip().replace("|", "｜")) for row in rows for t, _rs, _cs in row]
    assert [c.text for c in origins if c.text] == [w for w in written if w]


# --- sentence splitter --------------------------------------------------------------------------

@SETTINGS
@given(st.text(REPORT_CHARS, max_size=500))
def test_sentences_are_slices_in_order(text):
    from gxreview.segment.sentences import split_sentences

    prev_end = 0
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text
        assert prev_end <= s.start < s.end
        prev_end = s.end


@SETTINGS
@given(st.integers(0, 10**6), st.integers(0, 99), st.text(CJK, min_size=2, max_size=20))
def test_sentences_never_cut_a_decimal(whole, frac, words):
    from gxreview.segment.sentences import split_sentences

    num = f"{whole}.{frac:02d}"
    text = f"{words}{num}万人。{words}。"
    sents = split_sentences(text)
    assert any(num in s.text for s in sents)
