"""`arc-sample` end to end: a small offline run, resume after SIGKILL, export, and user errors."""

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RECIPE = """\
teacher: offline
style: compact
require_program: true
max_cells: 500
limit: {limit}
samples: 4
rounds: 2
parents: 2
edits: 2
k: 3
task_concurrency: 1
"""


def arc_sample(*args, check=True, **kwargs):
    done = subprocess.run([sys.executable, "-m", "sampler", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, **kwargs)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def recipe(tmp_path, limit=4):
    path = tmp_path / "recipe.yaml"
    path.write_text(RECIPE.format(limit=limit))
    return path


def lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def without_times(records):
    """Records minus what measures time (when a record was written, how long a program ran)."""
    out = []
    for record in records:
        record = {k: v for k, v in record.items() if k != "timestamp"}
        for name in ("parent_result", "child_result"):
            if record.get(name):
                record[name] = {k: v for k, v in record[name].items() if k != "seconds"}
        out.append(json.dumps(record, sort_keys=True))
    return sorted(out)


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("run")
    arc_sample("--config", recipe(tmp_path), "--out", tmp_path / "out")
    return tmp_path / "out"


def test_every_trace_improves_and_at_most_three_per_task(small_run):
    traces = lines(small_run / "traces.jsonl")
    assert traces and all(t["delta"] > 0 for t in traces)
    assert max(Counter(t["task_id"] for t in traces).values()) <= 3


def test_run_writes_difficulty_and_summary(small_run):
    difficulty = json.loads((small_run / "difficulty.json").read_text())
    summary = json.loads((small_run / "summary.json").read_text())
    assert len(difficulty) == 4 and summary["tasks"] == 4 and summary["traces_total"] == len(lines(small_run / "traces.jsonl"))


def test_rerunning_a_finished_run_adds_nothing(small_run, tmp_path):
    before = (small_run / "traces.jsonl").read_text()
    arc_sample("--config", recipe(tmp_path), "--out", small_run)
    assert (small_run / "traces.jsonl").read_text() == before


def test_export_command_writes_a_loadable_dataset(small_run, tmp_path):
    from datasets import load_from_disk

    done = arc_sample("export", "--traces", small_run, "--out", tmp_path / "ds", "--held-out-tasks", "2")
    dataset = load_from_disk(str(tmp_path / "ds"))
    assert "saved" in done.stdout and len(dataset["train"]) == len(lines(small_run / "traces.jsonl"))
    assert len(set(dataset["eval"]["task_id"])) == 2


def test_sigkill_then_rerun_gives_the_same_traces_as_an_uninterrupted_run(tmp_path):
    config = recipe(tmp_path, limit=12)
    arc_sample("--config", config, "--out", tmp_path / "clean")

    killed = tmp_path / "killed"
    process = subprocess.Popen([sys.executable, "-m", "sampler", "--config", str(config), "--out", str(killed)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while len(lines(killed / "tasks.jsonl")) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    interrupted = len(lines(killed / "tasks.jsonl"))
    assert process.returncode == -signal.SIGKILL and 2 <= interrupted < 12  # it really died mid-run

    arc_sample("--config", config, "--out", killed)
    for name in ("traces.jsonl", "transitions.jsonl"):
        resumed = lines(killed / name)
        assert len({r["id"] for r in resumed}) == len(resumed)  # nothing duplicated
        assert without_times(resumed) == without_times(lines(tmp_path / "clean" / name))  # nothing lost
    assert json.loads((killed / "difficulty.json").read_text()) == json.loads(
        (tmp_path / "clean" / "difficulty.json").read_text())


def test_unknown_recipe_setting_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("teacher: offline\nroundz: 3\n")
    done = arc_sample("--config", bad, check=False)
    assert done.returncode == 2 and done.stderr.strip().count("\n") == 0 and "roundz" in done.stderr


def test_missing_api_key_is_reported_before_any_work(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "ANTHROPIC_API_KEY"}
    done = arc_sample("--teacher", "anthropic", "--out", tmp_path / "out", check=False, env=env)
    assert done.returncode == 2 and "ANTHROPIC_API_KEY" in done.stderr and not (tmp_path / "out").exists()


def test_help_config_lists_every_setting():
    done = arc_sample("--help-config")
    assert "max_cost_usd" in done.stdout and "balance_bins" in done.stdout


@pytest.mark.parametrize("name", ["demo", "anthropic", "openai"])
def test_shipped_recipes_load(name):
    from sampler.config import load_config

    config = load_config(ROOT / "recipes" / "sample" / f"{name}.yaml")
    assert config.teacher in ("offline", "anthropic", "openai")
