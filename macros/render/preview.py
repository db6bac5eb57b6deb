"""The live preview's own files (`make serve`), which no published site holds.

While `mkdocs serve` runs, plugin.on_serve writes them into the served site's `.preview/` folder: a
hidden folder, which MkDocs leaves in place when it cleans the site for a rebuild and which no file
of docs/ can share a name with (the checks refuse hidden files). They are the reload script that
every served page loads (preview.js) and the stylesheet of the problem page (preview.css), the page
that stands in for every page of the site while the last build failed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .tags import text

FOLDER = ".preview"
SCRIPT, STYLESHEET = "preview.js", "preview.css"
# The problem page's own policy: its stylesheet and the reload script, which asks the server.
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; "
          "form-action 'none'")


def write_files(site: Path) -> None:
    """The preview's script and stylesheet, in the served site's .preview/ folder."""
    (site / FOLDER).mkdir(exist_ok=True)
    for name in (SCRIPT, STYLESHEET):
        shutil.copyfile(Path(__file__).with_name(name), site / FOLDER / name)


def script(base: str, epoch: int) -> str:
    """The reload script's element, for a page of the site at `epoch` (the server's number of the
    build it belongs to); `base` is the site's path on the server, ending in "/"."""
    return f'<script src="{text(base)}{FOLDER}/{SCRIPT}" data-epoch="{epoch:d}"></script>'


def problem_page(problems: list[str], base: str) -> str:
    """The page the preview shows at every address of the site while the last build failed: what
    the build said was wrong (Chinese, each problem with its file:line), as text. The server adds
    the reload script to it as to every page, so it turns back into the site by itself once a save
    fixes the problems."""
    listed = "\n".join(f"<pre>{text(problem)}</pre>" for problem in problems)
    return f"""<!doctype html>
<html lang="zh">
<head>
<meta http-equiv="Content-Security-Policy" content="{POLICY}">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>网站未生成 - 预览</title>
<link rel="stylesheet" href="{text(base)}{FOLDER}/{STYLESHEET}">
</head>
<body>
<main>
<h1>网站未生成：请按下面列出的问题修改</h1>
<p>终端里也列出了同样的问题。改好并保存后，这个页面会自动刷新为网站的页面。</p>
{listed}
</main>
</body>
</html>
"""
