"""The one way every CLI reports failures: `run_cli` runs a Typer app (or any callable) so that a `UserError`, a
usage error or an OS error on a named path is one line on stderr and exit code 2, and Ctrl-C one line and 130. Every
stage's CLI checks its inputs with `data.checks` before doing any work."""

from __future__ import annotations

import sys
from collections.abc import Callable

from data.errors import UserError


def run_cli(app: Callable[..., object], prog: str, *, on_interrupt: str = "") -> None:
    """Run a Typer app (or any callable) so that every expected failure is one line on stderr.

    `UserError`, a usage error (unknown flag, a value of the wrong type or out of its range), a file
    that is not UTF-8 text and an OS error on a named path exit with code 2 and `prog: error: …`;
    Ctrl-C exits with 130 and one line: `on_interrupt` says what was kept and how to resume.
    """
    import typer

    try:  # typer >= 0.20 vendors click
        from typer._click import exceptions as click_errors
    except ImportError:  # pragma: no cover - older typer
        import click.exceptions as click_errors

    try:
        code = app(standalone_mode=False) if isinstance(app, typer.Typer) else app()
    except UserError as error:
        _fail(prog, str(error))
    except click_errors.NoArgsIsHelpError as error:
        print(error.ctx.get_help())
        raise SystemExit(2) from None
    except click_errors.UsageError as error:
        message = " ".join(error.format_message().split())
        param = getattr(error, "param", None)
        flag = param.opts[0] if param is not None and getattr(param, "opts", None) else ""
        _fail(prog, f"{flag}: {message}" if flag and flag not in message else message)
    except click_errors.ClickException as error:
        _fail(prog, " ".join(error.format_message().split()), error.exit_code)
    except (KeyboardInterrupt, typer.Abort):
        code = _INTERRUPTED
    except UnicodeDecodeError as error:
        _fail(prog, f"an input is not UTF-8 text ({error.reason} at byte {error.start})")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError, FileExistsError) as error:
        if error.filename is None:
            raise
        _fail(prog, f"{error.filename}: {error.strerror or error}")
    if code == _INTERRUPTED:  # (typer itself turns Ctrl-C into exit code 130)
        print(f"{prog}: interrupted" + (f"; {on_interrupt}" if on_interrupt else ""), file=sys.stderr)
        raise SystemExit(_INTERRUPTED) from None
    if isinstance(code, int) and code:
        raise SystemExit(code)


_INTERRUPTED = 130


def _fail(prog: str, message: str, code: int = 2) -> None:
    print(f"{prog}: error: {message}", file=sys.stderr)
    raise SystemExit(code) from None
