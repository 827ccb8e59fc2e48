"""The teacher interface every backend implements, with retries, a concurrency limit and cost accounting.

    backend = get_backend("openai", model="gpt-4.1-mini", max_cost_usd=5.0)
    completions = await backend.complete(messages, n=4, max_tokens=4096, temperature=1.0)
    completions[0].text, completions[0].prompt_tokens, completions[0].cost_usd
    backend.meter.spent_usd

Retries are ours, not the SDKs': API backends build their clients with `max_retries=0` so that every
retry goes through `with_retries` (exponential backoff with full jitter, Retry-After honoured, on 408,
409, 429, 5xx, timeouts and connection errors) and is counted and tested in one place.

The cost cap never overspends: before a request is sent it reserves its worst case (estimated prompt
tokens plus `max_tokens` per completion at the model's price); the reservation becomes the real cost
when the answer arrives. A request that does not fit waits for requests in flight to settle and, if it
still does not fit, raises `CostCapReached`, which the sampling loop treats as a clean stop.
"""

from __future__ import annotations

import abc
import asyncio
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from data.errors import UserError

T = TypeVar("T")

# USD per million tokens (input, output), from the providers' public price lists (2025). A model id
# matches the longest key it starts with ("claude-sonnet-4-5-20250929" → "claude-sonnet-4"), so a newer
# version is priced like its family (for Opus that errs high, the safe side of a cap). Prices change:
# check yours and override with the backend option `prices={"model": [in, out]}`. Local backends cost 0.
PRICES: dict[str, tuple[float, float]] = {
    "claude-opus-4": (15.0, 75.0),
    "claude-opus-4-5": (5.0, 25.0),
    "claude-sonnet-4": (3.0, 15.0),
    "claude-3-7-sonnet": (3.0, 15.0),
    "claude-3-5-sonnet": (3.0, 15.0),
    "claude-haiku-4-5": (1.0, 5.0),
    "claude-3-5-haiku": (0.8, 4.0),
    "gpt-4o": (2.5, 10.0),
    "gpt-4o-mini": (0.15, 0.6),
    "gpt-4.1": (2.0, 8.0),
    "gpt-4.1-mini": (0.4, 1.6),
    "gpt-4.1-nano": (0.1, 0.4),
    "gpt-5": (1.25, 10.0),
    "gpt-5-mini": (0.25, 2.0),
    "gpt-5-nano": (0.05, 0.4),
    "o3": (2.0, 8.0),
    "o3-mini": (1.1, 4.4),
    "o4-mini": (1.1, 4.4),
}

CHARS_PER_TOKEN = 3.0  # a deliberately low estimate: it only sizes the cost reservation


@dataclass(frozen=True)
class Completion:
    """One sampled answer with its token counts and cost."""

    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0


class CostCapReached(Exception):
    """The next request would take spending past `max_cost_usd`; stop sampling cleanly."""


class BackendUnavailable(Exception):
    """Retries are exhausted: the API kept failing with retryable errors."""


def lookup_price(model: str, prices: dict[str, Sequence[float]] | None = None) -> tuple[float, float] | None:
    """(input, output) USD per million tokens for `model`, or None when unknown."""
    table = {**PRICES, **{k: (float(v[0]), float(v[1])) for k, v in (prices or {}).items()}}
    if model in table:
        return table[model]
    matches = [key for key in table if model.startswith(key)]
    return table[max(matches, key=len)] if matches else None


def estimate_tokens(messages: Sequence[dict[str, Any]]) -> int:
    chars = sum(len(str(m.get("content", ""))) for m in messages)
    return int(chars / CHARS_PER_TOKEN) + 8 * len(messages)


