"""Run a solver over tasks, score each task as it finishes, and keep the results safe on disk.

    from harness.runner import evaluate
    summary = evaluate(solver, load_tasks("arc-agi-1", "evaluation"), "runs/x/eval", augment_vote=8)

`out_dir/results.jsonl` gets one JSON line per finished task (appended and fsynced), so a killed run
loses at most the task in flight; run it again with `resume=True` and finished tasks are skipped.
`out_dir/run.json` records the solver and its options; resuming into a folder written by a different
solver or options is refused. When all tasks are done, `report.json`, `report.md` and `report.html`
are (re)written from every result in the folder.

The solver only ever sees `task.without_test_outputs()` (and augmented copies of it); true outputs
stay in this process and are used only for scoring after the prediction is made.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from data.augment import Augmentation
from data.errors import UserError
from data.files import write_json_atomic
from data.grid import as_lists
from data.task import Task
from harness.report import RESULTS_FILE, RUN_FILE, load_results, write_reports
from harness.scoring import Summary, score_task
from solvers.protocol import Prediction, Solver, detailed, normalize
from solvers.voting import combine, voting_views

# Keep at most this many oracle candidates per test input in results.jsonl (they only feed the oracle).
MAX_STORED_CANDIDATES = 20


def _json_safe(value: Any) -> Any:
    """`value` reduced to JSON data (tuples → lists, unknown objects → str)."""
    return json.loads(json.dumps(value, default=str))


def _append_line(path: Path, record: dict) -> None:
    """Append one JSON line and make it durable before returning."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, separators=(",", ":")) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


SPEED_ONLY_OPTIONS = frozenset({"workers"})  # change how fast a run goes, never its results


def _identity(meta: dict) -> tuple:
    """What must match for a folder's results to be resumed: solver, result-changing options, vote, seed."""
    options = {k: v for k, v in (meta.get("options") or {}).items() if k not in SPEED_ONLY_OPTIONS}
    return meta.get("solver"), options, meta.get("augment_vote"), meta.get("seed")


def _check_run_meta(out_dir: Path, meta: dict, resume: bool) -> None:
    path = out_dir / RUN_FILE
    if resume and path.exists() and (out_dir / RESULTS_FILE).exists():
        old = json.loads(path.read_text(encoding="utf-8"))
        if _identity(old) != _identity(meta):
            raise UserError(f"{out_dir} holds results of another run ({old.get('solver')} "
                            f"{old.get('options')}, augment_vote={old.get('augment_vote')}); "
                            "use a new --out or --no-resume")
    write_json_atomic(path, meta, indent=2)


def _sequential(solver: Solver, tasks: Sequence[Task]) -> Iterator[tuple[int, Prediction]]:
    """The stream for solvers without `predict_stream`: one task at a time, timed here, errors caught
    (a solver crashing on one task is that task's miss, not the end of the run)."""
    for index, task in enumerate(tasks):
        start = time.perf_counter()
        try:
            prediction = detailed(solver, task)
        except Exception as error:  # noqa: BLE001 — recorded in the results, never hidden
            prediction = Prediction([[] for _ in task.test], info={"error": f"{type(error).__name__}: {error}"})
        prediction.info.setdefault("seconds", time.perf_counter() - start)
        yield index, prediction


def _stream(solver: Solver, tasks: Sequence[Task]) -> Iterable[tuple[int, Prediction]]:
    method = getattr(solver, "predict_stream", None)
    if not callable(method):
        return _sequential(solver, tasks)

    def timed() -> Iterator[tuple[int, Prediction]]:
        last = time.perf_counter()
        for index, prediction in method(tasks):
            now = time.perf_counter()
            prediction.info.setdefault("seconds", now - last)
            last = now
            yield index, normalize(prediction, len(tasks[index].test))

    return timed()


def _record(task: Task, prediction: Prediction, seconds: float) -> dict:
    truths = [example.output for example in task.test]
    candidates = prediction.candidates()
    scores = score_task(task.id, prediction.attempts, truths, candidates, seconds=seconds,
                        tokens=prediction.tokens, cost_usd=prediction.cost_usd)
    info = {key: value for key, value in prediction.info.items() if key not in ("candidates", "seconds")}
    return {
        "task_id": task.id,
        "dataset": task.dataset,
        "split": task.split,
        "inputs": [as_lists(example.input) for example in task.test],
        "truths": [as_lists(grid) for grid in truths],
        "attempts": [[as_lists(grid) for grid in grids] for grids in prediction.attempts],
        "confidences": prediction.confidences,
        "candidates": [[as_lists(grid) for grid in grids[:MAX_STORED_CANDIDATES]] for grids in candidates],
        "scores": scores.to_dict(),
        "info": _json_safe(info),
    }


