"""Rules → tables: rebuild each table's grid, merged cells included, from the ruling lines.

A table is a connected group of crossing rules. Its column edges are the vertical rules'
positions and its row edges the horizontal rules'; a missing outer border is put back at the
extent of the rules that cross it. Neighbouring grid squares whose shared edge is not drawn
belong to one merged cell, which gives row and column spans without any template.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..model import Cell, Segment, Table


@dataclass(frozen=True)
class GridSettings:
    """Tolerances in points, validated once."""

    touch: float = 3.0  # a rule ending this close to another still crosses it
    min_gap: float = 4.0  # row or column edges closer than this are one edge
    coverage: float = 0.5  # share of a grid edge that must be drawn to separate cells

    def __post_init__(self) -> None:
        if not 0 < self.coverage <= 1:
            raise ValueError("GridSettings.coverage must be in (0, 1]")
        if self.touch < 0 or self.min_gap < 0:
            raise ValueError("GridSettings tolerances must be >= 0")


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _crosses(h: Segment, v: Segment, touch: float) -> bool:
    return (
        h.start - touch <= v.pos <= h.end + touch and v.start - touch <= h.pos <= v.end + touch
    )


def rules_to_groups(
    horizontal: list[Segment], vertical: list[Segment], settings: GridSettings = GridSettings()
) -> list[tuple[list[Segment], list[Segment]]]:
    """Group rules into tables: connected components of the 'crosses' relation."""
    n_h = len(horizontal)
    uf = _UnionFind(n_h + len(vertical))
    vertical_sorted = sorted(range(len(vertical)), key=lambda k: vertical[k].pos)
    v_positions = [vertical[k].pos for k in vertical_sorted]
    for i, h in enumerate(horizontal):
        lo = bisect_right(v_positions, h.start - settings.touch - 1e-9)
        for k in vertical_sorted[lo:]:
            v = vertical[k]
            if v.pos > h.end + settings.touch:
                break
            if _crosses(h, v, settings.touch):
                uf.union(i, n_h + k)
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(uf.find(i), ([], []))[0].append(h)
    for k, v in enumerate(vertical):
        groups.setdefault(uf.find(n_h + k), ([], []))[1].append(v)
    tables = [g for g in groups.values() if g[0] and g[1]]
    lone = [v for g in groups.values() if not g[0] for v in g[1]]
    for hs, vs in tables:
        vs.extend(_side_rules(hs, vs, lone, settings))
    return tables


def _side_rules(
    horizontal: list[Segment], vertical: list[Segment], lone: list[Segment], settings: GridSettings
) -> list[Segment]:
    """Vertical rules beside a table that cross none of its rules but run its whole height:
    the sides of merged cells cut by a page break, whose top and bottom edges are not drawn on
    this page (the 一级指标 or 项目名称 column of a continuation page). They belong to the table."""
    top = min(v.start for v in vertical)
    bottom = max(v.end for v in vertical)
    left = min(h.start for h in horizontal)
    right = max(h.end for h in horizontal)
    slack = 2 * settings.touch
    spanning = sorted(
        (v for v in lone if abs(v.start - top) <= slack and abs(v.end - bottom) <= slack), key=lambda v: v.pos
    )
    taken: list[Segment] = []
    edge = left
    for v in reversed([v for v in spanning if v.pos < left - settings.min_gap]):
        if edge - v.pos > 200:
            break
        taken.append(v)
        edge = v.pos
    edge = right
    for v in [v for v in spanning if v.pos > right + settings.min_gap]:
        if v.pos - edge > 200:
            break
        taken.append(v)
        edge = v.pos
    return taken


def _edges(positions: list[float], min_gap: float) -> list[float]:
    edges: list[list[float]] = []
    for p in sorted(positions):
        if edges and p - edges[-1][-1] < min_gap:
            edges[-1].append(p)
        else:
            edges.append([p])
    return [sum(e) / len(e) for e in edges]


def _drawn(rules: list[Segment], lo: float, hi: float, coverage: float) -> bool:
    """Whether these collinear rules cover enough of the interval [lo, hi]."""
    covered = 0.0
    for _, _, start, end in rules:
        # max(0.0, min(end, hi) - max(start, lo)), without the calls: this runs for every
        # inner edge of every grid square
        overlap = (hi if hi < end else end) - (lo if lo > start else start)
        if overlap > 0.0:
            covered += overlap
    return covered >= coverage * (hi - lo)


def _nearest(edges: list[float], pos: float) -> int:
    """The index of the edge nearest to ``pos`` in edges that never descend (equal ones
    allowed, as ``min_gap`` 0 gives them), the first of equally near ones."""
    k = bisect_left(edges, pos)
    if k == 0:
        return 0
    # the distance falls up to pos and rises after it: the nearest is k - 1 or k
    before = abs(edges[k - 1] - pos)
    if k < len(edges) and abs(edges[k] - pos) < before:
        return k
    k -= 1
    while k > 0 and abs(edges[k - 1] - pos) == before:
        k -= 1
    return k


def _rules_at(rules: list[Segment], edges: list[float], tolerance: float) -> list[list[Segment]]:
    """The rules at each edge: those within ``tolerance`` of it, each at its nearest edge
    (the first of equally near ones); ``edges`` never descend, as :func:`_edges` makes them."""
    at: list[list[Segment]] = [[] for _ in edges]
    for r in rules:
        k = _nearest(edges, r.pos)
        if abs(edges[k] - r.pos) <= tolerance:
            at[k].append(r)
    return at


def group_to_table(
    horizontal: list[Segment],
    vertical: list[Segment],
    page: int,
    settings: GridSettings = GridSettings(),
) -> Table | None:
    """Build one table's grid and merged cells from its rules; None if it has no area."""
    left = min(h.start for h in horizontal)
    right = max(h.end for h in horizontal)
    top = min(v.start for v in vertical)
    bottom = max(v.end for v in vertical)
    xs = _edges([v.pos for v in vertical] + [left, right], settings.min_gap)
    ys = _edges([h.pos for h in horizontal] + [top, bottom], settings.min_gap)
    if len(xs) < 2 or len(ys) < 2:
        return None
    v_at = _rules_at(vertical, xs, settings.min_gap)
    h_at = _rules_at(horizontal, ys, settings.min_gap)
    # The outer frame counts as drawn even where a producer left it out.
    full_v = [Segment(False, x, ys[0], ys[-1]) for x in (xs[0], xs[-1])]
    full_h = [Segment(True, y, xs[0], xs[-1]) for y in (ys[0], ys[-1])]
    v_at[0], v_at[-1] = full_v[:1], full_v[1:]
    h_at[0], h_at[-1] = full_h[:1], full_h[1:]

    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    uf = _UnionFind(n_rows * n_cols)
    coverage = settings.coverage
    # a set's root is its smallest square whatever the order of the unions (_UnionFind.union)
    for i in range(n_rows):
        first, lo, hi = i * n_cols, ys[i], ys[i + 1]
        for j in range(n_cols - 1):
            if not _drawn(v_at[j + 1], lo, hi, coverage):
                uf.union(first + j, first + j + 1)
        if i + 1 < n_rows:
            below = h_at[i + 1]
            for j in range(n_cols):
                if not _drawn(below, xs[j], xs[j + 1], coverage):
                    uf.union(first + j, first + n_cols + j)
    spans: dict[int, list[int]] = {}
    for i in range(n_rows):
        for j in range(n_cols):
            root = uf.find(i * n_cols + j)
            box = spans.get(root)
            # squares come row by row: a cell's first row is where it is met first, its last
            # row the current one; only its columns can widen either way
            if box is None:
                spans[root] = [i, j, i, j]
            else:
                box[2] = i
                if j < box[1]:
                    box[1] = j
                elif j > box[3]:
                    box[3] = j
    cells = [
        Cell(
            row=r0,
            col=c0,
            rowspan=r1 - r0 + 1,
            colspan=c1 - c0 + 1,
            bbox=(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]),
            page=page,
        )
        for r0, c0, r1, c1 in spans.values()
    ]
    cells.sort(key=lambda c: (c.row, c.col))
    return Table(page=page, xs=xs, ys=ys, cells=cells)


def rules_to_tables(
    horizontal: list[Segment],
    vertical: list[Segment],
    page: int,
    settings: GridSettings = GridSettings(),
) -> list[Table]:
    """All tables of a page, top to bottom."""
    tables = []
    for hs, vs in rules_to_groups(horizontal, vertical, settings):
        table = group_to_table(hs, vs, page, settings)
        if table is not None:
            tables.append(table)
    tables.sort(key=lambda t: (t.ys[0], t.xs[0]))
    return tables


def cell_grid(table: Table) -> list[list[Cell]]:
    """For each grid square, the (merged) cell covering it."""
    grid: list[list[Cell | None]] = [[None] * (len(table.xs) - 1) for _ in range(table.n_rows)]
    for cell in table.cells:
        for i in range(cell.row, cell.row + cell.rowspan):
            for j in range(cell.col, cell.col + cell.colspan):
                grid[i][j] = cell
    return grid  # type: ignore[return-value]
