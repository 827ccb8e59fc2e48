"""The end-of-run summary of a GRPO run (pure): did the reward rise, how much time went to rewards,
where the curriculum's tasks ended up. Written to `summary.json` by `grpo.train`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import curriculum as cur

TRACKED = {"reward": "reward", "solved": "reward_components/solved", "pixel": "reward_components/pixel",
           "syntax": "reward_components/syntax", "delta": "edit/delta_mean",
           "zero_std": "frac_reward_zero_std"}


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def quarters(log_history: Sequence[Mapping[str, Any]], key: str) -> tuple[float | None, float | None]:
    """Mean of `key` over the logged steps in the first and in the last quarter of the run's steps."""
    points = [(entry["step"], entry[key]) for entry in log_history
              if key in entry and entry[key] is not None and "step" in entry]
    if not points:
        return None, None
    last_step = max(step for step, _ in points)
    cut = max(last_step / 4, 1)
    first = [value for step, value in points if step <= cut]
    last = [value for step, value in points if step > last_step - cut]
    return _mean(first), _mean(last)


def transitions(state: cur.CurriculumState) -> dict[str, int]:
    """How many times tasks moved between states ('from->to': count), and levels opened."""
    counts = Counter(f"{e['from']}->{e['to']}" if "task" in e else "level_opened" for e in state.events)
    return dict(sorted(counts.items()))


def summarize(log_history: Sequence[Mapping[str, Any]], timing: Mapping[str, float],
              state: cur.CurriculumState | None, *, seconds: float) -> dict[str, Any]:
    """Figures of the run; `headline` is a one-line digest for the console."""
    summary: dict[str, Any] = {"steps": max((e.get("step", 0) for e in log_history), default=0),
                               "seconds": round(seconds, 1), "timing": dict(timing)}
    for name, key in TRACKED.items():
        first, last = quarters(log_history, key)
        if first is not None:
            summary[f"{name}_first_quarter"], summary[f"{name}_last_quarter"] = first, last
    if state is not None:
        summary["curriculum"] = {"counts": state.status_counts(), "open_levels": state.open_levels,
                                 "transitions": transitions(state)}
    first, last = summary.get("reward_first_quarter"), summary.get("reward_last_quarter")
    summary["headline"] = (
        f"arc-grpo: {summary['steps']} steps in {summary['seconds']}s; mean reward "
        + (f"{first:.3f} (first quarter) -> {last:.3f} (last quarter)" if first is not None else "not logged")
        + f"; reward share of step time {timing.get('reward_share', 0.0):.1%}"
        + (f"; curriculum {state.status_counts()}" if state is not None else ""))
    return summary
