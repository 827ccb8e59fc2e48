"""The pre-training corpus of the embedded student model: DSL programs, their mutations, and prompt/program pairs.

Pure functions (given the solvers, the DSL's names and the tasks, the corpus is fixed):

- `completion_for(program)` — the assistant text a student writes: a short `<think>` plan and the program in a
  ```python block (the completion format of the whole pipeline).
- mutations (the offline teacher's realistic ones, `editing.mutate`) of every program: they teach the model the *space*
  of DSL programs (what parses and reads like DSL code), not which program solves which task.
- held-out tasks (`data.splits.is_held_out`, the project's one split) never enter the corpus: no program, mutation,
  prompt or hindsight task of theirs, so evaluations on them are not contaminated by pre-training.
- `build_corpus(...)` — everything above, assembled into `Corpus(programs, chats, texts)`.
- `hindsight_chat(...)` — a hindsight task: a mutant's own outputs on a task's inputs make a new task that the
  mutant solves, so the model also sees prompt → program pairs beyond the reference solvers (the executions
  happen at build time, in the sandbox; see `student.embedded`).
"""

from __future__ import annotations

import ast
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from data.grid import Grid
from data.python_source import try_parse
from data.splits import is_held_out
from data.task import Task


def primitives_called(program: str) -> list[str]:
    """Names of the functions the program calls, in first-use order (empty when it does not parse)."""
    tree = try_parse(program)
    if tree is None:
        return []
    # ast.walk is breadth-first; sort by source position so the plan reads in program order.
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
    calls.sort(key=lambda n: (n.lineno, n.col_offset))
    order: dict[str, None] = {}
    for call in calls:
        order.setdefault(call.func.id, None)  # type: ignore[union-attr]
    return list(order)


def plan_for(program: str) -> str:
    """A short plan for a program: its comments (reference solvers explain the rule in them), else the
    primitives it composes."""
    comments = [line.strip().lstrip("#").strip() for line in program.splitlines() if line.strip().startswith("#")]
    if comments:
        return " ".join(comments)
    names = primitives_called(program)
    return f"Compose {', '.join(names)}." if names else "Return the input unchanged."


def completion_for(program: str, plan: str | None = None) -> str:
    """The assistant text for a program, in the traces' format: `<think>plan</think>` then a python block."""
    from editing.reasoning import completion_text

    return completion_text(plan_for(program) if plan is None else plan, program)


@dataclass(frozen=True)
class ChatExample:
    """A prompt (chat messages) and the assistant text that answers it."""

    task_id: str
    messages: list[dict]
    completion: str


@dataclass(frozen=True)
class Corpus:
    """The embedded model's corpus.

    `programs`: assistant texts without a prompt (reference programs and mutations) — the model learns the DSL's
    syntax and the completion format from them; `chats`: compact write prompts of solved tasks with their reference
    program as the answer; `texts`: extra plain text for the tokenizer only (DSL reference, prompt renderings).
    """

    programs: tuple[str, ...]
    chats: tuple[ChatExample, ...]
    texts: tuple[str, ...]
    task_ids: tuple[str, ...]
    mutants: tuple[tuple[str, str], ...] = ()  # (task id, mutant program), the candidates for hindsight tasks


def build_corpus(solvers: Mapping[str, str], prompt_for: Callable[[str], list[dict]],
                 mutate: Callable[[str, random.Random], str | None], *, mutations_per_program: int, seed: int,
                 texts: Sequence[str] = ()) -> Corpus:
    """Assemble the corpus from reference solvers (task id → program text), skipping held-out tasks.

    `prompt_for(task_id)` renders the compact write prompt of a task (chat messages); `mutate(program, rng)`
    returns a variant that parses, or None.
    """
    programs: list[str] = []
    chats: list[ChatExample] = []
    used: list[str] = []
    mutants: list[tuple[str, str]] = []
    for task_id in sorted(solvers):
        if is_held_out(task_id):
            continue
        program = solvers[task_id].strip() + "\n"
        used.append(task_id)
        programs.append(completion_for(program))
        chats.append(ChatExample(task_id, prompt_for(task_id), completion_for(program)))
        # Seeded per task so adding a solver does not reshuffle the mutations of the others.
        rng = random.Random(f"{seed}:{task_id}")
        seen = {program}
        for _ in range(mutations_per_program * 3):
            if len(seen) > mutations_per_program:
                break
            mutant = mutate(program, rng)
            if mutant is not None and mutant not in seen:
                seen.add(mutant)
                mutants.append((task_id, mutant))
                # The plan names what the mutant composes: its comments describe the original rule.
                programs.append(completion_for(mutant, _mutant_plan(mutant)))
    return Corpus(tuple(programs), tuple(chats), tuple(texts), tuple(used), tuple(mutants))


def _mutant_plan(program: str) -> str | None:
    names = primitives_called(program)
    return f"Compose {', '.join(names)}." if names else None


def hindsight_chat(task: Task, program: str, outputs: Sequence[Grid] | None,
                   prompt_for: Callable[[Task], list[dict]]) -> ChatExample | None:
    """The task that `program` solves when its `outputs` on `task`'s demonstration inputs are the answers, as a
    write prompt with `program` as the answer; None when the relabelled task would be degenerate
    (`editing.execution.hindsight_task`)."""
    from editing.execution import hindsight_task

    relabelled = hindsight_task(task, outputs, f"{task.id}~hindsight")
    if relabelled is None:
        return None
    return ChatExample(relabelled.id, prompt_for(relabelled), completion_for(program, _mutant_plan(program)))
