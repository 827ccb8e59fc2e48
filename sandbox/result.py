"""What running a program returns: `ExecResult` (per program) holding one `ExampleResult` per input.

A program either fails as a whole (`program_error`: it does not parse, breaks the policy, raises at
module level, runs out of time or memory, is killed, or sends back garbage) or runs, and then every
input gets its own output grid or error kind. `examples` always has one entry per input, so callers
can zip it with the expected outputs; when the program failed as a whole, the entries that never ran
carry the program's error kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from data.grid import Grid, is_grid


class ErrorKind(str, Enum):  # noqa: UP042 - the shared contract: str values, plain Enum str()
    """Why a program (or one input of it) produced no output grid."""

    SYNTAX = "syntax"  # the text does not parse as Python, or defines no solve(I)
    POLICY = "policy"  # the AST policy refused it (never executed)
    RUNTIME = "runtime"  # an exception was raised
    TIMEOUT = "timeout"  # wall-clock or CPU limit reached
    MEMORY = "memory"  # address-space limit reached (MemoryError or death near the limit)
    BAD_OUTPUT = "bad_output"  # solve returned something that is not a grid, or the result stream was malformed
    KILLED = "killed"  # the process died from a signal for another reason


@dataclass(frozen=True)
class ExampleResult:
    """The outcome on one input: an output grid, or None plus the error kind and a short message."""

    output: Grid | None
    error: ErrorKind | None = None
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"output": [list(row) for row in self.output] if self.output is not None else None,
                "error": self.error.value if self.error else None, "message": self.message}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ExampleResult:
        output = raw.get("output")
        grid = tuple(tuple(row) for row in output) if output is not None else None
        if grid is not None and not is_grid(grid):
            raise ValueError("ExampleResult.output is not a grid")
        return cls(grid, ErrorKind(raw["error"]) if raw.get("error") else None, raw.get("message", ""))


@dataclass(frozen=True)
class ExecResult:
    """The outcome of one program on a list of inputs (`seconds` is the wall time of its process)."""

    program_error: ErrorKind | None
    message: str
    examples: tuple[ExampleResult, ...]
    seconds: float = 0.0

    @property
    def outputs(self) -> tuple[Grid | None, ...]:
        return tuple(example.output for example in self.examples)

    @property
    def ok(self) -> bool:
        """True when every input produced a grid."""
        return self.program_error is None and all(example.error is None for example in self.examples)

    def errors(self) -> tuple[ErrorKind | None, ...]:
        return tuple(example.error for example in self.examples)

    def to_dict(self) -> dict[str, Any]:
        return {"program_error": self.program_error.value if self.program_error else None,
                "message": self.message, "seconds": round(self.seconds, 6),
                "examples": [example.to_dict() for example in self.examples]}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ExecResult:
        return cls(ErrorKind(raw["program_error"]) if raw.get("program_error") else None, raw.get("message", ""),
                   tuple(ExampleResult.from_dict(example) for example in raw["examples"]),
                   float(raw.get("seconds", 0.0)))

    @classmethod
    def failed(cls, kind: ErrorKind, message: str, n_inputs: int, seconds: float = 0.0) -> ExecResult:
        """A whole-program failure: every input carries `kind`."""
        return cls(kind, message, tuple(ExampleResult(None, kind, message) for _ in range(n_inputs)), seconds)
