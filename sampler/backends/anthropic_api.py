"""`anthropic` teacher: the Messages API through the official SDK (`AsyncAnthropic`).

Options: `model`, `base_url` (a proxy or the loopback test server), `api_key_env` (default
ANTHROPIC_API_KEY), `timeout_s`, `thinking` ("off", "adaptive", or a token budget as an int; the thinking
text becomes the completion's <think> block), `effort` (low … max), `send_temperature` (the current SDK
has no temperature parameter; true sends it in the body for endpoints that still take one), plus the
common ones (`concurrency`, `max_cost_usd`, `prices`, `max_retries`). The API has no `n`: n completions
are n requests, sent concurrently under the concurrency limit. The SDK's own retries are off
(`max_retries=0` on the client); ours are in `base`.
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
class AnthropicBackend(Backend):
    name: str = "anthropic"
    model: str = "claude-sonnet-4-6"
    base_url: str | None = None
    api_key_env: str = "ANTHROPIC_API_KEY"
    timeout_s: float = 600.0
    thinking: str | int = "off"
    effort: str | None = None
    send_temperature: bool = False

    def __post_init__(self) -> None:
        self._key = os.environ.get(self.api_key_env, "")
        if not self._key:
            raise UserError(f"anthropic: no API key; set the environment variable {self.api_key_env}")
        super().__post_init__()
        self._client: Any = None

    def _price(self) -> tuple[float, float] | None:
        price = lookup_price(self.model, self.prices)
        if price is None and self.max_cost_usd is not None:
            raise UserError(f"anthropic: no price known for model {self.model!r}; give prices="
                            f"{{{self.model!r}: [input, output]}} (USD per million tokens) to use max_cost_usd")
        return price

    def requests_for(self, n: int) -> int:
        return n

    def worst_case_cost(self, messages: Any, n: int, max_tokens: int) -> float:
        budget = int(self.thinking) if isinstance(self.thinking, int) and not isinstance(self.thinking, bool) else 0
        return super().worst_case_cost(messages, n, max_tokens + budget)

    def _get_client(self) -> Any:
        if self._client is None:
            import anthropic

            self._client = anthropic.AsyncAnthropic(api_key=self._key, base_url=self.base_url,
                                                    timeout=self.timeout_s, max_retries=0)
        return self._client

    async def _complete(self, messages: list[dict[str, Any]], n: int, *, max_tokens: int, temperature: float,
                        task: Any) -> list[Completion]:
        return list(await asyncio.gather(*(self._one(messages, max_tokens, temperature) for _ in range(n))))

    async def _one(self, messages: list[dict[str, Any]], max_tokens: int, temperature: float) -> Completion:
        import anthropic

        system = "\n\n".join(str(m["content"]) for m in messages if m["role"] == "system")
        chat = [{"role": m["role"], "content": m["content"]} for m in messages if m["role"] != "system"]
        kwargs: dict[str, Any] = {"model": self.model, "messages": chat, "max_tokens": max_tokens}
        if system:
            kwargs["system"] = system
        if self.send_temperature:
            kwargs["extra_body"] = {"temperature": temperature}
        if self.effort:
            kwargs["output_config"] = {"effort": self.effort}
        if self.thinking == "adaptive":
            kwargs["thinking"] = {"type": "adaptive"}
        elif self.thinking not in ("off", None, False, 0):
            # A fixed thinking budget counts inside max_tokens, so the answer keeps its own max_tokens.
            budget = int(self.thinking)
            kwargs.update(thinking={"type": "enabled", "budget_tokens": budget}, max_tokens=max_tokens + budget)
        client = self._get_client()

        async def call() -> Any:
            async with self.semaphore:
                return await client.messages.create(**kwargs)

        try:
            response = await with_retries(call, policy=self.retry, rng=self._rng, meter=self.meter, sleep=self.sleep,
                                          classify=lambda error: classify_sdk_error(error, anthropic))
        except anthropic.APIError as error:
            mapped = translate_sdk_error("anthropic", error, anthropic, self.api_key_env)
            if mapped is error:
                raise
            raise mapped from error
        thinking = "".join(getattr(b, "thinking", "") or "" for b in response.content if b.type == "thinking")
        text = "".join(getattr(b, "text", "") or "" for b in response.content if b.type == "text")
        if thinking and "<think>" not in text:
            text = f"<think>{thinking}</think>\n{text}"
        usage = response.usage
        prompt_tokens, completion_tokens = int(usage.input_tokens or 0), int(usage.output_tokens or 0)
        return Completion(text, prompt_tokens, completion_tokens, self.cost(prompt_tokens, completion_tokens))

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None
