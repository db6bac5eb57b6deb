"""What a published figure stands for: the interval its precision and qualifier allow."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from types import MappingProxyType

import pytest

from macros.model.errors import Location
from macros.model.figures import split_scale
from macros.model.intervals import Interval, decimals
from macros.model.report import Catalog, Report, ReportMeta
from tests.factories import figure


@pytest.mark.parametrize(("fig", "expected"), [
    pytest.param(figure("71", "件", integer_unit=True), Interval(Decimal(71), Decimal(71)), id="count-exact"),
    pytest.param(figure("955.61", "万元"),
                 Interval(Decimal("955.605"), Decimal("955.615"), high_closed=False), id="2dp"),
    pytest.param(figure("86.1", "%"),
                 Interval(Decimal("86.05"), Decimal("86.15"), high_closed=False), id="percent"),
    pytest.param(figure("100", "%"),
                 Interval(Decimal("99.5"), Decimal("100.5"), high_closed=False), id="percent-0dp"),
    pytest.param(figure("2800", "人次", "余"),
                 Interval(Decimal(2800), Decimal(2900), high_closed=False), id="yu-hundreds"),
    pytest.param(figure("20", "家次", "余"),
                 Interval(Decimal(20), Decimal(30), high_closed=False), id="yu-tens"),
    pytest.param(figure("10", "万册", "余"),
                 Interval(Decimal(10), Decimal(20), high_closed=False), id="yu-wan"),
    pytest.param(figure("70", "人", "约", tolerance="5"),
                 Interval(Decimal(65), Decimal(75)), id="yue-tolerance"),
])
def test_interval(fig, expected: Interval) -> None:
    assert fig.interval() == expected


def test_count_is_exact_only_without_qualifier() -> None:
    count = figure("71", "件", integer_unit=True)
    assert count.exact
    assert not replace(count, qualifier="余").exact


def test_measure_at_zero_places_is_rounded_not_exact() -> None:
    assert figure("100", "%").interval().low == Decimal("99.5")


def test_interval_text() -> None:
    assert str(Interval(Decimal("955.605"), Decimal("955.615"), high_closed=False)) == \
        "[955.605, 955.615)"
    assert str(Interval(Decimal(71), Decimal(71))) == "[71]"


@pytest.mark.parametrize(("text", "places"), [("71", 0), ("140.4", 1), ("0.678", 3), ("1.50", 2)])
def test_decimals_as_written(text: str, places: int) -> None:
    assert decimals(Decimal(text)) == places


@pytest.mark.parametrize(("unit", "parts"), [
    ("万元", ("万", "元")), ("万册", ("万", "册")), ("亿元", ("亿", "元")), ("件", ("", "件")),
    ("万", ("", "万")), ("%", ("", "%")),
])
def test_split_scale(unit: str, parts: tuple[str, str]) -> None:
    assert split_scale(unit) == parts


def _report(report_id: str) -> Report:
    meta = ReportMeta(body="某局", title="标题", kind="年度报告", year=2020, location=Location("data/x.yaml", 1))
    return Report(id=report_id, meta=meta, figures=MappingProxyType({}))


def test_the_report_of_a_page_is_the_first_whose_folder_holds_it() -> None:
    inner, outer, other = _report("a/b"), _report("a"), _report("ab")
    catalog = Catalog(reports=(inner, outer, other))
    assert catalog.report_for_page("a/b/index.md") is inner
    assert catalog.report_for_page("a/index.md") is outer
    assert catalog.report_for_page("ab/c/index.md") is other
    assert catalog.report_for_page("index.md") is None
    assert Catalog(reports=(outer, inner)).report_for_page("a/b/index.md") is outer


def test_a_report_is_found_by_its_id() -> None:
    first, second = _report("a/2020"), _report("a/2020")
    catalog = Catalog(reports=(first, second, _report("b/2020")))
    assert catalog.find("a/2020") is first
    assert catalog.find("a") is None
