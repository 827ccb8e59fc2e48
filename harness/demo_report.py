"""The combined report of a pipeline run folder (what `make demo` ends with).

Reads what each stage left in the run folder and writes `report.md` and a self-contained `report.html`
(plots and grids inline) beside them:

  data/stats.txt, dsl/coverage.json            the task counts and the DSL's verified solvers
  sample/ + dataset/export.json                traces accepted, Δr distribution, the train/eval task split
  sft/summary.json + trainer_state.json        the SFT loss curve, reward before/after on held-out tasks
  grpo/summary.json + trainer_state.json       the GRPO mean-reward curve, reward share of step time
  grpo/curriculum.json                         task states over the run (from the curriculum's events)
  student/<split>/<stage>.json                 the student's repair rate, mean Δr and reward at each stage, on
                                               the demo's training tasks (split train) and held-out tasks (eval)
  eval/<solver>/report.json                    the solver comparison (with each one's contaminated tasks), the
                                               student's ARC score at each stage (eval/program-<stage>), grids

    arc-eval demo-report --run runs/demo

Missing stages are reported as missing, never invented: the headlines list every stage whose file is absent
(`STAGE_FILES`, the layout the Makefile's demo stages write; tests/harness/test_demo_report.py checks the two agree)
or unreadable.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from data.render import grid_html

STUDENT_STAGES = ("base", "sft", "grpo")  # the order the student's reward is shown in
STUDENT_SPLITS = {"train": "demo training tasks", "eval": "held-out tasks"}
SCALE_COMMANDS = """\
# The 1.5B chain: every step reads what the one before wrote, in runs/qwen1.5b/ (README "Running on GPUs";
# `make rehearse` runs the same recipes on a CPU).
# 1. traces from a real teacher (Anthropic here; recipes/sample/openai.yaml starts the 7B chain)
arc-sample --config recipes/sample/anthropic.yaml
arc-sample export --traces runs/qwen1.5b/sample --out runs/qwen1.5b/dataset --style compact --push-to-hub USER/arc-edit-traces
# 2. SFT of a 1.5B coder model with LoRA on 8 GPUs (writes the adapter and merged/)
accelerate launch --config_file recipes/accelerate/multi_gpu.yaml -m sft --config recipes/sft/qwen2.5-coder-1.5b.yaml
# 3. GRPO with vLLM colocated on the training GPUs (the 7B recipe: a separate `vllm serve`, see its header)
accelerate launch --config_file recipes/accelerate/multi_gpu.yaml --num_processes 8 -m grpo --config recipes/grpo/qwen1.5b_colocate.yaml
# 4. evaluation on ARC-AGI-1 evaluation (vLLM serves the GRPO adapter on runs/qwen1.5b/sft/merged)
arc-eval --solver program --checkpoint runs/qwen1.5b/grpo --backend vllm --samples 64 --dataset arc-agi-1 --split evaluation --out runs/qwen1.5b/eval
arc-eval --solver search --time-budget 30 --dataset arc-agi-1 --split evaluation
arc-grid train --config recipes/grid/overfit_trm.yaml   # then set the paper-scale values noted in the recipe
"""


# The file each demo stage leaves in the run folder (the Makefile's $(RUN)/<stage>/...): absent means not run.
STAGE_FILES = {"dsl": "dsl/coverage.json", "sample": "sample/traces.jsonl", "dataset": "dataset/export.json",
               "sft": "sft/summary.json", "grpo": "grpo/summary.json", "student": "student/eval/base.json",
               "eval": "eval"}


def stage_problems(run: Path) -> list[str]:
    """'<stage> (<file> missing)' or '<stage> (<file> unreadable)' for each stage file that is not there or not JSON."""
    problems = []
    for stage, name in STAGE_FILES.items():
        path = run / name
        if not path.exists():
            problems.append(f"{stage} ({name} missing)")
        elif path.suffix == ".json" and _json(path) is None:
            problems.append(f"{stage} ({name} unreadable)")
    return problems


def stage_times(run: Path) -> list[tuple[str, float, float]]:
    """(stage, start, end) in seconds from the first stage's start, for each finished demo stage in the order they
    started: from the start time its log's first line records (`== <stage>: HH:MM:SS`, UTC) to its stamp in
    `.done/` (a stage that crossed midnight is counted right; one longer than a day is not). Stages that ran side by
    side (`make demo` runs independent stages at once) overlap."""
    times = []
    for stamp in (run / ".done").glob("*"):
        log = run / "logs" / f"{stamp.name}.log"
        try:
            first = log.read_text(errors="replace").split("\n", 1)[0]
        except OSError:
            continue  # an aggregate stamp (student, eval) has no log of its own
        match = re.match(r"== \S+: (\d\d):(\d\d):(\d\d)", first)
        if not match:
            continue
        end = dt.datetime.fromtimestamp(stamp.stat().st_mtime, dt.UTC)
        h, m, sec = map(int, match.groups())
        start = end.replace(hour=h, minute=m, second=sec, microsecond=0)
        if start > end:
            start -= dt.timedelta(days=1)
        times.append((start, end, stamp.name))
    if not times:
        return []
    origin = min(start for start, _, _ in times)
    return [(name, (start - origin).total_seconds(), (end - origin).total_seconds())
            for start, end, name in sorted(times)]


TIMING_HEADER = ("stage", "started at (s)", "wall seconds", "share of the demo's wall time")


def _timing_rows(run: Path) -> list[tuple[str, ...]]:
    """A row per stage, then the demo's wall time (first start to last end) and the stages' sum: the sum exceeds
    the wall time by what ran side by side."""
    times = stage_times(run)
    if not times:
        return []
    wall = max(end for _, _, end in times) or 1.0
    rows = [(name, f"{start:.0f}", f"{end - start:.0f}", f"{(end - start) / wall:.0%}") for name, start, end in times]
    busy = sum(end - start for _, start, end in times)
    return rows + [("demo wall time", "", f"{wall:.0f}", "100%"), ("sum of the stages", "", f"{busy:.0f}",
                                                                    f"{busy / wall:.0%}")]


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def _log_history(stage_dir: Path) -> list[dict]:
    """The trainer's log history: the final `trainer_state.json`, else the newest checkpoint's."""
    candidates = [stage_dir / "trainer_state.json"] + sorted(
        stage_dir.glob("checkpoint-*/trainer_state.json"), key=lambda p: int(p.parent.name.split("-")[-1]),
        reverse=True)
    for path in candidates:
        state = _json(path)
        if state and state.get("log_history"):
            return state["log_history"]
    return []


def _plot(series: dict[str, list[tuple[float, float]]], title: str, ylabel: str, xlabel: str = "step",
          xticks: Sequence[str] = ()) -> str:
    """A line plot as a PNG data URI ('' when there is nothing to draw)."""
    series = {name: points for name, points in series.items() if points}
    if not series:
        return ""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(5.5, 3.0), dpi=110)
    for name, points in series.items():
        axis.plot([x for x, _ in points], [y for _, y in points], marker="o", markersize=2.5, label=name)
    axis.set_title(title, fontsize=10)
    axis.set_xlabel(xlabel)
    if xticks:
        axis.set_xticks(range(len(xticks)), list(xticks))
    axis.set_ylabel(ylabel)
    axis.grid(alpha=0.3)
    if len(series) > 1:
        axis.legend(fontsize=8)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _curve(history: list[dict], key: str) -> list[tuple[float, float]]:
    return [(entry["step"], entry[key]) for entry in history if entry.get(key) is not None and "step" in entry]


def _curriculum_series(state: dict | None) -> dict[str, list[tuple[float, float]]]:
    """Number of tasks in each state after every curriculum event, replayed from the state's event log."""
    if not state:
        return {}
    tasks = state.get("tasks") or state.get("stats") or {}
    status: dict[str, str] = {}
    events = [e for e in state.get("events", []) if "task" in e]
    for event in events:  # a task's first event says where it started
        status.setdefault(event["task"], event["from"])
    for task in tasks:
        status.setdefault(task, "active")
    series: dict[str, list[tuple[float, float]]] = {}

    def snapshot(step: float) -> None:
        counts = Counter(status.values())
        for name in set(counts) | set(series):
            series.setdefault(name, []).append((step, counts.get(name, 0)))

    snapshot(0)
    for event in events:
        status[event["task"]] = event["to"]
        snapshot(event.get("step", 0))
    return series


