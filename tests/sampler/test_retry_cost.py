"""Backoff with jitter, the retry loop, prices and the cost meter (no network)."""

import asyncio
import random

import pytest

from sampler.backends.base import (
    BackendUnavailable,
    CostCapReached,
    CostMeter,
    RetryPolicy,
    lookup_price,
    retry_after_seconds,
    with_retries,
)


def test_backoff_grows_exponentially_up_to_the_cap():
    policy, rng = RetryPolicy(base_delay_s=1.0, max_delay_s=8.0), random.Random(0)
    ceilings = [max(policy.delay(attempt, None, rng) for _ in range(200)) for attempt in range(6)]
    assert ceilings[0] <= 1.0 and 1.0 < ceilings[2] <= 4.0 and all(c <= 8.0 for c in ceilings)


def test_backoff_is_jittered():
    policy, rng = RetryPolicy(), random.Random(0)
    assert len({policy.delay(3, None, rng) for _ in range(20)}) == 20


def test_retry_after_wins_over_backoff():
    assert 5.0 <= RetryPolicy(base_delay_s=1.0).delay(0, 5.0, random.Random(0)) <= 5.1


def test_retry_after_header_forms():
    assert retry_after_seconds({"retry-after-ms": "250"}) == 0.25
    assert retry_after_seconds({"retry-after": "3"}) == 3.0
    assert retry_after_seconds({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) is None


class Flaky(Exception):
    pass


def run_retries(failures, max_retries=3):
    calls, waits = [], []

    async def call():
        calls.append(1)
        if len(calls) <= failures:
            raise Flaky()
        return "done"

    async def sleep(seconds):
        waits.append(seconds)

    result = asyncio.run(with_retries(call, policy=RetryPolicy(max_retries=max_retries), rng=random.Random(0),
                                      classify=lambda e: (isinstance(e, Flaky), None), sleep=sleep))
    return result, len(calls), waits


def test_retries_until_success():
    assert run_retries(2)[:2] == ("done", 3)


def test_exhausted_retries_raise_backend_unavailable():
    with pytest.raises(BackendUnavailable):
        run_retries(10, max_retries=2)


def test_non_retryable_errors_pass_through_at_once():
    async def call():
        raise KeyError("bad")

    with pytest.raises(KeyError):
        asyncio.run(with_retries(call, policy=RetryPolicy(), rng=random.Random(0), classify=lambda e: (False, None)))


def test_price_lookup_uses_the_longest_prefix():
    assert lookup_price("gpt-4o-mini-2024-07-18") == (0.15, 0.6) and lookup_price("gpt-4o-2024") == (2.5, 10.0)


def test_price_override_and_unknown_model():
    assert lookup_price("local", {"local": [0, 0]}) == (0.0, 0.0) and lookup_price("local") is None


def test_meter_refuses_a_reservation_over_the_cap():
    meter = CostMeter(max_cost_usd=1.0)

    async def go():
        await meter.reserve(0.6)
        await meter.settle(0.6, [])
        await meter.reserve(1.5)

    with pytest.raises(CostCapReached):
        asyncio.run(go())


def test_meter_waits_for_requests_in_flight_to_settle():
    from sampler.backends.base import Completion

    meter = CostMeter(max_cost_usd=1.0)

    async def go():
        await meter.reserve(0.8)  # worst case of a request in flight

        async def settle_later():
            await asyncio.sleep(0)
            await meter.settle(0.8, [Completion("x", cost_usd=0.1)])

        waiting = asyncio.create_task(meter.reserve(0.8))  # fits once the first settles at $0.10
        await settle_later()
        await waiting
        return meter.spent_usd, meter.reserved_usd

    assert asyncio.run(go()) == (0.1, 0.8)
