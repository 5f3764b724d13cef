"""Sentence splitter for Chinese report text: decimal-safe, quote/bracket aware, headings apart.

Rules (all pure scanning, no model):

* a line break always ends a sentence (line-based reports put headings on their own lines);
* ``。！？!?`` end a sentence, together with any closing quotes/brackets right after them; ``.`` only
  when it is not between digits or ASCII letters (84.28, 1.3万, www.gov.cn and "2." list markers
  are never cut);
* nothing is cut inside “…” ‘…’ （…） 《…》 【…】 〔…〕 unless the bracket has been open for more than
  :data:`LONG_BRACKET` characters (an unbalanced quote must not swallow the rest of the report);
* section headings found by :func:`gxreview.segment.sections.find_sections` are sentences of their
  own, also when glued inside a one-line body (``…联系。一、总体情况2023年，我局…``);
* a numbered subheading without end punctuation (``（三）突出抓好采购信息公开 为切实…``,
  ``（一）主动公开政府信息的数量2021年制作…``) is cut off from the text that follows it;
* a sentence longer than :data:`MAX_SENTENCE` is cut at ``；`` as a last resort.

Sentences never include surrounding whitespace; together they cover every non-whitespace character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

LONG_BRACKET = 160  # a bracket open longer than this no longer blocks a cut
MAX_SENTENCE = 400  # longer runs are cut at ；
TERMINALS = "。！？!?"
OPENERS = {"“": "”", "‘": "’", "（": "）", "《": "》", "【": "】", "〔": "〕", "『": "』", "「": "」", "〈": "〉"}
CLOSERS = {v: k for k, v in OPENERS.items()}
_WS = " \t\r\n\u3000\xa0"

_INTERESTING = re.compile(r"[。！？!?.\n\"“”‘’（）《》【】〔〕『』「」〈〉]")  # ； changes nothing here
# numbered subheading at a sentence start, its title run (no punctuation) and what follows
_SUBHEAD = re.compile(
    r"(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.]|\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[）)])"
    r"[^\s，。；：、,;:！？!?“”《》（）()]{2,30}?"
    r"(?P<cut>[ \t\u3000]+(?=\S)|(?=(?:19|20)\d\d年)|(?=\d{1,2}[、.](?!\d)))"
)
# a short unpunctuated run at a sentence start followed by spaces and more text: a lost line break
_SPACE_BREAK = re.compile(r"[^\s，。；：、,;:！？!?“”]{4,40}?(?P<cut>[ \t\u3000]+)(?=[\u4e00-\u9fff“《（])")
_MARKER_START = frozenset("（(一二三四五六七八九十0123456789")
_INNER_WS = re.compile(r"[ \t\u3000]")
_MARKER_AFTER_SPACE = re.compile(
    r"[ \t\u3000]+(?=[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．](?!\d))"
)


@dataclass(frozen=True)
class Sentence:
    """A sentence of the document: ``text == doc_text[start:end]``."""

    text: str
    start: int
    end: int


def split_sentences(text: str, heading_spans: Iterable[tuple[int, int]] | None = None) -> list[Sentence]:
    """Split ``text`` into sentences with offsets into ``text``.

    ``heading_spans`` are (start, body_start) of section headings; by default they are found with
    :func:`gxreview.segment.sections.find_sections`.
    """
    out: list[Sentence] = []
    a = 0
    for b in [*_punctuation_cuts(text, _forced(text, heading_spans)), len(text)]:
        s, e = a, b
        while s < e and text[s] in _WS:
            s += 1
        while e > s and text[e - 1] in _WS:
            e -= 1
        if s < e:
            piece = text[s:e]
            spaced = " " in piece or "\t" in piece or "\u3000" in piece  # _INNER_WS.search
            if spaced or e - s > MAX_SENTENCE or (piece[0] in _MARKER_START and _subhead_cut(text, s, e)):
                out.extend(_piece_sentences(text, s, e, spaced))
            else:  # the common piece: one sentence as it stands
                out.append(Sentence(piece, s, e))
        a = b
    return out


def split_sentences_reference(text: str, heading_spans: Iterable[tuple[int, int]] | None = None) -> list[Sentence]:
    """:func:`split_sentences` taking every piece through the whole per-piece procedure (reference)."""
    out: list[Sentence] = []
    for a, b in _pieces(text, _punctuation_cuts(text, _forced(text, heading_spans))):
        a, b = _strip(text, a, b)
        if a < b:
            out.extend(_piece_sentences(text, a, b))
    return out


def _forced(text: str, heading_spans: Iterable[tuple[int, int]] | None) -> set[int]:
    """Positions where a section heading starts or ends (a sentence boundary whatever the punctuation)."""
    if heading_spans is None:
        from .sections import find_sections

        heading_spans = [(s.start, s.body_start) for s in find_sections(text) if s.key != "preamble"]
    forced = set()
    for a, b in heading_spans:
        forced.add(a)
        forced.add(b)
    return forced


def _piece_sentences(text: str, a: int, b: int, spaced: bool | None = None) -> list[Sentence]:
    """The sentences of one stripped piece between punctuation cuts (``spaced``: whether it holds
    a space or tab, when known)."""
    if text[a] in _MARKER_START or (_INNER_WS.search(text, a, b) if spaced is None else spaced):
        parts = _split_subheads(text, a, b, spaced is not False)
    else:
        parts = [(a, b)]
    out = []
    for a2, b2 in parts:
        for a3, b3 in _split_long(text, a2, b2) if b2 - a2 > MAX_SENTENCE else ((a2, b2),):
            if (a3, b3) != (a, b):  # (a, b) is already stripped
                a3, b3 = _strip(text, a3, b3)
            if a3 < b3:
                out.append(Sentence(text[a3:b3], a3, b3))
    return out


def _punctuation_cuts(text: str, forced: set[int]) -> list[int]:
    """Positions where a sentence ends (sorted, unique), before whitespace stripping."""
    cuts = set(p for p in forced if 0 < p < len(text))
    stack: list[tuple[str, int]] = []
    ascii_quote_open: int | None = None
    n = len(text)
    for m in _INTERESTING.finditer(text):
        p = m.start()
        ch = text[p]
        # each character belongs to one branch; the common ones are tested first (perf only)
        if ch in ".!?":
            if p == 0 or text[p - 1].isascii() or not _is_full_stop(text, p):
                continue  # (_is_full_stop is False after an ASCII character)
        elif ch == "\n":
            cuts.add(p + 1)
            stack.clear()
            ascii_quote_open = None
            continue
        elif ch in OPENERS:
            stack.append((ch, p))
            continue
        elif ch in CLOSERS:
            _close(stack, ch)
            _expire(stack, p)
            if not stack and p > 0 and text[p - 1] in TERMINALS:
                cuts.add(_after_closers(text, p + 1))
            continue
        elif ch == '"':
            if ascii_quote_open is None:
                ascii_quote_open = p
                continue
            ascii_quote_open = None
            if p > 0 and text[p - 1] in TERMINALS:
                cuts.add(_after_closers(text, p + 1))
            continue
        elif ch == "；":
            continue
        # terminal punctuation
        _expire(stack, p)
        if ascii_quote_open is not None and p - ascii_quote_open > LONG_BRACKET:
            ascii_quote_open = None
        if stack or ascii_quote_open is not None:
            continue
        cuts.add(_after_closers(text, p + 1))
    return sorted(c for c in cuts if 0 < c < n)


def _close(stack: list[tuple[str, int]], closer: str) -> None:
    """Close the innermost open bracket ``closer`` belongs to (and those opened inside it)."""
    want = CLOSERS[closer]
    for i in range(len(stack) - 1, -1, -1):
        if stack[i][0] == want:
            del stack[i:]
            return


def _expire(stack: list[tuple[str, int]], pos: int) -> None:
    """Forget brackets open for too long (unbalanced or very long quotes)."""
    while stack and pos - stack[0][1] > LONG_BRACKET:
        stack.pop(0)


def _after_closers(text: str, pos: int) -> int:
    while pos < len(text) and (text[pos] in CLOSERS or text[pos] in TERMINALS):
        pos += 1
    return pos


def _is_full_stop(text: str, p: int) -> bool:
    """An ASCII '.', '!' or '?' ends a sentence only after a non-ASCII character and before no
    ASCII word character (so 84.28, 1.3万, www.gov.cn, "2." list markers and ``<!--`` never cut)."""
    prev = text[p - 1] if p > 0 else ""
    nxt = text[p + 1] if p + 1 < len(text) else ""
    if prev.isascii():
        return False
    if nxt.isascii() and (nxt.isalnum() or nxt in "./-[<>"):
        return False
    return bool(prev)


def _pieces(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    bounds = [0, *cuts, len(text)]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1) if bounds[i] < bounds[i + 1]]


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _WS:
        a += 1
    while b > a and text[b - 1] in _WS:
        b -= 1
    return a, b


def _subhead_cut(text: str, a: int, b: int) -> bool:
    """Whether :data:`_SUBHEAD` cuts ``text[a:b]`` (the only cut :func:`_split_subheads` makes in a
    piece without spaces or tabs)."""
    m = _SUBHEAD.match(text, a, b)
    return m is not None and m.end("cut") < b


def _split_subheads(text: str, a: int, b: int, spaced: bool = True) -> list[tuple[int, int]]:
    """Cut an unpunctuated numbered subheading off the text glued after it (one-line bodies).
    ``spaced=False`` says ``text[a:b]`` holds no space or tab, so the cuts at a space are not looked for."""
    out: list[tuple[int, int]] = []
    pos = a
    while True:
        s, _ = _strip(text, pos, b)
        m = _SUBHEAD.match(text, s, b)
        cut = None
        sb = _SPACE_BREAK.match(text, s, b) if spaced else None
        if m and m.end("cut") < b:
            cut = m.start("cut") if m.group("cut") else m.end()
        elif sb and not text[s].isdigit():
            cut = sb.start("cut")
        elif spaced:
            sp = _MARKER_AFTER_SPACE.search(text, s + 1, b)
            if sp and sp.start() > s and text[sp.start() - 1] not in "，、：；":
                cut = sp.start()
        if cut is None or cut <= s:
            out.append((pos, b))
            return out
        out.append((pos, cut))
        pos = cut


def _split_long(text: str, a: int, b: int) -> list[tuple[int, int]]:
    if b - a <= MAX_SENTENCE:
        return [(a, b)]
    out: list[tuple[int, int]] = []
    start = a
    last = a
    for m in re.finditer("；", text[a:b]):
        p = a + m.end()
        if p - start > MAX_SENTENCE and last > start:
            out.append((start, last))
            start = last
        last = p
    if b - start > MAX_SENTENCE and start < last < b:
        out.append((start, last))
        start = last
    out.append((start, b))
    return out
