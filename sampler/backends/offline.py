"""`offline` teacher: execution-grounded edit traces without an LLM.

For a task with a verified program (a reference solver from `arc_dsl.solvers`, or one given in
`programs_file`, e.g. a search result) it behaves like a teacher that knows the rule:

- asked to WRITE a program (a write prompt), it returns plausible first attempts: the verified program
  with 1-3 realistic mistakes (`editing.mutate`), run in the sandbox and kept only when they really
  fail, spread over accuracy bins (a crash, a wrong shape, a few wrong cells);
- asked to EDIT a program (an edit prompt), it runs that program, reads the feedback, and repairs some
  or all of the differences from the verified program (`editing.reasoning.diff_hunks`): partial fixes
  make multi-step chains; now and then it makes a misguided change instead, as real teachers do. The
  reasoning is written from the execution feedback and the changed statements.

The verified program is used to fabricate the answer (that is the teacher's nature), never shown in a
prompt: the prompts it receives are the loop's normal prompts. Randomness comes from a hash of
(seed, task, prompt), so the same prompt always gets the same answers (runs resume identically).

Options: `programs_file` (JSON {task_id: program} or JSONL {"task_id", "program"}), `dataset`/`split`
(where tasks are looked up when a prompt arrives without its task), `p_full_fix` (chance an edit fixes
everything), `p_misguided` (chance of a wrong change), `timeout_s` (sandbox), `seed`.
"""

from __future__ import annotations

import ast
import asyncio
import hashlib
import json
import random
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from data.errors import UserError
from data.python_source import try_parse
from data.task import Task
from editing.execution import score_programs
from editing.feedback import program_feedback
from editing.mutate import Mutant, apply_edits, mutate, strip_comments
from editing.prompts import current_program, prompt_grids
from editing.reasoning import Hunk, apply_hunks, completion_text, diff_hunks, edit_reasoning, write_reasoning
from sampler.backends.base import Backend, Completion
from sampler.select import accuracy_bin


