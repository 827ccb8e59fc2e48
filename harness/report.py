"""Reports of an evaluation folder, and side-by-side comparisons of several.

An evaluation folder (written by `harness.runner.evaluate`) holds `run.json` (solver, options, what it
was trained on) and `results.jsonl` (one line per task). From these this module writes:

  report.json  the run's metadata, the overall summary and every task's metrics;
  report.md    a summary table and one row per task;
  report.html  a self-contained page: the summary, then for every task each test input, the attempts
               and the true output as coloured grids (✓ marks an exactly right attempt).

    arc-eval compare runs/a/eval runs/b/eval --out runs/compare   # compare.md + compare.html
"""

from __future__ import annotations

import html
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from data.errors import UserError
from data.grid import Grid
from data.render import grid_html
from harness.scoring import InputScore, Summary, TaskScore, aggregate

RESULTS_FILE = "results.jsonl"
RUN_FILE = "run.json"
CELL_PIXELS = 10

SUMMARY_ROWS = (  # (label, key in Summary.to_dict(), format)
    ("tasks", "tasks", "{:d}"),
    ("solved (pass@2)", "solved", "{:d}"),
    ("ARC score", "score", "{:.2%}"),
    ("pass@1", "pass@1", "{:.2%}"),
    ("pass@2", "pass@2", "{:.2%}"),
    ("oracle", "oracle", "{:.2%}"),
    ("exact match (test inputs)", "exact_match", "{:.2%}"),
    ("pixel accuracy", "pixel_accuracy", "{:.2%}"),
    ("attempts per input", "attempts", "{:.2f}"),
    # wall-clock seconds; a solver's own budget (the search's --time-budget) is CPU seconds per task
    ("wall seconds (total)", "seconds", "{:.1f}"),
    ("wall seconds per task", "seconds_per_task", "{:.2f}"),
    ("tokens", "tokens", "{:d}"),
    ("cost (USD)", "cost_usd", "{:.4f}"),
)


def load_results(out_dir: str | Path, *, repair: bool = True) -> dict[str, dict]:
    """The records of `results.jsonl` by task id (first record wins).

    A run killed mid-write can leave a partial last line: with `repair` (a run resuming) it is cut off the
    file, so the task is simply redone; without (a reader such as `compare`) it is skipped and the file is
    left as it is. A malformed line anywhere else means the file was damaged by something else, and is
    reported rather than silently dropped.
    """
    path = Path(out_dir) / RESULTS_FILE
    if not path.exists():
        return {}
    raw = path.read_bytes()
    records: dict[str, dict] = {}
    offset = 0
    lines = raw.split(b"\n")
    for number, line in enumerate(lines, 1):
        end = offset + len(line) + 1
        if line.strip():
            try:
                record = json.loads(line)
                if not isinstance(record, dict) or "task_id" not in record or "scores" not in record:
                    raise ValueError("not a result record")
            except ValueError:
                is_tail = all(not rest.strip() for rest in lines[number:])
                if not is_tail:
                    raise UserError(f"{path}: line {number} is not a result record; "
                                    "move the file away or rerun with --no-resume") from None
                if repair:
                    with path.open("r+b") as handle:  # drop the torn tail written by a killed run
                        handle.truncate(offset)
                        handle.flush()
                        os.fsync(handle.fileno())
                else:
                    print(f"warning: {path}: line {number} is a partial record (a run stopped mid-write); "
                          "it is left out", file=sys.stderr)
                break
            records.setdefault(record["task_id"], record)
        offset = end
    return records


def _grid(value: list | None) -> Grid | None:
    return None if value is None else tuple(tuple(row) for row in value)


def _load_run(out_dir: Path) -> dict:
    path = out_dir / RUN_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def missing_score(task_id: str, test_inputs: int = 1) -> TaskScore:
    """The score of a requested task without a result: no attempt on any of its test inputs (it counts 0)."""
    return TaskScore(task_id, tuple(InputScore(False, False, False, 0.0, 0) for _ in range(max(1, test_inputs))))


def contamination(run: dict, task_ids: Sequence[str]) -> dict:
    """What the run's solver trained on among `task_ids` (from the training chain recorded in run.json):
    `contaminated_tasks` (evaluated tasks some upstream stage trained on), `untracked_training` (chain links that
    record no task ids: their training data is unknown), `held_out` (True only when neither exists), `oracle`."""
    from data.provenance import Link, trained_task_ids
    from data.splits import overlap

    chain = [Link(link["path"], link["stage"], None if link.get("task_ids") is None else tuple(link["task_ids"]))
             for link in run.get("training_chain") or []]
    contaminated = overlap(task_ids, trained_task_ids(chain))
    untracked = [link.path for link in chain if link.task_ids is None]
    if "training_chain" not in run:  # a folder evaluated before training chains were recorded
        untracked.append("(training chain not recorded in run.json)")
    oracle = bool(run.get("oracle"))
    return {"contaminated_tasks": contaminated, "untracked_training": untracked,
            "held_out": not contaminated and not untracked and not oracle, "oracle": oracle,
            "training_chain": [f"{link.stage} ({len(link.task_ids) if link.task_ids is not None else '?'} tasks): "
                               f"{link.path}" for link in chain]}


