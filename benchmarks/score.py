"""Score a ``jixiao extract`` run against truth JSONL files, the way issue 2's "Done when" reads.

    python benchmarks/score.py RUN.jsonl TRUTH.jsonl [TRUTH2.jsonl ...] [--json SUMMARY.json]
        [--mismatches N] [--family PREFIX] [--file NAME]

For every file that a truth describes (run records of other files are ignored), forms are matched
by ``(source.path, project_name)``, the rest in order within the file. A run's file is found by
sha256, else by path (``producers/word.pdf`` matches ``word.pdf``). Printed per file and overall:

* forms expected / found / missing / false;
* header fields right / total: title, kind, year, department, project_name, implementing_unit,
  project_attribute, funds.total/fiscal/other, goal, each of the truth's ``fields`` as one
  value, and — when the truth record has the key — ``tasks`` (年度主要任务 of department forms:
  name, content, amounts) as one value; a missing form counts all its fields wrong;
* forms whose ``source.pages`` are right;
* indicator rows exact — level1, level2, name and target all equal, rows matched in order — over
  the truth's rows; when the truth form's rows carry a ``grid`` (a form with two indicator
  tables, 长期 / 年度), the grid must be equal too;
* row F1, where a run row matches a truth row when both name and target are ≥ 0.9 alike
  (``difflib`` ratio), one to one;

then the first 20 mismatches, expected against got. The exit status is always 0: this is a
measurement, not a test. Every function works on plain dicts, so tests need no files.

A truth line with a ``forms`` key is the real-world format of ``../shared/realworld/truth.jsonl``
(one line per PDF, see its TRUTH.md): its forms are turned into records (:func:`records_of_truth`)
and scored with the :data:`REALWORLD` profile — header fields title, kind, stage, year, department,
project_name, project_code (the run's ``fields['项目代码']``), implementing_unit, funds, goal
(project_attribute, always null there, is not scored); strings compared with whitespace next to
CJK removed, amounts with a relative tolerance of 1e-6; forms matched one to one in document order
by name, code, pages and first row (:func:`align_forms`, so the many same-name entries of a
Beijing list do not pair greedily); ``actual`` of evaluation forms per matched row; the share of
comparator targets (``≥95%``) whose run target keeps the comparator. Printed per file, per family
(the file name before its first ``-``) and overall, with the first N mismatches of each file;
``--family`` / ``--file`` keep only some truth files.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import re
import sys
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

HEADER_FIELDS = (
    "title", "kind", "year", "department", "project_name", "implementing_unit", "project_attribute",
    "funds.total", "funds.fiscal", "funds.other", "goal",
)  # fmt: skip
SIMILARITY = 0.9
MAX_MISMATCHES = 20
# issue 2, "Done when": header fields ≥ 98 % right, indicator rows ≥ 98 % exact.
HEADER_GOAL = 0.98
ROWS_GOAL = 0.98

# issue 20, "Done when" on real published documents.
FOUND_GOAL = 0.95
FALSE_LIMIT = 0.02
REALWORLD_ROWS_GOAL = 0.95

REALWORLD_FIELDS = (
    "title", "kind", "stage", "year", "department", "project_name", "project_code", "implementing_unit",
    "funds.total", "funds.fiscal", "funds.other", "goal",
)  # fmt: skip
CODE_FIELD = "项目代码"  # output.md: the project code printed before the name goes to fields['项目代码']
COMPARATOR = re.compile(r"^\s*(>=|<=|=>|=<|[≥≤＞＜><≧≦》《≯≮])")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_SPACE_NEXT_TO_CJK = re.compile(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+")

Row = tuple[Optional[str], ...]  # (level1, level2, name, target), plus grid when the truth has one


def keep(text: Any) -> Any:
    """A value compared as it is."""
    return text


def squeeze(text: Any) -> Any:
    """A string with whitespace next to CJK removed and other runs collapsed to one space (how
    output.md and TRUTH.md write text, applied to both sides so layout spacing is not scored)."""
    if not isinstance(text, str):
        return text
    return re.sub(r"\s+", " ", _SPACE_NEXT_TO_CJK.sub("", text)).strip()


@dataclass(frozen=True)
class Profile:
    """How one truth format is scored."""

    name: str
    header: tuple[str, ...]  # header values scored, :data:`HEADER_FIELDS` style
    truth_fields: bool  # each ``fields.<label>`` of the truth scored too, and ``tasks``
    clean: Callable[[Any], Any]  # applied to every string before comparing
    rel_tol: float  # numbers: relative tolerance (0: an absolute 1e-6)
    aligned: bool  # forms matched by :func:`align_forms` (else :func:`match_forms`)


RECORDS = Profile("records", HEADER_FIELDS, True, keep, 0.0, False)
REALWORLD = Profile("realworld", REALWORLD_FIELDS, False, squeeze, 1e-6, True)


@dataclass
class Counts:
    """What is counted for one file, or summed over all."""

    expected: int = 0
    found: int = 0
    missing: int = 0
    false: int = 0
    header_right: int = 0
    header_total: int = 0
    pages_right: int = 0
    rows_exact: int = 0
    rows_truth: int = 0
    rows_run: int = 0
    rows_matched: int = 0
    actuals_right: int = 0  # evaluation forms: truth rows whose matched run row has the same actual
    actuals_total: int = 0
    comparators_kept: int = 0  # truth targets starting with a comparator whose run target keeps it
    comparators_total: int = 0
    field_right: dict[str, int] = field(default_factory=dict)  # per header value
    field_total: dict[str, int] = field(default_factory=dict)

    def add(self, other: "Counts") -> None:
        """Add ``other`` into this one."""
        for name in self.__dataclass_fields__:
            mine, theirs = getattr(self, name), getattr(other, name)
            if isinstance(mine, dict):
                for key, value in theirs.items():
                    mine[key] = mine.get(key, 0) + value
            else:
                setattr(self, name, mine + theirs)

    def count_field(self, name: str, right: bool) -> None:
        """One header value ``name`` scored, right or wrong."""
        self.field_total[name] = self.field_total.get(name, 0) + 1
        self.field_right[name] = self.field_right.get(name, 0) + int(right)
        self.header_total += 1
        self.header_right += int(right)

    @property
    def precision(self) -> float:
        return self.rows_matched / self.rows_run if self.rows_run else 1.0

    @property
    def recall(self) -> float:
        return self.rows_matched / self.rows_truth if self.rows_truth else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Mismatch:
    """One difference between truth and run, for a developer to look at."""

    file: str
    form: str
    what: str
    expected: Any
    got: Any


@dataclass
class Report:
    """Counts per truth file, their sum, and every mismatch in file and form order."""

    files: dict[str, Counts] = field(default_factory=dict)
    overall: Counts = field(default_factory=Counts)
    mismatches: list[Mismatch] = field(default_factory=list)
    ignored_forms: int = 0
    profile: Profile = RECORDS


# --------------------------------------------------------------------------- reading


def load_jsonl(path: Path) -> list[dict]:
    """The records of a JSONL file; a line that is not JSON is reported on stderr and skipped."""
    records = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                print(f"{path}:{number}: not JSON ({exc.msg}), skipped", file=sys.stderr)
    return records


def is_forms_line(line: dict) -> bool:
    """Whether a truth line is in the real-world format (one line per PDF, its forms under ``forms``)."""
    return isinstance(line.get("forms"), list)


def records_of_truth(line: dict) -> list[dict]:
    """The forms of one real-world truth line as records of output.md's shape (what :func:`score`
    compares): pages into ``source``, ``project_code`` into ``fields['项目代码']``, each indicator row
    ``[level1, level2, name, target]`` a dict, with ``actual`` from ``actuals`` when the form has them."""
    records = []
    for form in line.get("forms") or []:
        actuals = form.get("actuals")
        indicators = []
        for k, row in enumerate(form.get("indicators") or []):
            level1, level2, name, target = (list(row) + [None] * 4)[:4]
            indicator = {"level1": level1, "level2": level2, "name": name, "target": target}
            if isinstance(actuals, list):
                indicator["actual"] = actuals[k] if k < len(actuals) else None
            indicators.append(indicator)
        code = form.get("project_code")
        records.append({
            "source": {"path": str(line.get("file", "")), "sha256": "", "pages": form.get("pages")},
            **{key: form.get(key) for key in ("title", "kind", "stage", "year", "department", "project_name",
                                              "implementing_unit", "project_attribute")},
            "funds": dict(form.get("funds") or {}),
            "goal": form.get("goal"),
            "fields": {CODE_FIELD: code} if code is not None else {},
            "indicators": indicators,
        })
    return records


def truth_records(lines: Sequence[dict]) -> tuple[list[dict], Profile]:
    """Truth lines as records, and the profile to score them with: :data:`REALWORLD` when any line
    is in the real-world format (its forms converted), else :data:`RECORDS`."""
    if not any(is_forms_line(line) for line in lines):
        return list(lines), RECORDS
    records: list[dict] = []
    for line in lines:
        records += records_of_truth(line) if is_forms_line(line) else [line]
    return records, REALWORLD


def family(path: str) -> str:
    """The family of a real-world file: its name before the first ``-`` (``bj``, ``cq`` …)."""
    return Path(path.replace("\\", "/")).name.split("-", 1)[0]


def keep_files(records: Sequence[dict], families: Sequence[str] = (), files: Sequence[str] = ()) -> list[dict]:
    """The records of files in one of ``families`` and whose name contains one of ``files``
    (an empty filter keeps all)."""
    def wanted(record: dict) -> bool:
        path = str(source(record).get("path", ""))
        return ((not families or family(path) in families)
                and (not files or any(part in Path(path).name for part in files)))

    return [record for record in records if wanted(record)]


def source(record: dict) -> dict:
    """``record['source']``, or an empty dict when it is missing or malformed."""
    src = record.get("source")
    return src if isinstance(src, dict) else {}


def by_file(records: Sequence[dict]) -> dict[str, list[dict]]:
    """Records grouped by ``source.path``, keeping their order."""
    groups: dict[str, list[dict]] = {}
    for record in records:
        groups.setdefault(str(source(record).get("path", "")), []).append(record)
    return groups


def same_path(a: str, b: str) -> bool:
    """Equal paths, or one ends with ``/`` + the other (the run may keep more folders)."""
    a, b = a.replace("\\", "/").strip("/"), b.replace("\\", "/").strip("/")
    return a == b or a.endswith("/" + b) or b.endswith("/" + a)


def run_file_for(truth_forms: list[dict], run_files: dict[str, list[dict]]) -> Optional[str]:
    """The run's path for a truth file: same sha256 first, else a matching path."""
    truth_src = source(truth_forms[0]) if truth_forms else {}
    sha, path = truth_src.get("sha256"), str(truth_src.get("path", ""))
    if sha:
        for run_path, forms in run_files.items():
            if any(source(f).get("sha256") == sha for f in forms):
                return run_path
    return next((run_path for run_path in run_files if same_path(run_path, path)), None)


