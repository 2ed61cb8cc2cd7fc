"""Correct what OCR cannot see from the glyphs alone: punctuation width and misread **labels**.

**Punctuation width.** A recogniser cannot tell ``,`` from ``，`` (nor ``:;()`` from their
full-width forms): the strokes are the same, only the advance differs. The advance is measured
instead: between two hanzi, a full-width mark puts the next glyph two ideograph pitches after the
previous one, a half-width mark about 1.25 (samples: 1.0–1.67 against 1.75–2.67), so the mark is
written as printed; a closing parenthesis takes the width of the one it closes. Marks at a line's
end keep the recogniser's reading. Likewise 〇 beside no other Chinese numeral is the digit 0,
and spaces the recogniser put beside hanzi go (Chinese text has none there).

**Labels.**
A short line one edit away from a known label (项目名称, 实施单位, 一级指标, 数量指标, 满意度指标 …)
is that label unless the edit is a confident reading of a hanzi: 项目名杯 (杯 unsure) → 项目名称,
-级指标 → 一级指标. Targets, names and amounts are never touched: a line with a digit is not a
label, and 质量达标 — a plausible target one edit away from 质量指标 — stays as read when the
recogniser is sure of its 达.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from .recognize import TextLine

LABELS: tuple[str, ...] = (
    # header
    "项目名称", "项目全称", "主管部门", "主管部门及代码", "主管单位", "部门名称", "预算部门",
    "单位名称", "预算单位", "实施单位", "项目实施单位", "执行单位", "项目属性", "项目资金",
    "项目资金(万元)", "年度资金总额", "资金总额", "其中:财政拨款", "财政拨款", "其他资金",
    "年度目标", "年度总体目标", "年度绩效目标", "总体目标", "绩效目标", "绩效指标",
    "年度绩效指标", "项目负责人", "联系电话", "填报单位", "项目支出绩效目标表",
    "部门整体支出绩效目标表", "项目支出预算绩效目标表",
    # indicator table
    "一级指标", "二级指标", "三级指标", "指标名称", "年度指标值", "本年度指标值", "全年指标值",
    "指标性质", "度量单位", "计量单位",
    "产出指标", "效益指标", "满意度指标", "成本指标", "数量指标", "质量指标", "时效指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标",
    "经济成本指标", "社会成本指标", "生态环境成本指标",
)  # fmt: skip
MIN_LENGTH = 4  # shorter labels (权重, 备注) are too close to ordinary words
MAX_LENGTH = 14
SURE = 0.9  # a character read with at least this confidence is not corrected
_TRAILING = ":："
# Half-width and full-width forms of the marks whose width is measured.
_WIDTH_PAIRS = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}
_HALF_OF = {full: half for half, full in _WIDTH_PAIRS.items()}
# A mark is full-width when the glyphs around it are further apart than their half advances
# plus this many ideograph pitches (half-width: + 0.5, full-width: + 1.0).
FULL_WIDTH_GAIN = 0.7
_CHINESE_NUMERALS = set("〇零一二三四五六七八九十百千万两")
# Symbols a recogniser reads for a hanzi of the same shape.
_LOOKALIKES = str.maketrans({"-": "一", "—": "一", "_": "一", "=": "二", "T": "干"})
MIN_PITCHES = 2  # a line needs this many hanzi pairs to measure its pitch


def _is_hanzi(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _half_advance(ch: str) -> float:
    """Half a glyph's usual advance, in ideograph pitches: hanzi 0.5, digits and latin 0.25."""
    return 0.5 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.25


