"""`make site`: build the site beside site/ and put it in place only when the build passed, one build
at a time per checkout, safe against a kill at any moment.

With the site, each report's PDF edition is printed from its print page (commands/pdf.py) when the
machine has what that needs (Chromium and a Chinese font); the reports' first pages then link to it.
Without it the site is built all the same, without PDF and links, and the build says so once. `make
pdf` (--pdf) insists: without the tools it fails and leaves site/ as it was (the publishing CI job).

The build goes into .site-new. Then site/ becomes .site-old and .site-new becomes site/, two renames;
a run killed between them leaves .site-old and no site/, and the next run puts .site-old back before
anything else, so the last good site is never lost, even to a build that then fails. A second
`make site` in the same checkout waits for the first (a lock on .site.lock) instead of sharing
.site-new with it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..render.printable import PDF_VARIABLE
from . import pdf

LOCK, NEW, OLD, SITE = ".site.lock", ".site-new", ".site-old", "site"


def build(root: Path, engine: str, require_pdf: bool = False) -> int:
    with (root / LOCK).open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("另一个 make site 正在这个文件夹中生成网站，等它完成后再开始……", file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        restore(root)
        shutil.rmtree(root / NEW, ignore_errors=True)
        kept = "site/ 中仍是上一次生成的网站" if (root / SITE).exists() else "site/ 中还没有网站"
        cannot = pdf.missing()
        if cannot and require_pdf:
            print(f"未生成 PDF 版：{cannot}。网站未更新：{kept}。", file=sys.stderr)
            return 1
        if cannot:
            print(f"未生成 PDF 版：{cannot}。网站照常生成，报告页上不链接 PDF 版。", file=sys.stderr)
        env = {name: value for name, value in os.environ.items() if name != PDF_VARIABLE}
        run = subprocess.run([engine, "build", "--strict", "-f", "mkdocs.yml", "--site-dir", NEW], cwd=root,
                             env=env if cannot else {**env, PDF_VARIABLE: "1"}, check=False)
        if run.returncode == 0 and not cannot:
            try:
                pdf.write_pdfs(root, root / NEW)
            except Exception as error:  # Playwright's and Chromium's errors: the site would link to no PDF
                print(f"生成 PDF 版时出错：{type(error).__name__}: {error}", file=sys.stderr)
                run = subprocess.CompletedProcess(run.args, 1)
        if run.returncode != 0:
            shutil.rmtree(root / NEW, ignore_errors=True)
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
    if len(sys.argv) not in (2, 3) or sys.argv[2:] not in ([], ["--pdf"]):
        sys.exit("用法：python -m macros.commands.build <mkdocs 或 properdocs 的路径> [--pdf]")
    sys.exit(build(Path.cwd(), sys.argv[1], require_pdf=sys.argv[2:] == ["--pdf"]))
