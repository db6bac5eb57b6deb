"""The PDF edition of each report (commands/pdf.py), read as a reader reads it, page by page with
poppler's pdftotext: `make site` on the fixture district prints one per report from its print page,
with a title page, page numbers, the 落款 after the text, the table of figures, links as text and the
Chinese font embedded; the report's page links to it. Without Chromium `make site` still builds and
says so once, and `make pdf` refuses. The PDF's bytes do not depend on the time it was printed."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from macros.commands import pdf
from macros.model.report import ReportMeta
from macros.render import printable
from tests.conftest import ROOT
from tests.hostile import make_site
from tests.test_fixture_district import FIXTURE_REPORTS, district

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdffonts"))
needs_tools = pytest.mark.skipif(pdf.missing() is not None or not POPPLER,
                                 reason=f"PDF 版需要 Chromium 和中文字体（{pdf.missing()}），读取需要 poppler-utils")


def pdf_name(report_id: str) -> str:
    return f"{report_id}/{report_id.replace('/', '-')}.pdf"


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The fixture district built with `make site` (PDF editions and all), and what it printed."""
    project = district(tmp_path_factory.mktemp("district-pdf"))
    result = make_site(project)
    assert result.returncode == 0, result.output
    return project / "site", result.output


def pages(file: Path) -> list[str]:
    """The PDF's text, page by page."""
    count = int(re.search(r"^Pages:\s+(\d+)$", subprocess.run(["pdfinfo", str(file)], capture_output=True,
                                                                   text=True, check=True).stdout, re.M)[1])
    return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(file), "-"],
                           capture_output=True, text=True, check=True).stdout for n in range(1, count + 1)]


@pytest.mark.site
@needs_tools
@pytest.mark.parametrize("report_id", FIXTURE_REPORTS)
def test_each_report_has_a_pdf_linked_from_its_page(printed: tuple[Path, str], report_id: str) -> None:
    site, _ = printed
    assert (site / pdf_name(report_id)).read_bytes().startswith(b"%PDF-")
    first = (site / report_id / "index.html").read_text(encoding="utf-8")
    assert f'href="{report_id.replace("/", "-")}.pdf">PDF 版</a>' in first


@pytest.mark.site
@needs_tools
def test_the_pdf_reads_as_the_report_page_by_page(printed: tuple[Path, str]) -> None:
    site, _ = printed
    report_id = "example-b/2023"
    text = pages(site / pdf_name(report_id))
    assert len(text) >= 4
    # The title page: the title and the report's metadata, nothing of the text.
    assert "示例区乙局2023年政府信息公开工作年度报告" in text[0]
    assert "发布机构" in text[0]
    assert "示例区乙局" in text[0]
    assert "统计期限" in text[0]
    assert "一、总体情况" not in text[0]
    assert "一、总体情况" in text[1]
    # Every page numbered.
    for number, page in enumerate(text, start=1):
        assert f"第 {number} 页，共 {len(text)} 页" in page, number
    # The 落款 after the last part of the text, then the table of every figure.
    whole = "\n".join(text)
    end = whole.index("六、其他需要报告的事项")
    table = whole.index("数字一览")
    assert re.search(r"^\s*示例区乙局\s*$", whole[end:table], re.M), whole[end:table]
    assert "本年新收" in re.sub(r"\s+", "", whole[table:])  # a table cell's row, wrapped in its column
    assert "发布形式" in whole[table:]
    # Links are text on paper: no address of the machine that printed it.
    assert "127.0.0.1" not in whole
    assert b"127.0.0.1" not in (site / pdf_name(report_id)).read_bytes()


@pytest.mark.site
@needs_tools
def test_the_pdf_embeds_its_chinese_font(printed: tuple[Path, str]) -> None:
    site, _ = printed
    listing = subprocess.run(["pdffonts", str(site / pdf_name("example-b/2023"))], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert listing
    assert all(line.split()[-5] == "yes" for line in listing), listing  # the emb column
    chinese = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True).stdout
    if "WenQuanYi Micro Hei" in chinese:
        assert any("WenQuanYiMicroHei" in line and "CID TrueType" in line for line in listing), listing


def chromium_gone(project: Path, target: str) -> subprocess.CompletedProcess[str]:
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    env = {**os.environ, "CHROMIUM": str(project / "no-chromium")}
    return subprocess.run(["make", "--no-print-directory", "-C", str(project), target, "READY=",
                           f"BIN={Path(sys.executable).parent}"], env=env, capture_output=True, text=True, check=False)


@pytest.mark.site
def test_without_chromium_make_site_builds_and_says_so_once(tmp_path: Path) -> None:
    project = district(tmp_path / "project")
    run = chromium_gone(project, "site")
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert output.count("未生成 PDF 版") == 1, output
    assert "网站照常生成" in output
    assert list((project / "site").rglob("*.pdf")) == []
    assert "PDF 版" not in (project / "site" / "example-b" / "2023" / "index.html").read_text(encoding="utf-8")


@pytest.mark.site
def test_without_chromium_make_pdf_refuses_and_keeps_the_site(tmp_path: Path) -> None:
    project = district(tmp_path / "project")
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("上一次的网站", encoding="utf-8")
    run = chromium_gone(project, "pdf")
    assert run.returncode != 0
    assert "未生成 PDF 版" in run.stderr
    assert "网站未更新" in run.stderr
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "上一次的网站"


def test_the_pdfs_date_and_node_ids_do_not_depend_on_the_run() -> None:
    made = [b"<</CreationDate (D:20261207000528+00'00')\n/ModDate (D:20261207000528+00'00')>>"
            b" /ID (node00000222) /ID (node00000219) /ID (node00000222)",
            b"<</CreationDate (D:20250101120000+00'00')\n/ModDate (D:20250101120001+00'00')>>"
            b" /ID (node00000301) /ID (node00000298) /ID (node00000301)"]
    stamp = b"20230331020000"
    first, second = (pdf.stable(one, stamp) for one in made)
    assert first == second
    assert b"(D:20230331020000+00'00')" in first
    assert b"/ID (node00000002) /ID (node00000001) /ID (node00000002)" in first
    assert len(first) == len(made[0])  # nothing moves: the cross-reference offsets stay right


def test_the_signature_names_the_body_and_the_date_when_known() -> None:
    meta = dict(body="示例区甲局", title="t", kind="k", year=2023, location=None)

    class _Report:
        def __init__(self, **more: object) -> None:
            self.meta = ReportMeta(**meta, **more)  # type: ignore[arg-type]

    assert printable.signature(_Report()) == '<div class="print-signature">\n<p>示例区甲局</p>\n</div>'  # type: ignore[arg-type]
    written = _Report(written_on=datetime.date(2024, 1, 20), published_on=datetime.date(2024, 1, 31))
    assert "<p>2024年1月20日</p>" in printable.signature(written)  # type: ignore[arg-type]
    published = _Report(published_on=datetime.date(2024, 1, 31))
    assert "<p>2024年1月31日</p>" in printable.signature(published)  # type: ignore[arg-type]
