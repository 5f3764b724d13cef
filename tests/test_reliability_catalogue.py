"""Catalogue of bad inputs (issue 9): each entry gets the behaviour docs/reliability.md promises.

An input from which no report text can be recovered gives the contract's error object (E-code and
a message naming the file); otherwise a (possibly partial) review, with GX-X001 saying what was
skipped. Large inputs are generated here into temporary folders, never committed.
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from gxreview.cli import review_paths
from gxreview.config import Limits
from gxreview.errors import MissingDependency
from gxreview.findings import ErrorResult, ReviewResult
from gxreview.io import load, load_bytes
from gxreview.normalize import fold_table

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
BAD = Path(__file__).resolve().parent / "badinputs"
GOOD = CORPORA / "pingtan-czjrj_2023.txt"
GOOD_TEXT = GOOD.read_text(encoding="utf-8")
GXREVIEW = [sys.executable, "-m", "gxreview"]


def one(path) -> ReviewResult | ErrorResult:
    (r,) = review_paths([str(path)])
    return r


def assert_error(r, code: str, path) -> None:
    assert isinstance(r, ErrorResult), f"expected {code}, got a review"
    d = r.to_dict()
    assert d["error"]["code"] == code, d
    assert str(path) in d["error"]["message"]
    assert d["schema_version"] == 1 and d["source"] == str(path)


def assert_reviewed(r, *, partial: bool = False) -> ReviewResult:
    assert isinstance(r, ReviewResult), getattr(r, "message", r)
    codes = r.codes() if callable(getattr(r, "codes", None)) else [f.code for f in r.findings]
    assert "GX-X900" not in codes, [f.message for f in r.findings if f.code == "GX-X900"]
    assert ("GX-X001" in codes) == partial, codes
    return r


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# --- text encodings ---------------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "\u3000\u3000\n".encode(), b"\xef\xbb\xbf", b"\xff\xfe"])
def test_empty_and_whitespace_only(tmp_path, data):
    p = write(tmp_path, "empty.txt", data)
    r = one(p)
    assert_error(r, "E002", p)


def test_committed_empty_fixture():
    r = one(BAD / "empty.txt")
    assert_error(r, "E002", BAD / "empty.txt")


@pytest.mark.parametrize("seed", range(5))
def test_random_binary(tmp_path, seed):
    rng = random.Random(seed)
    p = write(tmp_path, "random.txt", bytes(rng.getrandbits(8) for _ in range(4096)))
    assert_error(one(p), "E003", p)


def test_binary_with_report_extension(tmp_path):
    # a PNG header renamed .md
    p = write(tmp_path, "image.md", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert_error(one(p), "E003", p)


def test_utf8_cut_inside_a_character_is_a_partial_review(tmp_path):
    data = GOOD_TEXT.encode("utf-8")
    i = len(data) * 2 // 3
    while data[i] < 0xC0:  # move to the first byte of a multi-byte character
        i += 1
    p = write(tmp_path, "cut.txt", data[: i + 1])
    r = assert_reviewed(one(p), partial=True)
    x001 = [f for f in r.findings if f.code == "GX-X001"]
    assert "ends inside a character" in x001[0].message and str(p) in x001[0].message


def test_utf8_with_a_few_bad_bytes_is_a_partial_review(tmp_path):
    data = bytearray(GOOD_TEXT.encode("utf-8"))
    data[len(data) // 2] = 0xFF
    p = write(tmp_path, "damaged.txt", bytes(data))
    r = assert_reviewed(one(p), partial=True)
    assert any("replaced" in f.message for f in r.findings if f.code == "GX-X001")


@pytest.mark.parametrize("enc", ["gbk", "gb18030"])
def test_gbk_without_declaration(tmp_path, enc):
    p = write(tmp_path, "gbk.txt", GOOD_TEXT.encode(enc))
    r = assert_reviewed(one(p))
    ref = assert_reviewed(one(GOOD))
    assert [s.key for s in r.sections] == [s.key for s in ref.sections]
    assert r.report.id == ref.report.id


@pytest.mark.parametrize("enc", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(tmp_path, enc):
    p = write(tmp_path, "u16.txt", GOOD_TEXT.encode(enc))
    r = assert_reviewed(one(p))
    assert r.report.id == assert_reviewed(one(GOOD)).report.id


def test_traditional_characters(tmp_path):
    to_trad: dict[str, str] = {}
    for k, v in sorted(fold_table().items()):
        if "\u4e00" <= v <= "\u9fff" and "\u4e00" <= chr(k) <= "\u9fff":
            to_trad.setdefault(v, chr(k))
    trad = "".join(to_trad.get(ch, ch) for ch in GOOD_TEXT)
    assert trad != GOOD_TEXT and "報告" in trad
    p = write(tmp_path, "trad.txt", trad.encode("utf-8"))
    r = assert_reviewed(one(p))
    ref = assert_reviewed(one(GOOD))
    assert [s.key for s in r.sections] == [s.key for s in ref.sections]
    assert r.text == ref.text  # folded back to the simplified text, offsets unchanged


# --- size ---------------------------------------------------------------------------------------

def test_50mb_text_is_refused_by_the_size_limit(tmp_path):
    p = tmp_path / "huge.txt"
    line = ("一、总体情况" + "政府信息公开工作" * 60 + "\n").encode("utf-8")
    with open(p, "wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    assert p.stat().st_size >= 50 * 1024 * 1024
    t = time.perf_counter()
    r = one(p)
    assert_error(r, "E005", p)
    assert "Limits.max_input_bytes" in r.message
    assert time.perf_counter() - t < 5


def test_text_over_max_text_chars_is_a_partial_review(tmp_path):
    limits = Limits(max_text_chars=3000)
    doc = load(GOOD, limits=limits)
    assert len(doc.text) == 3000 and any("Limits.max_text_chars" in n for n in doc.degraded)


def test_5000_digit_line(tmp_path):
    p = write(tmp_path, "digits.txt", (GOOD_TEXT + "\n" + "7" * 5000 + "\n").encode())
    t = time.perf_counter()
    r = one(p)
    assert isinstance(r, ReviewResult) and [s.key for s in r.sections][:3] == ["preamble", "overview", "proactive"]
    assert time.perf_counter() - t < 20
    only = write(tmp_path, "only-digits.txt", ("1234567890" * 500).encode())
    assert_error(one(only), "E008", only)


def test_5000_digit_line_no_rule_crash(tmp_path):
    p = write(tmp_path, "digits.txt", (GOOD_TEXT + "\n" + "7" * 5000 + "\n").encode())
    assert_reviewed(one(p))


def test_overlong_line_is_cut_with_a_note():
    doc = load_bytes((GOOD_TEXT + "\n" + "8" * 500).encode(), "long.txt", limits=Limits(max_line_chars=300))
    assert any("Limits.max_line_chars" in n for n in doc.degraded)
    assert len(doc.text) < len(GOOD_TEXT)


# --- HTML ---------------------------------------------------------------------------------------

def test_html_scripts_images_stylesheets_are_not_content(tmp_path):
    page = (BAD / "external-resources.html").read_bytes()
    r = assert_reviewed(one(BAD / "external-resources.html"))
    for junk in ("alert", "tracker", "stylesheet", "evil.example", "color:"):
        assert junk not in r.text
    assert b"<script" in page and "一、总体情况" in r.text


@pytest.mark.parametrize("page", [
    b"<html><body><p>\xe4\xb8\x80\xe3\x80\x81\xe6\x80\xbb\xe4\xbd\x93<table><tr><td>1<td rowspan=abc>2<tr><td colspan=99999999>x",
    b"<<<>>><p><p></div></table></tr><td>",
    b"<html><body>" + b"<div>" * 5000 + "政府信息公开".encode() + b"</span>" * 10,
    b"<table>" + b"<tr>" + b"<td rowspan=1000 colspan=1000>x</td>" * 50 + b"</tr></table>",
    b"\x00\x01<html>\xff\xfe<body>",
])
def test_malformed_html(tmp_path, page):
    p = write(tmp_path, "bad.html", page)
    r = one(p)
    if isinstance(r, ErrorResult):
        assert r.code in ("E002", "E003", "E006", "E008") and str(p) in r.message
    else:
        assert_reviewed(r, partial=bool(r.report and "GX-X001" in [f.code for f in r.findings]))


def test_billion_laughs_is_not_expanded():
    p = BAD / "billion-laughs.html"
    t = time.perf_counter()
    doc = load(p)
    assert time.perf_counter() - t < 2
    assert doc.text.count("lol") < 50 and len(doc.text) < 2000
    assert "一、总体情况" in doc.text


def test_xml_external_entity_is_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    page = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file://{secret}">]>'
            "<html><body><p>一、总体情况 &xxe;</p><p>政府信息公开</p></body></html>").encode()
    doc = load_bytes(page, "xxe.html", kind="html")
    assert "TOPSECRET" not in doc.text


# --- DOCX ---------------------------------------------------------------------------------------

def test_docx_not_a_zip():
    p = BAD / "not-a-zip.docx"
    assert_error(one(p), "E006", p)


def test_docx_zip_without_document(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    p = write(tmp_path, "other.docx", buf.getvalue())
    assert_error(one(p), "E006", p)


def test_docx_zip_bomb(tmp_path):
    buf = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(80):  # 80 MB of zeros, over Limits.max_decompressed_bytes (64 MB)
                fh.write(chunk)
    assert len(buf.getvalue()) < 1024 * 1024
    p = write(tmp_path, "bomb.docx", buf.getvalue())
    t = time.perf_counter()
    r = one(p)
    assert_error(r, "E005", p)
    assert "zip bomb" in r.message and time.perf_counter() - t < 2


def test_docx_corrupt_xml(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types")
        zf.writestr("word/document.xml", "<w:document")
    p = write(tmp_path, "corrupt.docx", buf.getvalue())
    assert_error(one(p), "E006", p)


# --- PDF ----------------------------------------------------------------------------------------

def _pypdf_bytes(*, pages: int = 1, password: str | None = None) -> bytes:
    pypdf = pytest.importorskip("pypdf")
    w = pypdf.PdfWriter()
    for _ in range(pages):
        w.add_blank_page(width=595, height=842)
    if password:
        w.encrypt(user_password=password, owner_password=password)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def test_pdf_corrupt(tmp_path):
    pytest.importorskip("pdfplumber")
    p = write(tmp_path, "corrupt.pdf", b"%PDF-1.7\n" + random.Random(3).randbytes(3000))
    assert_error(one(p), "E006", p)
    q = write(tmp_path, "header-only.pdf", b"this is not a pdf at all")
    assert_error(one(q), "E006", q)


def test_pdf_empty(tmp_path):
    pytest.importorskip("pdfplumber")
    p = write(tmp_path, "zero-pages.pdf", _pypdf_bytes(pages=0))
    r = one(p)
    assert_error(r, "E006", p)
    q = write(tmp_path, "blank.pdf", _pypdf_bytes(pages=2))
    r = one(q)
    assert_error(r, "E002", q)
    assert "no text layer" in r.message


def test_pdf_encrypted(tmp_path):
    pytest.importorskip("pdfplumber")
    p = write(tmp_path, "locked.pdf", _pypdf_bytes(password="s3cret"))
    r = one(p)
    assert_error(r, "E006", p)
    assert "encrypted" in r.message


def test_pdf_truncated(tmp_path):
    pytest.importorskip("pdfplumber")
    from tests._pdfmake import make_pdf

    data = make_pdf([[("text", 50, 800, "Report 2023")]])
    p = write(tmp_path, "trunc.pdf", data[: len(data) // 2])
    r = one(p)
    assert isinstance(r, ErrorResult) and r.code in ("E002", "E006", "E008") and str(p) in r.message


def test_pdf_page_limit():
    pytest.importorskip("pdfplumber")
    from tests._pdfmake import make_pdf

    data = make_pdf([[("text", 50, 800, f"page {i} annual report")] for i in range(5)])
    doc = load_bytes(data, "pages.pdf", kind="pdf", limits=Limits(max_pdf_pages=2))
    assert "page 1" in doc.text and "page 3" not in doc.text
    assert any("Limits.max_pdf_pages" in n for n in doc.degraded)


def test_pdf_without_pdfplumber(monkeypatch):
    from tests._pdfmake import make_pdf

    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # import now raises ImportError
    with pytest.raises(MissingDependency) as ei:
        load_bytes(make_pdf([[("text", 50, 800, "x")]]), "r.pdf", kind="pdf")
    assert ei.value.code == "E007" and "pip install 'gxreview[pdf]'" in str(ei.value) and "r.pdf" in str(ei.value)


# --- structure and tables -----------------------------------------------------------------------

def test_no_sections(tmp_path):
    p = write(tmp_path, "nosections.txt", "我局认真做好政府信息公开工作，主动公开信息120条。".encode())
    r = assert_reviewed(one(p))
    assert "GX-S101" in [f.code for f in r.findings]
    q = write(tmp_path, "novel.txt", "从前有座山，山里有座庙。".encode())
    assert_error(one(q), "E008", q)


def test_duplicated_sections(tmp_path):
    i = GOOD_TEXT.index("二、主动公开政府信息情况")
    dup = GOOD_TEXT[:i] + "一、总体情况 重复的总体情况。" + GOOD_TEXT[i:]
    p = write(tmp_path, "dup.txt", dup.encode())
    r = assert_reviewed(one(p))
    assert "GX-S102" in [f.code for f in r.findings]


def test_tables_with_odd_cells():
    r = assert_reviewed(one(BAD / "odd-cells.md"))
    assert "８" not in r.text and "| 8 |" in r.text  # full-width digits folded one to one


# --- output paths and batches of mixed inputs ---------------------------------------------------

def test_output_path_collisions(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for d in (a, b, c):
        d.mkdir()
        (d / "report.txt").write_bytes(GOOD.read_bytes())
    (c / "report.txt").write_bytes(b"")  # an error object is written too
    out = tmp_path / "out"
    proc = subprocess.run(GXREVIEW + ["review", str(a / "report.txt"), str(b / "report.txt"), str(c / "report.txt"),
                                      "--format", "text", "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    files = sorted(os.listdir(out))
    assert len(files) == 3 and len(set(files)) == 3, files
    assert all(Path(out / f).resolve().parent == out.resolve() for f in files)
    assert "Traceback" not in proc.stderr


def test_mixed_inputs_one_line_each(tmp_path):
    bad1 = write(tmp_path, "bad1.txt", random.Random(9).randbytes(2000))
    bad2 = write(tmp_path, "bad2.docx", b"PK\x03\x04 not really")
    data = GOOD_TEXT.encode()
    i = next(k for k in range(4000, len(data)) if data[k] >= 0xC0)
    cut = write(tmp_path, "cut.txt", data[: i + 1])
    paths = [bad1, GOOD, bad2, cut, BAD / "empty.txt", tmp_path / "missing.txt", BAD / "external-resources.html"]
    proc = subprocess.run(GXREVIEW + ["review", *map(str, paths), "--format", "jsonl"], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [x["source"] for x in lines] == list(map(str, paths))
    codes = [x.get("error", {}).get("code") for x in lines]
    assert codes == ["E003", None, "E006", None, "E002", "E001", None]
    for x, p in zip(lines, paths, strict=True):
        if "error" in x:
            assert str(p) in x["error"]["message"]
    assert "GX-X001" in [f["code"] for f in lines[3]["findings"]]
