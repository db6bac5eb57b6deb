"""The hostile-input corpus: each attack on a copy of the project makes `make site` fail with a clear
message naming file and line, and leaves the previous site/ exactly as it was, payload-free."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Build, add_to_nav, edit
from tests.hostile import files_containing, make_site, snapshot

REPORT = "dongli-emergency/2022"
CHAPTER = f"docs/{REPORT}/3-next-steps.md"
FIGURES = f"data/{REPORT}/figures.yaml"
META = f"data/{REPORT}/report.yaml"
PAYLOAD = "PWNED"  # every attack carries it; no file of the site may


def insert(text: str) -> Callable[[Path], None]:
    """Append `text` to line 7 of the chapter."""
    return lambda project: edit(project / CHAPTER, "夯实依法行政的基础。", f"夯实依法行政的基础。{text}")


def prepend(text: str) -> Callable[[Path], None]:
    def attack(project: Path) -> None:
        path = project / CHAPTER
        path.write_text(text + path.read_text("utf-8"), "utf-8")
    return attack


def replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda project: edit(project / path, old, new)


def write(path: str, content: str | bytes) -> Callable[[Path], None]:
    def attack(project: Path) -> None:
        target = project / path
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, "utf-8")
    return attack


def symlink(path: str, target: str) -> Callable[[Path], None]:
    return lambda project: (project / path).symlink_to(target)


def outside_file(path: str) -> Callable[[Path], None]:
    """A link from `path` to a file beside the project, holding the payload."""
    def attack(project: Path) -> None:
        secret = project.parent / "secret.md"
        secret.write_text(f"# {PAYLOAD}\n", "utf-8")
        (project / path).unlink(missing_ok=True)
        (project / path).symlink_to(secret)
    return attack


def retitle(heading: str) -> Callable[[Path], None]:
    """Replace the chapter's title (its first line)."""
    return replace(CHAPTER, "# 三、下一步工作计划", heading)


def new_page(name: str, content: str) -> Callable[[Path], None]:
    """A new page of the report, in the nav as a maintainer would add it."""
    def attack(project: Path) -> None:
        (project / "docs" / REPORT / name).write_text(content, "utf-8")
        add_to_nav(project, "附", [f"{REPORT}/{name}"])
    return attack


def fifo(project: Path) -> None:
    os.mkfifo(project / "docs" / f"{PAYLOAD}.md")


LINE7 = f"{CHAPTER}:7: 页面错误："
TITLE = f"{CHAPTER}:1: 页面错误：标题"
ALIASES = "a: &a [" + ",".join(["PWNED"] * 9) + "]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))

