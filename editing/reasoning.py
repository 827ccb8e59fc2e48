"""Writing a teacher's reasoning from execution feedback and program changes (pure; the offline teacher).

`edit_reasoning` explains an edit the way a careful programmer would: what the feedback shows (which
pairs fail; crash, wrong shape or wrong cells; which colours where), what that suggests, and for each
changed statement why it changes, using the DSL's docstrings. It is grounded in things visible to
the student in the edit prompt (the program, its outputs, the diff), never in a hidden solution.
`write_reasoning` describes the demonstration pairs and narrates a program's plan step by step.

Changes are line hunks between two programs (`diff_hunks`); `apply_hunks` applies any subset of them,
which is how the offline teacher makes partial fixes.
"""

from __future__ import annotations

import ast
import difflib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from data.grid import Grid
from data.python_source import try_parse
from data.task import Task
from editing.feedback import COLOUR_NAMES, PairFeedback, shape_text, solved_count, summary_line
from editing.mutate import vocabulary
from rewards.line_edits import EDIT_LANGUAGE, LineEdit, format_line_edits

TOKEN = re.compile(r"[A-Za-z_]\w*|\d+|==|!=|<=|>=|//|\S")


# -- hunks ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hunk:
    """Lines `old` of the first program (from index `start`) become `new` in the second."""

    start: int
    old: tuple[str, ...]
    new: tuple[str, ...]
    index: int  # position among the program's hunks

    @property
    def kind(self) -> str:
        return classify(self)[0]

    @property
    def is_comment(self) -> bool:
        """Only comment (or blank) lines change: wording, not behaviour."""
        return all(not line.strip() or line.strip().startswith("#") for line in self.old + self.new)


def _similar(x: str, y: str) -> bool:
    return difflib.SequenceMatcher(a=x.strip(), b=y.strip(), autojunk=False).ratio() >= 0.6


def _align(a: list[str], b: list[str], i1: int, i2: int, j1: int, j2: int) -> list[tuple[str, int, int, int, int]]:
    """Split a replaced block into one-line replaces, inserts and deletes by pairing similar lines, so
    independent mistakes can be fixed (and explained) independently."""
    if i2 - i1 == j2 - j1:
        return [("replace", i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1)]
    ops: list[tuple[str, int, int, int, int]] = []
    j = j1
    for i in range(i1, i2):
        match = next((m for m in range(j, j2) if _similar(a[i], b[m])), None)
        if match is None:
            ops.append(("delete", i, i + 1, j, j))
            continue
        if match > j:
            ops.append(("insert", i, i, j, match))
        ops.append(("replace", i, i + 1, match, match + 1))
        j = match + 1
    if j < j2:
        ops.append(("insert", i2, i2, j, j2))
    return ops


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        ops.extend(_align(a, b, i1, i2, j1, j2) if tag == "replace" else [(tag, i1, i2, j1, j2)])
    return ops


def _lines(program: str) -> list[str]:
    return [line.rstrip() for line in program.strip("\n").splitlines()]


def diff_hunks(before: str, after: str) -> list[Hunk]:
    """The changes that turn `before` into `after`, one hunk per changed line where possible."""
    a, b = _lines(before), _lines(after)
    hunks = []
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag != "equal":
            hunks.append(Hunk(i1, tuple(a[i1:i2]), tuple(b[j1:j2]), len(hunks)))
    return hunks


def apply_hunks(before: str, after: str, chosen: Sequence[int]) -> str:
    """`before` with only the hunks numbered in `chosen` (see `diff_hunks`) applied."""
    a, b = _lines(before), _lines(after)
    keep = set(chosen)
    out: list[str] = []
    index = 0
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == "equal":
            out.extend(a[i1:i2])
            continue
        out.extend(b[j1:j2] if index in keep else a[i1:i2])
        index += 1
    return "\n".join(out) + "\n"


# What a hunk of a fix does, seen from the fix (start program → corrected one): `editing.mutate.KINDS` that change a
# line keep their names; undoing a 'drop_step' adds a line ('missing_step'), undoing a 'duplicate_step' removes one
# ('extra_step', or 'duplicate_step' when the removed call repeats a primitive); plus comment-only and other changes.
HUNK_KINDS = ("primitive", "colour", "constant", "number", "flag", "operator", "swap_arguments", "wrong_argument",
              "duplicate_step", "extra_step", "missing_step", "comment", "rewrite")


