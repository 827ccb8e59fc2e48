"""One student loader: embedded / model folder / LoRA adapter / merged, by the rule in `student`'s docstring."""

import json

import pytest
import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer

from data.errors import UserError
from student import ensure_merged, load_student, resolve_student, vllm_model

IDS = torch.tensor([[5, 9, 17, 3, 40, 41, 8]])


def logits(model):
    with torch.no_grad():
        return model(input_ids=IDS).logits


def make_adapter(base, folder, *, with_merged=False, seed=1):
    """An arc-sft-like output folder: a non-identity LoRA adapter (+ tokenizer), and merged/ when asked."""
    torch.manual_seed(seed)
    model = get_peft_model(AutoModelForCausalLM.from_pretrained(base),
                           LoraConfig(r=2, target_modules=["q_proj", "v_proj"], init_lora_weights=False))
    model.save_pretrained(folder)
    AutoTokenizer.from_pretrained(base).save_pretrained(folder)
    if with_merged:
        model.merge_and_unload().save_pretrained(folder / "merged")
        AutoTokenizer.from_pretrained(base).save_pretrained(folder / "merged")
    return folder


def reference(base, adapter):
    """What base + adapter computes, built directly with PEFT."""
    from peft import PeftModel

    return PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base), adapter).merge_and_unload()


def test_a_model_folder_loads_as_it_is(tiny_model):
    model, tokenizer, found = load_student(str(tiny_model))
    assert found.is_plain and found.weights == str(tiny_model)
    assert torch.allclose(logits(model), logits(AutoModelForCausalLM.from_pretrained(tiny_model)))
    assert tokenizer.eos_token == "<|im_end|>"


def test_an_adapter_without_merged_is_its_base_plus_the_adapter(tiny_model, tmp_path):
    sft = make_adapter(tiny_model, tmp_path / "sft")
    found = resolve_student(str(sft))
    assert (found.weights, found.adapter) == (str(tiny_model), str(sft))
    model, _, _ = load_student(str(sft))
    assert not hasattr(model, "peft_config")
    assert torch.allclose(logits(model), logits(reference(tiny_model, sft)), atol=1e-5)
    assert not torch.allclose(logits(model), logits(AutoModelForCausalLM.from_pretrained(tiny_model)), atol=1e-3)
    assert not (sft / "merged").exists()  # inference merges in memory only


def test_an_adapter_with_merged_loads_the_merged_copy(tiny_model, tmp_path):
    sft = make_adapter(tiny_model, tmp_path / "sft", with_merged=True)
    found = resolve_student(str(sft))
    assert found.is_plain and found.weights == str(sft / "merged")


def test_training_writes_merged_once_and_loads_it(tiny_model, tmp_path):
    sft = make_adapter(tiny_model, tmp_path / "sft")
    model, _, found = load_student(str(sft), for_training=True)
    assert found.is_plain and found.weights == str(sft / "merged")
    assert model.name_or_path == str(sft / "merged")  # what a new adapter records as its base
    assert torch.allclose(logits(model), logits(reference(tiny_model, sft)), atol=1e-5)
    stamp = (sft / "merged" / "config.json").stat().st_mtime_ns
    assert ensure_merged(sft) == sft / "merged" and (sft / "merged" / "config.json").stat().st_mtime_ns == stamp
    assert not list(sft.glob(".merged-*"))  # no partial folder left behind


def test_an_adapter_on_an_unmerged_adapter_chains(tiny_model, tmp_path):
    sft = make_adapter(tiny_model, tmp_path / "sft")
    grpo = tmp_path / "grpo"
    merged = ensure_merged(sft)
    make_adapter(merged, grpo, seed=2)
    config = json.loads((grpo / "adapter_config.json").read_text())
    assert config["base_model_name_or_path"] == str(merged)
    model, _, _ = load_student(str(grpo))
    assert torch.allclose(logits(model), logits(reference(merged, grpo)), atol=1e-5)


def test_a_missing_folder_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="no such folder"):
        resolve_student(str(tmp_path / "absent" / "sft"))


def test_an_adapter_naming_no_base_is_a_user_error(tmp_path):
    (tmp_path / "adapter_config.json").write_text("{}")
    with pytest.raises(UserError, match="names no base model"):
        resolve_student(str(tmp_path))


def test_vllm_gets_merged_weights_when_there_are_any(tiny_model, tmp_path):
    sft = make_adapter(tiny_model, tmp_path / "sft", with_merged=True)
    assert vllm_model(str(sft)) == (str(sft / "merged"), None, None)


def test_vllm_serves_an_unmerged_adapter_as_lora_on_its_base(tiny_model, tmp_path):
    sft = make_adapter(tiny_model, tmp_path / "sft")
    assert vllm_model(str(sft)) == (str(tiny_model), str(sft), 2)
