"""The form stage's tolerances, in one object, as :class:`~jixiao.extract.layout.settings.LayoutSettings`
holds the layout stage's: how far printed geometry may stray and still mean the same thing."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class FormSettings:
    """Tolerances of :func:`~jixiao.extract.forms.build.rows_to_forms` (shares are of a
    width or a count, 0–1; distances in points; gaps in line heights)."""

    # A wide cell goes into every column it covers by this share of the column's width.
    column_cover: float = 0.8
    # A row lines up with the indicator columns when this share of its own cells do …
    row_aligned: float = 0.8
    # … a cell doing so when it overlaps a column by this share of the narrower of the two.
    cell_on_column: float = 0.5
    # A table printed without its column header takes the previous form's columns when
    # every cell edge lies this close to theirs.
    series_edge: float = 3.0
    # A header value cut by a page break: a label-less row under one of the last pairs
    # (this many) whose value its cells overlap by this share of their width.
    value_lookback: int = 4
    value_under: float = 0.5
    # A header value stands under a label (or a column of values under its label) when it
    # overlaps it by this share of the narrower width.
    value_below: float = 0.5
    # A table row of one line of at most this many characters and no label is a title or
    # year line inside the table's frame.
    line_chars: int = 40
    # A title printed on two lines: the second starts within this many line heights …
    title_gap: float = 2.0
    # … and a title's head is centred over it within this share of the wider line, of the
    # same type size within this share, and above it within this many line heights.
    head_centred: float = 0.1
    head_same_size: float = 0.15
    head_gap: float = 1.2
    # A label printed one glyph per grid row: the glyphs' cells align within this distance.
    stacked_edge: float = 2.0
    # List tables: a line of a merged cell belongs to the cell above or below within this
    # many line heights; a phrase lies in a column when it overlaps it, widened by
    # ``list_slack`` points, by ``column_cover`` of its width.
    list_line_gap: float = 1.6
    list_slack: float = 2.0
    # A form spanning this many pages more than the median of the file's forms before it
    # (of at least ``long_form_siblings``) may hold the next forms too.
    long_form_pages: int = 3
    long_form_siblings: int = 3

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if value < 0:
                raise ValueError(f"FormSettings.{f.name} must not be negative, got {value}")
        for name in ("column_cover", "row_aligned", "cell_on_column", "value_under", "head_centred", "head_same_size", "value_below"):
            if getattr(self, name) > 1:
                raise ValueError(f"FormSettings.{name} is a share (0-1), got {getattr(self, name)}")


DEFAULT_FORM_SETTINGS = FormSettings()
