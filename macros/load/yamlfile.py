"""Safe, strict reading of one YAML file into checked Python values, with the line of each.

PyYAML composes the file into nodes (safe: no tags are constructed); this module walks the nodes
itself so that every value keeps its line, numbers keep their exact text (so they become Decimal,
never float), and duplicate keys, aliases and foreign tags are errors instead of being accepted.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from decimal import Decimal
from itertools import chain
from operator import attrgetter
from pathlib import Path

import yaml

from ..model.errors import DataError, Location, did_you_mean
from ..model.intervals import MAX_DIGITS

_STANDARD_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "timestamp", "map", "seq",
))
_STR, _INT, _FLOAT, _BOOL, _NULL, _MERGE = (f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "merge",
))
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_BYTES = 2_000_000  # a report's data is kilobytes; anything near this is a mistake or an attack
_SHOWN = 40  # characters of a value quoted in a message; the rest is left out, with the total said

# The most common PyYAML problems, in the words of an editor.
_PROBLEMS = {
    "mapping values are not allowed here": "这里不能出现“键: 值”（常见原因：值里有冒号却没加引号，或缩进不对）",
    "could not find expected ':'": "缺少冒号“:”（或上一行的缩进不对）",
    "found character '\\t' that cannot start any token": "用了 Tab 缩进（YAML 只能用空格缩进）",
    "found character that cannot start any token":
        "出现了不能在这里开头的字符（常见原因：用了 Tab 缩进，或值以“@”“`”开头却没加引号）",
    "found duplicate anchor": "锚点重复",
    "expected <block end>, but found '-'": "列表项“-”的缩进与上文不一致",
    "found undefined alias": "使用了未定义的别名“*”",
    "exceeded maximum nesting depth": "嵌套层数过多",
    "did not find expected ',' or '}'": "花括号“{”没有对应的“}”，或其中的项之间缺少逗号",
    "did not find expected ',' or ']'": "方括号“[”没有对应的“]”，或其中的项之间缺少逗号",
    "found unexpected end of stream": "文件在引号或括号结束之前就结束了",
}
# Problems whose fix is not where the generic hint looks: by PyYAML's context, its problem and ours.
_CONTEXTS = {
    ("expected a single document in the stream", "but found another document"): (
        "一个文件里只能有一个 YAML 文档，这一行的“---”开始了第二个",
        "删除这一行的“---”：它后面的内容属于同一个文档的，接着写在前面；不属于的，删除。"),
}


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it


class _Loader(_SAFE_LOADER):  # type: ignore[misc,valid-type]
    """The safe loader, made faster for files of thousands of scalars without changing a tag.

    The tag of an untagged scalar depends only on its text and style, so it is worked out once per
    distinct scalar; and no path resolvers are registered for this loader, so the composer need not
    tell it where each node is.
    """

    resolve = staticmethod(functools.lru_cache(maxsize=1 << 16)(
        functools.partial(yaml.resolver.Resolver.resolve, yaml.resolver.Resolver())))

    @staticmethod
    def descend_resolver(current_node: yaml.Node | None, current_index: object) -> None:
        return None

    @staticmethod
    def ascend_resolver() -> None:
        return None


class YamlFile:
    """One data file being read: its nodes, and every problem found in it so far."""

    def __init__(self, path: Path, rel: str, read: Callable[[Path], str]) -> None:
        self.path = path
        self.rel = rel
        self._read = read  # the file's text, as Path.read_text(encoding="utf-8") gives it
        self.errors: list[DataError] = []
        self._seen: set[int] = set()

    # -- reporting ---------------------------------------------------------------------------

    def at(self, node: yaml.Node) -> Location:
        return Location(self.rel, node.start_mark.line + 1)

    def error(self, node: yaml.Node | None, message: str, hint: str = "", *, code: str) -> None:
        location = self.at(node) if node is not None else Location(self.rel, 1)
        self.errors.append(DataError(location, message, hint, code=code))

    # -- the file ----------------------------------------------------------------------------

    def compose(self) -> yaml.Node | None:
        """The file's root node, or None (with the error recorded) if it cannot be read."""
        if self.path.stat().st_size > MAX_BYTES:
            self.error(None, f"文件过大（超过 {MAX_BYTES // 1_000_000} MB）。",
                       "数据文件只应包含报告的数字；请检查是否误放了其他内容。", code="file-too-large")
            return None
        try:
            text = self._read(self.path)
        except UnicodeDecodeError:
            self.error(None, "文件不是 UTF-8 编码。", "用编辑器以 UTF-8 编码另存这个文件。", code="not-utf8")
            return None
        try:
            root = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            problem, hint = _CONTEXTS.get((str(exc.context), str(exc.problem)), (
                _PROBLEMS.get(str(exc.problem), str(exc.problem)),
                "检查这一行及上一行的缩进（只用空格）、冒号和引号。"))
            self.errors.append(DataError(Location(self.rel, line), f"YAML 格式错误：{problem}。", hint,
                                         code="yaml-syntax"))
            return None
        except yaml.YAMLError as exc:
            self.error(None, f"YAML 格式错误：{exc}。", "检查文件的格式。", code="yaml-syntax")
            return None
        if root is None:
            self.error(None, "文件是空的。", "按说明填写内容，或删除这个文件。", code="empty-file")
        elif self._foreign_tag(root) or self._marked(text):
            return None
        return root

    def _marked(self, text: str) -> bool:
        """Refuse an anchor (`&name`) even when no alias uses it, and a tag written out even when it
        is a standard one (`!!float 71`). Composed nodes keep neither, so the file's events are read
        again, but only if it holds an `&` or a `!` at all."""
        if "&" not in text and "!" not in text:
            return False
        for event in yaml.parse(text, Loader=_Loader):
            anchor, tag = getattr(event, "anchor", None), getattr(event, "tag", None)
            line = event.start_mark.line + 1 if event.start_mark else 1
            if anchor is not None:
                self.errors.append(DataError(
                    Location(self.rel, line),
                    f"不支持 YAML 锚点“&{clip(anchor)}”（锚点和别名 &、* 一律不用）。",
                    f"删除“&{clip(anchor)}”，把内容直接写出来；文字以“&”开头的，给它加上引号。", code="yaml-anchor"))
                return True
            if tag is not None:
                self.errors.append(DataError(
                    Location(self.rel, line), f"不允许的 YAML 标签 {clip(tag)}。",
                    "删除以“!”开头的标签；文字以“!”开头的，给它加上引号。", code="yaml-tag"))
                return True
        return False

    def _foreign_tag(self, node: yaml.Node) -> bool:
        """Refuse language-specific tags (!!python/...) and aliases anywhere in the tree."""
        return not _plain_tree(node) and self._first_foreign_tag(node)

    def _first_foreign_tag(self, node: yaml.Node) -> bool:
        """Report the first alias or tag that is not allowed, going through the tree node by node."""
        stack = [node]
        while stack:
            current = stack.pop()
            if id(current) in self._seen:
                self.error(current, "不支持 YAML 锚点和别名（&、*）。", "把内容直接写出来。", code="yaml-anchor")
                return True
            self._seen.add(id(current))
            if current.tag == _MERGE:
                self.error(current, "不支持 YAML 合并键“<<”。", "把内容直接写出来。", code="yaml-merge-key")
                return True
            if current.tag not in _STANDARD_TAGS:
                self.error(current, f"不允许的 YAML 标签 {clip(current.tag)}。", "删除以“!”开头的标签。",
                           code="yaml-tag")
                return True
            if isinstance(current, yaml.MappingNode):
                stack += [part for pair in current.value for part in pair]
            elif isinstance(current, yaml.SequenceNode):
                stack += current.value
        return False

    # -- structure ---------------------------------------------------------------------------

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """A mapping's entries by key text; duplicate and non-text keys are errors."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what}应为“键: 值”的映射，实际是{_kind(node)}。", "参照同类文件的写法。",
                       code="not-a-mapping")
            return {}
        entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                self.error(key_node, f"键应为文字，实际是{_kind(key_node)}。", "给键加上引号或改名。",
                           code="key-not-text")
                continue
            key = key_node.value
            if key == "<<":
                self.error(key_node, "不支持 YAML 合并键“<<”。", "把内容直接写出来。", code="yaml-merge-key")
            elif key in entries:
                first = entries[key][0].start_mark.line + 1
                self.error(key_node, f"键“{clip(key)}”重复（第一次出现在第 {first} 行）。",
                           "每个键只能出现一次：删除或改名其中一个。", code="duplicate-key")
            else:
                entries[key] = (key_node, value_node)
        return entries

    def fields(
        self, node: yaml.Node, what: str, required: tuple[str, ...], optional: tuple[str, ...],
        at: yaml.Node | None = None,
    ) -> dict[str, yaml.Node] | None:
        """The known fields of a record (None if it is no mapping); unknown or missing ones are errors.

        `at` is where record-level errors point (the record's key line), if not at the record.
        """
        entries = self.mapping(node, what)
        if not isinstance(node, yaml.MappingNode):
            return None
        allowed = required + optional
        for name, (key_node, _) in entries.items():
            if name not in allowed:
                self.error(key_node, f"{what}有未知字段“{clip(name)}”（可用字段：{'、'.join(allowed)}）。",
                           did_you_mean(name, allowed) or "删除这个字段，或改成可用字段之一。", code="unknown-field")
        for name in required:
            if name not in entries:
                self.error(at or node, f"{what}缺少必填字段“{name}”。", f"补上“{name}: …”。", code="missing-field")
        return {name: value for name, (_, value) in entries.items() if name in allowed}

    # -- scalars -----------------------------------------------------------------------------

    def text(self, node: yaml.Node, field: str) -> str | None:
        if _is_scalar(node, _STR) and node.value.strip():
            return node.value
        self.error(node, f"“{field}”应为非空文字，实际是{_kind(node)}。", f"在“{field}:”后写上文字。", code="not-text")
        return None

    def decimal(self, node: yaml.Node, field: str) -> Decimal | None:
        """An exact number from its YAML text: 955.61 -> Decimal('955.61'), never a float."""
        numeric = _is_scalar(node, _INT, _FLOAT)
        if numeric and _DECIMAL.fullmatch(node.value):
            digits = len(node.value.lstrip("-").replace(".", "").lstrip("0"))
            if digits > MAX_DIGITS:  # told from the text: the number is never made
                self.error(node, f"“{field}”写成了“{clip(node.value)}”，有 {digits:,} 位有效数字，"
                                 f"最多只能有 {MAX_DIGITS} 位。",
                           "检查这个数字：报告和数据文件里的数字不会有这么多位。", code="too-many-digits")
                return None
            if node.value.startswith("-") and not digits:
                self.error(node, f"“{field}”写成了“{node.value}”：零不带负号。", "写 0。", code="minus-zero")
                return None
            return Decimal(node.value)
        if numeric and node.value.startswith("+"):
            self.error(node, f"“{field}”写成了“{clip(node.value)}”：数字前不写正号“+”。",
                       "删除“+”，如写 71。", code="plus-sign")
        elif numeric:
            self.error(node, f"“{field}”写成了“{clip(node.value)}”，应按发布的样子写出全部数字。",
                       "不要用科学计数法、前导零、下划线、八进制或十六进制写法，如写 1000、0.678。", code="number-form")
        elif _is_scalar(node, _STR) and _DECIMAL.fullmatch(node.value.strip()):
            self.error(node, f"“{field}”应为数字，实际是带引号的文字“{clip(node.value)}”。", "去掉引号。",
                       code="quoted-number")
        elif _is_scalar(node, _STR):
            self.error(node, f"“{field}”应为数字，实际是文字“{clip(node.value)}”。",
                       "只写数字（如 955.61）；单位写在 unit 字段，“余”“约”写在 qualifier 字段。", code="not-a-number")
        else:
            self.error(node, f"“{field}”应为数字，实际是{_kind(node)}。", "只写数字，如 71 或 955.61。",
                       code="not-a-number")
        return None

    def integer(self, node: yaml.Node, field: str, low: int, high: int) -> int | None:
        """A whole number from `low` to `high`, read only if its text is short enough to be one."""
        if _is_scalar(node, _INT) and re.fullmatch(r"0|[1-9][0-9]*", node.value):
            if len(node.value) <= len(str(high)) and low <= int(node.value) <= high:
                return int(node.value)
            self.error(node, f"“{field}”应在 {low} 到 {high} 之间，实际是“{clip(node.value)}”。",
                       f"写 {low} 到 {high} 之间的整数。", code="out-of-range")
            return None
        self.error(node, f"“{field}”应为不带小数的非负整数，实际是“{_shown(node)}”。", f"如 {low}、{low + 1}。",
                   code="not-integer")
        return None

    def boolean(self, node: yaml.Node, field: str) -> bool | None:
        if _is_scalar(node, _BOOL) and node.value in ("true", "false"):
            return node.value == "true"
        self.error(node, f"“{field}”应为 true 或 false，实际是“{_shown(node)}”。", "写 true 或 false。",
                   code="not-boolean")
        return None

    def date(self, node: yaml.Node, field: str) -> datetime.date | None:
        if isinstance(node, yaml.ScalarNode) and _DATE.fullmatch(node.value):
            try:
                return datetime.date.fromisoformat(node.value)
            except ValueError:
                pass
        self.error(node, f"“{field}”应为日期（年-月-日），实际是“{_shown(node)}”。", "如 2023-03-31。", code="not-date")
        return None

    def text_list(self, node: yaml.Node, field: str) -> list[tuple[str, yaml.Node]]:
        """A list of texts, each with its node."""
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.error(node, f"“{field}”应为非空列表，实际是{_kind(node)}。", f"写成 {field}: [a, b]。",
                       code="not-a-list")
            return []
        items = [(self.text(item, field), item) for item in node.value]
        return [(value, item) for value, item in items if value is not None]


def is_empty(node: yaml.Node) -> bool:
    """A field written with nothing after its colon (`value:`), or as null."""
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL



def clip(text: str) -> str:
    """A value as a message quotes it: whole if short, else its start and how long it is."""
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}…（共 {len(text):,} 个字符）"


def _plain_tree(root: yaml.Node) -> bool:
    """Whether every node has a standard tag and appears once (no alias): checked a level at a time,
    without a step per node in Python. Each level is checked before the next is listed, so the
    nodes an alias would repeat are never listed more than once."""
    seen: set[int] = set()
    count = 0
    level = [root]
    while level:
        count += len(level)
        seen.update(map(id, level))
        if len(seen) != count or not _STANDARD_TAGS.issuperset(map(_TAG_OF, level)):
            return False
        level = [*chain.from_iterable(chain.from_iterable(n.value for n in level if type(n) is yaml.MappingNode)),
                 *chain.from_iterable(n.value for n in level if type(n) is yaml.SequenceNode)]
    return True


_TAG_OF = attrgetter("tag")


def _is_scalar(node: yaml.Node, *tags: str) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag in tags


def _shown(node: yaml.Node) -> str:
    return clip(node.value) if isinstance(node, yaml.ScalarNode) else _kind(node)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "映射"
    if isinstance(node, yaml.SequenceNode):
        return "列表"
    kinds = {"str": "文字", "int": "整数", "float": "小数", "bool": "真假值", "null": "空值",
             "timestamp": "日期"}
    name = node.tag.rsplit(":", 1)[-1]
    shown = f"“{clip(node.value)}”" if node.value else ""
    return f"{kinds.get(name, name)}{shown}"
