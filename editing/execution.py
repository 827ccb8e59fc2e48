"""Running candidate programs on a task's demonstration pairs and scoring them (the trusted side).

Programs run in the sandbox on the demonstration INPUTS only; this process scores the outputs against
the expected demonstration outputs with `rewards.score_execution`. Test pairs are never used.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from data.task import Example, Task


@dataclass(frozen=True)
class Scored:
    """A program with its sandbox result and reward on the demonstration pairs."""

    program: str | None
    result: Any  # sandbox.ExecResult, or None when there was no program to run
    breakdown: Any  # rewards.RewardBreakdown

    @property
    def reward(self) -> float:
        return float(self.breakdown.total)

    @property
    def solved(self) -> bool:
        return bool(self.breakdown.solved)

    @property
    def accuracy(self) -> float:
        """Mean pixel accuracy over the pairs, in [0, 1]."""
        values = tuple(self.breakdown.pixel_acc)
        return sum(values) / len(values) if values else 0.0

    @property
    def solved_pairs(self) -> frozenset[int]:
        return frozenset(i for i, exact in enumerate(self.breakdown.exact) if exact)

    @property
    def outputs_signature(self) -> str:
        """Equal for programs that produce equal outputs (and errors) on every pair."""
        if self.result is None:
            return "no-program"
        payload = json.dumps([[e.output, getattr(e.error, "value", e.error)] for e in self.result.examples]
                             if self.result.program_error is None else str(self.result.program_error))
        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    def examples(self) -> list[dict[str, Any]]:
        """Per-pair results for trace records: exact, pixel accuracy, error kind."""
        errors = [None] * len(self.breakdown.exact)
        if self.result is not None:
            errors = [getattr(e.error, "value", e.error) for e in self.result.examples]
        return [{"exact": bool(x), "pixel_acc": round(float(p), 6), "error": err}
                for x, p, err in zip(self.breakdown.exact, self.breakdown.pixel_acc, errors, strict=False)]


def score_programs(programs: Sequence[str | None], task: Task, *, timeout_s: float = 1.0,
                   reward_config: Any = None) -> list[Scored]:
    """Run every program (one batched sandbox call) on the task's demonstration inputs and score it."""
    from rewards import RewardConfig, score_execution
    from sandbox import run_many

    config = reward_config or RewardConfig()
    inputs, expected = task.train_inputs, task.train_outputs
    runnable = [p for p in programs if p is not None]
    results = iter(run_many([(p, inputs) for p in runnable], timeout_s=timeout_s) if runnable else [])
    scored = []
    for program in programs:
        result = next(results) if program is not None else None
        breakdown = score_execution(result, expected, length_chars=len(program or ""), config=config)
        scored.append(Scored(program, result, breakdown))
    return scored


def hindsight_task(task: Task, outputs: Sequence[Any] | None, task_id: str) -> Task | None:
    """`task` with a program's `outputs` on its demonstration inputs as the answers (test inputs kept, their
    outputs unknown), named `task_id`; None when that task would be degenerate: no or too few outputs, the
    identity, one constant grid, or the original task itself."""
    inputs = [example.input for example in task.train]
    if outputs is None or len(outputs) != len(inputs) or any(o is None for o in outputs):
        return None
    if all(o == i for o, i in zip(outputs, inputs, strict=True)) or len(set(outputs)) == 1:
        return None
    if all(o == example.output for o, example in zip(outputs, task.train, strict=True)):
        return None
    return Task(task_id, tuple(Example(i, o) for i, o in zip(inputs, outputs, strict=True)),
                tuple(Example(e.input) for e in task.test), task.dataset, task.split)


def rescore(scored: Scored, expected: Sequence[Any], *, reward_config: Any = None) -> Scored:
    """The same execution scored against other expected outputs (hindsight relabelling; no new run)."""
    from rewards import RewardConfig, score_execution

    breakdown = score_execution(scored.result, expected, length_chars=len(scored.program or ""),
                                config=reward_config or RewardConfig())
    return Scored(scored.program, scored.result, breakdown)


async def ascore_programs(programs: Sequence[str | None], task: Task, *, timeout_s: float = 1.0,
                          reward_config: Any = None) -> list[Scored]:
    """`score_programs` in a worker thread (the sandbox pool serialises concurrent callers)."""
    return await asyncio.to_thread(score_programs, programs, task, timeout_s=timeout_s,
                                   reward_config=reward_config)