def hanzi_pitch(line: TextLine) -> float | None:
    """The median distance between neighbouring hanzi centres of a line, if it has enough."""
    text, centres = line.text, line.centres
    if len(centres) != len(text):
        return None
    pitches = sorted(
        centres[k + 1] - centres[k] for k in range(len(text) - 1) if _is_hanzi(text[k]) and _is_hanzi(text[k + 1])
    )
    if len(pitches) < MIN_PITCHES or pitches[len(pitches) // 2] <= 0:
        return None
    return pitches[len(pitches) // 2]


def pitch_per_height(lines: list[TextLine]) -> float | None:
    """Hanzi pitch over line-box height, the median over a page's lines: the pitch of a line
    too short to measure its own (60人,1次) is its height times this."""
    ratios = sorted(p / line.box.height for line in lines if line.box.height > 0 and (p := hanzi_pitch(line)))
    return ratios[len(ratios) // 2] if ratios else None


def punctuation_by_width(line: TextLine, per_height: float | None = None) -> TextLine:
    """The line with each , : ; ( ) inside it written in the width it was printed, and a
    closing parenthesis in the width of the opening one it closes."""
    text, centres = line.text, line.centres
    if len(centres) != len(text) or not any(ch in _WIDTH_PAIRS or ch in _HALF_OF for ch in text):
        return line
    pitch = hanzi_pitch(line) or (per_height * line.box.height if per_height else None)
    if not pitch:
        return line
    chars = list(text)
    opened: list[bool] = []  # width of each open parenthesis: True for full-width
    for k, ch in enumerate(text):
        half = _HALF_OF.get(ch, ch)
        if half not in _WIDTH_PAIRS:
            continue
        before, after = text[k - 1] if k else " ", text[k + 1] if k + 1 < len(text) else " "
        if half == ")" and opened:
            full = opened.pop()
        elif before.isspace() or after.isspace() or before in _HALF_OF or after in _HALF_OF or before in _WIDTH_PAIRS:
            full = ch in _HALF_OF  # no neighbour to measure against: as read
        else:
            span = (centres[k + 1] - centres[k - 1]) / pitch
            full = span >= _half_advance(before) + _half_advance(after) + FULL_WIDTH_GAIN
        if half == "(":
            opened.append(full)
        chars[k] = _WIDTH_PAIRS[half] if full else half
    fixed = "".join(chars)
    return line if fixed == text else replace(line, text=fixed)


def ideographic_zero(line: TextLine) -> TextLine:
    """〇 read where no other Chinese numeral stands beside it is the digit 0 (〇人 → 0人); in
    二〇二三 it stays."""
    text = line.text
    if "〇" not in text:
        return line
    chars = list(text)
    for k, ch in enumerate(text):
        if ch != "〇":
            continue
        neighbours = (text[k - 1] if k else "") + (text[k + 1] if k + 1 < len(text) else "")
        if not any(n in _CHINESE_NUMERALS for n in neighbours):
            chars[k] = "0"
    return replace(line, text="".join(chars))


def drop_spaces_by_hanzi(line: TextLine) -> TextLine:
    """Spaces the recogniser put next to a full-width glyph removed (2023 年 → 2023年): Chinese
    text has none there (output.md removes them from text PDFs too); a wide gap is kept anyway
    by the glyph positions."""
    text = line.text
    if " " not in text:
        return line
    keep = [
        k for k, ch in enumerate(text)
        if ch != " " or not any(_half_advance(n) == 0.5 for n in text[max(0, k - 1) : k] + text[k + 1 : k + 2])
    ]  # fmt: skip
    if len(keep) == len(text):
        return line
    take = lambda values: [values[k] for k in keep] if len(values) == len(text) else []  # noqa: E731
    return replace(line, text="".join(text[k] for k in keep), centres=take(line.centres), scores=take(line.scores))


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, stopping early once it exceeds ``limit`` (returns limit + 1)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def nearest_label(text: str) -> str | None:
    """The known label that ``text`` is a misreading of: equal once symbols that look like
    hanzi are read as those (-级指标 → 一级指标), else the one label exactly one edit away;
    None when there is none or several."""
    key = text.replace("（", "(").replace("）", ")").replace("：", ":")
    if not MIN_LENGTH <= len(key) <= MAX_LENGTH or key in LABELS or any(ch.isdigit() for ch in key):
        return None
    lookalike = key.translate(_LOOKALIKES)
    if lookalike in LABELS:
        return lookalike
    found = [label for label in LABELS if len(label) >= MIN_LENGTH and edit_distance(key, label, 1) == 1]
    return found[0] if len(found) == 1 else None


def correct_line(line: TextLine, per_height: float | None = None) -> TextLine:
    """The line with its punctuation in the printed width and a misread label put right
    (``per_height``: the page's :func:`pitch_per_height`)."""
    return correct_label(punctuation_by_width(ideographic_zero(drop_spaces_by_hanzi(line)), per_height))


def correct_label(line: TextLine) -> TextLine:
    """The line with a misread label put right; any other line unchanged.

    A label one edit away is taken when the edit is not a confident reading of a hanzi: the
    differing character was read with less than :data:`SURE` confidence, or is not a hanzi
    at all (-级指标 → 一级指标, 骨T → 骨干); a confident hanzi means the text is printed so."""
    stripped = line.text.strip()
    body = stripped.rstrip(_TRAILING)
    tail = stripped[len(body) :]
    label = nearest_label(body)
    if label is None:
        return line
    offset = line.text.index(body) if body else 0
    if len(label) == len(body):
        k = next(i for i, (a, b) in enumerate(zip(body, label)) if a != b)
        score = line.scores[offset + k] if len(line.scores) == len(line.text) else line.score
        if _is_hanzi(body[k]) and score >= SURE:
            return line
    elif line.scores and min(line.scores) >= SURE and all(_is_hanzi(ch) for ch in body):
        return line
    text = label + tail
    same = len(text) == len(line.text)
    return replace(line, text=text, centres=line.centres if same else [], scores=line.scores if same else [])
