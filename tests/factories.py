"""Model objects for tests, built the way the loader builds them."""

from __future__ import annotations

from decimal import Decimal

from macros.model.errors import Location
from macros.model.figures import Figure
from macros.model.intervals import decimals


def figure(value: str, unit: str, qualifier: str | None = None, precision: int | None = None,
           tolerance: str | None = None, integer_unit: bool = False) -> Figure:
    """A figure as the loader would make it from `value: <value>` and the other fields."""
    number = Decimal(value)
    return Figure(
        key="k", label="标签", value=number, unit=unit,
        precision=decimals(number) if precision is None else precision,
        location=Location("data/x.yaml", 1), qualifier=qualifier,  # type: ignore[arg-type]
        tolerance=Decimal(tolerance) if tolerance else None, integer_unit=integer_unit,
    )
