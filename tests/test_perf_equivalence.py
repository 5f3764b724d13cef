"""The speed-ups give exactly what the plain computations give (on the corpus and on random text)."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest

from gxreview.figures import extract as X
from gxreview.regex_facts import required_literals, windowable

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpora").glob("*.txt"))
# characters the exclusion and figure patterns care about, plus clause breaks and filler
ALPHABET = ("0123456789０１一二三四五六七八九十百千万亿两零〇%元件个次人号年月日第是《》“”〔〕[]【】()（）-—:：/ \n\t.,，。;；！？、"
            "@w.htp电话传真邮编热线平台服务政务楼层室栋单元个部分以下方面余多几以上约近超不低于百分之数量为达公开办一件事")


def _texts(n: int = 300) -> list[str]:
    from gxreview.io import load

    rng = random.Random(11)
    corpus = [load(p).text for p in CORPUS[:12]]
    joined = "\n".join(corpus)
    out = list(corpus)
    for _ in range(n):
        parts = [joined[(a := rng.randrange(len(joined))):a + rng.randint(1, 200)] for _ in range(rng.randint(1, 5))]
        s = list("".join(parts))
        for _ in range(rng.randint(0, 25)):
            if s:
                s[rng.randrange(len(s))] = rng.choice(ALPHABET)
        out.append("".join(s))
        out.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 300))))
    return out


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


def _whole_text_overlaps(text: str, extra: list[tuple[int, int]]):
    spans = [(a, b) for a, b, _ in X.excluded_spans(text)] + extra
    return X._SpanSet(spans).overlaps


def test_windowed_exclusions_match_whole_text_scan(texts):
    rng = random.Random(5)
    checked = 0
    for t in texts:
        if not t:
            continue
        ref = _whole_text_overlaps(t, [(2, 6)])
        queries = [(a, min(len(t), a + rng.randint(1, 8))) for a in (rng.randrange(len(t)) for _ in range(25))]
        announced = queries[:12]  # the rest are asked without being announced (slower path)
        spans = X._EXCLUSIONS.for_text(t, announced, [(2, 6)])
        for a, b in queries:
            assert spans.overlaps(a, b) == ref(a, b), (t[max(0, a - 15):b + 15], a, b)
            checked += 1
    assert checked > 10_000


def test_exclusions_are_mostly_windowed():
    """The speed-up is in effect: the costly patterns run on clause windows, the cheap ones whole."""
    assert len(X._EXCLUSIONS.windowed) >= 10
    assert X._EXCLUSIONS.breaks is not None and X._EXCLUSIONS.breaks.search("。，；")


def test_figure_and_unitless_candidates_match_finditer(texts):
    for t in texts:
        assert [m.span() for m in X._figure_matches(t)] == [m.span() for m in X.FIGURE_RE.finditer(t)]
        assert [m.groupdict() for m in X._figure_matches(t)] == [m.groupdict() for m in X.FIGURE_RE.finditer(t)]
        assert [m.span() for m in X._unitless_matches(t)] == [m.span() for m in X.UNITLESS_RE.finditer(t)]


def _find_figures_plain(text: str, exclude: list[tuple[int, int]]) -> list:
    """find_figures spelled out: whole-text finditer of every pattern, no skipping, no windows."""
    spans = X._SpanSet([(a, b) for a, b, _ in X.excluded_spans(text)] + exclude)
    out = []
    for m in X.FIGURE_RE.finditer(text):
        fig = X.parse_figure_match(m, text)
        if fig is not None and not spans.overlaps(*m.span("num")):
            out.append(fig)
    taken = X._SpanSet([(f.start, f.end) for f in out])
    for m in X.UNITLESS_RE.finditer(text):
        a, b = m.span("num")
        if taken.overlaps(a, b) or spans.overlaps(a, b) or (a > 0 and text[a - 1] in X._BEFORE_ARABIC_BAD):
            continue
        if X.parse_number(m.group("num")) is None:
            continue
        value, lo, hi = X._amounts(m.group("num"), "exact", True, 1)
        out.append(X.RawFigure(m.group("num"), value, None, "count", "exact", lo, hi, a, b))
    return sorted(out, key=lambda f: f.start)


def test_find_figures_matches_plain_scan_with_excluded_regions(texts):
    """Skipping the inside of excluded regions (table regions) changes no figure."""
    from gxreview.figures.extract import find_figures
    from gxreview.io import load
    from gxreview.pipeline import analyse

    cases = []
    for p in CORPUS[:8]:  # real table regions
        a = analyse(load(p))
        cases.append((a.text, [(int(s), int(e)) for s, e in a.tables.regions]))
    rng = random.Random(21)
    for t in texts:
        spans = []
        for _ in range(rng.randint(0, 4)):
            a = rng.randrange(len(t) + 1)
            spans.append((a, min(len(t), a + rng.randint(0, 60))))
        cases.append((t, spans))
        # regions ending inside a figure, right before its numeral, or inside its numeral
        for m in list(X.FIGURE_RE.finditer(t))[:6]:
            end = rng.choice((m.start() + 1, m.start("num"), m.end("num") - 1, m.end() - 1))
            cases.append((t, [(max(0, end - rng.randint(1, 40)), end)]))
    skipped = 0
    for t, spans in cases:
        assert find_figures(t, exclude=spans) == _find_figures_plain(t, spans), (t[:80], spans)
        gaps = X._scan_gaps(t, spans)
        skipped += bool(gaps and len(gaps) > 1)
    assert skipped > 100  # the shortcut is in effect


def test_windowable_proofs(texts):
    # a character class every match is made of, so any other character is a safe break
    facts = windowable(re.compile(r"\d{4}\s*年"))
    assert facts is not None and re.fullmatch(f"[{facts[2]}]+", "2024 年")
    assert windowable(re.compile(r"\d+(?!\d)"))[:2] == (1, 0)
    assert windowable(re.compile(r"(?<!\d)1\d"))[:2] == (0, 1)
    for unsafe in (r"《[^》]*》", r"a.b", r"\d*", r"(\d)\1", r"\d(?=.*x)", r"(?i)ab\d", r"x\d"):
        assert windowable(re.compile(unsafe)) is None, unsafe
    rng = random.Random(3)
    # random text alone never matches most patterns: add the corpus and a match of the rarest ones
    samples = ["（2023）5号文", "电话13812345678。", "拨打12345政务服务便民热线"]
    for rx in X._EXCLUSIONS.windowed:
        cls = re.compile(f"[{windowable(rx)[2]}]")
        matched = 0
        for s in [*texts, *samples, *("".join(rng.choice(ALPHABET) for _ in range(60)) for _ in range(200))]:
            for m in rx.finditer(s):
                assert all(cls.match(ch) for ch in m.group(0)), (rx.pattern, m.group(0))
                matched += 1
        assert matched, rx.pattern  # the class was checked on some match


def test_consumed_class():
    from gxreview.regex_facts import consumed_class

    assert consumed_class(re.compile(r"(a)?b(?(1)c|d)(?=x)")) == "abcd"
    assert consumed_class(re.compile(r"a.b")) is None and consumed_class(re.compile(r"(?i)ab")) is None
    cls = re.compile(f"[{consumed_class(X.FIGURE_RE)}]")
    rng = random.Random(6)
    for _ in range(2000):
        s = "".join(rng.choice(ALPHABET) for _ in range(60))
        for m in X.FIGURE_RE.finditer(s):
            assert all(cls.match(ch) for ch in m.group(0)), m.group(0)


def test_fold_matches_plain_fold(texts):
    """fold's numpy lookup folds exactly the characters the set-based reference folds."""
    from gxreview import normalize as N

    rng = random.Random(12)
    keys = sorted(N._KEYS)
    extra = [chr(0x10FFFF), "\ud800", chr(max(N._TABLE)), chr(max(N._TABLE) + 1), "\U00020000"]
    for t in texts:
        s = list(t * (1 + N._VECTOR_MIN // max(1, len(t))))
        for _ in range(rng.randint(0, 40)):
            s[rng.randrange(len(s))] = rng.choice(keys + extra)
        s = "".join(s)
        assert len(s) >= N._VECTOR_MIN
        assert N.fold(s) == N._fold_plain(s)
    everything = "".join(map(chr, range(0x20, 0x31000)))
    assert N.fold(everything) == N._fold_plain(everything)


def test_first_chars():
    from gxreview.regex_facts import first_chars

    assert first_chars(re.compile(r"(?<!x)信息|栏|\.")) == frozenset("信栏.")
    assert first_chars(re.compile(r"a*b")) == frozenset("ab")
    for unsafe in (r"\d+", r"[a-c]x", r"\w", r"x*", r"[^a]"):
        assert first_chars(re.compile(unsafe)) is None, unsafe


def test_metric_cue_prefilter_matches_plain_search(texts):
    """_last_matches skips a rule only when its cue cannot start on any character of the context."""
    from gxreview.figures import metrics as M

    rng = random.Random(9)
    units = [("件", "count"), ("条", "count"), ("%", "percent"), ("元", "money"), (None, "count"), ("处", "count")]
    for t in texts:
        for _ in range(5):
            a = rng.randrange(len(t) + 1)
            ctx = t[a:a + rng.randint(1, 45)]
            for unit, kind in units:
                want = []
                for i, r in enumerate(M.METRIC_RULES):
                    if (r.units is None or unit in r.units) and (r.kinds is None or kind in r.kinds):
                        found = list(r.cue.finditer(ctx))
                        if found:
                            want.append((i, found[-1].span()))
                got = [(i, m.span()) for i, _r, m in M._last_matches(ctx, unit, kind)]
                assert got == want, ctx
    assert all(f is not None for _, _, f in M._applicable("件", "count"))  # the prefilter is in effect


def test_required_literals():
    assert required_literals(re.compile(r"\s*(?:附件下载|打印本页)\s*$")) == ("附件下载", "打印本页")
    assert required_literals(re.compile(r"\s*分享到[:：]?[^\n]{0,40}\s*$")) == ("分享到",)
    assert required_literals(re.compile(r"x*(?:ab)+")) is None
    assert required_literals(re.compile(r"(?:a|b*)c")) == ("c",)
    rng = random.Random(8)
    # whole words among the pieces: random characters alone never matched the first and last pattern
    pieces = [*"abcdxy \n", "xy", "附件下载", "打印本页", "关闭窗口", "附件", "打印"]
    for pat in (r"\s*(?:附件下载|打印本页|关闭窗口)\s*$", r"(?:ab|c)d", r"[ab]xy"):
        rx = re.compile(pat)
        words = required_literals(rx)
        matched = 0
        for _ in range(300):
            s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
            if rx.search(s):
                assert any(w in s for w in words), (pat, s)
                matched += 1
        assert matched > 5, pat  # the property was checked


@pytest.mark.skipif(unicodedata.unidata_version != "14.0.0", reason="the digit table is for Unicode 14.0")
def test_html_character_count_table_is_exact():
    from gxreview.io import html as H

    assert H._cjk_len is H._cjk_len_fast
    everything = "".join(map(chr, range(0x110000)))
    assert H._cjk_len_fast(everything) == H._cjk_len_plain(everything)
    assert H._cjk_len_fast("第3季度①²ab，") == H._cjk_len_plain("第3季度①²ab，") == 6


def test_start_finder_matches_finditer(texts):
    from gxreview.regex_facts import first_class, start_finder
    from gxreview.segment.headings import NUMBER_MARKER
    from gxreview.segment.structure import _MARKERS

    patterns = [NUMBER_MARKER, *_MARKERS.values(), re.compile(r"^\s*\d+[、.]", re.M), re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")]
    rng = random.Random(4)
    for rx in patterns:
        find = start_finder(rx)
        assert getattr(find, "__self__", None) is not rx, rx.pattern  # the shortcut, not rx.finditer
        for t in texts:
            pos = rng.randrange(len(t) + 1)
            end = rng.randrange(pos, len(t) + 1)
            for args in ((), (pos, end)):
                got = [(m.span(), m.groupdict()) for m in find(t, *args)]
                assert got == [(m.span(), m.groupdict()) for m in rx.finditer(t, *args)], (rx.pattern, args)
    assert first_class(re.compile(r"\d*")) is None  # may match empty: no shortcut
    assert start_finder(re.compile(r"(?i)ab")).__self__.pattern == "(?i)ab"  # falls back to finditer


ZONE_ALPHABET = list("0123456789") * 3 + list(" \t\n\u3000||—–-－/／\\无无+＋.．、年²①其他总计")


def test_scan_zone_memo_matches_reference(texts):
    """``scan_zone`` (memoised per zone text) reads exactly what the character loop reads."""
    from gxreview.tables import tokens as K

    rng = random.Random(8)
    cases = [(t, rng.randrange(len(t) + 1)) for t in texts if t]
    for _ in range(4000):
        s = "".join(rng.choice(ZONE_ALPHABET) for _ in range(rng.randint(0, 30)))
        cases.append((s, rng.randint(0, len(s))))
    K._ZONES.clear()
    for _round in range(2):  # the second round is answered from the memo
        for s, pos in cases:
            for end in (None, pos + rng.randint(0, 70), len(s) + 2):
                for d in (False, True):
                    for sg in (False, True):
                        got = K.scan_zone(s, pos, decimals=d, signed=sg, end=end)
                        assert got == K.scan_zone_reference(s, pos, decimals=d, signed=sg, end=end), (s, pos, end, d, sg)
    assert len(K._ZONES) <= K._ZONE_MEMO_MAX


def test_rule_metrics_tier_memo_matches_reference(texts):
    """The memoised rule_metrics_tier answers what the plain computation answers (asked twice, so
    the second answer comes from the memo), and its answers are not shared lists."""
    from gxreview.figures import metrics as M

    rng = random.Random(6)
    M._TIER_MEMO.clear()
    asked = 0
    for t in texts:
        for f in X.find_figures(t):
            ctx = M.left_context(t, f.start)
            for unit, kind in ((f.unit, f.kind), (rng.choice(["%", "件", None]), rng.choice(["count", "percent"]))):
                want = M.rule_metrics_tier_reference(ctx, unit, kind)
                first = M.rule_metrics_tier(ctx, unit, kind)
                first[0].append("x")
                assert first[0][:-1] == want[0] and first[1] == want[1]
                assert M.rule_metrics_tier(ctx, unit, kind) == want
                asked += 1
    assert asked > 1000
    assert len(M._TIER_MEMO) <= M.TIER_MEMO_SIZE


def test_fee_header_matches_start_with_its_words(texts):
    """``_fee`` searches from the first of ``_FEE_WORDS``: every header match starts with one of them."""
    from gxreview.tables import reader as R

    rng = random.Random(10)
    words = [*R._FEE_WORDS, "实际收取金额（元）", "信息处理费", "件数"]
    matched = 0
    for t in texts:
        s = list(t)
        for _ in range(rng.randint(0, 4)):
            at = rng.randrange(len(s) + 1)
            s[at:at] = list(rng.choice(words) + rng.choice(["", " 3 ", "实际收取金额", "x" * rng.randint(0, 50)]))
        t = "".join(s)
        for m in R._FEE_HEADER.finditer(t):
            assert t.startswith(R._FEE_WORDS, m.start()), (t, m.group())
            matched += 1
    assert matched > 10  # some headers matched: the loop above checked something
