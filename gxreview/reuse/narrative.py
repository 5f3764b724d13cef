"""Narrative units of a report: every sentence outside the tables, with its masked form.

Narrative = the sentences of :mod:`gxreview.segment.sentences` minus the table regions
(``a.tables.regions``); when the tables stage gave no regions, table text is recognised by its form
labels and digit runs and left out the same way. A unit records whether it is template text
(mandated wording or a learned shared phrase) — template units never count on either side.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate
from typing import Any, NamedTuple

import numpy as np

from .mask import CJK_RUN_RX, DROP_RX, content_chars, mask_lists, mask_org, mask_plain, plain
from .templates import FORM_PHRASES, is_mandated_sentence, learned_templates

MIN_CONTENT = 6  # Chinese characters a unit needs (after masking and label removal) to count


def trie_pattern(words) -> str:
    """A regex matching, at each position, the longest of ``words`` that starts there (what their
    alternation longest first matches), written as a trie so the engine follows one branch."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" not in node:
            return body
        return ("(?:" + body + ")?") if len(alts) == 1 else body + "?"

    return emit(trie)


PHRASE_ALTERNATION = "|".join(re.escape(p) for p in FORM_PHRASES)  # longest first
_PHRASE_RX = re.compile(trie_pattern(FORM_PHRASES))  # the same matches (tests)
_LONG = 7  # outside table-like text only labels this long are removed (short ones are ordinary words)
_DIGIT_RUN = re.compile(r"\d[\d\s]{5,}")
_COUNTED = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]+")  # counted by runs (sum of lengths)
# Joining sentences for one regex pass: no pattern below consumes _SEP, and every look-around
# (digits, CJK) sees it as it sees the end of a string.
_SEP = "\x00"
# Every TEMPLATE_SENTENCES pattern contains one of these: a sentence without any is not template text.
_TEMPLATE_HINT = re.compile("条例|勾稽|钩稽|统计|所列数据|报告|此件主动公开|附件")


class Unit(NamedTuple):
    """One narrative sentence (clipped to the text outside tables). A named tuple: a report builds
    dozens, and one is made in a third of a frozen dataclass's time."""

    start: int
    end: int
    section: str | None
    text: str  # the sentence as written (clipped)
    masked: str  # numbers, years, own name masked; labels, list markers, punctuation dropped
    plain: str  # the same without number/year masking (own name still masked)
    chars: int  # characters that count (non-space, non-punctuation, labels removed)
    template: str | None  # why it is template text, or None


