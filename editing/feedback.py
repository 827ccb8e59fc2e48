"""Execution feedback on demonstration pairs, as data and as text (pure).

The edit prompt shows it to the teacher, and the offline teacher writes its reasoning from it, so both
describe a program's mistakes the same way: which pairs fail, a crash versus a wrong shape versus wrong
cells, and which cells differ (`diff_grid`: '.' where the output is right, the expected colour where
it is wrong).

`result` arguments are sandbox `ExecResult`s (or None when there was no program to run); only their
public fields are read: `program_error`, `message`, `examples[i].output/.error/.message`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from data.grid import Grid

COLOUR_NAMES = ("black", "blue", "red", "green", "yellow", "grey", "magenta", "orange", "azure", "maroon")
MAX_MESSAGE = 300  # characters of an error message worth showing


def _kind(error: Any) -> str | None:
    if error is None:
        return None
    return str(getattr(error, "value", error))


@dataclass(frozen=True)
class PairFeedback:
    """How a program did on one demonstration pair."""

    index: int
    status: str  # "correct" | "error" | "shape" | "pixels"
    expected: Grid
    output: Grid | None = None
    error: str | None = None  # the sandbox ErrorKind value, e.g. "runtime", "timeout"
    message: str = ""
    wrong: tuple[tuple[int, int, int, int], ...] = ()  # (row, column, got, expected) when shapes match

    @property
    def cells(self) -> int:
        return len(self.expected) * len(self.expected[0])

    @property
    def correct(self) -> bool:
        return self.status == "correct"


def shape_text(grid: Grid) -> str:
    return f"{len(grid)}x{len(grid[0])}"


def pair_feedback(index: int, output: Grid | None, expected: Grid, *, error: Any = None,
                  message: str = "") -> PairFeedback:
    """Compare one output with its expected grid."""
    kind = _kind(error)
    if kind is not None or output is None:
        return PairFeedback(index, "error", expected, None, kind or "runtime", message[:MAX_MESSAGE])
    if len(output) != len(expected) or len(output[0]) != len(expected[0]):
        return PairFeedback(index, "shape", expected, output)
    wrong = tuple(
        (r, c, got, want)
        for r, (row_out, row_exp) in enumerate(zip(output, expected, strict=True))
        for c, (got, want) in enumerate(zip(row_out, row_exp, strict=True))
        if got != want
    )
    return PairFeedback(index, "pixels" if wrong else "correct", expected, output, wrong=wrong)


def program_feedback(result: Any, expected: Sequence[Grid]) -> tuple[PairFeedback, ...]:
    """Feedback for every demonstration pair; a program that did not run fails every pair alike."""
    if result is None:
        return tuple(PairFeedback(i, "error", e, None, "syntax", "no program found in the answer")
                     for i, e in enumerate(expected))
    if result.program_error is not None:
        kind = _kind(result.program_error)
        return tuple(PairFeedback(i, "error", e, None, kind, str(result.message)[:MAX_MESSAGE])
                     for i, e in enumerate(expected))
    examples = list(result.examples)
    return tuple(
        pair_feedback(i, examples[i].output if i < len(examples) else None, e,
                      error=examples[i].error if i < len(examples) else "killed",
                      message=str(examples[i].message) if i < len(examples) else "no result")
        for i, e in enumerate(expected)
    )


def diff_grid(output: Grid, expected: Grid) -> str:
    """'.' where `output` is right, the expected digit where it is wrong (same shapes only)."""
    return "\n".join(
        "".join("." if got == want else str(want) for got, want in zip(row_out, row_exp, strict=True))
        for row_out, row_exp in zip(output, expected, strict=True)
    )


def _span(values: Sequence[int], noun: str) -> str:
    low, high = min(values), max(values)
    return f"{noun} {low}" if low == high else f"{noun}s {low}-{high}"


def describe_wrong_cells(feedback: PairFeedback, *, limit: int = 3) -> str:
    """E.g. '5 of 36 cells wrong: 4 are black but should be red (rows 1-3, column 4); 1 …'."""
    groups = Counter((got, want) for _, _, got, want in feedback.wrong)
    parts = []
    for (got, want), count in groups.most_common(limit):
        rows = [r for r, _, g, w in feedback.wrong if (g, w) == (got, want)]
        cols = [c for _, c, g, w in feedback.wrong if (g, w) == (got, want)]
        verb = "is" if count == 1 else "are"
        parts.append(f"{count} {verb} {COLOUR_NAMES[got]} but should be {COLOUR_NAMES[want]} "
                     f"({_span(rows, 'row')}, {_span(cols, 'column')})")
    if len(groups) > limit:
        parts.append(f"{sum(c for k, c in groups.items() if k not in dict(groups.most_common(limit)))} more")
    return f"{len(feedback.wrong)} of {feedback.cells} cells wrong: " + "; ".join(parts)


def summary_line(feedback: PairFeedback) -> str:
    """One line per pair, e.g. 'Pair 2: wrong shape: got 3x3, expected 6x6.'"""
    head = f"Pair {feedback.index + 1}: "
    if feedback.status == "correct":
        return head + "correct."
    if feedback.status == "error":
        detail = f": {feedback.message}" if feedback.message else ""
        return head + f"{(feedback.error or 'runtime').replace('_', ' ')} error{detail}"
    if feedback.status == "shape":
        return head + f"wrong shape: got {shape_text(feedback.output)}, expected {shape_text(feedback.expected)}."
    return head + describe_wrong_cells(feedback) + "."


def solved_count(feedbacks: Sequence[PairFeedback]) -> int:
    return sum(f.correct for f in feedbacks)