# --------------------------------------------------------------------------- matching


def match_forms(truth: Sequence[dict], run: Sequence[dict]) -> list[tuple[Optional[int], Optional[int]]]:
    """Pair the forms of one file: equal ``project_name`` first, then the rest in order.

    Returns ``(truth index, run index)`` pairs in truth order, then ``(None, j)`` for each run
    form left over (a false form); a missing form is ``(i, None)``.
    """
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for i, form in enumerate(truth):
        name = form.get("project_name")
        if name is None:
            continue
        j = next((j for j, other in enumerate(run) if j not in used and other.get("project_name") == name), None)
        if j is not None:
            pairs[i] = j
            used.add(j)
    rest_truth = [i for i in range(len(truth)) if i not in pairs]
    rest_run = [j for j in range(len(run)) if j not in used]
    for i, j in zip(rest_truth, rest_run):
        pairs[i] = j
        used.add(j)
    out: list[tuple[Optional[int], Optional[int]]] = [(i, pairs.get(i)) for i in range(len(truth))]
    out += [(None, j) for j in range(len(run)) if j not in used]
    return out


def align_forms(truth: Sequence[dict], run: Sequence[dict],
                clean: Callable[[Any], Any] = squeeze) -> list[tuple[Optional[int], Optional[int]]]:
    """Pair the forms of one file one to one and in document order, as :func:`match_forms` returns.

    A pair must share the project name or a page; its weight adds the name (4), the project
    code (2), equal pages (2) or a shared page (1) and the first indicator name (1). The pairs
    are the order-keeping set of greatest total weight (a dynamic programme), so ten entries of
    one name over four pages pair with the run's ten entries by position, not all with the
    first; a run form that pairs with nothing is false, a truth form left over is missing.
    """
    def key(form: dict) -> tuple[Any, Any, set[int], tuple[int, ...], Any]:
        pages = source(form).get("pages")
        pages = tuple(p for p in pages if isinstance(p, int)) if isinstance(pages, list) else ()
        rows = rows_of(form, clean=clean)
        fields = form.get("fields") if isinstance(form.get("fields"), dict) else {}
        return (clean(form.get("project_name")), clean(fields.get(CODE_FIELD)), set(pages), pages,
                rows[0][2] if rows else None)

    truth_keys, run_keys = [key(f) for f in truth], [key(f) for f in run]
    by_name: dict[Any, list[int]] = {}
    by_page: dict[int, list[int]] = {}
    for j, (name, _, page_set, _, _) in enumerate(run_keys):
        if name is not None:
            by_name.setdefault(name, []).append(j)
        for page in page_set:
            by_page.setdefault(page, []).append(j)
    weight: dict[tuple[int, int], int] = {}
    for i, (name, code, page_set, pages, first) in enumerate(truth_keys):
        candidates = set(by_name.get(name, []) if name is not None else [])
        for page in page_set:
            candidates.update(by_page.get(page, []))
        for j in candidates:
            r_name, r_code, r_set, r_pages, r_first = run_keys[j]
            w = 4 * (name is not None and name == r_name) + 2 * (code is not None and code == r_code)
            w += 2 if pages and pages == r_pages else int(bool(page_set & r_set))
            w += int(first is not None and first == r_first)
            weight[(i, j)] = w
    n, m = len(truth), len(run)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = best[i], best[i + 1]
        for j in range(m - 1, -1, -1):
            w = weight.get((i, j))
            skip = below[j] if below[j] >= row[j + 1] else row[j + 1]
            row[j] = w + below[j + 1] if w is not None and w + below[j + 1] >= skip else skip
    pairs: dict[int, int] = {}
    i = j = 0
    while i < n and j < m:
        w = weight.get((i, j))
        if w is not None and best[i][j] == w + best[i + 1][j + 1]:
            pairs[i] = j
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    used = set(pairs.values())
    out: list[tuple[Optional[int], Optional[int]]] = [(i, pairs.get(i)) for i in range(n)]
    return out + [(None, j) for j in range(m) if j not in used]


