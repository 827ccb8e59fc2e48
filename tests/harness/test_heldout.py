"""arc-eval and the held-out split: contaminated tasks are flagged, oracles are labelled, skipped tasks count 0."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.report import write_reports
from harness.runner import evaluate

ROOT = Path(__file__).resolve().parents[2]
HELD = "3c9b0459"  # a held-out ARC-AGI-1 training task (data.splits) with a reference program


def arc_eval(*args, check=True):
    process = subprocess.run([sys.executable, "-m", "harness", *map(str, args)], cwd=ROOT, capture_output=True,
                             text=True, timeout=600, env={**os.environ, "CUDA_VISIBLE_DEVICES": ""})
    if check:
        assert process.returncode == 0, process.stdout[-2000:] + process.stderr[-2000:]
    return process


class Skipper:
    """A solver that answers the first task and silently skips the rest."""

    name, trained_on = "skipper", "nothing"

    def predict_stream(self, tasks):
        from solvers.protocol import Prediction

        yield 0, Prediction([[example.input] for example in tasks[0].test])


def test_the_denominator_is_the_tasks_requested(tmp_path):
    from data.loaders import load_tasks

    tasks = load_tasks("arc-agi-1", "training", ids=["3c9b0459", "6150a2bd", "67a3c6ac"])
    summary = evaluate(Skipper(), tasks, tmp_path, progress=False)
    report = json.loads((tmp_path / "report.json").read_text())
    assert summary.tasks == 3 and report["missing_tasks"] == ["6150a2bd", "67a3c6ac"]
    assert summary.pass_at_2 <= 1 / 3 and "missing results (2, scored 0)" in (tmp_path / "report.md").read_text()


def test_a_report_never_calls_a_trained_task_held_out(tmp_path):
    (tmp_path / "run.json").write_text(json.dumps({"solver": "x", "training_chain": [
        {"path": "sft", "stage": "sft", "task_ids": [HELD]}]}))
    (tmp_path / "results.jsonl").write_text("")
    write_reports(tmp_path, task_ids=[HELD, "007bbfb7"])
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["contaminated_tasks"] == [HELD] and report["held_out"] is False
    assert f"contaminated_tasks (1): trained on upstream, NOT held out: {HELD}" in (tmp_path / "report.md").read_text()
    assert "NOT held out" in (tmp_path / "report.html").read_text()


def test_an_oracle_is_refused_unless_allowed_and_then_labelled(tmp_path):
    refused = arc_eval("--solver", "reference", "--dataset", "arc-agi-1", "--split", "training", "--ids", HELD,
                       "--out", tmp_path / "no", "--no-progress", check=False)
    assert refused.returncode == 2 and "--allow-oracle" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    arc_eval("--solver", "reference", "--allow-oracle", "--dataset", "arc-agi-1", "--split", "training", "--ids", HELD,
             "--out", tmp_path / "yes", "--no-progress")
    report = json.loads((tmp_path / "yes" / "report.json").read_text())
    assert report["oracle"] is True and report["held_out"] is False
    assert "ORACLE" in (tmp_path / "yes" / "report.md").read_text()


def test_the_program_solver_with_the_offline_teacher_is_an_oracle(tmp_path):
    refused = arc_eval("--solver", "program", "--backend", "offline", "--ids", HELD, "--split", "training",
                       "--out", tmp_path, "--no-progress", check=False)
    assert refused.returncode == 2 and "oracle" in refused.stderr


def test_a_held_out_task_planted_in_the_sft_corpus_is_flagged(tmp_path, tiny_embedded_model):
    """The real chain: arc-sft trains on a corpus holding a held-out task (allowed on purpose), and arc-eval on that
    task reports it as contaminated; another held-out task beside it is not."""
    from datasets import Dataset, DatasetDict

    from arc_dsl.solvers import load_solvers
    from data.loaders import load_tasks
    from editing.prompts import write_messages
    from editing.reasoning import completion_text

    task = load_tasks("arc-agi-1", "training", ids=[HELD])[0]
    row = {"prompt": write_messages(task.without_test_outputs(), style="compact"),
           "completion": [{"role": "assistant", "content": completion_text("plan", load_solvers()[HELD])}],
           "task_id": HELD, "source_task_id": HELD, "examples_json": "[]"}
    DatasetDict({"train": Dataset.from_list([row, row])}).save_to_disk(str(tmp_path / "planted"))
    sft = subprocess.run(
        [sys.executable, "-m", "sft", "--config", "recipes/sft/demo.yaml", "--model_name_or_path", str(tiny_embedded_model),
         "--dataset_name", str(tmp_path / "planted"), "--output_dir", str(tmp_path / "sft"), "--max_steps", "1",
         "--eval_max_prompts", "0", "--max_length", "4096", "--allow_held_out", "true", "--merge_adapter", "true"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "CUDA_VISIBLE_DEVICES": ""})
    assert sft.returncode == 0, sft.stderr[-2000:]
    arc_eval("--solver", "program", "--model", tmp_path / "sft" / "merged", "--samples", "1", "--set", "max_tokens=8",
             "--dataset", "arc-agi-1", "--split", "training", "--ids", f"{HELD},67a3c6ac", "--out", tmp_path / "eval",
             "--no-progress")
    report = json.loads((tmp_path / "eval" / "report.json").read_text())
    assert report["contaminated_tasks"] == [HELD] and report["held_out"] is False
    assert [link.split(" ")[0] for link in report["training_chain"]] == ["sft", "embedded"]


@pytest.mark.parametrize("allow", [False, True])
def test_sft_drops_held_out_rows_unless_allowed(allow):
    from datasets import Dataset

    from sft.traces import drop_held_out, row_task_ids

    rows = Dataset.from_list([{"task_id": HELD, "source_task_id": HELD},
                              {"task_id": "007bbfb7~hindsight", "source_task_id": "007bbfb7"}])
    kept, dropped = drop_held_out(rows, allow=allow)
    assert (dropped, row_task_ids(kept)) == ((0, ["007bbfb7", HELD]) if allow else (1, ["007bbfb7"]))
