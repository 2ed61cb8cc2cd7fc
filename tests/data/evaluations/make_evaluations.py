"""Render the self-evaluation corpus (绩效自评表, issue 18) with reportlab.

One PDF, ``evaluations.pdf``, holds one form of each self-evaluation layout of layouts.md, drawn
as ruled tables in the non-embedded CID font STSong-Light (as a reportlab-based exporter does):

1. a central 项目支出绩效自评表 (国家信访局 style): 项目名称 / 主管部门 | 实施单位, the funds grid
   年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 over 年度资金总额 / 其中：财政拨款 /
   上年结转资金 / 其他资金, 年度总体目标 split into 预期目标 | 实际完成情况, indicators with
   实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施, level-1 cells with points, a 总分 row; its
   indicator table runs onto page 2, the 二级指标 cell cut by the page break;
2. a Sichuan form: 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 (one-line header);
3. lettered columns 年度指标值（A） | 全年实际值（B） | 分值 | 得分 | 未完成原因, a 合计 row;
4. a 部门整体支出绩效自评表: 部门名称, a 年度主要任务 table with 全年预算数 | 全年执行数 | 执行率 |
   分值 | 得分 and a 金额合计 row, goal halves, then indicators and 总分.

The layout (cell texts as printed, ``<`` merged left, ``^`` merged up) lives in this script; the
truth (``evaluations.truth.jsonl``) is written by hand from the same pages — it is *not*
generated, so a rendering change that moves text must be checked against the rendered pages.

Usage: ``python make_evaluations.py`` (needs reportlab).
"""

from __future__ import annotations

import sys
from itertools import accumulate
from pathlib import Path
from typing import Optional

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
from synth import _spans  # noqa: E402  (tests/synth.py: the same "<" / "^" grid notation)

PDF = HERE / "evaluations.pdf"
FONT = "STSong-Light"
SIZE = 8.0
LINE = 10.0
PAGE_W, PAGE_H = 595.0, 842.0
LEFT = 40.0

Grid = list[list[str]]

