"""The search index (macros/render/search.py) on small pages: which blocks it holds, how they are
numbered (as the browser counts them), how text is matched, and the files it writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from macros.render import search
from tests.conftest import Build, build, copy_project
from tests.html_tree import tree_blocks

ARTICLE = """<html><body><nav><ul><li>导航不是正文</li></ul></nav>
<article class="md-content__inner md-typeset">
<h1 id="_1">一、工作</h1>
<p>处罚金额<a class="fig" href="#x"><data value="955.61" title="金额">955.61万元</data></a>，
其中行政处罚<br>54件。</p>
<ul><li><p>松散的列表项</p></li><li>紧凑的列表项</li></ul>
<table><caption>数字</caption><thead><tr><th>名称</th><th>发布形式</th></tr></thead>
<tbody><tr id="fig-a"><td>行政处罚金额<br><code>enforcement.<wbr>penalties</code></td><td>955.61万元</td></tr></tbody>
</table>
</article><footer><p>页脚</p></footer></body></html>"""


@pytest.mark.unit
def test_blocks_are_the_articles_paragraphs_items_headings_and_rows_numbered_as_the_browser_counts() -> None:
    found = search.blocks(ARTICLE)
    # Every h1–h6, p, li, tr, dt, dd and caption of the article is counted, held or not: the empty
    # outer <li> (1 4), the header row (6) and the cells' keys are not held.
    assert [(b.ordinal, b.text) for b in found] == [
        (0, "一、工作"),
        (1, "处罚金额955.61万元， 其中行政处罚54件。"),
        (3, "松散的列表项"),
        (4, "紧凑的列表项"),
        (5, "数字"),
        (7, "行政处罚金额 955.61万元"),
    ]
    assert {b.section for b in found} == {0}
    assert "enforcement" not in " ".join(b.text for b in found)  # a figure's key is not text of the report


@pytest.mark.unit
def test_matching_ignores_white_space_width_and_case() -> None:
    assert search.normalized("９５５．６１ 万元\n") == "955.61万元"
    assert search.normalized("ＡＢｃ") == "abc"
    assert search.bigrams("处罚金额") == {"处罚", "罚金", "金额", "额" + search.END}


@pytest.mark.unit
def test_the_index_is_sharded_and_written_the_same_each_time(tmp_path: Path) -> None:
    site = tmp_path / "site"
    pages = [search.Page(blocks=search.blocks(ARTICLE), url="a/", title="一、工作", report="r/2022")]
    counts = search.write_index(site, pages, ["行政处罚", "行政处罚"])
    assert counts == {"pages": 1, "blocks": 6, "shards": 1}
    meta = json.loads((site / "search" / "pages.json").read_text("utf-8"))
    assert meta == {"shards": 1, "pages": [["a/", "一、工作", "r/2022", 0], ["", "", "", 6]], "terms": ["行政处罚"]}
    shard = json.loads((site / "search" / "shards" / "0.json").read_text("utf-8"))
    assert shard["处罚"] == [1, 4]  # blocks 1 and 5, delta-coded
    first = {path: path.read_bytes() for path in sorted((site / "search").rglob("*.json"))}
    search.write_index(site, pages, ["行政处罚"])
    assert {path: path.read_bytes() for path in sorted((site / "search").rglob("*.json"))} == first


def _article(body: str) -> str:
    return (f'<html><body><p>页头</p><article class="md-content__inner md-typeset">{body}</article>'
            "<p>页脚</p></body></html>")


# What the one-pass reading could get wrong: tags it passes over, markup that is not markup, odd forms.
READINGS = [
    pytest.param('<p>共<a href="#x" title="a > b &lt;p&gt;"><data value="1">71</data></a>件</p>',
                 id="attribute-with-gt"),
    pytest.param("<p>甲<span title='<p>不是段落</p>'>乙</span>丙</p><p>丁</p>", id="tag-in-attribute"),
    pytest.param("<p>甲<!-- <p>注释</p> -->乙</p><!-- </article> --><p>丙</p>", id="comment"),
    pytest.param("<p>甲</p><script>if (a<b) { x = '<p>不是段落</p>'; }</script><p>乙</p>", id="script"),
    pytest.param("<style>p::after { content: '<li>' }</style><li>甲</li>", id="style"),
    pytest.param("<P>大写</P><LI>项</LI><Td>格</Td>", id="upper-case"),
    pytest.param("<p>甲<svg/>乙</p><p>丙<p/>丁</p>", id="self-closing"),
    pytest.param("<ul><li><p>松散</p>项</li><li>紧凑</li></ul><dl><dt>词</dt><dd>释义</dd></dl>", id="nested"),
    pytest.param("<table><caption>表</caption><thead><tr><th>甲</th></tr></thead><tbody><tr><td>一</td>"
                 "<td>二<br>三</td><th scope=row>四</th></tr></tbody></table>", id="table"),
    pytest.param("<p>&lt;p&gt; 1 &lt; 2 &amp;&nbsp;&#20849;&#x8BA1; 　全角空格</p><p> \n </p>",
                 id="entities-and-space"),
    pytest.param("<h2>一</h2><p>甲<code>key.<wbr>name</code>乙<pre><p>代码</p></pre></p><h3>二</h3><p>丙</p>",
                 id="skipped"),
    pytest.param("<p>甲<button>按钮</button><template><p>模板</p></template>乙</p>", id="button-template"),
    pytest.param("<p>没有结束", id="unclosed"),
    pytest.param("<p>甲</p><![CDATA[<p>x</p>]]><?pi <p>?><!DOCTYPE x><p>乙</p>", id="declarations"),
]


@pytest.mark.unit
@pytest.mark.parametrize("body", READINGS)
def test_blocks_read_odd_markup_as_pythons_html_parser_does(body: str) -> None:
    html = _article(body)
    assert search.blocks(html) == tree_blocks(html)
    assert search.blocks(html), "every case has a block to read"


@pytest.mark.unit
def test_a_page_without_the_article_has_no_blocks() -> None:
    assert search.blocks("<html><body><p>页面</p></body></html>") == tree_blocks("<p>页面</p>") == []


def test_blocks_read_every_page_of_the_built_site_as_pythons_html_parser_does(site: Build) -> None:
    pages = sorted(site.site.rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text("utf-8")
        assert search.blocks(html) == tree_blocks(html), page.relative_to(site.site)


def _indexed_text(site: Path) -> dict[str, str]:
    """Each indexed page's address with its blocks' file."""
    folder = site / search.FOLDER
    listed = json.loads((folder / "pages.json").read_text("utf-8"))["pages"][:-1]
    return {url: (folder / "text" / f"{number}.json").read_text("utf-8") for number, (url, *_) in enumerate(listed)}


@pytest.mark.site
def test_a_dirty_build_indexes_the_pages_it_did_not_render_as_they_were_written(tmp_path: Path) -> None:
    # `mkdocs build --dirty` renders only the pages whose files are newer than their HTML: the others'
    # blocks are read from the pages written before. (Such a build fails all the same, on MkDocs' warning
    # that it is for development, mkdocs.yml being strict; the pages it did not read, the print pages
    # among them, are not known to be print pages, and are indexed too.)
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert build(project, site).returncode == 0
    whole = _indexed_text(site)
    (site / search.FOLDER / "pages.json").unlink()
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty", "--site-dir", str(site)],
                         cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True,
                         check=False)
    assert "Traceback" not in run.stdout + run.stderr
    dirty = _indexed_text(site)
    assert {url: dirty.get(url) for url in whole} == whole
