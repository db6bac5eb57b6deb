"""Front matter: a chapter may not start with metadata, which could shadow a figure or change the page.

MkDocs reads YAML between `---` lines, or MultiMarkdown `key: value` lines, at the start of a page
into variables that mkdocs-macros hands to the template and Material reads for the layout. No
chapter needs them: its title is its first heading.
"""

from __future__ import annotations

import re

from ..model.errors import Location, PageError

# MkDocs' own patterns (mkdocs/utils/meta.py): YAML front matter, MultiMarkdown metadata.
_YAML = re.compile(r"-{3}[ \t]*\n")
_META = re.compile(r"[ ]{0,3}[A-Za-z0-9_-]+:")


def front_matter(rel: str, text: str) -> list[PageError]:
    body = text.removeprefix("\ufeff")
    if not (_YAML.match(body) or _META.match(body)):
        return []
    return [PageError(Location(rel, 1), "页面开头不能写元数据（“---”之间的内容或“键: 值”行）。",
                      "删除这些行；页面标题写成第一行的“# 标题”，数字写在数据文件里。", code="front-matter")]
