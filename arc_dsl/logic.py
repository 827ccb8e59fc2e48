"""Sets, containers, logic and function combinators (the glue between the grid primitives).

Containers are tuples (ordered) or frozensets (unordered); a primitive that keeps the container's
type says so. Combinators build new functions from old ones, e.g.
`keep_if(objects(I), compose(is_positive, size))` or `apply(bind_right(recolour_object, RED), objs)`.
Ties in argmax/argmin/most_common resolve to the first item in iteration order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from arc_dsl.types import Container

__all__ = [
    "apply", "apply_and_merge", "apply_each", "apply_n_times", "apply_pairwise", "apply_pairwise_and_merge",
    "apply_to_product", "argmax", "argmin", "bind_left", "bind_right", "both", "branch", "cartesian_product",
    "chain", "combine", "compose", "contains", "difference", "either", "equals", "first", "first_match",
    "fork", "identity", "insert", "intersection", "last", "least_common", "logical_not", "matcher",
    "max_value", "merge", "merge_filtered", "min_value", "most_common", "odd_one_out", "other", "remove", "repeat",
    "keep_if", "singleton", "size", "sort_by", "to_tuple", "unique", "zip_pairs",
]


def _like(container: Container, items) -> Container:
    # Keep the container's type: tuples stay ordered, everything else becomes a frozenset.
    return tuple(items) if isinstance(container, tuple) else frozenset(items)


def identity(x: Any) -> Any:
    """x unchanged."""
    return x


def equals(a: Any, b: Any) -> bool:
    """True when a == b."""
    return a == b


def contains(container: Container, value: Any) -> bool:
    """True when value is an element of container: contains((1, 2), 2) is True."""
    return value in container


def logical_not(flag: bool) -> bool:
    """not flag."""
    return not flag


def both(a: bool, b: bool) -> bool:
    """a and b."""
    return bool(a and b)


def either(a: bool, b: bool) -> bool:
    """a or b."""
    return bool(a or b)


def combine(a: Container, b: Container) -> Container:
    """Union keeping a's type: a tuple concatenation, or a frozenset union."""
    return a + tuple(b) if isinstance(a, tuple) else frozenset(a) | frozenset(b)


def intersection(a: frozenset, b: frozenset) -> frozenset:
    """The elements in both a and b."""
    return a & b


def difference(a: frozenset, b: frozenset) -> frozenset:
    """The elements of a that are not in b."""
    return a - b


def unique(items: tuple) -> tuple:
    """The tuple without repeats, first occurrences kept in order: unique((3, 1, 3)) == (3, 1)."""
    return tuple(dict.fromkeys(items))


def sort_by(container: Container, key: Callable) -> tuple:
    """The items as a tuple sorted by key(item), ascending and stable: sort_by(objs, size)."""
    return tuple(sorted(container, key=key))


def repeat(item: Any, count: int) -> tuple:
    """A tuple of count copies of item: repeat(0, 3) == (0, 0, 0)."""
    return (item,) * count


def size(container: Container) -> int:
    """The number of items (cells of an object, rows of a grid, objects in a set)."""
    return len(container)


def merge(containers: Container) -> Container:
    """All items of the inner containers in one container: merge(objects) is one object with every cell."""
    if isinstance(containers, tuple):
        return tuple(item for inner in containers for item in inner)
    return frozenset(item for inner in containers for item in inner)


def max_value(container: Container, key: Callable) -> int:
    """The largest key(item) over the container (0 when empty): max_value(objs, size)."""
    return max((key(item) for item in container), default=0)


def min_value(container: Container, key: Callable) -> int:
    """The smallest key(item) over the container (0 when empty)."""
    return min((key(item) for item in container), default=0)


def odd_one_out(container: Container, key: Callable) -> Any:
    """The one item whose key differs from all the others' (which share one key), else None."""
    items = list(container)
    keys = [key(item) for item in items]
    if len(items) < 3:
        return None
    odd = [k for k, value in enumerate(keys) if keys.count(value) == 1]
    if len(odd) != 1 or len(set(keys)) != 2:
        return None
    return items[odd[0]]


def argmax(container: Container, key: Callable) -> Any:
    """The item with the largest key(item): argmax(objects(I), size) is the biggest object."""
    return max(container, key=key)


def argmin(container: Container, key: Callable) -> Any:
    """The item with the smallest key(item): argmin(objects(I), size) is the smallest object."""
    return min(container, key=key)


def most_common(items: Container) -> Any:
    """The item occurring most often in a tuple (ties: the first to appear)."""
    items = tuple(items)
    return max(dict.fromkeys(items), key=items.count)


def least_common(items: Container) -> Any:
    """The item occurring least often in a tuple (ties: the first to appear)."""
    items = tuple(items)
    return min(dict.fromkeys(items), key=items.count)


