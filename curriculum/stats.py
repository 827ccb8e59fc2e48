"""Running reward statistics of one task: mean, variance, counts, last step seen.

Rewards arrive a group at a time (the G completions GRPO sampled for one prompt), so statistics
are merged per group, which makes them independent of the order of completions inside a group:

- exact (`ema_alpha == 0`): Chan's parallel form of Welford's algorithm over every reward seen;
- exponential (`0 < ema_alpha <= 1`): the running distribution is a mixture that gives the new group
  weight `ema_alpha` and the history `1 - ema_alpha`, so a student that improves is judged on what
  it does now rather than on its whole past.

Everything here is pure: `merge_group` returns a new `TaskStats`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class TaskStats:
    """What the curriculum knows about one task."""

    level: int = 0
    status: str = "new"  # one of curriculum.state.STATUSES
    count: int = 0  # rewards observed
    groups: int = 0  # times the task was sampled and scored
    mean: float = 0.0
    var: float = 0.0  # population variance of the (weighted) rewards
    last_step: int = -1  # trainer step of the last observation, -1 = never
    since_step: int = 0  # step at which `status` was entered

    @property
    def std(self) -> float:
        return math.sqrt(max(self.var, 0.0))

    def to_json(self) -> dict:
        return {"level": self.level, "status": self.status, "count": self.count, "groups": self.groups,
                "mean": self.mean, "var": self.var, "last_step": self.last_step, "since_step": self.since_step}

    @classmethod
    def from_json(cls, raw: dict) -> TaskStats:
        return cls(level=int(raw["level"]), status=str(raw["status"]), count=int(raw["count"]),
                   groups=int(raw["groups"]), mean=float(raw["mean"]), var=float(raw["var"]),
                   last_step=int(raw["last_step"]), since_step=int(raw["since_step"]))


def group_moments(rewards: Sequence[float]) -> tuple[float, float]:
    """Mean and population variance of one group of rewards."""
    n = len(rewards)
    mean = sum(rewards) / n
    return mean, sum((r - mean) ** 2 for r in rewards) / n


def merge_group(stats: TaskStats, rewards: Sequence[float], step: int, ema_alpha: float = 0.0) -> TaskStats:
    """`stats` updated with one scored group of rewards (see the module docstring for the two modes)."""
    if not rewards:
        return stats
    if not 0.0 <= ema_alpha <= 1.0:
        raise ValueError(f"ema_alpha must be in [0, 1], got {ema_alpha}")
    g_mean, g_var = group_moments(rewards)
    k = len(rewards)
    if stats.count == 0:
        mean, var = g_mean, g_var
    elif ema_alpha > 0.0:
        a = ema_alpha
        delta = g_mean - stats.mean
        mean = stats.mean + a * delta
        var = (1 - a) * stats.var + a * g_var + a * (1 - a) * delta * delta
    else:
        n = stats.count
        total = n + k
        delta = g_mean - stats.mean
        mean = stats.mean + delta * k / total
        m2 = stats.var * n + g_var * k + delta * delta * n * k / total
        var = m2 / total
    return replace(stats, count=stats.count + k, groups=stats.groups + 1, mean=mean, var=max(var, 0.0),
                   last_step=step)