ATTACKS = [
    # Template code: shell commands, secrets, configuration, shared data, includes.
    pytest.param(insert("{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}"),
                 LINE7 + "不允许的模板代码", id="shell-command"),
    pytest.param(insert("{{ cycler.__init__.__globals__.os.environ['PWNED'] }}"),
                 LINE7 + "不允许的模板代码", id="environment-secrets"),
    pytest.param(insert("{{ config }}PWNED"), LINE7 + "不允许的模板代码", id="config"),
    pytest.param(insert("{% set _ = figures.x.update({'value': 'PWNED'}) %}"),
                 LINE7 + "不允许的模板代码", id="set-shared-data"),
    pytest.param(insert('{% include "../mkdocs.yml" %}PWNED'), LINE7 + "不允许的模板代码", id="include"),
    pytest.param(insert('{% import "index.md" as PWNED %}'), LINE7 + "不允许的模板代码", id="import"),
    pytest.param(insert('{{ fig("enforcement.cases.total"|replace("a", "PWNED")) }}'),
                 LINE7 + "不允许的模板代码", id="filter-in-argument"),
    # Scriptable or redirecting HTML.
    pytest.param(insert("<script>alert('PWNED')</script>"), LINE7 + "不允许的 HTML “<script>”", id="script"),
    pytest.param(insert("<img src=x onerror=alert('PWNED')>"), LINE7 + "不允许的 HTML “<img", id="onerror"),
    pytest.param(insert("<iframe src='https://PWNED.example'></iframe>"), LINE7 + "不允许的 HTML “<iframe",
                 id="iframe"),
    pytest.param(insert('<meta http-equiv="refresh" content="0;url=https://PWNED.example">'),
                 LINE7 + "不允许的 HTML “<meta", id="meta-refresh"),
    pytest.param(insert("<object data='PWNED.swf'></object>"), LINE7 + "不允许的 HTML “<object", id="object"),
    pytest.param(insert("<embed src='PWNED.swf'>"), LINE7 + "不允许的 HTML “<embed", id="embed"),
    pytest.param(insert("<base href='https://PWNED.example/'>"), LINE7 + "不允许的 HTML “<base", id="base"),
    pytest.param(insert("<form action='https://PWNED.example'><input name=p></form>"),
                 LINE7 + "不允许的 HTML “<form", id="form"),
    pytest.param(insert("<style>body{display:none}/*PWNED*/</style>"), LINE7 + "不允许的 HTML “<style>”",
                 id="style"),
    pytest.param(insert("<link rel=stylesheet href='https://PWNED.example/x.css'>"),
                 LINE7 + "不允许的 HTML “<link", id="link"),
    pytest.param(insert("<sup onclick=alert('PWNED')>x</sup>"), LINE7 + "不允许的 HTML “<sup onclick",
                 id="on-attribute-on-allowed-tag"),
    pytest.param(insert("<svg><animate onbegin=alert('PWNED')></svg>"), LINE7 + "不允许的 HTML “<svg>”",
                 id="svg"),
    pytest.param(insert("<!-- PWNED -->"), LINE7 + "不允许的 HTML “<!-- PWNED -->”", id="comment"),
    pytest.param(insert("[点此](javascript:alert('PWNED'))"), LINE7 + "不允许的“javascript:”链接",
                 id="javascript-link"),
    pytest.param(insert("[点此](JavaScript&#58;alert('PWNED'))"), LINE7 + "不允许的“javascript:”链接",
                 id="javascript-link-entity"),
    pytest.param(insert("[点此](java\nscript:alert('PWNED'))"), LINE7 + "不允许的“javascript:”链接",
                 id="javascript-link-line-break"),
    pytest.param(insert("[点此][x]\n\n[x]:\n  &#x6A;avascript:alert('PWNED')"),
                 f"{CHAPTER}:10: 页面错误：不允许的“javascript:”链接", id="javascript-reference"),
    pytest.param(insert("![图](data:text/html;base64,PWNED)"), LINE7 + "不允许的“data:”链接", id="data-url"),
    pytest.param(insert("点此{: onclick=\"alert('PWNED')\" }"), LINE7 + "不允许的属性列表", id="attribute-list"),
    # Links that leave the site but by https://, images from other sites.
    pytest.param(insert("[点此](http://PWNED.example/)"), LINE7 + "不允许的链接地址“http://PWNED.example/”",
                 id="http-link"),
    pytest.param(insert("[点此](//PWNED.example/)"), LINE7 + "不允许的链接地址“//PWNED.example/”",
                 id="protocol-relative-link"),
    pytest.param(insert("[点此][p]\n\n[p]: http://PWNED.example/"),
                 f"{CHAPTER}:9: 页面错误：不允许的链接地址“http://PWNED.example/”", id="http-reference-definition"),
    pytest.param(insert("<http://PWNED.example/>"), LINE7 + "不允许的链接“<http://PWNED.example/>”",
                 id="http-autolink"),
    pytest.param(insert("![图](https://PWNED.example/a.png)"), LINE7 + "不允许的图片地址“https://PWNED.example/a.png”",
                 id="remote-image"),
    pytest.param(replace(META, "body: 东丽区应急管理局", "body: 东丽区应急管理局[PWNED](http://e.example/)"),
                 f"{META}:3: 数据错误：不允许的链接地址“http://e.example/”", id="http-link-in-data"),
    pytest.param(replace(META, "title: 东丽", "title: <script>PWNED</script>东丽"),
                 f"{META}:4: 数据错误：不允许的 HTML “<script>”", id="html-in-data"),
    # Files: links out of the repository, special files, files that run in a browser, sizes.
    pytest.param(symlink("docs/x.txt", "/proc/self/environ"),
                 "docs/x.txt:1: 文件错误：这是指向“/proc/self/environ”的符号链接", id="symlink-environ"),
    pytest.param(outside_file("docs/secret.md"), "docs/secret.md:1: 文件错误：这是指向", id="symlink-page"),
    pytest.param(symlink("docs/etc", "/etc"), "docs/etc:1: 文件错误：这是指向“/etc”的符号链接",
                 id="symlink-folder"),
    pytest.param(outside_file(f"data/{REPORT}/terms.txt"), f"data/{REPORT}/terms.txt:1: 文件错误：这是指向",
                 id="symlink-data"),
    pytest.param(fifo, f"docs/{PAYLOAD}.md:1: 文件错误：这不是普通文件", id="fifo"),
    pytest.param(write("docs/PWNED.html", "<script>alert(1)</script>"),
                 "docs/PWNED.html:1: 文件错误：网站不发布“.html”类型的文件", id="html-file"),
    pytest.param(write("docs/PWNED.svg", "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
                 "docs/PWNED.svg:1: 文件错误：网站不发布“.svg”类型的文件", id="svg-file"),
    pytest.param(write("docs/PWNED.js", "alert(1)"), "docs/PWNED.js:1: 文件错误", id="script-file"),
    pytest.param(write(f"docs/{REPORT}/pwned.md", "# 大\n\n" + "很长的正文。" * 200_000),
                 f"docs/{REPORT}/pwned.md:1: 文件错误：文件过大", id="huge-chapter"),
    pytest.param(write(f"docs/{REPORT}/pwned.md", "# 标题\n\n编码错误".encode("gbk")),
                 f"docs/{REPORT}/pwned.md:1: 文件错误：文件不是 UTF-8 编码", id="not-utf8"),
    # YAML: language tags, duplicate keys, alias bombs, nesting, size.
    pytest.param(write(FIGURES, "x: !!python/object/apply:os.system ['touch PWNED']\n"),
                 f"{FIGURES}:1: 数据错误：不允许的 YAML 标签", id="yaml-python-tag"),
    pytest.param(replace(FIGURES, "enforcement.reviews:", "enforcement.disclosures:"),
                 "数据错误：键“enforcement.disclosures”重复", id="yaml-duplicate-key"),
    pytest.param(write(FIGURES, ALIASES), f"{FIGURES}:1: 数据错误：不支持 YAML 锚点和别名", id="yaml-billion-laughs"),
    pytest.param(write(FIGURES, "a:\n  <<: {value: 1}\n"), f"{FIGURES}:2: 数据错误：不支持 YAML 合并键",
                 id="yaml-merge"),
    pytest.param(write(FIGURES, "[" * 5000 + "PWNED" + "]" * 5000),
                 f"{FIGURES}:1: 数据错误：YAML 格式错误：嵌套层数过多", id="yaml-deep-nesting"),
    pytest.param(write(FIGURES, "# PWNED\n" * 400_000), f"{FIGURES}:1: 文件错误：文件过大", id="yaml-huge"),
    # Front matter: variables that would shadow a figure or switch rendering off.
    pytest.param(prepend("---\nfig: PWNED\n---\n"), f"{CHAPTER}:1: 页面错误：页面开头不能写元数据",
                 id="front-matter-shadows-figure"),
    pytest.param(prepend("render_macros: false\nPWNED: 1\n\n"), f"{CHAPTER}:1: 页面错误：页面开头不能写元数据",
                 id="front-matter-multimarkdown"),
    # Titles: a heading is shown in <title>, the nav, the header and the search results.
    pytest.param(retitle("# 说明 &lt;/title&gt;&lt;script&gt;alert('PWNED')&lt;/script&gt;"),
                 TITLE + "“# 说明 &lt;/title&gt;&lt;script&gt;alert('PWNED')", id="title-entities"),
    pytest.param(retitle("# 说明 &#60;/title&#62;&#60;script&#62;alert('PWNED')"), TITLE, id="title-numeric-entities"),
    pytest.param(retitle("# 说明 &#x3C;/title&#x3E;&#x3c;script&#x3e;alert('PWNED')"), TITLE, id="title-hex-entities"),
    pytest.param(retitle("# 说明 &lt/title&gt&ltscript&gtalert('PWNED')"), TITLE, id="title-entities-no-semicolon"),
    pytest.param(retitle("# 说明 &amp;lt;script&amp;gt;PWNED"), TITLE, id="title-double-escaped"),
    pytest.param(retitle("# 说明 </title><script>alert('PWNED')</script>"), TITLE + "“# 说明 </title><script>",
                 id="title-raw-markup"),
    pytest.param(retitle("# 说明 1 < 2 PWNED"), TITLE + "“# 说明 1 < 2 PWNED”里有“<”", id="title-less-than"),
    pytest.param(retitle("## 说明 &lt;/title&gt;&lt;script&gt;PWNED"), TITLE, id="sub-heading-as-title"),
    pytest.param(retitle("说明 &lt;/title&gt;&lt;script&gt;PWNED\n==="), TITLE, id="underlined-title"),
    pytest.param(retitle("> # 说明 &lt;/title&gt;&lt;script&gt;PWNED"), TITLE, id="title-in-quote"),
    pytest.param(insert("\n\n### 小节 &lt;script&gt;PWNED"), f"{CHAPTER}:9: 页面错误：标题", id="section-heading"),
    pytest.param(new_page("4-notes.md", "# 说明 &lt;/title&gt;&lt;script&gt;alert('PWNED')&lt;/script&gt;\n"),
                 f"docs/{REPORT}/4-notes.md:1: 页面错误：标题", id="title-of-a-new-page"),
    # File names: part of URLs, and the title of a page without a heading.
    pytest.param(new_page("<img src=x onerror=alert('PWNED')>.md", "正文\n"),
                 f"docs/{REPORT}/<img src=x onerror=alert('PWNED')>.md:1: 文件错误：文件名“<img src=x onerror=",
                 id="markup-name"),
    pytest.param(new_page("x\u202edm.PWNED.md", "# 说明\n"), f"docs/{REPORT}/x\\u202edm.PWNED.md:1: 文件错误：文件名",
                 id="bidi-name"),
    pytest.param(write("docs/notes.MD", "<script>alert('PWNED')</script>"),
                 "docs/notes.MD:1: 文件错误：文件名“notes.MD”不符合规则：后缀“.MD”要小写", id="upper-case-suffix"),
    pytest.param(write("docs/.pwned.md", "# PWNED\n"), "docs/.pwned.md:1: 文件错误：“.pwned.md”是隐藏的文件",
                 id="hidden-page"),
    pytest.param(write(f"docs/{REPORT}/说明 PWNED.md", "# 说明\n"), f"docs/{REPORT}/说明 PWNED.md:1: 文件错误：文件名",
                 id="non-ascii-name"),
    pytest.param(write(f"docs/{REPORT}/pwned.md.html", "<script>alert(1)</script>"),
                 f"docs/{REPORT}/pwned.md.html:1: 文件错误：网站不发布“.html”类型的文件", id="double-suffix"),
    # Pages outside the nav: published, yet nowhere in the report's structure.
    pytest.param(write(f"docs/{REPORT}/pwned.md", "# 附\n\nPWNED\n"),
                 f"docs/{REPORT}/pwned.md:1: 页面错误：这个页面不在 mkdocs.yml 的目录（nav）中", id="page-outside-nav"),
    pytest.param(replace("mkdocs.yml", "      - 打印版: ", '      - "打印版&lt;script&gt;PWNED": '),
                 "目录错误：目录中的标题“打印版&lt;script&gt;PWNED”有“<”“>”或“&”", id="nav-title-entities"),
    # Page macros off their own pages: a printable copy in a chapter copied itself without end.
    pytest.param(insert("{{ printable_copy() }}PWNED"),
                 LINE7 + f"“{{{{ printable_copy() }}}}”只能用在报告的打印版页（docs/{REPORT}/print.md）",
                 id="printable-copy-in-chapter"),
    pytest.param(replace("docs/index.md", "{{ reports() }}", "{{ reports() }}{{ report_meta() }}PWNED"),
                 "docs/index.md:7: 页面错误：“{{ report_meta() }}”只能用在报告的首页", id="report-meta-on-home-page"),
    pytest.param(replace("docs/corrections.md", "{{ correction_log() }}", "{{ correction_log() }}{{ reports() }}"),
                 "docs/corrections.md:3: 页面错误：“{{ reports() }}”只能用在网站首页", id="reports-on-log-page"),
    # Characters a reviewer cannot see, digits that look like others.
    pytest.param(insert("\u202ePWNED\u202c"), LINE7 + "这一行有看不见的字符：U+202C（文字方向控制符）、U+202E",
                 id="bidi-override"),
    pytest.param(insert("共\u200b计PWNED"), LINE7 + "这一行有看不见的字符：U+200B（零宽字符）", id="zero-width"),
    pytest.param(insert("共１２３件PWNED"), LINE7 + "正文里直接写了数字“１２３”", id="full-width-digits-in-page"),
    pytest.param(insert("共𝟗𝟗件PWNED"), LINE7 + "正文里直接写了数字“𝟗𝟗”", id="mathematical-digits-in-page"),
    pytest.param(insert("罚款١٢٣万元PWNED"), LINE7 + "正文里直接写了数字“١٢٣”", id="arabic-indic-digits-in-page"),
    pytest.param(insert("开展²⁵场次PWNED"), LINE7 + "正文里直接写了数字“²⁵”", id="superscript-digits-in-page"),
    pytest.param(replace("docs/index.md", "经过自动核对。", "经过自动核对，共71件PWNED。"),
                 "docs/index.md:3: 页面错误：正文里直接写了数字“71”", id="digits-on-the-home-page"),
    pytest.param(replace(FIGURES, "value: 955.61", "value: ９５５.６１"),
                 "数据错误：“value”应为数字，实际是文字“９５５.６１”", id="full-width-digits-in-data"),
]


@pytest.mark.site
@pytest.mark.parametrize(("attack", "message"), ATTACKS)
def test_make_site_refuses_the_attack_and_keeps_the_previous_site(
    project: Path, site: Build, attack: Callable[[Path], None], message: str,
) -> None:
    shutil.copytree(site.site, project / "site")
    before = snapshot(project / "site")
    attack(project)
    result = make_site(project)
    assert result.returncode != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert "网站未更新" in result.output
    assert snapshot(project / "site") == before
    assert files_containing(project / "site", PAYLOAD) == []
    assert not (project / ".site-new").exists()
    assert not (project / PAYLOAD).exists()


def test_a_file_name_cannot_forge_a_line_of_the_log(project: Path) -> None:
    forged = "网站已生成：PWNED"  # what make site prints when it built the site
    (project / "docs" / REPORT / f"x\n{forged}.md").write_text("# 说明\n", "utf-8")
    result = make_site(project)
    assert result.returncode != 0
    assert f"docs/{REPORT}/x\\n{forged}.md:1: 文件错误：文件名" in result.output
    assert not [line for line in result.output.splitlines() if line.startswith(forged)]