def header_values(form: dict, profile: Profile = RECORDS) -> dict[str, Any]:
    """The header values scored for a form: the profile's header (``project_code`` read from
    ``fields['项目代码']``), then — :data:`RECORDS` — ``fields.<label>`` and ``tasks``."""
    funds = form.get("funds") if isinstance(form.get("funds"), dict) else {}
    fields = form.get("fields") if isinstance(form.get("fields"), dict) else {}
    values: dict[str, Any] = {}
    for name in profile.header:
        if name.startswith("funds."):
            values[name] = funds.get(name.split(".", 1)[1])
        elif name == "project_code":
            values[name] = fields.get(CODE_FIELD)
        elif name == "stage":
            # output.md: a target form's record leaves ``stage`` out; its default is "target".
            values[name] = form.get(name) or "target"
        else:
            values[name] = form.get(name)
    if profile.truth_fields:
        for label, value in fields.items():
            values[f"fields.{label}"] = value
        if "tasks" in form:
            values["tasks"] = tasks_of(form)
    return values


def tasks_of(form: dict) -> Optional[list[dict]]:
    """The form's 年度主要任务 as ``{name, content, amounts}`` dicts (defaults filled in), or None
    when ``tasks`` is missing or not a list."""
    tasks = form.get("tasks")
    if not isinstance(tasks, list):
        return None
    return [{"name": t.get("name"), "content": t.get("content"),
             "amounts": t.get("amounts") if isinstance(t.get("amounts"), dict) else {}}
            if isinstance(t, dict) else t for t in tasks]


