"""`arc-sandbox`: run a program file on a task in the sandbox, or benchmark the sandbox.

    arc-sandbox run PROGRAM.py --task 67a3c6ac [--dataset arc-agi-1] [--json] [--no-policy] [--timeout 1]
    arc-sandbox bench [--seconds 10] [--workers N] [--modes sandbox,inprocess,cold] [--json]

`run` sends only the task's input grids into the sandbox, prints each pair's outcome and (this CLI
is the trusted parent, so it may look at the expected outputs) the reward against every known output.
`--no-policy` switches the AST policy off so only the process isolation stands (for adversarial
checks). `bench` measures programs/min of the sandbox against in-process `exec` and a cold
`python -c` per program on the reference solvers (see `sandbox.bench`).

The CLI lives in `rewards`, one layer above the sandbox, because `run` scores with the reward; the
sandbox itself knows nothing of rewards. `python -m sandbox` runs it too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from data.checks import read_text
from data.cli_runner import run_cli
from data.errors import UserError

app = typer.Typer(help="Run untrusted ARC programs in the sandbox, or benchmark it.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)


@app.command()
def run(
    program: Path = typer.Argument(..., help="a Python file defining solve(I)"),
    task: str = typer.Option(..., "--task", "-t", help="the task id, e.g. 67a3c6ac"),
    dataset: str = typer.Option("arc-agi-1", "--dataset", "-d", help="arc-agi-1, arc-agi-2, a folder or a task file"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object instead of text"),
    no_policy: bool = typer.Option(False, "--no-policy", help="skip the AST policy: isolation only"),
    timeout: float = typer.Option(1.0, "--timeout", help="wall-clock seconds for the program on all inputs"),
    grids: bool = typer.Option(False, "--grids", help="also print each output grid"),
) -> None:
    """Run PROGRAM on every input of a task (train then test) and score it against the known outputs."""
    from data import find_task
    from data.grid import grid_to_text
    from rewards import score_execution
    from sandbox import Policy
    from sandbox import run as run_program

    text = read_text(program, flag="PROGRAM")
    if not 0 < timeout <= 600:
        raise UserError(f"--timeout must be in (0, 600] seconds, got {timeout:g}")
    found = find_task(task, dataset)
    pairs = [("train", index, example) for index, example in enumerate(found.train)]
    pairs += [("test", index, example) for index, example in enumerate(found.test)]
    result = run_program(text, [example.input for _, _, example in pairs], timeout_s=timeout,
                         policy=Policy.disabled() if no_policy else None)
    expected = [example.output for _, _, example in pairs if example.output is not None]
    reward = score_execution(_only_outputs(result, pairs), expected, length_chars=len(text))
    if as_json:
        rows = [{"split": split, "index": index, **outcome.to_dict(),
                 "exact": None if example.output is None else outcome.output == example.output}
                for (split, index, example), outcome in zip(pairs, result.examples, strict=True)]
        print(json.dumps({"task": found.id, "dataset": dataset, "policy": not no_policy,
                          "program_error": result.program_error.value if result.program_error else None,
                          "message": result.message, "seconds": round(result.seconds, 4), "pairs": rows,
                          "reward": reward.to_dict()}))
        return
    status = f"{result.program_error.value}: {result.message}" if result.program_error else "ran"
    print(f"task {found.id} ({dataset}): {status} in {result.seconds:.3f} s")
    for (split, index, example), outcome in zip(pairs, result.examples, strict=True):
        if outcome.output is None:
            kind = outcome.error.value if outcome.error else "no output"
            line = kind if result.program_error and outcome.message == result.message else f"{kind}: {outcome.message}"
        else:
            height, width = len(outcome.output), len(outcome.output[0])
            verdict = "" if example.output is None else ("exact" if outcome.output == example.output else "wrong")
            line = f"{height}x{width} output {verdict}".rstrip()
        print(f"  {split} {index}: {line}")
        if grids and outcome.output is not None:
            print("    " + grid_to_text(outcome.output).replace("\n", "\n    "))
    print(f"reward {reward.total:.3f} (syntax {reward.syntax:g}, shape {reward.shape:.2f}, pixel {reward.pixel:.3f}, "
          f"penalty {reward.penalty:.3f}){' solved' if reward.solved else ''}")


def _only_outputs(result, pairs):
    """The result restricted to pairs with a known output (test outputs may be hidden)."""
    from sandbox import ExecResult

    kept = tuple(outcome for (_, _, example), outcome in zip(pairs, result.examples, strict=True)
                 if example.output is not None)
    return ExecResult(result.program_error, result.message, kept, result.seconds)


@app.command()
def bench(
    seconds: float = typer.Option(10.0, "--seconds", help="measuring time per mode"),
    workers: int = typer.Option(0, "--workers", help="programs in flight (0 = one more than the cores)"),
    modes: str = typer.Option("sandbox,inprocess,cold", "--modes", help="comma-separated: sandbox, inprocess, cold"),
    as_json: bool = typer.Option(False, "--json", help="print the report as JSON"),
) -> None:
    """Programs/min and latency of the sandbox vs in-process exec vs a cold `python -c` per program."""
    from rich.console import Console
    from rich.table import Table

    from sandbox.bench import MODES, run_benchmark

    chosen = tuple(mode.strip() for mode in modes.split(",") if mode.strip())
    if not chosen or any(mode not in MODES for mode in chosen):
        raise UserError(f"--modes takes a comma-separated subset of {', '.join(MODES)}")
    if seconds <= 0 or workers < 0:
        raise UserError("--seconds must be positive and --workers non-negative")
    console = Console(stderr=as_json, width=None if sys.stdout.isatty() else 110)  # pipes: no truncated columns
    report = run_benchmark(seconds, workers or None, chosen,
                           on_mode=lambda mode: console.print(f"[dim]measuring {mode} for {seconds:g} s…[/dim]"))
    if as_json:
        print(json.dumps(report, indent=2))
        return
    console.print(f"workload: {report['workload']}\n{report['workers']} in flight on {report['cores']} cores, "
                  f"load average {report['load_average'][0]:.1f} at the end")
    table = Table()
    for column in ("mode", "prog/min", "median ms", "p99 ms", "programs", "correct", "cpu ms", "idle prog/min"):
        table.add_column(column, justify="left" if column == "mode" else "right", no_wrap=True)
    projected = report["projected_per_minute_on_idle_cores"]
    for mode, row in report["modes"].items():
        cpu = row["cpu_ms_per_program"]
        table.add_row(mode, f"{row['per_minute']:,.0f}", f"{row['median_ms']:.2f}", f"{row['p99_ms']:.2f}",
                      str(row["programs"]), row["correct"] or "-", f"{cpu:.2f}" if cpu else "-",
                      f"{projected[mode]:,.0f}" if mode in projected else "-")
    console.print(table)
    console.print("cpu ms = CPU time per program; idle prog/min = what that CPU cost allows on idle cores")
    for name, ratio in report.get("ratios", {}).items():
        idle = report["projected_ratios"].get(name)
        console.print(f"{name}: {ratio:.3f}x measured" + (f", {idle:.3f}x on idle cores" if idle else ""))


def main() -> None:
    """Console entry point (`arc-sandbox`)."""
    run_cli(app, "arc-sandbox")


if __name__ == "__main__":
    main()
