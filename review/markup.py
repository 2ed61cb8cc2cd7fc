"""Safe HTML for pages built from extracted text (the diff report and the review page).

Extracted text is untrusted: a PDF cell may say ``<script>alert(1)</script>``. Every text
goes through ``esc`` (element content and quoted attributes alike), and data embedded in a
``<script>`` goes through ``script_json``, which also hides ``</script>``. Pages are
self-contained: inline CSS and JS, no external assets, so they open from disk.
"""

from __future__ import annotations

import html
import json
from typing import Any


def esc(value: Any) -> str:
    """Text for element content or a double- or single-quoted attribute; ``None`` is empty."""
    if value is None:
        return ""
    return html.escape(value if isinstance(value, str) else str(value), quote=True)


def script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: ``<``, ``>`` and ``&`` written as
    ``\\u003c`` and so on, which JSON.parse reads back unchanged."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def document(title: str, body: str, css: str = "", js: str = "") -> str:
    """A whole HTML5 page; ``title`` is escaped here, ``body``, ``css`` and ``js`` are trusted
    markup built by the caller."""
    script = f"<script>\n{js}\n</script>\n" if js else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>\n{BASE_CSS}{css}\n</style>\n</head>\n"
        f"<body>\n{body}\n{script}</body>\n</html>\n"
    )


BASE_CSS = """
body { font: 14px/1.5 system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 0;
       color: #1d1d1f; background: #f6f6f4; }
h1 { font-size: 20px; margin: 0; }
h2 { font-size: 16px; margin: 0 0 6px; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
table { border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 3px 6px; border-bottom: 1px solid #e3e3e0; }
th { font-weight: 600; background: #efefec; }
del { background: #ffd7d5; color: #82071e; text-decoration: line-through; }
ins { background: #ccf3d3; color: #055d20; text-decoration: none; }
.muted { color: #6e6e73; }
.issue { color: #9a3412; }
"""