def collect(run: Path) -> dict[str, Any]:
    """Every figure the report shows, read from the run folder (pure reading, no computing of results)."""
    figures: dict[str, Any] = {"run": str(run), "problems": stage_problems(run)}
    coverage = _json(run / "dsl" / "coverage.json") or {}
    figures["dsl"] = coverage
    export = _json(run / "dataset" / "export.json") or {}
    figures["export"] = export
    traces = []
    traces_path = run / "sample" / "traces.jsonl"
    if traces_path.exists():
        traces = [json.loads(line) for line in traces_path.read_text().splitlines() if line.strip()]
    figures["traces"] = {"accepted": len(traces), "tasks": len({t.get("task_id") for t in traces}),
                         "delta": [t.get("delta") for t in traces if t.get("delta") is not None]}
    figures["sft"] = {"summary": _json(run / "sft" / "summary.json"), "history": _log_history(run / "sft")}
    figures["grpo"] = {"summary": _json(run / "grpo" / "summary.json"), "history": _log_history(run / "grpo"),
                       "curriculum": _json(run / "grpo" / "curriculum.json")}
    figures["student"] = {split: {stage: _json(run / "student" / split / f"{stage}.json") for stage in STUDENT_STAGES}
                          for split in STUDENT_SPLITS}
    figures["eval"] = {}
    for report_path in sorted((run / "eval").glob("*/report.json")):
        figures["eval"][report_path.parent.name] = _json(report_path)
    return figures


