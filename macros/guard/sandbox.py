"""The Jinja environment pages are rendered in: a sandbox that holds the project's macros and nothing else.

The page scan (pages.py) refuses any template code but literal macro calls before anything is
rendered; this is the second wall, built differently, for the day the scan has a gap. A page's
template is parsed and refused unless it is only text and calls of named macros with constants
(no statements, loops, attribute access, operators, filters, includes or imports). It runs with
the given macros as its only globals: no variables (whatever the caller passes, such as
mkdocs-macros' `config`, `page` or the page's front matter, is dropped), none of Jinja's globals
(`cycler`, `lipsum`, `range`, `dict`, `namespace`), no filters, tests or loader; and only those
macros may be called, with quoted text as arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import StrictUndefined, Template, nodes
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

_PAGE_NODES = (nodes.Output, nodes.TemplateData, nodes.Call, nodes.Name, nodes.Const)


class PageTemplate(Template):
    """A page's template: rendered with the environment's globals only, never the caller's variables."""

    def new_context(self, vars: dict[str, Any] | None = None, shared: bool = False,
                    locals: Mapping[str, Any] | None = None) -> Context:
        return super().new_context(None, False, None)


class PageSandbox(ImmutableSandboxedEnvironment):
    """Renders pages with `macros` as the only names they can see and the only things they can call."""

    template_class = PageTemplate

    def __init__(self, macros: Mapping[str, Callable[..., str]]) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=False)
        self.globals.clear()
        self.globals.update(macros)
        self.filters.clear()
        self.tests.clear()
        self._callable = tuple(macros.values())

    def compile(self, source: str | nodes.Template, name: str | None = None, filename: str | None = None,
                raw: bool = False, defer_init: bool = False) -> Any:
        tree = self.parse(source, name, filename) if isinstance(source, str) else source
        for node in tree.find_all(nodes.Node):
            if not isinstance(node, _PAGE_NODES):
                raise SecurityError(f"页面的模板代码只能是宏调用，如 {{{{ fig(\"键\") }}}}"
                                    f"（发现了 {type(node).__name__}）。")
        if raw:  # as Jinja's own overloads tell the two apart
            return super().compile(tree, name, filename, True, defer_init)
        return super().compile(tree, name, filename, False, defer_init)

    def is_safe_callable(self, obj: Any) -> bool:
        return any(obj is macro for macro in self._callable)

    def call(self, context: Context, obj: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs or not all(isinstance(arg, str) for arg in args):
            raise SecurityError("页面中的宏只能用带引号的文字作参数。")
        return super().call(context, obj, *args)
