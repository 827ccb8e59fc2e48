"""The sampler's settings: one dataclass, read from a YAML recipe, then overridden by flags.

    config = load_config("recipes/sample/demo.yaml", {"rounds": 3, "out": "runs/x/sample"})

Every field has a help string (`arc-sample --help-config` prints them). Unknown keys and wrong types are
`UserError`s naming the file and key.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data.checks import load_yaml
from data.errors import UserError


def _f(default: Any, help: str) -> Any:
    if isinstance(default, (dict, list)):
        return field(default_factory=lambda: type(default)(default), metadata={"help": help})
    return field(default=default, metadata={"help": help})


@dataclass
class SampleConfig:
    # teacher
    teacher: str = _f("offline", "Backend: offline, search, anthropic, openai, transformers or vllm.")
    model: str | None = _f(None, "Model id for the teacher (the backend's default when empty).")
    base_url: str | None = _f(None, "API base URL (openai: any compatible server; anthropic: a proxy).")
    teacher_options: dict = _f({}, "Other backend options, e.g. api_key_env, prices, thinking, programs_file.")
    concurrency: int = _f(8, "Teacher requests in flight at once.")
    max_cost_usd: float | None = _f(None, "Stop cleanly before spending more than this (API teachers).")
    max_retries: int = _f(6, "Retries per request on 429/5xx/timeouts (exponential backoff with jitter).")
    # tasks
    dataset: str = _f("arc-agi-1", "arc-agi-1, arc-agi-2, a folder of task files, a task file or a Kaggle file.")
    split: str = _f("training", "training or evaluation (for the built-in datasets).")
    ids: list[str] | None = _f(None, "Only these task ids.")
    limit: int | None = _f(None, "At most this many tasks (after the filters below).")
    require_program: bool | None = _f(None, "Only tasks with a verified program (default: yes for offline and search).")
    max_cells: int | None = _f(None, "Skip tasks whose demonstration grids hold more cells in total.")
    allow_held_out: bool = _f(False, "Sample held-out tasks too (data.splits); off: they are never sampled, so "
                                     "no trace of theirs reaches SFT.")
    # the evolution loop
    rounds: int = _f(2, "Edit rounds after the first samples.")
    samples: int = _f(8, "First programs sampled per task (write prompt).")
    parents: int = _f(3, "Programs chosen for editing per round (the best, then diverse ones).")
    edits: int = _f(2, "Edits sampled per parent per round.")
    style: str = _f("full", "Prompt style: full (DSL reference + few-shot) or compact (small students).")
    few_shot: int = _f(2, "Solved examples of other tasks in full write prompts.")
    max_tokens: int = _f(4096, "Completion length limit per sample.")
    temperature: float = _f(1.0, "Sampling temperature.")
    timeout_s: float = _f(1.0, "Sandbox wall-clock limit per program (all demonstration inputs).")
    hindsight: int = _f(0, "Hindsight tasks per task: relabel a failed program's outputs as a solved task.")
    # selection (reward-delta rule)
    k: int = _f(3, "Keep the top-k improving edits per task (by reward delta, coverage tie-break).")
    cap: int = _f(10, "At most this many traces per source task, hindsight tasks included.")
    eps: float = _f(0.01, "Reward deltas within eps are a tie (broken by pairs newly solved).")
    balance_bins: bool = _f(False, "Balance kept edits across parent accuracy bins 0/1-34/34-98/98-100%.")
    # run
    out: str = _f("runs/demo/sample", "Run folder (traces.jsonl, tasks.jsonl, difficulty.json, ...).")
    task_concurrency: int = _f(4, "Tasks sampled at once.")
    seed: int = _f(0, "Seed: per-task randomness derives from (seed, task id).")

    # Settings that change which traces a run produces: resuming requires them unchanged.
    IDENTITY = ("teacher", "model", "base_url", "teacher_options", "dataset", "split", "rounds", "samples",
                "parents", "edits", "style", "few_shot", "max_tokens", "temperature", "hindsight", "k", "cap",
                "eps", "balance_bins", "seed")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def backend_options(self) -> dict[str, Any]:
        options = dict(self.teacher_options)
        options.setdefault("seed", self.seed)
        options.setdefault("concurrency", self.concurrency)
        options.setdefault("max_retries", self.max_retries)
        if self.model:
            options.setdefault("model", self.model)
        if self.base_url:
            options.setdefault("base_url", self.base_url)
        if self.max_cost_usd is not None:
            options.setdefault("max_cost_usd", self.max_cost_usd)
        if self.teacher in ("offline", "search"):
            options.setdefault("timeout_s", self.timeout_s)
        if self.teacher == "search":  # found programs are kept beside the traces: a rerun does not search again
            options.setdefault("programs_cache", str(Path(self.out) / "search_programs.jsonl"))
        return options

    def validate(self) -> SampleConfig:
        if self.style not in ("full", "compact"):
            raise UserError(f"style must be full or compact, got {self.style!r}")
        for name in ("rounds", "hindsight"):
            if getattr(self, name) < 0:
                raise UserError(f"{name} must be >= 0")
        for name in ("samples", "parents", "edits", "k", "cap", "concurrency", "task_concurrency", "max_tokens"):
            if getattr(self, name) < 1:
                raise UserError(f"{name} must be >= 1")
        if self.max_cost_usd is not None and self.max_cost_usd <= 0:
            raise UserError("max_cost_usd must be positive")
        if self.limit is not None and self.limit < 1:
            raise UserError(f"limit must be >= 1 (or left out for all tasks), got {self.limit}")
        if not 0 < self.timeout_s <= 600:
            raise UserError(f"timeout_s must be in (0, 600] seconds, got {self.timeout_s:g}")
        return self


def _coerce(name: str, value: Any, hint: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        hint = next(a for a in args if a is not type(None))
        origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no", "1", "0"):
            return value.lower() in ("true", "yes", "1")
    elif hint is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    elif hint is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    elif hint is str and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    elif origin is list or hint is list:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, list):
            return [str(v) for v in value]
    elif hint is dict and isinstance(value, dict):
        return value
    raise UserError(f"{where}: '{name}' must be {getattr(hint, '__name__', hint)}, got {value!r}")


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> SampleConfig:
    """Defaults, then the YAML recipe at `path`, then `overrides` (None values are ignored)."""
    hints = typing.get_type_hints(SampleConfig)
    fields = {f.name for f in dataclasses.fields(SampleConfig)}
    values: dict[str, Any] = {}
    if path is not None:
        path = Path(path)
        raw = load_yaml(path, flag="--config")  # exists, UTF-8, valid YAML, a mapping (one-line errors)
        for name, value in raw.items():
            if name not in fields:
                raise UserError(f"{path}: unknown setting '{name}'")
            values[name] = _coerce(name, value, hints[name], str(path))
    for name, value in (overrides or {}).items():
        if value is None:
            continue
        if name not in fields:
            raise UserError(f"unknown setting '{name}'")
        values[name] = _coerce(name, value, hints[name], "flag")
    return SampleConfig(**values).validate()


def describe_fields() -> str:
    """Every setting with its default and help (for --help-config)."""
    lines = []
    for f in dataclasses.fields(SampleConfig):
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        lines.append(f"{f.name} (default {default!r}): {f.metadata.get('help', '')}")
    return "\n".join(lines)
