"""Bytes → text: BOMs, UTF-8, GB18030/GBK, UTF-16 with or without BOM; binary detection.

Order of trust: a byte-order mark, then a declared charset (HTML ``<meta>``) when it is a Unicode
or Chinese one, then strict UTF-8, UTF-16 without BOM (NUL pattern), GB18030, and last UTF-8 with a
few replaced bytes. A file cut inside a multi-byte character loses only that character and gets a
note (GX-X001). Anything that does not read as text in one of these is E003.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Declared charsets we believe (aliases folded to the decoder we use); any other declaration
# (latin-1, windows-1252 …) is ignored and the bytes are detected instead.
TRUSTED_DECLARATIONS: dict[str, str] = {
    "utf-8": "utf-8", "utf8": "utf-8",
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "euc-cn": "gb18030", "hz-gb-2312": "gb18030",
    "big5": "big5hkscs", "big5-hkscs": "big5hkscs",
    "utf-16": "utf-16", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be",
}

MAX_BAD_SHARE = 0.005  # UTF-8 with replaced bytes is accepted when at most this share is bad
MIN_TEXT_SCORE = 0.85  # share of "expected" characters a detected (non-UTF-8) decoding needs


def normalise_charset(name: str | None) -> str | None:
    """Map a declared charset to the decoder we use, or None when we do not trust it."""
    if not name:
        return None
    return TRUSTED_DECLARATIONS.get(name.strip().strip("\"'").lower())


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ue000-\uf8ff]")
# characters a Chinese report is made of: ASCII, CJK ideographs and punctuation, full-width forms,
# general punctuation, circled numbers, Latin-1, Roman numerals, box drawing, small forms
_EXPECTED_CLASS = ("\t\n\v\f\r\x20-\x7e\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2000-\u206f"
                   "\u2460-\u24ff\u00a0-\u00ff\u2160-\u217f\u2500-\u257f\ufe30-\ufe6f\ufeff")
_UNEXPECTED = re.compile(f"[^{_EXPECTED_CLASS}]")


def _control_share(txt: str) -> float:
    sample = txt[:20000]
    if not sample:
        return 1.0
    return len(_CONTROL.findall(sample)) / len(sample)


def _plausible_text(txt: str) -> bool:
    return _control_share(txt) < 0.01


def text_score(txt: str) -> float:
    """Share of characters a Chinese report is made of (used to choose between decodings)."""
    sample = txt[:20000]
    if not sample:
        return 0.0
    return 1 - len(_UNEXPECTED.findall(sample)) / len(sample)


def _strict(data: bytes, enc: str) -> tuple[str, list[str]] | None:
    """Decode strictly; tolerate only a character cut at the very end (dropped, with a note)."""
    try:
        return data.decode(enc), []
    except UnicodeDecodeError as e:
        tail = len(data) - e.start
        if e.end >= len(data) and 0 < tail <= 3:
            try:
                txt = data[: e.start].decode(enc)
            except UnicodeDecodeError:
                return None
            return txt, [f"the file ends inside a character ({enc}): the last {tail} byte(s) were dropped "
                         "(file truncated?)"]
        return None
    except LookupError:
        return None


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: NULs concentrated at odd (LE) or even (BE) byte positions."""
    sample = data[:8000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 4 * max(even, 1) and odd >= len(sample) // 40:
        return "utf-16-le"
    if even > 4 * max(odd, 1) and even >= len(sample) // 40:
        return "utf-16-be"
    return None


def _utf16(data: bytes, enc: str) -> tuple[str, list[str]] | None:
    notes: list[str] = []
    if len(data) % 2:
        data = data[:-1]
        notes.append(f"the file ends inside a character ({enc}): the last byte was dropped (file truncated?)")
    r = _strict(data, enc)
    if r is None:
        txt = data.decode(enc, errors="replace")
        bad = txt.count("\ufffd")
        if bad > max(3, len(txt) * MAX_BAD_SHARE):
            return None
        notes.append(f"{bad} undecodable {enc} code unit(s) replaced")
        return txt, notes
    return r[0], notes + r[1]


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Decode ``data``; return (text, encoding, notes). Raise InputError E002/E003 when impossible.

    ``notes`` lists what had to be skipped (a truncated multi-byte character, replaced bytes) so the
    caller can report GX-X001.
    """
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError(source, "the file is empty (no characters)", "E002")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            r = _utf16(body, enc) if enc.startswith("utf-16") else _strict(body, enc)
            if r is None:
                txt = body.decode(enc, errors="replace")
                r = (txt, [f"{txt.count(chr(0xFFFD))} undecodable byte sequence(s) replaced ({enc} with BOM)"])
            if not r[0].strip():
                if r[1]:
                    raise InputError(source, f"a {enc} byte-order mark followed by undecodable bytes", "E003")
                raise InputError(source, "the file is empty (only a byte-order mark)", "E002")
            if not _plausible_text(r[0]):
                raise InputError(source, f"starts with a {enc} byte-order mark but is not text (binary data?)", "E003")
            return r[0], enc, r[1]
    trusted = normalise_charset(declared)
    if trusted:
        r = _utf16(data, trusted) if trusted.startswith("utf-16") else _strict(data, trusted)
        if r is not None and _plausible_text(r[0]) and text_score(r[0]) >= MIN_TEXT_SCORE:
            return r[0], trusted, r[1]
    r = _strict(data, "utf-8")
    if r is not None and _plausible_text(r[0]):
        return r[0], "utf-8", r[1]
    enc16 = _looks_utf16(data)
    if enc16:
        r = _utf16(data, enc16)
        if r is not None and _plausible_text(r[0]):
            return r[0], enc16, r[1]
    candidates: list[tuple[float, str, str, list[str]]] = []
    r = _strict(data, "gb18030")
    if r is not None and _plausible_text(r[0]):
        candidates.append((text_score(r[0]), "gb18030", r[0], r[1]))
    # UTF-8 with a few bad bytes (a damaged file): recover the text, say what was skipped
    txt = data.decode("utf-8", errors="replace")
    bad = txt.count("\ufffd")
    if bad <= max(3, len(txt) * MAX_BAD_SHARE) and _plausible_text(txt):
        candidates.append((text_score(txt), "utf-8", txt,
                           [f"{bad} undecodable UTF-8 byte sequence(s) replaced with U+FFFD"]))
    for enc in ("utf-16-le", "utf-16-be"):
        r = _utf16(data, enc)
        if r is not None and _plausible_text(r[0]):
            candidates.append((text_score(r[0]) - 0.05, enc, r[0], r[1]))  # weakest evidence: a small handicap
    candidates = [c for c in candidates if c[0] >= MIN_TEXT_SCORE]
    if candidates:
        candidates.sort(key=lambda c: -c[0])
        _, enc, txt, notes = candidates[0]
        return txt, enc, notes
    raise InputError(source, "not text in UTF-8, GB18030 or UTF-16 (binary or undecodable data)", "E003")
