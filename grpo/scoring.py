"""The reward functions GRPO optimises, wrapped to time them and to feed the curriculum.

The functions themselves come from `rewards.get_reward_funcs` (TRL's signature; all of them share one
`BatchScorer`, so every completion of a step goes through the sandbox in ONE batched call, and that
call logs the reward components and the solve rate under `reward_components/*`). This module adds,
without changing what they return:

- timing: every call's seconds go to the `RewardClock`; the first function logs `timing/reward_share`
  (reward seconds / optimizer-step seconds over the steps completed since its previous call) and
  `timing/reward_seconds`;
- the curriculum: the first function reads the step's breakdowns back from the shared scorer (a cache
  hit, no second sandbox run), turns each completion's absolute reward r into r / max_reward in [0, 1],
  gathers (task_id, score) from every process and feeds the groups (consecutive runs of
  `num_generations` completions, TRL's layout) to the live curriculum, then logs its counts;
- edit mode: `edit/delta_mean` (mean Δr = r(child) − r(start)), `edit/improved` (share with Δr > 0)
  and `edit/start_reward`.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from typing import Any

from grpo.hooks import LiveCurriculum, RewardClock

RewardFunc = Callable[..., list]


def timed(func: RewardFunc, clock: RewardClock) -> RewardFunc:
    """`func` with its wall time added to `clock` (name and attributes kept: TRL logs by __name__)."""

    @functools.wraps(func)
    def reward(completions: Sequence[Any], **kwargs: Any) -> list:
        start = time.perf_counter()
        try:
            return func(completions, **kwargs)
        finally:
            clock.add_reward(time.perf_counter() - start)

    return reward


def groups_of(pairs: Sequence[tuple[str, float | None]], size: int) -> list[tuple[str, list[float]]]:
    """Consecutive runs of `size` (task_id, score) pairs as (task_id, scores); unscored entries dropped."""
    out = []
    for start in range(0, len(pairs) - size + 1, size):
        chunk = pairs[start:start + size]
        scores = [score for _, score in chunk if score is not None]
        if scores:
            out.append((chunk[0][0], scores))
    return out


def primary(func: RewardFunc, clock: RewardClock, live: LiveCurriculum | None, num_generations: int) -> RewardFunc:
    """The first reward function: timed, and the one that feeds the curriculum and logs run metrics."""
    from accelerate.utils import gather_object

    from rewards.trl import edit_starts

    scorer = getattr(func, "scorer", None)
    if scorer is None:
        raise ValueError(f"reward function {func.__name__!r} exposes no shared scorer (use rewards.get_reward_funcs)")

    @functools.wraps(func)
    def reward(completions: Sequence[Any], **kwargs: Any) -> list:
        log = kwargs.get("log_metric") or (lambda name, value: None)
        share = clock.share_since_last_report()
        if share is not None:
            log("timing/reward_share", share)
        start = time.perf_counter()
        values = func(completions, **kwargs)
        count = len(completions)
        breakdowns = scorer.score(completions, kwargs.get("examples_json") or [None] * count,
                                  start_programs=edit_starts(kwargs, count))
        starts = [float(s or 0.0) for s in kwargs.get("start_reward") or [0.0] * count]
        modes = kwargs.get("mode") or ["write"] * count
        edits = [(b.total - s) for b, s, m in zip(breakdowns, starts, modes, strict=True)
                 if b is not None and m == "edit"]
        if edits:
            log("edit/delta_mean", sum(edits) / len(edits))
            log("edit/improved", sum(d > 0 for d in edits) / len(edits))
            log("edit/start_reward", sum(s for s, m in zip(starts, modes, strict=True) if m == "edit") / len(edits))
        if live is not None:
            top = scorer.config.max_reward
            scores = [None if b is None else min(max(b.total / top, 0.0), 1.0) for b in breakdowns]
            task_ids = kwargs.get("task_id") or [""] * count
            pairs = gather_object(list(zip(task_ids, scores, strict=True)))
            state = kwargs.get("trainer_state")
            live.observe(groups_of(pairs, num_generations), state.global_step if state is not None else 0)
            for name, value in live.metrics().items():
                log(name, value)
        elapsed = time.perf_counter() - start
        clock.add_reward(elapsed)
        log("timing/reward_seconds", elapsed)
        return values

    return reward


def build_reward_funcs(names: Sequence[str], clock: RewardClock, live: LiveCurriculum | None, *,
                       num_generations: int, **options: Any) -> list[RewardFunc]:
    """`rewards.get_reward_funcs(names, **options)`, the first one as `primary`, the others `timed`."""
    from rewards import get_reward_funcs

    funcs = get_reward_funcs(list(names), **options)
    return [primary(funcs[0], clock, live, num_generations), *(timed(f, clock) for f in funcs[1:])]
