"""The site's table of contents, mkdocs.yml's `nav`: every page is in it, and it names only pages that exist.

MkDocs builds and publishes every page under docs/, in the nav or not; a page outside it is
reachable by its URL and by search, yet no reader finds it where the report's structure is shown
and no reviewer looks for it there. So each page under docs/ must be in the nav, and each page the
nav names must exist (MkDocs only warns, in English). Titles given in the nav are shown as page
titles: like headings (markup.heading_errors), they are plain text without `<`, `>` or `&`.

mkdocs.yml is the maintainers' file; it is read from the project root, whatever configuration a
build uses (`make serve REPORT=…` builds a preview with only one report's nav, the checks still
cover the whole site). It is composed with PyYAML's safe loader, not constructed: its lines are
kept for the messages, and tags MkDocs itself understands (`!ENV`, `!!python/name:`) do no harm.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlsplit

import yaml

from ..load.tree import Tree
from ..model.errors import Location, PageError, ReportError
from .files import shown

CONFIG = "mkdocs.yml"
TITLE_CHARACTERS = "<>&"  # what would make a title markup: tags and character references


class NavError(ReportError):
    """mkdocs.yml's nav names a page that is missing, or gives a title that is not plain text."""

    kind = "目录错误"


def nav_errors(tree: Tree) -> list[ReportError]:
    """Pages under docs/ outside the nav, nav entries that are not pages, nav titles with markup."""
    path = tree.root / CONFIG
    try:
        document = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except FileNotFoundError:
        return [NavError(Location(CONFIG, 1), f"没有 {CONFIG}，无法核对每个页面都在目录（nav）中。",
                         f"从仓库恢复 {CONFIG}。", code="config-missing")]
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        return [NavError(Location(CONFIG, mark.line + 1 if mark else 1), f"{CONFIG} 无法读取：{exc}",
                         "改正这个文件的格式（它归维护者所有）。", code="config-unreadable")]
    nav = _value(document, "nav")
    if nav is None:
        return [NavError(Location(CONFIG, 1), f"{CONFIG} 没有目录（nav）：读者和审核人看不到报告的结构。",
                         "在 nav 中逐个列出 docs/ 下的页面（见 CONTRIBUTING.md“增加一章”）。", code="nav-missing")]
    pages = {path.relative_to(tree.docs).as_posix() for path in tree.pages(tree.docs)}
    files = {path.relative_to(tree.docs).as_posix() for path in tree.files(tree.docs, tree.docs)}
    listed: set[str] = set()
    errors: list[ReportError] = []
    for title, target in _entries(nav):
        if title is not None and any(char in title.value for char in TITLE_CHARACTERS):
            errors.append(NavError(_at(title), f"目录中的标题“{shown(title.value)}”有“<”“>”或“&”：标题只能是文字。",
                                   "删除这些字符，或改用文字（如“和”）。", code="title-markup"))
        if target is None:
            continue
        link = target.value
        if urlsplit(link).scheme or link.startswith(("/", "//")):
            continue  # a link to elsewhere: not a page of the site
        page = PurePosixPath(link).as_posix()
        if page in files:
            listed.add(page)
        else:
            errors.append(NavError(_at(target), f"目录中的“{shown(link)}”不存在：docs/{shown(page)} 没有这个文件。",
                                   "改正文件名，或从 nav 中删除这一行。", code="nav-page-missing"))
    errors += [PageError(Location((tree.docs / page).relative_to(tree.root).as_posix(), 1),
                         f"这个页面不在 {CONFIG} 的目录（nav）中：网站会发布它，读者却从目录里找不到它。",
                         f"在 {CONFIG} 的 nav 中这份报告的一节里加上一行“- {page}”（见 CONTRIBUTING.md“增加一章”）；"
                         "不需要的页面就删除。", code="page-not-in-nav")
               for page in sorted(pages - listed)]
    return errors


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            if isinstance(name, yaml.ScalarNode) and name.value == key:
                return value
    return None


def _entries(node: yaml.Node) -> list[tuple[yaml.ScalarNode | None, yaml.ScalarNode | None]]:
    """Every entry of the nav, as (its title, if given; its page or link, None for a section)."""
    entries: list[tuple[yaml.ScalarNode | None, yaml.ScalarNode | None]] = []
    stack: list[tuple[yaml.ScalarNode | None, yaml.Node]] = [(None, node)]
    seen: set[int] = set()  # an alias (*x) can make the nodes a cycle
    while stack:  # depth first, in the nav's order; no recursion, however deep a maintainer nests
        title, item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, yaml.ScalarNode):
            entries.append((title, item))
            continue
        if title is not None:
            entries.append((title, None))
        if isinstance(item, yaml.SequenceNode):
            stack += [(None, child) for child in reversed(item.value)]
        elif isinstance(item, yaml.MappingNode):
            stack += [(key if isinstance(key, yaml.ScalarNode) else None, value)
                      for key, value in reversed(item.value)]
    return entries


def _at(node: yaml.Node) -> Location:
    return Location(CONFIG, node.start_mark.line + 1)
