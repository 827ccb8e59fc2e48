"""End to end on a tiny model: a run killed mid-way resumes from its last checkpoint with the curriculum
state of that checkpoint, and writes its summary, timing and resolved configuration."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import curriculum as cur
from grpo.hooks import STATE_FILE, resumable_checkpoint

pytestmark = pytest.mark.slow

STEP_COMPLETIONS = 8  # per_device_train_batch_size below: 2 prompts x 4 generations per step


def command(model: Path, out: Path, max_steps: int) -> list[str]:
    return [sys.executable, "-m", "grpo", "--model_name_or_path", str(model), "--output_dir", str(out),
            "--use_cpu", "true", "--task_mode", "edit", "--max_tasks", "3", "--starts_per_task", "1",
            "--num_augmentations", "1", "--per_device_train_batch_size", str(STEP_COMPLETIONS),
            "--num_generations", "4", "--max_completion_length", "16", "--max_steps", str(max_steps),
            "--save_steps", "2", "--logging_steps", "1", "--activation_checkpointing", "false",
            "--hard_min_groups", "1", "--dataloader_num_workers", "0"]


@pytest.fixture(scope="module")
def killed_and_resumed(tiny_model, tmp_path_factory):
    out = tmp_path_factory.mktemp("grpo") / "run"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    first = subprocess.Popen(command(tiny_model, out, 1000), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env=env, start_new_session=True)
    deadline = time.monotonic() + 600
    try:
        while resumable_checkpoint(out, need_curriculum=True) is None:
            assert first.poll() is None, first.stderr.read().decode()[-3000:]
            assert time.monotonic() < deadline, "no checkpoint within 10 minutes"
            time.sleep(0.2)
    finally:
        os.killpg(first.pid, signal.SIGKILL)  # the run and its sandbox workers, as a crash would
        first.wait()
    checkpoint = resumable_checkpoint(out, need_curriculum=True)
    saved = cur.load_state(checkpoint / STATE_FILE)
    step = int(checkpoint.name.split("-")[1])
    second = subprocess.run(command(tiny_model, out, step + 2), capture_output=True, text=True, env=env,
                            timeout=900)
    assert second.returncode == 0, second.stderr[-3000:]
    return {"out": out, "checkpoint": checkpoint, "step": step, "saved": saved, "stdout": second.stdout,
            "final": cur.load_state(out / STATE_FILE)}


def test_the_rerun_resumes_from_the_last_checkpoint(killed_and_resumed):
    r = killed_and_resumed
    assert f"resuming from {r['checkpoint']}" in r["stdout"]


def test_the_resumed_run_continues_the_step_count(killed_and_resumed):
    r = killed_and_resumed
    assert json.loads((r["out"] / "summary.json").read_text())["steps"] == r["step"] + 2


def test_the_curriculum_continues_from_the_checkpoints_state(killed_and_resumed):
    r = killed_and_resumed
    seen = sum(s.count for s in r["final"].tasks.values()) - sum(s.count for s in r["saved"].tasks.values())
    assert seen == 2 * STEP_COMPLETIONS


def test_curriculum_events_before_the_kill_are_kept(killed_and_resumed):
    r = killed_and_resumed
    assert r["final"].events[:len(r["saved"].events)] == r["saved"].events and r["saved"].events


def test_the_sampler_continues_its_draw_sequence(killed_and_resumed):
    r = killed_and_resumed
    assert r["final"].draws > r["saved"].draws and r["final"].seed == r["saved"].seed


def test_the_run_records_its_config_and_git_revision(killed_and_resumed):
    config = json.loads((killed_and_resumed["out"] / "run_config.json").read_text())
    assert config["git_sha"] and config["script"]["task_mode"] == "edit" and config["resumed_from"]


def test_the_run_logs_the_reward_share_of_step_time(killed_and_resumed):
    timing = json.loads((killed_and_resumed["out"] / "timing.json").read_text())
    assert timing["steps"] == 2 and 0.0 < timing["reward_share"] < 1.0
    assert 0.0 < timing["generation_share"] < 1.0  # generation is timed through the trainer's _generate
    assert abs(timing["generation_share"] + timing["reward_share"] + timing["rest_share"] - 1.0) < 1e-3
