"""Differences between two runs (or a run and a hand-checked golden file), as data.

Forms are matched by ``id``; forms left over on both sides are then matched by
(``source.path``, ``project_name``), so a re-downloaded PDF with new bytes still pairs up.
Indicator rows are matched by (level1, level2, name), never by position: one inserted row is
one change, and reordered rows are no change. Geometry (``bbox``, ``boxes``) is never
compared, and ``value`` only when both sides carry it (goldens leave it out) and the target
is unchanged (it follows ``target``, so a new target is one change, not four). Everything here is a pure function of plain records; rendering is in
``diff_render``.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Optional, TypeVar

from .records import Record, as_plain
from .words import DiffPiece, value_diff

Status = Literal["added", "removed", "changed"]
RowKey = tuple[Optional[str], Optional[str], str]

# Never compared: geometry, read for the review page only.
GEOMETRY_KEYS = frozenset({"bbox", "boxes"})
# Compared only when both records carry them (goldens leave them out).
OPTIONAL_KEYS = frozenset({"value", "actual_value"})
# A parsed value follows its text: a changed text is one change, not one per parsed field.
PARSED_FROM = {"value": "target", "actual_value": "actual"}
# Header keys compared by their own rules, not as header fields.
HEADER_OWN_RULES = frozenset({"indicators", "issues"})
ROW_KEY_FIELDS = ("level1", "level2", "name")

T = TypeVar("T")


@dataclass(frozen=True)
class FieldChange:
    """One field whose value differs; ``None`` on a side means the field is absent or null."""

    field: str
    old: Any
    new: Any

    def segments(self) -> list[DiffPiece]:
        """The change word by word (text) or whole (numbers, lists)."""
        return value_diff(self.old, self.new)

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class RowChange:
    """An indicator row added, removed, or changed in place (same level1, level2, name)."""

    status: Status
    key: RowKey
    row: Record = field(repr=False)
    number_a: Optional[int] = None
    number_b: Optional[int] = None
    changes: tuple[FieldChange, ...] = ()

    @property
    def label(self) -> str:
        """``level1 / level2 / name``, leaving out empty levels."""
        return " / ".join(part for part in self.key if part)

    def to_dict(self) -> dict[str, Any]:
        level1, level2, name = self.key
        out: dict[str, Any] = {
            "status": self.status,
            "level1": level1,
            "level2": level2,
            "name": name,
            "row_a": self.number_a,
            "row_b": self.number_b,
        }
        if self.status == "changed":
            out["changes"] = [c.to_dict() for c in self.changes]
        else:
            out["target"] = self.row.get("target")
        return out


@dataclass(frozen=True)
class FormDiff:
    """A form only in A (removed), only in B (added), or in both with differences (changed)."""

    status: Status
    form_id: Optional[str]
    project_name: Optional[str]
    path: Optional[str]
    matched_by: Optional[Literal["id", "path+name"]] = None
    fields: tuple[FieldChange, ...] = ()
    rows: tuple[RowChange, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status,
            "id": self.form_id,
            "project_name": self.project_name,
            "path": self.path,
        }
        if self.status == "changed":
            out["matched_by"] = self.matched_by
            out["fields"] = [c.to_dict() for c in self.fields]
            out["rows"] = [r.to_dict() for r in self.rows]
        return out


@dataclass(frozen=True)
class DiffSummary:
    """Counts of what differs; ``equal`` when nothing does."""

    forms_a: int = 0
    forms_b: int = 0
    forms_added: int = 0
    forms_removed: int = 0
    forms_changed: int = 0
    fields_changed: int = 0
    rows_added: int = 0
    rows_removed: int = 0
    rows_changed: int = 0

    @property
    def equal(self) -> bool:
        return not (self.forms_added or self.forms_removed or self.forms_changed)

    def line(self) -> str:
        """One line for a terminal: ``12 → 12 forms: 0 added, 0 removed, 1 changed; …``."""
        return (
            f"{self.forms_a} → {self.forms_b} forms: {self.forms_added} added, "
            f"{self.forms_removed} removed, {self.forms_changed} changed; "
            f"{self.fields_changed} header field{'s' if self.fields_changed != 1 else ''} changed; "
            f"rows: {self.rows_added} added, {self.rows_removed} removed, {self.rows_changed} changed"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "equal": self.equal,
            "forms_a": self.forms_a,
            "forms_b": self.forms_b,
            "forms_added": self.forms_added,
            "forms_removed": self.forms_removed,
            "forms_changed": self.forms_changed,
            "fields_changed": self.fields_changed,
            "rows_added": self.rows_added,
            "rows_removed": self.rows_removed,
            "rows_changed": self.rows_changed,
        }


@dataclass(frozen=True)
class DiffResult:
    """The forms that differ, in A's order with B's additions last, and their counts."""

    forms: tuple[FormDiff, ...]
    summary: DiffSummary

    @property
    def equal(self) -> bool:
        return self.summary.equal

    def to_dict(self) -> dict[str, Any]:
        return {"summary": self.summary.to_dict(), "forms": [f.to_dict() for f in self.forms]}


def diff_runs(a_records: Iterable[Any], b_records: Iterable[Any]) -> DiffResult:
    """What changed from run A to run B (records as dicts or ``FormRecord``s)."""
    a = [as_plain(r) for r in a_records]
    b = [as_plain(r) for r in b_records]
    pairs, only_a, only_b = match_forms(a, b)
    forms: list[FormDiff] = []
    for i in range(len(a)):
        if i in only_a:
            forms.append(_lone_form("removed", a[i]))
        elif i in pairs:
            j, how = pairs[i]
            changed = diff_form(a[i], b[j], how)
            if changed is not None:
                forms.append(changed)
    forms.extend(_lone_form("added", b[j]) for j in sorted(only_b))
    return DiffResult(tuple(forms), summarize(forms, len(a), len(b)))


def match_forms(
    a: Sequence[Record], b: Sequence[Record]
) -> tuple[dict[int, tuple[int, Literal["id", "path+name"]]], set[int], set[int]]:
    """Pairs of form indexes (A → B, and how they were matched), then the unmatched of each."""
    pairs: dict[int, tuple[int, Literal["id", "path+name"]]] = {}
    for i, j in pair_by_key(a, b, lambda r: r.get("id")):
        pairs[i] = (j, "id")
    left_a = [i for i in range(len(a)) if i not in pairs]
    taken_b = {j for j, _ in pairs.values()}
    left_b = [j for j in range(len(b)) if j not in taken_b]
    fallback = pair_by_key([a[i] for i in left_a], [b[j] for j in left_b], _path_and_name)
    for i, j in fallback:
        pairs[left_a[i]] = (left_b[j], "path+name")
    taken_b = {j for j, _ in pairs.values()}
    return pairs, set(range(len(a))) - set(pairs), set(range(len(b))) - taken_b


def pair_by_key(a: Sequence[T], b: Sequence[T], key: Any) -> list[tuple[int, int]]:
    """Index pairs of items with equal keys; the k-th A item of a key pairs with the k-th B
    item of that key. Items whose key is ``None`` never pair."""
    waiting: dict[Hashable, list[int]] = defaultdict(list)
    for j, item in enumerate(b):
        k = key(item)
        if k is not None:
            waiting[k].append(j)
    pairs: list[tuple[int, int]] = []
    for i, item in enumerate(a):
        k = key(item)
        if k is not None and waiting.get(k):
            pairs.append((i, waiting[k].pop(0)))
    return pairs


def _path_and_name(record: Record) -> Optional[tuple[str, Optional[str]]]:
    path = (record.get("source") or {}).get("path")
    return None if path is None else (path, record.get("project_name"))


def _lone_form(status: Status, record: Record) -> FormDiff:
    return FormDiff(
        status=status,
        form_id=record.get("id"),
        project_name=record.get("project_name"),
        path=(record.get("source") or {}).get("path"),
    )


def diff_form(a: Record, b: Record, matched_by: Literal["id", "path+name"] = "id") -> Optional[FormDiff]:
    """The differences of two matched forms, or ``None`` when they agree."""
    fields = diff_fields(header_fields(a), header_fields(b)) + diff_issues(a, b)
    rows = diff_rows(a.get("indicators") or [], b.get("indicators") or [])
    if not fields and not rows:
        return None
    return FormDiff(
        status="changed",
        form_id=b.get("id") or a.get("id"),
        project_name=b.get("project_name") or a.get("project_name"),
        path=(b.get("source") or {}).get("path") or (a.get("source") or {}).get("path"),
        matched_by=matched_by,
        fields=tuple(fields),
        rows=tuple(rows),
    )


def header_fields(record: Record) -> dict[str, Any]:
    """A form's header as flat ``dotted.field → value`` pairs (``funds.raw.其他资金``); a
    self-evaluation's funds grid by row label (``execution.年度资金总额.spent``)."""
    header = {k: v for k, v in record.items() if k not in HEADER_OWN_RULES | GEOMETRY_KEYS}
    if isinstance(header.get("execution"), list):
        header["execution"] = execution_by_label(header["execution"])
    return flatten(header)