def singleton(value: Any) -> frozenset:
    """frozenset({value})."""
    return frozenset((value,))


def keep_if(container: Container, condition: Callable) -> Container:
    """The items for which condition(item) is true, same container type."""
    return _like(container, (item for item in container if condition(item)))


def merge_filtered(container: Container, condition: Callable) -> frozenset:
    """merge(keep_if(container, condition)): the cells of every object that satisfies condition."""
    return frozenset(cell for item in container if condition(item) for cell in item)


def first_match(container: Container, condition: Callable) -> Any:
    """The first item for which condition(item) is true (error when none does)."""
    for item in container:
        if condition(item):
            return item
    raise ValueError("first_match: no item satisfies the condition")


def to_tuple(container: Container) -> tuple:
    """The container's items as a tuple (iteration order)."""
    return tuple(container)


def first(container: Container) -> Any:
    """The first item (for a frozenset: any one, deterministically)."""
    return next(iter(container))


def last(container: Container) -> Any:
    """The last item (for a frozenset: the last in iteration order)."""
    if isinstance(container, tuple):
        return container[-1]
    return tuple(container)[-1]


def insert(value: Any, container: frozenset) -> frozenset:
    """container with value added."""
    return container | frozenset((value,))


def remove(value: Any, container: Container) -> Container:
    """container without every item equal to value, same container type."""
    return _like(container, (item for item in container if item != value))


def other(container: Container, value: Any) -> Any:
    """The item of a two-item container that is not value: other({1, 2}, 1) == 2."""
    return first(remove(value, container))


def cartesian_product(a: Container, b: Container) -> frozenset:
    """Every pair (x, y) with x from a and y from b."""
    return frozenset((x, y) for x in a for y in b)


def zip_pairs(a: tuple, b: tuple) -> tuple:
    """tuple(zip(a, b)): zip_pairs((1, 2), (3, 4)) == ((1, 3), (2, 4))."""
    return tuple(zip(a, b, strict=False))


def branch(condition: bool, if_true: Any, if_false: Any) -> Any:
    """if_true when condition holds, else if_false."""
    return if_true if condition else if_false


def compose(outer: Callable, inner: Callable) -> Callable:
    """The function x -> outer(inner(x))."""
    return lambda x: outer(inner(x))


def chain(third: Callable, second: Callable, first_fn: Callable) -> Callable:
    """The function x -> third(second(first_fn(x)))."""
    return lambda x: third(second(first_fn(x)))


def matcher(function: Callable, target: Any) -> Callable:
    """The predicate x -> function(x) == target: matcher(colour_of, RED)."""
    return lambda x: function(x) == target


def bind_right(function: Callable, fixed: Any) -> Callable:
    """function with its last argument fixed: bind_right(shift, DOWN)(patch) == shift(patch, DOWN)."""
    return lambda *args: function(*args, fixed)


def bind_left(function: Callable, fixed: Any) -> Callable:
    """function with its first argument fixed: bind_left(fill, I)(RED, patch) == fill(I, RED, patch)."""
    return lambda *args: function(fixed, *args)


def apply_n_times(function: Callable, n: int) -> Callable:
    """The function x -> function applied n times to x (n = 0 is the identity)."""

    def repeated(x):
        for _ in range(n):
            x = function(x)
        return x

    return repeated


def fork(outer: Callable, a: Callable, b: Callable) -> Callable:
    """The function x -> outer(a(x), b(x)): fork(equals, height, width) tests squareness."""
    return lambda x: outer(a(x), b(x))


def apply(function: Callable, container: Container) -> Container:
    """function applied to every item, same container type (a frozenset may shrink on duplicates)."""
    return _like(container, (function(item) for item in container))


def apply_each(functions: Container, value: Any) -> Container:
    """Each function applied to value: apply_each((height, width), I) == shape(I)."""
    return _like(functions, (function(value) for function in functions))


def apply_and_merge(function: Callable, container: Container) -> Container:
    """merge(apply(function, container)): e.g. all neighbours of all points."""
    return merge(apply(function, container))


def apply_pairwise(function: Callable, a: tuple, b: tuple) -> tuple:
    """(function(a[0], b[0]), function(a[1], b[1]), …)."""
    return tuple(function(x, y) for x, y in zip(a, b, strict=False))


def apply_pairwise_and_merge(function: Callable, a: tuple, b: tuple) -> tuple:
    """merge(apply_pairwise(function, a, b))."""
    return tuple(item for x, y in zip(a, b, strict=False) for item in function(x, y))


def apply_to_product(function: Callable, a: Container, b: Container) -> frozenset:
    """{function(x, y) for x in a for y in b}."""
    return frozenset(function(x, y) for x in a for y in b)