def _rate(value: float | None, fmt: str = "{:.1%}") -> str:
    return "–" if value is None else fmt.format(value)


def _student_rows(figures: dict, split: str | None = None) -> list[tuple[str, ...]]:
    """(stage, tasks, ARC score of the program solver, repair rate, mean Δr, unchanged, mean reward, solved on the
    demonstrations, parses, prompts × samples) for one split, or all splits."""
    rows = []
    for name in [split] if split else STUDENT_SPLITS:
        for stage in STUDENT_STAGES:
            report = figures["student"].get(name, {}).get(stage)
            if report:
                program = (figures["eval"].get(f"program-{stage}") or {}).get("summary") if name == "eval" else None
                rows.append((stage, STUDENT_SPLITS[name], _rate(program.get("score") if program else None),
                             _rate(report.get("repair_rate")), _rate(report.get("mean_delta"), "{:+.3f}"),
                             _rate(report.get("unchanged_rate")), f"{report['mean_reward']:.3f}",
                             f"{report['solve_rate']:.1%}", f"{report['parse_rate']:.1%}",
                             f"{report['prompts']} × {report['samples_per_prompt']}"))
    return rows


def _solver_rows(figures: dict) -> list[tuple[str, ...]]:
    rows = []
    for name, report in figures["eval"].items():
        summary = (report or {}).get("summary", {})
        contaminated = (report or {}).get("contaminated_tasks")
        label = name + (" (oracle)" if (report or {}).get("oracle") else "")
        rows.append((label, str(summary.get("tasks", "")), f"{summary.get('score', 0):.1%}",
                     f"{summary.get('pass@1', 0):.1%}", f"{summary.get('pass@2', 0):.1%}",
                     f"{summary.get('pixel_accuracy', 0):.1%}", f"{summary.get('seconds_per_task', 0):.2f}",
                     "?" if contaminated is None else str(len(contaminated)),
                     (report or {}).get("run", {}).get("trained_on", "")))
    return rows


def held_out_status(figures: dict) -> tuple[bool, list[str]]:
    """(True when every evaluated task is held out by the project's split and in no solver's training chain, the
    contaminated ids over all solvers)."""
    from data.splits import is_held_out

    reports = [r for r in figures["eval"].values() if r]
    contaminated = sorted({t for r in reports for t in (r.get("contaminated_tasks") or [])})
    untracked = any(r.get("untracked_training") or r.get("contaminated_tasks") is None for r in reports)
    outside = [t["task_id"] for r in reports for t in r.get("tasks", [])
               if not is_held_out(t["task_id"]) and not any("evaluation" in d for d in r["run"].get("datasets", []))]
    return bool(reports) and not contaminated and not untracked and not outside, contaminated


