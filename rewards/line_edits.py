"""Line edits: the short answer to a compact edit prompt, applied to the program the prompt shows.

A compact edit prompt lists the current program one line per row as `@N text` (N from 1). The answer's
```edit block holds operations on those line numbers, one per row:

    @N text     line N becomes `text` (the text keeps its own indentation after the one space)
    @N          line N is deleted
    @N+ text    `text` is inserted after line N (`@0+ text` before the first line)

Every number refers to the listed program, not to the result of earlier operations; a line is replaced or
deleted at most once; inserts after the same line keep their order. An empty block keeps the program as it
is. A malformed row or a number outside the program makes the whole block invalid (no program).

Why: a small student retypes a whole program badly (measured: held-out edits lost ~0.2 reward on average
just by copying); with line edits the lines it does not touch stay exactly as they were, and what an edit
earns or loses is the edit itself.

    listing = number_lines(program)
    edits = editing.reasoning.line_edits_between(start, target)   # from the teacher's line hunks
    apply_line_edits(start, parse_line_edits(format_line_edits(edits))) == target
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EDIT_LANGUAGE = "edit"
# A row: "@", the line number, "+" for an insert, then nothing (delete) or one space and the new text.
_ROW = re.compile(r"@(\d{1,5})(\+?)(?: (.*))?")
MAX_EDITS = 1000  # more rows than this is not an edit of a program that fits the sandbox's policy


@dataclass(frozen=True)
class LineEdit:
    """One operation on a numbered program: replace (text), delete (text None) or insert after (insert)."""

    line: int
    text: str | None
    insert: bool = False

    def render(self) -> str:
        """The operation as a row of an edit block."""
        if self.insert:
            return f"@{self.line}+ {self.text or ''}"
        return f"@{self.line}" if self.text is None else f"@{self.line} {self.text}"


def program_lines(program: str) -> list[str]:
    """The program's lines as the listing numbers them (leading and trailing blank lines dropped)."""
    return program.strip("\n").split("\n") if program.strip() else []


def number_lines(program: str) -> str:
    """The program as a listing, one `@N text` row per line."""
    return "\n".join(f"@{number} {line}".rstrip() for number, line in enumerate(program_lines(program), 1))


def unnumber_lines(listing: str) -> str | None:
    """The program a listing of `number_lines` shows, or None when `listing` is not one."""
    lines = []
    for expected, row in enumerate(listing.rstrip("\n").split("\n"), 1):
        match = _ROW.fullmatch(row)
        if match is None or match.group(2) or int(match.group(1)) != expected:
            return None
        lines.append(match.group(3) or "")
    return "\n".join(lines) + "\n"


def parse_line_edits(block: str) -> list[LineEdit] | None:
    """The operations of an edit block's body (blank rows ignored), or None when a row is malformed."""
    edits = []
    for row in block.split("\n"):
        if not row.strip():
            continue
        match = _ROW.fullmatch(row.rstrip("\r"))
        if match is None or len(edits) >= MAX_EDITS:
            return None
        number, insert, text = int(match.group(1)), bool(match.group(2)), match.group(3)
        edits.append(LineEdit(number, text if text is not None or not insert else "", insert))
    return edits


def apply_line_edits(program: str, edits: list[LineEdit]) -> str | None:
    """`program` with `edits` applied (numbers refer to `program`'s lines), or None when an edit does not fit."""
    lines = program_lines(program)
    replaced: dict[int, str | None] = {}
    inserted: dict[int, list[str]] = {}
    for edit in edits:
        if edit.insert:
            if not 0 <= edit.line <= len(lines):
                return None
            inserted.setdefault(edit.line, []).append(edit.text or "")
        else:
            if not 1 <= edit.line <= len(lines) or edit.line in replaced:
                return None
            replaced[edit.line] = edit.text
    result = list(inserted.get(0, []))
    for number, line in enumerate(lines, 1):
        new = replaced.get(number, line)
        if new is not None:
            result.append(new)
        result.extend(inserted.get(number, []))
    return "\n".join(result) + "\n"


def format_line_edits(edits: list[LineEdit]) -> str:
    """The body of an edit block."""
    return "\n".join(edit.render() for edit in edits)