def classify(hunk: Hunk) -> tuple[str, str, str]:
    """(kind, old token, new token) of a hunk; kind is one of `HUNK_KINDS`."""
    if hunk.is_comment:
        return "comment", "", ""
    if not hunk.new:
        return "extra_step", "", ""
    if not hunk.old:
        return "missing_step", "", ""
    if len(hunk.old) != 1 or len(hunk.new) != 1:
        return "rewrite", "", ""
    old, new = TOKEN.findall(hunk.old[0]), TOKEN.findall(hunk.new[0])
    vocab = vocabulary()
    if sorted(old) == sorted(new):
        return "swap_arguments", "", ""
    changes = [op for op in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes() if op[0] != "equal"]
    if len(old) > len(new) and all(tag == "delete" for tag, *_ in changes):
        removed = [t for tag, i1, i2, _, _ in changes for t in old[i1:i2]]
        if removed and removed[0] in vocab.primitives:
            return "duplicate_step", removed[0], ""
    replaced = [(old[i1], new[j1]) for tag, i1, i2, j1, j2 in changes if tag == "replace" and i2 - i1 == j2 - j1]
    if not replaced:
        return "rewrite", "", ""
    was, now = replaced[0]
    if was in vocab.primitives and now in vocab.primitives:
        return "primitive", was, now
    if was in vocab.colours and now in vocab.colours:
        return "colour", was, now
    if was in vocab.directions and now in vocab.directions:
        return "constant", was, now
    if {was, now} == {"True", "False"}:
        return "flag", was, now
    if was.isdigit() and now.isdigit():
        return "number", was, now
    if not was[0].isalnum() and not now[0].isalnum():
        return "operator", was, now
    if was.isidentifier() and now.isidentifier():
        return "wrong_argument", was, now
    return "rewrite", was, now


# -- pieces of text -------------------------------------------------------------------------------------


def doc_of(name: str) -> str:
    """A primitive's one-line docstring, lower-cased first letter, no final period."""
    primitive = vocabulary().primitives.get(name)
    if primitive is None or not primitive.doc:
        return ""
    doc = re.sub(r"\s*\([^()]*\)\s*$", "", primitive.doc.rstrip(".")).rstrip(".")  # drop a final aside
    return doc[:1].lower() + doc[1:]


def _called(line: str) -> list[str]:
    tree = try_parse(line.strip())
    if tree is None:
        return []
    primitives = vocabulary().primitives
    return [n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            and n.func.id in primitives]


def _code(line: str) -> str:
    return f"`{line.strip()}`"


def _pick(rng: random.Random, *options: str) -> str:
    return rng.choice(options)


def _colour_of(token: str) -> str:
    value = vocabulary().colours.get(token)
    return COLOUR_NAMES[value] if value is not None else token


def diagnose(hunk: Hunk, rng: random.Random) -> str:
    """One or two sentences explaining why a hunk's change is needed."""
    kind, was, now = classify(hunk)
    if kind == "comment":
        return ""
    old = _code(hunk.old[0]) if hunk.old else ""
    new = _code(hunk.new[0]) if hunk.new else ""
    if kind == "primitive":
        why = f" ({doc_of(now)})" if doc_of(now) else ""
        return _pick(
            rng,
            f"In {old}, `{was}` is the wrong operation; what the pairs show is `{now}`{why}.",
            f"`{was}` in {old} does not match the examples. `{now}`{why} is what is needed here.",
            f"The step {old} uses `{was}`{' (' + doc_of(was) + ')' if doc_of(was) else ''}, but the outputs "
            f"call for `{now}`{why}.",
        )
    if kind == "colour":
        return _pick(
            rng,
            f"{old} uses {_colour_of(was)} where the expected outputs have {_colour_of(now)}: it should be `{now}`.",
            f"The colour is wrong in {old}: the pairs want {_colour_of(now)} (`{now}`), not {_colour_of(was)}.",
        )
    if kind == "constant":
        return f"{old} goes `{was}`; the pairs need `{now}`."
    if kind == "number":
        return _pick(rng, f"{old} is off by {abs(int(now) - int(was))}: `{was}` should be `{now}`.",
                     f"The number in {old} is wrong: use `{now}` instead of `{was}`.")
    if kind == "flag":
        return f"{old} sets a flag to `{was}`; the pairs need `{now}`."
    if kind == "operator":
        return f"The comparison in {old} is the wrong way round: `{was}` should be `{now}`."
    if kind == "swap_arguments":
        return _pick(rng, f"The arguments in {old} are in the wrong order; it should be {new}.",
                     f"{old} passes its arguments the wrong way round: {new}.")
    if kind == "wrong_argument":
        return _pick(rng, f"{old} works on `{was}`, but it should use `{now}`: {new}.",
                     f"`{was}` is the wrong input in {old}; the step needs `{now}`.")
    if kind == "duplicate_step":
        return f"{old} applies `{was}` twice; once is enough: {new}."
    if kind == "extra_step":
        lines = ", ".join(_code(line) for line in hunk.old)
        return _pick(rng, f"{lines} does something the examples never show; it has to go.",
                     f"Nothing in the pairs calls for {lines}; I'll remove it.")
    if kind == "missing_step":
        lines = ", ".join(_code(line) for line in hunk.new)
        called = [name for line in hunk.new for name in _called(line)]
        why = f" ({doc_of(called[0])})" if called and doc_of(called[0]) else ""
        return _pick(rng, f"A step is missing: {lines}{why}.", f"The program skips a step; it needs {lines}{why}.")
    lines = " ".join(_code(line) for line in hunk.new)
    return f"{' '.join(_code(line) for line in hunk.old)} has to become {lines}."


