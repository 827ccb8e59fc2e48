"""The sampler's vLLM backend follows the student rule (merged weights, else LoRA on the base) without vllm installed."""

import asyncio
from types import SimpleNamespace

import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM

from sampler.backends.vllm_engine import VLLMBackend


class FakeEngine:
    """Stands in for `vllm.LLM`: records what `chat` was given."""

    def __init__(self):
        self.calls = []

    def chat(self, conversations, params, use_tqdm=False, **kwargs):
        self.calls.append(kwargs)
        out = SimpleNamespace(text="```python\ndef solve(I):\n    return I\n```", token_ids=[1, 2])
        return [SimpleNamespace(prompt_token_ids=[0], outputs=[out]) for _ in conversations]


def backend(model, engine=None):
    return VLLMBackend(model=str(model), engine=engine or FakeEngine(), params_factory=lambda **kw: kw,
                       lora_factory=lambda name, id_, path: ("lora", name, id_, path))


def adapter(base, folder, merged=False):
    torch.manual_seed(0)
    model = get_peft_model(AutoModelForCausalLM.from_pretrained(base), LoraConfig(r=4, target_modules=["q_proj"]))
    model.save_pretrained(folder)
    if merged:
        model.merge_and_unload().save_pretrained(folder / "merged")
    return folder


def test_a_plain_model_is_loaded_without_lora(tiny_model):
    b = backend(tiny_model)
    assert b.engine_kwargs()["model"] == str(tiny_model) and "enable_lora" not in b.engine_kwargs()
    assert b.lora_request() is None


def test_an_adapter_with_merged_is_served_merged(tiny_model, tmp_path):
    b = backend(adapter(tiny_model, tmp_path / "sft", merged=True))
    assert b.engine_kwargs()["model"] == str(tmp_path / "sft" / "merged") and b.lora_request() is None


def test_an_unmerged_adapter_is_a_lora_request_on_its_base(tiny_model, tmp_path):
    engine = FakeEngine()
    b = backend(adapter(tiny_model, tmp_path / "sft"), engine)
    kwargs = b.engine_kwargs()
    assert kwargs["model"] == str(tiny_model) and kwargs["enable_lora"] and kwargs["max_lora_rank"] == 8
    completions = asyncio.run(b.complete([{"role": "user", "content": "x"}], n=1, max_tokens=8, temperature=0.0))
    assert completions and engine.calls[-1]["lora_request"] == ("lora", "student", 1, str(tmp_path / "sft"))