def write_reports(out_dir: str | Path, task_ids: Sequence[str] | None = None,
                  test_inputs: dict[str, int] | None = None) -> Summary:
    """(Re)write report.json, report.md and report.html for the folder; `task_ids` restricts and orders
    the tasks (default: every result, in file order). A requested task without a result counts 0 (with
    `test_inputs[task_id]` test inputs, default 1) and is listed under `missing_tasks`. Returns the summary."""
    out_dir = Path(out_dir)
    records = load_results(out_dir)
    ids = list(task_ids) if task_ids is not None else list(records)
    missing = [tid for tid in ids if tid not in records]
    chosen = [records[tid] for tid in ids if tid in records]
    scores = [TaskScore.from_dict(records[tid]["scores"]) if tid in records
              else missing_score(tid, (test_inputs or {}).get(tid, 1)) for tid in ids]
    summary = aggregate(scores)
    run = _load_run(out_dir)
    run_facts = contamination(run, ids) | {"missing_tasks": missing}
    by_id = {record["task_id"]: record for record in chosen}
    report = {"run": run, "summary": summary.to_dict(), **run_facts,
              "tasks": [{k: v for k, v in score.to_dict().items() if k != "inputs"}
                        | {"info": _brief_info(by_id[score.task_id]) if score.task_id in by_id else {"missing": True},
                           "contaminated": score.task_id in run_facts["contaminated_tasks"]}
                        for score in scores]}
    (out_dir / "report.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    (out_dir / "report.md").write_text(render_markdown(run, summary, scores, run_facts), encoding="utf-8")
    (out_dir / "report.html").write_text(render_html(run, summary, chosen, run_facts), encoding="utf-8")
    return summary


def provenance_lines(facts: dict) -> list[str]:
    """Plain-text lines on what the evaluated tasks are: held out, contaminated, oracle, missing."""
    if not facts:
        return []
    lines = []
    if facts.get("oracle"):
        lines.append("ORACLE: this solver can see the reference solutions of the tasks; its score is not a "
                     "solver's score")
    contaminated = facts.get("contaminated_tasks") or []
    if contaminated:
        lines.append(f"contaminated_tasks ({len(contaminated)}): trained on upstream, NOT held out: "
                     + ", ".join(contaminated))
    else:
        lines.append("contaminated_tasks: none (no evaluated task is in the training chain)")
    if facts.get("untracked_training"):
        lines.append("training data not recorded for: " + ", ".join(facts["untracked_training"])
                     + " (the tasks cannot be called held out)")
    lines.append("held-out tasks: " + ("yes, every evaluated task" if facts.get("held_out") else "no"))
    for link in facts.get("training_chain") or []:
        lines.append(f"training chain: {link}")
    if facts.get("missing_tasks"):
        lines.append(f"missing results ({len(facts['missing_tasks'])}, scored 0): " + ", ".join(facts["missing_tasks"]))
    return lines


def _brief_info(record: dict) -> dict:
    """The small, useful part of a record's info for report.json (errors, programs, sizes)."""
    info = record.get("info") or {}
    return {key: info[key] for key in ("error", "programs", "expression", "votes") if key in info}


def _run_title(run: dict) -> str:
    options = ", ".join(f"{k}={v}" for k, v in (run.get("options") or {}).items() if v not in (None, "", [], {}))
    vote = f", augment-vote {run['augment_vote']}" if run.get("augment_vote") else ""
    oracle = " [oracle]" if run.get("oracle") else ""
    return f"{run.get('solver', '?')}{oracle}" + (f" ({options})" if options else "") + vote


def render_markdown(run: dict, summary: Summary, scores: Sequence[TaskScore], facts: dict | None = None) -> str:
    """The Markdown report: what ran, what the tasks are (held out, contaminated, oracle), the summary table,
    one row per task."""
    values = summary.to_dict()
    facts = facts or {}
    lines = [f"# arc-eval: {_run_title(run)}", ""]
    if run.get("trained_on"):
        lines += [f"Trained on: {run['trained_on']}", ""]
    if run.get("datasets"):
        lines += [f"Tasks: {', '.join(run['datasets'])}", ""]
    lines += [f"- {line}" for line in provenance_lines(facts)] + ([""] if facts else [])
    lines += ["| metric | value |", "|---|---|"]
    lines += [f"| {label} | {fmt.format(values[key])} |" for label, key, fmt in SUMMARY_ROWS]
    lines += ["", "| task | score | pass@1 | pass@2 | oracle | pixel acc | attempts | wall s | tokens | cost |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    contaminated = set(facts.get("contaminated_tasks") or ())
    missing = set(facts.get("missing_tasks") or ())
    for s in scores:
        note = " (trained on)" if s.task_id in contaminated else " (missing)" if s.task_id in missing else ""
        lines.append(f"| {s.task_id}{note} | {s.score:.2f} | {_mark(s.pass_at_1)} | {_mark(s.pass_at_2)} | "
                     f"{_mark(s.oracle)} | {s.pixel_accuracy:.3f} | {s.attempts:.1f} | {s.seconds:.2f} | "
                     f"{s.tokens} | {s.cost_usd:.4f} |")
    return "\n".join(lines) + "\n"


def _mark(flag: bool) -> str:
    return "✓" if flag else "·"


_CSS = """
body { font-family: sans-serif; background: #f4f4f4; color: #222; margin: 1.5em; }
h1 { font-size: 1.3em; } h2 { font-size: 1.05em; margin: 0 0 .4em; }
table.summary, table.tasks { border-collapse: collapse; background: #fff; margin-bottom: 1.2em; }
table.summary td, table.summary th, table.tasks td, table.tasks th { border: 1px solid #ddd; padding: .2em .6em;
  text-align: right; } th { background: #eee; } td:first-child, th:first-child { text-align: left; }
section.task { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: .6em .8em; margin: .8em 0; }
section.task.solved { border-left: 6px solid #2ECC40; } section.task.unsolved { border-left: 6px solid #FF4136; }
.row { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 1em; margin: .4em 0; }
figure { margin: 0; text-align: center; } figcaption { font-size: .8em; color: #555; }
.ok { color: #2ECC40; font-weight: bold; } .no { color: #FF4136; }
pre { background: #f8f8f8; padding: .4em; font-size: .8em; overflow-x: auto; }
.meta { color: #666; font-size: .9em; }
"""


def _figure(grid: Grid | None, caption: str) -> str:
    return f"<figure>{grid_html(grid, cell=CELL_PIXELS)}<figcaption>{caption}</figcaption></figure>"


def _summary_table(values: dict) -> str:
    rows = "".join(f"<tr><td>{html.escape(label)}</td><td>{fmt.format(values[key])}</td></tr>"
                   for label, key, fmt in SUMMARY_ROWS)
    return f'<table class="summary">{rows}</table>'


def _task_section(record: dict) -> str:
    scores = record["scores"]
    status = "solved" if scores["pass@2"] else "unsolved"
    parts = [f'<section class="task {status}" id="{html.escape(record["task_id"])}">'
             f"<h2>{html.escape(record['task_id'])} — score {scores['score']:.2f}, "
             f"pixel {scores['pixel_accuracy']:.3f}, {scores['seconds']:.2f} s wall</h2>"]
    for index, (inp, truth) in enumerate(zip(record["inputs"], record["truths"], strict=True)):
        attempts = record["attempts"][index] if index < len(record["attempts"]) else []
        figures = [_figure(_grid(inp), f"test {index + 1} input")]
        for rank, attempt in enumerate(attempts, 1):
            right = attempt == truth
            mark = '<span class="ok">✓</span>' if right else '<span class="no">✗</span>'
            figures.append(_figure(_grid(attempt), f"attempt {rank} {mark}"))
        if not attempts:
            figures.append(_figure(None, "no attempt"))
        figures.append(_figure(_grid(truth), "truth"))
        parts.append(f'<div class="row">{"".join(figures)}</div>')
    info = record.get("info") or {}
    if info.get("error"):
        parts.append(f'<div class="meta">error: {html.escape(str(info["error"]))}</div>')
    programs = info.get("programs") or []
    for rank, program in enumerate(programs[:2], 1):
        parts.append(f"<details><summary>program {rank}</summary><pre>{html.escape(str(program))}</pre></details>")
    parts.append("</section>")
    return "".join(parts)


def render_html(run: dict, summary: Summary, records: Sequence[dict], facts: dict | None = None) -> str:
    """The self-contained HTML report (inline CSS and SVG, no scripts or external files)."""
    title = html.escape(f"arc-eval: {_run_title(run)}")
    meta = []
    notes = "".join(f"<li>{html.escape(line)}</li>" for line in provenance_lines(facts or {}))
    if run.get("trained_on"):
        meta.append(f"trained on: {html.escape(run['trained_on'])}")
    if run.get("datasets"):
        meta.append("tasks: " + html.escape(", ".join(run["datasets"])))
    index = " ".join(f'<a href="#{html.escape(r["task_id"])}">{html.escape(r["task_id"])}'
                     f'{"✓" if r["scores"]["pass@2"] else ""}</a>' for r in records)
    body = "".join(_task_section(record) for record in records)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{_CSS}</style></head><body><h1>{title}</h1>"
            f'<div class="meta">{" · ".join(meta)}</div><ul class="meta">{notes}</ul>{_summary_table(summary.to_dict())}'
            f'<p class="meta">{index}</p>{body}</body></html>\n')


# ----------------------------------------------------------------------------------------------------------
# Comparison of several evaluation folders.


def _load_for_compare(folder: Path) -> tuple[dict, dict[str, dict]]:
    if not (folder / RESULTS_FILE).exists():
        raise UserError(f"{folder}: no {RESULTS_FILE} (not an arc-eval output folder)")
    records = load_results(folder, repair=False)  # a reader: never rewrites a run's results
    if not records:
        print(f"warning: {folder}: no finished task in {RESULTS_FILE}", file=sys.stderr)
    return _load_run(folder), records


def compare(folders: Sequence[str | Path], out_dir: str | Path | None = None) -> str:
    """Put several evaluation folders side by side. Returns the Markdown table (summary metrics by run,
    then per-task scores over the union of tasks); with `out_dir`, also writes compare.md and
    compare.html (each task's first test input with the truth and every run's first attempt)."""
    if len(folders) < 1:
        raise UserError("compare needs at least one evaluation folder")
    runs = []
    for folder in map(Path, folders):
        run, records = _load_for_compare(folder)
        summary = aggregate([TaskScore.from_dict(r["scores"]) for r in records.values()])
        runs.append((folder, run, records, summary))
    task_ids = sorted({tid for _, _, records, _ in runs for tid in records})
    names = [f"{folder.name if folder.name not in ('eval', 'evaluate') else folder.parent.name} "
             f"({run.get('solver', '?')})" for folder, run, _, _ in runs]

    lines = ["| metric | " + " | ".join(names) + " |", "|---|" + "---|" * len(runs)]
    for label, key, fmt in SUMMARY_ROWS:
        lines.append(f"| {label} | " + " | ".join(fmt.format(s.to_dict()[key]) for *_, s in runs) + " |")
    lines += ["", "| task | " + " | ".join(names) + " |", "|---|" + "---|" * len(runs)]
    for tid in task_ids:
        cells = [f"{records[tid]['scores']['score']:.2f}" if tid in records else "–" for _, _, records, _ in runs]
        lines.append(f"| {tid} | " + " | ".join(cells) + " |")
    markdown = "\n".join(lines) + "\n"

    if out_dir is not None:
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "compare.md").write_text(markdown, encoding="utf-8")
        (out_dir / "compare.html").write_text(_compare_html(names, runs, task_ids), encoding="utf-8")
    return markdown


