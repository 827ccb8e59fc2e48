"""`arc-grid`: train and evaluate the neural grid models (TRM, HRM, transformer baseline).

    arc-grid train --config recipes/grid/overfit_trm.yaml [--max_steps 100 --output_dir runs/x/grid]
    arc-grid eval --checkpoint runs/x/grid [--which holdout --max-examples 2000]
    arc-grid data --config recipes/grid/overfit_trm.yaml       # build + cache the arrays, print counts
    arc-grid flags                                             # every config field train accepts

`train` reads the recipe (flat YAML whose keys are fields of the model, halting, data and training
dataclasses) with TRL's TrlParser; any field can be overridden on the command line as --name value.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from data.checks import at_least, input_path, output_dir, output_file
from data.cli_runner import run_cli
from data.errors import UserError

app = typer.Typer(help="Neural grid models (TRM, HRM, transformer): train, evaluate.", no_args_is_help=True,
                  add_completion=False)
_EXTRA = {"allow_extra_args": True, "ignore_unknown_options": True}


def parse_configs(argv: list[str], *, writes: bool = False) -> tuple:
    """(model, halting, data, training) configs from `--config file.yaml` plus flag overrides, checked.

    Every value is checked before any work: types and unknown keys by the parser, ranges here, and
    (`writes`) that the run folder can be written."""
    from sft.recipe_checks import check_ranges, parse_recipe
    from solvers.grid.train import CONFIG_TYPES

    model_cfg, halting, data_cfg, args = parse_recipe(CONFIG_TYPES, argv, prog="arc-grid")
    check_ranges(args, at_least={"batch_size": 1, "max_steps": 1, "eval_batch_size": 1, "eval_every": 0,
                                 "save_every": 0}, above={"learning_rate": 0})
    if writes:
        output_dir(args.output_dir, flag="--output_dir")
    return model_cfg, halting, data_cfg, args


@app.command(context_settings=_EXTRA)
def train(ctx: typer.Context,
          config: Path = typer.Option(None, "--config", help="Recipe YAML (recipes/grid/*.yaml).")) -> None:
    """Train a grid model; extra flags (--name value) override recipe fields (see `arc-grid flags`)."""
    from solvers.grid.train import train as run

    argv = (["--config", str(config)] if config else []) + list(ctx.args)
    model_cfg, halting, data_cfg, args = parse_configs(argv, writes=True)
    summary = run(model_cfg, halting, data_cfg, args)
    typer.echo(json.dumps({k: v for k, v in summary.items() if not isinstance(v, list)}, indent=2))


@app.command(context_settings=_EXTRA)
def data(ctx: typer.Context,
         config: Path = typer.Option(None, "--config", help="Recipe YAML; only its data fields matter.")) -> None:
    """Build (or load from the cache) a recipe's training data and print its size."""
    from solvers.grid.dataset import load_or_build

    _, _, data_cfg, _ = parse_configs((["--config", str(config)] if config else []) + list(ctx.args))
    built = load_or_build(data_cfg)
    typer.echo(json.dumps({**built.info["counts"], "fingerprint": built.info["fingerprint"],
                           "train_tasks": len(built.info["train_tasks"]),
                           "holdout_tasks": len(built.info["holdout_tasks"])}, indent=2))


@app.command("eval")
def evaluate(
    checkpoint: Path = typer.Option(..., "--checkpoint", help="Run folder (or its model/ folder)."),
    which: str = typer.Option("both", "--which", help="train | holdout | both."),
    max_examples: int = typer.Option(4096, "--max-examples", help="Training examples scored (holdout: all)."),
    batch_size: int = typer.Option(128, "--batch-size"),
    output: Path = typer.Option(None, "--out", "--output", help="JSON file (default: <run>/eval.json)."),
    memory_reads: bool = typer.Option(True, "--memory-reads/--no-memory-reads",
                                      help="EFE agent: read its memory bank (off: the ablation)."),
) -> None:
    """Score an exported model on its training pairs and held-out pairs: exact accuracy, voted
    pass@1/2, steps, and the calibration (ECE) of its halting confidence (EFE: and its memory bank's use)."""
    from rich.console import Console
    from rich.table import Table

    from solvers.grid.checkpoint import load_model
    from solvers.grid.dataset import GridDataConfig, load_or_build
    from solvers.grid.evaluate import evaluate_split

    if which not in ("train", "holdout", "both"):
        raise UserError(f"--which must be train, holdout or both, got {which!r}")
    at_least(max_examples, 1, flag="--max-examples")
    at_least(batch_size, 1, flag="--batch-size")
    input_path(checkpoint, flag="--checkpoint")
    if output is not None:
        output_file(output, flag="--out")
    loaded = load_model(checkpoint)
    memory = loaded.model.conditioning if hasattr(loaded.model.conditioning, "read_memory") else None
    if memory is None and not memory_reads:
        raise UserError("--no-memory-reads: this model has no memory bank (only the EFE agent has)")
    if memory is not None:
        memory.read_memory = memory_reads
    built = load_or_build(GridDataConfig(**loaded.data["config"]))
    results = {}
    for split in ("train", "holdout") if which == "both" else (which,):
        reads = memory.reads if memory is not None else 0
        results[split] = evaluate_split(loaded.model, loaded.halting, built, split,
                                        max_examples=max_examples if split == "train" else None,
                                        batch_size=batch_size)
        if memory is not None:
            results[split].update({"memory_slots": int(memory.memory_filled.bool().sum()),
                                   "memory_reads": memory.reads - reads})
    table = Table(title=f"{loaded.model.config.arch} @ step {loaded.training.get('step')}")
    table.add_column("metric")
    for split in results:
        table.add_column(split)
    keys = ["examples", "accuracy", "exact_accuracy", "steps", "confidence", "ece", "pairs", "pass@1", "pass@2",
            "tasks", "task_pass@1", "task_pass@2", *(["memory_slots", "memory_reads"] if memory is not None else [])]
    for key in keys:
        table.add_row(key, *(_fmt(results[s].get(key)) for s in results))
    Console().print(table)
    target = output or loaded.folder.parent / "eval.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=2))
    typer.echo(f"wrote {target}")


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.4f}" if isinstance(value, float) else str(value)


@app.command()
def flags() -> None:
    """Print every field `arc-grid train` accepts, with its default and help."""
    from dataclasses import MISSING, fields

    from solvers.grid.train import CONFIG_TYPES

    for config_type in CONFIG_TYPES:
        typer.echo(f"# {config_type.__name__}: {config_type.__doc__}")
        for f in fields(config_type):
            default = f.default if f.default is not MISSING else None
            typer.echo(f"  --{f.name} (default {default!r}): {f.metadata.get('help', '')}")


def main() -> None:
    run_cli(app, "arc-grid", on_interrupt="training keeps its last checkpoint in --output_dir (save_every); "
                                     "the same command resumes from it")


if __name__ == "__main__":
    main()
