"""The curriculum state and its transitions (pure: every function returns a new state).

A task is in one of these states:

- `locked`: its difficulty level is not open yet;
- `new`: open, never scored;
- `active`: scored, neither saturated nor hard;
- `hard`: mean reward below `hard_mean` after `hard_min_groups` groups: sampled `hard_weight` times
  more often, with augmented variants (hard tasks are augmented aggressively to come up more often);
- `saturated`: mean reward above `saturate_mean` with a standard deviation at most `saturate_max_std`
  after at least `saturate_min_groups` groups: sunset from sampling (weight `saturated_weight`, 0 by
  default; a small positive weight revisits them and re-activates a task the student forgot).

Levels open in order: level k+1 opens when at least `open_fraction` of level k's tasks are saturated
(1.0 = all of them; lower values open the next level when the level is "mostly" saturated).
Rewards fed in are expected on a [0, 1] scale (the caller normalises the reward by its maximum).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace

from curriculum.stats import TaskStats, merge_group

STATUSES = ("locked", "new", "active", "hard", "saturated")
VERSION = 1


@dataclass(frozen=True)
class CurriculumConfig:
    """Thresholds and weights of the curriculum (all on the normalised [0, 1] reward scale)."""

    num_levels: int = 1
    open_fraction: float = 1.0
    saturate_mean: float = 0.8
    saturate_max_std: float = 0.15
    saturate_min_groups: int = 3
    hard_mean: float = 0.05
    hard_min_groups: int = 2
    hard_weight: float = 3.0
    new_weight: float = 1.0
    saturated_weight: float = 0.0
    ema_alpha: float = 0.0
    max_events: int = 10_000

    def __post_init__(self) -> None:
        if self.num_levels < 1:
            raise ValueError(f"num_levels must be >= 1, got {self.num_levels}")
        if not 0.0 < self.open_fraction <= 1.0:
            raise ValueError(f"open_fraction must be in (0, 1], got {self.open_fraction}")
        if not 0.0 <= self.ema_alpha <= 1.0:
            raise ValueError(f"ema_alpha must be in [0, 1], got {self.ema_alpha}")
        for name in ("hard_weight", "new_weight", "saturated_weight"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0")


@dataclass(frozen=True)
class CurriculumState:
    """Per-task statistics, open levels, the draw counter of the seeded sampler, and an event log."""

    tasks: Mapping[str, TaskStats]
    open_levels: int = 1
    seed: int = 0
    draws: int = 0
    step: int = 0
    events: tuple[Mapping, ...] = field(default=())

    def status_counts(self) -> dict[str, int]:
        counts = Counter(stats.status for stats in self.tasks.values())
        return {status: counts.get(status, 0) for status in STATUSES}

    def to_json(self) -> dict:
        return {"version": VERSION, "seed": self.seed, "draws": self.draws, "step": self.step,
                "open_levels": self.open_levels, "counts": self.status_counts(),
                "tasks": {task_id: stats.to_json() for task_id, stats in self.tasks.items()},
                "events": [dict(e) for e in self.events]}

    @classmethod
    def from_json(cls, raw: Mapping) -> CurriculumState:
        if raw.get("version") != VERSION:
            raise ValueError(f"unsupported curriculum state version {raw.get('version')!r}")
        return cls(tasks={t: TaskStats.from_json(s) for t, s in raw["tasks"].items()},
                   open_levels=int(raw["open_levels"]), seed=int(raw["seed"]), draws=int(raw["draws"]),
                   step=int(raw["step"]), events=tuple(raw.get("events", ())))


def classify(stats: TaskStats, open_levels: int, config: CurriculumConfig) -> str:
    """The status a task's statistics put it in (see the module docstring)."""
    if stats.level >= open_levels:
        return "locked"
    if stats.groups == 0:
        return "new"
    if (stats.groups >= config.saturate_min_groups and stats.mean > config.saturate_mean
            and stats.std <= config.saturate_max_std):
        return "saturated"
    if stats.groups >= config.hard_min_groups and stats.mean < config.hard_mean:
        return "hard"
    return "active"


def initial_state(levels: Mapping[str, int], config: CurriculumConfig, *, seed: int = 0) -> CurriculumState:
    """A fresh state: every task unseen, level 0 open (and any level with no tasks skipped)."""
    bad = {t: lv for t, lv in levels.items() if not 0 <= lv < config.num_levels}
    if bad:
        raise ValueError(f"levels outside 0..{config.num_levels - 1}: {dict(list(bad.items())[:3])}")
    tasks = {t: TaskStats(level=lv) for t, lv in levels.items()}
    state = CurriculumState(tasks=tasks, open_levels=1, seed=seed)
    return _refresh(state, config)


def _log(events: tuple[Mapping, ...], step: int, config: CurriculumConfig, **event) -> tuple[Mapping, ...]:
    return (*events, {"step": step, **event})[-config.max_events:]


def _level_done(state: CurriculumState, level: int, config: CurriculumConfig) -> bool:
    members = [s for s in state.tasks.values() if s.level == level]
    if not members:
        return True
    saturated = sum(s.status == "saturated" for s in members)
    return saturated >= config.open_fraction * len(members) - 1e-9


def _refresh(state: CurriculumState, config: CurriculumConfig) -> CurriculumState:
    """Open every level whose predecessor is done, then re-derive each task's status."""
    while True:
        tasks = dict(state.tasks)
        events = state.events
        for task_id, stats in state.tasks.items():
            status = classify(stats, state.open_levels, config)
            if status != stats.status:
                tasks[task_id] = replace(stats, status=status, since_step=state.step)
                if stats.status != "new" or status != "locked":  # initial locking is not news
                    events = _log(events, state.step, config, task=task_id, **{"from": stats.status, "to": status})
        state = replace(state, tasks=tasks, events=events)
        if state.open_levels < config.num_levels and _level_done(state, state.open_levels - 1, config):
            state = replace(state, open_levels=state.open_levels + 1,
                            events=_log(state.events, state.step, config, level=state.open_levels, to="open"))
            continue
        return state


def observe(state: CurriculumState, groups: Mapping[str, Sequence[Sequence[float]]] | Sequence[
        tuple[str, Sequence[float]]], step: int, config: CurriculumConfig) -> CurriculumState:
    """The state after scoring: `groups` pairs task ids with a group of [0, 1] rewards (one group per
    prompt; a task may appear in several groups). Unknown task ids are ignored (e.g. a task removed
    from the dataset between runs)."""
    pairs = ([(t, g) for t, gs in groups.items() for g in gs] if isinstance(groups, Mapping) else list(groups))
    tasks = dict(state.tasks)
    for task_id, rewards in pairs:
        if task_id in tasks:
            tasks[task_id] = merge_group(tasks[task_id], [float(r) for r in rewards], step, config.ema_alpha)
    return _refresh(replace(state, tasks=tasks, step=max(step, state.step)), config)


def summary(state: CurriculumState) -> dict[str, float]:
    """Scalar metrics for the training log: counts per status, open levels, mean of seen tasks."""
    counts = state.status_counts()
    seen = [s.mean for s in state.tasks.values() if s.groups]
    out = {f"curriculum/{status}": float(n) for status, n in counts.items()}
    out["curriculum/open_levels"] = float(state.open_levels)
    out["curriculum/mean_task_reward"] = sum(seen) / len(seen) if seen else 0.0
    return out


def config_json(config: CurriculumConfig) -> dict:
    return asdict(config)
