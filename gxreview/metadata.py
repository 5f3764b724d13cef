"""Report metadata: issuing organisation, year, issuer type, format version, dates.

The organisation comes from the report's title (crawl ``标题`` or the first lines), never from the
crawl metadata's 发布机构. The issuer type follows contract §4: the longest matching suffix decides
(管委会 is a government although it contains 委); an issuer named only by its area is that area's
government.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

from .document import Document, ReportInfo
from .orgs import org_key

_TITLE_ORG_YEAR = re.compile(
    r"(?P<org>[\u4e00-\u9fff（）、]{2,40}?)\s*(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*(?:的)?\s*(?:政府信息公开|政务公开|信息公开)")
_TITLE_YEAR_ORG = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*(?P<org>[\u4e00-\u9fff（）]{2,40}?)\s*(?:政府信息公开|政务公开|信息公开)")
_PERIOD = re.compile(r"统计(?:期限|周期|时限|区间|时间)[^。]{0,12}?(?P<y1>(?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_ISO = re.compile(r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")
_ORG_NOISE = re.compile(r"^(?:关于|中国)|[（(][^）)]*[）)]$")

# Issuer-type suffixes (contract §4). Longest match wins.
GOVERNMENT_SUFFIXES = ("人民政府", "政府", "管委会", "管理委员会", "行政公署", "街道办事处", "办事处")
DEPARTMENT_SUFFIXES = (
    "局", "委", "办", "办公室", "办公厅", "厅", "委员会", "中心", "署", "院", "所", "站", "队", "片区管理局",
    "管理局", "管理处", "处", "部", "会", "社", "馆", "公司",
)
AREA_SUFFIXES = ("省", "市", "县", "区", "自治州", "自治县", "旗", "盟", "州", "镇", "乡", "实验区", "新区", "开发区")


def issuer_type(name: str | None) -> str | None:
    """'government' or 'department' from an issuer name (title or signature), or None if unknown."""
    if not name:
        return None
    name = re.sub(r"[（(][^）)]*[）)]", "", name).strip()
    best: tuple[int, str] | None = None
    for suf in GOVERNMENT_SUFFIXES:
        if name.endswith(suf) and (best is None or len(suf) > best[0]):
            best = (len(suf), "government")
    for suf in DEPARTMENT_SUFFIXES:
        if name.endswith(suf) and (best is None or len(suf) > best[0]):
            best = (len(suf), "department")
    if best:
        return best[1]
    for suf in AREA_SUFFIXES:
        if name.endswith(suf):
            return "government"
    return None


def title_of(doc: Document) -> tuple[str | None, int | None]:
    """The report title and its offset in the text (None when it only comes from crawl metadata)."""
    head = doc.text[:400]
    lines = [ln.strip(" #*\t") for ln in head.split("\n") if ln.strip(" #*\t")]
    joined = " ".join(lines[:4])
    if doc.meta.get("标题"):
        return doc.meta["标题"], None
    m = re.search(r"[^\n。]{0,60}?(?:政府信息公开|政务公开|信息公开)[^\n。]{0,12}?(?:年度)?报告", joined)
    return (m.group(0).strip(), None) if m else (lines[0] if lines else None, None)


def _org_year_from(title: str) -> tuple[str | None, int | None]:
    t = re.sub(r"\s+", " ", title)
    for rx in (_TITLE_ORG_YEAR, _TITLE_YEAR_ORG):
        m = rx.search(t)
        if m:
            org = _ORG_NOISE.sub("", m.group("org").strip(" 、")).strip()
            return (org or None), int(m.group("year"))
    m = re.search(r"(?:19|20)\d{2}", t)
    return None, (int(m.group(0)) if m else None)


def detect_format(text: str, year: int | None) -> str:
    """'2021', '2019' or 'legacy' from the table labels (report-format.md §2)."""
    has2019 = any(s in text for s in ("本年新制作数量", "上一年项目数量", "第二十条第（九）项", "采购项目数量", "本年新公开数量"))
    has2021 = any(s in text for s in ("本年制发件数", "本年废止件数", "本年收费金额", "逾期不补正"))
    if has2019 and not ("本年制发件数" in text or "本年废止件数" in text):
        return "2019"
    if has2021:
        return "2021"
    if "本年新收政府信息公开申请数量" in text or "收到和处理政府信息公开申请情况" in text:
        return "2021" if (year or 0) >= 2021 else "2019"
    return "legacy"


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        yi, mi, di = int(y), int(m), int(d)
    except ValueError:
        return None
    if not (1 <= mi <= 12 and 1 <= di <= 31):
        return None
    return f"{yi:04d}-{mi:02d}-{di:02d}"


def published_date(doc: Document) -> str | None:
    for key in ("published", "发布时间", "发布日期", "PubDate", "pubdate", "date"):
        v = doc.meta.get(key)
        if v:
            m = _ISO.search(v) or _DATE.search(v)
            if m:
                return _iso(m.group("y"), m.group("m"), m.group("d"))
    return None


_NAME_TAIL = re.compile(r"[\u4e00-\u9fff（）()]{2,40}$")


def _signer_before(text: str, pos: int) -> tuple[str | None, tuple[int, int] | None]:
    """The issuer name written right before ``pos`` (same line, or the line above a date on its own
    line): the longest CJK run ending there that has an issuer suffix (contract §4)."""
    before = text[max(0, pos - 80) : pos]
    base = pos - len(before)
    stripped = before.rstrip(" \t\u3000（(")
    if not stripped.strip() or stripped.endswith("\n"):
        stripped = stripped.rstrip()
    stripped = stripped.rstrip(" \t\u3000\n（(#*")
    m = _NAME_TAIL.search(stripped)
    if not m:
        return None, None
    name = m.group(0).lstrip("）)")
    start = base + m.end() - len(name)
    if issuer_type(name) is None:
        return None, None
    return name, (start, start + len(name))


def signature(doc: Document) -> tuple[str | None, tuple[int, int] | None, str | None, tuple[int, int] | None]:
    """(signed ISO date, its span, signer name, its span) from the end of the report (or a dated line
    under the title)."""
    text = doc.text.rstrip()
    tail_start = max(0, len(text) - 160)
    dates = [d for d in _DATE.finditer(text, tail_start) if not text[d.end() : d.end() + 3].strip(" \t\u3000）)").startswith(("起", "至", "止", "前", "以"))]
    m = dates[-1] if dates and len(text[dates[-1].end():].strip(" \t\u3000\n）)。")) <= 20 else None
    if m is None:
        head = text[:300]
        for hm in _DATE.finditer(head):
            before = head[max(0, hm.start() - 2) : hm.start()]
            if "（" in before or "(" in before or "\n" in before or hm.start() < 2:
                m = hm
                break
        if m is None:
            return None, None, None, None
    signed = _iso(m.group("y"), m.group("m"), m.group("d"))
    signer, signer_span = _signer_before(text, m.start())
    return signed, (m.start(), m.end()), signer, signer_span


def extract_info(doc: Document, sections_text_start: int | None = None) -> ReportInfo:
    """Compute the contract ``report`` object for a document."""
    text = doc.text
    title, _ = title_of(doc)
    org, year = _org_year_from(title) if title else (None, None)
    if doc.meta.get("org"):
        org = doc.meta["org"]
    if doc.meta.get("year"):
        try:
            year = int(doc.meta["year"])
        except ValueError:
            pass
    if year is None:
        m = _PERIOD.search(text)
        if m:
            year = int(m.group("y1"))
        else:
            years = Counter(int(y) for y in re.findall(r"((?:19|20)\d{2})年", text[:3000]))
            year = years.most_common(1)[0][0] if years else None
    org_span = None
    if org:
        i = text.find(org)
        if i >= 0:
            org_span = (i, i + len(org))
    signed, signed_span, signer, signer_span = signature(doc)
    itype = issuer_type(org) or issuer_type(signer)
    fmt = detect_format(text, year)
    rid = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return ReportInfo(
        id=rid, org=org, org_key=org_key(org), year=year, issuer_type=itype, format=fmt,
        published=published_date(doc), signed=signed, chars=len(text), org_span=org_span,
        signed_span=signed_span, signer=signer, signer_span=signer_span, title=title,
    )
