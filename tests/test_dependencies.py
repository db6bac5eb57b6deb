"""What each page is made from (render/dependencies.py), on a copy of the fixture district with two
chapters added to one report: a change touches the pages made from what changed, and no other page.
The live preview renders again exactly the pages whose digest changed (tests/test_serve.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.check.project import check_project
from macros.render import dependencies
from tests.conftest import edit
from tests.test_fixture_district import district

pytestmark = pytest.mark.unit

REPORT = "example-a/2023"
FIGURES = Path("data") / REPORT / "figures.yaml"
# Two chapters of the report, each citing one figure; the report's first page cites both as well.
CHAPTERS = {f"{REPORT}/1-complaints.md": '# 投诉举报\n\n网上投诉举报{{ fig("complaints.online") }}。\n',
            f"{REPORT}/2-training.md": '# 执法培训\n\n举办执法培训{{ fig("training.sessions") }}。\n'}
# The pages of the report and of the other report of its body made from everything of both reports
# (first pages, data appendices, printable copies), and the site's own pages (the home page, corrections).
BODY_PAGES = [f"example-a/{year}/{page}" for year in (2022, 2023) for page in ("appendix.md", "index.md", "print.md")]
SITE_PAGES = ["corrections.md", "index.md"]


def with_chapters(dest: Path) -> Path:
    project = district(dest)
    for page, text in CHAPTERS.items():
        (project / "docs" / page).write_text(text, encoding="utf-8")
    edit(project / "mkdocs.yml", f"      - {REPORT}/index.md\n",
         f"      - {REPORT}/index.md\n" + "".join(f"      - {page}\n" for page in CHAPTERS))
    return project


def digests(project: Path, shared: str = "", *, cached: bool = False) -> dict[str, str]:
    checked = check_project(project, cached=cached)
    assert [str(error) for error in checked.errors] == []
    docs = project / "docs"
    sources = {path.relative_to(docs).as_posix(): path.read_text(encoding="utf-8") for path in docs.rglob("*.md")}
    return dependencies.page_digests(checked, sources, shared, dependencies.report_digests(checked))


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(page for page, made in after.items() if before.get(page) != made)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return with_chapters(tmp_path / "project")


def test_two_checks_of_the_same_project_give_the_same_digests(project: Path) -> None:
    """Nothing of a run (an object's address, a rule outcome's closure) is digested: checked again,
    fresh or read back from the check cache, every page is made from the same."""
    first = digests(project)
    assert len(first) == 16
    assert digests(project) == first
    assert digests(project, cached=True) == first  # stored
    assert digests(project, cached=True) == first  # read back


def test_a_figure_touches_the_pages_citing_it_and_the_pages_made_from_its_whole_body(project: Path) -> None:
    before = digests(project)
    edit(project / FIGURES, "  value: 6\n", "  value: 5\n")  # complaints.online
    assert changed(before, digests(project)) == sorted([f"{REPORT}/1-complaints.md", *BODY_PAGES, *SITE_PAGES])


def test_a_figures_label_touches_the_same_pages_as_its_value(project: Path) -> None:
    before = digests(project)
    edit(project / FIGURES, "  label: 举办执法培训期数\n", "  label: 举办的执法培训期数\n")
    assert changed(before, digests(project)) == sorted([f"{REPORT}/2-training.md", *BODY_PAGES, *SITE_PAGES])


def test_a_chapters_text_touches_that_chapter_and_the_pages_made_from_its_whole_body(project: Path) -> None:
    before = digests(project)
    edit(project / "docs" / REPORT / "2-training.md", "举办执法培训", "全年举办执法培训")
    assert changed(before, digests(project)) == sorted([f"{REPORT}/2-training.md", *BODY_PAGES, *SITE_PAGES])


def test_a_chapters_title_touches_every_page_of_its_report(project: Path) -> None:
    """The frame around each chapter names the previous and next page by its title."""
    before = digests(project)
    edit(project / "docs" / REPORT / "2-training.md", "# 执法培训", "# 培训")
    assert changed(before, digests(project)) == sorted([*CHAPTERS, *BODY_PAGES, *SITE_PAGES])


def test_another_bodys_report_touches_none_of_these(project: Path) -> None:
    before = digests(project)
    edit(project / "data" / "example-b" / "2023" / "report.yaml", "title: ", "title: （修订）")
    assert [page for page in changed(before, digests(project)) if page.startswith("example-a/")] == []


def test_what_the_whole_site_shares_touches_every_page(project: Path) -> None:
    before = digests(project, "a")
    assert changed(before, digests(project, "b")) == sorted(before)
