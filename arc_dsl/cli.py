"""`arc-dsl`: the DSL's prompt reference and the reference solvers' coverage and checks.

    arc-dsl docs                       # the whole reference (signatures + one-line docstrings)
    arc-dsl docs --top 60              # the 60 primitives most used by the reference solvers
    arc-dsl docs --names fill,paint    # just those
    arc-dsl coverage [--json]          # verified solvers per split, primitive usage, solver lengths
    arc-dsl check 67a3c6ac             # run a task's solver on every pair; exit 1 if any fails
    arc-dsl check 67a3c6ac --file draft.py   # check a draft before saving it under solvers/programs/
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from data.checks import read_text
from data.cli_runner import run_cli
from data.errors import UserError

app = typer.Typer(help="The arc_dsl reference, reference-solver coverage and checks.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


@app.command()
def docs(top: int | None = typer.Option(None, "--top", help="only the N primitives most used by the solvers"),
         names: str | None = typer.Option(None, "--names", help="comma-separated primitive names")) -> None:
    """Print the DSL reference for prompts."""
    from arc_dsl.docs import reference

    if top is not None and names is not None:
        raise UserError("give --top or --names, not both")
    selection = top if top is not None else ([n.strip() for n in names.split(",") if n.strip()] if names else None)
    typer.echo(reference(selection), nl=False)


@app.command()
def coverage(as_json: bool = typer.Option(False, "--json", help="print the full summary as JSON")) -> None:
    """Verify every registered solver; report coverage per split, primitive usage and solver lengths."""
    from rich.console import Console
    from rich.progress import track

    from arc_dsl.solvers.coverage import coverage as summarise

    stderr = Console(stderr=True)
    summary = summarise(lambda items: track(items, description="verifying solvers", console=stderr,
                                            transient=True))
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
        return
    for split, figures in summary["splits"].items():
        typer.echo(f"{summary['dataset']} {split}: {figures['verified']} verified / {figures['tasks']} tasks"
                   f" ({figures['registered']} registered)")
        if figures["failing"]:
            typer.echo(f"  failing: {', '.join(figures['failing'])}")
    primitives = summary["primitives"]
    typer.echo(f"primitives: {primitives['used']} of {primitives['count']} used")
    top = [f"{name} {count}" for name, count in list(primitives["usage"].items())[:15]]
    typer.echo(f"  most used: {', '.join(top)}")
    lines = summary["solver_lengths"]["lines"]
    typer.echo(f"solver body lines: min {lines['min']}, median {lines['median']}, max {lines['max']}")
    seconds = summary["solver_seconds"]
    typer.echo(f"solver run time (all pairs): median {seconds['median'] * 1e3:.3f} ms, "
               f"max {seconds['max'] * 1e3:.3f} ms")


@app.command()
def check(task_id: str = typer.Argument(..., help="an ARC-AGI-1 training task id, e.g. 67a3c6ac"),
          file: Path | None = typer.Option(None, "--file", help="check this program file instead of the registered one")) -> None:
    """Run a task's solver (trusted, in-process) on every train and test pair; exit 1 if any fails."""
    from arc_dsl.solvers import DATASET, solver_source, verify_program
    from data import find_task

    if file is not None:
        program = read_text(file, flag="--file")
    else:
        program = solver_source(task_id)
    report = verify_program(task_id, program, find_task(task_id, DATASET))
    if report.error:
        typer.echo(f"{task_id}: program error: {report.error}", err=True)
        raise typer.Exit(1)
    for pair in report.pairs:
        status = "pass" if pair.passed else "FAIL"
        detail = f"  {pair.error}" if pair.error else ("" if pair.passed else "  wrong output")
        typer.echo(f"{pair.split} {pair.index}: {status}{detail}")
    passed = sum(pair.passed for pair in report.pairs)
    typer.echo(f"{task_id}: {passed}/{len(report.pairs)} pairs pass")
    if not report.passed:
        raise typer.Exit(1)


def main() -> None:
    run_cli(app, "arc-dsl")


if __name__ == "__main__":
    main()
