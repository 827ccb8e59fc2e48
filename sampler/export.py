"""Exporting accepted traces as a Hugging Face dataset for SFT.

    arc-sample export --traces runs/demo/sample --out runs/demo/dataset [--held-out-tasks 24]
                      [--style compact] [--push-to-hub USER/REPO]

Rows are in TRL's conversational prompt/completion format:
- `prompt`: the chat messages the teacher answered (or the same prompt re-rendered in another style:
  `--style compact` gives the small student its short prompt; the record keeps the task and the
  parent's execution result, so nothing is re-run);
- `completion`: one assistant message, `<think>reasoning</think>` then the fenced program;
plus `task_id`, `examples_json` (the demonstration pairs the reward scores on), `test_json` (the task's test
pairs, for scoring only — never in a prompt; "" when unknown, e.g. a hindsight task), `mode` (write|edit),
`start_program` ("" for write), `start_reward` (0.0 for write), and `source_task_id`, `delta`,
`child_reward`, `teacher`, `trace_id` for analysis.

Splits follow the project's one split (`data.splits`):
- `train`: the accepted traces of tasks that are not held out (a trace of a held-out task is dropped, and
  counted in export.json, unless `allow_held_out`);
- `eval`: edit prompts of held-out ARC-AGI-1 training tasks the teacher never sampled: realistic broken
  variants of each task's reference program with their execution feedback (`editing.edit_prompts`, the same
  kind of prompt GRPO trains on), `held_out_starts` per task over the first `held_out_tasks` held-out tasks
  with a reference program and at most `max_cells` demonstration cells. Their completion is the reference
  program (a target for analysis; nothing trains on this split).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from data.errors import UserError
from data.files import write_json_atomic
from data.task import Task
from editing.reasoning import answer_for
from sampler.store import read_traces

STYLES = ("recorded", "compact", "full")


def _prompt(record: dict[str, Any], style: str) -> list[dict[str, str]]:
    if style == "recorded" or style == record.get("style"):
        return [{"role": m["role"], "content": m["content"]} for m in record["prompt"]]
    from editing.prompts import edit_messages, write_messages
    from sandbox import ExecResult

    task = Task.from_json(record["task_id"], record["task"])
    if record["mode"] == "write":
        return write_messages(task, style=style)
    result = ExecResult.from_dict(record["parent_result"]) if record.get("parent_result") else None
    return edit_messages(task, record["parent_program"], result, style=style, reward=record["parent_reward"])


def test_json(task: Task | None) -> str:
    """The test pairs of a task as JSON (for scoring only), "" without a task or its test outputs."""
    if task is None or not task.has_test_outputs:
        return ""
    return json.dumps(task.to_json()["test"], separators=(",", ":"))


def _known_task(task_id: str, dataset: str) -> Task | None:
    from data.loaders import load_tasks

    for split in ("training", "evaluation"):
        for task in load_tasks(dataset, split):
            if task.id == task_id:
                return task
    return None


def to_row(record: dict[str, Any], style: str = "recorded", *, tests: str = "") -> dict[str, Any]:
    """One dataset row from one trace record (`tests`: the task's test pairs as JSON, "" when unknown)."""
    from rewards import extract_reasoning

    reasoning = record.get("reasoning") or extract_reasoning(record["completion"]) or ""
    prompt = _prompt(record, style)
    return {
        "prompt": prompt,
        "completion": [{"role": "assistant", "content": answer_for(prompt, reasoning, record["child_program"])}],
        "task_id": record["task_id"],
        "source_task_id": record.get("source_task_id") or record["task_id"],
        "examples_json": json.dumps(record["task"]["train"]),
        "test_json": tests,
        "mode": record["mode"],
        "start_program": record.get("parent_program") or "",
        "start_reward": float(record.get("parent_reward") or 0.0),
        "delta": float(record["delta"]),
        "child_reward": float(record["child_reward"]),
        "teacher": f"{record['teacher']['backend']}:{record['teacher']['model']}",
        "trace_id": record["id"],
    }


def held_out_rows(tasks: Sequence[Task], programs: dict[str, str], *, per_task: int, style: str = "compact",
                  seed: int = 0, timeout_s: float = 1.0) -> list[dict[str, Any]]:
    """Edit prompts of held-out tasks in the export's row format: `per_task` broken variants of each task's
    reference program (`editing.edit_prompts`), the reference program as the completion."""
    from editing.edit_prompts import edit_rows, mutated_starts

    starts = mutated_starts(tasks, programs, per_task=per_task, seed=seed)
    by_id = {task.id: task for task in tasks}
    rows = []
    for row in edit_rows(tasks, starts, style=style, seed=seed, timeout_s=timeout_s):
        task = by_id[row["task_id"]]
        reference = programs[task.id]
        rows.append({
            "prompt": row["prompt"],
            "completion": [{"role": "assistant", "content": answer_for(row["prompt"], "Repair toward the rule.",
                                                                        reference)}],
            "task_id": task.id, "source_task_id": task.id, "examples_json": row["examples_json"],
            "test_json": test_json(task), "mode": "edit", "start_program": row["start_program"],
            "start_reward": row["start_reward"], "delta": 1.0 - row["start_reward"], "child_reward": 1.0,
            "teacher": "reference:held-out", "trace_id": "",
        })
    return rows


def choose_held_out(dataset: str, *, count: int, max_cells: int | None, programs: dict[str, str]) -> list[Task]:
    """The first `count` held-out ARC-AGI-1 training tasks (by id) with a reference program and at most
    `max_cells` demonstration cells."""
    from data.loaders import load_tasks
    from data.splits import task_is_held_out
    from sampler.tasks import demonstration_cells

    tasks = [t for t in load_tasks(dataset, "training") if task_is_held_out(t) and t.id in programs
             and (max_cells is None or demonstration_cells(t) <= max_cells)]
    return sorted(tasks, key=lambda t: t.id)[:count]


def build_dataset(records: Sequence[dict[str, Any]], *, style: str = "recorded", held_out_tasks: int = 24,
                  held_out_starts: int = 2, max_cells: int | None = 500, dataset: str = "arc-agi-1", seed: int = 0,
                  allow_held_out: bool = False) -> Any:
    """A `datasets.DatasetDict` with "train" (traces of training tasks) and "eval" (held-out edit prompts, when
    `held_out_tasks` > 0); see the module docstring."""
    from datasets import Dataset, DatasetDict

    if style not in STYLES:
        raise UserError(f"--style must be one of {', '.join(STYLES)}, got {style!r}")
    if not records:
        raise UserError("no accepted traces to export")
    if held_out_tasks < 0 or held_out_starts < 1:
        raise UserError("--held-out-tasks must be >= 0 and --held-out-starts >= 1")
    kept = training_records(records, allow_held_out=allow_held_out)
    if not kept:
        raise UserError(f"every one of the {len(records)} traces is of a held-out task (data.splits); sample "
                        "training tasks, or pass --allow-held-out")
    tests = {}
    for record in kept:
        task_id = record["task_id"]
        if task_id not in tests:
            tests[task_id] = test_json(_known_task(task_id, dataset)) if "~" not in task_id else ""
    splits = {"train": [to_row(r, style, tests=tests[r["task_id"]]) for r in kept]}
    if held_out_tasks:
        from arc_dsl.solvers import load_solvers

        programs = load_solvers()
        chosen = choose_held_out(dataset, count=held_out_tasks, max_cells=max_cells, programs=programs)
        trained = {row["source_task_id"] for row in splits["train"]}
        chosen = [t for t in chosen if t.id not in trained]
        rows = held_out_rows(chosen, programs, per_task=held_out_starts, style="compact" if style == "recorded"
                             else style, seed=seed)
        if rows:
            splits["eval"] = rows
    return DatasetDict({name: Dataset.from_list(part) for name, part in splits.items()})


def training_records(records: Sequence[dict[str, Any]], *, allow_held_out: bool = False) -> list[dict[str, Any]]:
    """The trace records that may train: those whose source task is not held out (all of them with
    `allow_held_out`)."""
    from data.splits import base_task_id, is_held_out

    return [r for r in records if allow_held_out
            or not is_held_out(base_task_id(r.get("source_task_id") or r["task_id"]))]


def export(traces: str | Path, out: str | Path, *, held_out_tasks: int = 24, held_out_starts: int = 2,
           max_cells: int | None = 500, dataset_name: str = "arc-agi-1", seed: int = 0, style: str = "recorded",
           allow_held_out: bool = False, push_to_hub: str | None = None, private: bool = True) -> Any:
    """Read traces (a run folder or a .jsonl), save the dataset to `out` (replacing an earlier export), and push it
    to the Hub when asked. Saving and pushing follow `data.hf.save_dataset`, like `arc-data build`: a push while
    offline is refused before any work, the repo is private unless `private=False`, and `out` changes only once
    the new dataset is complete (and pushed)."""
    from data.hf import check_destination, save_dataset

    out = check_destination(out, push_to_hub=push_to_hub, overwrite=True)
    records = read_traces(traces)
    dataset = build_dataset(records, style=style, held_out_tasks=held_out_tasks, held_out_starts=held_out_starts,
                            max_cells=max_cells, dataset=dataset_name, seed=seed, allow_held_out=allow_held_out)
    save_dataset(dataset, out, push_to_hub=push_to_hub, private=private, overwrite=True)
    summary = {"traces": str(traces), "style": style, "held_out_tasks_asked": held_out_tasks,
               "held_out_starts": held_out_starts, "max_cells": max_cells, "seed": seed,
               "traces_read": len(records),
               "held_out_traces_dropped": len(records) - len(training_records(records, allow_held_out=allow_held_out)),
               **{f"{name}_rows": len(part) for name, part in dataset.items()},
               **{f"{name}_tasks": len(set(part["source_task_id"])) for name, part in dataset.items()},
               **{f"{name}_task_ids": sorted(set(part["source_task_id"])) for name, part in dataset.items()}}
    write_json_atomic(out / "export.json", summary, sort_keys=True)
    # One id per line, for `arc-eval --ids @FILE`: later stages evaluate on exactly these tasks.
    for name, part in dataset.items():
        (out / f"{name}_tasks.txt").write_text("".join(f"{i}\n" for i in sorted(set(part["source_task_id"]))))
    return dataset
