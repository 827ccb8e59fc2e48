"""Running one program on its inputs and reporting each result as a protocol record.

`run_code` is what executes inside the sandboxed process, on a code object the trusted parent made
with `compile_program`; `execute` does both in one process (the benchmark's comparison columns:
in-process or in a cold interpreter). It assumes nothing about the program: every failure becomes a
record, and the trusted parent re-checks whatever arrives anyway, because a program that takes over
this process can write any bytes it likes.
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Callable, Sequence
from types import CodeType

from data.grid import MAX_SIDE, NUM_COLOURS, Grid
from data.python_source import PARSE_ERRORS, compile_source
from sandbox.protocol import MAX_MESSAGE_CHARS, record_end, record_error, record_fail, record_output
from sandbox.result import ErrorKind

PROGRAM_FILENAME = "<program>"  # shows up in tracebacks; used to find the failing line
DSL_IMPORT = "from arc_dsl import *"


class BadOutput(Exception):
    """solve(I) returned something that is not a grid."""


def dsl_namespace() -> dict:
    """The globals a program has right after its first statement `from arc_dsl import *`.

    Built once in the zygote: a child that uses it (its own copy-on-write copy) skips the star import,
    which would touch every DSL function and name, about a hundred pages each child must copy."""
    import arc_dsl

    return _fresh_globals() | {name: getattr(arc_dsl, name) for name in arc_dsl.__all__}


def _fresh_globals() -> dict:
    return {"__name__": "__program__", "__builtins__": builtins}


def _skip_leading_dsl_import(program: str) -> str | None:
    """`program` with its first statement blanked when that statement is exactly `DSL_IMPORT`, else None.

    Only the first statement (after blank and comment lines), so every later statement runs in the
    same namespace as it would after the star import; line numbers stay the same."""
    lines = program.split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            if line.rstrip() != DSL_IMPORT:
                return None
            lines[index] = ""
            return "\n".join(lines)
    return None


class CompileFailure(Exception):
    """The program as a whole cannot run: it does not compile (SYNTAX) or compiling ran out of memory (MEMORY)."""

    def __init__(self, kind: ErrorKind, message: str):
        super().__init__(message)
        self.kind, self.message = kind, message[:MAX_MESSAGE_CHARS]


def compile_program(program: str, *, prepared: bool) -> tuple[CodeType, bool]:
    """The program's code object, and whether it runs in the prepared DSL namespace; raises CompileFailure.

    With `prepared`, a leading `from arc_dsl import *` is blanked out (line numbers stay) and the second
    value is True: the code must then run in a `dsl_namespace()`, which stands in for that import. The
    sandbox's parent compiles here and ships the code object: a child skips the parser, whose
    allocations cost it about a hundred copy-on-write page faults."""
    uses_prepared = False
    if prepared and (rest := _skip_leading_dsl_import(program)) is not None:
        program, uses_prepared = rest, True
    try:
        return compile_source(program, PROGRAM_FILENAME), uses_prepared
    except MemoryError:
        raise CompileFailure(ErrorKind.MEMORY, "MemoryError while compiling") from None
    except (*PARSE_ERRORS, TypeError) as error:  # (MemoryError is caught above)
        raise CompileFailure(ErrorKind.SYNTAX, describe(error)) from None


def execute(program: str, inputs: Sequence[Grid], emit: Callable[[bytes], object],
            prepared: dict | None = None) -> None:
    """Compile `program`, run `solve` on each input and `emit` one record per input, then a terminal one.

    `prepared` (from `dsl_namespace()`, handed over for this one program: it is mutated) stands in for
    the program's leading `from arc_dsl import *`; programs that do not start with it get fresh globals."""
    try:
        code, uses_prepared = compile_program(program, prepared=prepared is not None)
    except CompileFailure as failure:
        emit(record_fail(failure.kind, failure.message))
        return
    run_code(code, inputs, emit, prepared if uses_prepared else None)


