"""The runner's prepared DSL namespace stands in for a leading `from arc_dsl import *`, exactly."""

from __future__ import annotations

import json

import pytest

from sandbox.runner import DSL_IMPORT, _skip_leading_dsl_import, dsl_namespace, execute

A = ((1, 2), (3, 4))


def _run(program: str, prepared: dict | None) -> list[dict]:
    records: list[bytes] = []
    execute(program, [A], records.append, prepared)
    return [json.loads(record) for record in records]


GLOBALS = "def solve(I):\n    return ((len([k for k in globals() if not k.startswith('_')]) % 10,),)\n"


@pytest.mark.parametrize("program", [
    f"{DSL_IMPORT}\n{GLOBALS}",
    f"# a comment\n\n{DSL_IMPORT}\n{GLOBALS}",
    f"import math\n{DSL_IMPORT}\n{GLOBALS}",  # not first: runs as written, in fresh globals
    GLOBALS,  # no DSL import: the prepared names must not appear
    f"{DSL_IMPORT}\ncolour = 3\n{GLOBALS}",
])
def test_prepared_namespace_gives_the_same_results_as_the_star_import(program: str):
    assert _run(program, dsl_namespace()) == _run(program, None)


def test_only_an_exact_leading_import_is_skipped_and_lines_keep_their_numbers():
    assert _skip_leading_dsl_import(f"{DSL_IMPORT}\ndef solve(I):\n    return I\n") == "\ndef solve(I):\n    return I\n"
    assert _skip_leading_dsl_import(f"import math\n{DSL_IMPORT}\n") is None
    assert _skip_leading_dsl_import(f"{DSL_IMPORT}, x\n") is None
    assert _skip_leading_dsl_import(f'"""doc"""\n{DSL_IMPORT}\n') is None
    failing = f"{DSL_IMPORT}\ndef solve(I):\n    return I[9]\n"
    assert _run(failing, dsl_namespace())[0]["msg"] == _run(failing, None)[0]["msg"]
    assert "(line 3)" in _run(failing, dsl_namespace())[0]["msg"]


def test_the_prepared_namespace_holds_exactly_the_dsl_exports():
    import arc_dsl

    namespace = dsl_namespace()
    assert set(namespace) - {"__name__", "__builtins__"} == set(arc_dsl.__all__)
