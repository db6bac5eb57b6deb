"""Published forms of figures: 71件, 955.61万元, 86.1%, 2800余人次, 10万余册, 约70人."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from html import escape

from . import tags
from .model import Figure, split_scale


def round_published(value: Decimal, precision: int) -> Decimal:
    """Round a computed value to its published precision, per GB/T 8170 (round half to even)."""
    return value.quantize(_unit(precision), rounding=ROUND_HALF_EVEN)


@cache
def _unit(precision: int) -> Decimal:
    """One unit of the last published place: 2 -> 0.01."""
    return Decimal(1).scaleb(-precision)


def number(figure: Figure) -> str:
    """The digits as published, without grouping: 23111, 0.678."""
    return f"{round_published(figure.value, figure.precision):f}"


def published(figure: Figure) -> str:
    """The figure exactly as the report prints it."""
    digits = number(figure)
    if figure.qualifier == "约":
        return f"约{digits}{figure.unit}"
    if figure.qualifier == "余":
        scale, unit = split_scale(figure.unit)
        return f"{digits}{scale}余{unit}"
    return f"{digits}{figure.unit}"


def html(figure: Figure) -> str:
    """The published form inside a machine-readable `<data>` element carrying the exact value."""
    return (
        f'<data value="{escape(number(figure))}" title="{tags.text(figure.label)}">'
        f"{escape(published(figure))}</data>"
    )
