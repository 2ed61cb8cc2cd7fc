"""Word-level differences of Chinese text, segmented by jieba.

Character diffs of Chinese are noisy (``提[-升-]{+高+}``) and whitespace diffs see one
"word" per cell; jieba's words give ``[-提升-]{+提高+}``. jieba loads its dictionary on the
first cut and logs a banner to stderr, so it is imported and initialised only when a text
actually changed, with its logger silenced.
"""

from __future__ import annotations

import logging
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, Callable, Literal

Op = Literal["=", "-", "+"]
DiffPiece = tuple[Op, str]


@lru_cache(maxsize=1)
def _cutter() -> Callable[[str], list[str]]:
    """jieba's ``lcut``, loaded once and quietly."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.lcut


def words(text: str) -> list[str]:
    """``text`` split into jieba words; joining them gives ``text`` back."""
    return _cutter()(text) if text else []


def word_diff(old: str, new: str) -> list[DiffPiece]:
    """The edit from ``old`` to ``new`` as segments: kept (``=``), removed (``-``), added (``+``).

    Adjacent segments of one kind are merged, so ``[-提升-]{+提高+}`` comes out as one removal
    and one addition. jieba may keep a longer word on one side (``明显提高`` is one word,
    ``明显提升`` two), so a replaced stretch gives back its common start and end where
    either side has a word boundary: ``明显[-提升-]{+提高+}``. Texts that share less than
    ``MIN_SHARED`` of their length are shown replaced whole, not as scattered digits.
    """
    a, b = words(old), words(new)
    segments: list[DiffPiece] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            _push(segments, "=", "".join(a[i1:i2]))
        else:
            for op, text in _trim_replacement(a[i1:i2], b[j1:j2]):
                _push(segments, op, text)
    shared = sum(len(text) for op, text in segments if op == "=")
    if segments and shared < MIN_SHARED * max(len(old), len(new)):
        return [(op, text) for op, text in (("-", old), ("+", new)) if text]
    return segments


MIN_SHARED = 1 / 3


def _trim_replacement(old_words: list[str], new_words: list[str]) -> list[DiffPiece]:
    """A replaced stretch as kept start, removed, added, kept end, cut at word boundaries."""
    old, new = "".join(old_words), "".join(new_words)
    cuts = _boundaries(old_words) | _boundaries(new_words)
    head = _common_prefix(old, new)
    head = max((c for c in cuts if c <= head), default=0)
    ends = {len(old) - c for c in _boundaries(old_words)} | {len(new) - c for c in _boundaries(new_words)}
    tail = _common_prefix(old[head:][::-1], new[head:][::-1])
    tail = max((c for c in ends if c <= tail), default=0)
    return [
        ("=", old[:head]),
        ("-", old[head : len(old) - tail]),
        ("+", new[head : len(new) - tail]),
        ("=", old[len(old) - tail :]),
    ]


def _boundaries(parts: list[str]) -> set[int]:
    """Character offsets where one word ends and the next begins (and both ends)."""
    out, at = {0}, 0
    for part in parts:
        at += len(part)
        out.add(at)
    return out


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def _push(segments: list[DiffPiece], op: Op, text: str) -> None:
    if not text:
        return
    if segments and segments[-1][0] == op:
        segments[-1] = (op, segments[-1][1] + text)
    else:
        segments.append((op, text))


def value_diff(old: Any, new: Any) -> list[DiffPiece]:
    """Segments for any two field values: text word by word, anything else whole; a missing
    value (``None``) adds nothing, so a field that appears reads ``{+text+}``."""
    if isinstance(old, str) and isinstance(new, str):
        return word_diff(old, new)
    segments: list[DiffPiece] = []
    if old is not None:
        _push(segments, "-", show(old))
    if new is not None:
        _push(segments, "+", show(new))
    return segments


def show(value: Any) -> str:
    """A field value as one short text: ``null`` for a missing value, numbers as JSON."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def shorten(segments: list[DiffPiece], context: int = 12) -> list[DiffPiece]:
    """Long kept stretches cut to ``context`` characters either side of a change, so a
    one-word edit in a 400-character goal prints as one line."""
    out: list[DiffPiece] = []
    last = len(segments) - 1
    for k, (op, text) in enumerate(segments):
        if op != "=" or len(text) <= 2 * context + 1:
            out.append((op, text))
            continue
        head = text[:context] if k > 0 else ""
        tail = text[-context:] if k < last else ""
        out.append((op, f"{head}…{tail}"))
    return out


def markup(segments: list[DiffPiece]) -> str:
    """Segments in wdiff's notation: ``不断[-提升-]{+提高+}人民调解``."""
    return "".join(
        text if op == "=" else f"[-{text}-]" if op == "-" else f"{{+{text}+}}" for op, text in segments
    )
