"""Parsing Python source text from any thread: one lock, and the errors hostile text can raise.

Why a lock: CPython 3.11's AST builder keeps its recursion counter in interpreter-wide state. When
two threads parse at once and the garbage collector runs Python code (a finaliser) in the middle of
one parse, the other thread can take the GIL, reset the shared counter, and the first parse fails
with `SystemError: AST constructor recursion depth mismatch`. The sampler's offline teacher
mutates programs in worker threads (`asyncio.to_thread`) while other threads check programs against
the sandbox policy, so every parse of the project goes through `parse` (a spurious SystemError of
this kind is also retried once, in case a library outside the project parsed at the same moment).

Program text that models wrote can be deep or huge: besides SyntaxError, `ast.parse` raises
RecursionError, MemoryError, ValueError (NUL bytes) or OverflowError. `PARSE_ERRORS` lists them;
`try_parse` returns None for any of them. `compile_source` compiles under the same lock, with the
compiler's warnings silenced (hostile text must not write to the caller's stderr).
"""

from __future__ import annotations

import ast
import threading
import warnings
from types import CodeType

PARSE_ERRORS = (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError)

_LOCK = threading.RLock()  # re-entrant: a finaliser that parses during a parse must not deadlock
_MISMATCH = "recursion depth mismatch"


def parse(source: str) -> ast.Module:
    """`ast.parse(source)`, serialised across threads; raises what ast.parse raises (see PARSE_ERRORS)."""
    with _LOCK:
        try:
            return ast.parse(source)
        except SystemError as error:  # another thread's parse outside this lock (see the docstring)
            if _MISMATCH not in str(error):
                raise
        return ast.parse(source)  # once more; a second SystemError is raised


def try_parse(source: str) -> ast.Module | None:
    """The module's tree, or None when the text does not parse (syntax, depth, size, NUL bytes)."""
    try:
        return parse(source)
    except PARSE_ERRORS:
        return None


def compile_source(source: str, filename: str) -> CodeType:
    """`compile(source, filename, "exec")` without the caller's future flags, serialised like `parse`.

    Raises what compile raises (PARSE_ERRORS, TypeError); emits no SyntaxWarning or DeprecationWarning."""
    with _LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return compile(source, filename, "exec", dont_inherit=True)
