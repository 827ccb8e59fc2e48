"""TRL reward functions: `(completions, **kwargs) -> list[float | None]`, in a plain registry.

    from rewards import get_reward_funcs
    trainer = GRPOTrainer(..., reward_funcs=get_reward_funcs(["smooth"], timeout_s=1.0))

They read these dataset columns from kwargs (TRL passes every column but the prompt):
`examples_json` (JSON list of {"input", "output"} pairs the program is scored on), `mode` ("write" or
"edit"), `start_reward` (the start program's reward in edit mode) and `start_program` (the program an
edit prompt shows: an answer's ```edit block of line edits applies to it, `rewards.line_edits`). A row
without `examples_json` gets None (TRL ignores it for that function).

Registry (`REWARD_FUNCS`: name -> factory):
  smooth  the smooth reward r (formula in `rewards.reward`)
  delta   r − start_reward in edit mode, r in write mode
  syntax / shape / pixel   one component of r (unweighted, in [0, 1])
  solved  1.0 when every example is reproduced exactly

All functions made by one `get_reward_funcs` call share a `BatchScorer`: the first one called in a
step runs every completion of the batch through the sandbox in ONE `run_many` call and keeps the
breakdowns for that batch, so the other functions reuse them instead of running programs again.
That first call also logs component means through TRL's `log_metric` kwarg when present
(`reward_components/syntax`, `…/shape`, `…/pixel`, `…/solved`, `…/penalty`, `…/exec_seconds`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from typing import Any

from data.grid import Grid, validate_grid
from rewards.extract import completion_text, extract_program
from rewards.reward import RewardBreakdown, RewardConfig, execute_and_score
from sandbox import Policy

RewardFunc = Callable[..., list[float | None]]
METRIC_PREFIX = "reward_components"


def parse_examples(examples_json: str) -> tuple[tuple[Grid, ...], tuple[Grid, ...]]:
    """(inputs, outputs) from an `examples_json` cell."""
    pairs = json.loads(examples_json)
    if not isinstance(pairs, list) or not pairs:
        raise ValueError("examples_json must be a non-empty JSON list of {input, output} pairs")
    inputs = tuple(validate_grid(pair["input"], example=str(index), field="input") for index, pair in enumerate(pairs))
    outputs = tuple(validate_grid(pair["output"], example=str(index), field="output")
                    for index, pair in enumerate(pairs))
    return inputs, outputs


class BatchScorer:
    """Scores a batch of completions once and serves every reward function of the same step."""

    def __init__(self, config: RewardConfig = RewardConfig(), *, timeout_s: float = 1.0,
                 policy: Policy | None = None, workers: int | None = None):
        self.config, self.timeout_s, self.policy, self.workers = config, timeout_s, policy, workers
        self._cache: dict[tuple[str, str], RewardBreakdown] = {}
        self._examples: dict[str, tuple[tuple[Grid, ...], tuple[Grid, ...]]] = {}
        self.batches_run = 0  # sandbox batches so far (for tests and logging)

    def score(self, completions: Sequence[Any], examples_json: Sequence[str | None],
              log_metric: Callable[[str, float], None] | None = None,
              start_programs: Sequence[str | None] | None = None) -> list[RewardBreakdown | None]:
        """`start_programs[i]`: the program completion i's prompt asks to edit (None for a write prompt)."""
        if len(examples_json) != len(completions):
            raise ValueError("examples_json must have one entry per completion")
        starts = list(start_programs) if start_programs is not None else [None] * len(completions)
        if len(starts) != len(completions):
            raise ValueError("start_programs must have one entry per completion")
        texts = [completion_text(completion) for completion in completions]
        keys = [(text, examples, start) if examples is not None else None
                for text, examples, start in zip(texts, examples_json, starts, strict=True)]
        missing = list(dict.fromkeys(key for key in keys if key is not None and key not in self._cache))
        batch = {key: self._cache[key] for key in keys if key is not None and key in self._cache}
        if missing:
            started = time.perf_counter()
            parsed = [self._parse(examples) for _, examples, _ in missing]
            scored = execute_and_score([extract_program(text, start) for text, _, start in missing],
                                       [inputs for inputs, _ in parsed], [outputs for _, outputs in parsed],
                                       config=self.config, timeout_s=self.timeout_s,
                                       lengths=[len(text) for text, _, _ in missing],
                                       policy=self.policy, workers=self.workers)
            batch.update((key, reward) for key, (_, reward) in zip(missing, scored, strict=True))
            self.batches_run += 1
            if log_metric is not None:
                self._log([batch[key] for key in keys if key is not None], time.perf_counter() - started, log_metric)
        self._cache = batch  # only this step's batch: memory stays bounded over a long run
        return [batch[key] if key is not None else None for key in keys]

    def _parse(self, examples_json: str) -> tuple[tuple[Grid, ...], tuple[Grid, ...]]:
        if examples_json not in self._examples:
            if len(self._examples) > 4096:
                self._examples.clear()
            self._examples[examples_json] = parse_examples(examples_json)
        return self._examples[examples_json]

    @staticmethod
    def _log(rewards: list[RewardBreakdown], seconds: float, log_metric: Callable[[str, float], None]) -> None:
        if not rewards:
            return
        count = len(rewards)
        for name in ("syntax", "shape", "pixel", "penalty"):
            log_metric(f"{METRIC_PREFIX}/{name}", sum(getattr(reward, name) for reward in rewards) / count)
        log_metric(f"{METRIC_PREFIX}/solved", sum(reward.solved for reward in rewards) / count)
        log_metric(f"{METRIC_PREFIX}/exec_seconds", seconds)


