"""`vllm` teacher: vLLM's offline engine (`vllm.LLM`) on this machine's GPUs; needs the `vllm` extra.

Options: `model` (a hub id or path, "embedded", or an `arc-sft` / `arc-grpo` output folder: by
`student.vllm_model`'s rule vLLM loads its `merged/` copy, else the adapter's base with the adapter served
as a `LoRARequest`, `enable_lora` on), `engine_options` (passed to `vllm.LLM`, e.g.
{"tensor_parallel_size": 2, "max_model_len": 16384, "gpu_memory_utilization": 0.9}), `max_batch`
(conversations per engine call), `seed`. Requests that arrive together are batched into one
`LLM.chat` call (vLLM schedules a batch far better than one conversation at a time); the engine runs in
a worker thread. Cost is 0; token counts come from the engine. To use a vLLM *server* instead, use the
`openai` backend with its `base_url`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from data.errors import UserError
from sampler.backends.base import Backend, Completion


@dataclass
class _Request:
    messages: list[dict[str, Any]]
    n: int
    max_tokens: int
    temperature: float
    future: asyncio.Future


@dataclass
class VLLMBackend(Backend):
    name: str = "vllm"
    model: str = "embedded"
    engine_options: dict[str, Any] = field(default_factory=dict)
    max_batch: int = 256
    concurrency: int = 256
    engine: Any = None  # an already built `vllm.LLM` (or anything with the same `chat`), else built lazily
    params_factory: Any = None  # builds sampling params from keywords; default `vllm.SamplingParams`
    lora_factory: Any = None  # builds a LoRA request (name, id, path); default `vllm.lora.request.LoRARequest`

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.engine is None:
            try:
                import vllm  # noqa: F401
            except ImportError:
                raise UserError("vllm: the vllm package is not installed; pip install 'arc-edit[vllm]' on a "
                                "GPU machine, or use the openai backend with a vLLM server's base_url") from None
        self._queue: list[_Request] = []
        self._worker: asyncio.Task | None = None
        self._target: tuple[str, str | None, int | None] | None = None
        self._lora: Any = None

    def target(self) -> tuple[str, str | None, int | None]:
        """(weights vLLM loads, LoRA adapter folder or None, adapter rank) for `model` (`student.vllm_model`)."""
        if self._target is None:
            from student import vllm_model

            self._target = vllm_model(self.model)
        return self._target

    def engine_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of `vllm.LLM`: the weights, and LoRA serving when the model is an unmerged adapter."""
        weights, adapter, rank = self.target()
        kwargs: dict[str, Any] = {"model": weights, "seed": self.seed}
        if adapter is not None:
            # vLLM accepts ranks 8, 16, 32, ...: the smallest one that holds the adapter's.
            kwargs |= {"enable_lora": True, "max_lora_rank": 1 << max(3, (max(rank or 8, 1) - 1).bit_length())}
        return kwargs | self.engine_options

    def lora_request(self) -> Any:
        """The `LoRARequest` every chat call carries when the model is an unmerged adapter (else None)."""
        from student import is_adapter

        if not is_adapter(self.model):  # cheap: "embedded" or a model folder need no resolving here
            return None
        _, adapter, _ = self.target()
        if adapter is None:
            return None
        if self._lora is None:
            factory = self.lora_factory
            if factory is None:
                from vllm.lora.request import LoRARequest as factory
            self._lora = factory("student", 1, adapter)
        return self._lora

    def _engine(self) -> Any:
        if self.engine is None:
            from vllm import LLM

            self.engine = LLM(**self.engine_kwargs())
        return self.engine

    def _sampling_params(self, request: _Request) -> Any:
        factory = self.params_factory
        if factory is None:
            from vllm import SamplingParams as factory
        digest = hashlib.sha256(json.dumps([self.seed, request.messages], sort_keys=True).encode()).hexdigest()
        return factory(n=request.n, temperature=request.temperature, max_tokens=request.max_tokens,
                       seed=int(digest[:8], 16))

    async def _complete(self, messages: list[dict[str, Any]], n: int, *, max_tokens: int, temperature: float,
                        task: Any) -> list[Completion]:
        future = asyncio.get_running_loop().create_future()
        self._queue.append(_Request(messages, n, max_tokens, temperature, future))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._queue:
            await asyncio.sleep(0)  # let requests issued in the same turn join this batch
            batch, self._queue = self._queue[: self.max_batch], self._queue[self.max_batch:]
            try:
                results = await asyncio.to_thread(self._run_batch, batch)
            except Exception as error:  # noqa: BLE001 - every waiting request learns about it
                for request in batch:
                    if not request.future.done():
                        request.future.set_exception(error)
                continue
            for request, completions in zip(batch, results, strict=True):
                if not request.future.done():
                    request.future.set_result(completions)

    def _run_batch(self, batch: list[_Request]) -> list[list[Completion]]:
        engine = self._engine()
        lora = self.lora_request()
        outputs = engine.chat([r.messages for r in batch], [self._sampling_params(r) for r in batch],
                              use_tqdm=False, **({"lora_request": lora} if lora is not None else {}))
        results = []
        for output in outputs:
            prompt_tokens = len(output.prompt_token_ids or [])
            results.append([Completion(o.text, prompt_tokens if i == 0 else 0, len(o.token_ids), 0.0)
                            for i, o in enumerate(output.outputs)])
        return results