def run_code(code: CodeType, inputs: Sequence[Grid], emit: Callable[[bytes], object],
             namespace: dict | None = None) -> None:
    """Run compiled program code in `namespace` (default: fresh globals), then `solve` on each input."""
    namespace = _fresh_globals() if namespace is None else namespace
    try:
        exec(code, namespace)
    except MemoryError:
        emit(record_fail(ErrorKind.MEMORY, "MemoryError at module level"))
        return
    except BaseException as error:  # noqa: BLE001 - SystemExit and friends are program errors too
        emit(record_fail(ErrorKind.RUNTIME, describe(error)))
        return
    solve = namespace.get("solve")
    if not callable(solve):
        emit(record_fail(ErrorKind.SYNTAX, "the program defines no function solve(I)"))
        return
    for index, grid in enumerate(inputs):
        try:
            value = solve(grid)
        except MemoryError:
            emit(record_error(index, ErrorKind.MEMORY, "MemoryError"))
            continue
        except BaseException as error:  # noqa: BLE001
            emit(record_error(index, ErrorKind.RUNTIME, describe(error)))
            continue
        try:
            emit(record_output(index, wire_grid(value)))
        except BadOutput as error:
            emit(record_error(index, ErrorKind.BAD_OUTPUT, str(error)))
    emit(record_end(len(inputs)))


def describe(error: BaseException) -> str:
    """`Type: message (line N)` with N the last line of the program in the traceback."""
    try:
        text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    except BaseException:  # noqa: BLE001 - a hostile __str__ must not break reporting
        text = "exception with an unprintable message"
    line = getattr(error, "lineno", None) if isinstance(error, SyntaxError) else None
    traceback = error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == PROGRAM_FILENAME:
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return f"{text} (line {line})" if isinstance(line, int) else text


def wire_grid(value: object) -> list[list[int]]:
    """`value` as nested lists of ints when it is a grid (tuples, lists or a 2-D integer numpy array)."""
    numpy = sys.modules.get("numpy")
    if numpy is not None and type(value) is numpy.ndarray:
        if value.ndim != 2 or value.dtype.kind not in "iu":
            raise BadOutput(f"solve returned a {value.ndim}-D {value.dtype} array, not a 2-D integer grid")
        value = value.tolist()
    if type(value) is not tuple and type(value) is not list:  # identity: a metaclass can fake ==
        raise BadOutput(f"solve returned {_type_name(value)}, not a grid (a tuple of tuples of ints 0-9)")
    if not 0 < len(value) <= MAX_SIDE:
        raise BadOutput(f"solve returned a grid with {len(value)} rows (1 to {MAX_SIDE} allowed)")
    rows, width = [], None
    for r, row in enumerate(value):
        if numpy is not None and type(row) is numpy.ndarray and row.ndim == 1 and row.dtype.kind in "iu":
            row = row.tolist()
        if type(row) is not tuple and type(row) is not list:
            raise BadOutput(f"row {r} is {_type_name(row)}, not a tuple of ints")
        if width is None:
            width = len(row)
            if not 0 < width <= MAX_SIDE:
                raise BadOutput(f"solve returned a grid with {width} columns (1 to {MAX_SIDE} allowed)")
        elif len(row) != width:
            raise BadOutput(f"ragged grid: row {r} has {len(row)} cells, row 0 has {width}")
        cells = []
        for c, cell in enumerate(row):
            if type(cell) is not int:
                if numpy is None or not isinstance(cell, numpy.integer) or isinstance(cell, bool):
                    raise BadOutput(f"cell ({r},{c}) is {_type_name(cell)}, not an int 0-9")
                cell = int(cell)
            if not 0 <= cell < NUM_COLOURS:
                raise BadOutput(f"cell ({r},{c}) is {cell}, outside 0-9")
            cells.append(cell)
        rows.append(cells)
    return rows


def _type_name(value: object) -> str:
    try:
        return f"a {type(value).__name__}"
    except BaseException:  # noqa: BLE001
        return "an object"