CENTRAL_W = [34, 55, 70, 95, 50, 55, 30, 30, 100]
CENTRAL_P1: Grid = [
    ["项目名称", "<", "基层信访干部培训专项", "<", "<", "<", "<", "<", "<"],
    ["主管部门", "<", "[292]国家信访局", "<", "<", "实施单位", "国家信访局", "<", "<"],
    ["项目资金\n（万元）", "<", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["^", "^", "年度资金总额：", "180.61", "180.03", "170.03", "10", "94.45%", "9.4"],
    ["^", "^", "其中：财政拨款", "140.61", "140.61", "130.61", "--", "--", "--"],
    ["^", "^", "上年结转资金", "40.00", "39.42", "39.42", "--", "--", "--"],
    ["^", "^", "其他资金", "0.00", "0.00", "0.00", "--", "--", "--"],
    ["年度\n总体\n目标", "预期目标", "<", "<", "<", "实际完成情况", "<", "<", "<"],
    ["^", "1.分级分类抓好信访系统干部培训，\n提升队伍整体素质。", "<", "<", "<", "1.全年开展综合班次4期，\n培训学员366人。", "<", "<", "<"],
    ["绩\n效\n指\n标", "一级指标", "二级指标", "三级指标", "年度\n指标值", "实际完成值", "分值", "得分", "偏差原因分析\n及改进措施"],
    ["^", "产出指标\n（50分）", "数量指标", "培训人数", "≥300人", "366人", "20", "20", ""],
    ["^", "^", "^", "培训班次", "≥4次", "4次", "10", "10", ""],
    ["^", "^", "质量指标", "培训合格率", "≥98%", "97%", "20", "18", "个别学员补考"],
    ["^", "成本指标", "经济成本指标", "人均培训费", "≤1500元", "0.14万元", "10", "10", ""],
]
CENTRAL_P2: Grid = [
    ["", "效益指标\n（30分）", "社会效益指标", "信访工作质量", "有所提高", "明显提高", "20", "18", "缺少数据支撑；\n后续加强挖掘"],
    ["^", "^", "^", "响应时间", "≤5个工作日", "3个工作日", "10", "10", ""],
    ["", "满意度指标", "服务对象\n满意度指标", "学员满意率", "≥95%", "93.5%", "10", "8", "课程安排偏紧"],
    ["总分", "<", "<", "<", "<", "<", "100", "94", ""],
]

SICHUAN_W = [55, 80, 80, 40, 40, 45, 60, 35, 35]
SICHUAN: Grid = [
    ["项目名称", "农村公路养护补助", "<", "<", "<", "<", "<", "<", "<"],
    ["主管部门", "交通运输局", "<", "<", "实施单位", "公路事务中心", "<", "<", "<"],
    ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分"],
    ["产出指标", "数量指标", "养护里程", "≥", "120", "公里", "125公里", "30", "30"],
    ["^", "时效指标", "完工时限", "≤", "30", "天", "28天", "20", "20"],
    ["效益指标", "社会效益指标", "道路通畅", "定性", "明显改善", "", "基本通畅", "30", "27"],
    ["满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", "88%", "20", "17"],
]

LETTERED_W = [55, 80, 85, 70, 70, 35, 35, 95]
LETTERED: Grid = [
    ["项目名称", "智慧校园建设", "<", "<", "<", "<", "<", "<"],
    ["实施单位", "教育信息中心", "<", "<", "<", "<", "<", "<"],
    ["一级指标", "二级指标", "三级指标", "年度指标值\n（A）", "全年实际值\n（B）", "分值", "得分", "未完成原因"],
    ["产出指标", "数量指标", "新建教室", "12间", "12间", "40", "40", ""],
    ["^", "质量指标", "验收合格率", "100%", "100%", "20", "20", ""],
    ["效益指标", "社会效益指标", "覆盖学生", "≥3000人", "2800人", "30", "26", "生源减少"],
    ["满意度指标", "服务对象满意度指标", "教师满意度", "≥90%", "95%", "10", "10", ""],
    ["合计", "<", "<", "<", "<", "100", "96", ""],
]

DEPT_W = [55, 85, 90, 55, 55, 50, 35, 35]
DEPT_IND_W = [55, 85, 90, 55, 55, 35, 35, 55]
DEPT_TOP: Grid = [
    ["部门（单位）\n名称", "云溪县教育局", "<", "<", "<", "<", "<", "<"],
    ["年度\n主要任务", "任务名称", "主要内容", "全年\n预算数", "全年\n执行数", "执行率", "分值", "得分"],
    ["^", "义务教育保障", "保障学校运转", "300", "290", "96.67%", "10", "9.7"],
    ["^", "学生资助", "发放困难补助", "200", "200", "100%", "10", "10"],
    ["^", "金额合计", "", "500", "490", "98%", "20", "19.7"],
    ["年度\n总体目标", "预期目标", "<", "<", "实际完成情况", "<", "<", "<"],
    ["^", "保障义务教育均衡发展", "<", "<", "全县义务教育均衡发展", "<", "<", "<"],
]
DEPT_IND: Grid = [
    ["一级指标", "二级指标", "三级指标", "年度\n指标值", "实际\n完成值", "分值", "得分", "偏差原因"],
    ["产出指标", "数量指标", "资助学生", "≥1200人次", "1300人次", "40", "40", ""],
    ["^", "时效指标", "补助发放", "2023年6月底前", "2023年5月", "20", "20", ""],
    ["效益指标", "社会效益指标", "辍学率", "≤0.5%", "0.2%", "30", "30", ""],
    ["满意度指标", "服务对象满意度指标", "家长满意度", "≥95%", "96%", "10", "10", ""],
    ["总分", "<", "<", "<", "<", "100", "99.7", ""],
]


def _heights(rows: Grid) -> list[float]:
    """Each grid row tall enough for the lines of its own one-row cells."""
    heights = [LINE + 8] * len(rows)
    for i, _, rs, _, text in _spans(rows):
        if rs == 1:
            heights[i] = max(heights[i], LINE * (text.count("\n") + 1) + 8)
    return heights


def draw_grid(c, rows: Grid, widths: list[float], top: float) -> float:
    """Draw a ruled table from ``top`` (points from the page top); return its bottom."""
    xs = list(accumulate(widths, initial=LEFT))
    ys = list(accumulate(_heights(rows), initial=top))
    c.setLineWidth(0.6)
    for i, j, rs, cs, text in _spans(rows):
        x0, x1, y0, y1 = xs[j], xs[j + cs], ys[i], ys[i + rs]
        c.rect(x0, PAGE_H - y1, x1 - x0, y1 - y0)
        lines = text.split("\n")
        first = (y0 + y1) / 2 - LINE * len(lines) / 2 + SIZE
        for k, line in enumerate(lines):
            c.drawCentredString((x0 + x1) / 2, PAGE_H - (first + k * LINE), line)
    return ys[-1]


def title(c, text: str, year: Optional[str], top: float) -> float:
    c.setFont(FONT, 14)
    c.drawCentredString(PAGE_W / 2, PAGE_H - top, text)
    if year:
        c.setFont(FONT, 10)
        c.drawCentredString(PAGE_W / 2, PAGE_H - top - 20, year)
    c.setFont(FONT, SIZE)
    return top + 34


def render(path: Path = PDF) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
    # page 1-2: the central project self-evaluation, cut inside its indicator table
    draw_grid(c, CENTRAL_P1, CENTRAL_W, title(c, "基层信访干部培训专项项目绩效自评表", "（2024年度）", 50))
    c.showPage()
    c.setFont(FONT, SIZE)
    draw_grid(c, CENTRAL_P2, CENTRAL_W, 50)
    c.showPage()
    # page 3: Sichuan, then the lettered columns
    bottom = draw_grid(c, SICHUAN, SICHUAN_W, title(c, "2023年度项目支出绩效自评表", None, 50))
    draw_grid(c, LETTERED, LETTERED_W, title(c, "智慧校园建设项目绩效自评表", "（2023年度）", bottom + 40))
    c.showPage()
    # page 4: the department self-evaluation
    bottom = draw_grid(c, DEPT_TOP, DEPT_W, title(c, "部门整体支出绩效自评表", "（2023年度）", 50))
    draw_grid(c, DEPT_IND, DEPT_IND_W, bottom)
    c.showPage()
    c.save()
    return path


if __name__ == "__main__":
    print(render())