def same_value(expected: Any, got: Any, profile: Profile = RECORDS) -> bool:
    """Equal, with numbers compared as numbers (``1286.4`` equals ``1286.40``; within the
    profile's relative tolerance, else 1e-6) and strings after the profile's ``clean``."""
    numeric = (int, float)
    if isinstance(expected, numeric) and isinstance(got, numeric) and not isinstance(expected, bool):
        if profile.rel_tol:
            return math.isclose(float(expected), float(got), rel_tol=profile.rel_tol, abs_tol=0.0)
        return math.isclose(float(expected), float(got), rel_tol=0, abs_tol=1e-6)
    return profile.clean(expected) == profile.clean(got)


def row_of(indicator: dict, with_grid: bool = False, clean: Callable[[Any], Any] = keep) -> Row:
    """An indicator as ``(level1, level2, name, target)``, with ``grid`` last if asked, each
    value through ``clean``."""
    row = tuple(clean(indicator.get(key)) for key in ("level1", "level2", "name", "target"))
    return (*row, indicator.get("grid")) if with_grid else row


def indicators_of(form: dict) -> list[dict]:
    """The form's indicators that are dicts, in order (what :func:`rows_of` reads)."""
    indicators = form.get("indicators")
    return [ind for ind in indicators if isinstance(ind, dict)] if isinstance(indicators, list) else []


