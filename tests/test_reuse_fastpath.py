"""The reuse speed-ups give exactly what the plain computations give (corpus and random text)."""

from __future__ import annotations

import importlib
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

N = importlib.import_module("gxreview.reuse.narrative")
M = importlib.import_module("gxreview.reuse.mask")
T = importlib.import_module("gxreview.reuse.templates")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpora").glob("*.txt"))
ORG = "平潭综合实验区财政金融局"
# what the masking, label and template patterns care about, plus filler
PIECES = ("一", "二", "三", "十", "是", "、", "第", "（", "）", "(", ")", "，", "。", ",", ".", "１", "2", "0", "9",
          "2023", "2024年", "19", "12.5", "3,000", " ", "\u3000", "\n", "\x00", "《", "》", "“", "”", "%", "abc", "Z",
          "局", "我", "开展", "政府信息", "平台", "财政金融局", "区财政金融局", ORG, "自然人", "总计", "其他",
          "本年新收政府信息公开申请数量", "行政复议", "统计期限", "本报告", "电子版", "网站", "公布", "特此报告",
          "附件：", "勾稽关系", "《中华人民共和国政府信息公开条例》", "根据", "编制", "①", "\ue000", "×",
          "\U00020000", "\ud800")  # outside the BMP, a lone surrogate: the class table's edge cases


@dataclass(frozen=True)
class _S:
    start: int
    end: int


def _random_case(rng: random.Random) -> tuple[str, list[_S], list[tuple[int, int]]]:
    text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 120)))
    cuts = sorted({0, len(text), *(rng.randrange(len(text) + 1) for _ in range(rng.randint(0, 12)))})
    sents = [_S(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]
    regions = []
    for _ in range(rng.randint(0, 3)):
        a = rng.randrange(len(text) + 1)
        regions.append((a, min(len(text), a + rng.randint(0, 40))))
    return text, sents, regions


def test_build_units_equals_reference_on_random_text():
    rng = random.Random(7)
    learned = frozenset({M.mask("我局开展政府信息公开工作", ORG), M.mask("统计期限", ORG)})
    fast_used = 0
    for _ in range(3000):
        text, sents, regions = _random_case(rng)
        for org in (ORG, None, "区财政金融局"):
            for reg in (regions, None):
                got = N.build_units(text, sents, org, regions=reg, learned=learned)
                want = N.build_units_reference(text, sents, org, regions=reg, learned=learned)
                assert got == want, (text, sents, reg, org)
        fast_used += "\x00" not in text and bool(sents)
    assert fast_used > 1000


def test_build_units_equals_reference_on_the_corpus():
    from gxreview.io import load
    from gxreview.pipeline import analyse

    for p in CORPUS:
        a = analyse(load(p))
        for reg in (a.tables.regions, None):
            got = N.build_units(a.text, a.sentences, a.info.org, section_at=a.section_key_at, regions=reg)
            want = N.build_units_reference(a.text, a.sentences, a.info.org, section_at=a.section_key_at, regions=reg)
            assert got == want, p.name


def test_build_units_with_known_forms_equals_reference_on_random_text():
    """Forms handed over from another build (same org and templates) answer the sentences they hold."""
    rng = random.Random(11)
    learned = frozenset({M.mask("我局开展政府信息公开工作", ORG), M.mask("统计期限", ORG)})
    reused = 0
    for _ in range(2000):
        text, sents, regions = _random_case(rng)
        other, osents, oregions = _random_case(rng)
        for org in (ORG, None):
            seen: dict = {}
            # the other build sees part of this text's sentences, so some forms are known and some not
            N.build_units(other + text, osents + [_S(len(other) + s.start, len(other) + s.end) for s in sents[::2]],
                          org, regions=oregions, learned=learned, seen=seen)
            got = N.build_units(text, sents, org, regions=regions, learned=learned, known=seen)
            assert got == N.build_units_reference(text, sents, org, regions=regions, learned=learned), (text, sents)
            reused += sum(text[u.start:u.end] in seen for u in got)
    assert reused > 1000


def test_units_of_reuses_the_prior_years_forms_on_the_corpus():
    """units_of takes the forms of repeated sentences from the prior year's build: same units."""
    from gxreview.io import load
    from gxreview.pipeline import analyse

    by_name = {p.name: p for p in CORPUS}
    pairs = 0
    for p in CORPUS:
        agency, year = p.stem.rsplit("_", 1)
        prior = by_name.get(f"{agency}_{int(year) - 1}.txt")
        if prior is None:
            continue
        b = analyse(load(prior))
        a = analyse(load(p), prior=b)
        N.units_of(b)
        known = b.cache["reuse.forms"][2]
        want = N.build_units_reference(a.text, a.sentences, a.info.org, section_at=a.section_key_at,
                                       regions=a.tables.regions)
        assert N.units_of(a) == want, p.name
        pairs += any(u.text in known for u in want) and a.info.org == b.info.org
    assert pairs >= 5


@pytest.mark.parametrize("seed", range(3))
def test_list_marker_pattern_equals_its_readable_form(seed):
    ref = re.compile(M.LIST_PATTERN)
    rng = random.Random(seed)
    alphabet = "一二三四五六七八九十0123456789１２（()）、是第，,.。中文字局年\x00"
    for _ in range(50_000):
        t = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert [m.span() for m in M.LIST_RX.finditer(t)] == [m.span() for m in ref.finditer(t)], t


def test_template_hint_is_in_every_template_sentence():
    """Each conventional-sentence pattern contains a word of the hint (the hint decides which
    sentences are searched for template text)."""
    rng = random.Random(2)
    matched = 0
    for pat in T.TEMPLATE_SENTENCES:
        rx = re.compile(pat)
        for _ in range(2000):
            s = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 20)))
            m = rx.search(s)
            if m:
                assert N._TEMPLATE_HINT.search(m.group(0)), (pat, s)
                matched += 1
    assert matched > 300  # the random sentences did reach the patterns
    for sample in ("根据《中华人民共和国政府信息公开条例》编制", "勾稽关系", "统计期限", "所列数据自2023年1月1日",
                   "本报告电子版可在网站公布", "对本报告有疑问请联系", "本报告包括三部分组成", "特此报告", "此件主动公开",
                   "附件"):
        assert T.is_mandated_sentence(sample) and N._TEMPLATE_HINT.search(sample), sample


