"""Every CLI keeps its promise on bad input: exit 2, one line on stderr, no traceback, nothing written.

Table-driven: each case is (CLI, arguments); `{tmp}` is a fresh folder, `{bad_utf8}` a file that is not
UTF-8, `{bad_yaml}` a recipe with a YAML syntax error, `{unknown_yaml}` one with an unknown key,
`{file}` an existing regular file. The CLIs run in this process (their `main()`, as the console scripts
call it), so a case costs milliseconds unless the CLI wrongly starts working before it checks.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

CLIS = {
    "arc-data": "data.cli", "arc-dsl": "arc_dsl.cli", "arc-sandbox": "rewards.sandbox_cli", "arc-grid": "solvers.grid.cli",
    "arc-sample": "sampler.cli", "arc-eval": "harness.cli", "arc-sft": "sft.cli", "arc-grpo": "grpo.cli",
}

CASES = [
    # output paths: impossible, an existing file where a folder is expected, a folder where a file is
    ("arc-data", "show 007bbfb7 --out /proc/arc-x.png"),
    ("arc-data", "show 007bbfb7 --out {tmp}"),
    ("arc-data", "show 007bbfb7 --out {tmp}/x.txt"),
    ("arc-data", "build --out /proc/arc-x"),
    ("arc-data", "build --out {file}"),
    ("arc-grid", "train --config recipes/grid/overfit_trm.yaml --output_dir /proc/arc-x"),
    ("arc-grid", "train --config recipes/grid/overfit_trm.yaml --output_dir {file}"),
    ("arc-grid", "eval --checkpoint {tmp}/missing"),
    # inputs: missing, a folder, not UTF-8
    ("arc-data", "validate {tmp}/missing.json"),
    ("arc-data", "validate {file} --solutions {tmp}/missing.json"),
    ("arc-dsl", "check 007bbfb7 --file {bad_utf8}"),
    ("arc-dsl", "check 007bbfb7 --file {tmp}/missing.py"),
    ("arc-dsl", "check not-a-task"),
    ("arc-sandbox", "run {bad_utf8} --task 007bbfb7"),
    ("arc-sandbox", "run {tmp} --task 007bbfb7"),
    ("arc-sandbox", "run {file} --task 007bbfb7 --timeout 0"),
    # recipes: missing, YAML syntax error, not UTF-8, unknown key, wrong type
    ("arc-grid", "train --config {tmp}/missing.yaml"),
    ("arc-grid", "train --config {bad_yaml}"),
    ("arc-grid", "data --config {bad_yaml}"),
    ("arc-grid", "train --config {bad_utf8}"),
    ("arc-grid", "data --config {unknown_yaml}"),
    ("arc-grid", "train --config recipes/grid/overfit_trm.yaml --batch_size abc"),
    # ranges: zero and negative values
    ("arc-grid", "train --config recipes/grid/overfit_trm.yaml --batch_size 0"),
    ("arc-grid", "train --config recipes/grid/overfit_trm.yaml --max_steps -1"),
    ("arc-grid", "train --config recipes/grid/overfit_trm.yaml --learning_rate 0"),
    ("arc-grid", "eval --checkpoint {tmp} --max-examples -1"),
    ("arc-grid", "eval --checkpoint {tmp} --batch-size 0"),
    ("arc-data", "build --augment -1 --out {tmp}/ds"),
    ("arc-data", "build --augment abc --out {tmp}/ds"),
    ("arc-sandbox", "bench --seconds 0"),
    ("arc-sandbox", "bench --workers -1"),
    # usage: unknown flags and commands
    ("arc-data", "stats --bogus"),
    ("arc-data", "bogus-command"),
    ("arc-dsl", "docs --top 3 --names x"),
    # the stage CLIs
    ("arc-sample", "--config {bad_utf8}"),
    ("arc-sample", "--config {bad_yaml}"),
    ("arc-sample", "--config {tmp}/missing.yaml"),
    ("arc-sample", "--config recipes/sample/demo.yaml --out /proc/arc-x"),
    ("arc-sample", "--config recipes/sample/demo.yaml --out {file}"),
    ("arc-sample", "--config recipes/sample/demo.yaml --set timeout_s=0 --out {tmp}/run"),
    ("arc-sample", "--config recipes/sample/demo.yaml --limit -1 --out {tmp}/run"),
    ("arc-sample", "--config recipes/sample/demo.yaml --set bogus=1 --out {tmp}/run"),
    ("arc-sample", "export --traces {bad_utf8} --out {tmp}/ds"),
    ("arc-sample", "export --traces {tmp}/missing --out {tmp}/ds"),
    ("arc-sample", "export --traces {file} --out /proc/arc-x"),
    ("arc-eval", "--solver search --ids @{bad_utf8} --out {tmp}/ev"),
    ("arc-eval", "--solver search --ids @{empty} --out {tmp}/ev"),
    ("arc-eval", "--solver search --limit -1 --out {tmp}/ev"),
    ("arc-eval", "--solver search --workers 0 --out {tmp}/ev"),
    ("arc-eval", "--solver search --time-budget 0 --out {tmp}/ev"),
    ("arc-eval", "--solver search --augment-vote -1 --out {tmp}/ev"),
    ("arc-eval", "--solver search --out /proc/arc-x"),
    ("arc-eval", "--solver search --out {file}"),
    ("arc-eval", "compare {tmp}/missing"),
    ("arc-eval", "demo-report --run {tmp}"),
    ("arc-sft", "--config {bad_yaml} --output_dir {tmp}/sft"),
    ("arc-sft", "--config {bad_utf8} --output_dir {tmp}/sft"),
    ("arc-sft", "--config recipes/sft/demo.yaml --output_dir /proc/arc-x"),
    ("arc-sft", "--config recipes/sft/demo.yaml --output_dir {file}"),
    ("arc-sft", "--config recipes/sft/demo.yaml --per_device_train_batch_size 0 --output_dir {tmp}/sft"),
    ("arc-sft", "--config recipes/sft/demo.yaml --num_train_epochs -1 --output_dir {tmp}/sft"),
    ("arc-sft", "--config recipes/sft/demo.yaml --dataset_name {tmp}/missing --output_dir {tmp}/sft"),
    ("arc-sft", "--config recipes/sft/demo.yaml --dataset_name {bad_utf8} --output_dir {tmp}/sft"),
    ("arc-sft", "--config recipes/sft/demo.yaml --model_name_or_path {tmp}/missing-model --output_dir {tmp}/sft"),
    ("arc-grpo", "--config {bad_yaml} --output_dir {tmp}/grpo"),
    ("arc-grpo", "--config {bad_utf8} --output_dir {tmp}/grpo"),
    ("arc-grpo", "--config {unknown_yaml} --output_dir {tmp}/grpo"),
    ("arc-grpo", "--config recipes/grpo/demo.yaml --output_dir {file}"),
    ("arc-grpo", "--config recipes/grpo/demo.yaml --model_name_or_path {tmp}/no/such/model --output_dir {tmp}/grpo"),
    ("arc-sft", "--config {unknown_yaml} --output_dir {tmp}/sft"),
    ("arc-sample", "--config {unknown_yaml} --out {tmp}/run"),
    ("arc-sample", "export --traces {file} --out {file}"),
    ("arc-grpo", "--config recipes/grpo/demo.yaml --output_dir /proc/arc-x"),
    ("arc-grpo", "--config recipes/grpo/demo.yaml --reward_timeout_s 0 --output_dir {tmp}/grpo"),
    ("arc-grpo", "--config recipes/grpo/demo.yaml --reward_names bogus --output_dir {tmp}/grpo"),
    ("arc-grpo", "--config recipes/grpo/demo.yaml --max_tasks -1 --output_dir {tmp}/grpo"),
]


@pytest.fixture
def inputs(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (tmp_path / "bad.bin").write_bytes(b"\xff\xfe\x00bad")
    (tmp_path / "bad.yaml").write_text("batch_size: [4\n")
    (tmp_path / "unknown.yaml").write_text("batch_size: 4\nbogus_key: 1\n")
    (tmp_path / "file.txt").write_text("not a folder\n")
    (tmp_path / "empty.txt").write_text("")
    return {"tmp": str(work), "bad_utf8": str(tmp_path / "bad.bin"), "bad_yaml": str(tmp_path / "bad.yaml"),
            "unknown_yaml": str(tmp_path / "unknown.yaml"), "file": str(tmp_path / "file.txt"),
            "empty": str(tmp_path / "empty.txt")}


def run_cli(prog: str, argv: list[str], capsys, monkeypatch) -> tuple[int, str]:
    module = importlib.import_module(CLIS[prog])
    monkeypatch.setattr(sys, "argv", [prog, *argv])
    try:
        module.main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("prog", "args"), CASES, ids=[f"{prog} {args}" for prog, args in CASES])
def test_bad_input_is_one_line_and_exit_2(prog, args, inputs, capsys, monkeypatch):
    work = Path(inputs["tmp"])
    code, err = run_cli(prog, args.format(**inputs).split(), capsys, monkeypatch)
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, f"exit {code}: {err[-2000:]}"
    assert len(lines) == 1 and lines[0].startswith(f"{prog}: error: "), err[-2000:]
    assert "Traceback" not in err
    assert not any(work.iterdir()), f"wrote {sorted(p.name for p in work.iterdir())}"


def test_a_user_error_names_the_flag_and_the_value(inputs, capsys, monkeypatch):
    _, err = run_cli("arc-grid", ["train", "--config", "recipes/grid/overfit_trm.yaml", "--batch_size", "0"],
                     capsys, monkeypatch)
    assert err.strip() == "arc-grid: error: --batch_size must be at least 1, got 0"


def test_ctrl_c_is_one_line_saying_what_was_kept(capsys, monkeypatch):
    import typer

    from data.cli_runner import run_cli as run

    app = typer.Typer()

    @app.command()
    def work() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sys, "argv", ["arc-x"])
    with pytest.raises(SystemExit) as exit_:
        run(app, "arc-x", on_interrupt="finished tasks are saved; the same command resumes")
    assert exit_.value.code == 130
    assert capsys.readouterr().err.strip() == "arc-x: interrupted; finished tasks are saved; the same command resumes"