def _feedback_observations(feedbacks: Sequence[PairFeedback], rng: random.Random) -> list[str]:
    n, ok = len(feedbacks), solved_count(feedbacks)
    failing = [f for f in feedbacks if not f.correct]
    lines = [_pick(rng, f"The program gets {ok} of {n} pairs right.", f"{ok}/{n} pairs are correct so far.")]
    # Pairs that fail the same way are reported once; at most three distinct failures are spelled out.
    groups: dict[tuple, list[PairFeedback]] = {}
    for f in failing:
        key = (f.status, f.error, f.message) if f.status == "error" else (f.status, f.index)
        groups.setdefault(key, []).append(f)
    for members in list(groups.values())[:3]:
        line = summary_line(members[0])
        if len(members) > 1:
            numbers = ", ".join(str(m.index + 1) for m in members)
            line = f"Pairs {numbers}:" + line.split(":", 1)[1]
        lines.append(line)
    if len(groups) > 3:
        more = len(groups) - 3
        lines.append(f"{more} more pair{'s fail' if more > 1 else ' fails'} too.")
    kinds = {f.status for f in failing}
    if kinds == {"error"}:
        errors = {f.error for f in failing}
        message = next((f.message for f in failing if f.message), "")
        line = re.search(r"\(line (\d+)\)", message)
        where = f" at line {line.group(1)}" if line else ""
        if errors == {"bad_output"}:
            lines.append(_pick(rng, "It returns something that is not a grid, so the wrong value comes back.",
                               "The result is not a grid: the program returns the wrong thing."))
        elif errors == {"timeout"}:
            lines.append("It runs out of time, so some step does far more work than it should.")
        elif errors & {"syntax", "policy"}:
            lines.append("It does not even run; the code itself has to be fixed first.")
        else:
            lines.append(_pick(rng, f"It fails{where} before producing a grid, so one of the steps is broken.",
                               f"The crash{where} means a step gets an argument it cannot handle."))
    elif kinds == {"shape"}:
        lines.append(_pick(rng, "Every wrong output has the wrong size, so the step that sets the extent is off.",
                           "The sizes are wrong, which points at how the output is cut or built."))
    elif kinds == {"pixels"}:
        wanted = {w for f in failing for *_, w in f.wrong}
        if len(wanted) == 1:
            colour = COLOUR_NAMES[next(iter(wanted))]
            lines.append(f"The shapes are right and every wrong cell should be {colour}.")
        else:
            lines.append(_pick(rng, "The shapes are right; only some cells are wrong.",
                               "Sizes match, so the structure is fine and the mistake is in which cells change."))
    elif kinds:
        lines.append("Different pairs fail differently, so there may be more than one mistake.")
    return lines


def edit_reasoning(feedbacks: Sequence[PairFeedback], hunks: Sequence[Hunk], rng: random.Random) -> str:
    """The <think> text for an edit: observations from the feedback, then one diagnosis per change."""
    parts = _feedback_observations(feedbacks, rng)
    if hunks:
        parts.append(_pick(rng, "Looking at the program:", "Going through the steps:", "Checking each step:"))
        parts.extend(text for text in (diagnose(h, rng) for h in hunks) if text)
    parts.append(_pick(rng, "Here is the revised program.", "With that change the program should fit the pairs.",
                       "Rewriting the program with the fix."))
    return "\n".join(parts)


