"""No code path reaches the network: review every input kind with sockets blocked."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from gxreview.cli import review_paths
from gxreview.findings import ReviewResult
from gxreview.io import load
from tests._render import to_docx, to_html

ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).resolve().parent / "badinputs"


class NetworkBlocked(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args)[:200])
        raise NetworkBlocked(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def _inputs(tmp_path: Path) -> list[Path]:
    md = ROOT / "corpora" / "shuyang-xzf_2025.txt"
    body = load(md).raw_body
    html = tmp_path / "rendered.html"
    html.write_bytes(to_html(body))
    docx = tmp_path / "rendered.docx"
    docx.write_bytes(to_docx(body))
    mdcopy = tmp_path / "report.md"
    mdcopy.write_bytes(md.read_bytes())
    paths = [ROOT / "corpora" / "pingtan-czjrj_2023.txt", mdcopy, html, docx,
             ROOT / "corpora" / "html" / "shuyang-fgj_2023.html", BAD / "external-resources.html"]
    try:
        import pdfplumber  # noqa: F401

        from tests._pdfmake import make_pdf

        pdf = tmp_path / "report.pdf"
        pdf.write_bytes(make_pdf([[("text", 50, 800, "Annual report 2023 zhengfu xinxi gongkai")]]))
        paths.append(pdf)
    except ImportError:
        pass
    return paths


def test_review_every_kind_offline(tmp_path, no_network):
    paths = _inputs(tmp_path)
    results = review_paths([str(p) for p in paths])
    assert no_network == []
    kinds = {p.suffix for p in paths}
    assert {".txt", ".md", ".html", ".docx"} <= kinds
    for p, r in zip(paths, results, strict=True):
        if p.suffix == ".pdf":  # an ASCII PDF is not a report (E008), but it was read without the network
            assert isinstance(r, ReviewResult) or r.code == "E008"
        else:
            assert isinstance(r, ReviewResult), r
            assert not any("network access attempted" in f.message for f in r.findings)


def test_blocking_really_blocks(no_network):
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    assert len(no_network) == 1
