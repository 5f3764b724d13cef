"""Timeliness and issuer rules: GX-P101 late-publication, GX-P102 signing-date-inconsistent,
GX-P103 issuer-mismatch (contract §4; report-format.md §1.1, §6.1).

Dates come from the input (crawl 发布时间, HTML meta, a manifest ``published`` column, or
``review(..., meta={"published": ...})``) and from the signature at the end of the report. The
issuer type comes from the title and the signature only, never from the crawl 发布机构. What is
unknown is said to be unknown (NOT_ASSESSABLE), never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..findings import Check, Finding
from ..metadata import issuer_type
from ..orgs import org_key
from ..registry import rule

# Area words that end the place part of an agency name ("平潭综合实验区" + "财政金融局"). A one-character
# difference inside the place part is another agency (沭阳县 vs 泗阳县), not a typo.
AREA_ENDINGS = ("自治州", "自治县", "实验区", "新区", "开发区", "省", "市", "县", "区", "旗", "盟", "州", "镇", "乡")

# Characters that OCR or typing confuse inside an agency's own name (one pair per entry, as data).
OCR_CONFUSABLES: tuple[tuple[str, str], ...] = (
    ("沐", "沭"), ("全", "金"), ("己", "已"), ("未", "末"), ("土", "士"), ("日", "曰"), ("人", "入"),
)
_FOLD = str.maketrans({b: a for a, b in OCR_CONFUSABLES})


def deadline(year: int, issuer_type: str, config) -> dt.date:
    """Publication deadline for a report on ``year`` (contract §4; the whole last day included)."""
    if year <= 2018:
        month, day = config.deadline_legacy
    elif issuer_type == "government":
        month, day = config.deadline_government
    else:
        month, day = config.deadline_department
    return dt.date(year + 1, month, day)


def _date(iso: str | None) -> dt.date | None:
    if not iso:
        return None
    try:
        return dt.date.fromisoformat(iso)
    except ValueError:
        return None


@rule("timeliness.deadline", ("GX-P101",), order=70)
def late_publication(a) -> Iterator[Finding | Check]:
    """Published by the deadline of its issuer type: departments (局/委/办, 片区管理局) by 31 January of
    the next year, governments (人民政府, 管委会, an area name) by 31 March; reports for 2018 and
    earlier by 31 March. The issuer type comes from the title and signature (longest suffix); the
    publication date from crawl metadata, HTML meta or a manifest. Unknown type or date:
    NOT_ASSESSABLE, never a guess."""
    info = a.info
    published = _date(info.published)
    missing = [what for what, v in (("report year", info.year), ("issuer type", info.issuer_type),
                                    ("publication date", published)) if not v]
    if missing:
        yield Check("P101", "NOT_ASSESSABLE", {"unknown": missing, "published": info.published,
                                               "issuer_type": info.issuer_type, "year": info.year})
        return
    due = deadline(info.year, info.issuer_type, a.config)
    ev = {"published": published.isoformat(), "deadline": due.isoformat(), "issuer_type": info.issuer_type,
          "issuer": info.org, "year": info.year, "signed": info.signed,
          "rule": _rule_text(info.year, info.issuer_type)}
    if published <= due:
        yield Check("P101", "PASS", ev)
        return
    late = (published - due).days
    ev["days_late"] = late
    yield Check("P101", "FAIL", ev)
    yield Finding("GX-P101", f"published {published.isoformat()}, {late} day(s) after the deadline {due.isoformat()} "
                  f"({ev['rule']})", evidence=ev)


def _rule_text(year: int, itype: str) -> str:
    if year <= 2018:
        return "reports for 2018 and earlier: 31 March of the next year (2007 条例)"
    if itype == "government":
        return "县级以上地方人民政府 and zone administrations: 31 March of the next year (条例 第四十九条)"
    return "县级以上人民政府部门: 31 January of the next year (条例 第四十九条)"


@rule("timeliness.signing-date", ("GX-P102",), order=71)
def signing_date(a) -> Iterator[Finding | Check]:
    """The signing date at the end of the report must fall after the reported year has ended (a
    report on Y signed before December of Y cannot be right) and not after its publication."""
    info = a.info
    signed = _date(info.signed)
    if not signed or not info.year:
        yield Check("P102", "NOT_ASSESSABLE", {"signed": info.signed, "year": info.year})
        return
    span = info.signed_span or (None, None)
    ev = {"signed": signed.isoformat(), "year": info.year, "published": info.published,
          "signed_text": a.text[span[0]:span[1]] if span[0] is not None else None}
    problem = None
    if signed < dt.date(info.year, 12, 1):
        problem = f"signed {signed.isoformat()}, before the reported year {info.year} had ended"
    else:
        published = _date(info.published)
        if published and signed > published:
            problem = f"signed {signed.isoformat()}, after its publication on {published.isoformat()}"
    if problem is None:
        yield Check("P102", "PASS", ev)
        return
    yield Check("P102", "FAIL", ev)
    yield Finding("GX-P102", f"{problem}: the signing date is impossible for a report on {info.year}",
                  start=span[0], end=span[1], evidence=ev)


def _place_len(name: str) -> int:
    """Length of the leading place part of an agency name (0 when none is recognised)."""
    best = 0
    for end in AREA_ENDINGS:
        i = name.find(end)
        if 0 <= i < 12:
            best = max(best, i + len(end))
    return best


def _levenshtein(s: str, t: str) -> int:
    prev = list(range(len(t) + 1))
    for i, cs in enumerate(s, 1):
        cur = [i]
        for j, ct in enumerate(t, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (cs != ct)))
        prev = cur
    return prev[-1]


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def same_agency(x: str, y: str) -> bool:
    """True when two issuer names denote the same agency: equal after folding OCR confusables,
    one a short form of the other (区财政金融局, 市科委), or a one-character slip outside the place
    part of the name. A different place or a different function is another agency.

    Deliberately more lenient than :func:`gxreview.orgs.same_agency`, which pairs reports across
    years: a wrong pairing compares a report with another agency's, so pairing needs a close match;
    here a wrong answer accuses a report of naming another issuer (GX-P103), so any plausible form
    of the same name (数据局 / 数据管理局, abbreviations, subsequences) counts as the same agency."""
    a, b = (org_key(x) or "").translate(_FOLD), (org_key(y) or "").translate(_FOLD)
    if not a or not b:
        return True  # nothing to compare: never evidence of another agency
    if a == b or a in b or b in a:
        return True
    short, long = sorted((a, b), key=len)
    pa, pb = _place_len(a), _place_len(b)
    if pa and pb and a[:pa] != b[:pb] and not (a[:pa] in b[:pb] or b[:pb] in a[:pa]):
        return False  # different places
    if _is_subsequence(short, long) and short[-1] == long[-1] and len(short) >= 3:
        return True  # abbreviation of the same name (市场监管局 ⊂ 市场监督管理局)
    if len(a) == len(b) and len(a) >= 5:
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1 and diff[0] >= max(pa, pb):
            return True  # a single slip in the function part (财政全融局)
    return _levenshtein(a[max(pa, pb):], b[max(pa, pb):]) <= 1 and min(len(a), len(b)) - max(pa, pb) >= 4


_TITLE_ORG = re.compile(r"^[#\s]*(?P<org>[\u4e00-\u9fff（）()]{2,40}?)\s*(?:19|20)\d{2}\s*年")


def _issuer_mentions(a) -> list[tuple[str, str, tuple[int, int] | None]]:
    """(where, name, span) of the issuer as named in the title(s) and the signature."""
    info = a.info
    out: list[tuple[str, str, tuple[int, int] | None]] = []
    if info.org:
        out.append(("title", info.org, info.org_span))
    m = _TITLE_ORG.search(a.text[:200])
    if m and m.group("org") != info.org and issuer_type(m.group("org")):
        org = m.group("org")
        out.append(("body title", org, (m.start("org"), m.end("org"))))
    if info.signer:
        out.append(("signature", info.signer, info.signer_span))
    return out


@rule("timeliness.issuer", ("GX-P103",), order=72)
def issuer_mismatch(a) -> Iterator[Finding | Check]:
    """The agency named as issuer in the title and in the signature is the same. A report still
    signed by another agency (copied from its source) is GX-P103; OCR and typo variants of the own
    name (财政全融局, 沐阳) and short forms (区财政金融局) do not count, nor does the crawl 发布机构."""
    names = _issuer_mentions(a)
    if len(names) < 2:
        yield Check("P103", "NOT_ASSESSABLE", {"issuers": [n for _, n, _ in names],
                                               "reason": "the issuer is named only once (no signature found)"})
        return
    ref_where, ref, ref_span = names[0]
    bad = [(w, n, s) for w, n, s in names[1:] if not same_agency(ref, n)]
    ev = {"issuers": [{"where": w, "name": n, "start": s[0] if s else None, "end": s[1] if s else None}
                      for w, n, s in names]}
    if not bad:
        yield Check("P103", "PASS", ev)
        return
    yield Check("P103", "FAIL", ev)
    for w, n, s in bad:
        yield Finding("GX-P103", f"the {w} names {n!r} as the issuer, but the {ref_where} names {ref!r}: "
                      "another agency (a report copied from its source?)",
                      start=s[0] if s else None, end=s[1] if s else None,
                      evidence={**ev, "own": ref, "own_span": list(ref_span) if ref_span else None,
                                "other": n, "other_where": w})
