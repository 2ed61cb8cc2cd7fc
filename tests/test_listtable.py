"""List tables (many projects in one indicator table) and the forms that are no forms.

The list PDF is drawn by reportlab (tests/data/listtables/make_listtables.py): merged 项目名称 /
项目总额 / 绩效目标 cells printed vertically centred and cut by page breaks, one name cell over two
entries, the column header repeated on every page. Its truth is the hand-written entry list of
that script. Empty templates are drawn as synthetic pages (tests/synth.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from synth import Drawn, draw_table, page, text_at

from jixiao.extract.layout.rows import page_to_rows
from jixiao.extract.forms.build import rows_to_forms
from jixiao.extract.forms.listtable import join_cut
from jixiao.extract.run.job import extract_file

HERE = Path(__file__).resolve().parent
LISTS = HERE / "data" / "listtables"
REALWORLD = HERE.parent.parent / "shared" / "realworld"
sys.path.insert(0, str(LISTS))
from make_listtables import PACKED_TRUTH, TRUTH  # noqa: E402


def test_list_table_gives_one_form_per_amount_block() -> None:
    result = extract_file(LISTS / "list_table.pdf", "list_table.pdf")
    got = [
        (r.project_name, r.funds.total, [(i.level1, i.level2, i.name, i.target) for i in r.indicators])
        for r in result.records
    ]
    assert got == TRUTH
    assert [r.source.pages for r in result.records] == [[1], [1, 2], [2], [2], [2, 3]]
    assert all(not r.issues for r in result.records)


def test_packed_cells_give_one_form_per_row() -> None:
    result = extract_file(LISTS / "packed_cells.pdf", "packed_cells.pdf")
    got = [
        (r.project_name, r.funds.total, [(i.level1, i.level2, i.name, i.target) for i in r.indicators])
        for r in result.records
    ]
    assert got == PACKED_TRUTH
    assert {r.department for r in result.records} == {"广州市甲局"}


@pytest.mark.parametrize(
    "first, second, joined",
    [
        ("11000021Y000000390849-办公设备购置类", "项目", "11000021Y000000390849-办公设备购置类项目"),
        ("11000022T00", "11000022T000000440437-国家助学金", "11000022T000000440437-国家助学金"),
        ("29.359500", "29.359500", "29.359500"),
        ("", "658.000000", "658.000000"),
        ("保障机构自身正常", "自身正常运转。", "保障机构自身正常运转。"),
        # clipped on the first page, whole on the next: the whole once
        (
            "组织完成本市国决算报告上报工作，数据供决策参考。",
            "组织完成本市国有企业财务会计决算报告上报工作，数据供决策参考。",
            "组织完成本市国有企业财务会计决算报告上报工作，数据供决策参考。",
        ),
        # whole on the first page, clipped on the next
        ("根据年度任务，完成安保服务、场地租赁。", "根据年度任务、场地租赁。", "根据年度任务，完成安保服务、场地租赁。"),
        ("11000023T000002068363-城市供水监管", "11000023T00城市供水监管", "11000023T000002068363-城市供水监管"),
        # the first part and its continuation
        ("完成年度培训任务，", "提升干部业务能力。", "完成年度培训任务，提升干部业务能力。"),
        # two different texts, one nearly the other's characters: both stay
        ("北京市水务局培训", "北京市财政局培训项目", "北京市水务局培训北京市财政局培训项目"),
        ("办公设备购置类项目", "办公设备维修类项目", "办公设备购置类项目办公设备维修类项目"),
        # a short piece whose characters happen to stand in order in the other: no clipped copy
        ("统运维类项", "11000024Y0000-管理处信息系统运维类项目", "统运维类项11000024Y0000-管理处信息系统运维类项目"),
        ("经费", "经费", "经费"),
    ],
)
def test_join_cut(first: str, second: str, joined: str) -> None:
    assert join_cut(first, second) == joined


def _template_page(targets: list[str]) -> Drawn:
    d = Drawn()
    text_at(d, "部门整体支出绩效目标表", 150, 40, size=14)
    rows = [["一级指标", "二级指标", "三级指标", "指标值"]]
    rows += [["产出指标", "数量指标", f"指标{k + 1}：", t] for k, t in enumerate(targets)]
    draw_table(d, rows, [100, 100, 200, 100], 80)
    return d


@pytest.mark.parametrize("targets, template", [(["", "", ""], True), (["", "≥90%", ""], False)])
def test_empty_template(targets: list[str], template: bool) -> None:
    drafts = list(rows_to_forms([page_to_rows(page(1, _template_page(targets)))]))
    assert [d.is_template for d in drafts] == [template]


@pytest.mark.skipif(not REALWORLD.is_dir(), reason="../shared/realworld is not here")
@pytest.mark.parametrize("name", ["bj-信访办-部门预算报表.pdf"])
def test_realworld_list_forms(name: str) -> None:
    truth = next(
        d for d in map(json.loads, (REALWORLD / "truth.jsonl").read_text(encoding="utf-8").splitlines()) if d["file"] == name
    )
    result = extract_file(REALWORLD / name, name)
    got = [([tuple(i.model_dump(include={"level1", "level2", "name", "target"}).values()) for i in r.indicators]) for r in result.records]
    want = [[tuple(row) for row in f["indicators"]] for f in truth["forms"]]
    assert got == want


def _template_pdf(path: Path) -> None:
    """A page with a form title over an unfilled template (rows of 指标N：, no values)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("STSong-Light", 14)
    c.drawString(200, 780, "专项资金总体绩效目标表")
    c.setFont("STSong-Light", 9)
    xs, labels = [60, 160, 260, 420, 540], ["一级指标", "二级指标", "三级指标", "指标值"]
    for k in range(5):
        y = 740 - 20 * k
        c.line(xs[0], y, xs[-1], y)
        for j, x in enumerate(xs[:-1]):
            text = labels[j] if k == 0 else ("产出指标", "数量指标", f"指标{k}：", "")[j]
            c.drawString(x + 3, y - 14, text)
    for x in xs:
        c.line(x, 740, x, 660)
    c.showPage()
    c.save()


