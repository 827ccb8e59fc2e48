"""Exporting accepted traces as a Hugging Face dataset for SFT.

    arc-sample export --traces runs/demo/sample --out runs/demo/dataset [--eval-fraction 0.1]
                      [--style compact] [--push-to-hub USER/REPO]

Rows are in TRL's conversational prompt/completion format:
- `prompt`: the chat messages the teacher answered (or the same prompt re-rendered in another style:
  `--style compact` gives the small student its short prompt; the record keeps the task and the
  parent's execution result, so nothing is re-run);
- `completion`: one assistant message, `<think>reasoning</think>` then the fenced program;
plus `task_id`, `examples_json` (the demonstration pairs the reward scores on), `mode` (write|edit),
`start_program` ("" for write), `start_reward` (0.0 for write), and `source_task_id`, `delta`,
`child_reward`, `teacher`, `trace_id` for analysis. Train and eval are split BY SOURCE TASK (a task and
its hindsight variants land in the same split), so no task is in both.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from data.errors import UserError
from data.task import Task
from sampler.reasoning import completion_text
from sampler.store import read_traces, write_json_atomic

STYLES = ("recorded", "compact", "full")


def _prompt(record: dict[str, Any], style: str) -> list[dict[str, str]]:
    if style == "recorded" or style == record.get("style"):
        return [{"role": m["role"], "content": m["content"]} for m in record["prompt"]]
    from sampler.prompts import edit_messages, write_messages
    from sandbox import ExecResult

    task = Task.from_json(record["task_id"], record["task"])
    if record["mode"] == "write":
        return write_messages(task, style=style)
    result = ExecResult.from_dict(record["parent_result"]) if record.get("parent_result") else None
    return edit_messages(task, record["parent_program"], result, style=style, reward=record["parent_reward"])


def to_row(record: dict[str, Any], style: str = "recorded") -> dict[str, Any]:
    """One dataset row from one trace record."""
    from rewards import extract_reasoning

    reasoning = record.get("reasoning") or extract_reasoning(record["completion"]) or ""
    return {
        "prompt": _prompt(record, style),
        "completion": [{"role": "assistant", "content": completion_text(reasoning, record["child_program"])}],
        "task_id": record["task_id"],
        "source_task_id": record.get("source_task_id") or record["task_id"],
        "examples_json": json.dumps(record["task"]["train"]),
        "mode": record["mode"],
        "start_program": record.get("parent_program") or "",
        "start_reward": float(record.get("parent_reward") or 0.0),
        "delta": float(record["delta"]),
        "child_reward": float(record["child_reward"]),
        "teacher": f"{record['teacher']['backend']}:{record['teacher']['model']}",
        "trace_id": record["id"],
    }


def split_tasks(task_ids: Sequence[str], eval_fraction: float, seed: int) -> tuple[set[str], set[str]]:
    """(train, eval) task sets: a seeded shuffle, `eval_fraction` of the tasks held out (at least one when
    the fraction is positive and there are two tasks or more)."""
    if not 0.0 <= eval_fraction < 1.0:
        raise UserError(f"--eval-fraction must be in [0, 1), got {eval_fraction}")
    ids = sorted(set(task_ids))
    random.Random(seed).shuffle(ids)
    n_eval = round(eval_fraction * len(ids))
    if eval_fraction > 0 and len(ids) >= 2:
        n_eval = min(max(1, n_eval), len(ids) - 1)
    return set(ids[n_eval:]), set(ids[:n_eval])


def build_dataset(records: Sequence[dict[str, Any]], *, eval_fraction: float = 0.1, seed: int = 0,
                  style: str = "recorded") -> Any:
    """A `datasets.DatasetDict` with "train" (and "eval" when held-out tasks exist)."""
    from datasets import Dataset, DatasetDict

    if style not in STYLES:
        raise UserError(f"--style must be one of {', '.join(STYLES)}, got {style!r}")
    if not records:
        raise UserError("no accepted traces to export")
    rows = [to_row(r, style) for r in records]
    train_ids, eval_ids = split_tasks([r["source_task_id"] for r in rows], eval_fraction, seed)
    splits = {"train": [r for r in rows if r["source_task_id"] in train_ids]}
    if eval_ids:
        splits["eval"] = [r for r in rows if r["source_task_id"] in eval_ids]
    return DatasetDict({name: Dataset.from_list(part) for name, part in splits.items()})


def export(traces: str | Path, out: str | Path, *, eval_fraction: float = 0.1, seed: int = 0,
           style: str = "recorded", push_to_hub: str | None = None, private: bool = True) -> Any:
    """Read traces (a run folder or a .jsonl), save the dataset to `out`, optionally push it to the Hub."""
    records = read_traces(traces)
    dataset = build_dataset(records, eval_fraction=eval_fraction, seed=seed, style=style)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    dataset.save_to_disk(str(out))
    summary = {"traces": str(traces), "style": style, "eval_fraction": eval_fraction, "seed": seed,
               **{f"{name}_rows": len(part) for name, part in dataset.items()},
               **{f"{name}_tasks": len(set(part["source_task_id"])) for name, part in dataset.items()},
               **{f"{name}_task_ids": sorted(set(part["source_task_id"])) for name, part in dataset.items()}}
    write_json_atomic(out / "export.json", summary)
    # One id per line, for `arc-eval --ids @FILE`: later stages evaluate on exactly these tasks.
    for name, part in dataset.items():
        (out / f"{name}_tasks.txt").write_text("".join(f"{i}\n" for i in sorted(set(part["source_task_id"]))))
    if push_to_hub:
        try:
            dataset.push_to_hub(push_to_hub, private=private)
        except Exception as error:  # noqa: BLE001 - offline mode, no token, no network: all the user's to fix
            raise UserError(f"push to {push_to_hub} failed ({type(error).__name__}: {error}); the dataset is "
                            f"saved in {out}") from None
    return dataset
