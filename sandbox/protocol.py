"""The bytes that cross process boundaries, and the strict parser for the untrusted side.

Two channels:

* **child → zygote → parent** (untrusted): the sandboxed process writes newline-terminated JSON
  records to its result pipe, one per input as soon as that input is done, then one terminal record:

      {"i": 0, "out": [[0, 1], [1, 0]]}        input 0 produced a grid
      {"i": 1, "err": "runtime", "msg": "…"}   input 1 raised (or "bad_output", "memory")
      {"end": 2}                               all inputs done
      {"fail": "syntax", "msg": "…"}           the program failed as a whole ("syntax", "runtime", "memory")

  The child writes them straight to the parent, which caps their size; `decode_stream` treats
  them as hostile: line cap, exact key sets, indices in order, strict grid check, short messages
  (nothing the child sends is copied into a message uncapped). Anything else makes the whole result `BAD_OUTPUT`. Nothing is ever unpickled.

* **parent → child** (trusted): the job payload, the marshalled (code object, prepared-namespace
  flag, input grids) (`encode_job`). The parent compiles the program itself
  (`sandbox.runner.compile_program`: a program that does not compile never costs a process) and
  writes the payload into a pipe that only the child reads. The zygote forwards the pipe's read end
  without reading it (see `sandbox.zygote`), and gets bare commands on its own channel.
"""

from __future__ import annotations

import json
import marshal
from dataclasses import dataclass, field
from types import CodeType

from data.grid import MAX_SIDE, NUM_COLOURS, Grid
from sandbox.result import ErrorKind, ExampleResult

MAX_MESSAGE_CHARS = 300  # error messages longer than this are cut (they end up in prompts)
EXAMPLE_ERRORS = frozenset({ErrorKind.RUNTIME, ErrorKind.BAD_OUTPUT, ErrorKind.MEMORY})
PROGRAM_ERRORS = frozenset({ErrorKind.SYNTAX, ErrorKind.RUNTIME, ErrorKind.MEMORY})


# ---------------------------------------------------------------- child side (runs untrusted code)

def record_output(index: int, grid: list[list[int]]) -> bytes:
    return json.dumps({"i": index, "out": grid}, separators=(",", ":")).encode() + b"\n"


def record_error(index: int, kind: ErrorKind, message: str) -> bytes:
    return json.dumps({"i": index, "err": kind.value, "msg": message[:MAX_MESSAGE_CHARS]}).encode() + b"\n"


def record_end(count: int) -> bytes:
    return b'{"end":%d}\n' % count


def record_fail(kind: ErrorKind, message: str) -> bytes:
    return json.dumps({"fail": kind.value, "msg": message[:MAX_MESSAGE_CHARS]}).encode() + b"\n"


# ---------------------------------------------------------------- parent side (parses hostile bytes)

@dataclass
class DecodedStream:
    """What a child reported: finished examples (in input order) and how the stream ended.

    `terminal` is None when the stream stopped early (process died or timed out), ("end", "") when all
    inputs finished, or (kind, message) for a whole-program failure. `malformed` explains a stream that
    broke the protocol; then nothing in it is trusted.
    """

    examples: list[ExampleResult] = field(default_factory=list)
    terminal: tuple[ErrorKind | str, str] | None = None
    malformed: str | None = None


def _grid(value: object) -> Grid | None:
    """A Grid from decoded JSON, or None unless it is exactly a list of equal rows of ints 0-9."""
    if type(value) is not list or not 0 < len(value) <= MAX_SIDE:
        return None
    width = len(value[0]) if type(value[0]) is list else 0
    if not 0 < width <= MAX_SIDE:
        return None
    rows = []
    for row in value:
        if type(row) is not list or len(row) != width:
            return None
        for cell in row:
            if type(cell) is not int or not 0 <= cell < NUM_COLOURS:
                return None
        rows.append(tuple(row))
    return tuple(rows)