def execution_by_label(lines: list[Any]) -> dict[str, Any]:
    """Funds-grid rows keyed by their label, so one changed amount is one change."""
    out: dict[str, Any] = {}
    for k, line in enumerate(lines, start=1):
        if isinstance(line, dict):
            label = str(line.get("label") or k)
            out[label] = {key: v for key, v in line.items() if key != "label"}
    return out


def row_fields(row: Record) -> dict[str, Any]:
    """An indicator row's compared fields, flat; the key fields and geometry left out."""
    return flatten({k: v for k, v in row.items() if k not in GEOMETRY_KEYS and k not in ROW_KEY_FIELDS})


def flatten(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts as dotted keys; a list of plain values as ``1,2``; other lists as JSON.
    An empty list leaves no key, as an empty dict does: absent and ``[]`` agree (a golden
    written before ``tasks`` existed and a run with no tasks)."""
    out: dict[str, Any] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, name + "."))
        elif isinstance(value, list) and not value:
            continue
        elif isinstance(value, list):
            if all(not isinstance(v, (dict, list)) for v in value):
                out[name] = ",".join(str(v) for v in value)
            else:
                out[name] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        else:
            out[name] = value
    return out


def diff_fields(a: dict[str, Any], b: dict[str, Any], only_shared: frozenset[str] = frozenset()) -> list[FieldChange]:
    """Changes between two flat field maps, in A's key order then B's new keys. Keys under a
    name in ``only_shared`` are compared only when both maps have some."""
    skip = {
        root
        for root in only_shared
        if not (_has_root(a, root) and _has_root(b, root))
    }
    changes: list[FieldChange] = []
    for key in list(a) + [k for k in b if k not in a]:
        if key.split(".", 1)[0] in skip:
            continue
        old, new = a.get(key), b.get(key)
        if not _same(old, new):
            changes.append(FieldChange(key, old, new))
    return changes


def _has_root(flat: dict[str, Any], root: str) -> bool:
    return any(k == root or k.startswith(root + ".") for k in flat)


def _same(old: Any, new: Any) -> bool:
    """Equal as JSON values: ``56`` and ``56.0`` agree, ``1`` and ``true`` do not."""
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    return bool(old == new)


def diff_issues(a: Record, b: Record) -> list[FieldChange]:
    """Issues removed and added, compared as a multiset of ``code: message``."""
    old = Counter(_issue_text(i) for i in a.get("issues") or [])
    new = Counter(_issue_text(i) for i in b.get("issues") or [])
    removed = [FieldChange("issues", text, None) for text in (old - new).elements()]
    added = [FieldChange("issues", None, text) for text in (new - old).elements()]
    return removed + added


def _issue_text(issue: Any) -> str:
    if isinstance(issue, dict):
        return f"{issue.get('code')}: {issue.get('message')}"
    return str(issue)


def row_key(row: Record) -> RowKey:
    """What identifies a row within its form: (level1, level2, name)."""
    return (row.get("level1"), row.get("level2"), row.get("name") or "")


def diff_rows(a: Sequence[Record], b: Sequence[Record]) -> list[RowChange]:
    """Rows changed or added (in B's order), then rows removed (in A's order)."""
    pairs = dict((j, i) for i, j in pair_by_key(a, b, row_key))
    out: list[RowChange] = []
    for j, row in enumerate(b):
        if j not in pairs:
            out.append(RowChange("added", row_key(row), row, number_b=j + 1))
            continue
        i = pairs[j]
        changes = diff_fields(row_fields(a[i]), row_fields(row), only_shared=OPTIONAL_KEYS)
        for parsed, text in PARSED_FROM.items():
            if any(c.field == text for c in changes):
                changes = [c for c in changes if not c.field.startswith(parsed + ".")]
        if changes:
            out.append(RowChange("changed", row_key(row), row, i + 1, j + 1, tuple(changes)))
    matched_a = set(pairs.values())
    out.extend(
        RowChange("removed", row_key(row), row, number_a=i + 1) for i, row in enumerate(a) if i not in matched_a
    )
    return out


def summarize(forms: Sequence[FormDiff], forms_a: int, forms_b: int) -> DiffSummary:
    """Counts over the differing forms."""
    rows = [r for f in forms for r in f.rows]
    return DiffSummary(
        forms_a=forms_a,
        forms_b=forms_b,
        forms_added=sum(f.status == "added" for f in forms),
        forms_removed=sum(f.status == "removed" for f in forms),
        forms_changed=sum(f.status == "changed" for f in forms),
        fields_changed=sum(len(f.fields) for f in forms),
        rows_added=sum(r.status == "added" for r in rows),
        rows_removed=sum(r.status == "removed" for r in rows),
        rows_changed=sum(r.status == "changed" for r in rows),
    )
