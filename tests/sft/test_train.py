"""The SFT script end to end on a tiny model: training, saving, loading back, evaluating, recording, resuming."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

RECIPE = Path(__file__).resolve().parents[2] / "recipes" / "sft" / "demo.yaml"


def _args(tiny_model, trace_dataset, output_dir, *extra):
    return ["--config", str(RECIPE), "--model_name_or_path", str(tiny_model), "--dataset_name", str(trace_dataset),
            "--output_dir", str(output_dir), "--logging_steps", "1", "--eval_max_prompts", "2",
            "--eval_max_new_tokens", "16", "--per_device_train_batch_size", "2", *extra]


@pytest.fixture(scope="module")
def trained(tiny_model, trace_dataset, tmp_path_factory):
    """One short LoRA run (4 steps, adapter merged too); returns (output_dir, summary)."""
    from sft.train import main

    output_dir = tmp_path_factory.mktemp("sft") / "out"
    summary = main(_args(tiny_model, trace_dataset, output_dir, "--max_steps", "4", "--save_steps", "2",
                         "--merge_adapter", "true"))
    return output_dir, summary


def test_every_step_logs_a_loss(trained):
    output_dir, summary = trained
    state = json.loads((output_dir / "checkpoint-4" / "trainer_state.json").read_text())
    assert [e["step"] for e in state["log_history"] if "loss" in e] == [1, 2, 3, 4]
    assert summary["loss_first"] is not None and summary["loss_last"] is not None


def test_saved_adapter_loads_back_and_computes_what_the_merged_model_does(trained):
    import torch
    from peft import AutoPeftModelForCausalLM
    from transformers import AutoModelForCausalLM

    output_dir, _ = trained
    adapted = AutoPeftModelForCausalLM.from_pretrained(output_dir).eval()
    merged = AutoModelForCausalLM.from_pretrained(output_dir / "merged").eval()
    ids = torch.arange(3, 40).unsqueeze(0)
    with torch.no_grad():
        assert torch.allclose(adapted(input_ids=ids).logits, merged(input_ids=ids).logits, atol=1e-4)


def test_training_moves_the_adapter_away_from_identity(trained):
    from peft import AutoPeftModelForCausalLM

    adapted = AutoPeftModelForCausalLM.from_pretrained(trained[0])
    assert any(float(p.abs().max()) > 0 for name, p in adapted.named_parameters() if "lora_B" in name)


def test_before_and_after_evaluations_are_saved(trained):
    from sft.evaluate import load_report

    output_dir, summary = trained
    before, after = (load_report(output_dir / f"eval_{label}.json") for label in ("before", "after"))
    assert before.prompts == after.prompts == 2 and summary["mean_reward_after"] == after.mean_reward


def test_run_config_records_arguments_model_and_commit(trained, tiny_model):
    config = json.loads((trained[0] / "run_config.json").read_text())
    assert config["model_path"] == str(tiny_model) and config["training"]["max_steps"] == 4
    assert "git_sha" in config and config["versions"]["trl"]


def test_missing_recipe_is_one_line_and_exit_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "sft", "--config", str(tmp_path / "none.yaml")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and proc.stderr.strip().splitlines() == [
        f"arc-sft: error: --config: no such file or folder: {tmp_path / 'none.yaml'}"]


def test_unknown_recipe_key_exits_2(tmp_path):
    recipe = tmp_path / "bad.yaml"
    recipe.write_text("learning_rat: 0.1\n")
    proc = subprocess.run([sys.executable, "-m", "sft", "--config", str(recipe)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 2 and "learning_rat" in proc.stderr.strip().splitlines()[-1]


@pytest.mark.slow
def test_killed_run_resumes_from_its_last_checkpoint(tiny_model, trace_dataset, tmp_path):
    from sft.run_files import last_complete_checkpoint

    output_dir = tmp_path / "out"
    env = {**os.environ, "TOKENIZERS_PARALLELISM": "false"}
    # A run far too long to finish: it is killed (SIGKILL, no cleanup) once a checkpoint is complete.
    first = subprocess.Popen([sys.executable, "-m", "sft", *_args(tiny_model, trace_dataset, output_dir,
                              "--max_steps", "100000", "--save_steps", "2", "--eval_max_prompts", "0")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 600
    while last_complete_checkpoint(output_dir) is None and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    first.send_signal(signal.SIGKILL)
    first.wait()
    checkpoint = last_complete_checkpoint(output_dir)
    assert checkpoint is not None
    step = int(checkpoint.rsplit("-", 1)[1])

    second = subprocess.run([sys.executable, "-m", "sft", *_args(tiny_model, trace_dataset, output_dir,
                             "--max_steps", str(step + 2), "--save_steps", "2", "--eval_max_prompts", "0")],
                            capture_output=True, text=True, env=env, timeout=600)
    assert second.returncode == 0, second.stderr[-3000:]
    summary = json.loads((output_dir / "summary.json").read_text())
    assert summary["resumed_from"] == checkpoint and summary["global_step"] == step + 2


@pytest.mark.slow
def test_two_cpu_processes_train_together(tiny_model, trace_dataset, tmp_path):
    output_dir = tmp_path / "out"
    accelerate = Path(sys.executable).with_name("accelerate")
    config = RECIPE.parents[1] / "accelerate" / "cpu_2proc.yaml"
    proc = subprocess.run([str(accelerate), "launch", "--config_file", str(config), "-m", "sft",
                           *_args(tiny_model, trace_dataset, output_dir, "--max_steps", "2",
                                  "--merge_adapter", "true")],  # save_pretrained's barrier needs every process
                          capture_output=True, text=True, timeout=900,
                          env={**os.environ, "TOKENIZERS_PARALLELISM": "false"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads((output_dir / "summary.json").read_text())
    assert summary["processes"] == 2 and summary["global_step"] == 2
    assert (output_dir / "merged" / "config.json").is_file()


@pytest.mark.slow
def test_fsdp_on_two_cpu_processes_evaluates_and_merges_from_disk(tiny_model, trace_dataset, tmp_path):
    """Sharded weights (FSDP2): generating on the main process alone would wait for the other's shards forever; the
    evaluation and the merge load whole weights from disk instead, and the figures reach the tracker's log."""
    output_dir = tmp_path / "out"
    accelerate = Path(sys.executable).with_name("accelerate")
    config = RECIPE.parents[1] / "accelerate" / "cpu_2proc_fsdp.yaml"
    proc = subprocess.run([str(accelerate), "launch", "--config_file", str(config), "-m", "sft",
                           *_args(tiny_model, trace_dataset, output_dir, "--max_steps", "1", "--merge_adapter", "true",
                                  "--use_cpu", "true", "--bf16", "false")],
                          capture_output=True, text=True, timeout=900,
                          env={**os.environ, "TOKENIZERS_PARALLELISM": "false"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads((output_dir / "summary.json").read_text())
    assert summary["processes"] == 2 and summary["before"] and summary["after"]
    assert (output_dir / "merged" / "config.json").is_file()
    logged = json.loads((output_dir / "trainer_state.json").read_text())["log_history"]
    assert any("held_out/mean_reward_before" in entry and "held_out/mean_reward_after" in entry for entry in logged)
