"""Search at district scale (issue 15): what a reader downloads for search when a page opens and on
the first search, and the time to index, for the site's own search (macros/render/search.py) against
Material + jieba, the search before it (the typed-in twin keeps it).

The first search is what overrides/javascripts/search.js fetches for a query typed on a chapter of
the first report: pages.json, the shards of the query's characters, then the text of the pages of
the results it shows, slice by slice as it does, until a page of results holds the query; the
largest over QUERIES counts. Bytes are gzip at GZIP_LEVEL, each file once.
"""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

from macros.render import search

GZIP_LEVEL = 6
QUERIES = ("行政处罚", "法律顾问", "夜间电话点名", "处罚金额", "防汛", "应急预案", "持证", "合同审核", "自建房",
           "没收违法所得", "专项应急预案", "值班值守", "1553", "23111", "86.1%", "955.61万元", "的", "安全生产")
PAGE = 20  # results shown at a time (search.js: PAGE)
CHECKED = 400  # blocks read at most for one query (search.js: CHECKED)


def _gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0))


def _decode(deltas: list[int]) -> list[int]:
    numbers, number = [], 0
    for delta in deltas:
        number += delta
        numbers.append(number)
    return numbers


def first_search(site: Path, query: str, here: str) -> set[str]:
    """The files search.js fetches for the query on a page of report `here`."""
    folder = site / search.FOLDER
    meta = json.loads((folder / "pages.json").read_text("utf-8"))
    pages, shards = meta["pages"], meta["shards"]
    fetched = {"pages.json"}

    def shard(char: str) -> dict[str, list[int]]:
        fetched.add(f"shards/{ord(char) % shards}.json")
        return json.loads((folder / f"shards/{ord(char) % shards}.json").read_text("utf-8"))

    words = [search.normalized(part) for part in query.split()]
    found: set[int] | None = None
    for word in filter(None, words):
        if len(word) == 1:
            blocks = {n for pair, deltas in shard(word).items() if pair[0] == word for n in _decode(deltas)}
        else:
            lists = [set(_decode(shard(word[i]).get(word[i:i + 2], []))) for i in range(len(word) - 1)]
            blocks = set.intersection(*lists)
        found = blocks if found is None else found & blocks
    starts = [page[3] for page in pages]

    def page_of(block: int) -> int:
        return max(i for i, start in enumerate(starts[:-1]) if start <= block)

    ordered = sorted(((n, page_of(n)) for n in found or ()), key=lambda np: (pages[np[1]][2] != here, np[0]))
    results = 0
    for start in range(0, min(len(ordered), CHECKED), PAGE):
        if results >= PAGE:
            break
        for block, page in ordered[start:start + PAGE]:
            fetched.add(f"text/{page}.json")
            text = json.loads((folder / f"text/{page}.json").read_text("utf-8"))[block - starts[page]][2]
            results += all(word in search.normalized(text) for word in words)
    return fetched


def ours(site: Path, here: str, runs: int) -> dict:
    """The site's own search in a built site: bytes on page open, on the first search, indexing time."""
    folder = site / search.FOLDER
    per_query = {}
    for query in QUERIES:
        files = first_search(site, query, here)
        per_query[query] = sum(_gzipped(folder / name) for name in files)
    meta = json.loads((folder / "pages.json").read_text("utf-8"))
    seconds = []
    for _ in range(runs):  # as the build indexes: each page's blocks read from its HTML, then the files
        start = time.perf_counter()
        pages = [search.Page(blocks=search.blocks((site / url / "index.html").read_text("utf-8")), url=url,
                             title=title, report=report) for url, title, report, _ in meta["pages"][:-1]]
        search.write_index(site, pages, meta["terms"])
        seconds.append(time.perf_counter() - start)
    files = [path for path in folder.rglob("*.json")]
    return {
        "open_bytes": 0,  # no search file is fetched when a page opens (tests/test_browser_search.py)
        "script_bytes": _gzipped(site / "javascripts" / "search.js"),
        "first_search_bytes": max(per_query.values()),
        "first_search_query": max(per_query, key=per_query.__getitem__),
        "per_query_bytes": per_query,
        "index_seconds": min(seconds),
        "files": len(files),
        "total_gzip_bytes": sum(_gzipped(path) for path in files),
    }


def material(site: Path, worker: str, typed_seconds: float, bare_seconds: float) -> dict:
    """Material + jieba in the typed-in twin: the worker and the whole index are fetched on page open;
    the first search fetches nothing more. Its indexing time: the twin's build with its search
    plugin against the same build without it."""
    return {
        "open_bytes": _gzipped(site / "search" / "search_index.json") + _gzipped(site / worker),
        "first_search_bytes": 0,
        "index_seconds": max(0.0, typed_seconds - bare_seconds),
        "index_bytes": (site / "search" / "search_index.json").stat().st_size,
    }
