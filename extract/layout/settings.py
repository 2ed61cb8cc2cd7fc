"""The layout stage's tolerances, in one object: how segments become rules and rules a grid."""

from __future__ import annotations

from dataclasses import dataclass, field

from .grid import GridSettings
from .rules import RuleSettings


@dataclass(frozen=True)
class LayoutSettings:
    """Tolerances of :func:`~jixiao.extract.layout.rows.page_to_rows`, each validated by its
    own dataclass when made."""

    rules: RuleSettings = field(default_factory=RuleSettings)
    grid: GridSettings = field(default_factory=GridSettings)
