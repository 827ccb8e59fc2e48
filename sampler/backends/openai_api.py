"""`openai` teacher: chat completions through the official SDK (`AsyncOpenAI`) at any compatible URL.

Works with OpenAI, a `vllm serve` / `trl vllm-serve` server, DeepSeek, Groq, llama.cpp's server, etc.
Options: `model`, `base_url`, `api_key_env` (default OPENAI_API_KEY; "" for a local server that needs
no key), `timeout_s`, `native_n` (send `n` in one request; turn off for servers that ignore it),
`max_tokens_param` ("max_completion_tokens" for OpenAI, "max_tokens" for most other servers; the
default picks by whether `base_url` is set), `omit_temperature` (reasoning models that reject it),
`reasoning_effort`, `extra_body` (passed through, e.g. vLLM sampling options), plus the common ones.
A `reasoning_content` field (DeepSeek, vLLM reasoning parsers) becomes the completion's <think> block.
The SDK's own retries are off (`max_retries=0`); ours are in `base`.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from typing import Any

from data.errors import UserError
from sampler.backends.base import (
    Backend,
    Completion,
    classify_sdk_error,
    lookup_price,
    translate_sdk_error,
    with_retries,
)


@dataclass
class OpenAIBackend(Backend):
    name: str = "openai"
    model: str = "gpt-4.1-mini"
    base_url: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    timeout_s: float = 600.0
    native_n: bool = True
    max_tokens_param: str | None = None
    omit_temperature: bool = False
    reasoning_effort: str | None = None
    extra_body: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if self.api_key_env:
            self._key = os.environ.get(self.api_key_env, "")
            if not self._key:
                raise UserError(f"openai: no API key; set the environment variable {self.api_key_env} "
                                "(or api_key_env: '' for a local server that needs none)")
        else:
            self._key = "EMPTY"
        if self.max_tokens_param is None:
            self.max_tokens_param = "max_tokens" if self.base_url else "max_completion_tokens"
        super().__post_init__()
        self._client: Any = None

    def _price(self) -> tuple[float, float] | None:
        price = lookup_price(self.model, self.prices)
        if price is None and self.max_cost_usd is not None:
            raise UserError(f"openai: no price known for model {self.model!r}; give prices="
                            f"{{{self.model!r}: [input, output]}} (USD per million tokens; [0, 0] for a "
                            "local server) to use max_cost_usd")
        return price

    def requests_for(self, n: int) -> int:
        return 1 if self.native_n else n

    def _get_client(self) -> Any:
        if self._client is None:
            import openai

            self._client = openai.AsyncOpenAI(api_key=self._key, base_url=self.base_url, timeout=self.timeout_s,
                                              max_retries=0)
        return self._client

    async def _complete(self, messages: list[dict[str, Any]], n: int, *, max_tokens: int, temperature: float,
                        task: Any) -> list[Completion]:
        if self.native_n:
            return await self._request(messages, n, max_tokens, temperature)
        batches = await asyncio.gather(*(self._request(messages, 1, max_tokens, temperature) for _ in range(n)))
        return [c for batch in batches for c in batch]

    async def _request(self, messages: list[dict[str, Any]], n: int, max_tokens: int,
                       temperature: float) -> list[Completion]:
        import openai

        kwargs: dict[str, Any] = {"model": self.model, "messages": messages, self.max_tokens_param: max_tokens}
        if n > 1:
            kwargs["n"] = n
        if not self.omit_temperature:
            kwargs["temperature"] = temperature
        if self.reasoning_effort:
            kwargs["reasoning_effort"] = self.reasoning_effort
        if self.extra_body:
            kwargs["extra_body"] = self.extra_body
        client = self._get_client()

        async def call() -> Any:
            async with self.semaphore:
                return await client.chat.completions.create(**kwargs)

        try:
            response = await with_retries(call, policy=self.retry, rng=self._rng, meter=self.meter, sleep=self.sleep,
                                          classify=lambda error: classify_sdk_error(error, openai))
        except openai.APIError as error:
            mapped = translate_sdk_error("openai", error, openai, self.api_key_env or "the API key")
            if mapped is error:
                raise
            raise mapped from error
        texts = []
        for choice in response.choices:
            message = choice.message
            text = message.content or ""
            reasoning = getattr(message, "reasoning_content", None) or getattr(message, "reasoning", None)
            if isinstance(reasoning, str) and reasoning and "<think>" not in text:
                text = f"<think>{reasoning}</think>\n{text}"
            texts.append(text)
        return self._split_usage(texts, response.usage)

    def _split_usage(self, texts: list[str], usage: Any) -> list[Completion]:
        """Usage comes per request: the prompt is charged to the first choice, output by text length."""
        prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
        completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0)
        total_chars = sum(len(t) for t in texts) or 1
        shares = [completion_tokens * len(t) // total_chars for t in texts]
        if shares:
            shares[0] += completion_tokens - sum(shares)
        out = []
        for i, (text, share) in enumerate(zip(texts, shares, strict=True)):
            prompt = prompt_tokens if i == 0 else 0
            out.append(Completion(text, prompt, share, self.cost(prompt, share)))
        return out

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None
