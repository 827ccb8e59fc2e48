"""Checks every CLI runs on its inputs *before* any work: paths, encodings, YAML, numeric ranges.

Each check raises `UserError` with one line naming the flag, the value and what is allowed, so a
mistake costs nothing: no output folder is created, no model is built, no config file is written
until every input has passed.

    from data.checks import input_file, read_text, load_yaml, output_dir, output_file, at_least
    program = read_text(args.file, flag="--file")
    out = output_dir(args.out, flag="--out")           # may not exist yet; checked, not created
    at_least(args.batch_size, 1, flag="--batch-size")
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from data.errors import UserError


def input_path(path: str | os.PathLike, *, flag: str) -> Path:
    """An existing file or folder."""
    resolved = Path(path)
    if not resolved.exists():
        raise UserError(f"{flag}: no such file or folder: {path}")
    return resolved


def input_file(path: str | os.PathLike, *, flag: str) -> Path:
    """An existing, readable regular file (not a folder)."""
    resolved = input_path(path, flag=flag)
    if resolved.is_dir():
        raise UserError(f"{flag}: {path} is a folder, not a file")
    try:
        with open(resolved, "rb"):
            pass
    except OSError as error:
        raise UserError(f"{flag}: cannot read {path}: {error.strerror or error}") from None
    return resolved


def read_text(path: str | os.PathLike, *, flag: str) -> str:
    """The text of a UTF-8 file; a file in another encoding (or binary) is a one-line error."""
    data = input_file(path, flag=flag).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UserError(f"{flag}: {path} is not UTF-8 text (byte {error.start}: {data[error.start:error.start + 1]!r})"
                        ) from None


def load_yaml(path: str | os.PathLike, *, flag: str = "--config") -> dict[str, Any]:
    """A YAML mapping from a UTF-8 file; syntax errors name the line and column."""
    import yaml

    text = read_text(path, flag=flag)
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise UserError(f"{flag}: {path}:{where}: invalid YAML ({problem})") from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise UserError(f"{flag}: {path} must hold a mapping of settings, not a {type(value).__name__}")
    return value


def _nearest_existing(path: Path) -> Path:
    current = path
    while not current.exists():
        if current.parent == current:
            break
        current = current.parent
    return current


def _writable_folder(folder: Path) -> str | None:
    """None when a file can be created in `folder` (probed: as root, os.access says yes to /proc)."""
    if not folder.is_dir():
        return f"{folder} is not a folder"
    try:
        probe = tempfile.mkdtemp(prefix=".arc-write-check-", dir=folder)
    except OSError as error:
        return f"cannot create anything in {folder}: {error.strerror or error}"
    os.rmdir(probe)
    return None


def output_dir(path: str | os.PathLike, *, flag: str) -> Path:
    """A folder that exists or can be created (it is not created here); not an existing file."""
    resolved = Path(path)
    if resolved.exists() and not resolved.is_dir():
        raise UserError(f"{flag}: {path} is an existing file, not a folder")
    problem = _writable_folder(_nearest_existing(resolved.absolute()))
    if problem:
        raise UserError(f"{flag}: {path} cannot be written: {problem}")
    return resolved


def output_file(path: str | os.PathLike, *, flag: str, suffixes: tuple[str, ...] = ()) -> Path:
    """A file that can be written (its folder exists or can be created); not an existing folder."""
    resolved = Path(path)
    if resolved.is_dir():
        raise UserError(f"{flag}: {path} is a folder, not a file")
    if suffixes and resolved.suffix.lower() not in suffixes:
        raise UserError(f"{flag} must end in {', '.join(suffixes)}, got {resolved.name!r}")
    problem = _writable_folder(_nearest_existing(resolved.absolute().parent))
    if problem:
        raise UserError(f"{flag}: {path} cannot be written: {problem}")
    return resolved


def at_least(value: float | None, minimum: float, *, flag: str) -> None:
    """`value` >= `minimum` (None = not given, allowed)."""
    if value is not None and value < minimum:
        raise UserError(f"{flag} must be at least {minimum:g}, got {value:g}")


def above(value: float | None, minimum: float, *, flag: str) -> None:
    """`value` > `minimum` (None = not given, allowed)."""
    if value is not None and not value > minimum:
        raise UserError(f"{flag} must be greater than {minimum:g}, got {value:g}")