class CostMeter:
    """Tokens and dollars spent by one backend, and the cap with its reservations."""

    def __init__(self, max_cost_usd: float | None = None):
        self.max_cost_usd = max_cost_usd
        self.spent_usd = 0.0
        self.reserved_usd = 0.0
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.requests = 0
        self.retries = 0
        self._changed: asyncio.Condition | None = None

    def _condition(self) -> asyncio.Condition:
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed

    async def reserve(self, usd: float) -> None:
        """Hold `usd` of the budget, waiting for requests in flight if needed; or raise CostCapReached."""
        if self.max_cost_usd is None:
            return
        async with self._condition():
            while self.spent_usd + self.reserved_usd + usd > self.max_cost_usd:
                if self.reserved_usd <= 0:
                    raise CostCapReached(f"spent ${self.spent_usd:.4f}; the next request could cost up to "
                                         f"${usd:.4f}, over max_cost_usd=${self.max_cost_usd:.4f}")
                await self._condition().wait()
            self.reserved_usd += usd

    async def settle(self, reserved: float, completions: Sequence[Completion], *, requests: int = 1) -> None:
        """Turn a reservation into the real cost of what came back (or release it on failure)."""
        self.spent_usd += sum(c.cost_usd for c in completions)
        self.prompt_tokens += sum(c.prompt_tokens for c in completions)
        self.completion_tokens += sum(c.completion_tokens for c in completions)
        self.requests += requests
        if self.max_cost_usd is None:
            return
        async with self._condition():
            self.reserved_usd = max(0.0, self.reserved_usd - reserved)
            self._condition().notify_all()

    def summary(self) -> dict[str, float | int]:
        return {"spent_usd": round(self.spent_usd, 6), "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens, "requests": self.requests, "retries": self.retries}


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter; Retry-After (seconds) wins when the server sends it."""

    max_retries: int = 6
    base_delay_s: float = 1.0
    max_delay_s: float = 60.0

    def delay(self, attempt: int, retry_after: float | None, rng: random.Random) -> float:
        if retry_after is not None:
            return min(self.max_delay_s, max(0.0, retry_after)) + rng.uniform(0, 0.1 * self.base_delay_s)
        return rng.uniform(0, min(self.max_delay_s, self.base_delay_s * 2**attempt))


RETRYABLE_STATUS = frozenset({408, 409, 429})


def is_retryable_status(status: int | None) -> bool:
    return status is not None and (status in RETRYABLE_STATUS or status >= 500)


async def with_retries(call: Callable[[], Awaitable[T]], *, policy: RetryPolicy,
                       classify: Callable[[BaseException], tuple[bool, float | None]],
                       rng: random.Random, meter: CostMeter | None = None,
                       sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep) -> T:
    """Run `call`, retrying what `classify` marks retryable (→ (True, retry_after)); re-raise the rest."""
    attempt = 0
    while True:
        try:
            return await call()
        except Exception as error:  # noqa: BLE001 - classify decides; non-retryable errors are re-raised
            retryable, retry_after = classify(error)
            if not retryable:
                raise
            if attempt >= policy.max_retries:
                raise BackendUnavailable(f"gave up after {attempt + 1} attempts: {error}") from error
            if meter is not None:
                meter.retries += 1
            await sleep(policy.delay(attempt, retry_after, rng))
            attempt += 1


@dataclass
class Backend(abc.ABC):
    """A teacher: chat messages in, `n` completions out. Subclasses implement `_complete`."""

    model: str = ""
    concurrency: int = 8
    max_cost_usd: float | None = None
    prices: dict[str, Sequence[float]] | None = None
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    seed: int = 0
    name: str = "backend"

    def __post_init__(self) -> None:
        if self.concurrency < 1:
            raise UserError(f"{self.name}: concurrency must be at least 1, got {self.concurrency}")
        self.meter = CostMeter(self.max_cost_usd)
        self._semaphore: asyncio.Semaphore | None = None
        self._rng = random.Random(self.seed)
        self.sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep  # how retries wait (tests record it)
        self.price = self._price()

    def _price(self) -> tuple[float, float] | None:
        """Local backends are free; API backends look the model up (unknown + a cap → UserError)."""
        return (0.0, 0.0)

    @property
    def semaphore(self) -> asyncio.Semaphore:
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.concurrency)
        return self._semaphore

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        price_in, price_out = self.price or (0.0, 0.0)
        return (prompt_tokens * price_in + completion_tokens * price_out) / 1e6

    def worst_case_cost(self, messages: Sequence[dict[str, Any]], n: int, max_tokens: int) -> float:
        return self.cost(estimate_tokens(messages) * self.requests_for(n), max_tokens * n)

    def requests_for(self, n: int) -> int:
        """HTTP requests needed for n completions (APIs without an `n` parameter send n)."""
        return 1

    async def complete(self, messages: Sequence[dict[str, Any]], n: int = 1, *, max_tokens: int = 4096,
                       temperature: float = 1.0, task: Any = None) -> list[Completion]:
        """`n` completions of `messages`. `task` is context a task-aware teacher (offline) may use."""
        if n < 1:
            return []
        reserved = self.worst_case_cost(messages, n, max_tokens)
        await self.meter.reserve(reserved)
        completions: list[Completion] = []
        try:
            completions = await self._complete(list(messages), n, max_tokens=max_tokens,
                                               temperature=temperature, task=task)
        finally:
            await self.meter.settle(reserved, completions, requests=self.requests_for(n))
        return completions

    @abc.abstractmethod
    async def _complete(self, messages: list[dict[str, Any]], n: int, *, max_tokens: int, temperature: float,
                        task: Any) -> list[Completion]:
        """Produce the completions (token counts and `cost_usd` filled in)."""

    async def aclose(self) -> None:  # noqa: B027 - an optional hook: most backends hold nothing to release
        """Release clients and engines."""


class RequestRejected(Exception):
    """The API refused this one request (e.g. the prompt is too long); other requests may still work."""


def retry_after_seconds(headers: Any) -> float | None:
    """Seconds from `retry-after-ms` or `retry-after` (seconds; an HTTP date is ignored)."""
    if headers is None:
        return None
    for name, scale in (("retry-after-ms", 1e-3), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return float(value) * scale
        except ValueError:
            continue
    return None


def classify_sdk_error(error: BaseException, sdk: Any) -> tuple[bool, float | None]:
    """Retry policy for the Stainless-generated SDKs (`openai`, `anthropic`): same exception layout."""
    if isinstance(error, sdk.APIConnectionError):  # includes APITimeoutError
        return True, None
    if isinstance(error, sdk.APIStatusError):
        return is_retryable_status(error.status_code), retry_after_seconds(error.response.headers)
    return False, None


def translate_sdk_error(backend: str, error: BaseException, sdk: Any, key_env: str) -> BaseException:
    """Non-retryable API errors: a bad key or model is the user's to fix; a rejected request is not fatal."""
    if isinstance(error, sdk.APIStatusError):
        status = error.status_code
        if status in (401, 403):
            return UserError(f"{backend}: the API refused the key (HTTP {status}); check {key_env}")
        if status == 404:
            return UserError(f"{backend}: not found (HTTP 404) - check the model name and base_url: {error}")
        return RequestRejected(f"{backend}: HTTP {status}: {error}")
    return error
