"""Local teachers: transformers (a tiny model built here), vllm (missing extra; batching with a stand-in
engine), and the registry."""

import asyncio
import importlib.util
from types import SimpleNamespace

import pytest

from data.errors import UserError
from sampler.backends import BACKENDS, get_backend

MESSAGES = [{"role": "user", "content": "Write the program."}]


def test_transformers_backend_samples_n_completions(char_model):
    backend = get_backend("transformers", model=str(char_model), device="cpu")
    completions = asyncio.run(backend.complete(MESSAGES, 3, max_tokens=8, temperature=1.0))
    assert len(completions) == 3 and all(0 < c.completion_tokens <= 8 for c in completions)
    assert completions[0].prompt_tokens > 0 and backend.meter.spent_usd == 0.0


def test_transformers_backend_repeats_itself_for_the_same_prompt(char_model):
    backend = get_backend("transformers", model=str(char_model), device="cpu", seed=1)
    first = asyncio.run(backend.complete(MESSAGES, 2, max_tokens=8))
    again = asyncio.run(backend.complete(MESSAGES, 2, max_tokens=8))
    assert [c.text for c in first] == [c.text for c in again]


def test_transformers_backend_unknown_model_is_a_user_error(tmp_path):
    backend = get_backend("transformers", model=str(tmp_path / "nothing"))
    with pytest.raises(UserError, match="cannot load"):
        asyncio.run(backend.complete(MESSAGES, 1, max_tokens=4))


@pytest.mark.skipif(importlib.util.find_spec("vllm") is not None, reason="vllm is installed here")
def test_vllm_backend_without_the_extra_is_a_clear_user_error():
    with pytest.raises(UserError, match="pip install 'arc-edit\\[vllm\\]'"):
        get_backend("vllm", model="any")


class StandInEngine:
    """Answers like `vllm.LLM.chat`: one output per conversation, n samples each."""

    def __init__(self):
        self.calls = []

    def chat(self, conversations, params, use_tqdm=False):
        self.calls.append(len(conversations))
        return [SimpleNamespace(prompt_token_ids=[1, 2, 3],
                                outputs=[SimpleNamespace(text=f"{c[-1]['content']}#{i}", token_ids=[7] * (i + 1))
                                         for i in range(p["n"])])
                for c, p in zip(conversations, params, strict=True)]


def test_vllm_backend_batches_concurrent_requests_into_one_engine_call():
    engine = StandInEngine()
    backend = get_backend("vllm", engine=engine, params_factory=dict)

    async def go():
        prompts = [[{"role": "user", "content": f"p{i}"}] for i in range(5)]
        return await asyncio.gather(*(backend.complete(p, 2, max_tokens=16) for p in prompts))

    results = asyncio.run(go())
    assert engine.calls == [5] and [r[1].text for r in results] == [f"p{i}#1" for i in range(5)]
    assert results[0][1].completion_tokens == 2 and results[0][0].prompt_tokens == 3


def test_registry_names():
    assert set(BACKENDS) == {"anthropic", "openai", "transformers", "vllm", "offline", "search"}


def test_unknown_backend_is_a_user_error():
    with pytest.raises(UserError, match="unknown teacher backend"):
        get_backend("gemini")
