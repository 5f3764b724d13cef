"""Numerals: Arabic, Chinese and mixed forms parse back; intervals contain the written value."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gxreview.numerals import QUALIFIER_WORDS, interval, parse_number

CN = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """Reference writer for Chinese integers (0 ≤ n < 10^12)."""
    if n == 0:
        return "零"

    def section(x: int) -> str:
        out, zero = "", False
        for unit, u in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // unit % 10
            if d:
                if zero and out:
                    out += "零"
                out += CN[d] + u
                zero = False
            else:
                zero = True
        return out

    parts = []
    for big, ch in ((10**8, "亿"), (10**4, "万"), (1, "")):
        sec = n // big % 10**4 if big < 10**8 else n // big
        if sec:
            if parts and sec < 1000:
                parts.append("零")
            parts.append(section(sec) + ch)
        elif parts:
            pass
    s = "".join(parts)
    return s.replace("零零", "零").rstrip("零")


@pytest.mark.parametrize("s,v", [
    ("一千二百", 1200), ("两千", 2000), ("三十", 30), ("十二", 12), ("一百零五", 105), ("三千五", 3500),
    ("九十九点七五", Decimal("99.75")), ("1.3万", 13000), ("3万4000", 34000), ("1,100万", 11_000_000),
    ("84.28万", 842800), ("2亿3000万", 230_000_000), ("１２３", 123), ("两万三", 23000), ("二〇二一", 2021),
])
def test_known_forms(s, v):
    assert parse_number(s).value == Decimal(v)


def test_not_numerals():
    for s in ("", "万", "亿", "abc", "1.2.3"):
        assert parse_number(s) is None


def test_contract_intervals():
    assert interval(parse_number("600"), "next_step") == (600, 700)
    assert interval(parse_number("1000"), "next_step") == (1000, 2000)
    assert interval(parse_number("1.3万"), "next_step") == (13000, 14000)
    assert interval(parse_number("84.28万"), "exact") == (842750, 842850)
    assert interval(parse_number("70"), "open") == (70, None)
    lo, hi = interval(parse_number("100"), "pm5")
    assert (lo, hi) == (95, 105)
    assert interval(parse_number("100"), "near") == (90, 100)
    assert interval(parse_number("34"), "exact") == (34, 34)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_arabic_and_chinese_integers_parse_back(n):
    assert parse_number(str(n)).value == n
    assert parse_number(f"{n:,}").value == n
    assert parse_number(to_chinese(n)).value == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=99))
def test_decimals_and_mixed_parse_back(i, f):
    s = f"{i}.{f:02d}"
    assert parse_number(s).value == Decimal(s)
    assert parse_number(s + "万").value == Decimal(s) * 10000
    assert parse_number(s + "亿").value == Decimal(s) * 10**8
    cn = to_chinese(i) + "点" + "".join(CN[int(c)] for c in f"{f:02d}")
    assert parse_number(cn).value == Decimal(s)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=0, max_value=9999))
def test_mixed_wan_forms(a, b):
    assert parse_number(f"{a}万{b}").value == a * 10000 + b


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.integers(min_value=0, max_value=10**9).map(str),
                 st.decimals(min_value=0, max_value=10**6, places=2).map(str),
                 st.integers(min_value=1, max_value=10**8).map(to_chinese)),
       st.sampled_from(sorted({r for _q, r in QUALIFIER_WORDS.values()} | {"exact"})),
       st.sampled_from(["", "万"]))
def test_intervals_contain_the_written_value(s, rule, mag):
    n = parse_number(s + mag if s[0].isdigit() else s)
    lo, hi = interval(n, rule)
    if rule != "below":
        assert lo is None or lo <= n.value
    assert hi is None or n.value <= hi
    neg_lo, neg_hi = interval(n, rule, sign=-1)
    assert (neg_lo is None or neg_lo <= -n.value) and (neg_hi is None or -n.value <= neg_hi)
