"""Errors a user can cause. A `UserError` (bad input, a missing file, an invalid flag combination) becomes one
line on stderr and exit code 2, never a traceback: every CLI runs through `data.cli_runner.run_cli`."""

from __future__ import annotations


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
