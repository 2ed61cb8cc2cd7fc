"""The review page's self-evaluation parts: what was achieved beside each target.

For a record with ``stage: evaluation`` the rows table gains 实际完成值 | 达成 | 分值 | 得分 right
after 指标值, the header lists 实际完成情况 and 总分, and the funds grid (``execution``) is shown
as a small table of its own. Target forms are shown as before.
"""

from __future__ import annotations

from typing import Any

from .markup import esc
from .records import Record

ROW_HEAD = "<th>实际完成值</th><th>达成</th><th>分值</th><th>得分</th>"
_ACHIEVED = {True: "✓", False: "✗", None: "?"}
_EXECUTION_HEAD = (
    "<tr><th></th><th>年初预算数</th><th>全年预算数</th><th>全年执行数</th><th>执行率</th><th>分值</th><th>得分</th></tr>"
)


def is_evaluation(form: Record) -> bool:
    """Whether a record is a self-evaluation (绩效自评表)."""
    return form.get("stage") == "evaluation"


def header_extra(form: Record) -> list[tuple[str, str, Any]]:
    """(box key, label, value) of an evaluation's own header values."""
    items: list[tuple[str, str, Any]] = []
    if form.get("goal_achieved") is not None:
        items.append(("goal_achieved", "实际完成情况", form.get("goal_achieved")))
    if form.get("total_score") is not None:
        items.append(("total_score", "总分", form.get("total_score")))
    return items


def row_cells(row: Record) -> str:
    """The cells shown beside the target: actual, met or not (✓ ✗, ? where undecided),
    weight, score; the deviation note as the actual's tooltip."""
    achieved = row.get("achieved")
    mark = _ACHIEVED.get(achieved, "?")
    css = {True: "met", False: "unmet"}.get(achieved, "undecided")
    note = row.get("deviation")
    title = f' title="{esc(note)}"' if note else ""
    return (
        f"<td{title}>{esc(row.get('actual'))}</td><td class=\"{css}\">{mark}</td>"
        f"<td>{esc(row.get('weight'))}</td><td>{esc(row.get('score'))}</td>"
    )


def execution_table(form: Record) -> str:
    """The funds grid as printed, one row per line (empty for a target form)."""
    lines = [line for line in form.get("execution") or [] if isinstance(line, dict)]
    if not lines:
        return ""
    keys = ("planned", "adjusted", "spent", "rate", "weight", "score")
    trs = "".join(
        f"<tr><th>{esc(line.get('label'))}</th>" + "".join(f"<td>{esc(line.get(k))}</td>" for k in keys) + "</tr>"
        for line in lines
    )
    return f'<table class="execution"><thead>{_EXECUTION_HEAD}</thead><tbody>{trs}</tbody></table>'


CSS = """
table.rows td.met { color: #166534; } table.rows td.unmet { color: #b91c1c; font-weight: bold; }
table.rows td.undecided { color: #9ca3af; } table.execution td { text-align: right; }
"""
