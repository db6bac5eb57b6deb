"""A report's reviewed allowlist (data/<report>/allowed-numbers.yaml): digits its chapters may show
that are not statistics (a hotline, a name with digits), each with the reason a maintainer accepted."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.errors import Location, ReportError
from ..model.fields import Field, optional_names, required_names
from .tree import Tree
from .yamlfile import YamlFile

ALLOWLIST = "allowed-numbers.yaml"
ALLOWED_FIELDS = (
    Field(name="text", title="正文中出现的原样文字，如 2023年度", required=True),
    Field(name="reason", title="为什么不是统计数字", required=True),
)
# Entries of one report's allowlist (a real one has about ten): each is looked for in every chapter.
MAX_ALLOWED = 1_000


@dataclass(frozen=True, kw_only=True)
class Allowed:
    text: str
    reason: str
    location: Location


def load_allowlist(tree: Tree, report_id: str, errors: list[ReportError]) -> list[Allowed]:
    path = tree.root / "data" / report_id / ALLOWLIST
    if not path.is_file():
        return []
    source = YamlFile(path, path.relative_to(tree.root).as_posix(), tree.text)
    node = source.compose()
    allowed = []
    if node is not None and node.tag.endswith(":seq") and len(node.value) > MAX_ALLOWED:
        source.error(node.value[MAX_ALLOWED],
                     f"允许列表有 {len(node.value):,} 项，超过了每份报告 {MAX_ALLOWED:,} 项的上限。",
                     "允许列表只收正文中确实出现的年份、日期、名称；统计数字写进 figures.yaml。",
                     code="too-many-allowed")
    elif node is not None and node.tag.endswith(":seq"):
        for item in node.value:
            fields = source.fields(item, "允许项", required_names(ALLOWED_FIELDS), optional_names(ALLOWED_FIELDS))
            if fields and all(name in fields for name in required_names(ALLOWED_FIELDS)):
                text = source.text(fields["text"], "text")
                reason = source.text(fields["reason"], "reason")
                if text and reason:
                    allowed.append(Allowed(text=text, reason=reason, location=source.at(item)))
    elif node is not None:
        source.error(node, "允许列表应为列表，每项写 text 和 reason。", "参照文件开头的说明。", code="not-a-list")
    errors += source.errors
    return allowed
