"""Published forms of figures: 71件, 955.61万元, 86.1%, 2800余人次, 10万余册, 约70人."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from functools import cache

from .figures import Figure, split_scale


def round_published(value: Decimal, precision: int) -> Decimal:
    """Round a computed value to its published precision, per GB/T 8170 (round half to even).

    With as many digits as the result needs: Decimal's default 28 would refuse (InvalidOperation) to
    give 28 digits before the point and 2 after it.
    """
    with localcontext() as context:
        context.prec = max(context.prec, value.adjusted() + precision + 2)
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


# What makes a spreadsheet read a cell as a formula, when it is its first character (after spaces):
# text that reaches open data (labels, sources, notes) may not start so (render/opendata.py).
FORMULA_STARTS = "=+-@\t\r＝＋－＠"
_SPACES = " \u3000\n"


def formula_start(text: str) -> str | None:
    """The character that would make a spreadsheet take `text` for a formula, if any."""
    if text[:1] in ("\t", "\r"):
        return text[0]
    first = text.lstrip(_SPACES)[:1]
    return first if first and first in FORMULA_STARTS else None
