"""The Jinja environment pages are rendered in: a sandbox that holds the project's macros and nothing else.

The page scan (pages.py) refuses any template code but literal macro calls before anything is
rendered; this is the second wall, for the day the scan has a gap. Inside it a page can call the
macros it is given, with quoted text as arguments, and do nothing else: no variables (whatever the caller passes,
such as mkdocs-macros' `config`, `page` or the page's front matter, is dropped), no Jinja globals
(`cycler`, `lipsum`, `range`, `dict`, `namespace`), no filters or tests, no attribute access, no
arithmetic, no includes, imports or inheritance (there is no loader), no other callable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import StrictUndefined, Template
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

_OPERATORS = frozenset(ImmutableSandboxedEnvironment.default_binop_table)
_SIGNS = frozenset(ImmutableSandboxedEnvironment.default_unop_table)


class PageTemplate(Template):
    """A page's template: rendered with the environment's globals only, never the caller's variables."""

    def new_context(self, vars: dict[str, Any] | None = None, shared: bool = False,
                    locals: Mapping[str, Any] | None = None) -> Context:
        return super().new_context(None, False, None)


class PageSandbox(ImmutableSandboxedEnvironment):
    """Renders pages with `macros` as the only names they can see and the only things they can call."""

    template_class = PageTemplate
    intercepted_binops = _OPERATORS
    intercepted_unops = _SIGNS

    def __init__(self, macros: Mapping[str, Callable[..., str]]) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=False)
        self.globals.clear()
        self.globals.update(macros)
        self.filters.clear()
        self.tests.clear()
        self._callable = tuple(macros.values())

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return False

    def is_safe_callable(self, obj: Any) -> bool:
        return any(obj is macro for macro in self._callable)

    def call(self, context: Context, obj: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs or not all(isinstance(arg, str) for arg in args):
            raise SecurityError("页面中的宏只能用带引号的文字作参数。")
        return super().call(context, obj, *args)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        raise SecurityError(f"页面中不能使用运算符“{operator}”。")

    def call_unop(self, context: Context, operator: str, arg: Any) -> Any:
        raise SecurityError(f"页面中不能使用运算符“{operator}”。")
