"""Normalisation for comparison: the masked form of a sentence.

Width and punctuation are folded (the text is already :func:`gxreview.normalize.fold`-ed), list
markers and whitespace/punctuation dropped, numbers masked as <NUM>, years as <YEAR> and the
agency's own name and its short forms as <ORG>, so a copied sentence with a new figure, a new year
or a renamed agency still compares equal. Placeholders are single private-use characters inside
(:data:`ORG`, :data:`YEAR`, :data:`NUM`); :func:`readable` spells them out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..orgs import split_org

ORG, YEAR, NUM = "\ue000", "\ue001", "\ue002"
PLACEHOLDERS = {ORG: "<ORG>", YEAR: "<YEAR>", NUM: "<NUM>"}

YEAR_PATTERN = r"(?<!\d)(?:19|20)\d{2}(?!\d)"
# The same matches (tests), the look-behind moved after the first two characters so the engine can
# skip ahead to a 1 or a 2.
YEAR_RX = re.compile(r"(?:19|20)(?<!\d..)\d{2}(?!\d)")
NUM_RX = re.compile(r"\d+(?:[.,]\d+)*")
# list markers: （一） 一、 1. (1) 一是 第一，
LIST_PATTERN = (r"[（(][一二三四五六七八九十\d]{1,3}[）)]|(?<![\u4e00-\u9fff])[一二三四五六七八九十]{1,3}[、是]|"
                r"[一二三四五六七八九十]{1,3}是|\d{1,2}[、.](?!\d)|第[一二三四五六七八九十]{1,3}[，,、]")
_N = "一二三四五六七八九十"
# The same matches (tests), written to open with one character class so the engine skips ahead to
# the characters a marker can start with; each branch checks the character it opened with.
LIST_RX = re.compile(rf"[（(\d第{_N}](?:(?<=[（(])[{_N}\d]{{1,3}}[）)]|(?<=[{_N}])(?<![\u4e00-\u9fff][{_N}])[{_N}]{{0,2}}[、是]"
                     rf"|(?<=[{_N}])[{_N}]{{0,2}}是|(?<=\d)\d?[、.](?!\d)|(?<=第)[{_N}]{{1,3}}[，,、])")
# punctuation, symbols and whitespace: not compared
DROP_RX = re.compile(r"[\s\u3000，。、；：！？,.;:!?“”‘’\"'（）()《》〈〉【】〔〕\[\]<>{}—\-_~·…/\\|*#%％+=]+")
CJK_RUN_RX = re.compile(r"[\u4e00-\u9fff]+")  # Chinese characters, counted by runs (sum of lengths)


@lru_cache(maxsize=4096)
def org_forms(org: str | None) -> tuple[str, ...]:
    """The agency's own name and its short forms, longest first (area alone and agency name alone
    included when they are specific enough to be names)."""
    if not org:
        return ()
    forms = {org}
    parts = split_org(org)
    if parts:
        area, core = parts
        for f in (area + core, core, area):
            if len(f) >= 3:
                forms.add(f)
        if core and area:
            forms.add(area[-1] + core)  # 区财政金融局
    return tuple(sorted(forms, key=lambda s: (-len(s), s)))


def mask_org(text: str, org: str | None) -> str:
    """``text`` with the agency's own name and short forms replaced by :data:`ORG`."""
    for f in org_forms(org):
        if f in text:
            text = text.replace(f, ORG)
    return text


def mask_lists(text: str) -> str:
    """``text`` without its list markers."""
    return LIST_RX.sub("", text)


def mask(text: str, org: str | None = None, *, years: bool = True, numbers: bool = True) -> str:
    """The masked comparison form of ``text`` (see module doc). ``years``/``numbers`` False keep them."""
    t = mask_lists(mask_org(text, org))
    if years:
        t = YEAR_RX.sub(YEAR, t)
    if numbers:
        t = NUM_RX.sub(NUM, t)
    return DROP_RX.sub("", t)


def plain(text: str, org: str | None = None) -> str:
    """Folded comparison form with nothing masked but the agency's own name."""
    return mask(text, org, years=False, numbers=False)


def mask_plain(p: str) -> str:
    """The masked form from a :func:`plain` form (years, then numbers masked)."""
    return NUM_RX.sub(NUM, YEAR_RX.sub(YEAR, p))


def content_chars(masked: str) -> int:
    """Chinese characters of a masked form (placeholders and digits excluded)."""
    return sum(map(len, CJK_RUN_RX.findall(masked)))


def readable(masked: str) -> str:
    """A masked form with its placeholders spelt <ORG>, <YEAR>, <NUM>."""
    for k, v in PLACEHOLDERS.items():
        masked = masked.replace(k, v)
    return masked


def from_readable(s: str) -> str:
    for k, v in PLACEHOLDERS.items():
        s = s.replace(v, k)
    return s


def shingles(masked: str, k: int = 5) -> set[str]:
    """Character k-grams of a masked form (the whole string when shorter)."""
    if len(masked) <= k:
        return {masked} if masked else set()
    return {masked[i : i + k] for i in range(len(masked) - k + 1)}