def _clip(start: int, end: int, regions: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The longest part of [start, end) outside every region."""
    pieces = [(start, end)]
    for rs, re_ in regions:
        nxt = []
        for s, e in pieces:
            if re_ <= s or rs >= e:
                nxt.append((s, e))
                continue
            if s < rs:
                nxt.append((s, rs))
            if re_ < e:
                nxt.append((re_, e))
        pieces = nxt
    if not pieces:
        return None
    return max(pieces, key=lambda p: (p[1] - p[0], -p[0]))


def _strip_labels(text: str) -> str:
    hits = {m.group(0) for m in _PHRASE_RX.finditer(text)}
    if not hits:
        return text
    table_like = len(hits) >= 3 or bool(_DIGIT_RUN.search(text))
    return _PHRASE_RX.sub(lambda m: " " if table_like or len(m.group(0)) >= _LONG else m.group(0), text)


#: A sentence's comparison forms (masked, plain, chars, template), or None when it is no unit.
Form = tuple[str, str, int, str | None] | None


def build_units(text: str, sentences: list[Any], org: str | None, *, section_at=None,
                regions: list[tuple[int, int]] | None = None, learned: frozenset[str] | None = None,
                known: dict[str, Form] | None = None, seen: dict[str, Form] | None = None) -> list[Unit]:
    """Narrative units from a text and its sentences (objects with ``start``/``end``); equal to
    :func:`build_units_reference`.

    A unit's forms depend only on its clipped text, ``org`` and ``learned``: ``known`` (forms already
    computed for the same ``org`` and ``learned``, e.g. the prior year's) answers the sentences it
    holds, :func:`sentence_forms` computes the others, and ``seen`` (if given) receives every
    sentence's forms."""
    learned = learned_templates() if learned is None else learned
    spans = _narrative_spans(sentences, sorted(regions or []))
    raws = [text[st:en] for st, en in spans]
    if known:
        forms = [known.get(r, _MISSING) for r in raws]
        todo = [k for k, f in enumerate(forms) if f is _MISSING]
        for k, f in zip(todo, sentence_forms([raws[k] for k in todo], org, learned), strict=True):
            forms[k] = f
    else:
        forms = sentence_forms(raws, org, learned)
    if seen is not None:
        seen.update(zip(raws, forms, strict=True))
    return [Unit(st, en, section_at(st) if section_at else None, raw, *f)
            for (st, en), raw, f in zip(spans, raws, forms, strict=True) if f is not None]


_MISSING: Any = object()


def _narrative_spans(sentences: list[Any], regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each sentence clipped to the text outside the (sorted) regions; sentences inside one left out."""
    starts = [r[0] for r in regions]
    reach = list(accumulate((r[1] for r in regions), max))  # farthest end among the first i + 1 regions
    spans = []
    for s in sentences:
        k = bisect_left(starts, s.end)  # regions[:k] start before the sentence ends
        span = _clip(s.start, s.end, regions) if k and reach[k - 1] > s.start else (s.start, s.end)
        if span is not None:
            spans.append(span)
    return spans


def sentence_forms(raws: list[str], org: str | None, learned: frozenset[str]) -> list[Form]:
    """:func:`sentence_form` of every sentence text. Every regex runs once over all of them joined by
    ``_SEP`` (no pattern consumes it and its look-arounds see it as they see a string boundary), so
    the per-sentence work is a split."""
    joined = _SEP.join(raws)
    if not raws or (org and _SEP in org) or joined.count(_SEP) != len(raws) - 1:
        return [sentence_form(r, org, learned) for r in raws]
    offsets = _offsets(raws)
    bodies = _strip_labels_all(joined, raws, offsets)
    jb = _SEP.join(bodies)
    pj, content = _plain_and_chinese(jb, org)  # masking years and numbers later changes no Chinese
    pls = pj.split(_SEP)
    ms = mask_plain(pj).split(_SEP)
    counted, body_cjk = _counted_and_chinese(jb)
    hinted = _indices(_TEMPLATE_HINT.finditer(joined), offsets)
    out: list[Form] = []
    for k, body in enumerate(bodies):
        if content[k] < MIN_CONTENT or body_cjk[k] < 0.4 * (len(body) - body.count(" ")):  # see sentence_form
            out.append(None)
            continue
        m = ms[k]
        why = is_mandated_sentence(raws[k]) if k in hinted else None
        if why is None and m in learned:
            why = "learned"
        out.append((m, pls[k], counted[k], ("mandated: " + why) if why and why != "learned" else why))
    return out


def _plain_and_chinese(joined: str, org: str | None) -> tuple[str, list[int]]:
    """``plain(joined, org)`` and the Chinese characters of each of its parts."""
    codes, cls = _classes(mask_lists(mask_org(joined, org)))
    keep = (cls & _DROPPED) == 0  # DROP_RX.sub("", t)
    kept = codes[keep]
    (chinese,) = _part_sums(kept, cls[keep] & _CHINESE)
    return kept.tobytes().decode("utf-32-le", "surrogatepass"), chinese


def _counted_and_chinese(joined: str) -> tuple[list[int], list[int]]:
    """Per part: the characters _COUNTED counts and the Chinese ones."""
    codes, cls = _classes(joined)
    counted, chinese = _part_sums(codes, (cls & _COUNTED_BIT) >> 1, cls & _CHINESE)
    return counted, chinese


_CHINESE, _COUNTED_BIT, _DROPPED = 1, 2, 4
_OUTSIDE_BMP = 0x10000  # the table's last entry, shared by every character past the BMP: none is in a class


@lru_cache(maxsize=1)
def _class_table():
    """Per BMP character, the bits of the patterns that match it: _CHINESE (CJK_RUN_RX),
    _COUNTED_BIT (_COUNTED), _DROPPED (DROP_RX); then one empty entry for the rest."""
    bmp = "".join(map(chr, range(_OUTSIDE_BMP)))
    t = np.zeros(_OUTSIDE_BMP + 1, dtype=np.uint8)
    for bit, rx in ((_CHINESE, CJK_RUN_RX), (_COUNTED_BIT, _COUNTED), (_DROPPED, DROP_RX)):
        for m in rx.finditer(bmp):
            t[m.start():m.end()] |= bit
    return t


def _classes(s: str):
    """(code points of ``s``, their _class_table bits) with numpy (lone surrogates kept as code points)."""
    codes = np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return codes, _class_table()[np.minimum(codes, _OUTSIDE_BMP)]


def _part_sums(codes, *flags) -> list[list[int]]:
    """For each flag array, its sum over each ``_SEP``-separated part of ``codes``."""
    bounds = np.flatnonzero(np.concatenate(((True,), codes == 0, (True,))))  # separators, padded at both ends
    out = []
    for f in flags:
        cs = np.concatenate(((0,), np.cumsum(f, dtype=np.int64)))
        out.append((cs[bounds[1:] - 1] - cs[bounds[:-1]]).tolist())
    return out


def _offsets(parts: list[str]) -> list[int]:
    """Start of each part in ``_SEP.join(parts)``."""
    out, pos = [], 0
    for p in parts:
        out.append(pos)
        pos += len(p) + 1
    return out


def _indices(matches, offsets: list[int]) -> set[int]:
    """Indices of the parts (starting at ``offsets``) the matches start in."""
    return {bisect_right(offsets, m.start()) - 1 for m in matches}



def _strip_labels_all(joined: str, raws: list[str], offsets: list[int]) -> list[str]:
    """:func:`_strip_labels` of every part, from one scan of the joined text."""
    hits: dict[int, list[re.Match[str]]] = {}
    k, nxt = -1, 0  # the part the last match was in, the start of the part after it
    for m in _PHRASE_RX.finditer(joined):
        if m.start() >= nxt:
            k = bisect_right(offsets, m.start()) - 1
            nxt = offsets[k + 1] if k + 1 < len(offsets) else len(joined) + 1
            hits[k] = [m]
        else:
            hits[k].append(m)
    out = list(raws)
    for k, ms in hits.items():
        raw, base = raws[k], offsets[k]
        table_like = len({m.group(0) for m in ms}) >= 3 or bool(_DIGIT_RUN.search(raw))
        if not table_like and all(m.end() - m.start() < _LONG for m in ms):
            continue  # nothing removed
        pieces, pos = [], 0
        for m in ms:
            s, e = m.start() - base, m.end() - base
            pieces.append(raw[pos:s])
            pieces.append(" " if table_like or e - s >= _LONG else raw[s:e])
            pos = e
        pieces.append(raw[pos:])
        out[k] = "".join(pieces)
    return out


def sentence_form(raw: str, org: str | None, learned: frozenset[str]) -> Form:
    """The forms of one sentence (clipped to the narrative), or None when it is no unit: the plain
    computation :func:`sentence_forms` must equal (tests)."""
    body = _strip_labels(raw)
    pl = plain(body, org)
    m = mask_plain(pl)
    if content_chars(m) < MIN_CONTENT:
        return None
    # table debris: mostly placeholders and digits once labels are gone
    if sum(map(len, CJK_RUN_RX.findall(body))) < 0.4 * len(body.replace(" ", "")):
        return None
    why = is_mandated_sentence(raw)
    if why is None and m in learned:
        why = "learned"
    chars = sum(map(len, _COUNTED.findall(body)))
    return m, pl, chars, ("mandated: " + why) if why and why != "learned" else why


def build_units_reference(text: str, sentences: list[Any], org: str | None, *, section_at=None,
                regions: list[tuple[int, int]] | None = None, learned: frozenset[str] | None = None) -> list[Unit]:
    """Narrative units from a text and its sentences (objects with ``start``/``end``): the plain
    sentence-by-sentence computation :func:`build_units` must equal (tests)."""
    learned = learned_templates() if learned is None else learned
    regions = sorted(regions or [])
    out: list[Unit] = []
    for s in sentences:
        span = _clip(s.start, s.end, regions) if regions else (s.start, s.end)
        if span is None:
            continue
        st, en = span
        f = sentence_form(text[st:en], org, learned)
        if f is not None:
            out.append(Unit(st, en, section_at(st) if section_at else None, text[st:en], *f))
    return out


def units_of(a) -> list[Unit]:
    """The narrative units of an analysed report (memoised in ``a.cache``, with every sentence's
    forms: the next year's report reuses those of the sentences it repeats)."""
    if "reuse.units" in a.cache:
        return a.cache["reuse.units"]
    regions = getattr(a.tables, "regions", None) if a.tables is not None else None
    org, learned = a.info.org, learned_templates()
    prior = a.prior.cache.get("reuse.forms") if a.prior is not None else None
    known = prior[2] if prior is not None and prior[0] == org and prior[1] is learned else None
    seen: dict[str, Form] = {}
    units = build_units(a.text, a.sentences, org, section_at=a.section_key_at, regions=regions, learned=learned,
                        known=known, seen=seen)
    a.cache["reuse.units"] = units
    a.cache["reuse.forms"] = (org, learned, seen)
    return units
