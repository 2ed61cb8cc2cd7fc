"""Issue codes a record may carry (``issues[].code``) for what the form reader noticed about
how it cut the document into forms: each marks a record that may hold more than one form or
text that is no indicator. Declared once here; readers filter on them."""

SECOND_TITLE = "second-title"  # a second, different form title was read inside the record
SECOND_PROJECT = "second-project"  # two different 项目名称 values inside one record
HEADER_AS_INDICATOR = "header-as-indicator"  # an indicator whose text is a column label
LONG_FORM = "long-form"  # the record's rows fill far more pages than its siblings'

EMPTY_TEMPLATES = "{n} empty form templates"  # report warning: templates that are no forms


def no_forms_reason(title_pages: list[int], templates: int) -> str:
    """The report reason of a file that prints form titles but gave no form."""
    shown = ", ".join(map(str, title_pages[:8])) + (" …" if len(title_pages) > 8 else "")
    why = f"{templates} empty form templates" if templates else "no indicator table was recognised under them"
    return f"绩效目标表 titles on pages {shown}, but {why}"