def rows_of(form: dict, with_grid: bool = False, clean: Callable[[Any], Any] = keep) -> list[Row]:
    """The form's indicator rows, in order."""
    return [row_of(ind, with_grid, clean) for ind in indicators_of(form)]


def has_actuals(form: dict) -> bool:
    """Whether the (truth) form is an evaluation form whose rows carry ``actual``."""
    return any("actual" in ind for ind in indicators_of(form))


def comparator(target: Any) -> Optional[str]:
    """The comparator a target starts with (``≥``, ``<=``, ``》`` …), or None."""
    found = COMPARATOR.match(target) if isinstance(target, str) else None
    return found.group(1) if found else None


def has_grids(form: dict) -> bool:
    """Whether any indicator row of the (truth) form says which grid it belongs to."""
    indicators = form.get("indicators")
    return isinstance(indicators, list) and any(isinstance(i, dict) and i.get("grid") for i in indicators)


def exact_pairs(truth: Sequence[Row], run: Sequence[Row]) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence of equal rows (order matters, one to one)."""
    n, m = len(truth), len(run)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if truth[i] == run[j] else max(table[i + 1][j], table[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if truth[i] == run[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def similarity(a: Optional[str], b: Optional[str]) -> float:
    """``difflib`` ratio of two texts; None reads as empty, and two empties are alike."""
    a, b = a or "", b or ""
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def could_be_alike(a: Optional[str], b: Optional[str], threshold: float) -> bool:
    """Whether two texts' lengths allow a ``difflib`` ratio ≥ ``threshold`` (a cheap bound)."""
    la, lb = len(a or ""), len(b or "")
    return la + lb == 0 or 2 * min(la, lb) / (la + lb) >= threshold


def similar_pairs(truth: Sequence[Row], run: Sequence[Row], threshold: float = SIMILARITY,
                  by_target: bool = True) -> list[tuple[int, int]]:
    """One-to-one pairs whose name and (``by_target``) target are both ≥ ``threshold`` alike,
    best pairs first."""
    candidates = []
    for i, (_, _, t_name, t_target, *_) in enumerate(truth):
        for j, (_, _, r_name, r_target, *_) in enumerate(run):
            if not could_be_alike(t_name, r_name, threshold):
                continue
            name = similarity(t_name, r_name)
            if name < threshold:
                continue
            target = similarity(t_target, r_target) if by_target else 1.0
            if target >= threshold:
                candidates.append((-(name + target), i, j))
    pairs, used_t, used_r = [], set(), set()
    for _, i, j in sorted(candidates):
        if i not in used_t and j not in used_r:
            pairs.append((i, j))
            used_t.add(i)
            used_r.add(j)
    return sorted(pairs)


# --------------------------------------------------------------------------- scoring


def form_label(form: dict, index: int, with_pages: bool = False) -> str:
    """How a form is named in the mismatch list: ``#index project name`` (the department for a
    department form, which has none), and its pages if asked (``p39-40``: same-name entries)."""
    label = f"#{index + 1} {form.get('project_name') or form.get('department') or '(no project name)'}"
    pages = source(form).get("pages")
    if with_pages and isinstance(pages, list) and pages:
        label += f" p{pages[0]}" + (f"-{pages[-1]}" if pages[-1] != pages[0] else "")
    return label