def _solver_heading(figures: dict) -> str:
    clean, contaminated = held_out_status(figures)
    if clean:
        return "Solvers on the held-out tasks (no evaluated task is in any solver's training chain)"
    if contaminated:
        return (f"Solvers on the demo's evaluation tasks — NOT all held out: {len(contaminated)} are in a training "
                f"chain ({', '.join(contaminated)})")
    return ("Solvers on the demo's evaluation tasks (not all held out by the project's split, or training data "
            "not recorded for every solver)")


def _md_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    if not rows:
        return "_(stage not run)_\n"
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _headlines(figures: dict) -> list[str]:
    lines = []
    if figures["problems"]:
        lines.append("**Not in this run** (its figures are left out): " + "; ".join(figures["problems"]))
    dsl = figures["dsl"]
    if dsl:
        lines.append(f"DSL: {dsl.get('verified', dsl.get('training', {}).get('verified', '?'))} verified reference "
                     f"solvers for ARC-AGI-1 training tasks")
    traces = figures["traces"]
    if traces["accepted"]:
        deltas = traces["delta"]
        lines.append(f"Sampling: {traces['accepted']} edit traces accepted over {traces['tasks']} tasks "
                     f"(Δr min {min(deltas):.3f}, mean {sum(deltas) / len(deltas):.3f})")
    sft = figures["sft"]["summary"]
    if sft:
        lines.append(f"SFT: loss {sft.get('loss_first', float('nan')):.3f} → {sft.get('loss_last', float('nan')):.3f} "
                     f"over {sft.get('global_step')} steps ({sft.get('seconds')} s)")
    grpo = figures["grpo"]["summary"]
    if grpo and grpo.get("reward_first_quarter") is not None:
        share = grpo.get("timing", {}).get("reward_share")
        lines.append(f"GRPO: mean reward {grpo['reward_first_quarter']:.3f} (first quarter of steps) → "
                     f"{grpo['reward_last_quarter']:.3f} (last quarter); reward computation "
                     + (f"{share:.1%}" if share is not None else "?") + " of step time")
    for split, what in STUDENT_SPLITS.items():
        student = _student_rows(figures, split)
        if student:
            lines.append(f"Student mean reward on the {what}: "
                         + " → ".join(f"{row[0]} {row[6]}" for row in student))
            lines.append(f"Student repair rate on the {what}: " + " → ".join(f"{row[0]} {row[3]}" for row in student)
                         + "; mean Δr of its edits: " + " → ".join(f"{row[0]} {row[4]}" for row in student))
    student = _student_rows(figures, "eval")
    if any(row[2] != "–" for row in student):
        clean, _ = held_out_status(figures)
        tasks = (figures["eval"].get("program-grpo") or {}).get("summary", {}).get("tasks", "?")
        lines.append(f"Student ARC score (program solver) on {tasks} {'held-out' if clean else 'evaluation'} tasks: "
                     + " → ".join(f"{row[0]} {row[2]}" for row in student))
    return lines


def _examples_html(run: Path, limit: int = 6) -> str:
    """Test inputs, attempts and truths of a few tasks, from each solver's `results.jsonl`."""
    from harness.report import load_results

    blocks = []
    for folder in sorted((run / "eval").glob("*/")):
        records = list(load_results(folder).values())[:limit]
        for record in records:
            for index, (grid_in, truth) in enumerate(zip(record.get("inputs", []), record.get("truths", []),
                                                         strict=False)):
                attempts = record.get("attempts", [])
                tries = attempts[index] if index < len(attempts) else []
                cells = "".join(f"<div class=g><div>attempt {k + 1}{' ✓' if a == truth else ''}</div>"
                                f"{grid_html(a, cell=9)}</div>" for k, a in enumerate(tries[:2]))
                blocks.append(f"<div class=ex><h4>{html.escape(folder.name)} · {html.escape(record['task_id'])} · "
                              f"test {index + 1}</h4><div class=g><div>input</div>{grid_html(grid_in, cell=9)}</div>"
                              f"{cells or '<div class=g>no attempt</div>'}"
                              f"<div class=g><div>truth</div>{grid_html(truth, cell=9)}</div></div>")
                break  # one test input per task keeps the page short
    return "\n".join(blocks) or "<p><em>(no evaluation results with grids)</em></p>"