def test_a_file_of_templates_says_why_it_has_no_forms(tmp_path: Path) -> None:
    path = tmp_path / "template.pdf"
    _template_pdf(path)
    report = extract_file(path, "template.pdf").report
    assert (report.status, report.forms, report.warnings) == ("no-forms", 0, ["1 empty form templates"])
    assert report.reason is not None and "pages 1" in report.reason


@pytest.mark.parametrize("pages, flagged", [({4, 5, 6, 7, 8}, True), ({4, 5}, False)])
def test_a_form_far_longer_than_its_siblings_is_flagged(pages: set[int], flagged: bool) -> None:
    from jixiao.extract.forms.build import flag_long_form
    from jixiao.extract.forms.draft import FormDraft
    from jixiao.schemas.issues import LONG_FORM

    spans: dict[str, list[int]] = {}
    for p in (1, 2, 3):
        flag_long_form(FormDraft(pages={p}), spans)
    form = FormDraft(pages=pages)
    flag_long_form(form, spans)
    assert any(code == LONG_FORM for code, _ in form.problems) is flagged
    department = FormDraft(pages=pages, kind="department")  # no sibling of its kind
    flag_long_form(department, spans)
    assert not department.problems


@pytest.mark.parametrize(
    "texts, repeated",
    [
        (["一级指标", "二级指标", "三级指标", "指标值"], True),  # the header printed again
        (["绩效目标", "中期目标", "年度目标"], False),  # header fields under a header-first table
        (["产出指标", "数量指标", "会议次数", "10次"], False),
    ],
)
def test_repeated_column_header(texts: list[str], repeated: bool) -> None:
    from jixiao.extract.forms.columns import Column, repeats_header
    from jixiao.extract.model import Row, RowCell

    columns = [Column(r, t, 100.0 * k, 100.0 * (k + 1)) for k, (r, t) in enumerate(
        [("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"), ("target", "指标值")]
    )]
    row = Row(page=1, top=0, bottom=10, cells=[RowCell(t, 100.0 * k, 100.0 * (k + 1)) for k, t in enumerate(texts)], table=0)
    assert repeats_header(row, columns) is repeated
