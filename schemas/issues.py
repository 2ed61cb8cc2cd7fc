"""The issue codes a record may carry (``issues[].code``): what a reader should check.

Declared once here, as the :data:`IssueCode` type the record model validates against (so the
JSON Schema lists them) and as constants the readers use; ``jixiao summary`` and the report's
``issues`` count them.
"""

from typing import Literal, get_args

IssueCode = Literal[
    "funds-mismatch",
    "title-missing",
    "field-missing",
    "no-indicators",
    "row-unplaced",
    "name-missing",
    "ocr-low-confidence",
    "actual-missing",
    "name-from-title",
    "funds-unit",
    "second-title",
    "second-project",
    "header-as-indicator",
    "long-form",
    "columns-inherited",
]
ISSUE_CODES: tuple[str, ...] = get_args(IssueCode)

FUNDS_MISMATCH: IssueCode = "funds-mismatch"  # 财政拨款 + 其他资金 ≠ 资金总额
TITLE_MISSING: IssueCode = "title-missing"  # no form title above the table
FIELD_MISSING: IssueCode = "field-missing"  # a required header field (项目名称) not found
NO_INDICATORS: IssueCode = "no-indicators"  # the indicator table has no rows
ROW_UNPLACED: IssueCode = "row-unplaced"  # a row that does not line up with the indicator columns
NAME_MISSING: IssueCode = "name-missing"  # an indicator row with a target but no name
OCR_LOW_CONFIDENCE: IssueCode = "ocr-low-confidence"  # cells the recogniser was unsure of
ACTUAL_MISSING: IssueCode = "actual-missing"  # a self-evaluation whose rows have no 实际完成值
NAME_FROM_TITLE: IssueCode = "name-from-title"  # no 项目名称 printed: project_name read from the title
FUNDS_UNIT: IssueCode = "funds-unit"  # a total over 100亿元: amounts may be printed in 元
# How the document was cut into forms: a record that may hold more than one form, or text
# that is no indicator.
SECOND_TITLE: IssueCode = "second-title"  # a second, different form title inside the record
SECOND_PROJECT: IssueCode = "second-project"  # two different 项目名称 values inside one record
HEADER_AS_INDICATOR: IssueCode = "header-as-indicator"  # an indicator whose text is a column label
LONG_FORM: IssueCode = "long-form"  # the record's rows fill far more pages than its siblings'
COLUMNS_INHERITED: IssueCode = "columns-inherited"  # no column header: the previous form's, same edges

EMPTY_TEMPLATES = "{n} empty form templates"  # report warning: templates that are no forms


def no_forms_reason(title_pages: list[int], templates: int) -> str:
    """The report reason of a file that prints form titles but gave no form."""
    shown = ", ".join(map(str, title_pages[:8])) + (" …" if len(title_pages) > 8 else "")
    why = EMPTY_TEMPLATES.format(n=templates) if templates else "no indicator table was recognised under them"
    return f"绩效目标表 titles on pages {shown}, but {why}"
