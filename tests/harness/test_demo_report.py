"""The combined pipeline report reads each stage's files and shows what is there, and only that."""

from __future__ import annotations

import json

from harness.demo_report import write_report
from harness.runner import evaluate
from solvers.registry import make_solver


def _student(path, label, reward):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"label": label, "prompts": 4, "tasks": 2, "samples_per_prompt": 1,
                                "mean_reward": reward, "solve_rate": 0.25, "task_solve_rate": 0.5,
                                "parse_rate": 0.75, "mean_delta": reward - 0.1, "repair_rate": reward / 10,
                                "seconds": 1.0, "rows": []}))


def _run_folder(tmp_path):
    from data import load_tasks

    run = tmp_path / "run"
    (run / "sft").mkdir(parents=True)
    (run / "sft" / "summary.json").write_text(json.dumps({"loss_first": 3.0, "loss_last": 1.0, "global_step": 2,
                                                          "seconds": 5}))
    (run / "sft" / "trainer_state.json").write_text(json.dumps(
        {"log_history": [{"step": 1, "loss": 3.0}, {"step": 2, "loss": 1.0}]}))
    for label, reward in (("base", 0.01), ("sft", 0.2), ("grpo", 0.3)):
        _student(run / "student" / "train" / f"{label}.json", label, reward)
        _student(run / "student" / "eval" / f"{label}.json", label, reward / 2)
    tasks = load_tasks("arc-agi-1", "training", ids=["007bbfb7", "0d3d703e"])
    evaluate(make_solver("reference"), tasks, run / "eval" / "reference", progress=False)
    return run


def test_student_rewards_appear_in_stage_order(tmp_path):
    md_path, _ = write_report(_run_folder(tmp_path))
    text = md_path.read_text()
    assert (text.index("| base | demo training tasks | – | 0.1% | -0.090 | – | 0.010")
            < text.index("| sft | demo training tasks | – | 2.0% | +0.100 | – | 0.200")
            < text.index("| grpo | demo training tasks | – | 3.0% | +0.200 | – | 0.300")
            < text.index("| base | held-out tasks | – | 0.1% | -0.095 | – | 0.005"))
    assert "Student mean reward on the held-out tasks: base 0.005 → sft 0.100 → grpo 0.150" in text
    assert "Student repair rate on the held-out tasks: base 0.1% → sft 1.0% → grpo 1.5%" in text


def test_the_student_arc_score_comes_from_the_program_solver_at_each_stage(tmp_path):
    from data import load_tasks

    run = _run_folder(tmp_path)
    tasks = load_tasks("arc-agi-1", "training", ids=["007bbfb7", "0d3d703e"])
    for stage in ("base", "sft", "grpo"):
        evaluate(make_solver("search", time_budget=0.5, workers=1), tasks, run / "eval" / f"program-{stage}",
                 progress=False)
    text = write_report(run)[0].read_text()
    assert "Student ARC score (program solver) on 2 evaluation tasks: base " in text  # training tasks here
    assert "| base | held-out tasks | " in text and "| base | held-out tasks | – |" not in text


def test_an_oracle_is_labelled_and_the_heading_says_held_out_only_when_true(tmp_path):
    from data import load_tasks

    text = write_report(_run_folder(tmp_path))[0].read_text()  # 007bbfb7, 0d3d703e: training tasks, not held out
    assert "| reference (oracle) | 2 |" in text and "## Solvers on the demo's evaluation tasks (not all held out" in text
    held = tmp_path / "held"
    evaluate(make_solver("reference"), load_tasks("arc-agi-1", "training", ids=["3c9b0459"]), held / "eval" / "ref",
             progress=False, training_chain=[])
    assert "## Solvers on the held-out tasks (no evaluated task is in any solver's training chain)" in (
        write_report(held)[0].read_text())


def test_solver_table_and_example_grids_come_from_the_eval_folders(tmp_path):
    md_path, html_path = write_report(_run_folder(tmp_path))
    assert "| reference (oracle) | 2 | 100.0%" in md_path.read_text()
    page = html_path.read_text()
    assert "007bbfb7" in page and "<svg" in page and "data:image/png;base64," in page


def test_missing_stages_are_reported_as_not_run(tmp_path):
    run = tmp_path / "empty"
    run.mkdir()
    md_path, _ = write_report(run)
    assert md_path.read_text().count("(stage not run)") == 3  # student, solvers, timing


def test_a_missing_or_torn_stage_file_is_named_in_the_headlines(tmp_path):
    from harness.demo_report import STAGE_FILES

    run = tmp_path / "run"
    (run / "sft").mkdir(parents=True)
    (run / "sft" / "summary.json").write_text('{"loss_first": 1.0, ')  # torn by a kill
    text = write_report(run)[0].read_text()
    assert "sft (sft/summary.json unreadable)" in text
    assert all(f"{stage} ({name} missing)" in text for stage, name in STAGE_FILES.items() if stage != "sft")


def test_the_report_reads_the_stages_the_makefile_runs():
    import re
    from pathlib import Path

    from harness.demo_report import STAGE_FILES

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    stages = re.search(r"^DEMO_STAGES := (.+)$", makefile, re.M).group(1).split()
    assert set(STAGE_FILES) <= set(stages)
    for stage, name in STAGE_FILES.items():  # each file is under the folder its stage writes, $(RUN)/<stage>
        assert name.split("/")[0] == stage and f"$(RUN)/{stage}" in makefile


def test_the_report_has_wall_seconds_per_stage(tmp_path):
    import os

    run = tmp_path / "run"
    (run / ".done").mkdir(parents=True)
    (run / "logs").mkdir()
    # sft crosses midnight; eval-search runs beside sft and grpo; `eval` is an aggregate stamp with no log
    for stage, start, end in (("sft", "23:59:30", 30), ("grpo", "00:00:30", 90), ("eval-search", "00:00:00", 60)):
        (run / "logs" / f"{stage}.log").write_text(f"== {stage}: {start}\n...\n")
        (run / ".done" / stage).touch()
        os.utime(run / ".done" / stage, (1_700_006_400 + end,) * 2)  # 1_700_006_400 is 00:00:00 UTC
    (run / ".done" / "eval").touch()
    text = write_report(run)[0].read_text()
    # in the order they started, each with its start and its share of the demo's wall time
    assert text.index("| sft | 0 | 60 | 50% |") < text.index("| eval-search | 30 | 60 | 50% |") < text.index(
        "| grpo | 60 | 60 | 50% |")
    assert "| demo wall time |  | 120 | 100% |" in text
    assert "| sum of the stages |  | 180 | 150% |" in text  # what ran side by side counts once in the wall time
    assert "| eval |" not in text
