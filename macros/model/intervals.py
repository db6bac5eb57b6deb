"""Numbers as published: exact decimals and the intervals of true values they stand for.

Values are `Decimal` from the YAML text to the page; bounds are Fractions; nothing here is a float.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal
from fractions import Fraction

# Significant digits a number may have: what Python's decimal arithmetic keeps by default (a published
# figure has a handful; 28 already says more than any count or amount of money can).
MAX_DIGITS = 28
# Computed values (a sum, a ratio, a change in %) are worked out with room for every digit of their
# operands, far beyond any published precision, and only then rounded to the published one.
EXACT = Context(prec=4 * MAX_DIGITS)


def decimals(value: Decimal) -> int:
    """Decimal places as written: Decimal('140.4') -> 1, Decimal('71') -> 0."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int), "finite decimals only"
    return max(0, -exponent)


def last_digit_step(value: Decimal) -> Decimal:
    """One unit of the last significant digit: 2800 -> 100, 20 -> 10, 0.5 -> 0.1."""
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int), "finite decimals only"
    return Decimal(1).scaleb(exponent)



@dataclass(frozen=True)
class Interval:
    """The set of true values a published figure stands for, with exact rational bounds.

    `low_closed`/`high_closed` say whether the bounds belong to it: 955.61 at two places is
    [955.605, 955.615), an exact count 71 is [71, 71]. Bounds are Fractions so that sums and
    quotients of intervals are exact too: a boundary case is decided exactly, never by rounding.
    """

    low: Fraction
    high: Fraction
    low_closed: bool = True
    high_closed: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "low", fraction(self.low))
        object.__setattr__(self, "high", fraction(self.high))

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.high + other.high,
                        self.low_closed and other.low_closed, self.high_closed and other.high_closed)

    def __truediv__(self, other: Interval) -> Interval:
        """Quotient of non-negative intervals; the divisor must lie above zero."""
        assert self.low >= 0, "quotients are taken of counts and amounts"
        assert other.low > 0, "the caller rules out a divisor that may be zero"
        return Interval(self.low / other.high, self.high / other.low,
                        self.low_closed and other.high_closed, self.high_closed and other.low_closed)

    def scale(self, factor: int | Fraction) -> Interval:
        assert factor > 0, "a scale keeps the order of the bounds"
        return Interval(self.low * factor, self.high * factor, self.low_closed, self.high_closed)

    def meets(self, other: Interval) -> bool:
        """Whether some value lies in both (the two published figures can be the same quantity)."""
        return _below(self.low, self.low_closed, other.high, other.high_closed) and \
            _below(other.low, other.low_closed, self.high, self.high_closed)

    def can_be_at_most(self, other: Interval) -> bool:
        """Whether some value of self is ≤ some value of other."""
        return _below(self.low, self.low_closed, other.high, other.high_closed)

    def __str__(self) -> str:
        if self.low == self.high:
            return f"[{show(self.low)}]"
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{left}{show(self.low)}, {show(self.high)}{right}"


def fraction(number: Fraction | Decimal | int) -> Fraction:
    """Fraction(number), without Fraction's look at what kind of number it is."""
    return number if type(number) is Fraction else Fraction(*number.as_integer_ratio())


def _below(low: Fraction, low_closed: bool, high: Fraction, high_closed: bool) -> bool:
    """Whether a bound `low` lies below a bound `high` so that a value can sit between them."""
    return low < high or (low == high and low_closed and high_closed)


def show(number: Fraction) -> str:
    """A rational as a decimal: exactly if it terminates, else to six places with ≈."""
    denominator = number.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:
        return f"{Decimal(number.numerator) / Decimal(number.denominator):f}"
    return f"≈{Decimal(number.numerator) / Decimal(number.denominator):.6f}"

