"""Agency identity across years: the normalised ``org_key`` used to pair a report with its prior.

``org_key`` folds what varies between years for one agency (spacing, brackets, OCR confusables such
as 沐/沭 and 全/金, common abbreviations such as 科委, the government suffix of an area government)
and keeps what tells agencies apart (the area and the agency's own name). A name written relative
to its area ("区财政金融局") has no area in its key; :func:`same_agency` lets such a key match the
full one of the same agency, never another agency's.
"""

from __future__ import annotations

import re
from functools import lru_cache

# OCR/typo confusables folded for matching the same agency across years: a character that is
# never right in an agency name, or a word whose one-character slip is a known OCR confusion.
CONFUSABLES: dict[str, str] = {"沐阳": "沭阳", "全融": "金融", "金全": "金融", "监管管理": "监督管理"}

# Abbreviations of agency names, expanded to the full form (longest first when applied).
ABBREVIATIONS: dict[str, str] = {
    "管委会": "管理委员会",
    "发改委": "发展和改革委员会",
    "发改局": "发展和改革局",
    "科委": "科学技术委员会",
    "经信委": "经济和信息化委员会",
    "卫健委": "卫生健康委员会",
    "卫健局": "卫生健康局",
    "教委": "教育委员会",
    "住建局": "住房和城乡建设局",
    "住建委": "住房和城乡建设委员会",
    "人社局": "人力资源和社会保障局",
    "市监局": "市场监督管理局",
    "市场监管局": "市场监督管理局",
    "生态环境局": "生态环境局",
    "自然资源局": "自然资源局",
    "政府办": "人民政府办公室",
}

# Suffixes that, alone after an area, mean "the area's government": the key is the area itself.
GOVERNMENT_ONLY = ("人民政府", "政府", "管理委员会", "行政公署")

# Area names: a run of CJK ending in an administrative-area suffix (longest suffixes first).
_AREA_SUFFIX = r"(?:特别行政区|自治区|自治州|自治县|综合实验区|实验区|新区|开发区|高新区|省|市|州|县|区|旗|盟)"
_AREA = re.compile(rf"^(?:[\u4e00-\u9fff]{{1,10}}?{_AREA_SUFFIX})+")
_RELATIVE_AREA = re.compile(r"^(?:本|我)?[省市县区]")
_NOISE_TAIL = re.compile(r"(?:关于)?(?:\d{4}年度?)?(?:政府信息公开|政务公开|信息公开).*$")
_PAREN = re.compile(r"[（(][^）)]*[）)]")


@lru_cache(maxsize=8192)  # pure in its argument; pairing compares the same names many times (perf only)
def split_org(org: str | None) -> tuple[str, str] | None:
    """``(area, agency)`` of a normalised agency name; area "" when the name is relative ("区…局")."""
    if not org:
        return None
    k = re.sub(r"\s+", "", org)
    k = _PAREN.sub("", k)
    k = _NOISE_TAIL.sub("", k)
    for wrong, right in CONFUSABLES.items():
        k = k.replace(wrong, right)
    for short, full in sorted(ABBREVIATIONS.items(), key=lambda kv: -len(kv[0])):
        if short in k and full not in k:
            k = k.replace(short, full)
    if not k:
        return None
    m = _AREA.match(k)
    area, core = (m.group(0), k[m.end():]) if m else ("", k)
    if area and not core:
        return area, ""
    if not area:
        rel = _RELATIVE_AREA.match(k)
        if rel and len(k) > rel.end() + 1:
            core = k[rel.end():]
    if core in GOVERNMENT_ONLY:
        core = ""
    return area, core


def org_key(org: str | None) -> str | None:
    """Normalised agency name used to match the same agency across years."""
    parts = split_org(org)
    if parts is None:
        return None
    area, core = parts
    return (area + core) or None


def same_agency(key_a: str | None, key_b: str | None) -> bool:
    """True when two org keys name the same agency: equal, or one is written relative to its area
    ("财政金融局" for "平潭综合实验区财政金融局"), or the agency names differ by one character inside
    a long name (an OCR slip) while the area and the last character agree."""
    if not key_a or not key_b:
        return False
    if key_a == key_b:
        return True
    pa, pb = split_org(key_a), split_org(key_b)
    if pa is None or pb is None:
        return False
    (area_a, core_a), (area_b, core_b) = pa, pb
    if not core_a or not core_b:
        return False
    if area_a and area_b and area_a != area_b:
        return False
    if core_a == core_b:
        return True
    if area_a != area_b or len(core_a) != len(core_b) or len(core_a) < 5 or core_a[-1] != core_b[-1]:
        return False
    return sum(x != y for x, y in zip(core_a, core_b, strict=True)) == 1