def write_report(run: str | Path) -> tuple[Path, Path]:
    """Write `report.md` and `report.html` into the run folder; returns their paths."""
    run = Path(run)
    figures = collect(run)
    headlines = _headlines(figures)
    student_header = ("stage", "tasks", "ARC score (program solver)", "repair rate", "mean Δr", "unchanged",
                      "mean reward", "solved (demos)", "parses", "prompts × samples")
    solver_header = ("solver", "tasks", "ARC score", "pass@1", "pass@2", "pixel acc.", "s/task", "contaminated",
                     "trained on")
    md = [f"# arc-edit pipeline report — `{run}`\n", *[f"- {line}" for line in headlines], "",
          "## Student reward by stage (same prompts at each stage)\n", _md_table(student_header, _student_rows(figures)),
          f"## {_solver_heading(figures)}\n", _md_table(solver_header, _solver_rows(figures)),
          "## Where the time went (wall seconds per stage)\n", _md_table(TIMING_HEADER, _timing_rows(run)),
          "## Reproduce at real scale (GPUs)\n", "```bash\n" + SCALE_COMMANDS + "```\n"]
    md_path = run / "report.md"
    md_path.write_text("\n".join(md))

    plots = [
        _plot({"train loss": _curve(figures["sft"]["history"], "loss")}, "SFT training loss", "loss"),
        _plot({"mean reward": _curve(figures["grpo"]["history"], "reward")}, "GRPO mean reward per step", "reward"),
        _plot(_curriculum_series(figures["grpo"]["curriculum"]), "Curriculum: tasks per state", "tasks",
              xlabel="step"),
        _plot({what: [(STUDENT_STAGES.index(row[0]), float(row[6])) for row in _student_rows(figures, split)]
               for split, what in STUDENT_SPLITS.items()},
              "Student mean reward by stage", "reward", xlabel="stage", xticks=STUDENT_STAGES),
    ]

    def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
        if not rows:
            return "<p><em>(stage not run)</em></p>"
        head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
        return f"<table><tr>{head}</tr>{body}</table>"

    page = f"""<!doctype html><html><head><meta charset="utf-8"><title>arc-edit report</title><style>
body{{font-family:system-ui,sans-serif;margin:2em;max-width:1200px;color:#222}}
table{{border-collapse:collapse;margin:.5em 0}}td,th{{border:1px solid #ccc;padding:.25em .6em;text-align:right}}
th{{background:#f3f3f3}}.plots img{{margin:.3em;border:1px solid #eee}}
.ex{{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start;border-top:1px solid #eee;padding:.5em 0}}
.ex h4{{width:100%;margin:.2em 0}}.g{{font-size:12px;text-align:center}}pre{{background:#f6f6f6;padding:1em;overflow:auto}}
</style></head><body><h1>arc-edit pipeline report</h1><p><code>{html.escape(str(run))}</code></p>
<ul>{''.join(f'<li>{html.escape(line)}</li>' for line in headlines)}</ul>
<h2>Training curves</h2><div class=plots>{''.join(f'<img src="{p}">' for p in plots if p)}</div>
<h2>Student reward by stage (same prompts at each stage)</h2>{table(student_header, _student_rows(figures))}
<h2>{html.escape(_solver_heading(figures))}</h2>{table(solver_header, _solver_rows(figures))}
<h2>Where the time went (wall seconds per stage)</h2>{table(TIMING_HEADER, _timing_rows(run))}
<h2>Example grids</h2>{_examples_html(run)}
<h2>Reproduce at real scale (GPUs)</h2><pre>{html.escape(SCALE_COMMANDS)}</pre></body></html>"""
    html_path = run / "report.html"
    html_path.write_text(page)
    return md_path, html_path
