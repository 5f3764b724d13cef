"""Claim checks: C101 on real mismatches, silence where narrative and tables agree; C102/C103/C105 units."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from gxreview.checks.claims import fee_statement, growth_vs_prior, internal_consistency, narrative_vs_table
from gxreview.figures import extract_figures
from gxreview.findings import Finding

from .conftest import CORPORA


def stand_in(text, values, *, year=2024, fmt="2021", prior=None):
    figs = extract_figures(text)
    return SimpleNamespace(text=text, figures=figs, tables=SimpleNamespace(values=values), year=year,
                           format=fmt, prior=prior, doc=SimpleNamespace(source="x"))


def apps(**cells):
    rows = {k: {"total": v} for k, v in cells.items()}
    return {"applications": rows}


def codes(out):
    return [o.code for o in out if isinstance(o, Finding)]


def test_c101_fails_on_unambiguous_mismatch():
    a = stand_in("2025年，共受理公开申请34件，均在法定期限内予以办理。", apps(new=32, carry_in=0), year=2025)
    out = list(narrative_vs_table(a))
    assert codes(out) == ["GX-C101"]
    ev = out[0].evidence
    assert ev["readings"][0]["value"] == 32 and ev["figure"]["text"] == "34件"


def test_c101_received_equal_to_new_plus_carry_in_passes():
    a = stand_in("全年共受理政府信息公开申请 749 件。", apps(new=713, carry_in=36))
    out = list(narrative_vs_table(a))
    assert codes(out) == [] and out[0].status == "PASS"


def test_c101_interval_aware_and_ambiguous_is_c100():
    a = stand_in("共收到申请10余件。", apps(new=15, carry_in=0))
    assert [o.status for o in narrative_vs_table(a)] == ["PASS"]
    # two figures in one clause: not an unambiguous link → GX-C100, never C101
    a = stand_in("共收到申请和办结申请分别为3件和4件。", apps(new=5, carry_in=0, r7=5))
    out = list(narrative_vs_table(a))
    assert codes(out) == ["GX-C100", "GX-C100"]
    assert {o.status for o in out if not isinstance(o, Finding)} == {"UNCERTAIN"}


def test_c102_parts_whole_and_rates():
    a = stand_in("主动公开政府信息1000多条，其中门户网站600余条，各类媒介400余条。", {})
    assert codes(list(internal_consistency(a))) == []
    a = stand_in("主动公开政府信息471条，其中公示公告栏409条，文章栏145条。", {})
    assert codes(list(internal_consistency(a))) == ["GX-C102"]
    a = stand_in("按时办结率102%。", {})
    assert codes(list(internal_consistency(a))) == ["GX-C102"]


def test_c102_share_recomputed():
    a = stand_in("制作、获取政府信息总数509条，其中主动公开政府信息107条。主动公开的政府信息占21.02%。", {})
    checks = [o for o in internal_consistency(a) if getattr(o, "rule", "") == "C102[share]"]
    assert checks and checks[0].status == "PASS" and checks[0].evidence["recomputed"] == pytest.approx(21.0216, abs=1e-3)


def test_c103_growth_vs_prior():
    prior = SimpleNamespace(figures=extract_figures("12345热线共接听来电35.28万个。"), doc=SimpleNamespace(source="p"))
    a = stand_in("12345热线共接听来电41.48万个，较去年同期增长17.57%。", {}, prior=prior)
    assert [o.status for o in growth_vs_prior(a)] == ["PASS"]
    a = stand_in("12345热线共接听来电41.48万个，较去年同期增长30%。", {}, prior=prior)
    assert codes(list(growth_vs_prior(a))) == ["GX-C103"]


def test_c105_fee_statement_never_uses_admin_fees():
    values = {"processing_fee": {"notices": 1, "amount_notified": 200, "amount_collected": 200},
              "proactive": {"fees": {"amount_wan": 5.0}}}
    a = stand_in("本年度未收取信息处理费。", values)
    assert codes(list(fee_statement(a))) == ["GX-C105"]
    values["processing_fee"]["amount_collected"] = 0
    a = stand_in("本年度未收取信息处理费。", values)
    assert codes(list(fee_statement(a))) == []


EXPECT_C101 = ["pingtan-gwbgs_2025.txt", "pingtan-scjgj_2022.txt", "pingtan-scjgj_2025.txt", "pingtan-zhzfyjj_2024.txt"]
EXPECT_SILENT = ["pingtan-zhsyq_2025.txt", "shuyang-xzf_2025.txt", "xiangtan-sjj_2024.txt"]


@pytest.fixture(scope="module")
def reviewed():
    from gxreview.cli import review_paths

    names = EXPECT_C101 + EXPECT_SILENT
    return dict(zip(names, review_paths([str(CORPORA / n) for n in names]), strict=True))


@pytest.mark.parametrize("name", EXPECT_C101)
def test_corpus_c101(reviewed, name):
    assert "GX-C101" in reviewed[name].codes


@pytest.mark.parametrize("name", EXPECT_SILENT)
def test_corpus_silence(reviewed, name):
    assert "GX-C101" not in reviewed[name].codes
    if name.startswith("xiangtan"):
        assert "GX-C102" not in reviewed[name].codes
    assert any(c.rule.startswith("C101[") and c.status == "PASS" for c in reviewed[name].checks)


def test_c101_other_year_is_only_uncertain():
    a = stand_in("2023年，共受理公开申请34件。", apps(new=32, carry_in=0), year=2025)
    assert codes(list(narrative_vs_table(a))) == ["GX-C100"]


def test_bounds_and_fee_statements_equal_their_plain_scans():
    """_bounds finds the last break before a position with one match instead of a finditer; the fee
    statements are found with start_finder: the same answers (corpus and random text)."""
    import random
    import re

    from gxreview.checks import claims as CL
    from gxreview.io import load

    def bounds_ref(text, pos, rx, span=200):
        lo = max(0, pos - span)
        left = lo
        for m in rx.finditer(text, lo, pos):
            left = m.end()
        m = rx.search(text, pos, min(len(text), pos + span))
        return left, (m.start() if m else min(len(text), pos + span))

    rng = random.Random(12)
    texts = [load(p).text for p in sorted(CORPORA.glob("*.txt"))[:10]]
    pieces = tuple("。；;！？!?\n，,：:ab ") + ("未", "没有", "不", "无", "均未", "收取", "信息处理费", "费用", "为", "0", "元",
                                             "为零", "发出", "出具", "开具", "收费通知", "本机关")
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    statements = [0, 0]
    for t in texts:
        for rx in (CL.SENTENCE_BREAK, CL.CLAUSE_BREAK, CL.FULL_STOP):
            for _ in range(5):
                pos, span = rng.randint(0, len(t)), rng.choice((3, 200, 400, 600))
                assert CL._bounds(t, pos, rx, span) == bounds_ref(t, pos, rx, span)
        for k, (fast, rx) in enumerate(((CL._no_fee, CL.NO_FEE), (CL._no_notice, CL.NO_NOTICE))):
            got = [m.span() for m in fast(t)]
            assert got == [m.span() for m in rx.finditer(t)]
            statements[k] += len(got)
    assert min(statements) > 100, statements  # both patterns matched often enough to be compared
    with pytest.raises(ValueError):
        CL._last_of(re.compile("ab"))
