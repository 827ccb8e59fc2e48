"""The AST policy: what it lets through and what it refuses, with clear messages (no processes here)."""

from __future__ import annotations

import pytest

from sandbox import Policy, check_policy
from sandbox.policy import policy_verdict
from sandbox.result import ErrorKind

GOOD = """
from arc_dsl import *
import numpy as np
from collections import Counter
import itertools, math, functools

def solve(I):
    counts = Counter(c for row in I for c in row)
    return tuple(tuple(int(v) for v in row) for row in np.array(I)[::-1])
"""


def test_typical_program_passes():
    assert check_policy(GOOD) is None


def test_arc_dsl_submodule_import_passes():
    assert check_policy("from arc_dsl.grids import *\ndef solve(I):\n    return I\n") is None


@pytest.mark.parametrize("source", ["import os", "import subprocess", "from os import system", "import sys",
                                    "import ctypes", "import importlib", "import gc", "import builtins"])
def test_imports_outside_the_allow_list_are_refused(source):
    message = check_policy(f"{source}\ndef solve(I):\n    return I\n")
    assert message is not None and "not allowed" in message and "line 1" in message


def test_reference_solvers_cannot_be_imported():
    assert "not allowed" in check_policy("from arc_dsl.solvers import solver_source\ndef solve(I):\n    return I\n")


def test_reference_solvers_cannot_be_imported_as_a_name():
    assert "not allowed" in check_policy("from arc_dsl import solvers\ndef solve(I):\n    return I\n")


def test_relative_imports_are_refused():
    assert "relative" in check_policy("from . import x\ndef solve(I):\n    return I\n")


@pytest.mark.parametrize("name", ["exec", "eval", "compile", "open", "__import__", "globals", "locals", "vars",
                                  "getattr", "setattr", "delattr", "breakpoint", "input", "dir"])
def test_escape_builtins_are_refused(name):
    message = check_policy(f"def solve(I):\n    return {name}\n")
    assert message == f"line 2: '{name}' is not allowed"


@pytest.mark.parametrize("expression", ["().__class__", "I.__class__.__base__.__subclasses__()", "solve.__globals__",
                                        "__builtins__", "f'{I.__class__}'"])
def test_dunder_access_is_refused(expression):
    assert "not allowed" in check_policy(f"def solve(I):\n    x = {expression}\n    return I\n")


def test_name_dunder_name_is_allowed():
    assert check_policy("def solve(I):\n    return I\nif __name__ == '__main__':\n    pass\n") is None


@pytest.mark.parametrize("attribute", ["gi_frame", "f_back", "f_globals", "tb_frame", "co_code", "cr_frame"])
def test_frame_introspection_is_refused(attribute):
    assert "introspection" in check_policy(f"def solve(I):\n    x = I.{attribute}\n    return I\n")


def test_syntax_error_is_reported_as_syntax_with_line():
    assert policy_verdict("def solve(I):\n    return (\n") == (ErrorKind.SYNTAX, policy_verdict(
        "def solve(I):\n    return (\n")[1])
    kind, message = policy_verdict("def solve(I)\n    return I\n")
    assert kind is ErrorKind.SYNTAX and "line 1" in message


def test_null_bytes_are_a_syntax_error():
    assert policy_verdict("def solve(I):\n    return I\x00\n")[0] is ErrorKind.SYNTAX


def test_deeply_nested_program_is_a_syntax_error_not_a_crash():
    assert policy_verdict("x = " + "(" * 5000 + ")" * 5000)[0] is ErrorKind.SYNTAX


def test_overlong_program_is_refused():
    assert "characters long" in check_policy("x = 1\n" * 20_000)


def test_f_string_field_floods_are_refused_before_the_parse():
    # one f-string of 16,000 fields within the length cap: 0.4 s for the parser (it rescans per field)
    flood = "def solve(I):\n    return I\nx = f'" + "{1}" * 16_000 + "'\n"
    assert len(flood) < Policy().max_chars
    assert policy_verdict(flood) == (ErrorKind.POLICY, "program has 16000 '{' characters (limit 2000)")
    assert check_policy("def solve(I):\n    return I\nx = f'" + "{1}" * 500 + "'\n") is None


def test_disabled_policy_allows_anything():
    assert check_policy("import os\nos.system('x')\n", Policy.disabled()) is None