@dataclass
class OfflineBackend(Backend):
    name: str = "offline"
    model: str = "offline-teacher"
    programs_file: str | None = None
    dataset: str = "arc-agi-1"
    split: str = "training"
    p_full_fix: float = 0.4
    p_misguided: float = 0.1
    timeout_s: float = 1.0

    # It repairs toward the task's verified program: as a solver it is an oracle (arc-eval refuses it by default).
    oracle = True

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.programs_file and not Path(self.programs_file).is_file():
            raise UserError(f"offline: programs_file {self.programs_file} does not exist")

    @cached_property
    def programs(self) -> dict[str, str]:
        """Verified programs by task id: reference solvers, then `programs_file` (which wins)."""
        from arc_dsl.solvers import load_solvers

        table = dict(load_solvers())
        if self.programs_file:
            table.update(_read_programs(Path(self.programs_file)))
        return table

    def has_program(self, task_id: str) -> bool:
        return task_id in self.programs

    @cached_property
    def _by_first_pair(self) -> dict[tuple, Task]:
        from data.loaders import load_tasks

        tasks = load_tasks(self.dataset, self.split, ids=sorted(self.programs))
        return {(t.train[0].input, t.train[0].output): t for t in tasks}

    def _task_for(self, messages: list[dict[str, Any]], task: Task | None) -> Task:
        if task is None:
            grids = prompt_grids(messages)
            task = self._by_first_pair.get(tuple(grids[:2])) if len(grids) >= 2 else None
            if task is None:
                raise UserError("offline: the prompt's task has no verified program (give the task, or a "
                                "programs_file with its program)")
        if task.id not in self.programs:
            raise UserError(f"offline: task {task.id} has no verified program (reference solver or programs_file)")
        return task

    def _task_rng(self, task: Task, messages: list[dict[str, Any]]) -> random.Random:
        digest = hashlib.sha256(json.dumps([self.seed, task.id, messages], sort_keys=True).encode()).hexdigest()
        return random.Random(int(digest[:16], 16))

    async def _complete(self, messages: list[dict[str, Any]], n: int, *, max_tokens: int, temperature: float,
                        task: Any) -> list[Completion]:
        task = self._task_for(messages, task)
        rng = self._task_rng(task, messages)
        parent = current_program(messages)
        if parent is None:
            texts = await asyncio.to_thread(self._first_attempts, task, n, rng)
        else:
            texts = await asyncio.to_thread(self._edits, task, parent, n, rng)
        prompt_tokens = sum(len(str(m.get("content", ""))) for m in messages) // 4
        return [Completion(text, prompt_tokens if i == 0 else 0, len(text) // 4, 0.0) for i, text in enumerate(texts)]

    # -- write: broken first attempts ----------------------------------------------------------------
    def _first_attempts(self, task: Task, n: int, rng: random.Random) -> list[str]:
        # The verified program's comments state the rule; a first attempt must not carry them.
        reference = strip_comments(self.programs[task.id])
        palette = {c for e in task.train for g in (e.input, e.output) for row in g for c in row}
        mutants: dict[str, Mutant] = {}
        for _ in range(4 * n):
            mutant = mutate(reference, rng, palette=palette, count=rng.choices((1, 2, 3), (0.4, 0.4, 0.2))[0])
            if mutant is not None:
                mutants.setdefault(mutant.program, mutant)
        # Each mistake of a multi-mistake attempt must matter: undoing any one of them must change the
        # outputs (else the repair would "fix" something no feedback points at). One sandbox batch.
        programs = list(mutants)
        leave_one_out = {
            program: [apply_edits(reference, [e for j, m in enumerate(mutant.mutations) if j != i for e in m.edits])
                      for i in range(len(mutant.mutations))] if len(mutant.mutations) > 1 else []
            for program, mutant in mutants.items()
        }
        batch = programs + [p for variants in leave_one_out.values() for p in variants]
        scored_all = score_programs(batch, task, timeout_s=self.timeout_s) if batch else []
        by_program = dict(zip(batch, scored_all, strict=True))
        scored = [by_program[p] for p in programs
                  if all(by_program[v].outputs_signature != by_program[p].outputs_signature for v in leave_one_out[p])]
        broken = [s for s in scored if not s.solved]
        # Spread the attempts over accuracy bins so edits start from crashes, wrong shapes and near misses.
        bins: dict[str, list] = {}
        for s in broken:
            bins.setdefault(accuracy_bin(s.accuracy), []).append(s)
        chosen = []
        while len(chosen) < n and any(bins.values()):
            for label in sorted(bins):
                if bins[label] and len(chosen) < n:
                    chosen.append(bins[label].pop(rng.randrange(len(bins[label]))))
        return [completion_text(write_reasoning(task, s.program, rng), s.program) for s in chosen]

    # -- edit: (partial) repairs ---------------------------------------------------------------------
    def _edits(self, task: Task, parent: str, n: int, rng: random.Random) -> list[str]:
        reference = self.programs[task.id]
        parent_scored = score_programs([parent], task, timeout_s=self.timeout_s)[0]
        feedbacks = program_feedback(parent_scored.result, task.train_outputs)
        hunks = diff_hunks(parent, reference)
        # Comment lines change nothing the feedback can show: they come along with a complete repair only.
        # Hunks that belong together (a restored step and the line that uses it) are fixed together.
        groups = [g for g in linked_hunks(hunks) if any(not hunks[i].is_comment for i in g)]
        crash_lines = {int(m) for f in feedbacks for m in re.findall(r"\(line (\d+)\)", f.message)}
        palette = {c for e in task.train for g in (e.input, e.output) for row in g for c in row}
        answers: dict[str, str] = {}
        for _ in range(n):  # n tries; a repeated answer is dropped, as a teacher may say the same thing twice
            if not groups or rng.random() < self.p_misguided:
                mutant = mutate(parent, rng, palette=palette, count=1)
                if mutant is None:
                    continue
                child = mutant.program
                changes = diff_hunks(parent, child)
            else:
                if len(groups) == 1 or rng.random() < self.p_full_fix:
                    chosen = list(range(len(hunks)))
                else:
                    picked = rng.sample(groups, rng.randint(1, len(groups) - 1))
                    # A crash names its line: a partial repair starts there, as anyone reading it would.
                    picked += [g for g in groups if any(_touches(hunks[i], crash_lines) for i in g)]
                    chosen = sorted({i for g in picked for i in g})
                child = apply_hunks(parent, reference, chosen)
                changes = [h for h in hunks if h.index in chosen]
            if child.strip() == parent.strip() or child in answers:
                continue
            answers[child] = completion_text(edit_reasoning(feedbacks, changes, rng), child)
        return list(answers.values())


def _names(lines: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """(names assigned, names read) by some lines of code."""
    assigned: set[str] = set()
    read: set[str] = set()
    for line in lines:
        tree = try_parse(line.strip())
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                (assigned if isinstance(node.ctx, ast.Store) else read).add(node.id)
    return assigned, read


def linked_hunks(hunks: list[Hunk]) -> list[list[int]]:
    """Hunk indices grouped so that a hunk restoring `x = …` goes with the hunks that start reading `x`."""
    parent = list(range(len(hunks)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    names = [(_names(h.new)[0], _names(h.new)[1] - _names(h.old)[1]) for h in hunks]
    for a, (defines, _) in enumerate(names):
        for b, (_, newly_read) in enumerate(names):
            if a != b and defines & newly_read:
                parent[root(a)] = root(b)
    groups: dict[int, list[int]] = {}
    for i in range(len(hunks)):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values())


def _touches(hunk: Hunk, lines: set[int]) -> bool:
    """Whether a hunk changes one of these 1-based lines of the program it edits."""
    return any(hunk.start < line <= hunk.start + max(1, len(hunk.old)) for line in lines)


def _read_programs(path: Path) -> dict[str, str]:
    text = path.read_text()
    try:
        if path.suffix == ".jsonl":
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
            return {str(row["task_id"]): str(row["program"]) for row in rows}
        raw = json.loads(text)
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise UserError(f"offline: cannot read programs_file {path}: {error}") from None
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise UserError(f"offline: programs_file {path} must map task ids to program text")
    return {str(k): v for k, v in raw.items()}