# -- write mode -----------------------------------------------------------------------------------------


def _colours(grids: Sequence[Grid]) -> set[int]:
    return {cell for grid in grids for row in grid for cell in row}


def describe_task(task: Task) -> list[str]:
    """Plain observations about the demonstration pairs: sizes, colours, how much changes."""
    pairs = [(e.input, e.output) for e in task.train]
    notes = []
    same = all(len(i) == len(o) and len(i[0]) == len(o[0]) for i, o in pairs)
    if same:
        changed = sum(a != b for i, o in pairs for ri, ro in zip(i, o, strict=True)
                      for a, b in zip(ri, ro, strict=True))
        total = sum(len(i) * len(i[0]) for i, _ in pairs)
        notes.append(f"Each output has the size of its input; {100 * changed / max(total, 1):.0f}% of the cells change.")
    else:
        shapes = {shape_text(o) for _, o in pairs}
        ratios = {(len(o) / len(i), len(o[0]) / len(i[0])) for i, o in pairs}
        if len(shapes) == 1:
            notes.append(f"Every output is {next(iter(shapes))}, whatever the input size.")
        elif len(ratios) == 1:
            rh, rw = next(iter(ratios))
            notes.append(f"Outputs are {rh:g}x the input height and {rw:g}x its width.")
        else:
            notes.append("Output sizes vary: " + ", ".join(f"{shape_text(i)} -> {shape_text(o)}" for i, o in pairs) + ".")
    before, after = _colours([i for i, _ in pairs]), _colours([o for _, o in pairs])
    if after - before:
        notes.append("New colours appear in the outputs: " + ", ".join(COLOUR_NAMES[c] for c in sorted(after - before)) + ".")
    if before - after:
        notes.append("Colours that vanish: " + ", ".join(COLOUR_NAMES[c] for c in sorted(before - after)) + ".")
    return notes


def narrate_program(program: str) -> list[str]:
    """One line per step of `solve`: the statement and what its main primitive does."""
    tree = try_parse(program)
    if tree is None:
        return []
    solve = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "solve"), None)
    if solve is None:
        return []
    steps = []
    for stmt in solve.body:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue
        text = ast.unparse(stmt).splitlines()[0]
        called = _called(text)
        why = f": {doc_of(called[0])}" if called and doc_of(called[0]) else ""
        steps.append(f"- `{text}`{why}")
    return steps


def write_reasoning(task: Task, program: str, rng: random.Random) -> str:
    """The <think> text for a first attempt: observations, then the program's plan step by step."""
    parts = describe_task(task)
    parts.append(_pick(rng, "Plan:", "Steps:", "The program:"))
    parts.extend(narrate_program(program))
    return "\n".join(parts)


def completion_text(reasoning: str, program: str) -> str:
    """The completion format every trace uses: <think>reasoning</think> then the fenced program."""
    return f"<think>\n{reasoning.strip()}\n</think>\n\n```python\n{program.strip()}\n```"


def line_edits_between(start: str, target: str) -> list[LineEdit]:
    """The line edits (`rewards.line_edits`) that turn `start` into `target`: `diff_hunks`' changes, each
    hunk's lines replaced one by one, the old ones left over deleted, the new ones left over inserted."""
    edits: list[LineEdit] = []
    for hunk in diff_hunks(start, target):
        shared = min(len(hunk.old), len(hunk.new))
        edits += [LineEdit(hunk.start + k + 1, hunk.new[k]) for k in range(shared)]
        edits += [LineEdit(number, None) for number in range(hunk.start + shared + 1, hunk.start + len(hunk.old) + 1)]
        edits += [LineEdit(hunk.start + shared, line, insert=True) for line in hunk.new[shared:]]
    return edits


def edit_completion_text(reasoning: str, start: str, program: str) -> str:
    """The answer to a prompt that asks for line edits: <think>reasoning</think> then the ```edit block that
    turns `start` into `program` (`rewards.line_edits`)."""
    body = format_line_edits(line_edits_between(start, program))
    return f"<think>\n{reasoning.strip()}\n</think>\n\n```{EDIT_LANGUAGE}\n{body}\n```"


def answer_for(prompt: list[dict], reasoning: str, program: str) -> str:
    """The completion that answers `prompt` with `program`: line edits when the prompt lists its program for
    line edits (a compact edit prompt), the whole program otherwise."""
    from editing.prompts import line_edit_start

    start = line_edit_start(prompt)
    return completion_text(reasoning, program) if start is None else edit_completion_text(reasoning, start, program)
