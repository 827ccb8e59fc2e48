"""Parsing a training recipe: TRL's `TrlParser` over the stage's dataclasses, plus the checks it leaves out.

    parsed = parse_recipe(DATACLASSES, argv, prog="arc-grpo", choices=GRPO_CHOICES)   # sft.recipe_checks

A recipe's YAML values become argparse *defaults*, which argparse never checks against a field's choices, so a
misspelled `vllm_mode: servr` or `loss_type: dapoo` used to pass parsing and fail at the first training step.
Here every field with `choices` (in its metadata, or in `choices=`) is checked after parsing, and each problem
is one line: the field, the bad value, the allowed ones. `arc-sft` and `arc-grpo` both parse this way, and the
recipe test (tests/test_recipes.py) parses every recipe in `recipes/` with it.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from data.checks import load_yaml
from data.errors import UserError


def check_choices(parsed: Sequence[Any], choices: Mapping[str, Sequence[Any]] | None = None) -> None:
    """Raise `UserError` naming the first field whose value is not one of its choices."""
    extra = dict(choices or {})
    for config in parsed:
        if not dataclasses.is_dataclass(config):
            continue
        for f in dataclasses.fields(config):
            allowed = extra.get(f.name) or f.metadata.get("choices")
            value = getattr(config, f.name, None)
            if not allowed or value is None:
                continue
            values = value if isinstance(value, list) else [value]
            bad = [v for v in values if v not in allowed and str(v) not in map(str, allowed)]
            if bad:
                raise UserError(f"{f.name}: {bad[0]!r} is not one of {', '.join(map(str, allowed))}")


def parse_recipe(dataclass_types: Sequence[type], argv: Sequence[str] | None, *, prog: str,
                 choices: Mapping[str, Sequence[Any]] | None = None) -> tuple[Any, ...]:
    """The dataclasses filled from `--config recipe.yaml` and flags (flags win), their choices checked; a missing
    recipe, an unknown key or a bad value is a `UserError` (one line, exit code 2 from the CLIs)."""
    from trl import TrlParser

    args = list(argv) if argv is not None else sys.argv[1:]
    recipe = config_path(args)
    if recipe is not None:
        load_yaml(recipe, flag="--config")  # exists, UTF-8, valid YAML, a mapping: before TRL reads it
    parser = TrlParser(dataclass_types, prog=prog, usage=f"{prog} --config RECIPE.yaml [--option value ...]",
                       description="A recipe (YAML; see recipes/) sets any of the options below; options given "
                                   "after it on the command line override it.")

    def error(message: str) -> None:  # argparse would print the whole usage (50-200 lines), then exit
        raise UserError(message)

    parser.error = error  # type: ignore[method-assign]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # deprecation chatter about parser options
            parsed = parser.parse_args_and_config(args=args)
    except ValueError as exc:  # unknown recipe keys, bad values: the user's recipe, not our bug
        message = str(exc).strip().splitlines()[0]
        unknown = re.search(r"Unknown arguments from config file: \[(.*)\]", message)
        if unknown:
            items = [item.strip(" '\"") for item in unknown.group(1).split(",")]
            keys = [item[2:] for item in items if item.startswith("--")]
            raise UserError(f"--config {recipe}: unknown setting(s) {', '.join(keys)} "
                            f"(`{prog} --help` lists every setting)") from None
        raise UserError(message) from None
    check_choices(parsed, choices)
    return tuple(parsed)


def config_path(argv: Sequence[str]) -> str | None:
    """The value of `--config` (`--config FILE` or `--config=FILE`), or None."""
    for index, arg in enumerate(argv):
        if arg == "--config":
            if index + 1 >= len(argv):
                raise UserError("--config needs a recipe file")
            return argv[index + 1]
        if arg.startswith("--config="):
            return arg.split("=", 1)[1]
    return None


def check_ranges(config: Any, *, at_least: Mapping[str, float] | None = None,
                 above: Mapping[str, float] | None = None) -> None:
    """Each named field of `config` is >= (`at_least`) or > (`above`) its bound; None values pass."""
    for name, bound in (at_least or {}).items():
        value = getattr(config, name)
        if value is not None and value < bound:
            raise UserError(f"--{name} must be at least {bound:g}, got {value:g}")
    for name, bound in (above or {}).items():
        value = getattr(config, name)
        if value is not None and not value > bound:
            raise UserError(f"--{name} must be greater than {bound:g}, got {value:g}")


def check_paths_and_ranges(training: Any, *, script: Any = None, model: Any = None) -> None:
    """What every trainer CLI checks before building a model: the run folder can be written, batch sizes,
    epochs/steps and the learning rate are in range, and local dataset/model paths exist."""
    from data.checks import output_dir

    check_ranges(training, at_least={"per_device_train_batch_size": 1, "gradient_accumulation_steps": 1},
                 above={"learning_rate": 0})
    if getattr(training, "max_steps", -1) <= 0 and getattr(training, "num_train_epochs", 1) <= 0:
        raise UserError(f"--num_train_epochs must be positive (or --max_steps set), got {training.num_train_epochs:g}")
    output_dir(training.output_dir, flag="--output_dir")
    for config, name in ((script, "dataset_name"), (model, "model_name_or_path")):
        value = getattr(config, name, None) if config is not None else None
        if value and _looks_like_a_path(value) and not Path(value).exists():
            raise UserError(f"--{name}: no such folder: {value}")


def _looks_like_a_path(value: str) -> bool:
    """A local path rather than a Hub id (`user/name`, or a bare name such as `embedded`)."""
    return value.startswith(("/", "./", "../", "~")) or value.count("/") > 1
