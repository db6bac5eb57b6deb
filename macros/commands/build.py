"""`make site`: build the site beside site/ and put it in place only when the build passed, one build
at a time per checkout, safe against a kill at any moment.

The build goes into .site-new. Then site/ becomes .site-old and .site-new becomes site/, two renames;
a run killed between them leaves .site-old and no site/, and the next run puts .site-old back before
anything else, so the last good site is never lost, even to a build that then fails. A second
`make site` in the same checkout waits for the first (a lock on .site.lock) instead of sharing
.site-new with it.
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
from pathlib import Path

LOCK, NEW, OLD, SITE = ".site.lock", ".site-new", ".site-old", "site"


def build(root: Path, engine: str) -> int:
    with (root / LOCK).open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("另一个 make site 正在这个文件夹中生成网站，等它完成后再开始……", file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        restore(root)
        shutil.rmtree(root / NEW, ignore_errors=True)
        run = subprocess.run([engine, "build", "--strict", "-f", "mkdocs.yml", "--site-dir", NEW], cwd=root,
                             check=False)
        if run.returncode != 0:
            shutil.rmtree(root / NEW, ignore_errors=True)
            kept = "site/ 中仍是上一次生成的网站" if (root / SITE).exists() else "site/ 中还没有网站"
            print(f"网站未更新：{kept}。", file=sys.stderr)
            return 1
        if (root / SITE).exists():
            (root / SITE).rename(root / OLD)
        (root / NEW).rename(root / SITE)
        shutil.rmtree(root / OLD, ignore_errors=True)
    print("网站已生成：site/index.html")
    return 0


def restore(root: Path) -> None:
    """A run killed between the two renames left the last site as .site-old: it is site/ again."""
    if not (root / SITE).exists() and (root / OLD).is_dir():
        (root / OLD).rename(root / SITE)
        print("上次生成网站时被中断：已恢复上一次生成的网站。", file=sys.stderr)
    shutil.rmtree(root / OLD, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("用法：python -m macros.commands.build <mkdocs 或 properdocs 的路径>")
    sys.exit(build(Path.cwd(), sys.argv[1]))
