"""Inner structure (subsections, enumerations, paragraphs) and the structure rules on real reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from gxreview import review
from gxreview.document import Section
from gxreview.segment.structure import cn_value, markers, numbered_runs, outline, paragraphs, subsections

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


@pytest.fixture(scope="module")
def results():
    names = ["pingtan-czjrj_2021", "shanghai-kewei_2024", "xiangtan-sjj_2024", "pingtan-zhsyq_2023",
             "pingtan-xzspj_2018", "pingtan-zhzfj_2013", "pingtan-gaj_2024", "pingtan-czjrj_2022"]
    return {n: review(str(CORPORA / f"{n}.txt")) for n in names}


def _codes(r, code):
    return [f for f in r.findings if f.code == code]


def test_missing_other_section_gives_s101(results):
    f = _codes(results["pingtan-czjrj_2021"], "GX-S101")
    assert [x.evidence["section"] for x in f] == ["other"]
    assert not _codes(results["pingtan-czjrj_2022"], "GX-S101")


def test_shanghai_numbering_gives_s102(results):
    f = _codes(results["shanghai-kewei_2024"], "GX-S102")
    assert f and any(x.evidence.get("number") == "一" and x.section == "proactive" for x in f)
    assert not _codes(results["pingtan-czjrj_2022"], "GX-S102")


def test_xiangtan_subsection_gap_gives_n101(results):
    f = _codes(results["xiangtan-sjj_2024"], "GX-N101")
    assert len(f) == 1 and f[0].evidence["previous"] == "（一）" and f[0].evidence["found"] == "（四）"
    text = results["xiangtan-sjj_2024"].text
    assert f[0].section == "overview" and text[f[0].start : f[0].end] == "（四）"


def test_enumeration_one_three_three_gives_n101(results):
    f = _codes(results["pingtan-zhsyq_2023"], "GX-N101")
    assert {x.evidence["problem"] for x in f} == {"skips", "repeats"}
    assert all(x.evidence["sequence"] == ["一是", "三是", "三是"] for x in f)


def test_pre_2019_reports_are_legacy(results):
    for n in ("pingtan-xzspj_2018", "pingtan-zhzfj_2013"):
        r = results[n]
        assert r.report.format == "legacy"
        assert not _codes(r, "GX-S102")


def test_variant_heading_gives_s103_not_s102(results):
    r = results["pingtan-gaj_2024"]
    f = _codes(r, "GX-S103")
    assert any("明年工作计划" in x.evidence["heading"] for x in f)
    assert not _codes(r, "GX-S102") and not _codes(r, "GX-S101")


# --- unit: markers, runs, subsections, paragraphs ----------------------------------------------

def test_cn_value():
    assert [cn_value(x) for x in ("一", "九", "十", "十二", "二十", "二十三", "7")] == [1, 9, 10, 12, 20, 23, 7]


def test_enumeration_markers_need_a_clause_boundary():
    text = "问题：一是意识不强，二是形式单一。统一是前提。"
    assert [m.label for m in markers(text, "enum")] == ["一是", "二是"]


def test_runs_restart_inside_enclosing_items():
    text = "（一）存在问题\n一是甲。二是乙。\n（二）改进措施：二是丙。三是丁。\n"
    body = Section("problems", "五", "五、存在的主要问题及改进情况", 0, len(text), 0)
    o = outline(text, body)
    assert [[m.label for m in run] for run in o.runs["enum"]] == [["一是", "二是"], ["二是", "三是"]]
    assert [s.heading for s in o.subsections] == ["（一）存在问题", "（二）改进措施"]


def test_numbered_runs_value_one_starts_new_run():
    marks = markers("1.甲。2.乙。1.丙。3.丁。", "arabic")
    assert [[m.value for m in r] for r in numbered_runs(marks)] == [[1, 2], [1, 3]]


def test_subsections_and_paragraphs_offsets():
    text = "前言。（一）主动公开方面。公开120条。（二）依申请公开。办理3件。"
    subs = subsections(text, 0, len(text))
    assert [(s.label, s.heading) for s in subs] == [("（一）", "（一）主动公开方面"), ("（二）", "（二）依申请公开")]
    assert text[subs[0].body_start : subs[0].end] == "公开120条。"
    paras = paragraphs(text, 0, len(text))
    assert [p.text for p in paras] == ["前言。", "（一）主动公开方面。公开120条。", "（二）依申请公开。办理3件。"]
    assert all(text[p.start : p.end] == p.text for p in paras)


def test_marker_after_a_closing_bracket_counts():
    # （属于…1条）（四）… : the （四） is a real marker, so （三）→（四） is no gap
    text = "（一）甲。（二）乙。（三）丙（含1条）（四）丁。（五）戊。"
    marks = markers(text, "paren")
    assert [m.label for m in marks] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert [m.label for m in markers("第二十条第（一）项", "paren")] == []


def test_nesting_order_restarts_inner_lists():
    # 1. items hold （1） lists: （1）（2） under 1., （1）（2） under 2. — no repeat
    text = "1.公开\n（1）甲。（2）乙。\n2.申请\n（2）丙。（3）丁。\n"
    sec = Section("overview", "一", "一、总体情况", 0, len(text), 0)
    runs = outline(text, sec).runs["arabic_paren"]
    assert [[m.value for m in r] for r in runs] == [[1, 2], [2, 3]]


def test_one_scan_markers_match_each_styles_finditer():
    """markers() (one scan for every style, memoised per span) equals the style's own finditer
    (markers_reference) on corpus sections, random spans and random marker-heavy text."""
    import random

    from gxreview.io import load
    from gxreview.segment.sections import find_sections
    from gxreview.segment.structure import MARKER_STYLES, markers_reference

    rng = random.Random(7)
    alphabet = "（()）一二三四五六七八九十是否非0123456789.．、。；：，, \n”甲"
    cases = []
    for p in sorted(CORPORA.glob("*.txt")):
        text = load(p).text
        cases += [(text, s.body_start, s.end) for s in find_sections(text)]
        cases += [(text, a, rng.randint(a, len(text))) for a in (rng.randint(0, len(text)) for _ in range(5))]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        a = rng.randint(0, len(text))
        cases += [(text, 0, len(text)), (text, a, rng.randint(a, len(text)))]
    found = 0
    for text, a, b in cases:
        for style in MARKER_STYLES:
            got = markers(text, style, a, b)
            assert got == markers_reference(text, style, a, b), (text[a:b][:80], style)
            found += len(got)
    assert found > 1000


def test_marker_scan_at_boundaries_only_matches_reference():
    """markers() scans only where a marker is kept (after a boundary character, or at the span or
    text start) with the digits as a written-out class; on text made of every boundary character,
    every marker character and digits of other scripts (Arabic-Indic, full-width, beyond the BMP),
    it still equals each style's own finditer (markers_reference)."""
    import random

    from gxreview.segment.structure import _SCANS, BOUNDARY_ENUM, MARKER_STYLES, markers_reference

    rng = random.Random(17)
    alphabet = [*BOUNDARY_ENUM, *"（()）一二三四五六七八九十是否非0123456789.．、甲乙", "٣", "１", "𝟙", "𝟚", "😀"]
    found = 0
    for _ in range(6000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        a = rng.randint(0, len(text))
        for start, end in ((0, len(text)), (a, rng.randint(a, len(text)))):
            _SCANS.clear()
            for style in MARKER_STYLES:
                got = markers(text, style, start, end)
                assert got == markers_reference(text, style, start, end), (text, start, end, style)
                found += len(got)
    assert found > 1000