def score_pair(truth: dict, run: Optional[dict], file: str, label: str,
               profile: Profile = RECORDS) -> tuple[Counts, list[Mismatch]]:
    """Counts and mismatches of one truth form against its run form (None when missing)."""
    counts = Counts(expected=1)
    mismatches: list[Mismatch] = []
    expected_values = header_values(truth, profile)
    with_grid = has_grids(truth)
    truth_rows = rows_of(truth, with_grid, profile.clean)
    counts.rows_truth = len(truth_rows)
    targets = [comparator(row[3]) for row in truth_rows]
    counts.comparators_total = sum(op is not None for op in targets)
    truth_actuals = [profile.clean(ind.get("actual")) for ind in indicators_of(truth)] if has_actuals(truth) else []
    counts.actuals_total = len(truth_actuals)
    if run is None:
        for name in expected_values:
            counts.count_field(name, False)
        counts.missing = 1
        mismatches.append(Mismatch(file, label, "form missing", source(truth).get("pages"), None))
        return counts, mismatches
    counts.found = 1
    got_values = header_values(run, profile)
    for name, expected in expected_values.items():
        got = got_values.get(name)
        right = same_value(expected, got, profile)
        counts.count_field(name, right)
        if not right:
            mismatches.append(Mismatch(file, label, name, expected, got))
    expected_pages, got_pages = source(truth).get("pages"), source(run).get("pages")
    if expected_pages == got_pages:
        counts.pages_right = 1
    else:
        mismatches.append(Mismatch(file, label, "source.pages", expected_pages, got_pages))
    run_rows = rows_of(run, with_grid, profile.clean)
    counts.rows_run = len(run_rows)
    if counts.comparators_total or truth_actuals:
        by_name = dict(similar_pairs(truth_rows, run_rows, by_target=False))
        counts.comparators_kept = sum(op is not None and i in by_name and comparator(run_rows[by_name[i]][3]) == op
                                      for i, op in enumerate(targets))
        run_actuals = [profile.clean(ind.get("actual")) for ind in indicators_of(run)]
        for i, expected in enumerate(truth_actuals):
            got = run_actuals[by_name[i]] if i in by_name else None
            if i in by_name and expected == got:
                counts.actuals_right += 1
            else:
                mismatches.append(Mismatch(file, label, f"actual of row {i + 1}", expected, got))
    exact = exact_pairs(truth_rows, run_rows)
    counts.rows_exact = len(exact)
    similar = similar_pairs(truth_rows, run_rows)
    counts.rows_matched = len(similar)
    exact_t = {i for i, _ in exact}
    closest = dict(similar)
    shown = {j for _, j in exact} | set(closest.values())
    for i, row in enumerate(truth_rows):
        if i in exact_t:
            continue
        j = closest.get(i)
        if j is None:
            j = nearest(row, run_rows)
        mismatches.append(Mismatch(file, label, f"indicator row {i + 1}", list(row),
                                   list(run_rows[j]) if j is not None else None))
        if j is not None:
            shown.add(j)
    for j, row in enumerate(run_rows):
        if j not in shown:
            mismatches.append(Mismatch(file, label, f"unexpected run row {j + 1}", None, list(row)))
    return counts, mismatches


def nearest(row: Row, candidates: Sequence[Row], floor: float = 0.5) -> Optional[int]:
    """Index of the candidate whose name is most like ``row``'s (at least ``floor`` alike), if any.

    Shown beside a truth row that nothing matched, so the developer sees the near miss.
    """
    best = max(range(len(candidates)), key=lambda j: similarity(row[2], candidates[j][2]), default=None)
    return best if best is not None and similarity(row[2], candidates[best][2]) >= floor else None


def score_file(truth: Sequence[dict], run: Sequence[dict], file: str,
               profile: Profile = RECORDS) -> tuple[Counts, list[Mismatch]]:
    """Counts and mismatches of one truth file against the run's forms of that file."""
    counts = Counts()
    mismatches: list[Mismatch] = []
    pairs = align_forms(truth, run, profile.clean) if profile.aligned else match_forms(truth, run)
    for i, j in pairs:
        if i is None:
            assert j is not None
            counts.false += 1
            counts.rows_run += len(rows_of(run[j]))
            mismatches.append(Mismatch(file, form_label(run[j], j, profile.aligned), "false form", None,
                                       source(run[j]).get("pages")))
            continue
        pair_counts, pair_mismatches = score_pair(truth[i], run[j] if j is not None else None, file,
                                                  form_label(truth[i], i, profile.aligned), profile)
        counts.add(pair_counts)
        mismatches += pair_mismatches
    return counts, mismatches


def score(run: Sequence[dict], truth: Sequence[dict], profile: Optional[Profile] = None) -> Report:
    """Score run records against truth records (any number of files in each); real-world truth
    lines (``forms``) are converted first and select :data:`REALWORLD` unless ``profile`` is given."""
    truth, detected = truth_records(truth)
    profile = profile or detected
    report = Report(profile=profile)
    run_files = by_file(run)
    claimed: set[str] = set()
    for path, truth_forms in by_file(truth).items():
        run_path = run_file_for(truth_forms, {p: f for p, f in run_files.items() if p not in claimed})
        if run_path is not None:
            claimed.add(run_path)
        counts, mismatches = score_file(truth_forms, run_files.get(run_path, []) if run_path else [], path,
                                        profile)
        report.files[path] = counts
        report.overall.add(counts)
        report.mismatches += mismatches
    report.ignored_forms = sum(len(forms) for p, forms in run_files.items() if p not in claimed)
    return report


