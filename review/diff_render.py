"""A ``DiffResult`` as text (coloured on a terminal), JSON, or a self-contained HTML page.

Text uses wdiff's notation, ``[-提升-]{+提高+}``, so it reads the same without colour; a form
line starts ``~`` (changed), ``+`` (only in B) or ``-`` (only in A), and so does a row line.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Literal

import click

from .markup import document, esc
from .words import DiffPiece, markup, shorten

if TYPE_CHECKING:  # ``jixiao diff --help`` reads FORMATS without loading the record models
    from .diff import DiffResult, FieldChange, FormDiff, RowChange

Format = Literal["text", "json", "html"]
FORMATS: tuple[Format, ...] = ("text", "json", "html")
MARK = {"changed": "~", "added": "+", "removed": "-"}
COLOUR = {"changed": "yellow", "added": "green", "removed": "red"}


def render(result: DiffResult, fmt: Format, color: bool = False) -> str:
    """The diff in one of ``FORMATS``; ``color`` applies to text only."""
    if fmt == "json":
        return render_json(result)
    if fmt == "html":
        return render_html(result)
    return render_text(result, color=color)


def render_json(result: DiffResult) -> str:
    """Summary and differing forms as one indented JSON document."""
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


# ---- text -------------------------------------------------------------------------------


def render_text(result: DiffResult, color: bool = False) -> str:
    """One block per differing form, then the summary line."""
    lines: list[str] = []
    for form in result.forms:
        lines.extend(_form_lines(form, color))
    lines.append(result.summary.line() if not result.equal else f"{result.summary.line()} (equal)")
    return "\n".join(lines) + "\n"


def _style(text: str, colour: str, color: bool, bold: bool = False) -> str:
    return click.style(text, fg=colour, bold=bold) if color else text


def _segments_text(segments: list[DiffPiece], color: bool) -> str:
    if not color:
        return markup(segments)
    parts = []
    for op, text in segments:
        if op == "-":
            parts.append(click.style(f"[-{text}-]", fg="red"))
        elif op == "+":
            parts.append(click.style(f"{{+{text}+}}", fg="green"))
        else:
            parts.append(text)
    return "".join(parts)


def _form_title(form: FormDiff) -> str:
    name = form.project_name or "(no project name)"
    where = f" ({form.path})" if form.path else ""
    return f"{form.form_id or '(no id)'} {name}{where}"


def _form_lines(form: FormDiff, color: bool) -> list[str]:
    head = f"{MARK[form.status]} {_form_title(form)}"
    if form.matched_by == "path+name":
        head += " [matched by path and project name]"
    lines = [_style(head, COLOUR[form.status], color, bold=True)]
    lines.extend(f"    {_change_text(c, color)}" for c in form.fields)
    lines.extend(_row_lines(row, color) for row in form.rows)
    return lines


def _change_text(change: FieldChange, color: bool) -> str:
    return f"{change.field}: {_segments_text(shorten(change.segments()), color)}"


def _row_lines(row: RowChange, color: bool) -> str:
    number = row.number_b if row.number_b is not None else row.number_a
    head = _style(f"    {MARK[row.status]} row {number} {row.label}", COLOUR[row.status], color)
    if row.status != "changed":
        return f"{head}: target {row.row.get('target')}"
    if len(row.changes) == 1:
        return f"{head}: {_change_text(row.changes[0], color)}"
    return "\n".join([head] + [f"        {_change_text(c, color)}" for c in row.changes])


# ---- html -------------------------------------------------------------------------------

HTML_CSS = """
main { max-width: 1100px; margin: 0 auto; padding: 16px; }
.form { background: #fff; border: 1px solid #ddd; border-radius: 6px; margin: 12px 0; padding: 10px 14px; }
.form.added { border-left: 4px solid #2da44e; } .form.removed { border-left: 4px solid #cf222e; }
.form.changed { border-left: 4px solid #bf8700; }
td.field { white-space: nowrap; color: #57606a; }
.status { font-weight: 600; }
"""


def render_html(result: DiffResult) -> str:
    """A page with the summary and, per differing form, its field and row changes."""
    s = result.summary
    parts = [
        "<main>",
        "<h1>jixiao diff</h1>",
        f'<p class="summary">{esc(s.line())}{" — equal" if result.equal else ""}</p>',
    ]
    parts.extend(_form_html(form) for form in result.forms)
    parts.append("</main>")
    return document("jixiao diff", "\n".join(parts), css=HTML_CSS)


def _segments_html(segments: list[DiffPiece]) -> str:
    out = []
    for op, text in segments:
        tag = {"-": "del", "+": "ins"}.get(op)
        out.append(f"<{tag}>{esc(text)}</{tag}>" if tag else esc(text))
    return "".join(out)


def _form_html(form: FormDiff) -> str:
    note = ' <span class="muted">(matched by path and project name)</span>' if form.matched_by == "path+name" else ""
    head = (
        f'<section class="form {form.status}"><h2><span class="status">{MARK[form.status]}</span> '
        f"{esc(form.form_id)} {esc(form.project_name)} "
        f'<span class="muted">{esc(form.path)}</span>{note}</h2>'
    )
    rows: list[str] = []
    for change in form.fields:
        rows.append(f'<tr><td class="field">{esc(change.field)}</td><td>{_segments_html(change.segments())}</td></tr>')
    for row in form.rows:
        rows.append(_row_html(row))
    table = f"<table>{''.join(rows)}</table>" if rows else ""
    return f"{head}{table}</section>"


def _row_html(row: RowChange) -> str:
    number = row.number_b if row.number_b is not None else row.number_a
    label = f'<td class="field">{MARK[row.status]} row {number}</td><td><b>{esc(row.label)}</b>'
    if row.status == "added":
        return f"<tr>{label}: <ins>{esc(row.row.get('target'))}</ins></td></tr>"
    if row.status == "removed":
        return f"<tr>{label}: <del>{esc(row.row.get('target'))}</del></td></tr>"
    changes = "<br>".join(f"{esc(c.field)}: {_segments_html(c.segments())}" for c in row.changes)
    return f"<tr>{label}<br>{changes}</td></tr>"
