"""The report engine: strict figures from YAML, their published forms, checks over pages.

mkdocs-macros loads this package (`module_name: macros`) and calls `define_env`, then the page and
build hooks below (`on_pre_page_macros` confines each page to the sandbox); the MkDocs side is
imported only then, so tests and tools use the engine without MkDocs.

Importing the package also makes the build speak Chinese (`_Chinese`): mkdocs-macros' start-up
lines are dropped and MkDocs' own progress lines are said in Chinese. MkDocs imports the package
through its hooks (hooks.py, for the live preview) while it reads mkdocs.yml, before its first line
of a build or preview, so the filter is in place from the first line on.
"""

import logging
import re

# MkDocs' lines that editors see on every build and preview, in their words (None: not shown). The
# preview's server starts its lines with the time ("[16:11:30] Serving on …"), which is kept.
_TIME = re.compile(r"\[\d\d:\d\d:\d\d\] ")
_SAID = (
    (re.compile(r"Cleaning site directory"), None),
    (re.compile(r"Building documentation\.\.\."), "正在生成网站……"),
    (re.compile(r"Building documentation to directory: (.*)"), r"正在生成网站：\1"),
    (re.compile(r"Documentation built in ([0-9.]+) seconds"), r"网站生成完毕，用时 \1 秒。"),
    (re.compile(r"Serving on (\S+).*"), r"预览地址：\1（保存文件后页面自动刷新；按 Ctrl+C 结束）"),
    (re.compile(r"Watching paths for changes: (.*)"), r"正在监视这些文件夹中的改动：\1"),
    (re.compile(r"Detected file changes"), "发现文件改动，重新生成……"),
    (re.compile(r"Reloading browsers"), "刷新浏览器中的页面。"),
    (re.compile(r"Browser connected: (.*)"), r"浏览器已连接：\1"),
    (re.compile(r"Shutting down\.\.\."), "预览已结束。"),
    # A request the preview's server could not answer (a WARNING): a page that is not in the site.
    (re.compile(r'"GET (\S+) HTTP/[\d.]+" code 404'), r"预览中没有这个地址：\1"),
)


class _Chinese(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("mkdocs.plugins.mkdocs_macros") and record.levelno <= logging.INFO:
            return False  # "[macros] - Found local Python module …": the plugin's start-up chatter
        if record.levelno not in (logging.INFO, logging.WARNING):
            return True
        message = record.getMessage()
        time = found.group() if (found := _TIME.match(message)) else ""
        for pattern, said in _SAID:
            if match := pattern.fullmatch(message, len(time)):
                if said is None:
                    return False
                record.msg, record.args = time + match.expand(said), ()
                return True
        return True


# MkDocs' handler, on the "mkdocs" logger, sees every record of its children: filter there. ProperDocs
# keeps its handler on its own "properdocs" logger, the parent of "mkdocs" (ENGINE=properdocs).
for _engine in ("mkdocs", "properdocs"):
    for _handler in logging.getLogger(_engine).handlers:
        _handler.addFilter(_Chinese())


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
