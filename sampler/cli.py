"""`arc-sample`: gather edit traces from a teacher, and export them as an SFT dataset.

    arc-sample --config recipes/sample/demo.yaml [--rounds 3 --limit 10 --out runs/x/sample ...]
    arc-sample --config recipes/sample/anthropic.yaml --max-cost-usd 20
    arc-sample export --traces runs/demo/sample --out runs/demo/dataset [--held-out-tasks 24]
    arc-sample --help-config                     # every recipe setting with its default

A run folder can be killed at any time and the same command resumes it (finished tasks are skipped;
none of their traces is lost or duplicated). The progress bar shows tasks, accepted traces and cost.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer

from data.checks import input_path, output_dir
from data.cli_runner import run_cli
from data.errors import UserError

app = typer.Typer(help="Gather edit traces (sample → execute → edit) and export them for SFT.",
                  add_completion=False, pretty_exceptions_enable=False, invoke_without_command=True)


def _parse_set(items: list[str]) -> dict[str, object]:
    import yaml

    values = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UserError(f"--set takes KEY=VALUE, got {item!r}")
        values[key.strip()] = yaml.safe_load(value)
    return values


@app.callback()
def sample(
    ctx: typer.Context,
    config: Path = typer.Option(None, "--config", "-c", help="Recipe YAML (recipes/sample/*.yaml)."),
    teacher: str = typer.Option(None, help="offline, search, anthropic, openai, transformers or vllm."),
    model: str = typer.Option(None, help="Teacher model id."),
    base_url: str = typer.Option(None, help="API base URL (OpenAI-compatible servers, proxies)."),
    dataset: str = typer.Option(None, help="arc-agi-1, arc-agi-2, a folder or file of tasks."),
    split: str = typer.Option(None, help="training or evaluation."),
    ids: str = typer.Option(None, help="Comma-separated task ids."),
    limit: int = typer.Option(None, help="At most this many tasks."),
    rounds: int = typer.Option(None, help="Edit rounds."),
    samples: int = typer.Option(None, help="First programs per task."),
    edits: int = typer.Option(None, help="Edits per parent per round."),
    k: int = typer.Option(None, help="Top-k traces kept per task."),
    style: str = typer.Option(None, help="Prompt style: full or compact."),
    out: str = typer.Option(None, help="Run folder."),
    max_cost_usd: float = typer.Option(None, help="Stop cleanly before spending more."),
    seed: int = typer.Option(None, help="Seed."),
    set_: list[str] = typer.Option([], "--set", help="Any other setting: KEY=VALUE (YAML value). Repeatable."),
    help_config: bool = typer.Option(False, "--help-config", help="List every setting and exit."),
) -> None:
    """Run the sampler (the default command)."""
    if ctx.invoked_subcommand is not None:
        return
    from sampler.config import describe_fields, load_config

    if help_config:
        typer.echo(describe_fields())
        return
    flags = {"teacher": teacher, "model": model, "base_url": base_url, "dataset": dataset, "split": split,
             "ids": ids, "limit": limit, "rounds": rounds, "samples": samples, "edits": edits, "k": k,
             "style": style, "out": out, "max_cost_usd": max_cost_usd, "seed": seed, **_parse_set(set_)}
    settings = load_config(config, flags)
    output_dir(settings.out, flag="--out")  # before the teacher, the tasks or the run folder
    _run(settings)


def _run(settings) -> None:
    import asyncio

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from data.files import write_json_atomic
    from sampler.backends import BackendUnavailable, get_backend
    from sampler.loop import run_sampling
    from sampler.store import TraceStore
    from sampler.tasks import select_tasks

    console = Console(stderr=True)
    backend = get_backend(settings.teacher, **settings.backend_options())  # key / option errors come first
    tasks = select_tasks(settings, backend)
    store = TraceStore(settings.out)
    store.check_config(settings.to_dict(), settings.IDENTITY)
    started = time.monotonic()
    columns = (TextColumn("[bold]sampling"), BarColumn(), MofNCompleteColumn(), TextColumn("tasks"),
               TextColumn("{task.fields[traces]} traces"), TextColumn("${task.fields[cost]:.4f}"),
               TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        bar = progress.add_task("tasks", total=len(tasks), completed=len(store.done & {t.id for t in tasks}),
                                traces=len(store.traces.keys), cost=0.0)

        def on_task(outcome) -> None:
            progress.update(bar, advance=1, traces=len(store.traces.keys), cost=backend.meter.spent_usd)

        async def main():
            try:
                return await run_sampling(tasks, backend, settings, store, on_task=on_task)
            finally:
                await backend.aclose()

        try:
            summary = asyncio.run(main())
        except BackendUnavailable as error:
            # Not the user's mistake (exit 1, not 2), but still one line: finished tasks are safe on disk.
            console.print(f"arc-sample: the teacher API keeps failing ({error}); rerun the same command to resume")
            raise typer.Exit(1) from None
    seconds = time.monotonic() - started
    report = {"tasks": len(tasks), "skipped_done": summary.tasks_skipped, "sampled": summary.tasks_done,
              "traces_accepted_now": summary.traces, "traces_total": len(store.traces.keys),
              "transitions": summary.transitions, "tasks_solved": summary.solved, "stopped": summary.stopped,
              "seconds": round(seconds, 1), **summary.meter, "task_ids": sorted(t.id for t in tasks)}
    write_json_atomic(Path(settings.out) / "summary.json", report, sort_keys=True)
    console.print(json.dumps(report))
    if summary.stopped:
        console.print(f"[yellow]stopped early: {summary.stopped}; finished tasks are saved, rerun to continue")


@app.command("export")
def export_command(
    traces: Path = typer.Option(..., help="A run folder (or its traces.jsonl)."),
    out: Path = typer.Option(..., help="Where to save the dataset (datasets.load_from_disk opens it)."),
    held_out_tasks: int = typer.Option(24, help="Held-out tasks (data.splits) whose edit prompts form the eval split."),
    held_out_starts: int = typer.Option(2, help="Edit prompts (broken reference programs) per held-out task."),
    max_cells: int = typer.Option(500, help="Held-out tasks with at most this many demonstration cells."),
    dataset_name: str = typer.Option("arc-agi-1", "--dataset", help="Where the held-out tasks and test pairs come from."),
    allow_held_out: bool = typer.Option(False, help="Keep traces of held-out tasks in the train split."),
    style: str = typer.Option("recorded", help="Prompts as recorded, or re-rendered: compact or full."),
    seed: int = typer.Option(0, help="Seed of the held-out prompts' mutations."),
    push_to_hub: str = typer.Option(None, help="Also push to this Hub dataset repo (needs network + token)."),
    public: bool = typer.Option(False, help="Make the pushed Hub dataset public."),
) -> None:
    """Export accepted traces as a Hugging Face dataset: train = traces of training tasks, eval = edit prompts of
    held-out tasks."""
    from sampler.export import export

    input_path(traces, flag="--traces")
    output_dir(out, flag="--out")
    dataset = export(traces, out, held_out_tasks=held_out_tasks, held_out_starts=held_out_starts, max_cells=max_cells,
                     dataset_name=dataset_name, seed=seed, style=style, allow_held_out=allow_held_out,
                     push_to_hub=push_to_hub, private=not public)
    sizes = ", ".join(f"{name}: {len(part)} rows / {len(set(part['source_task_id']))} tasks"
                      for name, part in dataset.items())
    typer.echo(f"saved {out} ({sizes})")


def main() -> None:
    run_cli(app, "arc-sample", on_interrupt="finished tasks and their traces are saved in the run folder; "
                                       "the same command resumes")
