"""The report engine: strict figures from YAML, their published forms, checks over pages.

mkdocs-macros loads this package (`module_name: macros`) and calls `define_env`, then the page and
build hooks below (`on_pre_page_macros` confines each page to the sandbox); the MkDocs side is
imported only then, so tests and tools use the engine without MkDocs.
"""


def define_env(env):
    from .plugin import define_env as define

    define(env)


def on_pre_page_macros(env):
    from .plugin import on_pre_page_macros as confine

    confine(env)


def on_post_page_macros(env):
    from .plugin import on_post_page_macros as notice

    notice(env)


def on_post_build(env):
    from .plugin import on_post_build as downloads

    downloads(env)
