"""One property per set/logic/functional primitive."""

import pytest

from arc_dsl.arithmetic import add, increment, is_even
from arc_dsl.logic import (
    apply,
    apply_and_merge,
    apply_each,
    apply_n_times,
    apply_pairwise,
    apply_pairwise_and_merge,
    apply_to_product,
    argmax,
    argmin,
    bind_left,
    bind_right,
    both,
    branch,
    cartesian_product,
    chain,
    combine,
    compose,
    contains,
    difference,
    either,
    equals,
    first,
    first_match,
    fork,
    identity,
    insert,
    intersection,
    keep_if,
    last,
    least_common,
    logical_not,
    matcher,
    max_value,
    merge,
    merge_filtered,
    min_value,
    most_common,
    odd_one_out,
    other,
    remove,
    repeat,
    singleton,
    size,
    sort_by,
    to_tuple,
    unique,
    zip_pairs,
)


def test_identity():
    value = frozenset({(1, 2)})
    assert identity(value) is value


def test_equals():
    assert equals((1, 2), (1, 2)) and not equals(1, 2)


def test_contains():
    assert contains((1, 2), 2) and not contains(frozenset({1}), 2)


def test_logical_not():
    assert logical_not(False) is True


def test_both():
    assert (both(True, True), both(True, False)) == (True, False)


def test_either():
    assert (either(False, True), either(False, False)) == (True, False)


def test_combine__keeps_container_type():
    assert combine((1, 2), (2, 3)) == (1, 2, 2, 3)
    assert combine(frozenset({1}), frozenset({2})) == frozenset({1, 2})


def test_intersection():
    assert intersection(frozenset({1, 2, 3}), frozenset({2, 3, 4})) == frozenset({2, 3})


def test_difference():
    assert difference(frozenset({1, 2, 3}), frozenset({2})) == frozenset({1, 3})


def test_unique__keeps_first_occurrences_in_order():
    assert unique((3, 1, 3, 2, 1)) == (3, 1, 2)


def test_sort_by__stable_ascending():
    assert sort_by(("bb", "a", "cc", "d"), len) == ("a", "d", "bb", "cc")


def test_repeat():
    assert repeat(0, 3) == (0, 0, 0)


def test_size():
    assert (size(frozenset({1, 2})), size(())) == (2, 0)


def test_merge__flattens_one_level():
    assert merge(frozenset({frozenset({1, 2}), frozenset({3})})) == frozenset({1, 2, 3})
    assert merge(((1, 2), (3,))) == (1, 2, 3)


def test_max_value():
    assert (max_value(("a", "bbb"), len), max_value((), len)) == (3, 0)


def test_min_value():
    assert (min_value(("a", "bbb"), len), min_value((), len)) == (1, 0)


def test_argmax():
    assert argmax(("a", "bbb", "cc"), len) == "bbb"


def test_argmin():
    assert argmin(("aa", "b", "ccc"), len) == "b"


def test_most_common__ties_go_to_first_seen():
    assert (most_common((1, 2, 2, 3)), most_common((5, 4, 4, 5))) == (2, 5)


def test_least_common():
    assert least_common((1, 2, 2, 1, 3)) == 3


def test_singleton():
    assert singleton((1, 2)) == frozenset({(1, 2)})


def test_keep_if__keeps_container_type():
    assert keep_if((1, 2, 3, 4), is_even) == (2, 4)
    assert keep_if(frozenset({1, 2}), is_even) == frozenset({2})


def test_merge_filtered():
    groups = frozenset({frozenset({1, 2}), frozenset({3}), frozenset({4, 5})})
    assert merge_filtered(groups, lambda group: len(group) == 2) == frozenset({1, 2, 4, 5})


def test_first_match():
    assert first_match((1, 3, 4, 6), is_even) == 4


def test_first_match__raises_when_nothing_matches():
    with pytest.raises(ValueError):
        first_match((1, 3), is_even)


def test_to_tuple():
    assert sorted(to_tuple(frozenset({2, 1}))) == [1, 2] and isinstance(to_tuple(frozenset()), tuple)


def test_first():
    assert first((7, 8)) == 7


def test_last():
    assert last((7, 8)) == 8 and last(frozenset({5})) == 5


def test_insert():
    assert insert(3, frozenset({1})) == frozenset({1, 3})


def test_remove__keeps_container_type():
    assert remove(1, (1, 2, 1)) == (2,) and remove(1, frozenset({1, 2})) == frozenset({2})


def test_other():
    assert other(frozenset({1, 2}), 1) == 2


def test_cartesian_product():
    assert cartesian_product((1, 2), (3,)) == frozenset({(1, 3), (2, 3)})


def test_zip_pairs():
    assert zip_pairs((1, 2), (3, 4)) == ((1, 3), (2, 4))


def test_branch():
    assert (branch(True, "a", "b"), branch(False, "a", "b")) == ("a", "b")


def test_compose__applies_inner_first():
    assert compose(str, increment)(1) == "2"


def test_chain__applies_right_to_left():
    assert chain(str, increment, abs)(-4) == "5"


def test_matcher():
    is_three_long = matcher(len, 3)
    assert is_three_long("abc") and not is_three_long("ab")


def test_bind_right():
    assert bind_right(divmod, 3)(10) == (3, 1)


def test_bind_left():
    assert bind_left(divmod, 10)(3) == (3, 1)


def test_apply_n_times():
    assert (apply_n_times(increment, 3)(0), apply_n_times(increment, 0)(5)) == (3, 5)


def test_fork():
    assert fork(add, len, sum)((1, 2, 3)) == 9


def test_apply__keeps_container_type():
    assert apply(increment, (1, 2)) == (2, 3) and apply(increment, frozenset({1})) == frozenset({2})


def test_apply_each():
    assert apply_each((len, sum), (1, 2)) == (2, 3)


def test_apply_and_merge():
    assert apply_and_merge(lambda n: frozenset({n, -n}), frozenset({1, 2})) == frozenset({1, -1, 2, -2})


def test_apply_pairwise():
    assert apply_pairwise(add, (1, 2), (10, 20)) == (11, 22)


def test_apply_pairwise_and_merge():
    assert apply_pairwise_and_merge(lambda a, b: (a, b), (1, 2), (3, 4)) == (1, 3, 2, 4)


def test_apply_to_product():
    assert apply_to_product(add, (1, 2), (10,)) == frozenset({11, 12})


def test_odd_one_out__the_item_whose_key_no_other_shares():
    assert odd_one_out((1, 3, 5, 6), is_even) == 6
    assert odd_one_out(("aa", "b", "cc"), len) == "b"


def test_odd_one_out__none_without_a_single_odd_item():
    assert odd_one_out((1, 2), is_even) is None  # two items: which one is odd?
    assert odd_one_out((1, 2, 4, 5), is_even) is None  # two groups of two
    assert odd_one_out((1, 2, 3), identity) is None  # every key different
