"""Narrative units of a report: every sentence outside the tables, with its masked form.

Narrative = the sentences of :mod:`gxreview.segment.sentences` minus the table regions
(``a.tables.regions``); when the tables stage gave no regions, table text is recognised by its form
labels and digit runs and left out the same way. A unit records whether it is template text
(mandated wording or a learned shared phrase) — template units never count on either side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .mask import CJK_RUN_RX, content_chars, mask_plain, plain
from .templates import FORM_PHRASES, is_mandated_sentence, learned_templates

MIN_CONTENT = 6  # Chinese characters a unit needs (after masking and label removal) to count
_PHRASE_RX = re.compile("|".join(re.escape(p) for p in FORM_PHRASES))  # longest first
_LONG = 7  # outside table-like text only labels this long are removed (short ones are ordinary words)
_DIGIT_RUN = re.compile(r"\d[\d\s]{5,}")
_COUNTED = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]+")  # counted by runs (sum of lengths)


@dataclass(frozen=True)
class Unit:
    """One narrative sentence (clipped to the text outside tables)."""

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


def build_units(text: str, sentences: list[Any], org: str | None, *, section_at=None,
                regions: list[tuple[int, int]] | None = None, learned: frozenset[str] | None = None) -> list[Unit]:
    """Narrative units from a text and its sentences (objects with ``start``/``end``)."""
    learned = learned_templates() if learned is None else learned
    regions = sorted(regions or [])
    out: list[Unit] = []
    for s in sentences:
        span = _clip(s.start, s.end, regions) if regions else (s.start, s.end)
        if span is None:
            continue
        st, en = span
        raw = text[st:en]
        body = _strip_labels(raw)
        pl = plain(body, org)
        m = mask_plain(pl)
        if content_chars(m) < MIN_CONTENT:
            continue
        # table debris: mostly placeholders and digits once labels are gone
        if sum(map(len, CJK_RUN_RX.findall(body))) < 0.4 * len(body.replace(" ", "")):
            continue
        why = is_mandated_sentence(raw)
        if why is None and m in learned:
            why = "learned"
        chars = sum(map(len, _COUNTED.findall(body)))
        out.append(Unit(st, en, section_at(st) if section_at else None, raw, m, pl, chars,
                        ("mandated: " + why) if why and why != "learned" else why))
    return out


def units_of(a) -> list[Unit]:
    """The narrative units of an analysed report (memoised in ``a.cache``)."""
    if "reuse.units" in a.cache:
        return a.cache["reuse.units"]
    regions = getattr(a.tables, "regions", None) if a.tables is not None else None
    units = build_units(a.text, a.sentences, a.info.org, section_at=a.section_key_at, regions=regions)
    a.cache["reuse.units"] = units
    return units
