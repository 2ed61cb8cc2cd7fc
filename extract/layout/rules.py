"""Ruling segments → clean rules: snap near-collinear segments and join the pieces.

Exports draw one border as many pieces (a rect per cell side, dashes, double lines a point
apart); the grid needs one rule per line position.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Segment


@dataclass(frozen=True)
class RuleSettings:
    """Tolerances in points, validated once."""

    snap: float = 2.5  # segments this close across their direction are one line
    join: float = 3.0  # gaps this short along a line are bridged
    min_length: float = 2.0  # shorter pieces are noise (dots, glyph strokes)

    def __post_init__(self) -> None:
        for name in ("snap", "join", "min_length"):
            if getattr(self, name) < 0:
                raise ValueError(f"RuleSettings.{name} must be >= 0")


def _cluster_positions(values: list[float], tolerance: float) -> list[list[float]]:
    clusters: list[list[float]] = []
    for value in sorted(values):
        if clusters and value - clusters[-1][-1] <= tolerance:
            clusters[-1].append(value)
        else:
            clusters.append([value])
    return clusters


def _merge_one_direction(segments: list[Segment], settings: RuleSettings) -> list[Segment]:
    if not segments:
        return []
    horizontal = segments[0].horizontal
    clusters = _cluster_positions([s.pos for s in segments], settings.snap)
    pos_of = {}
    for cluster in clusters:
        mean = sum(cluster) / len(cluster)
        for value in cluster:
            pos_of[value] = mean
    by_pos: dict[float, list[tuple[float, float]]] = {}
    for s in segments:
        by_pos.setdefault(pos_of[s.pos], []).append((s.start, s.end))
    rules = []
    for pos in sorted(by_pos):
        spans = sorted(by_pos[pos])
        start, end = spans[0]
        for s, e in spans[1:]:
            if s <= end + settings.join:
                end = max(end, e)
            else:
                rules.append(Segment(horizontal, pos, start, end))
                start, end = s, e
        rules.append(Segment(horizontal, pos, start, end))
    return [r for r in rules if r.length >= settings.min_length]


def segments_to_rules(
    segments: Iterable[Segment], settings: RuleSettings = RuleSettings()
) -> tuple[list[Segment], list[Segment]]:
    """Return (horizontal rules, vertical rules), each snapped and joined."""
    horizontal = [s for s in segments if s.horizontal]
    vertical = [s for s in segments if not s.horizontal]
    return _merge_one_direction(horizontal, settings), _merge_one_direction(vertical, settings)
