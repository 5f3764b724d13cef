"""Claim checks on real reports: genuine contradictions fire, misreadings found in review do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from gxreview import review

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


def _findings(name: str, code: str):
    return [f for f in review(CORPORA / name).findings if f.code == code]


def test_disclosed_and_partial_together_compare_with_r1_plus_r2():
    # "予以公开及部分公开42件" = 表三 r1 22 + r2 20: no contradiction
    r = review(CORPORA / "pingtan-zhsyq_2023.txt")
    fig = next(f for f in r.figures if f.text == "42件")
    assert fig.metric == "disclosed_or_partial"
    assert not [f for f in r.findings if f.code == "GX-C101" and "42件" in f.message]
    check = next(c for c in r.checks if c.rule == "C101[disclosed_or_partial]")
    assert check.status == "PASS"


def test_breakdown_of_a_part_is_not_more_parts():
    # "37条，其中全文电子化…35条，包括…25条、…4条、…6条": 25+4+6 break down the 35, not the 37
    assert not _findings("pingtan-zhzfj_2013.txt", "GX-C102")


@pytest.mark.parametrize(("name", "whole", "parts_sum"), [
    ("pingtan-zhsyq_2020.txt", "2602条", 2603),  # eleven categories add up to 2603
    ("pingtan-scjgj_2022.txt", "471条", 498),  # seven columns add up to 498
])
def test_parts_exceeding_their_whole_fire(name, whole, parts_sum):
    hits = [f for f in _findings(name, "GX-C102") if whole in f.message]
    assert hits and hits[0].evidence["sum_of_parts_low"] == parts_sum
