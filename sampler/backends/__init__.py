"""Teacher backends behind one async interface.

    from sampler.backends import get_backend
    backend = get_backend("anthropic", model="claude-sonnet-4-5", max_cost_usd=20)
    completions = await backend.complete(messages, n=4, max_tokens=4096, temperature=1.0)
    await backend.aclose()

Names: `anthropic`, `openai` (any OpenAI-compatible base_url), `transformers` (a local HF model or
"embedded"), `vllm` (offline engine; needs the `vllm` extra), `offline` (execution-grounded, no LLM),
`search` (the offline teacher over programs the DSL search finds and the sandbox verifies).
Common options: `model`, `concurrency` (requests in flight), `max_cost_usd`, `prices`
({model: [input, output]} USD per million tokens), `max_retries`, `retry_base_delay_s`,
`retry_max_delay_s`, `seed`. Missing keys, unknown options and unknown models with a cost cap raise
`UserError` here, before any work starts.
"""

from __future__ import annotations

import dataclasses
import importlib
from typing import Any

from data.errors import UserError
from sampler.backends.base import (
    PRICES,
    Backend,
    BackendUnavailable,
    Completion,
    CostCapReached,
    CostMeter,
    RequestRejected,
    RetryPolicy,
    lookup_price,
)

BACKENDS: dict[str, str] = {
    "anthropic": "sampler.backends.anthropic_api:AnthropicBackend",
    "openai": "sampler.backends.openai_api:OpenAIBackend",
    "transformers": "sampler.backends.local_hf:TransformersBackend",
    "vllm": "sampler.backends.vllm_engine:VLLMBackend",
    "offline": "sampler.backends.offline:OfflineBackend",
    # The search teacher lives with the search (solvers sit above the sampler: they may import it, not
    # the other way round); named here as a string, it is imported only when asked for.
    "search": "solvers.search.teacher:SearchBackend",
}

RETRY_OPTIONS = {"max_retries": "max_retries", "retry_base_delay_s": "base_delay_s",
                 "retry_max_delay_s": "max_delay_s"}


def backend_class(name: str) -> type[Backend]:
    if name not in BACKENDS:
        raise UserError(f"unknown teacher backend {name!r}; use one of: {', '.join(BACKENDS)}")
    module, _, attr = BACKENDS[name].partition(":")
    return getattr(importlib.import_module(module), attr)


def get_backend(name: str, **options: Any) -> Backend:
    """Build a backend; every option is checked against the backend's fields."""
    cls = backend_class(name)
    retry = {RETRY_OPTIONS[key]: options.pop(key) for key in list(options) if key in RETRY_OPTIONS}
    if retry:
        options["retry"] = RetryPolicy(**retry)
    fields = {f.name for f in dataclasses.fields(cls) if f.init and f.name != "name"}
    unknown = sorted(set(options) - fields)
    if unknown:
        raise UserError(f"{name}: unknown option(s) {', '.join(unknown)}; known: "
                        f"{', '.join(sorted(fields | set(RETRY_OPTIONS)))}")
    options = {key: value for key, value in options.items() if value is not None or key == "max_cost_usd"}
    return cls(**options)


__all__ = [
    "BACKENDS", "PRICES", "Backend", "BackendUnavailable", "Completion", "CostCapReached", "CostMeter",
    "RequestRejected", "RetryPolicy", "backend_class", "get_backend", "lookup_price",
]
