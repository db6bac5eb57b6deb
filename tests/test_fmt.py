"""Published forms: the formatter reproduces the report's own way of writing each figure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from macros.model.errors import Location
from macros.model.figures import Figure
from macros.model.forms import published, round_published
from macros.render.lineage import data_element as html
from tests.factories import figure


@pytest.mark.parametrize(("fig", "expected"), [
    pytest.param(figure("71", "件"), "71件", id="count"),
    pytest.param(figure("955.61", "万元"), "955.61万元", id="wan-yuan-2dp"),
    pytest.param(figure("140.4", "万元"), "140.4万元", id="wan-yuan-1dp"),
    pytest.param(figure("0.678", "万元"), "0.678万元", id="wan-yuan-below-one"),
    pytest.param(figure("86.1", "%"), "86.1%", id="percent-1dp"),
    pytest.param(figure("100", "%"), "100%", id="percent-whole"),
    pytest.param(figure("2800", "人次", "余"), "2800余人次", id="yu-after-number"),
    pytest.param(figure("10", "万册", "余"), "10万余册", id="yu-after-wan"),
    pytest.param(figure("70", "人", "约", tolerance="5"), "约70人", id="yue-before-number"),
    pytest.param(figure("20", "家次", "余"), "20余家次", id="yu-two-char-unit"),
    pytest.param(figure("23111", "人次"), "23111人次", id="no-grouping"),
    pytest.param(figure("1433.97", "万元"), "1433.97万元", id="wan-yuan-large"),
    pytest.param(figure("0.50", "万元"), "0.50万元", id="trailing-zero-kept"),
    pytest.param(figure("86.188436830835", "%", precision=1), "86.2%", id="computed-rounded"),
])
def test_published_form(fig: Figure, expected: str) -> None:
    assert published(fig) == expected


@pytest.mark.parametrize(("value", "precision", "expected"), [
    pytest.param("0.125", 2, "0.12", id="half-to-even-down"),
    pytest.param("0.135", 2, "0.14", id="half-to-even-up"),
    pytest.param("0.1251", 2, "0.13", id="above-half-up"),
    pytest.param("86.15", 1, "86.2", id="half-odd-up"),
    pytest.param("86.25", 1, "86.2", id="half-even-stays"),
    pytest.param("2.5", 0, "2", id="integer-half-even"),
    pytest.param("-1.35", 1, "-1.4", id="negative"),
])
def test_rounding_follows_gbt_8170(value: str, precision: int, expected: str) -> None:
    assert str(round_published(Decimal(value), precision)) == expected


def test_html_carries_exact_value_and_escapes_label() -> None:
    fig = Figure(key="k", label='a<b"c', value=Decimal("955.61"), unit="万元", precision=2,
                 location=Location("x", 1))
    assert html(fig) == '<data value="955.61" title="a&lt;b&quot;c">955.61万元</data>'
