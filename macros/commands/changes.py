"""What a change to data/ and docs/ does to the published report: the comparison behind `make diff`.

Two versions of the project, each checked as the build checks it (check_project), are compared as
readers and reviewers see them, not as YAML:
- figures whose published form changes (955.61万元 → 955.62万元), with the corrections.yaml entry
  recording the change (or a note that one is missing), the rules each takes part in with their
  status before and after, and the pages citing it; figures added and removed;
- rules added, removed, redefined or changing status (通过 → 不通过);
- paragraphs whose rendered text changes: each page's Markdown with every `{{ fig("key") }}`
  replaced by the published form (load/pages.expand, as the printable copy does), compared
  paragraph by paragraph;
- whole reports added or removed, in one line each (everything in them is new, or gone).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..check.project import Checked, check_project
from ..check.rules import Outcome
from ..load.corrections import RECORD, Correction
from ..load.pages import blocks, expand, stated
from ..load.tree import PAGE_SUFFIX
from ..model.errors import FileError, Location
from ..model.figures import Figure
from ..model.forms import published
from ..model.report import Catalog, Report
from ..model.rules import Rule

UNCHECKED = "无法核对"  # a rule with no outcome: it, or a figure it names, has errors
_WORDS = re.compile(r"[0-9][0-9.,%]*|[A-Za-z_]+|\s+|.", re.DOTALL)


@dataclass(frozen=True)
class Version:
    """One version of the project, checked: its root, the checks' result, its pages' text."""

    root: Path
    checked: Checked
    pages: dict[str, str]  # path under docs/ -> text

    @property
    def catalog(self) -> Catalog:
        return self.checked.catalog

    @property
    def refused(self) -> bool:
        """Files the checks refuse (links, devices, huge files): then nothing else was read."""
        return any(isinstance(error, FileError) for error in self.checked.errors)


def read_version(root: Path) -> Version:
    """Check the project at `root` and read its pages (nothing is read while files are refused)."""
    checked = check_project(root)
    docs = root / "docs"
    pages: dict[str, str] = {}
    if not any(isinstance(error, FileError) for error in checked.errors):
        for path in sorted(docs.rglob(f"*{PAGE_SUFFIX}")) if docs.is_dir() else []:
            if path.is_file() and not path.is_symlink():
                try:
                    text = path.read_bytes().decode("utf-8")
                except UnicodeDecodeError:
                    continue  # reported by the checks
                pages[path.relative_to(docs).as_posix()] = text.replace("\r\n", "\n").replace("\r", "\n")
    return Version(root, checked, pages)


@dataclass(frozen=True)
class RuleStatus:
    report: str  # the report whose rules.yaml holds the rule
    id: str
    description: str
    before: str | None  # None: no such rule in that version
    after: str | None
    location: Location
    redefined: bool = False  # same id, other relation or figures


@dataclass(frozen=True)
class FigureChange:
    report: str
    key: str
    label: str
    before: str  # published form
    after: str
    location: Location  # in figures.yaml, now
    corrections: tuple[Correction, ...]  # entries added for it since the base
    recorded: bool  # the report has a record of what was published: a change needs a correction
    rules: tuple[RuleStatus, ...]
    pages: tuple[str, ...]  # where it is cited, now


@dataclass(frozen=True)
class FigureEntry:
    """A figure added (as it is now) or removed (as it was)."""

    report: str
    key: str
    label: str
    form: str
    location: Location
    pages: tuple[str, ...]


@dataclass(frozen=True)
class ParagraphChange:
    page: str  # path under docs/
    line: int  # where the paragraph starts: now, or before for a removed one
    before: str | None  # rendered text; None when added
    after: str | None  # None when removed


@dataclass(frozen=True)
class ReportEntry:
    """A report added or removed as a whole."""

    id: str
    title: str
    figures: int
    rules: int
    pages: int


@dataclass(frozen=True)
class Changes:
    figures: list[FigureChange]
    added: list[FigureEntry]
    removed: list[FigureEntry]
    rules: list[RuleStatus]
    paragraphs: list[ParagraphChange]
    reports_added: list[ReportEntry]
    reports_removed: list[ReportEntry]
    # How many problems the checks found in each version: the comparison covers what loaded.
    base_errors: int
    head_errors: int

    @property
    def empty(self) -> bool:
        return not (self.figures or self.added or self.removed or self.rules or self.paragraphs
                    or self.reports_added or self.reports_removed)


def compare(base: Version, head: Version) -> Changes:
    before, after = base.catalog, head.catalog
    shared = [report for report in after.reports if before.find(report.id) is not None]
    figures, added, removed = [], [], []
    for now in shared:
        then = before.find(now.id)
        assert then is not None
        for key, figure in now.figures.items():
            old = then.figures.get(key)
            if old is None:
                added.append(_entry(head, now, figure))
            elif published(old) != published(figure):
                figures.append(_figure_change(base, head, now, old, figure))
        removed += [_entry(base, then, figure) for key, figure in then.figures.items() if key not in now.figures]
    rules = [status for report in shared for status in _rule_changes(base, head, report.id)]
    return Changes(
        figures=figures, added=added, removed=removed, rules=rules,
        paragraphs=list(_paragraph_changes(base, head)),
        reports_added=[_report_entry(head, r) for r in after.reports if before.find(r.id) is None],
        reports_removed=[_report_entry(base, r) for r in before.reports if after.find(r.id) is None],
        base_errors=len(base.checked.errors), head_errors=len(head.checked.errors),
    )


def _entry(version: Version, report: Report, figure: Figure) -> FigureEntry:
    return FigureEntry(report.id, figure.key, figure.label, published(figure), figure.location,
                       _cited(version, report.id, figure.key))


def _cited(version: Version, report_id: str, key: str) -> tuple[str, ...]:
    catalog = version.catalog
    return tuple(str(citation.location) for citation in version.checked.citations
                 if citation.key == key and (owner := catalog.report_for_page(citation.page)) and owner.id == report_id)


def _figure_change(base: Version, head: Version, report: Report, old: Figure, new: Figure) -> FigureChange:
    earlier = {_fields(c) for c in base.checked.corrections.get(report.id, ())}
    logged = tuple(c for c in head.checked.corrections.get(report.id, ())
                   if c.key == new.key and _fields(c) not in earlier)
    then, now = _statuses(base), _statuses(head)
    involved = _involving(base, report.id, new.key) | _involving(head, report.id, new.key)
    rules = tuple(_status(place, then, now) for place in sorted(involved))
    return FigureChange(report.id, new.key, new.label, published(old), published(new), new.location, logged,
                        (head.root / "data" / report.id / RECORD).is_file(), rules, _cited(head, report.id, new.key))


def _fields(correction: Correction) -> tuple[object, ...]:
    return correction.key, correction.old, correction.new, correction.date, correction.reason


def _involving(version: Version, report_id: str, key: str) -> set[tuple[str, str]]:
    """(report, rule id) of every rule the figure takes part in: its own report's, and the `change`
    rules of the reports that follow it."""
    found = set()
    for report in version.catalog.reports:
        for rule in report.rules:
            own = report.id == report_id and key in rule.keys
            following = rule.claim is not None and report.meta.previous == report_id and rule.claim.previous == key
            if own or following:
                found.add((report.id, rule.id))
    return found


def _statuses(version: Version) -> dict[tuple[str, str], tuple[Rule, str]]:
    """Every rule of the version, by (report, rule id), with its status (UNCHECKED if not evaluated)."""
    outcomes: dict[int, Outcome] = {id(outcome.rule): outcome for outcome in version.checked.outcomes}
    statuses: dict[tuple[str, str], tuple[Rule, str]] = {}
    for report in version.catalog.reports:
        for rule in report.rules:
            outcome = outcomes.get(id(rule))
            statuses.setdefault((report.id, rule.id), (rule, outcome.status.value if outcome else UNCHECKED))
    return statuses


def _status(place: tuple[str, str], then: dict[tuple[str, str], tuple[Rule, str]],
            now: dict[tuple[str, str], tuple[Rule, str]]) -> RuleStatus:
    old, new = then.get(place), now.get(place)
    rule = (new or old)[0]  # type: ignore[index]  # one of them holds the rule
    redefined = old is not None and new is not None and _definition(old[0]) != _definition(new[0])
    return RuleStatus(place[0], place[1], rule.description, old[1] if old else None, new[1] if new else None,
                      rule.location, redefined)


def _definition(rule: Rule) -> tuple[object, ...]:
    return rule.kind, rule.operands, rule.claim, rule.description


def _rule_changes(base: Version, head: Version, report_id: str) -> Iterator[RuleStatus]:
    then, now = _statuses(base), _statuses(head)
    places = [place for place in now if place[0] == report_id]
    places += [place for place in then if place[0] == report_id and place not in now]
    for place in places:
        status = _status(place, then, now)
        if status.before != status.after or status.redefined:
            yield status


def _report_entry(version: Version, report: Report) -> ReportEntry:
    pages = sum(1 for page in version.pages if page.startswith(report.id + "/"))
    return ReportEntry(report.id, report.meta.title, len(report.figures), len(report.rules), pages)


def rendered(version: Version, page: str) -> list[tuple[int, str]]:
    """The page's paragraphs (blocks between blank lines) with the line each starts on, every figure
    in its published form and the period in the report's words; page macros, unknown figures and a
    period not given stay as they are written."""
    report = version.catalog.report_for_page(page)

    def fig(key: str) -> str:
        if report is not None and key in report.figures:
            return published(report.figures[key])
        return f'{{{{ fig("{key}") }}}}'

    def macro(name: str) -> str:
        return (stated(report, name) if report is not None else None) or f"{{{{ {name}() }}}}"

    def table(table_id: str) -> str:  # its cells are figures, whose changes are listed as figures
        return f'{{{{ table("{table_id}") }}}}'

    return [(line, expand(block, fig, macro, table)) for line, block in blocks(version.pages[page])]


def _paragraph_changes(base: Version, head: Version) -> Iterator[ParagraphChange]:
    whole = {r.id for r in head.catalog.reports if base.catalog.find(r.id) is None}
    whole |= {r.id for r in base.catalog.reports if head.catalog.find(r.id) is None}
    for page in sorted(base.pages.keys() | head.pages.keys()):
        owner = (head.catalog.report_for_page(page) if page in head.pages else None) or \
            base.catalog.report_for_page(page)
        if owner is not None and owner.id in whole:
            continue  # told as the report added or removed
        old = rendered(base, page) if page in base.pages else []
        new = rendered(head, page) if page in head.pages else []
        matcher = difflib.SequenceMatcher(None, [t for _, t in old], [t for _, t in new], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
            for offset in range(pairs):
                (_, then), (line, now) = old[i1 + offset], new[j1 + offset]
                yield ParagraphChange(page, line, then, now)
            for line, then in old[i1 + pairs:i2]:
                yield ParagraphChange(page, line, then, None)
            for line, now in new[j1 + pairs:j2]:
                yield ParagraphChange(page, line, None, now)


def pieces(before: str, after: str) -> list[tuple[str, str]]:
    """The two texts as runs: ("=", kept), ("-", removed), ("+", added). Compared word by word, a
    number (955.61, 86.1%) or a Latin word being one word and each Chinese character another, so a
    changed figure shows as 54 → 55, not as its changed digits."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    runs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(("=", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("-", "".join(old[i1:i2])))
        if j2 > j1:
            runs.append(("+", "".join(new[j1:j2])))
    return runs
