"""`make diff [BASE=<ref>]`: what a change does to the published report, against an earlier version.

BASE is any commit git knows (a branch, a tag, HEAD~1); without it, the merge base of the current
commit with `main` (or `origin/main`, as a CI checkout has it). The base's data/ and docs/ are taken
out of git (`git archive`) into a temporary folder; the current version is the working tree, with
edits not yet committed. Both are read and checked by the current engine (changes.py): the
comparison is about what editors changed, so both sides go through the same code, and a base from
before an engine change is read the way the site will read it from now on. The base's engine is
never imported or run: it would be a second copy of the same package in one process, and its code
is not what builds the site.

The result is printed as plain text; under GitHub Actions also as tables in the job summary.
Exit code 0 when the comparison was made (whether or not anything changed), 1 when a version
could not be read (files the checks refuse), 2 when there is no base to compare with.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..load.corrections import LOG
from . import github
from .changes import (
    Changes,
    FigureChange,
    FigureEntry,
    ParagraphChange,
    RuleStatus,
    compare,
    pieces,
    read_version,
)

FOLDERS = ("data", "docs")  # what a version of the reports is; the engine is the current one
DEFAULT_BRANCHES = ("main", "origin/main")


class NoBase(Exception):
    """There is nothing to compare with; the message says why and what to do, in Chinese."""


@dataclass(frozen=True)
class Base:
    name: str  # as the editor named it, or how it was found
    commit: str


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)


def find_base(root: Path, ref: str | None) -> Base:
    """The commit to compare with: `ref`, or the merge base of HEAD with main."""
    if shutil.which("git") is None:
        raise NoBase("找不到 git：make diff 用 git 取出比较的版本。请先安装 git。")
    if _git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        raise NoBase("这个文件夹不是 git 仓库，没有可以比较的版本。make diff 要在用 git clone 得到的仓库中运行。")
    if ref is not None:
        ref = ref.strip()
        commit = _commit(root, ref) if ref and not ref.startswith("-") else None
        if commit is None:
            raise NoBase(f"找不到要比较的版本“{ref}”。BASE 写分支名、标签或提交号，如 make diff BASE=HEAD~1 "
                         "或 make diff BASE=main。")
        return Base(ref, commit)
    for branch in DEFAULT_BRANCHES:
        if _commit(root, branch) is None:
            continue
        found = _git(root, "merge-base", branch, "HEAD")
        if found.returncode == 0:
            return Base(f"{branch} 分支与当前提交的合并基础", found.stdout.decode().strip())
        raise NoBase(f"当前提交与 {branch} 没有共同的历史（或还没有任何提交），找不到比较的起点。"
                     "请用 make diff BASE=<分支或提交> 指定，如 make diff BASE=HEAD~1。")
    raise NoBase("这个仓库没有 main 分支，不知道从哪个版本比较起。请用 make diff BASE=<分支或提交> 指定，"
                 "如 make diff BASE=HEAD~1。")


def _commit(root: Path, ref: str) -> str | None:
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    return found.stdout.decode().strip() if found.returncode == 0 else None


def extract(root: Path, commit: str, into: Path) -> None:
    """The commit's data/ and docs/ into `into`: regular files and folders only. Anything else
    (a symbolic link) is left out; the checks of the current version refuse those anyway."""
    listed = _git(root, "ls-tree", "--name-only", commit, "--", *FOLDERS)
    present = [name for name in listed.stdout.decode("utf-8", "replace").splitlines() if name in FOLDERS]
    into.mkdir(parents=True, exist_ok=True)
    if not present:
        return
    archive = _git(root, "archive", "--format=tar", commit, "--", *present)
    if archive.returncode != 0:
        raise NoBase(f"无法从 git 取出版本 {commit[:12]} 的 {'、'.join(present)}："
                     f"{archive.stderr.decode('utf-8', 'replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        for member in tar.getmembers():
            name = PurePosixPath(member.name)
            if name.is_absolute() or ".." in name.parts or not name.parts or name.parts[0] not in FOLDERS:
                continue
            target = into.joinpath(*name.parts)
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
            elif member.isfile():
                source = tar.extractfile(member)
                if source is not None:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(source.read())


def main(root: Path, ref: str | None, environ: Mapping[str, str] = os.environ) -> int:
    try:
        base = find_base(root, ref)
        with tempfile.TemporaryDirectory(prefix="report-diff-") as folder:
            extract(root, base.commit, Path(folder))
            then = read_version(Path(folder))
        now = read_version(root)
    except NoBase as problem:
        print(problem, file=sys.stderr)
        return 2
    except OSError as problem:  # the temporary folder: no space, no permission
        print(f"无法在临时文件夹中取出比较的版本：{problem.strerror or problem}。", file=sys.stderr)
        return 2
    title = f"比较的版本：{base.name}（{base.commit[:12]}）；现在的版本：工作区中的文件（包括尚未提交的修改）"
    on_github = github.active(environ)
    unreadable = [name for name, version in (("比较的版本", then), ("现在的文件", now)) if version.refused]
    changes = None if unreadable else compare(then, now)
    with github.commands_stopped() if on_github else nullcontext():
        if changes is None:
            print(f"{title}：{'和'.join(unreadable)}中有检查拒绝的文件（符号链接、设备文件或过大的文件），"
                  "无法比较。运行 make check 查看。")
        else:
            print(f"{title}：\n")
            print(plain(changes))
        sys.stdout.flush()
    if on_github:
        blocks = [f"## 数字和正文的改变\n\n{github.text(title)}。"]
        blocks += ["无法比较：有检查拒绝的文件，见上面的“报告检查”。"] if changes is None else markdown(changes)
        trouble = github.append_summary(blocks, environ)
        if trouble:
            print(trouble, file=sys.stderr)
    return 1 if changes is None else 0


# Plain text, for the terminal and the log.

def plain(changes: Changes) -> str:
    if changes.empty:
        return "\n".join([*_problems(changes), "没有数字、核对规则或正文段落的改变。"])
    parts = list(_problems(changes))
    for report in changes.reports_added:
        parts.append(f"新增报告 {report.id}（{report.title}）：{report.figures} 个数字、{report.rules} 条核对规则、"
                     f"{report.pages} 个页面，全部是新内容，不逐项列出。")
    for report in changes.reports_removed:
        parts.append(f"删除报告 {report.id}（{report.title}）：原有 {report.figures} 个数字、"
                     f"{report.rules} 条核对规则、{report.pages} 个页面。")
    if changes.figures:
        parts.append(f"发布形式改变的数字（{len(changes.figures)} 个）：")
        parts += [_figure_text(change) for change in changes.figures]
    for title, entries in (("新增的数字", changes.added), ("删除的数字", changes.removed)):
        if entries:
            parts.append(f"{title}（{len(entries)} 个）：")
            parts += [f"  {e.report} {e.key}（{e.label}）= {e.form}，在 {e.location}；{_pages_text(e.pages)}"
                      for e in entries]
    if changes.rules:
        parts.append(f"核对规则的改变（{len(changes.rules)} 条）：")
        parts += [f"  {r.report} {r.id}（{r.description}）：{_status_text(r)}，在 {r.location}" for r in changes.rules]
    if changes.paragraphs:
        parts.append(f"正文段落的改变（{len(changes.paragraphs)} 段；[-删去的-]{{+加上的+}}）：")
        parts += [_paragraph_text(p) for p in changes.paragraphs]
    return "\n".join(parts)


def _problems(changes: Changes) -> list[str]:
    notes = []
    if changes.head_errors:
        notes.append(f"注意：现在的文件有 {changes.head_errors} 个检查问题（make check 列出），"
                     "有错误的数字和规则不在比较之内。")
    if changes.base_errors:
        notes.append(f"注意：比较的版本有 {changes.base_errors} 个检查问题，有错误的数字和规则不在比较之内。")
    return notes


def correction_text(change: FigureChange) -> str:
    """The corrections.yaml entries that record the change, or what is missing."""
    if change.corrections:
        entries = "；".join(f"{c.location}（{c.old} → {c.new}，{c.date}：{c.reason}）" for c in change.corrections)
        last = change.corrections[-1]
        mismatch = "" if last.new == change.after else \
            f"；最后一条更正为 {last.new}，与现在的写法不一致（见 make check）"
        return f"更正记录：{entries}{mismatch}"
    if change.recorded:
        return (f"没有更正记录：报告已经发布，改动已发布的数字要在 data/{change.report}/{LOG} 中加一条更正"
                "（见 CONTRIBUTING.md“记录更正”）")
    return "报告尚未发布（没有发布记录），不需要更正记录"


def _status_text(status: RuleStatus) -> str:
    if status.before is None:
        return f"新增，{status.after}"
    if status.after is None:
        return f"删除（原为{status.before}）"
    moved = status.before if status.before == status.after else f"{status.before} → {status.after}"
    return f"{moved}（规则内容改变）" if status.redefined else moved


def _rule_name(status: RuleStatus, change: FigureChange) -> str:
    """The rule's id, with its report when it is another's (a following year's `change` rule)."""
    return status.id if status.report == change.report else f"{status.report} {status.id}"


def _pages_text(pages: tuple[str, ...]) -> str:
    return f"引用于 {'、'.join(pages)}" if pages else "没有页面引用"


def _figure_text(change: FigureChange) -> str:
    rules = "；".join(f"{_rule_name(r, change)}（{r.description}）{_status_text(r)}" for r in change.rules) \
        or "没有核对规则"
    return "\n".join([
        f"  {change.report} {change.key}（{change.label}）：{change.before} → {change.after}，在 {change.location}",
        f"    {correction_text(change)}",
        f"    核对规则：{rules}",
        f"    {_pages_text(change.pages)}",
    ])


def _paragraph_text(change: ParagraphChange) -> str:
    where = f"  docs/{change.page}:{change.line}"
    if change.before is None:
        return f"{where} 新增：\n    {_indent(change.after or '')}"
    if change.after is None:
        return f"  docs/{change.page}（改前的第 {change.line} 行）删除：\n    {_indent(change.before)}"
    marked = "".join(text if op == "=" else f"[-{text}-]" if op == "-" else f"{{+{text}+}}"
                     for op, text in pieces(change.before, change.after))
    return f"{where} 改变：\n    {_indent(marked)}"


def _indent(text: str) -> str:
    return text.replace("\n", "\n    ")


# Markdown tables, for the job summary: every cell escaped (github.text).

def markdown(changes: Changes) -> list[str]:
    t = github.text
    blocks = [t(line) for line in _problems(changes)]
    if changes.empty:
        return [*blocks, "没有数字、核对规则或正文段落的改变。"]
    whole = [(f"新增报告 {r.id}", r) for r in changes.reports_added] + \
        [(f"删除报告 {r.id}", r) for r in changes.reports_removed]
    if whole:
        blocks.append("### 新增或删除的报告\n\n" + github.table(
            ["报告", "标题", "数字", "核对规则", "页面"],
            [[t(what), t(r.title), str(r.figures), str(r.rules), str(r.pages)] for what, r in whole]))
    if changes.figures:
        blocks.append(f"### 发布形式改变的数字（{len(changes.figures)} 个）\n\n" + github.table(
            ["报告", "键", "名称", "改前", "改后", "更正记录", "核对规则", "引用于"],
            [[t(c.report), t(c.key), t(c.label), t(c.before), t(c.after), t(correction_text(c)),
              "<br>".join(f"{t(_rule_name(r, c))}：{t(_status_text(r))}" for r in c.rules) or "没有核对规则",
              "<br>".join(t(page) for page in c.pages) or "没有页面引用"] for c in changes.figures]))
    for title, entries in (("新增的数字", changes.added), ("删除的数字", changes.removed)):
        if entries:
            blocks.append(f"### {title}（{len(entries)} 个）\n\n" + _entries_table(entries))
    if changes.rules:
        blocks.append(f"### 核对规则的改变（{len(changes.rules)} 条）\n\n" + github.table(
            ["报告", "规则", "说明", "改前", "改后", "位置"],
            [[t(r.report), t(r.id), t(r.description), t(r.before or "（没有这条规则）"),
              t((r.after or "（已删除）") + ("（规则内容改变）" if r.redefined else "")), t(r.location)]
             for r in changes.rules]))
    if changes.paragraphs:
        blocks.append(f"### 正文段落的改变（{len(changes.paragraphs)} 段）\n\n删去的文字划线，加上的文字加下划线。\n\n"
                      + github.table(["页面", "行", "改变", "段落"],
                                     [_paragraph_row(p) for p in changes.paragraphs]))
    return blocks


def _entries_table(entries: list[FigureEntry]) -> str:
    t = github.text
    return github.table(["报告", "键", "名称", "发布形式", "位置", "引用于"],
                        [[t(e.report), t(e.key), t(e.label), t(e.form), t(e.location),
                          "<br>".join(t(page) for page in e.pages) or "没有页面引用"] for e in entries])


def _paragraph_row(change: ParagraphChange) -> list[str]:
    t = github.text
    if change.before is None:
        return [t(f"docs/{change.page}"), str(change.line), "新增", t(change.after)]
    if change.after is None:
        return [t(f"docs/{change.page}"), f"{change.line}（改前）", "删除", f"<del>{t(change.before)}</del>"]
    marked = "".join(t(text) if op == "=" else f"<del>{t(text)}</del>" if op == "-" else f"<ins>{t(text)}</ins>"
                     for op, text in pieces(change.before, change.after))
    return [t(f"docs/{change.page}"), str(change.line), "改变", marked]


if __name__ == "__main__":
    sys.exit(main(Path.cwd(), sys.argv[1] if len(sys.argv) > 1 else os.environ.get("BASE") or None))