def test_phrase_trie_equals_the_alternation():
    ref = re.compile(N.PHRASE_ALTERNATION)
    rng = random.Random(5)
    pieces = list(T.FORM_PHRASES) + ["行政", "本年", "其", "他", "总", "计", "a", "1", "。", "（", "）", "\x00"]
    for _ in range(20_000):
        t = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        assert [m.span() for m in N._PHRASE_RX.finditer(t)] == [m.span() for m in ref.finditer(t)], t
    words = ["ab", "abcd", "abd", "b", "bc", "x"]
    rx, alt = re.compile(N.trie_pattern(words)), re.compile("|".join(sorted(words, key=lambda w: (-len(w), w))))
    for _ in range(20_000):
        t = "".join(rng.choice("abcdx") for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in rx.finditer(t)] == [m.span() for m in alt.finditer(t)], t


def test_year_pattern_equals_its_readable_form():
    ref = re.compile(M.YEAR_PATTERN)
    rng = random.Random(6)
    for _ in range(50_000):
        t = "".join(rng.choice("1290１２０年 a.") for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in M.YEAR_RX.finditer(t)] == [m.span() for m in ref.finditer(t)], t


def _random_units(rng: random.Random, n: int) -> list:
    base = ["我局开展政府信息公开工作", "主动公开信息", "加强平台建设", "\ue002条", "\ue001年", "完善制度", "的", "和"]
    out = []
    for k in range(n):
        m = "".join(rng.choice(base) for _ in range(rng.randint(1, 8)))
        out.append(N.Unit(k, k + 1, None, m, m, m, len(m), "mandated: x" if rng.random() < 0.1 else None))
    return out


def test_align_equals_the_cdist_reference():
    """align scores only the pairs whose lengths allow the threshold; equal to cdist over all pairs
    (random near-duplicate units and the corpus' prior-year pairs)."""
    A = importlib.import_module("gxreview.reuse.align")
    from gxreview.io import load
    from gxreview.pipeline import analyse

    rng = random.Random(13)
    cases = []
    for _ in range(400):
        us, vs = _random_units(rng, rng.randint(0, 25)), _random_units(rng, rng.randint(0, 25))
        # near copies: one piece changed, so ratios fall on both sides of the threshold
        vs += [N.Unit(u.start, u.end, None, u.text, m, m, u.chars, None)
               for u in us[:8] for m in [u.masked[:-1] + rng.choice("的和局")]]
        cases.append((us, vs))
    by_name = {p.name: p for p in CORPUS}
    for p in CORPUS:
        agency, year = p.stem.rsplit("_", 1)
        prior = by_name.get(f"{agency}_{int(year) - 1}.txt")
        if prior is not None:
            a, b = analyse(load(p)), analyse(load(prior))
            cases.append((N.units_of(a), N.units_of(b)))
    fuzzy = 0
    for us, vs in cases:
        for th in (90.0, 80.0):
            got = A.align(us, vs, threshold=th)
            assert got == A.align_reference(us, vs, threshold=th)
            fuzzy += sum(m.ratio < 100 for m in got)
    assert fuzzy > 200
