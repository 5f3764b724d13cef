"""Numerals and quantity intervals, pure Python (no network, no cn2an needed).

* :func:`parse_number` reads one numeral as written — Arabic (``1,100``, ``84.28``, full-width
  digits), Chinese (``一千二百``, ``两千``, ``九十九点七五``, ``十几``) or mixed (``1.3万``, ``3万4000``,
  ``1,100万``, ``2亿3000万``) — and returns its value with the precision implied by how it is
  written.
* :func:`interval` turns a value, its precision and a qualifier into the closed bounds the wording
  allows (contract §2 "Figures"):

  ========== =========================================== ==========================================
  qualifier  words                                       bounds
  ========== =========================================== ==========================================
  exact      (none)                                      ±half the step of the last written digit;
                                                         a plain integer count/amount is [v, v]
  more_than  余 多 几 (suffix)                           [v, v + step of the last non-zero digit]
             超 超过 突破 逾 (prefix)                    [v, null]
  at_least   以上 不少于 不低于                          [v, null]
  approx     约 大约 左右 上下                           [0.95v, 1.05v]
             近 将近 接近                                [0.9v, v]
  less_than  不足 不到 低于                              [0, v]
  at_most    以内 以下 不超过 不高于                     [0, v]
  ========== =========================================== ==========================================

Values are exact :class:`~decimal.Decimal` internally and come out as ``int`` when integral.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Number", "parse_number", "interval", "to_plain", "QUALIFIER_WORDS", "CN_DIGITS"]

CN_DIGITS: dict[str, int] = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                             "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
CN_BIG: dict[str, int] = {"万": 10_000, "亿": 100_000_000}
MAGNITUDES: dict[str, int] = CN_UNITS | CN_BIG

# qualifier word → (qualifier, bound rule); the rule names are interpreted by :func:`interval`.
QUALIFIER_WORDS: dict[str, tuple[str, str]] = {
    # suffixes right after the numeral (before the unit): 600余条, 1000多条, 十几个
    "余": ("more_than", "next_step"),
    "多": ("more_than", "next_step"),
    "几": ("more_than", "next_step"),
    # prefixes
    "超过": ("more_than", "open"),
    "超": ("more_than", "open"),
    "突破": ("more_than", "open"),
    "逾": ("more_than", "open"),
    "不少于": ("at_least", "open"),
    "不低于": ("at_least", "open"),
    "大约": ("approx", "pm5"),
    "约": ("approx", "pm5"),
    "将近": ("approx", "near"),
    "接近": ("approx", "near"),
    "近": ("approx", "near"),
    "不足": ("less_than", "below"),
    "不到": ("less_than", "below"),
    "低于": ("less_than", "below"),
    "不超过": ("at_most", "below"),
    "不高于": ("at_most", "below"),
    # suffixes after the unit: 70%以上, 100人左右
    "以上": ("at_least", "open"),
    "左右": ("approx", "pm5"),
    "上下": ("approx", "pm5"),
    "以内": ("at_most", "below"),
    "以下": ("at_most", "below"),
}

_FW = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")


@dataclass(frozen=True)
class Number:
    """A parsed numeral: its value, the step of its last written digit and of its last non-zero digit.

    ``scaled`` is True when a magnitude character (万/亿/千/百/十 after Arabic digits) or a Chinese
    numeral makes the written precision coarser than 1; ``integer_form`` when written without a
    decimal point.
    """

    value: Decimal
    step: Decimal
    sig_step: Decimal
    integer_form: bool
    scaled: bool


def _pow10_last_nonzero(digits: str) -> int:
    """Exponent of the last non-zero digit of an integer digit string (0 for '0')."""
    stripped = digits.rstrip("0")
    return len(digits) - len(stripped) if stripped else 0


def _parse_arabic(s: str) -> tuple[Decimal, int, int, bool] | None:
    """'1,100.50' → (value, exponent of last written digit, exponent of last non-zero digit, int?)."""
    s = s.replace(",", "")
    if not re.fullmatch(r"\d+(?:\.\d+)?", s):
        return None
    if "." in s:
        i, f = s.split(".")
        last = -len(f)
        allds = (i + f).rstrip("0")
        sig = -len(f) + (len(i + f) - len(allds)) if allds else 0
        return Decimal(s), last, sig, False
    return Decimal(s), 0, _pow10_last_nonzero(s), True


def _parse_mixed(s: str) -> Number | None:
    """Arabic digits with 万/亿 (and 千/百 after digits): '1.3万', '3万4000', '2亿3000万', '1,100万'."""
    parts = re.findall(r"([\d,.]+)?([万亿千百十]?)", s)
    parts = [(d, m) for d, m in parts if d or m]
    if not parts:
        return None
    total = Decimal(0)
    last_exp = sig_exp = 0
    integer_form = True
    scaled = False
    prev_mag = None
    for idx, (d, m) in enumerate(parts):
        if not d:
            return None  # a bare magnitude like '万' without digits before it
        p = _parse_arabic(d)
        if p is None:
            return None
        v, le, se, isint = p
        if m:
            mag = MAGNITUDES[m]
            scaled = True
            if prev_mag is not None and mag >= prev_mag:
                return None
            prev_mag = mag
        elif idx > 0 and prev_mag is not None:
            # trailing digits after a magnitude: 3万4000 → the digits are in base units
            mag = 1
            if v >= prev_mag:
                return None
        else:
            mag = 1
        if not isint:
            integer_form = False
        e = _exp(mag)
        total += v * mag
        last_exp = le + e
        sig_exp = se + e
    return Number(total, Decimal(10) ** last_exp, Decimal(10) ** sig_exp, integer_form, scaled)


def _exp(mag: int) -> int:
    return len(str(mag)) - 1


def _digit_string(s: str) -> tuple[int, int] | None:
    """'二〇二一' read digit by digit (no unit characters)."""
    if all(ch in CN_DIGITS for ch in s):
        v = int("".join(str(CN_DIGITS[ch]) for ch in s))
        return v, _pow10_last_nonzero(str(v))
    return None


def _parse_cn_section(s: str) -> tuple[int, int] | None:
    """A Chinese integer below 10 000 → (value, exponent of its last non-zero written digit)."""
    if not s:
        return None
    if not any(ch in CN_UNITS for ch in s):
        return _digit_string(s)
    if s[0] in CN_UNITS:  # 十二 = 12
        s = "一" + s
    value, digit, last_exp, last_unit, zero = 0, None, 0, None, False
    for ch in s:
        if ch in CN_DIGITS:
            d = CN_DIGITS[ch]
            if d == 0:
                if digit is not None:
                    return None
                zero = True
                continue
            if digit is not None:
                return None
            digit = d
        elif ch in CN_UNITS:
            u = CN_UNITS[ch]
            if digit is None or (last_unit is not None and u >= last_unit):
                return None
            value += digit * u
            last_exp, last_unit, digit, zero = _exp(u), u, None, False
        else:
            return None
    if digit is not None:
        if last_unit is not None and last_unit >= 100 and not zero:  # 三千五 = 3500, 一百五 = 150
            value += digit * (last_unit // 10)
            last_exp = _exp(last_unit) - 1
        else:
            value += digit
            last_exp = 0
    return value, last_exp


def _parse_chinese(s: str) -> Number | None:
    """Chinese numeral with optional 万/亿 sections and 点 decimals: 一千二百, 两万三, 九十九点七五."""
    frac = ""
    if "点" in s:
        s, frac = s.split("点", 1)
        if not s or not frac or any(ch not in CN_DIGITS for ch in frac):
            return None
    value, sig_exp, rest = 0, 0, s
    for big_ch, big in (("亿", 100_000_000), ("万", 10_000)):
        if big_ch not in rest:
            continue
        head, rest = rest.split(big_ch, 1)
        if big_ch in rest:
            return None
        p = _parse_cn_section(head)
        if p is None or p[0] == 0:
            return None
        value += p[0] * big
        sig_exp = p[1] + _exp(big)
        if len(rest) == 1 and rest in CN_DIGITS and CN_DIGITS[rest] != 0:  # 两万三 = 23000
            value += CN_DIGITS[rest] * big // 10
            sig_exp = _exp(big) - 1
            rest = ""
    core = rest.lstrip("零〇○") if value else rest
    if core:
        p = _parse_cn_section(core)
        if p is None:
            return None
        value += p[0]
        if p[0]:
            sig_exp = p[1]
    elif not value and not rest:
        return None
    if frac:
        val = Decimal(value) + Decimal("0." + "".join(str(CN_DIGITS[c]) for c in frac))
        fd = frac.rstrip("零〇○")
        sig = -len(fd) if fd else sig_exp
        return Number(val, Decimal(10) ** -len(frac), Decimal(10) ** sig, False, False)
    scaled = any(c in s for c in "万亿")  # 两千 is as exact as 2000; 两万三 is not
    return Number(Decimal(value), Decimal(10) ** sig_exp, Decimal(10) ** sig_exp, True, scaled)


def parse_number(s: str) -> Number | None:
    """Parse one numeral (Arabic, Chinese or mixed); None when ``s`` is not a numeral."""
    s = s.strip().translate(_FW)
    if not s:
        return None
    if s[0].isdigit():
        if re.fullmatch(r"[\d,.]+", s):
            p = _parse_arabic(s)
            if p is None:
                return None
            v, le, se, isint = p
            return Number(v, Decimal(10) ** le, Decimal(10) ** se, isint, False)
        return _parse_mixed(s)
    return _parse_chinese(s)


def to_plain(d: Decimal | int | float | None) -> int | float | None:
    """A Decimal as ``int`` when integral, else a float rounded to 10 decimals."""
    if d is None:
        return None
    if isinstance(d, (int, float)):
        d = Decimal(str(d))
    if d == d.to_integral_value():
        return int(d)
    return float(round(d, 10))


def interval(num: Number, rule: str = "exact", *, exact_integer: bool = True,
             sign: int = 1) -> tuple[Decimal | None, Decimal | None]:
    """Closed bounds ``(low, high)`` the wording allows; ``None`` is an open side.

    ``rule`` is one of ``exact``, ``next_step``, ``open``, ``pm5``, ``near``, ``below`` (see the
    module table). ``exact_integer``: a plain (unscaled) integer count is exact ([v, v]).
    ``sign=-1`` mirrors the bounds for a stated decrease (value −v).
    """
    v = num.value
    if rule == "exact":
        if exact_integer and num.integer_form and not num.scaled:
            lo, hi = v, v
        else:
            half = num.step / 2
            lo, hi = max(Decimal(0), v - half), v + half
    elif rule == "next_step":
        lo, hi = v, v + num.sig_step
    elif rule == "open":
        lo, hi = v, None
    elif rule == "pm5":
        lo, hi = v * Decimal("0.95"), v * Decimal("1.05")
    elif rule == "near":
        lo, hi = v * Decimal("0.9"), v
    elif rule == "below":
        lo, hi = Decimal(0), v
    else:
        raise ValueError(f"rule must be one of exact|next_step|open|pm5|near|below, got {rule!r}")
    if sign < 0:
        lo, hi = (-hi if hi is not None else None), -lo
    return lo, hi
