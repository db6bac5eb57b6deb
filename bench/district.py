"""A synthetic district generated from the real 2022 report: many bodies, many years, same checks.

Every synthetic report is a copy of the template report's data and chapters with its body, title
and years replaced consistently in every file (so each allowlist entry still matches its chapter
text). Figure values are copied unchanged, so whatever reconciles in the template reconciles in
every copy. Chapters are padded with annex pages (one section of the chapter citing the most
figures each) to reach the wanted number of pages per report.

`twin` writes the same pages with every figure typed in, for plain MkDocs + Material: the
baseline the data layer is measured against.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from functools import partial
from html import escape
from pathlib import Path

import yaml
from mkdocs.utils import get_relative_url

from macros.check.project import Checked
from macros.load.nav import nav_pages
from macros.load.pages import PERIOD_MACROS
from macros.model import forms
from macros.model.report import Report
from macros.render import printable
from macros.render.generated import Generated

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = "dongli-emergency/2022"
TEMPLATE_YEAR = 2022
# Test material of the real report, not part of what a report needs to build; and its record of
# published values: the synthetic reports are drafts, whose figures the benchmark edits freely.
NOT_COPIED = ("published.txt", "published-values.yaml")
TWIN_TERMS = "terms.txt"
SITE_PAGES = ("index.md", "corrections.md")  # the site's own pages beside the reports

DISTRICTS = (
    ("dongli", "东丽区"), ("xiqing", "西青区"), ("jinnan", "津南区"), ("beichen", "北辰区"),
    ("wuqing", "武清区"), ("baodi", "宝坻区"), ("binhai", "滨海新区"), ("ninghe", "宁河区"),
    ("jinghai", "静海区"), ("jizhou", "蓟州区"), ("heping", "和平区"), ("hedong", "河东区"),
    ("hexi", "河西区"), ("nankai", "南开区"), ("hebei", "河北区"), ("hongqiao", "红桥区"),
)
DEPARTMENTS = (
    ("emergency", "应急管理局"), ("justice", "司法局"), ("education", "教育局"),
    ("health", "卫生健康委员会"), ("transport", "交通运输局"), ("ecology", "生态环境局"),
    ("market", "市场监督管理局"), ("housing", "住房和城乡建设委员会"), ("water", "水务局"),
    ("agriculture", "农业农村委员会"), ("culture", "文化和旅游局"), ("commerce", "商务局"),
    ("civil", "民政局"),
)
MAX_BODIES = len(DISTRICTS) * len(DEPARTMENTS)

_FIG = re.compile(r"\{\{\s*fig\(\s*\"(?P<key>[^\"]+)\"\s*\)\s*\}\}")
_MACRO = re.compile(r"\{\{\s*(?P<name>[a-z_]+)\(\s*\)\s*\}\}")
_TABLE = re.compile(r"\{\{\s*table\(\s*\"(?P<id>[^\"]+)\"\s*\)\s*\}\}")


@dataclass(frozen=True)
class Synthetic:
    """One generated report: its id (folder under data/ and docs/), body, year and page files."""

    id: str
    body: str
    year: int
    pages: tuple[str, ...]


def report_ids(count: int, years: int) -> list[tuple[str, str, int]]:
    """(id, body, year) of `count` reports: each body publishes `years` consecutive years."""
    bodies = -(-count // years)
    if bodies > MAX_BODIES:
        raise ValueError(f"at most {MAX_BODIES * years} reports with {years} years per body")
    reports = []
    for index in range(count):
        district = DISTRICTS[index // years // len(DEPARTMENTS)]
        department = DEPARTMENTS[index // years % len(DEPARTMENTS)]
        year = TEMPLATE_YEAR - index % years
        reports.append((f"{district[0]}-{department[0]}/{year}", district[1] + department[1], year))
    return reports


def generate(dest: Path, count: int, years: int = 5, pages_per_report: int = 10) -> list[Synthetic]:
    """A buildable project in dest: mkdocs.yml, macros/, data/ and docs/ of `count` reports.

    The first reports of a larger district are those of a smaller one, file for file: generating
    again into the same folder with a larger count adds reports.
    """
    template = _Template.read()
    shutil.rmtree(dest / "macros", ignore_errors=True)  # always the engine being measured
    shutil.copytree(ROOT / "macros", dest / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    (dest / "data").mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "data" / "units.yaml", dest / "data" / "units.yaml")
    shutil.copytree(ROOT / "data" / "kinds", dest / "data" / "kinds", dirs_exist_ok=True)
    (dest / "docs").mkdir(exist_ok=True)
    for page in SITE_PAGES:
        shutil.copy2(ROOT / "docs" / page, dest / "docs" / page)
    shutil.copytree(ROOT / "overrides", dest / "overrides", dirs_exist_ok=True)
    reports = [
        template.write(dest, report_id, body, year, pages_per_report)
        for report_id, body, year in report_ids(count, years)
    ]
    config = _config()
    config["nav"] = [{"首页": "index.md"}, *_nav(reports), {"更正说明": "corrections.md"}]
    _dump(config, dest / "mkdocs.yml")
    return reports


def twin(project: Path, dest: Path, checked: Checked, *, search: bool = True) -> None:
    """The same site with the numbers typed in, for plain MkDocs + Material (no macros plugin).

    In the chapters each fig() call becomes the published form as plain text, as an office typing
    its report would write it. The pages the data layer generates (home list, report metadata, data
    appendix, printable copy, corrections) get the very Markdown the macros produce, typed in.

    Its search is the site's search before issue 15, Material's plugin with jieba and the reports'
    terms as its user dictionary (without `search`, none at all: the benchmark's baseline for the
    time Material's search takes); the site's own search (macros/render/search.py) is the data layer's.
    """
    catalog = checked.catalog
    order = nav_pages(yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))["nav"])
    macros = _TwinMacros(project / "docs", checked, order)
    for path in sorted((project / "docs").rglob("*.md")):
        page = path.relative_to(project / "docs").as_posix()
        report = catalog.report_for_page(page)
        text = path.read_text("utf-8")
        if report is not None:
            text = _FIG.sub(lambda m, r=report: forms.published(r.figures[m.group("key")]), text)
            text = _TABLE.sub(lambda m, r=report: macros.table(r, m.group("id")), text)
        text = _MACRO.sub(lambda m, p=page: macros.expand(m.group("name"), p), text)
        if "{{" in text or "{%" in text:
            raise ValueError(f"{page}: template code left after typing the numbers in")
        if page.endswith("/" + printable.PRINT):
            text = "---\nsearch:\n  exclude: true\n---\n" + text  # as the printable_copy macro sets it
        target = dest / "docs" / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    # The report's search terms, which the data layer once added to jieba, go to Material's user dictionary.
    terms = sorted({term for report in catalog.reports for term in report.terms})
    (dest / TWIN_TERMS).write_text("".join(term + "\n" for term in terms), encoding="utf-8")
    shutil.copytree(project / "overrides", dest / "overrides", dirs_exist_ok=True)
    for ours in ("partials/header.html", "partials/search.html", "javascripts/search.js"):  # Material's own
        (dest / "overrides" / ours).unlink()
    config = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
    config["plugins"] = [plugin for plugin in config["plugins"]
                         if not (isinstance(plugin, dict) and "macros" in plugin)]
    if search:
        config["plugins"].insert(0, {"search": {"jieba_dict_user": TWIN_TERMS}})
        config["theme"]["features"] += ["search.highlight", "search.suggest"]
    config.pop("extra_javascript", None)
    config.pop("watch", None)
    config.pop("hooks", None)  # the twin is plain MkDocs + Material: no macros/, no live preview of ours
    _dump(config, dest / "mkdocs.yml")


class _TwinMacros:
    """The page and period macros of macros/plugin.py, evaluated ahead of time by the same bodies
    (render/generated.py)."""

    def __init__(self, docs: Path, checked: Checked, order: list[str]) -> None:
        self.generated, self.catalog, self.order = Generated(checked, docs), checked.catalog, order

    def table(self, report: Report, table_id: str) -> str:
        """A table as the macro renders it, each number typed in instead of linked."""
        return self.generated.table(report, table_id, lambda figure, shown: escape(shown))

    def expand(self, name: str, page: str) -> str:
        link = partial(_href, page)
        if name == "reports":
            return self.generated.reports()
        if name == "correction_log":
            return self.generated.correction_log(link)
        report = self.catalog.report_for_page(page)
        assert report is not None, f"{page}: {name}() outside a report"
        if name in PERIOD_MACROS:
            text = self.generated.stated(report, name)
            assert text is not None, f"{page}: {name}() in a report without a period"
            return text
        if name == "report_meta":
            return self.generated.report_meta(report, link)
        if name == "data_appendix":
            return self.generated.data_appendix(report, link)
        assert name == "printable_copy", name
        return self.generated.printable_copy(report, link, self.order)


def _url(src: str) -> str:
    """A page's URL with use_directory_urls, as MkDocs makes it; other files keep their path."""
    if not src.endswith(".md"):
        return src
    stem = src.removesuffix(".md")
    return stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"


def _href(page: str, target: str) -> str:
    """As plugin.href: a target under docs/ as a URL relative to the page."""
    path, _, anchor = target.partition("#")
    url, here = _url(path), _url(page)
    if url == here and anchor:
        return f"#{anchor}"
    relative = get_relative_url(url, here)
    return f"{relative}#{anchor}" if anchor else relative


@dataclass(frozen=True)
class _Template:
    """The real report's files: data files by name, chapters by name, and its body and title."""

    data: dict[str, str]
    chapters: dict[str, str]
    body: str
    title: str

    @classmethod
    def read(cls) -> _Template:
        data_dir, docs_dir = ROOT / "data" / TEMPLATE, ROOT / "docs" / TEMPLATE
        data = {path.name: path.read_text("utf-8") for path in sorted(data_dir.iterdir())
                if path.is_file() and path.name not in NOT_COPIED}
        chapters = {path.name: path.read_text("utf-8") for path in sorted(docs_dir.glob("*.md"))}
        meta = yaml.safe_load(data["report.yaml"])
        return cls(data, chapters, meta["body"], meta["title"])

    def write(self, dest: Path, report_id: str, body: str, year: int, pages: int) -> Synthetic:
        # The title is the body's name, then the year and the kind of report.
        rest = self.title[self.title.index(str(TEMPLATE_YEAR)):]
        title = body + rest.replace(str(TEMPLATE_YEAR), str(year), 1)

        def localize(text: str) -> str:
            # Every synthetic report stands alone: copies of one report's figures cannot bear out its
            # year-over-year claim against each other, so the link and the claim's rule are left out.
            text = re.sub(r"^previous: .*\n", "", text, flags=re.MULTILINE)
            text = re.sub(r"^(# [^\n]*\n)*- id: [^\n]*\n  description: [^\n]*\n  change:\n(    [^\n]*\n)*", "",
                          text, flags=re.MULTILINE)
            text = text.replace(self.title, title).replace(self.body, body)
            text = text.replace(f"{TEMPLATE_YEAR - 1}年度", f"{year - 1}年度")
            return text.replace(str(TEMPLATE_YEAR), str(year))

        annexes = self._annexes(pages)
        for directory, files in (("data", self.data), ("docs", {**self.chapters, **annexes})):
            folder = dest / directory / report_id
            folder.mkdir(parents=True, exist_ok=True)
            for name, text in files.items():
                (folder / name).write_text(localize(text), encoding="utf-8")
        names = ("index.md", *sorted(set(self.chapters) - {"index.md"}), *annexes)
        return Synthetic(report_id, body, year, names)

    def _annexes(self, pages: int) -> dict[str, str]:
        """Annex pages beyond the real chapters: the sections (## …) that cite figures, in turn."""
        richest = max(self.chapters.values(), key=lambda text: len(_FIG.findall(text)))
        sections = [part for part in re.split(r"^## ", richest, flags=re.MULTILINE)[1:] if _FIG.search(part)]
        return {
            f"annex-{number:02d}.md": "# 附：" + sections[number % len(sections)]
            for number in range(max(0, pages - len(self.chapters)))
        }


def _nav(reports: list[Synthetic]) -> list[dict[str, list[dict[str, list[dict[str, list[str]]]]]]]:
    """Each district with its bodies, each body with its years, newest first; each year with its pages.

    Grouped by district as a province's site would be: Material renders every item of the top level
    on every page (navigation.prune keeps only the open section's items below it), so a flat list of
    a province's two hundred bodies would make each of its 10,000 pages render all of them.
    """
    names = dict(DISTRICTS)
    districts: dict[str, dict[str, list[dict[str, list[str]]]]] = {}
    for report in reports:
        pages = [f"{report.id}/{name}" for name in report.pages]
        district = names[report.id.split("-", 1)[0]]
        districts.setdefault(district, {}).setdefault(report.body, []).append({f"{report.year} 年度": pages})
    return [{district: [{body: years} for body, years in bodies.items()]} for district, bodies in districts.items()]


def _config() -> dict:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))


def _dump(config: dict, path: Path) -> None:
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
