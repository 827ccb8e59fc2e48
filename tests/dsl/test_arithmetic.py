"""One property per arithmetic primitive: ints, points, and broadcasting between them."""

from arc_dsl.arithmetic import (
    absolute,
    add,
    decrement,
    divide,
    double,
    halve,
    horizontal_vector,
    increment,
    interval,
    is_even,
    is_greater,
    is_positive,
    make_point,
    maximum,
    minimum,
    multiply,
    negate,
    sign,
    step_away_from_zero,
    subtract,
    vertical_vector,
)


def test_add__ints_points_and_broadcast():
    assert (add(2, 3), add((1, 2), (3, 4)), add((1, 2), 1), add(1, (1, 2))) == (5, (4, 6), (2, 3), (2, 3))


def test_subtract__ints_points_and_broadcast():
    assert (subtract(5, 3), subtract((5, 5), (1, 2)), subtract((5, 5), 1), subtract(1, (1, 2))) == (
        2, (4, 3), (4, 4), (0, -1))


def test_multiply__ints_points_and_broadcast():
    assert (multiply(2, 3), multiply((1, 2), (3, 4)), multiply((1, 2), 3), multiply(2, (1, -1))) == (
        6, (3, 8), (3, 6), (2, -2))


def test_divide__floors():
    assert (divide(7, 2), divide((7, 9), 2), divide((8, 9), (2, 3)), divide(-3, 2)) == (3, (3, 4), (4, 3), -2)


def test_negate():
    assert (negate(3), negate((1, -2))) == (-3, (-1, 2))


def test_absolute():
    assert (absolute(-4), absolute((-2, 3))) == (4, (2, 3))


def test_double():
    assert (double(3), double((1, 2))) == (6, (2, 4))


def test_halve():
    assert (halve(7), halve((4, 5))) == (3, (2, 2))


def test_increment():
    assert (increment(1), increment((0, 4))) == (2, (1, 5))


def test_decrement():
    assert (decrement(1), decrement((1, 4))) == (0, (0, 3))


def test_step_away_from_zero():
    assert (step_away_from_zero(0), step_away_from_zero(2), step_away_from_zero((2, -1))) == (0, 3, (3, -2))


def test_sign():
    assert (sign(-7), sign(0), sign((5, -3))) == (-1, 0, (1, -1))


def test_is_even():
    assert is_even(4) and not is_even(3)


def test_is_positive():
    assert is_positive(1) and not is_positive(0)


def test_is_greater():
    assert is_greater(3, 2) and not is_greater(2, 2)


def test_maximum__default_zero_when_empty():
    assert (maximum((1, 5, 3)), maximum(())) == (5, 0)


def test_minimum__default_zero_when_empty():
    assert (minimum(frozenset({4, 2})), minimum(())) == (2, 0)


def test_vertical_vector():
    assert vertical_vector(3) == (3, 0)


def test_horizontal_vector():
    assert horizontal_vector(-2) == (0, -2)


def test_make_point():
    assert make_point(1, 2) == (1, 2)


def test_interval():
    assert (interval(0, 6, 2), interval(3, 0, -1), interval(0, 3)) == ((0, 2, 4), (3, 2, 1), (0, 1, 2))
