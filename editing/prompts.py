"""Prompt templates (versioned): write a program for a task, or edit a program from its execution feedback.

    from editing.prompts import write_messages, edit_messages
    messages = write_messages(task, style="full")                 # chat messages for any backend
    messages = edit_messages(task, program, exec_result, style="compact")

Two styles:
- "full": for large teachers — the DSL reference (`arc_dsl.reference(60)`), few-shot examples (reference
  solvers of OTHER tasks, never one whose program equals this task's own), every demonstration pair,
  the test inputs, and for edits each pair's output, a diff against the expected output, and errors.
- "compact": for a small student with a 2-4k token context — no reference, no few-shot, the pairs as
  digit rows, and for edits only the diff or error per failing pair. A compact edit prompt lists the
  current program with numbered lines (`@N text`, in an ```edit block) and asks for line edits
  (`rewards.line_edits`) rather than the whole program again: the lines the answer does not name stay
  exactly as they were, so the listing itself, echoed, is an answer that keeps the program.

What never appears in a prompt: test outputs (prompts are built from `task.without_test_outputs()`)
and a solution program for the task. Grids are written as rows of digits, one row per line.
Bump `PROMPT_VERSION` whenever the text changes: trace records store it.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from data.grid import Grid, grid_to_text
from data.task import Task
from editing.feedback import diff_grid, program_feedback, shape_text, solved_count, summary_line
from rewards.line_edits import EDIT_LANGUAGE, number_lines, unnumber_lines

PROMPT_VERSION = "2"
STYLES = ("full", "compact")
REFERENCE_SIZE = 60  # primitives in the full prompt's DSL reference (the most used ones)
CURRENT_PROGRAM_HEADER = "## Current program"

FULL_SYSTEM = """\
You solve ARC tasks by writing Python programs. A task shows demonstration pairs of input and output \
grids; a grid is written as rows of digits, one digit per cell (0 black, 1 blue, 2 red, 3 green, \
4 yellow, 5 grey, 6 magenta, 7 orange, 8 azure, 9 maroon). Find the rule that turns every input into \
its output and write it as a program:

```python
from arc_dsl import *


def solve(I):
    ...
    return O
```

`I` and the returned grid are tuples of rows, each a tuple of ints. Use the DSL primitives below and \
plain Python; the only other imports allowed are math, itertools, functools, collections and numpy. \
The program must work for every pair and for the test inputs, so encode the rule, never a particular \
output. Think first inside <think>...</think>, briefly and to the point, then give the whole program \
in one ```python block.

DSL reference (`from arc_dsl import *` brings all of these):
{reference}"""

COMPACT_SYSTEM = ("Write a Python program `solve(I)` starting with `from arc_dsl import *` that turns each "
                  "input grid into its output grid. Answer with <think>reasoning</think> and then the "
                  "program in a ```python block, or line edits in an ```edit block when asked to fix one.")

WRITE_INSTRUCTION = {
    "full": "Write a program that solves this task.",
    "compact": "Write the program.",
}
EDIT_INSTRUCTION = {
    "full": ("The program above does not solve every pair yet. Work out from the feedback what it gets wrong, "
             "then give the whole corrected program in one ```python block."),
    "compact": "Fix the program with line edits: @N text replaces line N, @N deletes it, @N+ text inserts after it.",
}


def _check_style(style: str) -> None:
    if style not in STYLES:
        raise ValueError(f"unknown prompt style {style!r}; use one of {', '.join(STYLES)}")


def grid_block(label: str, grid: Grid) -> str:
    return f"{label} ({shape_text(grid)}):\n{grid_to_text(grid)}"


def _pairs_text(task: Task) -> str:
    blocks = []
    for i, example in enumerate(task.train, 1):
        blocks.append(f"### Pair {i}\n{grid_block('Input', example.input)}\n{grid_block('Output', example.output)}")
    return "\n\n".join(blocks)


def _test_inputs_text(task: Task) -> str:
    return "\n\n".join(grid_block(f"Test input {i}", e.input) for i, e in enumerate(task.test, 1))


@lru_cache(maxsize=4)
def _reference_text(size: int) -> str:
    import arc_dsl

    return arc_dsl.reference(size)


@lru_cache(maxsize=1)
def _solvers() -> dict[str, str]:
    from arc_dsl.solvers import load_solvers

    return dict(load_solvers())


