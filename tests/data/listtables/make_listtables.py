"""Render the synthetic list table used by tests/test_listtable.py with reportlab.

A Beijing-style 项目支出绩效目标表 list: 项目名称 | 项目总额 | 财政资金 | 其他资金 | 绩效目标 merged down
beside each project's indicator rows and printed vertically centred (so a name stands rows
below its project's first row), one name cell spanning two entries (two amount blocks), the
column header repeated on every page, and page breaks that cut the merged cells. The truth
(``TRUTH`` below) is written by hand, not from jixiao's output.

    python tests/data/listtables/make_listtables.py   # writes list_table.pdf beside this file
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = ["项目名称", "项目总额", "财政资金", "其他资金", "绩效目标", "一级指标", "二级指标", "三级指标", "绩效指标性质", "本年绩效指标值", "绩效度量单位"]


def _rows(n: int, stem: str) -> list[tuple[str, str, str, str, str, str]]:
    """n indicator rows: level1, level2, name, op, value, unit."""
    levels = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
    return [(*levels[k % 4], f"{stem}指标{k + 1}", "≥", str(90 + k), "%") for k in range(n)]


# name, total, fiscal, other, goal, indicator rows; entries sharing a name share its cell.
ENTRIES = [
    ("A000001-办公设备购置", "29.36", "29.36", "", "保障办公设备正常运转", _rows(5, "设备")),
    ("A000002-信息系统运维", "689.16", "689.16", "", "保障信息系统安全稳定运行", _rows(30, "运维")),
    ("A000003-培训项目", "12.50", "12.50", "", "完成年度培训任务", _rows(4, "甲校")),
    ("A000003-培训项目", "8.00", "8.00", "", "完成乙校培训任务", _rows(3, "乙校")),
    ("A000004-宣传经费", "125.86", "100.00", "25.86", "提高宣传覆盖面", _rows(22, "宣传")),
]
TRUTH = [
    (name, float(total), [(l1, l2, n, f"{op}{v}{u}") for l1, l2, n, op, v, u in rows])
    for name, total, _f, _o, _g, rows in ENTRIES
]


WIDTHS = [70, 45, 45, 45, 90, 50, 72, 100, 45, 55, 45]
ROW_H, HEAD_H, PER_PAGE, TOP = 16.0, 24.0, 26, 60.0


def _blocks() -> tuple[list[list[str]], list[tuple[int, int, int, str]]]:
    """The indicator rows (their last six cells) and the merged cells (col, first row, last
    row, text) of the five entry columns, over the whole list."""
    rows: list[list[str]] = []
    merged: list[tuple[int, int, int, str]] = []
    k = 0
    while k < len(ENTRIES):
        same = [e for e in ENTRIES[k:] if e[0] == ENTRIES[k][0]]
        name_start = len(rows)
        for _name, total, fiscal, other, goal, entry_rows in same:
            start = len(rows)
            rows.extend(list(r) for r in entry_rows)
            for col, text in zip((1, 2, 3, 4), (total, fiscal, other, goal)):
                merged.append((col, start, len(rows) - 1, text))
        merged.append((0, name_start, len(rows) - 1, ENTRIES[k][0]))
        k += len(same)
    return rows, merged


def build(path: Path) -> None:
    """Draw the list page by page as a report exporter does: the header repeated on each
    page, merged cells cut by the page break, their text centred on the whole merged block
    and clipped to the page's part of it (the clipped text stays in the text layer)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = landscape(A4)
    c = canvas.Canvas(str(path), pagesize=(width, height))
    rows, merged = _blocks()
    xs = [40.0]
    for w in WIDTHS:
        xs.append(xs[-1] + w)
    n_pages = -(-len(rows) // PER_PAGE)
    for p in range(n_pages):
        first, last = p * PER_PAGE, min(len(rows), (p + 1) * PER_PAGE) - 1
        y0 = height - TOP
        if p == 0:
            c.setFont("STSong-Light", 14)
            c.drawCentredString(width / 2, height - 40, "预算表12 项目支出绩效目标表")
        c.setFont("STSong-Light", 7)
        c.setLineWidth(0.5)
        body_top = y0 - HEAD_H
        bottom = body_top - ROW_H * (last - first + 1)
        for x in xs:
            c.line(x, y0, x, bottom)
        c.line(xs[0], y0, xs[-1], y0)
        c.line(xs[0], body_top, xs[-1], body_top)
        c.line(xs[0], bottom, xs[-1], bottom)
        for k, label in enumerate(HEADER):
            c.drawCentredString((xs[k] + xs[k + 1]) / 2, y0 - HEAD_H / 2 - 2, label)
        for i in range(first, last + 1):
            y = body_top - ROW_H * (i - first)
            c.line(xs[5], y - ROW_H, xs[-1], y - ROW_H)
            for k, text in enumerate(rows[i]):
                c.drawString(xs[5 + k] + 2, y - ROW_H / 2 - 2, text)
        for col, r0, r1, text in merged:
            if r1 < first or r0 > last:
                continue
            if r1 <= last and r1 != len(rows) - 1:
                yb = body_top - ROW_H * (r1 - first + 1)
                c.line(xs[col], yb, xs[col + 1], yb)
            # centred on the whole block, as if the pages were one sheet
            top = body_top - ROW_H * (r0 - first)
            mid = top - ROW_H * (r1 - r0 + 1) / 2
            lines = [text[j : j + 8] for j in range(0, len(text), 8)] if col in (0, 4) else [text]
            c.saveState()
            path_ = c.beginPath()
            path_.rect(xs[col], bottom, xs[col + 1] - xs[col], body_top - bottom)
            c.clipPath(path_, stroke=0, fill=0)
            for j, line in enumerate(lines):
                c.drawString(xs[col] + 2, mid + 4.5 * (len(lines) - 1) - 9 * j - 2, line)
            c.restoreState()
        c.showPage()
    c.save()


# Guangzhou style: one row per project, its indicators packed into one 绩效指标 cell.
PACKED_HEADER = ["项目名称", "主管部门", "项目总额", "绩效目标", "绩效指标"]
PACKED = [
    ("会议保障经费", "广州市甲局", "120.00", "保障各类会议顺利召开", [
        ("产出指标", "数量指标", "会议活动保障次数", "每年≥20场", "每年≥20场"),
        ("产出指标", "质量指标", "会议保障合格率", "100%", "100%"),
        ("满意度指标", "服务对象满意度指标", "参会人员满意度", "≥90%", "≥95%"),
    ]),
    ("信息系统运维", "广州市甲局", "86.50", "保障系统稳定运行", [
        ("产出指标", "时效指标", "故障响应时间", "≤2小时", "≤1小时"),
        ("效益指标", "社会效益指标", "系统正常运行率", "≥98%", "≥99%"),
    ]),
    ("宣传推广专项", "广州市甲局", "45.00", "提高政策知晓率", [
        ("产出指标", "数量指标", "宣传活动场次", "≥10场", "≥12场"),
        ("效益指标", "社会效益指标", "政策知晓率", "≥80%", "≥85%"),
        ("成本指标", "经济成本指标", "单场活动成本", "≤3万元", "≤3万元"),
    ]),
]
PACKED_TRUTH = [
    (name, float(total), [(l1, l2, n, annual) for l1, l2, n, _long, annual in rows]) for name, _d, total, _g, rows in PACKED
]


def _packed_text(rows: list[tuple[str, str, str, str, str]]) -> str:
    codes = {"产出指标": 1, "效益指标": 2, "满意度指标": 3, "成本指标": 4}
    items = []
    for k, (l1, l2, name, long_term, annual) in enumerate(rows, start=1):
        c1 = codes[l1]
        items.append(f"{k}、{c1}-{l1}；{c1}{k}-{l2}；{name}；实施周期指标值:{long_term}；年度指标值:{annual}。")
    return "".join(items)


def build_packed(path: Path) -> None:
    """Draw the packed-cell list, each cell's text wrapped in its column."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = landscape(A4)
    c = canvas.Canvas(str(path), pagesize=(width, height))
    c.setFont("STSong-Light", 14)
    c.drawCentredString(width / 2, height - 40, "项目支出绩效目标表（含转移支付项目）")
    c.setFont("STSong-Light", 8)
    widths, per_line = [90, 80, 60, 120, 400], [10, 9, 7, 14, 48]
    xs = [40.0]
    for w in widths:
        xs.append(xs[-1] + w)
    body = [list(PACKED_HEADER)] + [[n, d, t, g, _packed_text(rows)] for n, d, t, g, rows in PACKED]
    y = height - 60
    for cells in body:
        lines = [[t[j : j + n] for j in range(0, len(t), n)] for t, n in zip(cells, per_line)]
        h = 10 * max(len(x) for x in lines) + 8
        c.line(xs[0], y, xs[-1], y)
        for x in xs:
            c.line(x, y, x, y - h)
        for k, cell_lines in enumerate(lines):
            for j, line in enumerate(cell_lines):
                c.drawString(xs[k] + 3, y - 12 - 10 * j, line)
        y -= h
    c.line(xs[0], y, xs[-1], y)
    c.showPage()
    c.save()


if __name__ == "__main__":
    build(HERE / "list_table.pdf")
    build_packed(HERE / "packed_cells.pdf")
