"""Numbers as forms write them: Arabic (with thousands separators) and Chinese numerals.

Full-width digits are already ASCII here (see :mod:`.fold`). Two rules from values.md live here:

* a number written without a decimal point is an ``int`` (``60``), one with a point is a ``float``
  (``60.0``, ``1.5``);
* arithmetic on the written number (folding a ``万`` into the base value) is done in
  :class:`~decimal.Decimal`, so ``70.35万`` is exactly ``703500``.

Chinese numerals cover the small counts targets use (``十二``, ``两``, ``三十五``, ``一百``,
``一千二百``, ``三点五``) and the financial forms (``壹``, ``拾`` …). A final ``万`` or ``亿`` is *not*
part of the numeral: ``一万人次`` reads like ``1万人次`` (value 1, unit ``万人次``), so the magnitude
lands in the unit exactly as it does after Arabic digits. ``万``/``亿`` inside a numeral
(``一万二千``) are part of it. Sequences that are not a well-formed numeral (``十三五``, ``三五``,
the colloquial ``一百五``) are rejected rather than guessed.
"""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType
from typing import Optional, Union

__all__ = [
    "ARABIC_PATTERN",
    "CHINESE_PATTERN",
    "NUMBER_PATTERN",
    "Number",
    "chinese_to_number",
    "read_number",
    "scale",
]

Number = Union[int, float]

#: An Arabic number: ``1,234.5`` (groups of exactly three) or ``1234.5``. Lengths are bounded so a
#: runaway digit string can never reach ``int()``'s digit limit.
ARABIC_PATTERN = (
    r"[0-9]{1,3}(?:,[0-9]{3}){1,5}(?:\.[0-9]{1,12})?(?![0-9])"
    r"|[0-9]{1,18}(?:\.[0-9]{1,12})?(?![0-9])"
)

_CN_DIGITS = MappingProxyType(
    {
        "零": 0, "〇": 0,
        "一": 1, "壹": 1,
        "二": 2, "两": 2, "贰": 2,
        "三": 3, "叁": 3,
        "四": 4, "肆": 4,
        "五": 5, "伍": 5,
        "六": 6, "陆": 6,
        "七": 7, "柒": 7,
        "八": 8, "捌": 8,
        "九": 9, "玖": 9,
    }
)  # fmt: skip
_CN_SMALL_UNITS = MappingProxyType({"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000})
_CN_BIG_UNITS = MappingProxyType({"万": 10_000, "亿": 100_000_000})

_CN_CHAR = "[" + "".join(_CN_DIGITS) + "".join(_CN_SMALL_UNITS) + "]"
_CN_FRACTION_DIGIT = "[零〇一二三四五六七八九]"

#: A Chinese numeral; ``万``/``亿`` only when more numeral follows (see the module docstring).
CHINESE_PATTERN = rf"(?:{_CN_CHAR}+[万亿])*{_CN_CHAR}+(?:点{_CN_FRACTION_DIGIT}{{1,6}})?"

#: Either kind of number.
NUMBER_PATTERN = rf"(?:{ARABIC_PATTERN}|{CHINESE_PATTERN})"


def _chinese_integer(text: str) -> Optional[int]:
    """Read a Chinese integer numeral; ``None`` when it is not well formed."""
    total = 0
    section = 0  # the part below the current 万/亿
    digit: Optional[int] = None
    last_small_unit = 10_000  # units inside a section must fall: 千 > 百 > 十
    last_big_unit = 10**13
    last_unit = 0  # the unit just read, small or big; 0 before any
    zero_seen = False
    for char in text:
        if char in _CN_DIGITS:
            value = _CN_DIGITS[char]
            if value == 0:
                zero_seen = True
                continue
            if digit is not None:
                return None  # two digits in a row: 三五, 十三五
            digit = value
        elif char in _CN_SMALL_UNITS:
            unit = _CN_SMALL_UNITS[char]
            if unit >= last_small_unit:
                return None
            if digit is None:
                if unit != 10 or section:
                    return None  # only 十 stands bare, and only first: 十二
                digit = 1
            section += digit * unit
            digit = None
            last_small_unit = last_unit = unit
            zero_seen = False
        else:  # 万 or 亿
            unit = _CN_BIG_UNITS[char]
            if unit >= last_big_unit:
                return None
            section += digit or 0
            if section == 0:
                return None
            total += section * unit
            section = 0
            digit = None
            last_small_unit = 10_000
            last_big_unit = last_unit = unit
            zero_seen = False
    if digit is not None:
        if last_unit > 10 and not zero_seen:
            return None  # 一百五, 一万五: colloquial 150 / 15000; refuse to guess
        section += digit
    return total + section


def chinese_to_number(text: str) -> Optional[Number]:
    """Read a Chinese numeral (``十二`` → 12, ``三点五`` → 3.5); ``None`` when malformed."""
    whole, _, fraction = text.partition("点")
    integer = _chinese_integer(whole)
    if integer is None:
        return None
    if not fraction:
        return integer
    digits = "".join(str(_CN_DIGITS[char]) for char in fraction)
    return float(f"{integer}.{digits}")


def read_number(text: str) -> Optional[tuple[Number, Decimal]]:
    """Read a number matched by :data:`NUMBER_PATTERN` as (value as written, exact decimal).

    The value is an ``int`` unless the text has a decimal point; the decimal is what magnitude
    folding multiplies. ``None`` for a malformed Chinese numeral.
    """
    if text[0].isascii():
        plain = text.replace(",", "")
        if "." in plain:
            return float(plain), Decimal(plain)
        return int(plain), Decimal(plain)
    value = chinese_to_number(text)
    if value is None:
        return None
    return value, Decimal(str(value))


def scale(value: Number, exact: Decimal, exponent: int) -> Number:
    """Multiply by ``10**exponent`` exactly; an integral result is an ``int``.

    With no exponent the value is returned as written (``60.0`` stays a float).
    """
    if exponent == 0:
        return value
    product = exact.scaleb(exponent)
    if product == product.to_integral_value():
        return int(product)
    return float(product)
