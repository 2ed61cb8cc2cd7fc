"""Score a ``jixiao extract`` run against truth JSONL files, the way issue 2's "Done when" reads.

    python benchmarks/score.py RUN.jsonl TRUTH.jsonl [TRUTH2.jsonl ...] [--json SUMMARY.json]

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
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

HEADER_FIELDS = (
    "title", "kind", "year", "department", "project_name", "implementing_unit", "project_attribute",
    "funds.total", "funds.fiscal", "funds.other", "goal",
)  # fmt: skip
SIMILARITY = 0.9
MAX_MISMATCHES = 20
# issue 2, "Done when": header fields ≥ 98 % right, indicator rows ≥ 98 % exact.
HEADER_GOAL = 0.98
ROWS_GOAL = 0.98

Row = tuple[Optional[str], ...]  # (level1, level2, name, target), plus grid when the truth has one


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

    def add(self, other: "Counts") -> None:
        """Add ``other`` into this one."""
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

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


def header_values(form: dict) -> dict[str, Any]:
    """The header values scored for a form: :data:`HEADER_FIELDS`, then ``fields.<label>``."""
    funds = form.get("funds") if isinstance(form.get("funds"), dict) else {}
    values: dict[str, Any] = {}
    for name in HEADER_FIELDS:
        values[name] = funds.get(name.split(".", 1)[1]) if name.startswith("funds.") else form.get(name)
    fields = form.get("fields") if isinstance(form.get("fields"), dict) else {}
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


def same_value(expected: Any, got: Any) -> bool:
    """Equal, with numbers compared as numbers (``1286.4`` equals ``1286.40``)."""
    numeric = (int, float)
    if isinstance(expected, numeric) and isinstance(got, numeric) and not isinstance(expected, bool):
        return math.isclose(float(expected), float(got), rel_tol=0, abs_tol=1e-6)
    return expected == got


def row_of(indicator: dict, with_grid: bool = False) -> Row:
    """An indicator as ``(level1, level2, name, target)``, with ``grid`` last if asked."""
    row = (indicator.get("level1"), indicator.get("level2"), indicator.get("name"), indicator.get("target"))
    return (*row, indicator.get("grid")) if with_grid else row


def rows_of(form: dict, with_grid: bool = False) -> list[Row]:
    """The form's indicator rows, in order."""
    indicators = form.get("indicators")
    if not isinstance(indicators, list):
        return []
    return [row_of(ind, with_grid) for ind in indicators if isinstance(ind, dict)]


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


def similar_pairs(truth: Sequence[Row], run: Sequence[Row], threshold: float = SIMILARITY) -> list[tuple[int, int]]:
    """One-to-one pairs whose name and target are both ≥ ``threshold`` alike, best pairs first."""
    candidates = []
    for i, (_, _, t_name, t_target, *_) in enumerate(truth):
        for j, (_, _, r_name, r_target, *_) in enumerate(run):
            name = similarity(t_name, r_name)
            if name < threshold:
                continue
            target = similarity(t_target, r_target)
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


def form_label(form: dict, index: int) -> str:
    """How a form is named in the mismatch list: ``#index project name`` (the department for a
    department form, which has none)."""
    return f"#{index + 1} {form.get('project_name') or form.get('department') or '(no project name)'}"


def score_pair(truth: dict, run: Optional[dict], file: str, label: str) -> tuple[Counts, list[Mismatch]]:
    """Counts and mismatches of one truth form against its run form (None when missing)."""
    counts = Counts(expected=1)
    mismatches: list[Mismatch] = []
    expected_values = header_values(truth)
    with_grid = has_grids(truth)
    truth_rows = rows_of(truth, with_grid)
    counts.header_total = len(expected_values)
    counts.rows_truth = len(truth_rows)
    if run is None:
        counts.missing = 1
        mismatches.append(Mismatch(file, label, "form missing", source(truth).get("pages"), None))
        return counts, mismatches
    counts.found = 1
    got_values = header_values(run)
    for name, expected in expected_values.items():
        got = got_values.get(name)
        if same_value(expected, got):
            counts.header_right += 1
        else:
            mismatches.append(Mismatch(file, label, name, expected, got))
    expected_pages, got_pages = source(truth).get("pages"), source(run).get("pages")
    if expected_pages == got_pages:
        counts.pages_right = 1
    else:
        mismatches.append(Mismatch(file, label, "source.pages", expected_pages, got_pages))
    run_rows = rows_of(run, with_grid)
    counts.rows_run = len(run_rows)
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


def score_file(truth: Sequence[dict], run: Sequence[dict], file: str) -> tuple[Counts, list[Mismatch]]:
    """Counts and mismatches of one truth file against the run's forms of that file."""
    counts = Counts()
    mismatches: list[Mismatch] = []
    for i, j in match_forms(truth, run):
        if i is None:
            assert j is not None
            counts.false += 1
            counts.rows_run += len(rows_of(run[j]))
            mismatches.append(Mismatch(file, form_label(run[j], j), "false form", None, source(run[j]).get("pages")))
            continue
        pair_counts, pair_mismatches = score_pair(truth[i], run[j] if j is not None else None, file,
                                                  form_label(truth[i], i))
        counts.add(pair_counts)
        mismatches += pair_mismatches
    return counts, mismatches


def score(run: Sequence[dict], truth: Sequence[dict]) -> Report:
    """Score run records against truth records (any number of files in each)."""
    report = Report()
    run_files = by_file(run)
    claimed: set[str] = set()
    for path, truth_forms in by_file(truth).items():
        run_path = run_file_for(truth_forms, {p: f for p, f in run_files.items() if p not in claimed})
        if run_path is not None:
            claimed.add(run_path)
        counts, mismatches = score_file(truth_forms, run_files.get(run_path, []) if run_path else [], path)
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
    for m in shown:
        lines.append(f"  {m.file} {short(m.form, 40)} · {m.what}")
        lines.append(f"      expected {short(m.expected, 110)}")
        lines.append(f"      got      {short(m.got, 110)}")
    return "\n".join(lines)


def summary(report: Report) -> dict:
    """The report as a JSON-ready dict (counts per file and overall, F1, all mismatches)."""
    def with_rates(c: Counts) -> dict:
        return {**asdict(c), "precision": c.precision, "recall": c.recall, "f1": c.f1}

    return {
        "files": {name: with_rates(c) for name, c in report.files.items()},
        "overall": with_rates(report.overall),
        "done_when": dict(done_when(report.overall)),
        "mismatches": [asdict(m) for m in report.mismatches],
        "ignored_forms": report.ignored_forms,
    }


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Read the run and the truths, print the report; always return 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", type=Path, help="JSONL written by `jixiao extract`")
    parser.add_argument("truths", type=Path, nargs="+", help="truth JSONL files")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the summary as JSON here")
    parser.add_argument("--mismatches", type=int, default=MAX_MISMATCHES, help="how many mismatches to list")
    args = parser.parse_args(argv)
    try:
        run = load_jsonl(args.run)
        truth = [record for path in args.truths for record in load_jsonl(path)]
    except OSError as exc:
        print(f"score: {exc}", file=sys.stderr)
        return 0
    report = score(run, truth)
    print(format_report(report, args.mismatches))
    if args.json:
        args.json.write_text(json.dumps(summary(report), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