def _compare_html(names: list[str], runs: list, task_ids: list[str]) -> str:
    head = "".join(f"<th>{html.escape(name)}</th>" for name in names)
    summary_rows = "".join(
        f"<tr><td>{html.escape(label)}</td>"
        + "".join(f"<td>{fmt.format(s.to_dict()[key])}</td>" for *_, s in runs) + "</tr>"
        for label, key, fmt in SUMMARY_ROWS)
    sections = []
    for tid in task_ids:
        first = next(records[tid] for _, _, records, _ in runs if tid in records)
        figures = [_figure(_grid(first["inputs"][0]), "test 1 input"), _figure(_grid(first["truths"][0]), "truth")]
        for name, (_, _, records, _) in zip(names, runs, strict=True):
            record = records.get(tid)
            if record is None:
                figures.append(_figure(None, f"{html.escape(name)}: not run"))
                continue
            attempts = record["attempts"][0] if record["attempts"] else []
            right = bool(record["scores"]["pass@2"])
            mark = '<span class="ok">✓</span>' if right else '<span class="no">✗</span>'
            figures.append(_figure(_grid(attempts[0]) if attempts else None, f"{html.escape(name)} {mark}"))
        sections.append(f'<section class="task"><h2>{html.escape(tid)}</h2>'
                        f'<div class="row">{"".join(figures)}</div></section>')
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>arc-eval compare</title>'
            f"<style>{_CSS}</style></head><body><h1>arc-eval compare</h1>"
            f'<table class="summary"><tr><th>metric</th>{head}</tr>{summary_rows}</table>'
            f'{"".join(sections)}</body></html>\n')
