"""Evaluate a student model on held-out prompts: sample programs, run them in the sandbox, score them.

The hook SFT runs before and after training (`eval_before.json` / `eval_after.json` in the output folder), and that
GRPO and the demo reuse. Rows are dataset rows in the pipeline's format (`prompt` chat messages, `examples_json`
demonstration pairs the reward scores on, `task_id`, `mode`, `start_reward`):

    report = evaluate_rows(model, tokenizer, rows, label="after", num_samples=1)   # greedy
    print(report.summary()); save_report(report, "runs/demo/sft/eval_after.json")

Figures: mean reward (the smooth reward, averaged over every sample), solve rate (prompts with a sample that
reproduces every demonstration output exactly), task solve rate, parse rate, and for edit prompts the mean
Δr = r(sample) − r(start program), the share of samples that return the start program unchanged, and — for rows
that carry their task's test pairs (`test_json`, never shown to the model) — the repair rate: the fraction of
sampled edits that are right on every demonstration pair and on the test.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from student.generation import generate, parses


@dataclass
class EvalReport:
    """Scores of one model on a set of prompts (see the module docstring for the definitions)."""

    label: str
    prompts: int
    tasks: int
    samples_per_prompt: int
    mean_reward: float
    solve_rate: float
    task_solve_rate: float
    parse_rate: float
    mean_delta: float | None
    seconds: float
    # Edit prompts whose rows carry the task's test pairs: the fraction of sampled edits that are right on every
    # demonstration pair AND the test (averaged per prompt), and the fraction of prompts with such an edit among
    # their samples; None without such prompts.
    repair_rate: float | None = None
    repair_any_rate: float | None = None
    repair_prompts: int = 0
    unchanged_rate: float | None = None  # edit samples whose program is the start program unchanged
    rows: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> str:
        delta = "" if self.mean_delta is None else f", edit Δr {self.mean_delta:+.3f}"
        repair = "" if self.repair_rate is None else (
            f", repair rate {self.repair_rate:.1%} ({self.repair_any_rate:.1%} with any of "
            f"{self.samples_per_prompt} samples) on {self.repair_prompts} edit prompts")
        return (f"{self.label}: mean reward {self.mean_reward:.3f}, solved {self.solve_rate:.1%} of "
                f"{self.prompts} prompts ({self.task_solve_rate:.1%} of {self.tasks} tasks), "
                f"parse rate {self.parse_rate:.1%}{delta}{repair} [{self.seconds:.0f} s]")


def evaluate_rows(model, tokenizer, rows: Sequence[Mapping[str, Any]], *, label: str, num_samples: int = 1,
                  max_new_tokens: int = 512, temperature: float = 0.0, batch_size: int = 8, timeout_s: float = 1.0,
                  seed: int = 0) -> EvalReport:
    """Sample `num_samples` completions per row with the model, then score them (`score_completions`)."""
    started = time.perf_counter()
    completions = generate(model, tokenizer, [list(row["prompt"]) for row in rows], num_samples=num_samples,
                           max_new_tokens=max_new_tokens, temperature=temperature, batch_size=batch_size, seed=seed)
    report = score_completions(rows, completions, label=label, timeout_s=timeout_s)
    report.seconds = round(time.perf_counter() - started, 1)
    return report


def score_completions(rows: Sequence[Mapping[str, Any]], completions: Sequence[Sequence[str]], *, label: str,
                      timeout_s: float = 1.0) -> EvalReport:
    """Run the program of every completion on its row's demonstration inputs (one sandbox batch) and score it
    against the row's demonstration outputs; `completions[i]` are the samples for `rows[i]`."""
    from rewards import extract_program, parse_examples, reward_programs
    from rewards.trl import edit_start

    started = time.perf_counter()
    pairs = [parse_examples(row["examples_json"]) for row in rows]
    flat = [(r, text) for r, texts in enumerate(completions) for text in texts]
    starts = [edit_start(row.get("mode"), row.get("start_program")) for row in rows]
    programs = [extract_program(text, starts[r]) for r, text in flat]
    scores = reward_programs(programs, [pairs[r][0] for r, _ in flat], [pairs[r][1] for r, _ in flat],
                             timeout_s=timeout_s)

    # The test pairs (scoring only): run the programs that fit every demonstration on the row's test inputs.
    tests = [parse_examples(row["test_json"]) if row.get("test_json") else None for row in rows]
    on_test = [k for k in range(len(flat)) if scores[k].solved and tests[flat[k][0]] is not None]
    test_scores = reward_programs([programs[k] for k in on_test], [tests[flat[k][0]][0] for k in on_test],
                                  [tests[flat[k][0]][1] for k in on_test], timeout_s=timeout_s) if on_test else []
    right_on_test = {k for k, score in zip(on_test, test_scores, strict=True) if score.solved}

    per_row: list[dict[str, Any]] = []
    for r, row in enumerate(rows):
        ks = [k for k in range(len(flat)) if flat[k][0] == r]
        mine = [(flat[k][1], programs[k], scores[k]) for k in ks]
        rewards_ = [s.total for _, _, s in mine]
        start = (row.get("start_program") or "").strip()
        per_row.append({
            "task_id": row.get("task_id", ""), "mode": row.get("mode") or "write",
            "start_reward": float(row.get("start_reward") or 0.0), "rewards": rewards_,
            "mean_reward": sum(rewards_) / max(1, len(rewards_)), "solved": any(s.solved for _, _, s in mine),
            "has_test": tests[r] is not None, "correct_with_test": sum(k in right_on_test for k in ks),
            "unchanged": sum(bool(start) and (p or "").strip() == start for _, p, _ in mine),
            "parsed": sum(parses(p) for _, p, _ in mine), "completion": mine[0][0] if mine else "",
        })
    edits = [row for row in per_row if row["mode"] == "edit"]
    repairs = [row for row in edits if row["has_test"] and row["rewards"]]
    tasks: dict[str, bool] = {}
    for row in per_row:
        tasks[row["task_id"]] = tasks.get(row["task_id"], False) or row["solved"]
    n_samples = max(1, sum(len(row["rewards"]) for row in per_row))
    return EvalReport(
        label=label, prompts=len(rows), tasks=len(tasks),
        samples_per_prompt=max((len(texts) for texts in completions), default=0),
        mean_reward=sum(sum(row["rewards"]) for row in per_row) / n_samples,
        solve_rate=sum(row["solved"] for row in per_row) / max(1, len(per_row)),
        task_solve_rate=sum(tasks.values()) / max(1, len(tasks)),
        parse_rate=sum(row["parsed"] for row in per_row) / n_samples,
        mean_delta=(sum(row["mean_reward"] - row["start_reward"] for row in edits) / len(edits)) if edits else None,
        seconds=round(time.perf_counter() - started, 1),
        repair_rate=(sum(row["correct_with_test"] / len(row["rewards"]) for row in repairs) / len(repairs))
        if repairs else None,
        repair_any_rate=(sum(row["correct_with_test"] > 0 for row in repairs) / len(repairs)) if repairs else None,
        repair_prompts=len(repairs),
        unchanged_rate=(sum(row["unchanged"] for row in edits) / max(1, sum(len(row["rewards"]) for row in edits)))
        if edits else None,
        rows=per_row,
    )


def report_metrics(report: EvalReport) -> dict[str, float]:
    """The report's figures as flat numbers, for a tracker (`trainer.log`)."""
    metrics = {"mean_reward": report.mean_reward, "solve_rate": report.solve_rate,
               "task_solve_rate": report.task_solve_rate, "parse_rate": report.parse_rate}
    if report.mean_delta is not None:
        metrics["mean_delta"] = report.mean_delta
    return metrics


def save_report(report: EvalReport, path: str | Path) -> Path:
    """Write the report as JSON (atomically: a reader never sees half a file)."""
    from sft.run_files import write_json

    return write_json(path, dataclasses.asdict(report))


def load_report(path: str | Path) -> EvalReport:
    """Read a report written by `save_report`."""
    return EvalReport(**json.loads(Path(path).read_text()))
