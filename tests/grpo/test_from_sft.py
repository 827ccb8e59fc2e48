"""GRPO started from an SFT output folder (a LoRA adapter without merged/) trains on the SFT weights: it writes
<sft>/merged first, and the adapter it saves names that folder as its base. Checked on logits, on a tiny model."""

import json
import subprocess
import sys

import pytest
import torch
from peft import LoraConfig, PeftModel, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer

from student import load_student

pytestmark = pytest.mark.slow  # a GRPO run (about a minute on 2 quiet cores); `make rehearse` checks the same hand-off

IDS = torch.tensor([[5, 9, 17, 3, 40, 41, 8, 12]])


def logits(model):
    with torch.no_grad():
        return model(input_ids=IDS).logits


@pytest.fixture(scope="module")
def grpo_from_sft(tiny_model, tmp_path_factory):
    root = tmp_path_factory.mktemp("chain")
    sft = root / "sft"
    torch.manual_seed(3)
    adapter = get_peft_model(AutoModelForCausalLM.from_pretrained(tiny_model),
                             LoraConfig(r=2, target_modules=["q_proj", "v_proj"], init_lora_weights=False))
    adapter.save_pretrained(sft)
    AutoTokenizer.from_pretrained(tiny_model).save_pretrained(sft)
    out = root / "grpo"
    command = [sys.executable, "-m", "grpo", "--model_name_or_path", str(sft), "--output_dir", str(out),
               "--use_cpu", "true", "--bf16", "false", "--task_mode", "write", "--max_tasks", "1",
               "--num_augmentations", "0", "--per_device_train_batch_size", "2", "--num_generations", "2",
               "--max_completion_length", "8", "--max_steps", "1", "--save_steps", "1000", "--logging_steps", "1",
               "--activation_checkpointing", "false", "--learning_rate", "0.05", "--curriculum", "false",
               "--report_to", "none", "--dataloader_num_workers", "0"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    return tiny_model, sft, out


def test_the_sft_adapter_is_merged_to_disk_first(grpo_from_sft):
    _, sft, _ = grpo_from_sft
    assert (sft / "merged" / "config.json").is_file()


def test_the_grpo_adapter_names_the_sft_merged_weights_as_its_base(grpo_from_sft):
    base_model, sft, out = grpo_from_sft
    base = json.loads((out / "adapter_config.json").read_text())["base_model_name_or_path"]
    assert base == str(sft / "merged")
    sft_model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base_model), sft).merge_and_unload()
    recorded_base = AutoModelForCausalLM.from_pretrained(base)
    assert torch.allclose(logits(recorded_base), logits(sft_model), atol=1e-5)  # the SFT weights ...
    hub_base = AutoModelForCausalLM.from_pretrained(base_model)
    assert not torch.allclose(logits(recorded_base), logits(hub_base), atol=1e-3)  # ... not the untrained base


def test_the_grpo_output_loads_back_as_sft_weights_plus_grpo_adapter(grpo_from_sft):
    _, sft, out = grpo_from_sft
    model, _, found = load_student(str(out))
    assert found.weights == str(sft / "merged") and found.adapter == str(out)
    expected = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(sft / "merged"), out).merge_and_unload()
    assert torch.allclose(logits(model), logits(expected), atol=1e-5)
