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


def test_disabled_policy_allows_anything():
    assert check_policy("import os\nos.system('x')\n", Policy.disabled()) is None


def test_allowing_adds_modules():
    assert check_policy("import re\ndef solve(I):\n    return I\n", Policy().allowing("re")) is None