def evaluate(solver: Solver, tasks: Sequence[Task], out_dir: str | Path, *, augment_vote: int = 0,
             resume: bool = True, seed: int = 0, options: dict | None = None,
             progress: bool = True, training_chain: Sequence[dict] | None = None, oracle: bool = False) -> Summary:
    """Evaluate `solver` on `tasks`, writing results and reports to `out_dir`; returns the summary over
    every task in the folder's results that is also in `tasks`.

    augment_vote: K > 0 runs the solver on the task plus K augmented copies and votes (solvers.voting).
    resume:       skip tasks already in results.jsonl (False starts the folder afresh).
    options:      the solver's options, recorded in run.json and the reports.
    training_chain: what the solver's model was trained on (`data.provenance.training_chain`, as dicts); the
                  reports list the evaluated tasks it contains as `contaminated_tasks`.
    oracle:       the solver can see reference solutions; the reports say so.
    A requested task without a result (a solver that skipped it) counts 0 in the summary.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    missing = [task.id for task in tasks if not task.has_test_outputs]
    if missing:
        raise UserError(f"task(s) without test outputs cannot be scored: {', '.join(missing[:5])}")
    meta = {"solver": solver.name, "trained_on": getattr(solver, "trained_on", ""), "options": options or {},
            "augment_vote": augment_vote, "seed": seed,
            "datasets": sorted({f"{task.dataset} {task.split}".strip() for task in tasks}),
            "oracle": bool(oracle or getattr(solver, "oracle", False)), "training_chain": list(training_chain or [])}
    _check_run_meta(out_dir, meta, resume)
    results_path = out_dir / RESULTS_FILE
    if not resume and results_path.exists():
        results_path.unlink()
    done = load_results(out_dir)
    pending = [task for task in tasks if task.id not in done]

    # One job per (task, view): the identity only, or the identity plus K augmented copies.
    views: list[list[Augmentation]] = []
    jobs: list[tuple[int, int, Task]] = []  # (pending index, view index, task the solver sees)
    for t_index, task in enumerate(pending):
        blind = task.without_test_outputs()
        task_views = voting_views(blind, augment_vote, seed=seed) if augment_vote > 0 else [Augmentation()]
        views.append(task_views)
        jobs.extend((t_index, v_index, aug.task(blind)) for v_index, aug in enumerate(task_views))

    answers: dict[int, dict[int, Prediction]] = {}
    wanted = {task.id for task in tasks}
    solved = sum(bool(record["scores"]["pass@2"]) for tid, record in done.items() if tid in wanted)
    with _progress(progress) as live:
        task_bar = live.add_task(f"{solver.name}", total=len(tasks), completed=len(tasks) - len(pending),
                                 solved=solved) if live else None
        for job_index, prediction in _stream(solver, [job[2] for job in jobs]):
            t_index, v_index, _ = jobs[job_index]
            answers.setdefault(t_index, {})[v_index] = prediction
            if len(answers[t_index]) < len(views[t_index]):
                continue
            task = pending[t_index]
            parts = answers.pop(t_index)
            seconds = sum(float(p.info.get("seconds", 0.0)) for p in parts.values())
            if augment_vote > 0:
                merged = combine([(views[t_index][i], parts[i]) for i in sorted(parts)], len(task.test))
                merged.info["per_view"] = [_json_safe({k: v for k, v in parts[i].info.items()
                                                       if k not in ("candidates",)}) for i in sorted(parts)]
            else:
                merged = parts[0]
            record = _record(task, merged, seconds)
            _append_line(results_path, record)
            solved += bool(record["scores"]["pass@2"])
            if live:
                live.update(task_bar, advance=1, solved=solved)
    return write_reports(out_dir, task_ids=[task.id for task in tasks],
                         test_inputs={task.id: len(task.test) for task in tasks})


class _NoProgress:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _progress(enabled: bool):
    if not enabled:
        return _NoProgress()
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    class SteadyRate(ProgressColumn):
        """Tasks per minute over the whole run, and the time left only once enough tasks have finished: the first
        tasks to finish are the quick ones, so a rate taken from them promises far too early an end."""

        def render(self, task) -> Text:
            elapsed, done = task.elapsed or 0.0, task.completed
            if done < max(3, 0.05 * (task.total or 0)) or elapsed <= 0:
                return Text("rate –", style="progress.remaining")
            rate = done / elapsed
            left = ((task.total or done) - done) / rate
            return Text(f"{rate * 60:.1f}/min, ~{int(left // 60)}:{int(left % 60):02d} left", style="progress.remaining")

    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("solved {task.fields[solved]}"), TimeElapsedColumn(), SteadyRate())
