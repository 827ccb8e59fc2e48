"""`make demo` in miniature: every stage of the real chain (the Makefile's own targets and CLIs), on 4 tasks,
a tiny student and a few steps each, so a stage that breaks, or stops handing its outputs to the next, fails
here rather than in a user's demo."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(1500)  # the whole chain runs in the first test that asks for it

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("data", "dsl", "sample", "dataset", "model", "sft", "grpo", "student-base", "student-sft", "student-grpo",
          "eval-reference", "eval-search", "eval-trm", "eval-program-base", "eval-program-sft", "eval-program-grpo",
          "report")
AGGREGATES = ("student", "eval")  # stamps of stages made of the ones above, with no log of their own

MINIATURE = {
    "SAMPLE_FLAGS": "--limit 4 --samples 2 --rounds 1",
    "DEMO_HELD_OUT": "2",
    "SFT_FLAGS": "--max_steps 2 --save_steps 1 --logging_steps 1 --eval_max_prompts 2 --eval_max_new_tokens 16 "
                 "--max_length 4096",
    "GRPO_FLAGS": "--max_steps 2 --save_steps 1 --logging_steps 1 --num_generations 2 "
                  "--per_device_train_batch_size 4 --max_completion_length 16 --max_prompt_tokens 4000",
    "STUDENT_FLAGS": "--num-samples 1 --temperature 0 --max-prompts 2 --max-new-tokens 16",
    "SEARCH_BUDGET": "1",
    "PROGRAM_FLAGS": "--samples 1 --set max_tokens=16",
    "GRID_FLAGS": "--max_steps 2 --num_augmentations 1 --batch_size 4",
}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory, tiny_embedded_model):
    assert shutil.which("make"), "the demo is a Makefile: `make` must be installed"
    run = tmp_path_factory.mktemp("demo") / "run"
    venv = Path(sys.executable).parent.parent  # the environment running the tests has the project installed
    command = ["make", "-C", str(ROOT), "-o", str(venv / ".installed"), f"VENV={venv}", f"RUN={run}",
               f"STUDENT={tiny_embedded_model}", *(f"{key}={value}" for key, value in MINIATURE.items()), "demo"]
    process = subprocess.run(command, capture_output=True, text=True, timeout=1200, stdin=subprocess.DEVNULL,
                             env={**os.environ, "CUDA_VISIBLE_DEVICES": ""})
    return run, process


def test_every_stage_finishes_and_leaves_its_stamp(demo_run):
    run, process = demo_run
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    assert sorted(p.name for p in (run / ".done").iterdir()) == sorted(STAGES + AGGREGATES)
    assert all((run / "logs" / f"{stage}.log").is_file() for stage in STAGES)


def test_stages_wait_for_their_inputs_and_the_report_times_them(demo_run):
    from harness.demo_report import stage_times

    run, process = demo_run
    times = {name: (start, end) for name, start, end in stage_times(run)}
    assert set(times) == set(STAGES)
    assert times["sft"][0] >= times["model"][1] - 1  # the model stage's student is built first
    for stage in ("student-base", "eval-program-base", "eval-search", "eval-trm"):  # nothing runs beside sft
        assert times[stage][0] >= times["sft"][1] - 1
    assert times["student-grpo"][0] >= times["grpo"][1] - 1 and times["report"][0] >= max(
        end for name, (_, end) in times.items() if name != "report") - 1
    # terminal lines carry their stage's name; the logs themselves do not
    assert "[grpo] " in process.stdout and "[eval-search] " in process.stdout
    log = (run / "logs" / "grpo.log").read_text().splitlines()
    assert log[0].startswith("== grpo: ") and not any(line.startswith("[grpo] ") for line in log)
    report = (run / "report.md").read_text()
    assert "| demo wall time |" in report and "| eval-trm |" in report


def test_each_stage_hands_its_outputs_to_the_next(demo_run):
    run, _ = demo_run
    export = json.loads((run / "dataset" / "export.json").read_text())
    assert export["train_rows"] > 0 and export["eval_task_ids"]
    assert json.loads((run / "sft" / "summary.json").read_text())["global_step"] == 2
    assert (run / "sft" / "merged" / "config.json").is_file()
    assert json.loads((run / "grpo" / "run_config.json").read_text())["model_path"].endswith("sft/merged")
    assert (run / "grpo" / "curriculum.json").is_file() and (run / "grpo" / "merged" / "config.json").is_file()
    for split in ("train", "eval"):
        assert sorted(p.stem for p in (run / "student" / split).glob("*.json")) == ["base", "grpo", "sft"]


def test_the_report_shows_every_stage_and_the_reference_solves_the_held_out_tasks(demo_run):
    run, _ = demo_run
    text = (run / "report.md").read_text()
    for what in ("demo training tasks", "held-out tasks"):
        assert f"Student mean reward on the {what}: base " in text
    reference = json.loads((run / "eval" / "reference" / "report.json").read_text())["summary"]
    held_out = json.loads((run / "dataset" / "export.json").read_text())["eval_task_ids"]
    assert reference["tasks"] == len(held_out) and reference["solved"] == len(held_out)
    assert {"search", "program-base", "program-sft", "program-grpo", "trm"} <= {p.name for p in (run / "eval").iterdir()}


def test_no_evaluated_task_was_trained_on_by_any_stage(demo_run):
    from data.splits import is_held_out

    run, _ = demo_run
    held_out = json.loads((run / "dataset" / "export.json").read_text())["eval_task_ids"]
    assert held_out and all(is_held_out(task_id) for task_id in held_out)
    reports = {p.parent.name: json.loads(p.read_text()) for p in (run / "eval").glob("*/report.json")}
    assert set(reports) >= {"reference", "search", "program-base", "program-sft", "program-grpo", "trm"}
    for name, report in reports.items():
        assert report["contaminated_tasks"] == [] and report["missing_tasks"] == [], name
        assert report["held_out"] is (name != "reference"), name  # the reference solver is an oracle
    # The program solver's chain was really followed back to pre-training, and every link names its tasks.
    chain = reports["program-grpo"]["training_chain"]
    assert [link.split(" ")[0] for link in chain] == ["grpo", "sft", "embedded"] and "?" not in "".join(chain)
    assert "held-out tasks (no evaluated task is in any solver's training chain)" in (run / "report.md").read_text()


def test_the_student_files_carry_repair_rate_and_delta_at_every_stage(demo_run):
    run, _ = demo_run
    for stage in ("base", "sft", "grpo"):
        report = json.loads((run / "student" / "eval" / f"{stage}.json").read_text())
        assert report["repair_rate"] is not None and report["mean_delta"] is not None and report["repair_prompts"] > 0


def test_the_full_demo_has_at_least_16_held_out_tasks():
    import re

    from arc_dsl.solvers import load_solvers
    from sampler.export import choose_held_out

    count = int(re.search(r"^DEMO_HELD_OUT \?= (\d+)", (ROOT / "Makefile").read_text(), re.M).group(1))
    assert count >= 16 and len(choose_held_out("arc-agi-1", count=count, max_cells=500, programs=load_solvers())) == count


def test_the_training_stages_run_alone_with_every_core(tmp_path):
    """model and sft (and what comes before them) get every core; the stages that run side by side after them get
    DEMO_THREADS threads (read from the commands `make -n` would run)."""
    run = tmp_path / "run"
    commands = subprocess.run(
        ["make", "-C", str(ROOT), "-n", "-o", ".venv/.installed", f"RUN={run}", "DEMO_JOBS=2", "CORES=2",
         f"{run}/.done/report"], capture_output=True, text=True, timeout=60, check=True).stdout
    threads = {}
    for line in commands.splitlines():
        if line.startswith("mkdir -p") and "== " in line:
            stage = line.split("== ", 1)[1].split(":", 1)[0]
            threads[stage] = line.split("OMP_NUM_THREADS=", 1)[1].split()[0].rstrip(";")
    assert set(threads) >= set(STAGES)
    alone = {"data", "dsl", "sample", "dataset", "model", "sft", "report"}
    assert all(threads[stage] == ("2" if stage in alone else "1") for stage in threads), threads


@pytest.mark.parametrize(("stage", "before", "failing"), [
    ("grpo", ("data", "dsl", "sample", "dataset", "model", "sft"), "arc-grpo"),
    ("eval-trm", ("data", "dsl", "sample", "dataset", "model", "sft"), "arc-grid"),
])
def test_a_failing_command_leaves_its_stage_unstamped(tmp_path, stage, before, failing):
    """A stage whose first command fails must not be stamped done (a resumed demo would skip it)."""
    venv, run = tmp_path / "venv", tmp_path / "run"
    (venv / "bin").mkdir(parents=True)
    (venv / ".installed").touch()
    for name in ("arc-grpo", "arc-grid", "arc-eval", "python"):
        tool = venv / "bin" / name
        tool.write_text("#!/bin/sh\nexit 1\n" if name == failing else "#!/bin/sh\nexit 0\n")
        tool.chmod(0o755)
    (run / ".done").mkdir(parents=True)
    (run / "dataset").mkdir()
    for name in ("train_tasks.txt", "eval_tasks.txt"):
        (run / "dataset" / name).write_text("007bbfb7\n")
    for age, done in enumerate(reversed(before)):  # older stamps first, so make finds them up to date
        (run / ".done" / done).touch()
        os.utime(run / ".done" / done, (1_700_000_000 - age, 1_700_000_000 - age))
    os.utime(venv / ".installed", (1_600_000_000, 1_600_000_000))
    process = subprocess.run(["make", "-C", str(ROOT), "-o", str(venv / ".installed"), f"VENV={venv}", f"RUN={run}",
                              f"{run}/.done/{stage}"], capture_output=True, text=True, timeout=60)
    assert process.returncode != 0
    assert not (run / ".done" / stage).exists()