def _column(kwargs: dict[str, Any], name: str, count: int, default: Any) -> list[Any]:
    values = kwargs.get(name)
    return list(values) if values is not None else [default] * count


def edit_start(mode: str | None, start_program: str | None) -> str | None:
    """The program a row's line edits apply to: its `start_program` in edit mode, None otherwise."""
    return (start_program or None) if mode == "edit" else None


def edit_starts(kwargs: dict[str, Any], count: int) -> list[str | None]:
    """Per completion, the program its edit prompt shows (`edit_start` of its row's columns)."""
    modes = _column(kwargs, "mode", count, "write")
    return [edit_start(mode, start) for mode, start in zip(modes, _column(kwargs, "start_program", count, None),
                                                           strict=True)]


def _make(name: str, pick: Callable[[RewardBreakdown, str, float], float],
          scorer: BatchScorer | None, config: dict[str, Any]) -> RewardFunc:
    shared = scorer if scorer is not None else BatchScorer(**_scorer_options(config))

    def reward(completions: Sequence[Any], **kwargs: Any) -> list[float | None]:
        count = len(completions)
        modes = _column(kwargs, "mode", count, "write")
        breakdowns = shared.score(completions, _column(kwargs, "examples_json", count, None), kwargs.get("log_metric"),
                                  start_programs=edit_starts(kwargs, count))
        starts = _column(kwargs, "start_reward", count, 0.0)
        return [pick(breakdown, mode, float(start or 0.0)) if breakdown is not None else None
                for breakdown, mode, start in zip(breakdowns, modes, starts, strict=True)]

    reward.__name__ = reward.__qualname__ = name  # TRL logs rewards/<__name__>/mean
    reward.scorer = shared  # type: ignore[attr-defined]
    return reward


def _scorer_options(config: dict[str, Any]) -> dict[str, Any]:
    known = set(RewardConfig.__dataclass_fields__)
    unknown = set(config) - known - {"timeout_s", "policy", "workers"}
    if unknown:
        raise TypeError(f"unknown reward option(s): {', '.join(sorted(unknown))}")
    return {"config": RewardConfig(**{key: value for key, value in config.items() if key in known}),
            "timeout_s": config.get("timeout_s", 1.0), "policy": config.get("policy"),
            "workers": config.get("workers")}


def smooth(scorer: BatchScorer | None = None, **config: Any) -> RewardFunc:
    return _make("smooth", lambda reward, mode, start: reward.total, scorer, config)


def delta_reward(scorer: BatchScorer | None = None, **config: Any) -> RewardFunc:
    return _make("delta", lambda reward, mode, start: reward.total - start if mode == "edit" else reward.total,
                 scorer, config)


def syntax(scorer: BatchScorer | None = None, **config: Any) -> RewardFunc:
    return _make("syntax", lambda reward, mode, start: reward.syntax, scorer, config)


def shape(scorer: BatchScorer | None = None, **config: Any) -> RewardFunc:
    return _make("shape", lambda reward, mode, start: reward.shape, scorer, config)


def pixel(scorer: BatchScorer | None = None, **config: Any) -> RewardFunc:
    return _make("pixel", lambda reward, mode, start: reward.pixel, scorer, config)


def solved(scorer: BatchScorer | None = None, **config: Any) -> RewardFunc:
    return _make("solved", lambda reward, mode, start: float(reward.solved), scorer, config)


REWARD_FUNCS: dict[str, Callable[..., RewardFunc]] = {
    "smooth": smooth, "delta": delta_reward, "syntax": syntax, "shape": shape, "pixel": pixel, "solved": solved,
}


def get_reward_funcs(names: Sequence[str] | str = ("smooth",), **config: Any) -> list[RewardFunc]:
    """Reward functions by name (a list, or one comma-separated string), sharing one BatchScorer.

    `config`: RewardConfig fields (syntax_weight, shape_weight, pixel_power, length_penalty,
    penalty_max) plus timeout_s, policy and workers for the sandbox.
    """
    if isinstance(names, str):
        names = [name.strip() for name in names.split(",") if name.strip()]
    unknown = [name for name in names if name not in REWARD_FUNCS]
    if unknown:
        raise ValueError(f"unknown reward function(s) {', '.join(unknown)}; known: {', '.join(REWARD_FUNCS)}")
    scorer = BatchScorer(**_scorer_options(config))
    return [REWARD_FUNCS[name](scorer) for name in names]
