"""Sections: golden files for every bundled report, plus synthetic variants proving the matcher
generalises (traditional characters, half-width brackets, typos, glued and unnumbered headings).

Regenerate the golden files after a deliberate change with
``GXREVIEW_REGEN_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_segment_sections.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from gxreview.io import load
from gxreview.segment.sections import find_sections, official_keys

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
GOLDEN = Path(__file__).resolve().parent / "golden" / "sections"
EXPECTED = json.loads((CORPORA / "EXPECTED.json").read_text(encoding="utf-8"))["reports"]
NAMES = sorted(EXPECTED)


def _golden_name(name: str) -> Path:
    return GOLDEN / (Path(name).stem + ".json")


def _load(name: str):
    return load(CORPORA / name)


def _record(text: str) -> dict:
    return {
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        "chars": len(text),
        "sections": [
            {"key": s.key, "number": s.number, "heading": s.heading, "start": s.start, "end": s.end, "how": s.how}
            for s in find_sections(text)
        ],
    }


@pytest.mark.parametrize("name", NAMES)
def test_golden_sections(name):
    text = _load(name).text
    got = _record(text)
    path = _golden_name(name)
    if os.environ.get("GXREVIEW_REGEN_GOLDEN") or not path.exists():
        if not os.environ.get("GXREVIEW_REGEN_GOLDEN"):
            pytest.fail(f"no golden file {path.name}: regenerate with GXREVIEW_REGEN_GOLDEN=1")
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    want = json.loads(path.read_text(encoding="utf-8"))
    strip = lambda secs: [(s["key"], s["number"], s["heading"], s["how"]) for s in secs]  # noqa: E731
    assert strip(got["sections"]) == strip(want["sections"])
    if got["text_sha256"] == want["text_sha256"]:
        assert [(s["start"], s["end"]) for s in got["sections"]] == [(s["start"], s["end"]) for s in want["sections"]]
    else:  # the reader's normalisation moved offsets: headings must still sit where they say
        for s in got["sections"]:
            assert text[s["start"] : s["start"] + len(s["heading"])] == s["heading"]


@pytest.mark.parametrize("name", NAMES)
def test_expected_keys(name):
    want = EXPECTED[name]["sections"]
    if want is None:
        pytest.skip("no section expectation (legacy report)")
    assert official_keys(find_sections(_load(name).text)) == want


@pytest.mark.parametrize("name", NAMES)
def test_sections_tile_the_text(name):
    text = _load(name).text
    secs = find_sections(text)
    assert secs[0].start == 0 and secs[-1].end == len(text)
    for a, b in zip(secs, secs[1:], strict=False):
        assert a.end == b.start
    for s in secs:
        assert s.start <= s.body_start <= s.end
        assert text[s.start : s.body_start].strip() == s.heading


# --- synthetic variants -------------------------------------------------------------------------

SIX = [
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
]
KEYS = ["overview", "proactive", "applications", "appeals", "problems", "other"]


def _lines(headings: list[str]) -> str:
    return "本机关编制本报告。\n" + "".join(f"{h}\n本部分正文内容。\n" for h in headings)


def _secs(text: str):
    return [(s.key, s.number, s.how) for s in find_sections(text) if s.key != "preamble"]


def test_official_headings_on_lines():
    assert _secs(_lines(SIX)) == [(k, n, "exact") for k, n in zip(KEYS, "一二三四五六", strict=True)]


def test_glued_headings_in_one_line_body():
    text = "如有疑问请与办公室联系。" + "".join(f"{h}2023年，我局扎实推进。" for h in SIX)
    assert [k for k, _, _ in _secs(text)] == KEYS


def test_traditional_characters():
    trad = ["一、總體情況", "二、主動公開政府信息情況", "三、收到和處理政府信息公開申請情況",
            "四、政府信息公開行政複議、行政訴訟情況", "五、存在的主要問題及改進情況", "六、其他需要報告的事項"]
    got = _secs(_lines(trad))
    assert [k for k, _, _ in got] == KEYS
    assert all(how != "exact" for _, _, how in got)  # matched, but not verbatim → GX-S103


def test_half_and_full_width_bracket_numbering():
    for left, right in (("（", "）"), ("(", ")")):
        heads = [f"{left}{n}{right}{h.split('、', 1)[1]}" for n, h in zip("一二三四五六", SIX, strict=True)]
        assert [k for k, _, _ in _secs(_lines(heads))] == KEYS


@pytest.mark.parametrize("heading,key,how", [
    ("四、政府信息公开行政法复议、行政诉讼情况", "appeals", None),
    ("六、其他需报告的事项", "other", None),
    ("五、存在的主要问题及明年工作计划", "problems", None),
    ("五、政府信息公开工作存在的主要问题及改进措施", "problems", None),
    ("三、收到和处理政府信息公开申清情况", "applications", "fuzzy"),
    ("二、主动公开政府信怠情况", "proactive", "fuzzy"),
    ("一、总休情况", "overview", "fuzzy"),
    ("一．总体情况", "overview", "exact"),
    ("一 总体情况", "overview", "exact"),
    ("第一部分 总体情况", "overview", "exact"),
])
def test_variants_and_typos_are_matched_not_exact(heading, key, how):
    got = _secs(_lines([heading]))
    assert got and got[0][0] == key
    if how:
        assert got[0][2] == how
    else:
        assert got[0][2] not in ("exact", "extra")


def test_short_title_typo_needs_its_official_number():
    # a one-character typo of a 4-character title is only trusted with the official number
    assert _secs(_lines(["三、总休情况"]))[0][0] == "extra"


def test_unnumbered_headings_lost_in_pdf_extraction():
    got = _secs(_lines([h.split("、", 1)[1] for h in SIX]))
    assert [k for k, _, _ in got] == KEYS
    assert all(n is None for _, n, _ in got)


def test_non_standard_numbered_heading_is_extra():
    heads = [SIX[0], "二、工作机制保障", *SIX[1:]]
    got = _secs(_lines(heads))
    assert [k for k, _, _ in got] == ["overview", "extra", *KEYS[1:]]


def test_competing_headings_table_holder_wins():
    text = ("一、总体情况\n正文。\n二、主动公开工作情况\n我局主动公开信息120条。\n"
            "三、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n")
    got = find_sections(text)
    assert [(s.key, s.heading) for s in got] == [
        ("overview", "一、总体情况"), ("extra", "二、主动公开工作情况"), ("proactive", "三、主动公开政府信息情况")]


def test_legacy_headings():
    text = _lines(["一、概述", "二、主动公开政府信息的情况", "三、政府信息依申请公开办理情况",
                   "四、因政府信息公开申请行政复议、提起行政诉讼的情况", "五、政府信息公开工作存在的主要问题及改进措施"])
    got = _secs(text)
    assert [k for k, _, _ in got] == KEYS[:5]
    assert got[0][2] == "legacy"


def test_enumerations_and_table_rows_are_not_sections():
    text = _lines([SIX[0]]) + "一是加强领导。\n二是完善制度。\n三、本年度办理结果\n（一）予以公开 0 0 0\n"
    assert [k for k, _, _ in _secs(text)] == ["overview"]


def test_paren_subsection_losing_to_a_section_stays_a_subsection():
    text = ("一、总体情况\n（一）主动公开政府信息情况\n全年公开249条。\n（二）依申请公开政府信息情况\n收到26件。\n"
            "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年制发件数\n"
            "四、政府信息公开行政复议、行政诉讼情况\n尚未审结\n")
    got = find_sections(text)
    assert [(s.key, s.heading) for s in got] == [("overview", "一、总体情况"), ("proactive", "二、主动公开政府信息情况"),
                                                 ("appeals", "四、政府信息公开行政复议、行政诉讼情况")]
    assert "全年公开249条" in text[got[0].body_start : got[0].end]


def test_duplicate_heading_is_kept_as_extra():
    text = _lines(SIX[:2]) + "二、主动公开政府信息情况\n重复。\n"
    got = find_sections(text)
    assert [s.how for s in got if s.key == "extra"] == ["duplicate"]


def test_extra_heading_alternation_is_the_first_listed_pattern():
    """sections._EXTRA (one alternation) matches where, and as far as, the first EXTRA_HEADINGS
    pattern that matches does (the list tried one pattern after another)."""
    import random
    import re

    from gxreview.segment.headings import EXTRA_HEADINGS
    from gxreview.segment.sections import _EXTRA

    listed = [re.compile(p) for p in EXTRA_HEADINGS]
    rng = random.Random(5)
    words = ["信息处理费", "收取", "收费", "的", "情况", "不予公开", "政府信息", "公开", "及减免", "收费及减免",
             "附表", "附件", "一", "，"]
    hits = 0
    for _ in range(3000):
        text = "".join(rng.choice(words) for _ in range(rng.randint(0, 6)))
        want = next((m for m in (rx.match(text) for rx in listed) if m), None)
        got = _EXTRA.match(text)
        assert (got and got.end()) == (want and want.end()), text
        hits += want is not None
    assert hits > 300
