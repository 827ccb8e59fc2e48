"""Meta-tests: every public primitive has a docstring and a test, and the package exports line up.

A primitive `name` counts as tested when some `tests/dsl/*.py` defines `test_<name>` or
`test_<name>__<what>` (double underscore before the detail, so `test_colour_count` never counts for
a primitive called `colour`).
"""

import ast
import importlib
from pathlib import Path

import arc_dsl
from arc_dsl.docs import primitives

TESTS_DIR = Path(__file__).parent


def test_function_names(folder: Path) -> set[str]:
    names = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                names.add(node.name)
    return names


test_function_names.__test__ = False  # a helper, not a test


def untested(names, tests: set[str]) -> list[str]:
    covered = {test.removeprefix("test_").split("__")[0] for test in tests}
    return sorted(name for name in names if name not in covered)


def public_primitive_names() -> list[str]:
    aliases = set(importlib.import_module("arc_dsl.types").__all__)
    return [name for name in arc_dsl.__all__ if not name.isupper() and name not in aliases]


def test_every_public_primitive_has_a_test():
    missing = untested(public_primitive_names(), test_function_names(TESTS_DIR))
    assert missing == [], f"primitives without a test_<name> in tests/dsl: {missing}"


def test_every_public_primitive_has_a_one_line_docstring():
    undocumented = [name for name in public_primitive_names()
                    if not (getattr(arc_dsl, name).__doc__ or "").strip()]
    assert undocumented == []


def test_untested_detects_a_missing_primitive_and_ignores_prefix_collisions():
    tests = {"test_colour_count", "test_shift__objects", "test_size"}
    assert untested(["colour", "colour_count", "shift", "size"], tests) == ["colour"]


def test_package_exports_every_module_name_exactly_once():
    exported = []
    for module_name in ("types", *arc_dsl.PRIMITIVE_MODULES):
        exported += importlib.import_module(f"arc_dsl.{module_name}").__all__
    assert sorted(exported) == sorted(arc_dsl.__all__) and len(set(exported)) == len(exported)


def test_every_exported_name_is_defined():
    assert all(hasattr(arc_dsl, name) for name in arc_dsl.__all__)


def test_primitives_table_matches_public_names():
    assert sorted(primitives()) == sorted(public_primitive_names())


def test_star_import_gives_primitives_and_constants():
    namespace: dict = {}
    exec("from arc_dsl import *", namespace)
    assert {"rotate_90", "objects", "Grid", "RED", "DOWN"} <= set(namespace) and "reference" not in namespace