def _message(value: object) -> str | None:
    return value[:MAX_MESSAGE_CHARS] if type(value) is str else None


def decode_stream(data: bytes, n_inputs: int) -> DecodedStream:
    """Parse a child's result bytes strictly (see the module docstring for the format)."""
    decoded = DecodedStream()
    lines = data.split(b"\n")
    complete, partial = lines[:-1], lines[-1]
    if len(complete) > n_inputs + 1:
        return DecodedStream(malformed=f"{len(complete)} records for {n_inputs} inputs")
    for number, line in enumerate(complete):
        if decoded.terminal is not None:
            return DecodedStream(malformed="records after the end of the stream")
        try:
            record = json.loads(line)
        except (ValueError, RecursionError, MemoryError):
            return DecodedStream(malformed=f"record {number} is not JSON")
        if type(record) is not dict:
            return DecodedStream(malformed=f"record {number} is not an object")
        keys = frozenset(record)
        if keys == {"i", "out"} or keys == {"i", "err", "msg"}:
            if type(record["i"]) is not int or record["i"] != len(decoded.examples):
                return DecodedStream(malformed=f"record {number} has an index out of order")
            if len(decoded.examples) >= n_inputs:
                return DecodedStream(malformed="more results than inputs")
            if "out" in keys:
                grid = _grid(record["out"])
                if grid is None:
                    return DecodedStream(malformed=f"record {number} holds an invalid grid")
                decoded.examples.append(ExampleResult(grid))
            else:
                kind, message = _kind(record["err"], EXAMPLE_ERRORS), _message(record["msg"])
                if kind is None or message is None:
                    return DecodedStream(malformed=f"record {number} has an invalid error")
                decoded.examples.append(ExampleResult(None, kind, message))
        elif keys == {"end"}:
            if type(record["end"]) is not int or record["end"] != n_inputs or len(decoded.examples) != n_inputs:
                return DecodedStream(malformed="end record does not match the results")
            decoded.terminal = ("end", "")
        elif keys == {"fail", "msg"}:
            kind, message = _kind(record["fail"], PROGRAM_ERRORS), _message(record["msg"])
            if kind is None or message is None:
                return DecodedStream(malformed=f"record {number} has an invalid failure")
            decoded.terminal = (kind, message)
        else:
            return DecodedStream(malformed=f"record {number} has unexpected keys")
    if partial and decoded.terminal is not None:
        return DecodedStream(malformed="bytes after the end of the stream")
    return decoded


def _kind(value: object, allowed: frozenset[ErrorKind]) -> ErrorKind | None:
    if type(value) is not str:
        return None
    try:
        kind = ErrorKind(value)
    except ValueError:
        return None
    return kind if kind in allowed else None


# ---------------------------------------------------------------- parent -> child job payload (trusted)

def encode_job(code: CodeType | str, prepared: bool, inputs: tuple[Grid, ...]) -> bytes:
    """The payload a child reads from its job pipe: the marshalled (code, prepared, inputs).

    `code` is the program as the parent compiled it (`sandbox.runner.compile_program`), or its text
    when the parent leaves compiling to the child (programs beyond the default policy's caps);
    `prepared` says whether compiled code runs in the zygote's prepared DSL namespace; `inputs` are
    tuple grids. Marshal, not JSON: the child gets its code and tuple grids in one C call, with a
    fraction of the allocations (and so of the copy-on-write faults) of decoding JSON lists and
    compiling source. Both ends are the same
    interpreter, and the bytes only ever flow from the trusted parent to the child."""
    return marshal.dumps((code, bool(prepared), tuple(inputs)))


def decode_job(payload: bytes) -> tuple[CodeType | str, bool, tuple[Grid, ...]]:
    """The child's side of `encode_job` (trusted bytes: written by the parent into the child's own pipe)."""
    code, prepared, inputs = marshal.loads(payload)
    return code, prepared, inputs