def test_allowing_adds_modules():
    assert check_policy("import re\ndef solve(I):\n    return I\n", Policy().allowing("re")) is None


# ---------------------------------------------------------------- routes around the filter (each one refused)

@pytest.mark.parametrize("expression", ["np._core", "collections._sys", "functools._lru_cache_wrapper", "I._x",
                                        "np.lib._npyio_impl"])
def test_private_attributes_are_refused(expression):
    message = check_policy(f"import numpy as np, collections, functools\ndef solve(I):\n    x = {expression}\n"
                           "    return I\n")
    assert message is not None and "private" in message


@pytest.mark.parametrize("source", ["import numpy._core as c", "from numpy import _core",
                                    "from collections import _sys", "from numpy._core import multiarray"])
def test_private_modules_and_names_cannot_be_imported(source):
    assert "not allowed" in check_policy(f"{source}\ndef solve(I):\n    return I\n")


@pytest.mark.parametrize("expression", ["np.ctypeslib.ctypes", "np.compat.os", "I.sys", "x.builtins", "m.importlib",
                                        "np.testing.os"])
def test_module_attributes_outside_the_allow_list_are_refused(expression):
    message = check_policy(f"import numpy as np\ndef solve(I):\n    x = m = I\n    y = {expression}\n    return I\n")
    assert message is not None and "a module outside the allow-list" in message


def test_modules_outside_the_allow_list_cannot_be_imported_from_an_allowed_one():
    message = check_policy("from numpy.ctypeslib import ctypes\ndef solve(I):\n    return I\n")
    assert message is not None and "a module outside the allow-list" in message


def test_allowed_submodules_stay_reachable():
    program = ("import numpy as np\nimport collections.abc\ndef solve(I):\n    a = np.linalg.norm(np.array(I))\n"
               "    r = np.random.default_rng(0)\n    return I\n")
    assert check_policy(program) is None


@pytest.mark.parametrize("template", ["{0.__class__}", "{0.f_back}", "{x._secret}", "{0[1].gi_frame.f_back}",
                                      "{0:{1.__class__}}", "{0.ctypes}"])
def test_format_string_fields_follow_the_attribute_rules(template):
    message = check_policy(f"def solve(I):\n    s = {template!r}.format(I, I, x=I)\n    return I\n")
    assert message is not None and "format field" in message


def test_ordinary_format_strings_pass():
    assert check_policy("def solve(I):\n    s = '{} {:>3} {0[1]} {x}'.format(1, 2, x=3)\n    return I\n") is None


# ---------------------------------------------------------------- solve must really be defined

@pytest.mark.parametrize("program", [
    'x = "def solve(I):\\n    return I"\nraise ValueError\n',  # only inside a string, and raises at import
    "solve = lambda I: I\n",
    "class A:\n    def solve(I):\n        return I\n",
    "if True:\n    def solve(I):\n        return I\n",
    "def solve():\n    return ((1,),)\n",
])
def test_a_program_without_a_module_level_solve_is_a_syntax_error(program):
    kind, message = policy_verdict(program)
    assert kind is ErrorKind.SYNTAX and "defines no function solve" in message


def test_defines_solve_is_false_for_text_that_does_not_parse():
    from sandbox.policy import defines_solve

    assert not defines_solve("def solve(I):\n  return (\n") and defines_solve("def solve(I, *rest):\n    return I\n")


# ---------------------------------------------------------------- the parent's cost on hostile programs

def test_rejected_huge_programs_are_not_kept_in_memory():
    import gc
    import tracemalloc

    from sandbox.policy import VERDICTS

    before = len(VERDICTS)
    tracemalloc.start()
    for index in range(20):
        assert "characters long" in check_policy(f"# {index}\n" + "x" * 2_000_000)
    gc.collect()
    kept, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(VERDICTS) == before
    assert kept < 5_000_000


def test_cached_verdicts_hold_a_digest_not_the_program():
    import gc
    import tracemalloc

    from sandbox.policy import VERDICTS

    program = "def solve(I):\n    return I\n# " + "y" * 40_000 + "\n"
    check_policy(program)
    hits = VERDICTS.hits
    assert check_policy(program) is None and VERDICTS.hits == hits + 1
    tracemalloc.start()
    for index in range(50):  # 50 distinct 40 KB programs that pass: their verdicts are kept, not their text
        check_policy(program + f"# {index}\n")
    gc.collect()
    kept, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert kept < 500_000
