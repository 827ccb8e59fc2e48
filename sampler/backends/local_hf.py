"""`transformers` teacher: a local Hugging Face causal LM sampled with `generate`: "embedded" (the project's
small student), a model folder, a hub id on a machine that has it, or an `arc-sft` / `arc-grpo` output folder
(loaded by `student.load_student`'s rule: its `merged/` copy, else the LoRA adapter merged into its base).

Options: `model`, `device` ("cpu", "cuda", … default: cuda when available), `dtype` ("auto",
"bfloat16", "float32", …), `adapter` (a LoRA adapter folder to load on top of `model`), `seed`.
Generation runs in a worker thread, one call at a time (the model is not thread-safe). Each call seeds
torch from (seed, prompt), so the same prompt gives the same samples on the same machine and a
resumed run repeats itself. Cost is 0; tokens are counted with the model's tokenizer.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from data.errors import UserError
from sampler.backends.base import Backend, Completion


@dataclass
class TransformersBackend(Backend):
    name: str = "transformers"
    model: str = "embedded"
    device: str | None = None
    dtype: str = "auto"
    adapter: str | None = None
    concurrency: int = 1

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.adapter and not Path(self.adapter).exists():
            raise UserError(f"transformers: adapter folder {self.adapter} does not exist")
        self._loaded: tuple[Any, Any] | None = None
        self._thread_lock = threading.Lock()

    def _load(self) -> tuple[Any, Any]:
        if self._loaded is None:
            import torch

            from student import load_student

            model, tokenizer, _ = load_student(self.model, dtype=self.dtype)
            if self.adapter:
                from peft import PeftModel

                model = PeftModel.from_pretrained(model, self.adapter).merge_and_unload()
            device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
            model.to(device).eval()
            if tokenizer.pad_token_id is None:
                tokenizer.pad_token = tokenizer.eos_token
            self._loaded = (tokenizer, model)
        return self._loaded

    async def _complete(self, messages: list[dict[str, Any]], n: int, *, max_tokens: int, temperature: float,
                        task: Any) -> list[Completion]:
        return await asyncio.to_thread(self._generate, messages, n, max_tokens, temperature)

    def loaded(self) -> tuple[Any, Any]:
        """(tokenizer, model), loading them on first use (test-time training adapts a copy of the model)."""
        with self._thread_lock:
            return self._load()

    def generate_with(self, model: Any, messages: list[dict[str, Any]], n: int, *, max_tokens: int,
                      temperature: float) -> list[Completion]:
        """`n` samples from `model` (e.g. a task-adapted copy of the loaded one) with its tokenizer; seeded
        apart from the loaded model's samples of the same prompt."""
        return self._generate(messages, n, max_tokens, temperature, model=model, salt="adapted")

    def _generate(self, messages: list[dict[str, Any]], n: int, max_tokens: int, temperature: float,
                  model: Any = None, salt: str = "") -> list[Completion]:
        """`n` samples; `model` stands in for the loaded one (e.g. a task-adapted copy), `salt` varies the seed."""
        import torch

        from student.generation import generate_samples

        with self._thread_lock:
            tokenizer, loaded = self._load()
            model = loaded if model is None else model
            inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                                   return_dict=True).to(model.device)
            key = [self.seed, messages] + ([salt] if salt else [])
            digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()
            torch.manual_seed(int(digest[:15], 16))
            sampling = {"do_sample": True, "temperature": temperature} if temperature > 0 else {"do_sample": False}
            with torch.no_grad():
                output = generate_samples(model, inputs["input_ids"], inputs.get("attention_mask"), num_samples=n,
                                          max_new_tokens=max_tokens, pad_token_id=tokenizer.pad_token_id, **sampling)
            prompt_length = inputs["input_ids"].shape[1]
            completions = []
            for i, row in enumerate(output):
                new = row[prompt_length:]
                length = int((new != tokenizer.pad_token_id).sum()) if tokenizer.pad_token_id is not None else len(new)
                text = tokenizer.decode(new, skip_special_tokens=True)
                completions.append(Completion(text, prompt_length if i == 0 else 0, length, 0.0))
            return completions