# --------------------------------------------------------------------------- output


def ratio(right: int, total: int) -> str:
    """``right/total pct%``."""
    pct = 100.0 * right / total if total else 100.0
    return f"{right}/{total} {pct:5.1f}%"


def short(value: Any, width: int = 70) -> str:
    """A value for the mismatch list, cut to ``width`` characters."""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def done_when(c: Counts) -> list[tuple[str, bool]]:
    """Issue 2's "Done when" checks on the overall counts."""
    return [
        ("every form found", c.missing == 0),
        ("no false forms", c.false == 0),
        (f"header fields ≥ {HEADER_GOAL:.0%} right", c.header_total == 0 or c.header_right / c.header_total >= HEADER_GOAL),
        (f"indicator rows ≥ {ROWS_GOAL:.0%} exact", c.rows_truth == 0 or c.rows_exact / c.rows_truth >= ROWS_GOAL),
        ("pages of each form right", c.pages_right == c.expected),
    ]


def format_report(report: Report, max_mismatches: int = MAX_MISMATCHES) -> str:
    """The report as text: a table per file and overall, the goals, then the first mismatches."""
    head = f"{'file':<28} {'forms exp/found/miss/false':>26}  {'header fields':>17}  {'pages':>13}  " \
           f"{'rows exact':>17}  {'row F1 (P / R)':>22}"
    lines = [head, "-" * len(head)]
    for name, c in [*report.files.items(), ("overall", report.overall)]:
        if name == "overall":
            lines.append("-" * len(head))
        forms = f"{c.expected}/{c.found}/{c.missing}/{c.false}"
        lines.append(f"{name:<28} {forms:>26}  {ratio(c.header_right, c.header_total):>17}  "
                     f"{ratio(c.pages_right, c.expected):>13}  {ratio(c.rows_exact, c.rows_truth):>17}  "
                     f"{c.f1:6.3f} ({c.precision:.3f} / {c.recall:.3f})")
    if report.ignored_forms:
        lines.append(f"(ignored {report.ignored_forms} run forms of files no truth describes)")
    lines.append("")
    lines.append("Done when (issue 2): " + ", ".join(f"{label} {'✓' if ok else '✗'}"
                                                     for label, ok in done_when(report.overall)))
    shown = report.mismatches[:max_mismatches]
    lines.append("")
    lines.append(f"Mismatches: {len(report.mismatches)}" + (f", first {len(shown)}:" if shown else ""))
    lines += mismatch_lines(shown)
    return "\n".join(lines)


def families(report: Report) -> dict[str, Counts]:
    """The per-file counts summed per family (file name before its first ``-``), in file order."""
    out: dict[str, Counts] = {}
    for path, counts in report.files.items():
        out.setdefault(family(path), Counts()).add(counts)
    return out


def realworld_goals(c: Counts) -> list[tuple[str, bool]]:
    """Issue 20's "Done when" checks on the overall counts."""
    return [
        (f"forms found ≥ {FOUND_GOAL:.0%}", c.expected == 0 or c.found / c.expected >= FOUND_GOAL),
        (f"false forms ≤ {FALSE_LIMIT:.0%}", c.false <= FALSE_LIMIT * max(c.found + c.false, 1)),
        (f"indicator rows ≥ {REALWORLD_ROWS_GOAL:.0%} exact",
         c.rows_truth == 0 or c.rows_exact / c.rows_truth >= REALWORLD_ROWS_GOAL),
    ]


def pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns (CJK characters take two)."""
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - columns, 0)


def pct(right: int, total: int) -> str:
    """``right/total`` as a percentage, ``-`` when there is nothing to count."""
    return f"{100.0 * right / total:.1f}" if total else "-"


def mismatch_lines(mismatches: Sequence[Mismatch], form_width: int = 40) -> list[str]:
    """Mismatches as indented text, expected against got."""
    lines = []
    for m in mismatches:
        lines.append(f"  {m.file} {short(m.form, form_width)} · {m.what}")
        lines.append(f"      expected {short(m.expected, 110)}")
        lines.append(f"      got      {short(m.got, 110)}")
    return lines


def format_realworld(report: Report, max_mismatches: int = MAX_MISMATCHES) -> str:
    """The real-world report as text: forms, header, pages, rows, actuals and comparators per
    file, per family and overall; header fields one by one; issue 20's goals; then the first
    ``max_mismatches`` mismatches of each file."""
    head = (f"{'file':<40} {'forms exp/found/miss/false':>26} {'header %':>8} {'pages %':>7} "
            f"{'rows exact':>17} {'row F1':>6} {'actual %':>8} {'comparator kept':>17}")
    rule = "-" * len(head)

    def line(name: str, c: Counts) -> str:
        forms = f"{c.expected}/{c.found}/{c.missing}/{c.false}"
        return (f"{pad(name, 40)} {forms:>26} {pct(c.header_right, c.header_total):>8} "
                f"{pct(c.pages_right, c.expected):>7} {ratio(c.rows_exact, c.rows_truth):>17} {c.f1:6.3f} "
                f"{pct(c.actuals_right, c.actuals_total):>8} {ratio(c.comparators_kept, c.comparators_total):>17}")

    groups = families(report)
    lines = [head, rule, *(line(name, c) for name, c in report.files.items()), rule,
             *(line(f"family {name}", c) for name, c in groups.items()), rule, line("overall", report.overall)]
    if report.ignored_forms:
        lines.append(f"(ignored {report.ignored_forms} run forms of files no truth describes)")
    names = report.profile.header
    field_head = f"{'header fields, % right':<40} " + " ".join(f"{n.split('.')[-1][:9]:>9}" for n in names)
    lines += ["", field_head, "-" * len(field_head)]
    for name, c in [*report.files.items(), *((f"family {k}", v) for k, v in groups.items()),
                    ("overall", report.overall)]:
        lines.append(f"{pad(name, 40)} " + " ".join(f"{pct(c.field_right.get(n, 0), c.field_total.get(n, 0)):>9}"
                                               for n in names))
    lines += ["", "Done when (issue 20): " + ", ".join(f"{label} {'✓' if ok else '✗'}"
                                                       for label, ok in realworld_goals(report.overall))]
    lines += ["", f"Mismatches: {len(report.mismatches)}, first {max_mismatches} per file:"]
    per_file: dict[str, int] = {}
    for m in report.mismatches:
        per_file[m.file] = per_file.get(m.file, 0) + 1
        if per_file[m.file] <= max_mismatches:
            lines += mismatch_lines([m], form_width=60)
    return "\n".join(lines)


def summary(report: Report) -> dict:
    """The report as a JSON-ready dict (counts per file, per family for real-world truth, and
    overall, F1, the goals, all mismatches)."""
    def with_rates(c: Counts) -> dict:
        return {**asdict(c), "precision": c.precision, "recall": c.recall, "f1": c.f1}

    out = {
        "profile": report.profile.name,
        "files": {name: with_rates(c) for name, c in report.files.items()},
        "overall": with_rates(report.overall),
        "done_when": dict(done_when(report.overall)),
        "mismatches": [asdict(m) for m in report.mismatches],
        "ignored_forms": report.ignored_forms,
    }
    if report.profile.aligned:
        out["families"] = {name: with_rates(c) for name, c in families(report).items()}
        out["done_when"] = dict(realworld_goals(report.overall))
    return out


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """The options that say what is scored and shown (shared with benchmarks/realworld.py)."""
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the summary as JSON here")
    parser.add_argument("--mismatches", type=int, default=MAX_MISMATCHES, metavar="N",
                        help="how many mismatches to list (real-world truth: per file)")
    parser.add_argument("--family", action="append", default=[], metavar="PREFIX",
                        help="score only files of this family (bj, cq …; repeatable)")
    parser.add_argument("--file", action="append", default=[], metavar="NAME",
                        help="score only files whose name contains NAME (repeatable)")


def score_and_print(run: Sequence[dict], truth_lines: Sequence[dict], args: argparse.Namespace) -> Report:
    """Filter the truth by ``--family`` / ``--file``, score, print the report, write ``--json``."""
    truth, profile = truth_records(truth_lines)
    report = score(run, keep_files(truth, args.family, args.file), profile)
    print(format_realworld(report, args.mismatches) if profile.aligned else format_report(report, args.mismatches))
    if args.json:
        args.json.write_text(json.dumps(summary(report), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return report


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Read the run and the truths, print the report; always return 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", type=Path, help="JSONL written by `jixiao extract`")
    parser.add_argument("truths", type=Path, nargs="+", help="truth JSONL files (record or real-world format)")
    add_output_options(parser)
    args = parser.parse_args(argv)
    try:
        run = load_jsonl(args.run)
        truth = [record for path in args.truths for record in load_jsonl(path)]
    except OSError as exc:
        print(f"score: {exc}", file=sys.stderr)
        return 0
    score_and_print(run, truth, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