@lru_cache(maxsize=1)
def _few_shot_pool() -> tuple[tuple[str, str, Grid, Grid], ...]:
    """(task id, program, first pair input, first pair output) of short solvers with small grids."""
    from data.loaders import load_tasks

    solvers = _solvers()
    tasks = {t.id: t for t in load_tasks("arc-agi-1", "training", ids=sorted(solvers))} if solvers else {}
    pool = []
    for task_id, program in solvers.items():
        task = tasks.get(task_id)
        if task is None:
            continue
        pair = min(task.train, key=lambda e: len(e.input) * len(e.input[0]) + len(e.output) * len(e.output[0]))
        cells = len(pair.input) * len(pair.input[0]) + len(pair.output) * len(pair.output[0])
        pool.append((cells + len(program) // 8, task_id, program, pair.input, pair.output))
    pool.sort()
    return tuple((task_id, program, i, o) for _, task_id, program, i, o in pool[:16])


def _normalise(program: str) -> str:
    return "\n".join(line.rstrip() for line in program.strip().splitlines() if line.strip())


def few_shot_examples(task: Task, count: int) -> list[tuple[str, str, Grid, Grid]]:
    """`count` solved examples of other tasks, rotated by the task id so prompts vary across tasks.

    Never the task itself, and never a program identical to the task's own reference solver (two tasks
    can share a rule; showing that program would hand over the solution).
    """
    if count <= 0:
        return []
    own = _solvers().get(task.id)
    own_text = _normalise(own) if own else None
    pool = [p for p in _few_shot_pool() if p[0] != task.id and _normalise(p[1]) != own_text]
    if not pool:
        return []
    start = int(hashlib.sha256(task.id.encode()).hexdigest(), 16) % len(pool)
    return [pool[(start + i) % len(pool)] for i in range(min(count, len(pool)))]


def _few_shot_text(task: Task, count: int) -> str:
    blocks = []
    for task_id, program, grid_in, grid_out in few_shot_examples(task, count):
        blocks.append(f"### Solved example ({task_id}, one of its pairs)\n{grid_block('Input', grid_in)}\n"
                      f"{grid_block('Output', grid_out)}\n```python\n{program.strip()}\n```")
    return "\n\n".join(blocks)


def _system(style: str) -> dict[str, str]:
    if style == "compact":
        return {"role": "system", "content": COMPACT_SYSTEM}
    return {"role": "system", "content": FULL_SYSTEM.format(reference=_reference_text(REFERENCE_SIZE))}


def _task_text(task: Task, style: str, few_shot: int) -> list[str]:
    parts = []
    if style == "full" and few_shot > 0:
        examples = _few_shot_text(task, few_shot)
        if examples:
            parts.append("## Solved examples of other tasks\n\n" + examples)
    parts.append("## Task\n\n" + _pairs_text(task))
    if style == "full":
        parts.append("## Test inputs (the program must work on these too)\n\n" + _test_inputs_text(task))
    return parts


def write_messages(task: Task, *, style: str = "full", few_shot: int = 2) -> list[dict[str, str]]:
    """Chat messages asking for a program that solves `task` (its test outputs are never shown)."""
    _check_style(style)
    task = task.without_test_outputs()
    parts = _task_text(task, style, few_shot)
    parts.append(WRITE_INSTRUCTION[style])
    return [_system(style), {"role": "user", "content": "\n\n".join(parts)}]


def feedback_text(task: Task, result: Any, *, style: str = "full", reward: float | None = None) -> str:
    """The execution feedback section of an edit prompt."""
    feedbacks = program_feedback(result, task.train_outputs)
    head = f"Solves {solved_count(feedbacks)} of {len(feedbacks)} pairs"
    if reward is not None and style == "full":
        head += f"; reward {reward:.3f} (1.2 when every pair is right)"
    lines = [head + "."]
    for fb in feedbacks:
        if fb.correct and style == "compact":
            continue
        lines.append(summary_line(fb))
        if fb.status == "shape" and fb.output is not None:
            lines.append(grid_block("Program output", fb.output))
        elif fb.status == "pixels" and fb.output is not None:
            if style == "full":
                lines.append(grid_block("Program output", fb.output))
            lines.append(f"Diff (. = right, digit = expected colour):\n{diff_grid(fb.output, fb.expected)}")
    return "\n".join(lines)


def edit_messages(task: Task, program: str, result: Any, *, style: str = "full", few_shot: int = 0,
                  reward: float | None = None) -> list[dict[str, str]]:
    """Chat messages asking to revise `program`, given its sandbox `result` on the demonstration pairs."""
    _check_style(style)
    task = task.without_test_outputs()
    parts = _task_text(task, style, few_shot)
    if style == "compact":
        parts.append(f"{CURRENT_PROGRAM_HEADER}\n\n```{EDIT_LANGUAGE}\n{number_lines(program)}\n```")
    else:
        parts.append(f"{CURRENT_PROGRAM_HEADER}\n\n```python\n{program.strip()}\n```")
    parts.append("## Execution feedback\n\n" + feedback_text(task, result, style=style, reward=reward))
    parts.append(EDIT_INSTRUCTION[style])
    return [_system(style), {"role": "user", "content": "\n\n".join(parts)}]


def current_program(messages: list[dict[str, Any]]) -> str | None:
    """The program an edit prompt asks to revise (None for a write prompt)."""
    text = str(messages[-1].get("content", "")) if messages else ""
    _, found, rest = text.partition(CURRENT_PROGRAM_HEADER)
    if not found:
        return None
    opening, _, rest = rest.lstrip("\n").partition("\n")
    code, end, _ = rest.partition("\n```")
    if not end:
        return None
    if opening == "```python":
        return code + "\n"
    return unnumber_lines(code) if opening == f"```{EDIT_LANGUAGE}" else None


def line_edit_start(messages: list[dict[str, Any]]) -> str | None:
    """The program a prompt lists for line edits (a compact edit prompt), None for any other prompt."""
    text = str(messages[-1].get("content", "")) if messages else ""
    if f"{CURRENT_PROGRAM_HEADER}\n\n```{EDIT_LANGUAGE}\n" not in text:
        return None
    return current_program(messages)


def prompt_grids(messages: list[dict[str, Any]]) -> list[Grid]:
    """The demonstration and test input grids a prompt shows, in order (pairs as input, output)."""
    from data.grid import text_to_grid

    text = str(messages[-1].get("content", "")) if messages else ""
    task_part = text.split("## Task", 1)[-1].split(CURRENT_PROGRAM_HEADER, 1)[0]
    grids = []
    for block in task_part.split("\n\n"):
        for chunk in block.split("):\n")[1:]:
            rows = []
            for line in chunk.splitlines():
                if not line or not line.isdigit():
                    break
                rows.append(line)
            if rows:
                grids.append(text_to_grid("\n".join(rows)))
    return grids
