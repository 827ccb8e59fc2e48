"""The sample → execute → edit loop (the evolutionary data engine), asynchronous.

Per task: sample `samples` programs from the write prompt; run them in the sandbox on the demonstration
pairs and score them; then for `rounds` rounds pick parents (the best unsolved program, then diverse
ones; never one already expanded), ask for `edits` revisions of each from its execution feedback, and
score the children. Every (parent → child) transition is recorded with Δr = r(child) − r(parent);
first samples are transitions from the empty program (r = 0, mode "write"). Optionally, hindsight
relabelling turns a program that runs cleanly but fails into a new task it solves (its own outputs as
the expected ones), recorded as a "write" transition on that task. Then `sampler.select` keeps the
top-k improving transitions per task (solved writes and improving edits), capped per source task.

Tasks run concurrently (`task_concurrency`); requests are limited by the backend. A task's records are
written when it finishes (`TraceStore.finish_task`), so a stop (cost cap, kill) never leaves half of a
task behind. Per-task randomness is derived from (seed, task id) by the teacher, so a rerun repeats it.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from data.task import Task
from editing.execution import Scored, ascore_programs, hindsight_task, rescore
from editing.prompts import PROMPT_VERSION, edit_messages, write_messages
from editing.reasoning import completion_text, write_reasoning
from sampler.backends.base import Backend, Completion, CostCapReached, RequestRejected
from sampler.config import SampleConfig
from sampler.select import Candidate, Parent, select_parents, select_traces
from sampler.store import TraceStore, record_id


def _key(program: str) -> str:
    return hashlib.sha256(program.encode()).hexdigest()[:16]


@dataclass
class TaskOutcome:
    task_id: str
    transitions: list[dict[str, Any]]
    accepted: list[dict[str, Any]]
    stats: dict[str, Any]


def make_record(task: Task, *, mode: str, round: int, prompt: list[dict[str, Any]], completion: Completion | str,
                parent: Scored | None, child: Scored, teacher: dict[str, str], style: str,
                source_task_id: str = "") -> dict[str, Any]:
    """One trace record (the fields `sft.traces` and the export read); `id` hashes what defines it, not when or at what cost."""
    from rewards import extract_reasoning

    text = completion.text if isinstance(completion, Completion) else completion
    parent_reward = parent.reward if parent is not None else 0.0
    record = {
        "task_id": task.id,
        "source_task_id": source_task_id or task.id,
        "dataset": task.dataset,
        "split": task.split,
        "task": task.without_test_outputs().to_json(),
        "teacher": teacher,
        "round": round,
        "mode": mode,
        "prompt_version": PROMPT_VERSION,
        "style": style,
        "prompt": prompt,
        "completion": text,
        "reasoning": extract_reasoning(text),
        "parent_program": parent.program if parent is not None else "",
        "parent_reward": round_(parent_reward),
        "parent_result": parent.result.to_dict() if parent is not None and parent.result is not None else None,
        "parent_examples": parent.examples() if parent is not None else [],
        "child_program": child.program,
        "child_reward": round_(child.reward),
        "child_result": child.result.to_dict() if child.result is not None else None,
        "examples": child.examples(),
        "delta": round_(child.reward - parent_reward),
        "solved": child.solved,
        "prompt_tokens": completion.prompt_tokens if isinstance(completion, Completion) else 0,
        "completion_tokens": completion.completion_tokens if isinstance(completion, Completion) else 0,
        "cost_usd": completion.cost_usd if isinstance(completion, Completion) else 0.0,
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    record["id"] = record_id(record)
    return record


def round_(value: float) -> float:
    return round(float(value), 6)


def _candidate(record: dict[str, Any], parent: Scored | None, child: Scored) -> Candidate:
    return Candidate(id=record["id"], task_id=record["task_id"], delta=record["delta"],
                     solved=child.solved_pairs, parent_accuracy=parent.accuracy if parent is not None else 0.0,
                     child_program=child.program or "", parent_program=record["parent_program"],
                     source_task_id=record["source_task_id"])


async def _ask(backend: Backend, messages: list[dict[str, Any]], n: int, config: SampleConfig,
               task: Task) -> list[Completion]:
    """Completions for one prompt; a request the API rejects (e.g. too long) yields none."""
    try:
        return await backend.complete(messages, n, max_tokens=config.max_tokens, temperature=config.temperature,
                                      task=task)
    except RequestRejected:
        return []


def _hindsight_tasks(task: Task, population: dict[str, Scored], count: int) -> list[tuple[Task, Scored]]:
    """Up to `count` tasks a failing program solves: its clean outputs as the demonstration outputs."""
    chosen: list[tuple[Task, Scored]] = []
    signatures: set[str] = set()
    for scored in sorted(population.values(), key=lambda s: (-s.reward, _key(s.program or ""))):
        if len(chosen) >= count:
            break
        result, signature = scored.result, scored.outputs_signature
        if scored.solved or result is None or not result.ok or signature in signatures:
            continue
        relabelled = hindsight_task(task, result.outputs, f"{task.id}~h{signature[:8]}")
        if relabelled is None:
            continue
        signatures.add(signature)
        chosen.append((relabelled, scored))
    return chosen


async def sample_task(task: Task, backend: Backend, config: SampleConfig) -> TaskOutcome:
    """Run the whole loop on one task and select its traces (nothing is written here)."""
    started = time.monotonic()
    task = task.without_test_outputs()
    teacher = {"backend": backend.name, "model": backend.model}
    transitions: list[dict[str, Any]] = []
    candidates: list[Candidate] = []
    population: dict[str, Scored] = {}
    rewards: list[float] = []
    spent = {"prompt_tokens": 0, "completion_tokens": 0, "cost_usd": 0.0}

    def record(mode: str, round_no: int, prompt: list[dict[str, Any]], completion: Completion | str,
               parent: Scored | None, child: Scored, relabelled: Task | None = None) -> None:
        rec = make_record(relabelled or task, mode=mode, round=round_no, prompt=prompt, completion=completion,
                          parent=parent, child=child, teacher=teacher, style=config.style,
                          source_task_id=task.id if relabelled else "")
        transitions.append(rec)
        if isinstance(completion, Completion):
            spent["prompt_tokens"] += completion.prompt_tokens
            spent["completion_tokens"] += completion.completion_tokens
            spent["cost_usd"] += completion.cost_usd
        # First samples count only when they solve the task: an unsolved first attempt teaches nothing.
        if mode == "edit" or child.solved:
            candidates.append(_candidate(rec, parent, child))

    def extract(completions: Sequence[Completion], starts: Sequence[str | None] | None = None) -> list[str | None]:
        from rewards import extract_program

        starts = starts if starts is not None else [None] * len(completions)
        return [extract_program(c.text, start) for c, start in zip(completions, starts, strict=True)]

    # Round 0: first attempts from the write prompt.
    prompt = write_messages(task, style=config.style, few_shot=config.few_shot)
    completions = await _ask(backend, prompt, config.samples, config, task)
    children = await ascore_programs(extract(completions), task, timeout_s=config.timeout_s)
    for completion, child in zip(completions, children, strict=True):
        record("write", 0, prompt, completion, None, child)
        rewards.append(child.reward)
        if child.program is not None:
            population.setdefault(child.program, child)

    expanded: set[str] = set()
    for round_no in range(1, config.rounds + 1):
        pool = [Parent(_key(p), s.reward, s.accuracy, s.outputs_signature, s.solved) for p, s in population.items()]
        by_key = {_key(p): s for p, s in population.items()}
        parents = [by_key[p.key] for p in select_parents(pool, config.parents, exclude=expanded)]
        if not parents:
            break
        expanded.update(_key(p.program) for p in parents)
        prompts = [edit_messages(task, p.program, p.result, style=config.style, reward=p.reward) for p in parents]
        answers = await asyncio.gather(*(_ask(backend, m, config.edits, config, task) for m in prompts))
        flat = [(parent, prompt, c) for parent, prompt, cs in zip(parents, prompts, answers, strict=True) for c in cs]
        children = await ascore_programs(extract([c for _, _, c in flat], [parent.program for parent, _, _ in flat]),
                                         task, timeout_s=config.timeout_s)
        for (parent, prompt, completion), child in zip(flat, children, strict=True):
            record("edit", round_no, prompt, completion, parent, child)
            rewards.append(child.reward)
            if child.program is not None:
                population.setdefault(child.program, child)

    for relabelled, scored in _hindsight_tasks(task, population, config.hindsight):
        child = rescore(scored, relabelled.train_outputs)
        rng = random.Random(f"{config.seed}:{relabelled.id}")
        program = scored.program or ""
        record("write", 0, write_messages(relabelled, style=config.style, few_shot=config.few_shot),
               completion_text(write_reasoning(relabelled, program, rng), program), None, child, relabelled)

    kept = {c.id for c in select_traces(candidates, k=config.k, cap=config.cap, eps=config.eps,
                                        balance=config.balance_bins)}
    accepted = [r for r in transitions if r["id"] in kept]
    accepted = list({r["id"]: r for r in accepted}.values())
    stats = {
        "programs": len(rewards),
        "mean_reward": round_(sum(rewards) / len(rewards)) if rewards else 0.0,
        "best_reward": round_(max(rewards)) if rewards else 0.0,
        "solved": any(s.solved for s in population.values()),
        "transitions": len(transitions),
        "accepted_count": len(accepted),
        "seconds": round(time.monotonic() - started, 3),
        **{k: (round(v, 6) if isinstance(v, float) else v) for k, v in spent.items()},
    }
    return TaskOutcome(task.id, transitions, accepted, stats)


@dataclass
class RunSummary:
    tasks_total: int = 0
    tasks_skipped: int = 0  # already done in an earlier run
    tasks_done: int = 0
    traces: int = 0
    transitions: int = 0
    solved: int = 0
    stopped: str | None = None  # why the run stopped early, if it did
    meter: dict[str, Any] = field(default_factory=dict)


async def run_sampling(tasks: Sequence[Task], backend: Backend, config: SampleConfig, store: TraceStore, *,
                       on_task: Callable[[TaskOutcome], None] | None = None) -> RunSummary:
    """Sample every task not already done in `store`, writing each as it finishes."""
    done = store.done
    queue = [t for t in tasks if t.id not in done]
    summary = RunSummary(tasks_total=len(tasks), tasks_skipped=len(tasks) - len(queue))

    async def worker() -> None:
        while queue and summary.stopped is None:
            task = queue.pop(0)
            try:
                outcome = await sample_task(task, backend, config)
            except CostCapReached as error:
                summary.stopped = f"cost cap reached ({error})"
                return
            store.finish_task(outcome.task_id, outcome.transitions, outcome.accepted, outcome.stats)
            summary.tasks_done += 1
            summary.traces += len(outcome.accepted)
            summary.transitions += len(outcome.transitions)
            summary.solved += bool(outcome.stats["solved"])
            if on_task is not None:
                on_task(outcome)

    workers = [asyncio.create_task(worker()) for _ in range(max(1, config.task_concurrency))]
    try:
        await asyncio.gather(*workers)
    except BaseException:
        for w in workers:
            w.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        raise
    finally:
        summary.meter = backend.meter.summary()
    return summary
