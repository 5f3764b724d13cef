"""One-to-one character folding: width and punctuation variants, so offsets map back to the raw body.

Every character maps to exactly one character, hence ``len(fold(s)) == len(s)`` and offsets are
shared between the raw body and the normalised text.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_FOLD: dict[int, str] = {}

# full-width ASCII letters and digits → ASCII; full-width % . , : ; etc. → ASCII where numbers use them
for _cp in range(0xFF10, 0xFF1A):  # ０-９
    _FOLD[_cp] = chr(_cp - 0xFEE0)
for _cp in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):  # Ａ-Ｚ ａ-ｚ
    _FOLD[_cp] = chr(_cp - 0xFEE0)
_FOLD.update(
    {
        ord("％"): "%",
        ord("．"): ".",
        ord("＋"): "+",
        ord("－"): "-",
        ord("＝"): "=",
        ord("／"): "/",
        ord("＜"): "<",
        ord("＞"): ">",
        ord("＆"): "&",
        ord("＃"): "#",
        ord("＊"): "*",
        ord("～"): "~",
        ord("｜"): "|",
        # brackets: ASCII and variant parentheses → the full-width form used by the format
        ord("("): "（",
        ord(")"): "）",
        ord("﹙"): "（",
        ord("﹚"): "）",
        ord("﹝"): "〔",
        ord("﹞"): "〕",
        ord("［"): "〔",
        ord("］"): "〕",
        ord("【"): "【",
        # list comma / full stops variants
        ord("﹑"): "、",
        ord("，"): "，",
        ord("﹐"): "，",
        ord("︰"): "：",
        ord("﹕"): "：",
        ord("﹔"): "；",
        ord("｡"): "。",
        # quotes
        ord("＂"): '"',
        ord("＇"): "'",
        ord("「"): "“",
        ord("」"): "”",
        # spaces: ideographic / no-break / thin / zero-width → plain space
        0x3000: " ",
        0x00A0: " ",
        0x2002: " ",
        0x2003: " ",
        0x2009: " ",
        0x200B: " ",
        0x202F: " ",
        0xFEFF: " ",
        # dashes
        0x2014: "—",
        0x2015: "—",
        0x2500: "—",
        0xFE58: "—",
    }
)

# Traditional → simplified, one character each: the generated table (gxreview/data/make_trad_table.py, from
# OpenCC data, filtered so no character a simplified text uses on its own is touched), plus the
# overrides below for characters OpenCC keeps because they also exist in simplified usage but that
# in a report are almost always the traditional form.
TRAD_OVERRIDES: dict[str, str] = {"於": "于"}


def _load_trad_table() -> dict[int, str]:
    path = Path(__file__).parent / "data" / "trad2simp.txt"
    out: dict[int, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:  # pragma: no cover - a broken install; folding still handles width/punctuation
        lines = []
    for line in lines:
        if not line or line.startswith("#"):
            continue
        trad, _, simp = line.partition("\t")
        if len(trad) == 1 and len(simp) == 1:
            out[ord(trad)] = simp
    out.update({ord(k): v for k, v in TRAD_OVERRIDES.items()})
    return out


_TRAD = _load_trad_table()
_TABLE = {**_TRAD, **{k: v for k, v in _FOLD.items() if chr(k) != v}}


_BY_CHAR = {chr(k): v for k, v in _TABLE.items()}
_KEYS = frozenset(_BY_CHAR)
# No folded character is itself folded again, so replacing character by character is one pass.
assert not _KEYS.intersection(_BY_CHAR.values()), "folding table must not chain"


def fold(text: str) -> str:
    """Fold width/punctuation/traditional variants one character to one character."""
    if len(text) < _VECTOR_MIN:
        return _fold_plain(text)
    np, mask = _key_mask()
    # the code points of the text, in C: those that need folding are looked up all at once
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    found = codes[mask[np.minimum(codes, len(mask) - 1)]]
    for cp in np.unique(found).tolist() if found.size else ():
        ch = chr(cp)
        text = text.replace(ch, _BY_CHAR[ch])
    return text


def _fold_plain(text: str) -> str:
    """:func:`fold` for short texts (and the reference it is tested against)."""
    # str.translate with a 3,000-entry dict costs ~0.4 µs per character; the set of distinct
    # characters is computed in C and few of them need folding, each with one str.replace.
    for ch in _KEYS.intersection(text):
        text = text.replace(ch, _BY_CHAR[ch])
    return text


_VECTOR_MIN = 200  # from this length on, fold finds the characters to fold with numpy


@lru_cache(maxsize=1)
def _key_mask():
    """numpy (imported on first use) and a table: code point → needs folding (the last entry,
    False, stands for every code point above the table)."""
    import numpy as np

    mask = np.zeros(max(_TABLE) + 2, dtype=bool)
    mask[list(_TABLE)] = True
    return np, mask


def is_traditional(ch: str) -> bool:
    """True for a character the folding maps from traditional to simplified."""
    return ord(ch) in _TRAD


def fold_table() -> dict[int, str]:
    """The folding table (for documentation and tests)."""
    return dict(_TABLE)
