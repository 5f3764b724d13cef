"""Sentence splitter: decimal-safe, bracket aware, headings apart, offsets exact, whole text covered."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gxreview.io import load
from gxreview.segment.sentences import Sentence, split_sentences

CORPUS = Path(__file__).resolve().parent.parent / "corpora"
REPORTS = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".html"))


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_decimals_and_magnitudes_are_never_cut():
    t = "2024年大厅共接待来访群众84.28万人，受理办件267.96万件。业务1.3万余件。网址www.pingtan.gov.cn。"
    assert texts(t) == ["2024年大厅共接待来访群众84.28万人，受理办件267.96万件。", "业务1.3万余件。", "网址www.pingtan.gov.cn。"]


def test_list_marker_with_dot_is_not_a_sentence_end():
    assert texts("1.完善预算机制。2.强化督导。") == ["1.完善预算机制。", "2.强化督导。"]


def test_no_cut_inside_quotes_and_brackets():
    t = "坚持“以公开为常态。不公开为例外”原则。依据《条例。办法》执行（详见附件。下同）完毕。"
    assert texts(t) == ["坚持“以公开为常态。不公开为例外”原则。", "依据《条例。办法》执行（详见附件。下同）完毕。"]


def test_quote_ending_a_sentence_keeps_its_closer():
    assert texts("他说：“已经办结。”随后归档。") == ["他说：“已经办结。”", "随后归档。"]


def test_unbalanced_quote_does_not_swallow_the_rest():
    t = "标题“未闭合" + "甲" * 200 + "。后面一句。"
    assert texts(t)[-1] == "后面一句。"


def test_line_based_headings_are_own_sentences():
    t = "一、总体情况\n（一）全面公开政府信息\n积极公开政府信息。\n优化政务大厅管理\n深化改革。"
    assert texts(t) == ["一、总体情况", "（一）全面公开政府信息", "积极公开政府信息。", "优化政务大厅管理", "深化改革。"]


def test_glued_heading_in_one_line_body():
    t = "如有疑问请与办公室联系。一、总体情况2023年，我局扎实推进政务公开。（一）主动公开方面。全年公开120条。"
    got = texts(t)
    assert got[:3] == ["如有疑问请与办公室联系。", "一、总体情况", "2023年，我局扎实推进政务公开。"]
    assert "（一）主动公开方面。" in got


def test_glued_subheading_without_punctuation():
    got = texts("（一）主动公开政府信息的数量2021年制作政府信息510条。（三）主要形式1.门户网站公开。")
    assert got == ["（一）主动公开政府信息的数量", "2021年制作政府信息510条。", "（三）主要形式", "1.门户网站公开。"]
    got = texts("推动建立预决算制度 （二）突出抓好采购信息公开 为切实提高透明度，做好工作。")
    assert got == ["推动建立预决算制度", "（二）突出抓好采购信息公开", "为切实提高透明度，做好工作。"]


def test_sentence_is_frozen_and_exact():
    s = split_sentences("甲。乙。")[1]
    assert s == Sentence("乙。", 2, 4)
    with pytest.raises(AttributeError):
        s.start = 0  # type: ignore[misc]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_real_reports_offsets_cover_and_decimals(path):
    text = load(path).text
    sents = split_sentences(text)
    assert sents
    for s in sents:
        assert text[s.start : s.end] == s.text and s.text == s.text.strip()
    assert all(a.end <= b.start for a, b in zip(sents, sents[1:], strict=False))
    assert re.sub(r"\s", "", "".join(s.text for s in sents)) == re.sub(r"\s", "", text)
    for s in sents:  # never cut between a digit and a decimal point
        assert not (s.text[-1].isdigit() and text[s.end : s.end + 2][:1] == "." and text[s.end + 1 : s.end + 2].isdigit())
        assert not (s.text[0] == "." and s.start > 0 and text[s.start - 1].isdigit())


_ALPHABET = st.sampled_from(list("政府信息公开年万人件条。！？；，、“”（）《》.0123456789 \n一二三是\"!?a\t\u3000(）"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=300))
def test_property_cover_and_offsets(text):
    sents = split_sentences(text)
    assert re.sub(r"\s", "", "".join(s.text for s in sents)) == re.sub(r"\s", "", text)
    prev_end = 0
    for s in sents:
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= prev_end
        prev_end = s.end
        # decimal point between digits is never a boundary
        assert not (s.end < len(text) and text[s.end] == "." and s.text[-1].isdigit())
        assert not (s.end < len(text) - 1 and s.text[-1] == "." and s.end >= 2 and text[s.end - 2].isdigit()
                    and text[s.end].isdigit())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 99999), st.integers(0, 99)), min_size=1, max_size=8))
def test_property_numbers_survive_whole(nums):
    figures = [f"{a}.{b:02d}" for a, b in nums]
    text = "。".join(f"共接待{f}万人" for f in figures) + "。"
    got = split_sentences(text)
    assert [s.text for s in got] == [f"共接待{f}万人。" for f in figures]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_section_headings_are_sentences_of_their_own(path):
    from gxreview.segment.sections import find_sections

    text = load(path).text
    starts = {(s.start, s.end) for s in split_sentences(text)}
    for sec in find_sections(text):
        if sec.key != "preamble":
            a = sec.start
            b = sec.body_start
            while b > a and text[b - 1].isspace():
                b -= 1
            assert (a, b) in starts, (sec.heading, text[a : b + 20])


def test_fast_split_matches_reference():
    """split_sentences (whole pieces kept without the per-piece procedure) equals
    split_sentences_reference (every piece through _piece_sentences) on the corpus and on random
    punctuation-heavy text, with and without given heading spans."""
    import random

    from gxreview.segment.sentences import split_sentences_reference

    rng = random.Random(9)
    alphabet = "。！？!?.\n\"“”‘’（）《》【】〔〕『』「」〈〉ab1.中文 ；\t\u3000\r\xa0（一）1、一、2023年 "
    cases = [load(p).text for p in REPORTS]
    cases += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 900))) for _ in range(1500)]
    for text in cases:
        heads = None if rng.random() < 0.5 else [(a, min(len(text), a + rng.randint(0, 10)))
                                                  for a in (rng.randint(0, len(text)) for _ in range(2))]
        assert split_sentences(text, heads) == split_sentences_reference(text, heads), text[:80]
