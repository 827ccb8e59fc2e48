"""arc-eval: evaluate any registered solver on ARC tasks, and compare evaluations.

    arc-eval --solver reference --dataset arc-agi-1 --split training --out runs/ref
    arc-eval --solver search --dataset arc-agi-1 --split evaluation --time-budget 30 --out runs/search-eval
    arc-eval --solver program --backend openai --base-url http://localhost:8000/v1 --model M --samples 8
    arc-eval --solver trm --checkpoint runs/trm/ckpt --augment-vote 8 --limit 20
    arc-eval compare runs/ref runs/search-eval --out runs/compare
    arc-eval solvers                                   # the registered solver names

Solver options (--checkpoint, --model, --backend, --base-url, --samples, --rounds, --time-budget,
--workers, and any --set KEY=VALUE) go to the solver's factory as keyword arguments; options a solver
does not take are an error. Results are resumable: rerun the same command and finished tasks are skipped.
"""

from __future__ import annotations

from pathlib import Path

import typer

from data.checks import above, at_least, input_path, output_dir, read_text
from data.cli_runner import run_cli
from data.errors import UserError

app = typer.Typer(add_completion=False, no_args_is_help=False, help=__doc__.split("\n\n")[0])


def _parse_value(text: str):
    """A --set value as YAML would read it (int, float, bool, null, or string)."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def _solver_options(checkpoint, model, backend, base_url, samples, rounds, time_budget, workers,
                    extra: list[str]) -> dict:
    options = {"checkpoint": checkpoint, "model": model, "backend": backend, "base_url": base_url,
               "samples": samples, "rounds": rounds, "time_budget": time_budget, "workers": workers}
    options = {key: value for key, value in options.items() if value is not None}
    for item in extra:
        if "=" not in item:
            raise UserError(f"--set expects KEY=VALUE, got {item!r}")
        key, value = item.split("=", 1)
        options[key.strip().replace("-", "_")] = _parse_value(value)
    return options


@app.callback(invoke_without_command=True)
def evaluate_command(
    ctx: typer.Context,
    solver: str = typer.Option(None, "--solver", "-s", help="Solver name (see `arc-eval solvers`)."),
    dataset: str = typer.Option("arc-agi-1", help="arc-agi-1, arc-agi-2, a folder, a task file or a Kaggle file."),
    split: str = typer.Option("evaluation", help="training or evaluation (built-in datasets)."),
    limit: int = typer.Option(None, help="Evaluate only the first N tasks."),
    ids: str = typer.Option(None, help="Comma-separated task ids to evaluate, or @FILE with one id per line."),
    augment_vote: int = typer.Option(0, "--augment-vote", help="Vote over K augmented copies (0 = off)."),
    out: Path = typer.Option(None, help="Output folder (default runs/eval/<solver>-<dataset>-<split>)."),
    resume: bool = typer.Option(True, "--resume/--no-resume", help="Skip tasks already in the folder."),
    seed: int = typer.Option(0, help="Seed for the augmentations of --augment-vote."),
    checkpoint: str = typer.Option(None, help="Solver option: a checkpoint folder (grid/program solvers)."),
    model: str = typer.Option(None, help="Solver option: model name or path (program solver)."),
    backend: str = typer.Option(None, help="Solver option: sampler backend (program solver)."),
    base_url: str = typer.Option(None, "--base-url", help="Solver option: API base URL (program solver)."),
    samples: int = typer.Option(None, help="Solver option: programs sampled per task (program solver)."),
    rounds: int = typer.Option(None, help="Solver option: edit rounds (program solver)."),
    time_budget: float = typer.Option(None, "--time-budget", help="Solver option: CPU seconds per task (search); reports show wall seconds."),
    workers: int = typer.Option(None, help="Solver option: worker processes (search; default all cores)."),
    set_: list[str] = typer.Option([], "--set", help="Any other solver option as KEY=VALUE (repeatable)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
    allow_oracle: bool = typer.Option(False, "--allow-oracle", help="Evaluate a solver that can see reference "
                                      "solutions (reference, program with the offline teacher); reports say 'oracle'."),
) -> None:
    """Evaluate a solver (this form runs when no subcommand is given)."""
    if ctx.invoked_subcommand is not None:
        return
    if solver is None:
        raise UserError("give --solver NAME (see `arc-eval solvers`), or a subcommand: compare, solvers")
    from data.loaders import load_tasks
    from harness.runner import evaluate
    from solvers.registry import make_solver

    # every input is checked before a task is loaded or a solver built
    at_least(limit, 1, flag="--limit")
    at_least(augment_vote, 0, flag="--augment-vote")
    above(time_budget, 0, flag="--time-budget")
    at_least(workers, 1, flag="--workers")
    at_least(samples, 1, flag="--samples")
    at_least(rounds, 0, flag="--rounds")
    if out is not None:
        output_dir(out, flag="--out")
    options = _solver_options(checkpoint, model, backend, base_url, samples, rounds, time_budget, workers, set_)
    if ids and ids.startswith("@"):  # @FILE: ids one per line (e.g. an export's eval_tasks.txt)
        listed = read_text(ids[1:], flag="--ids").split()
        if not listed:
            raise UserError(f"--ids {ids}: the file lists no task ids")
        ids = ",".join(listed)
    task_ids = [tid.strip() for tid in ids.split(",") if tid.strip()] if ids else None
    tasks = load_tasks(dataset, split, ids=task_ids, limit=limit)
    if not tasks:
        raise UserError(f"no tasks selected from {dataset} {split}")
    instance = make_solver(solver, **options)
    oracle = bool(getattr(instance, "oracle", False))
    if oracle and not allow_oracle:
        close = getattr(instance, "close", None)
        if callable(close):
            close()
        raise UserError(f"the {solver} solver{' with the ' + str(options['backend']) + ' backend' if options.get('backend') else ''} "
                        "can see reference solutions (an oracle, not a solver); pass --allow-oracle to evaluate it "
                        "anyway (the report says 'oracle')")
    chain = solver_training_chain(instance, options)
    name = Path(dataset).stem if Path(dataset).exists() else dataset
    out = out or Path("runs") / "eval" / f"{solver}-{name}-{split}"
    try:
        summary = evaluate(instance, tasks, out, augment_vote=augment_vote, resume=resume, seed=seed,
                           options=options, progress=progress, training_chain=chain, oracle=oracle)
    finally:
        close = getattr(instance, "close", None)  # e.g. the program solver's API clients
        if callable(close):
            close()
    _print_summary(summary, out)


def solver_training_chain(solver, options: dict) -> list[dict]:
    """What the solver's model was trained on: the training chain (`data.provenance`) of every model folder the
    solver names (its `training_sources`, else its --checkpoint / --model options and its `model` name; the
    embedded student resolves to its build folder). Solvers that train nothing give an empty chain."""
    from data.provenance import training_chain

    sources = getattr(solver, "training_sources", None)
    if sources is None:
        sources = [options.get("checkpoint"), options.get("model"), getattr(solver, "model", None)]
    chain: list[dict] = []
    seen: set[str] = set()
    for source in sources:
        if not isinstance(source, str) or not source:
            continue
        if source == "embedded":
            from student.embedded import resolve_model

            source = resolve_model(source)
        if not Path(source).exists():
            chain.append({"path": source, "stage": "model (not a local folder)", "task_ids": None})
            continue
        for link in training_chain(source):
            if link.path not in seen:
                seen.add(link.path)
                chain.append(link.to_dict())
    return chain


def _print_summary(summary, out: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    from harness.report import SUMMARY_ROWS

    values = summary.to_dict()
    table = Table(title=f"arc-eval → {out}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for label, key, fmt in SUMMARY_ROWS:
        table.add_row(label, fmt.format(values[key]))
    console = Console()
    console.print(table)
    console.print(f"reports: {out / 'report.md'}, {out / 'report.html'}, {out / 'report.json'}")


@app.command()
def compare(
    folders: list[Path] = typer.Argument(..., help="Evaluation output folders."),
    out: Path = typer.Option(None, help="Write compare.md and compare.html into this folder."),
) -> None:
    """Put several evaluations side by side (Markdown on stdout; HTML too with --out)."""
    from harness.report import compare as compare_runs

    for folder in folders:
        input_path(folder, flag="FOLDERS")
    if out is not None:
        output_dir(out, flag="--out")
    typer.echo(compare_runs(folders, out))
    if out is not None:
        typer.echo(f"wrote {out / 'compare.md'} and {out / 'compare.html'}")


@app.command()
def solvers() -> None:
    """List the registered solver names."""
    from solvers.registry import SOLVERS

    for name, factory in sorted(SOLVERS.items()):
        typer.echo(f"{name:12s} {factory.__doc__ or ''}")


@app.command("demo-report")
def demo_report(run: Path = typer.Option(Path("runs/demo"), help="The pipeline's run folder.")) -> None:
    """Write the combined report of a pipeline run folder (report.md + report.html)."""
    from harness.demo_report import write_report

    if not run.is_dir():
        raise UserError(f"no run folder {run}")
    if not any(run.iterdir()):
        raise UserError(f"{run} is empty: run `make demo` (or its stages) first")
    md_path, html_path = write_report(run)
    typer.echo(f"wrote {md_path} and {html_path}")
    typer.echo(md_path.read_text())


def main() -> None:
    run_cli(app, "arc-eval", on_interrupt="finished tasks are saved in the output folder; the same command "
                                     "resumes (--resume is on by default)")
