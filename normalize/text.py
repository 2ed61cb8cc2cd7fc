"""Make extracted text searchable as users type it, without changing what was printed.

Browsers and some PDF producers emit Kangxi radicals (``⽀`` U+2F40 for ``支``), CJK radicals
supplement forms and CJK compatibility ideographs; these are folded to the unified ideographs.
Full-width digits and punctuation are *kept* as printed (output.md), so a blanket NFKC is not
an option: only the ideograph-like ranges are folded.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Simplified-Chinese forms of radicals supplement code points that have no NFKC mapping but
# stand in for common characters in browser-printed PDFs.
_RADICAL_SUPPLEMENT = {
    "\u2e84": "乙", "\u2e86": "冂", "\u2e87": "几", "\u2e88": "刀", "\u2e8a": "卜",
    "\u2e8c": "小", "\u2e8d": "小", "\u2e8e": "兀", "\u2e8f": "尢", "\u2e90": "尢",
    "\u2e92": "巳", "\u2e93": "幺", "\u2e94": "彐", "\u2e95": "彐", "\u2e96": "心",
    "\u2e97": "心", "\u2e98": "手", "\u2e99": "攵", "\u2e9b": "旡", "\u2e9d": "月",
    "\u2e9e": "歹", "\u2e9f": "母", "\u2ea0": "民", "\u2ea1": "水", "\u2ea2": "水",
    "\u2ea3": "火", "\u2ea4": "爪", "\u2ea5": "爪", "\u2ea6": "丬", "\u2ea7": "牛",
    "\u2ea8": "犬", "\u2ea9": "王", "\u2eaa": "疋", "\u2eab": "目", "\u2eac": "示",
    "\u2ead": "示", "\u2eae": "竹", "\u2eaf": "糸", "\u2eb0": "纟", "\u2eb1": "网",
    "\u2eb2": "网", "\u2eb3": "网", "\u2eb4": "网", "\u2eb5": "网", "\u2eb6": "羊",
    "\u2eb7": "羊", "\u2eb8": "羊", "\u2eb9": "老", "\u2eba": "肀", "\u2ebb": "肀",
    "\u2ebc": "月", "\u2ebd": "臼", "\u2ebe": "艹", "\u2ebf": "艹", "\u2ec0": "艹",
    "\u2ec1": "虎", "\u2ec2": "衣", "\u2ec3": "西", "\u2ec4": "西", "\u2ec5": "见",
    "\u2ec6": "角", "\u2ec7": "角", "\u2ec8": "讠", "\u2ec9": "贝", "\u2eca": "足",
    "\u2ecb": "车", "\u2ecc": "辶", "\u2ecd": "辶", "\u2ece": "辶", "\u2ecf": "阝",
    "\u2ed0": "钅", "\u2ed1": "长", "\u2ed2": "长", "\u2ed3": "长", "\u2ed4": "门",
    "\u2ed5": "阜", "\u2ed6": "阝", "\u2ed7": "雨", "\u2ed8": "青", "\u2ed9": "韦",
    "\u2eda": "页", "\u2edb": "风", "\u2edc": "飞", "\u2edd": "食", "\u2ede": "食",
    "\u2edf": "食", "\u2ee0": "饣", "\u2ee1": "首", "\u2ee2": "马", "\u2ee3": "骨",
    "\u2ee4": "鬼", "\u2ee5": "鱼", "\u2ee6": "鸟", "\u2ee7": "卤", "\u2ee8": "麦",
    "\u2ee9": "黄", "\u2eea": "黾", "\u2eeb": "斉", "\u2eec": "齐", "\u2eed": "歯",
    "\u2eee": "齿", "\u2eef": "竜", "\u2ef0": "龙", "\u2ef1": "龜", "\u2ef2": "亀",
    "\u2ef3": "龟",
}


def _is_foldable(ch: str) -> bool:
    code = ord(ch)
    return (
        0x2F00 <= code <= 0x2FDF  # Kangxi radicals
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0x2F800 <= code <= 0x2FA1F  # CJK compatibility ideographs supplement
    )


# The code points fold_ideographs can change: CJK radicals (supplement and Kangxi) and the
# compatibility ideographs (and their supplement).
_MAY_FOLD_RANGES = ((0x2E80, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
_MAY_FOLD = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _MAY_FOLD_RANGES) + "]")


def may_fold(code: int) -> bool:
    """Whether :func:`fold_ideographs` can change this code point (a cheap test for readers
    that see one glyph at a time): the radical and compatibility ranges."""
    return any(lo <= code <= hi for lo, hi in _MAY_FOLD_RANGES)


def fold_ideographs(text: str) -> str:
    """Fold radical and compatibility code points to unified ideographs; keep all else."""
    if text.isascii() or not _MAY_FOLD.search(text):  # text without a foldable code point
        return text
    out = []
    for ch in text:
        if _is_foldable(ch):
            out.append(unicodedata.normalize("NFKC", ch))
        else:
            out.append(_RADICAL_SUPPLEMENT.get(ch, ch))
    return "".join(out)


def is_cjk(ch: str) -> bool:
    """True for CJK ideographs, CJK punctuation and full-width forms.

    These are the characters between which whitespace carries no meaning in Chinese text.
    """
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
        or 0x2E80 <= code <= 0x2FDF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FA1F
        or code in (0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2014, 0x00B7)
    )


# Rich-text editors leak formatting tags into cells (``<p>…</p>``); only those are removed, so
# that a cell which really says ``<script>`` keeps its text.
_FORMAT_TAG = re.compile(
    r"</?(?:p|br|div|span|font|b|i|u|em|strong|sub|sup|o:p|li|ul|ol|h[1-6]|table|tr|td|th|tbody)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:nbsp|amp|lt|gt|quot|apos|#\d{1,6}|#x[0-9a-fA-F]{1,6});")
_SPACE_RUN = re.compile(r"[ \t\r\n\f\v\u00a0\u3000\u2002\u2003\u2009\u200b]+")


def strip_format_tags(text: str) -> str:
    """Remove leaked HTML formatting tags and decode the entities they come with."""
    if "<" not in text and "&" not in text:
        return text
    text = _FORMAT_TAG.sub(" ", text)
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def collapse_whitespace(text: str) -> str:
    """Remove whitespace runs between CJK characters; collapse others to one space; trim.

    The ideographic space U+3000 counts as whitespace here: it is layout, not content.
    """
    parts = _SPACE_RUN.split(text)
    if len(parts) == 1:
        return text
    out = parts[0]
    for part in parts[1:]:
        if not part:
            continue
        if out and (is_cjk(out[-1]) and is_cjk(part[0])):
            out += part
        elif out:
            out += " " + part
        else:
            out = part
    return out


def clean_text(text: str) -> str:
    """The full cell-text cleanup of output.md: fold ideographs, drop tags, fix whitespace."""
    return collapse_whitespace(strip_format_tags(fold_ideographs(text)))
