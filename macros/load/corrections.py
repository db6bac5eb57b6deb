"""Corrections of published reports: the record of what was published, and the log of every change.

When a report is published, `make record REPORT=<report>` writes data/<report>/published-values.yaml:
the published form of each figure at that moment. The record is not edited afterwards. Every later
change of a published form needs an entry in data/<report>/corrections.yaml (figure, old, new, date,
reason). The check replays the log over the record, figure by figure: each entry's `old` must be
what was published until then, and the result must be what the site publishes now. A changed figure
without an entry, an entry whose `old` is wrong, an entry for an unknown figure: each is an error,
so no published number changes silently. A report without a record is not published yet and may
change freely.
"""


from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..model.errors import Location, ReportError
from .tree import Tree
from .yamlfile import YamlFile

RECORD = "published-values.yaml"
# The record's one entry that is not a figure: the day the report was published (make record), written
# first. A figure's key starts with a lowercase letter (load/reports.py KEY), so no figure can take it.
PUBLISHED_ON = "_published_on"
LOG = "corrections.yaml"
FIELDS = ("key", "old", "new", "date", "reason")
GUIDE = "见 CONTRIBUTING.md“记录更正”"  # where editors and maintainers read how corrections work


@dataclass(frozen=True, kw_only=True)
class Correction:
    key: str
    old: str  # the published form before, e.g. 955.61万元
    new: str  # the published form after
    date: datetime.date
    reason: str
    location: Location


@dataclass(frozen=True)
class Record:
    """A report's record of publication: each figure's published form (with its line), and the day it
    was published, if the record says (records written before make record stored it do not)."""

    values: dict[str, tuple[str, Location]]
    published_on: datetime.date | None = None


def read_record(tree: Tree, path: Path, errors: list[ReportError]) -> Record:
    source = YamlFile(path, path.relative_to(tree.root).as_posix(), tree.text)
    node = source.compose()
    record = {}
    day = None
    if node is not None:
        for key, (key_node, value_node) in source.mapping(node, "发布记录").items():
            if key == PUBLISHED_ON:
                day = source.date(value_node, PUBLISHED_ON)
                continue
            value = source.text(value_node, key)
            if value is not None:
                record[key] = (value, source.at(key_node))
    errors += source.errors
    return Record(record, day)


def read_log(tree: Tree, path: Path, errors: list[ReportError]) -> list[Correction]:
    source = YamlFile(path, path.relative_to(tree.root).as_posix(), tree.text)
    node = source.compose()
    log = []
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            fields = source.fields(item, "更正", FIELDS, ())
            if fields is None or len(fields) < len(FIELDS):
                continue
            key, old, new, reason = (source.text(fields[name], name) for name in ("key", "old", "new", "reason"))
            day = source.date(fields["date"], "date")
            if key and old and new and reason and day is not None:
                log.append(Correction(key=key, old=old, new=new, date=day, reason=reason, location=source.at(item)))
    elif node is not None:
        source.error(node, "更正记录应为列表，每项写 key、old、new、date、reason。", "参照文件开头的说明。",
                     code="not-a-list")
    errors += source.errors
    return log
