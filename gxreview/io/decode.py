"""Bytes → text: BOMs, UTF-8, UTF-16 without BOM, GB18030; binary detection."""

from __future__ import annotations

import codecs

from ..errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: many NULs at odd (LE) or even (BE) positions."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2]
    odd = sample[1::2]
    ne, no = even.count(0), odd.count(0)
    # CJK text in UTF-16 has few NULs; ASCII-heavy has many. Decode-and-check instead of counting only.
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            txt = data[: len(data) - (len(data) % 2)].decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible_text(txt) and (ne + no > len(sample) // 20 or _cjk_share(txt) > 0.3):
            return enc
    return None


def _cjk_share(txt: str) -> float:
    sample = txt[:4000]
    if not sample:
        return 0.0
    return sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff") / len(sample)


def _plausible_text(txt: str) -> bool:
    sample = txt[:20000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n\f\v") or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad / len(sample) < 0.01


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Decode ``data``; return (text, encoding, notes). Raise InputError E002/E003 when impossible.

    ``notes`` lists what had to be skipped (a truncated multi-byte character, replaced bytes) so the
    caller can report GX-X001.
    """
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError(source, "the file is empty (no characters)", "E002")
    notes: list[str] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, notes
            except UnicodeDecodeError as e:
                txt = data.decode(enc, errors="replace")
                notes.append(f"{enc}: undecodable bytes at offset {e.start} replaced")
                return txt, enc, notes
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    candidates += ["utf-8", "gb18030"]
    if b"\x00" in data[:4000]:
        enc16 = _looks_utf16(data)
        if enc16:
            return data.decode(enc16, errors="replace"), enc16, notes
    for enc in candidates:
        try:
            txt = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible_text(txt):
            return txt, enc, notes
    # UTF-8 cut inside a character or a few bad bytes: recover the text, say what was skipped
    txt = data.decode("utf-8", errors="replace")
    bad = txt.count("\ufffd")
    if _plausible_text(txt) and bad <= max(3, len(txt) // 200):
        notes.append(f"{bad} undecodable byte sequence(s) replaced (UTF-8 cut inside a character?)")
        return txt, "utf-8", notes
    enc16 = _looks_utf16(data)
    if enc16:
        return data.decode(enc16, errors="replace"), enc16, notes
    raise InputError(source, "not text in UTF-8, GB18030 or UTF-16 (binary or undecodable data)", "E003")
