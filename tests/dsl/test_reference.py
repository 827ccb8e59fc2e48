"""The prompt reference: which primitives it lists, and how."""

import re

import pytest

import arc_dsl
from arc_dsl.docs import primitives, usage_counts
from data.errors import UserError

LINE = re.compile(r"^(\w+)\(.*\)( -> .+)?  # .+$")


def listed(text: str) -> list[str]:
    return [match.group(1) for line in text.splitlines() if (match := LINE.match(line))]


def test_reference_all_lists_every_primitive_once():
    assert sorted(listed(arc_dsl.reference())) == sorted(primitives())


def test_reference_top_n_lists_the_n_most_used():
    top = listed(arc_dsl.reference(10))
    expected = list(usage_counts())[:10]
    assert sorted(top) == sorted(expected)


def test_reference_names_lists_exactly_those():
    assert listed(arc_dsl.reference(["fill", "rotate_90"])) == ["rotate_90", "fill"]


def test_reference_unknown_name_is_a_user_error():
    with pytest.raises(UserError, match="no_such_primitive"):
        arc_dsl.reference(["no_such_primitive"])


def test_reference_groups_by_module_in_module_order():
    headers = [line[3:] for line in arc_dsl.reference().splitlines() if line.startswith("## ")]
    assert headers == list(arc_dsl.PRIMITIVE_MODULES)


def test_reference_shows_signature_and_docstring():
    text = arc_dsl.reference(["rotate_90"])
    assert "rotate_90(grid: Grid) -> Grid  # The grid turned a quarter clockwise" in text


def test_usage_counts_counts_names_in_programs():
    counts = usage_counts(["from arc_dsl import *\ndef solve(I):\n    return fill(fill(I, 1, x), 2, y)\n"])
    assert counts["fill"] == 2 and list(counts)[0] == "fill"
