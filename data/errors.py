"""Errors a user can cause, and the one way every CLI reports them.

A `UserError` (bad input, a missing file, an invalid flag combination) becomes one line on stderr
and exit code 2, never a traceback. Every stage's CLI runs its Typer app through `run_cli`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable


class UserError(Exception):
    """A mistake in the user's input: reported as one line, exit code 2."""


class DataError(UserError, ValueError):
    """Invalid ARC data; the message names the file, task, example and field."""

    def __init__(self, message: str, *, file: str | None = None, task: str | None = None,
                 example: str | None = None, field: str | None = None):
        where = ", ".join(
            f"{name} {value}"
            for name, value in (("file", file), ("task", task), ("example", example), ("field", field))
            if value is not None
        )
        super().__init__(f"{where}: {message}" if where else message)
        self.file, self.task, self.example, self.field = file, task, example, field


def run_cli(app: Callable[..., object], prog: str) -> None:
    """Run a Typer app (or any callable), turning `UserError` into `prog: error: …` and exit 2."""
    try:
        app()
    except UserError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        raise SystemExit(130) from None
