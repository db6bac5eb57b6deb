"""The report engine: strict figures from YAML, their published forms, checks over pages.

mkdocs-macros loads this package (`module_name: macros`) and calls `define_env`, then
`on_pre_page_macros` before each page; the MkDocs side is imported only then, so tests and tools
use the engine without MkDocs.
"""


def define_env(env):
    from .plugin import define_env as define

    define(env)


def on_pre_page_macros(env):
    from .plugin import on_pre_page_macros as confine

    confine(env)
