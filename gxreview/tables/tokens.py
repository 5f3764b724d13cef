"""Cell tokens: the digit runs, numbers and blank marks that follow a row label.

A :class:`Tok` is one whitespace/pipe-separated piece of text. ``kind`` says how it may be read:
``digits`` (a run that may hold several glued cells), ``cell`` (exactly one cell: a grid cell, a
decimal or a signed number) or ``blank`` ("—", "/", "无", empty grid cell: null, contract §2).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .spec import BLANK_MARKS


class Tok(NamedTuple):
    """(A NamedTuple rather than a frozen dataclass: built for every cell, perf only.)"""

    text: str
    start: int | None
    end: int | None
    kind: str  # digits | decimal | cell | blank

    @property
    def max_cells(self) -> int:
        if self.kind == "digits":
            return len(self.text.lstrip("-"))
        if self.kind == "decimal":
            return len(self.text.lstrip("-").split(".")[0])  # a glued run ending in a decimal (text shapes)
        return 1


_BLANK_CHARS = "—–-－/／\\无"
_SEP = " \t\r\n\u3000|"
_YEAR_TAIL = re.compile(r"(?:19|20)\d\d$")


RelTok = tuple[str, int, int, str]  # a token with offsets from the zone's start
_ZONES: dict[tuple[str, bool, bool], tuple[tuple[RelTok, ...], int]] = {}
_ZONE_MEMO_MAX = 8192
_ZONE_MEMO_LEN = 64  # longer zones are read directly (rarely repeated)


def scan_zone(text: str, pos: int, *, decimals: bool = False, signed: bool = False,
              end: int | None = None) -> tuple[list[Tok], int]:
    """Read the tokens of the number zone starting at ``pos`` (stops at the first other character).

    Returns the tokens and the position where the zone ends. Pipes are separators. A minus sign
    before digits is a sign only when ``signed``; otherwise "-" is a blank mark.
    Fast path of :func:`scan_zone_reference`: a bounded zone (a row's cells up to the next label)
    is read once per distinct text and flags; the same cells recur across reports.
    """
    if end is None or end - pos > _ZONE_MEMO_LEN or pos <= 0:
        return scan_zone_reference(text, pos, decimals=decimals, signed=signed, end=end)
    key = (text[pos:end], decimals, signed)
    hit = _ZONES.get(key)
    if hit is None:  # read from offset 1, as from any ``pos`` > 0 (a token at 0 is a special case)
        toks, i = scan_zone_reference(" " + key[0], 1, decimals=decimals, signed=signed)
        hit = (tuple([(t.text, (t.start or 0) - 1, (t.end or 0) - 1, t.kind) for t in toks]), i - 1)
        if len(_ZONES) >= _ZONE_MEMO_MAX:
            _ZONES.clear()
        _ZONES[key] = hit
    new = tuple.__new__  # Tok(...) without the generated __new__ (perf only: the same tuple)
    rel, i = hit
    return [new(Tok, (tx, pos + a, pos + b, k)) for tx, a, b, k in rel], pos + i


def scan_zone_reference(text: str, pos: int, *, decimals: bool = False, signed: bool = False,
                        end: int | None = None) -> tuple[list[Tok], int]:
    """The plain character loop :func:`scan_zone` must agree with."""
    toks: list[Tok] = []
    i = pos
    n = len(text) if end is None else min(end, len(text))
    while i < n:
        ch = text[i]
        if ch in _SEP:
            i += 1
            continue
        if signed and ch in "+＋" and i + 1 < n and text[i + 1].isdigit():
            i += 1  # an explicit plus (本年增/减 "+11"): starts a cell, the value is positive
            continue
        if ch.isdigit() or (signed and ch in "-－" and i + 1 < n and text[i + 1].isdigit()):
            j = i + 1
            while j < n and text[j].isdigit():
                j += 1
            kind = "digits"
            if decimals and j + 1 < n and text[j] in ".．" and text[j + 1].isdigit():
                j += 1
                while j < n and text[j].isdigit():
                    j += 1
                kind = "decimal"
            toks.append(Tok(text[i:j].replace("－", "-"), i, j, kind))
            i = j
            continue
        if ch in _BLANK_CHARS:
            if ch == "无" and i + 1 < n and text[i + 1] not in _SEP and not text[i + 1].isdigit() and text[i + 1] not in _BLANK_CHARS:
                break  # "无" starting a word, not a blank cell
            j = i + 1
            while j < n and text[j] in "—–-－" and ch in "—–-－":
                j += 1
            toks.append(Tok(text[i:j], i, j, "blank"))
            i = j
            continue
        break
    # a list number glued to the next label ("…00000002.其他…"): not part of the zone
    if toks and toks[-1].kind == "digits" and i < n and text[i] in ".．、" and len(toks[-1].text) > 1:
        t = toks[-1]
        toks[-1] = Tok(t.text[:-1], t.start, (t.end or 0) - 1, "digits")
        i = (t.end or 0) - 1
    elif toks and toks[-1].kind == "digits" and i < n and text[i] in ".．、" and len(toks[-1].text) == 1:
        i = toks.pop().start or i
    return toks, i


def strip_year_tail(toks: list[Tok], text: str, zone_end: int) -> list[Tok]:
    """Drop a year glued to the last cell ("…2000002" + "2025年…")."""
    if not toks or toks[-1].kind != "digits":
        return toks
    rest = text[zone_end: zone_end + 3].lstrip()
    if not rest.startswith("年"):
        return toks
    t = toks[-1]
    if len(t.text) > 4 and _YEAR_TAIL.search(t.text):
        return toks[:-1] + [Tok(t.text[:-4], t.start, (t.end or 0) - 4, "digits")]
    if len(t.text) == 4 and _YEAR_TAIL.search(t.text):
        return toks[:-1]
    return toks


def cell_token(text: str, start: int | None, end: int | None) -> Tok:
    """A grid cell as one token (never split)."""
    s, kind = _cell_kind(text)
    return Tok(s, start, end, kind)


@lru_cache(maxsize=4096)
def _cell_kind(text: str) -> tuple[str, str]:
    s = text.strip()
    if s in BLANK_MARKS or all(ch in _BLANK_CHARS + " " for ch in s):
        return s, "blank"
    return s, "cell"


_NUM = re.compile(r"^[-－]?\d+(?:[.．]\d+)?$")


def parse_number(s: str) -> int | float | None:
    """A cell's value: int, float (decimals) or None when it is not a number."""
    s = s.strip().replace(",", "").replace("，", "").replace("－", "-").replace("．", ".")
    for suffix in ("万元", "元", "件", "个", "条", "项"):
        if s.endswith(suffix):
            s = s[: -len(suffix)].strip()
    if not _NUM.match(s) or len(s) > 18:  # over 18 digits is no count a report can mean
        return None
    return float(s) if "." in s else int(s)


@lru_cache(maxsize=4096)
def is_numeric_text(s: str) -> bool:
    s = s.strip()
    return bool(s) and (parse_number(s) is not None or s in BLANK_MARKS)
