"""data/site.yaml: the site's identity (model/site.py), read as strictly as every data file. The file
may be missing, or hold only comments: then nothing of the kind is shown."""

from __future__ import annotations

from ..model.errors import ReportError
from ..model.site import FEEDBACK_SCHEMES, SITE, SITE_FIELDS, Site
from .tree import Tree
from .yamlfile import YamlFile, clip


def load_site(tree: Tree) -> tuple[Site, list[ReportError]]:
    """The site's identity and the problems of data/site.yaml."""
    path = tree.root / "data" / SITE
    if not path.is_file():
        return Site(), []
    source = YamlFile(path, f"data/{SITE}", tree.text)
    try:
        text = tree.text(path)
    except UnicodeDecodeError:
        text = "x"  # compose() says it is not UTF-8
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return Site(), []  # every field left unset (commented out)
    node = source.compose()
    values: dict[str, str] = {}
    if node is not None:
        found = source.fields(node, "网站信息", (), tuple(f.name for f in SITE_FIELDS))
        for name, value_node in (found or {}).items():
            value = source.text(value_node, name)
            if value is None:
                continue
            if name == "feedback" and not value.startswith(FEEDBACK_SCHEMES):
                source.error(value_node, f"“feedback”应为纠错和留言的网址或邮箱，实际是“{clip(value)}”。",
                             "写 https:// 开头的网址，或 mailto: 开头的邮箱，如 mailto:example@example.org。",
                             code="link-refused")
                continue
            values[name] = value.strip()
    return Site(**values), list(source.errors)
