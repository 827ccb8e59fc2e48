"""data.python_source: parses are serialised across threads, a spurious AST SystemError is retried once,
and hostile text (deep, NUL bytes, bad syntax) gives None from try_parse instead of an exception."""

from __future__ import annotations

import ast
import threading
import time

import pytest

from data import python_source
from data.python_source import parse, try_parse


def test_parses_are_serialised_across_threads(monkeypatch):
    real_parse = ast.parse
    inside, most = 0, 0
    guard = threading.Lock()

    def slow_parse(source):
        nonlocal inside, most
        with guard:
            inside += 1
            most = max(most, inside)
        time.sleep(0.01)  # releases the GIL: without the lock another thread would enter here
        with guard:
            inside -= 1
        return real_parse(source)

    monkeypatch.setattr(python_source.ast, "parse", slow_parse)
    threads = [threading.Thread(target=lambda: [parse("x = 1") for _ in range(5)]) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 1


def test_a_recursion_depth_mismatch_is_retried_once(monkeypatch):
    real_parse = ast.parse
    calls = []

    def flaky(source):
        calls.append(source)
        if len(calls) == 1:
            raise SystemError("AST constructor recursion depth mismatch (before=27, after=29)")
        return real_parse(source)

    monkeypatch.setattr(python_source.ast, "parse", flaky)
    assert isinstance(parse("def solve(I):\n    return I\n"), ast.Module)
    assert len(calls) == 2


def test_a_persistent_or_other_system_error_is_raised(monkeypatch):
    def always(source):
        raise SystemError("AST constructor recursion depth mismatch (before=1, after=2)")

    monkeypatch.setattr(python_source.ast, "parse", always)
    with pytest.raises(SystemError):
        parse("x = 1")

    def other(source):
        raise SystemError("something else")

    monkeypatch.setattr(python_source.ast, "parse", other)
    with pytest.raises(SystemError, match="something else"):
        parse("x = 1")


@pytest.mark.parametrize("text", [
    "def solve(I:\n    return I",       # syntax
    "x = " + "-" * 200_000 + "1",        # too deep for the parser/AST builder
    "x = 1\0",                           # NUL byte
    "[" * 5000 + "]" * 5000,             # nesting limit
])
def test_try_parse_returns_none_for_text_that_does_not_parse(text):
    assert try_parse(text) is None


def test_try_parse_returns_the_tree():
    tree = try_parse("def solve(I):\n    return I\n")
    assert isinstance(tree.body[0], ast.FunctionDef) and tree.body[0].name == "solve"


def test_compile_source_emits_no_compiler_warnings():
    import warnings

    from data.python_source import compile_source

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = compile_source("x = 1\nflag = x is 1\npattern = '\\d'\n", "<program>")
        compile("flag = 1 is 1\n", "<control>", "exec")  # the control: this one does warn
    assert code.co_filename == "<program>"
    assert [type(w.message) for w in caught] == [SyntaxWarning]
