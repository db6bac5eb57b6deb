"""The search index (macros/render/search.py) on small pages: which blocks it holds, how they are
numbered (as the browser counts them), how text is matched, and the files it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macros.render import search

pytestmark = pytest.mark.unit

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


def test_matching_ignores_white_space_width_and_case() -> None:
    assert search.normalized("９５５．６１ 万元\n") == "955.61万元"
    assert search.normalized("ＡＢｃ") == "abc"
    assert search.bigrams("处罚金额") == {"处罚", "罚金", "金额", "额" + search.END}


def test_the_index_is_sharded_and_written_the_same_each_time(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(ARTICLE, encoding="utf-8")
    pages = [search.Page(html=site / "a" / "index.html", url="a/", title="一、工作", report="r/2022")]
    counts = search.write_index(site, pages, ["行政处罚", "行政处罚"])
    assert counts == {"pages": 1, "blocks": 6, "shards": 1}
    meta = json.loads((site / "search" / "pages.json").read_text("utf-8"))
    assert meta == {"shards": 1, "pages": [["a/", "一、工作", "r/2022", 0], ["", "", "", 6]], "terms": ["行政处罚"]}
    shard = json.loads((site / "search" / "shards" / "0.json").read_text("utf-8"))
    assert shard["处罚"] == [1, 4]  # blocks 1 and 5, delta-coded
    first = {path: path.read_bytes() for path in sorted((site / "search").rglob("*.json"))}
    search.write_index(site, pages, ["行政处罚"])
    assert {path: path.read_bytes() for path in sorted((site / "search").rglob("*.json"))} == first
