"""Report metadata: signer and signing date, issuer type, publication date (issue 10)."""

from __future__ import annotations

from gxreview.io import load
from gxreview.metadata import extract_info

from .conftest import CORPORA


def _info(name, meta=None):
    return extract_info(load(CORPORA / name, meta=meta))


def test_signer_on_its_own_line_above_the_date():
    i = _info("shuyang-xzf_2025.txt")
    assert i.signer == "沐阳县人民政府" and i.signed == "2026-01-23" and i.issuer_type == "government"


def test_signer_glued_to_table_text():
    i = _info("pingtan-xzspj_2018.txt")
    assert i.signer == "平潭综合实验区行政审批局" and i.signed == "2018-01-16"


def test_signer_span_points_at_the_name():
    doc = load(CORPORA / "pingtan-czjrj_2021.txt")
    i = extract_info(doc)
    assert doc.text[i.signer_span[0]:i.signer_span[1]] == i.signer == "平潭综合实验区财政全融局"


def test_published_from_crawl_header_and_override():
    assert _info("pingtan-czjrj_2021.txt").published == "2022-01-13"
    assert _info("pingtan-czjrj_2021.txt", {"published": "2022-03-01"}).published == "2022-03-01"
    assert _info("xiangtan-sjj_2024.txt").published is None


def test_statistics_period_end_is_not_a_signature():
    i = _info("xiangtan-sjj_2024.txt")
    assert i.signed is None and i.signer is None
