"""Cell values → text as Excel shows it: number formats, dates, booleans, then the same
cleaning as PDF cells."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Optional, Union

from ....normalize.text import clean_text
from .sheet import CellValue


_PLACEHOLDERS = "0#?"
_DATE_TOKENS = re.compile(r"[ymdhs]", re.IGNORECASE)


def _split_sections(code: str) -> list[str]:
    """A number format's ``;``-separated sections, ignoring ``;`` inside quotes or after ``\\``."""
    sections, current, quoted, escaped = [], "", False, False
    for ch in code:
        if escaped:
            current += ch
            escaped = False
        elif ch == "\\":
            current += ch
            escaped = True
        elif ch == '"':
            current += ch
            quoted = not quoted
        elif ch == ";" and not quoted:
            sections.append(current)
            current = ""
        else:
            current += ch
    sections.append(current)
    return sections


@dataclass
class _Pattern:
    """One section of a number format, split into literal text around one numeric pattern."""

    prefix: str = ""
    number: str = ""  # placeholders, '.', ',' and an exponent part
    suffix: str = ""
    percent: int = 0
    text_at: bool = False  # an '@' (the cell's text) is in the section


def _parse_section(section: str) -> _Pattern:
    """Tokenise a section: quoted and escaped literals, ``[…]`` colours/conditions/locales
    (a ``[$¥-804]`` currency keeps its symbol), ``_x`` padding and ``*x`` fill dropped."""
    pat = _Pattern()
    i, n = 0, len(section)

    def literal(text: str) -> None:
        if pat.number:
            pat.suffix += text
        else:
            pat.prefix += text

    while i < n:
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = n if end < 0 else end
            literal(section[i + 1 : end])
            i = end + 1
            continue
        if ch == "\\" and i + 1 < n:
            literal(section[i + 1])
            i += 2
            continue
        if ch in "_*" and i + 1 < n:
            i += 2
            continue
        if ch == "[":
            end = section.find("]", i)
            end = n if end < 0 else end
            inside = section[i + 1 : end]
            if inside.startswith("$"):
                literal(inside[1:].split("-", 1)[0])
            i = end + 1
            continue
        if ch in _PLACEHOLDERS or (ch in ".," and _near_placeholder(section, i)):
            pat.number += ch
        elif ch in "Ee" and pat.number and i + 1 < n and section[i + 1] in "+-":
            pat.number += "E" + section[i + 1]
            i += 2
            continue
        elif ch == "%":
            pat.percent += 1
            literal("%")
        elif ch == "@":
            pat.text_at = True
        else:
            literal(ch)
        i += 1
    return pat


def _near_placeholder(section: str, i: int) -> bool:
    """Whether the ``.`` or ``,`` at ``i`` belongs to the number (a placeholder before or after)."""
    before = section[i - 1] if i > 0 else " "
    after = section[i + 1] if i + 1 < len(section) else " "
    return before in _PLACEHOLDERS + ".," or after in _PLACEHOLDERS


def format_general(value: float) -> str:
    """Excel's General format: integers without ``.0``, others to 15 significant digits (the
    precision Excel keeps), in plain notation unless very large or small."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15g}"
    if "e" in text and 1e-9 <= abs(value) < 1e15:
        text = format(Decimal(text).normalize(), "f")
    return text.replace("e", "E")


def _digits(value: Decimal, number: str) -> str:
    """``value`` (not negative) in the numeric pattern ``number`` (no exponent part)."""
    int_part, _, frac_part = number.partition(".")
    scale = 0
    while int_part.endswith(","):  # trailing commas divide by a thousand each
        scale += 1
        int_part = int_part[:-1]
    value = value.scaleb(-3 * scale)
    max_dec = sum(frac_part.count(p) for p in _PLACEHOLDERS)
    min_dec = frac_part.count("0")
    rounded = value.quantize(Decimal(1).scaleb(-max_dec), rounding=ROUND_HALF_UP)
    whole, _, frac = f"{rounded:f}".partition(".")
    frac = frac.rstrip("0") if len(frac) > min_dec else frac
    frac = frac.ljust(min_dec, "0")
    min_int = int_part.count("0")
    if whole == "0" and min_int == 0:
        whole = ""
    whole = whole.rjust(min_int, "0")
    if "," in int_part and whole:
        whole = f"{int(whole):,}"
    point = "." if "." in number and (frac or max_dec == 0) else ""
    return whole + point + frac


def _scientific(value: Decimal, number: str) -> str:
    """``value`` (not negative) in a pattern with an exponent part, e.g. ``0.00E+00``."""
    mantissa, sign, exponent = re.split(r"E([+-])", number, maxsplit=1)
    decimals = sum(mantissa.partition(".")[2].count(p) for p in _PLACEHOLDERS)
    text = f"{value:.{decimals}E}"
    base, _, power = text.partition("E")
    power_value = int(power)
    digits = str(abs(power_value)).rjust(max(1, exponent.count("0")), "0")
    shown = "-" if power_value < 0 else ("+" if sign == "+" else "")
    return f"{base}E{shown}{digits}"


def format_number(value: Union[int, float], code: Optional[str]) -> str:
    """A number as a cell with number format ``code`` shows it: ``0.00`` → 2 decimals,
    ``#,##0.00`` with thousands separators, ``0%`` ×100 with ``%``, literal text kept
    (``0.00"万元"``), sections for negatives and zero. Rounding is half away from zero, as
    Excel's. Formats this does not model (fractions, dates on a plain number) give General."""
    code = (code or "General").strip()
    if code.lower() in ("general", "@", ""):
        return format_general(value)
    sections = _split_sections(code)
    if value < 0 and len(sections) >= 2 and sections[1]:
        section, sign = sections[1], ""
    elif value == 0 and len(sections) >= 3:
        section, sign = sections[2], ""
    else:
        section, sign = sections[0], "-" if value < 0 else ""
    if section.strip().lower() == "general":
        return sign + format_general(abs(value))
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", section)
    if _DATE_TOKENS.search(bare) or "/" in bare:  # a date or fraction format on a plain number
        return format_general(value)
    pat = _parse_section(section)
    try:
        magnitude = abs(Decimal(repr(float(value)) if isinstance(value, float) else value))
    except InvalidOperation:
        return format_general(value)
    magnitude = magnitude.scaleb(2 * pat.percent)
    if not pat.number:
        body = format_general(float(magnitude)) if pat.text_at else ""
    elif "E" in pat.number:
        body = _scientific(magnitude, pat.number)
    else:
        body = _digits(magnitude, pat.number)
    return sign + pat.prefix + body + pat.suffix


def value_text(value: CellValue, number_format: Optional[str] = None) -> str:
    """A cell value as Excel shows it, cleaned as PDF cell text is (output.md)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, (int, float)):
        text = format_number(value, number_format)
    elif isinstance(value, dt.datetime):
        midnight = value.time() == dt.time(0, 0)
        text = value.date().isoformat() if midnight else value.isoformat(timespec="seconds")
    elif isinstance(value, (dt.date, dt.time)):
        text = value.isoformat()
    else:
        text = str(value)
    return clean_text(text)
