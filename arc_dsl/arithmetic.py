"""Arithmetic on integers and on (row, column) vectors.

Every binary operation broadcasts: int ∘ int → int, point ∘ point → point (element-wise),
int ∘ point and point ∘ int → point. So `add((2, 3), 1) == (3, 4)` and `multiply(2, (1, -1)) == (2, -2)`.
"""

from __future__ import annotations

from collections.abc import Iterable

from arc_dsl.types import Numerical, Point

__all__ = [
    "absolute", "add", "decrement", "divide", "double", "halve", "horizontal_vector", "increment", "interval",
    "is_even", "is_greater", "is_positive", "make_point", "maximum", "minimum", "multiply", "negate", "sign",
    "step_away_from_zero", "subtract", "vertical_vector",
]


def add(a: Numerical, b: Numerical) -> Numerical:
    """a + b, element-wise for points: add((1, 2), (3, 4)) == (4, 6); add((1, 2), 1) == (2, 3)."""
    if type(a) is int:
        return a + b if type(b) is int else (a + b[0], a + b[1])
    if type(b) is int:
        return (a[0] + b, a[1] + b)
    return (a[0] + b[0], a[1] + b[1])


def subtract(a: Numerical, b: Numerical) -> Numerical:
    """a − b, element-wise for points: subtract((5, 5), (1, 2)) == (4, 3)."""
    if type(a) is int:
        return a - b if type(b) is int else (a - b[0], a - b[1])
    if type(b) is int:
        return (a[0] - b, a[1] - b)
    return (a[0] - b[0], a[1] - b[1])


def multiply(a: Numerical, b: Numerical) -> Numerical:
    """a × b, element-wise for points: multiply((1, 2), 3) == (3, 6)."""
    if type(a) is int:
        return a * b if type(b) is int else (a * b[0], a * b[1])
    if type(b) is int:
        return (a[0] * b, a[1] * b)
    return (a[0] * b[0], a[1] * b[1])


def divide(a: Numerical, b: Numerical) -> Numerical:
    """a // b (floor division), element-wise for points: divide((7, 9), 2) == (3, 4)."""
    if type(a) is int:
        return a // b if type(b) is int else (a // b[0], a // b[1])
    if type(b) is int:
        return (a[0] // b, a[1] // b)
    return (a[0] // b[0], a[1] // b[1])


def negate(n: Numerical) -> Numerical:
    """−n: negate(3) == -3; negate((1, -2)) == (-1, 2)."""
    return -n if type(n) is int else (-n[0], -n[1])


def absolute(n: Numerical) -> Numerical:
    """|n|, element-wise for points: absolute((-2, 3)) == (2, 3)."""
    return abs(n) if type(n) is int else (abs(n[0]), abs(n[1]))


def double(n: Numerical) -> Numerical:
    """2n: double(3) == 6; double((1, 2)) == (2, 4)."""
    return n * 2 if type(n) is int else (n[0] * 2, n[1] * 2)


def halve(n: Numerical) -> Numerical:
    """n // 2: halve(7) == 3; halve((4, 5)) == (2, 2)."""
    return n // 2 if type(n) is int else (n[0] // 2, n[1] // 2)


def increment(n: Numerical) -> Numerical:
    """n + 1: increment((0, 4)) == (1, 5)."""
    return n + 1 if type(n) is int else (n[0] + 1, n[1] + 1)


def decrement(n: Numerical) -> Numerical:
    """n − 1: decrement((1, 4)) == (0, 3)."""
    return n - 1 if type(n) is int else (n[0] - 1, n[1] - 1)


def _away(x: int) -> int:
    return 0 if x == 0 else (x + 1 if x > 0 else x - 1)


def step_away_from_zero(n: Numerical) -> Numerical:
    """n moved one step away from 0 (0 stays 0): step_away_from_zero((2, -1)) == (3, -2)."""
    return _away(n) if type(n) is int else (_away(n[0]), _away(n[1]))


def _sign(x: int) -> int:
    return (x > 0) - (x < 0)


def sign(n: Numerical) -> Numerical:
    """-1, 0 or 1 (element-wise for points): sign((5, -3)) == (1, -1)."""
    return _sign(n) if type(n) is int else (_sign(n[0]), _sign(n[1]))


def is_even(n: int) -> bool:
    """True when n is even."""
    return n % 2 == 0


def is_positive(n: int) -> bool:
    """True when n > 0."""
    return n > 0


def is_greater(a: int, b: int) -> bool:
    """True when a > b."""
    return a > b


def maximum(values: Iterable[int]) -> int:
    """The largest value (0 when empty)."""
    return max(values, default=0)


def minimum(values: Iterable[int]) -> int:
    """The smallest value (0 when empty)."""
    return min(values, default=0)


def vertical_vector(n: int) -> Point:
    """The offset (n, 0): n rows down."""
    return (n, 0)


def horizontal_vector(n: int) -> Point:
    """The offset (0, n): n columns right."""
    return (0, n)


def make_point(row: int, column: int) -> Point:
    """The point (row, column); also builds shapes (height, width) and offsets."""
    return (row, column)


def interval(start: int, stop: int, step: int = 1) -> tuple[int, ...]:
    """tuple(range(start, stop, step)): interval(0, 6, 2) == (0, 2, 4)."""
    return tuple(range(start, stop, step))
