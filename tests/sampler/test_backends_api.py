"""The anthropic and openai backends through the real SDKs against the loopback server (no patching)."""

import asyncio
import threading
import time

import pytest

from data.errors import UserError
from sampler.backends import BackendUnavailable, CostCapReached, RequestRejected, get_backend
from sampler.fake_server import DEFAULT_COMPLETION, FakeLLMServer, Reply, count_tokens

MESSAGES = [{"role": "system", "content": "You write programs."}, {"role": "user", "content": "Solve this task."}]
FAST = {"retry_base_delay_s": 0.01, "retry_max_delay_s": 0.05}
APIS = ["openai", "anthropic"]


@pytest.fixture
def server():
    with FakeLLMServer(api_key="test-key") as running:
        yield running


def backend(api, server, **options):
    url = server.openai_base_url if api == "openai" else server.anthropic_base_url
    model = "gpt-4o" if api == "openai" else "claude-sonnet-4-6"
    return get_backend(api, base_url=url, model=model, **{**FAST, **options})


def complete(b, n=1, **kwargs):
    async def go():
        try:
            return await b.complete(MESSAGES, n, max_tokens=64, **kwargs)
        finally:
            await b.aclose()

    return asyncio.run(go())


@pytest.mark.parametrize("api", APIS)
def test_completion_text_and_tokens(api, server, api_keys):
    [completion] = complete(backend(api, server))
    assert completion.text == DEFAULT_COMPLETION and completion.completion_tokens == count_tokens(DEFAULT_COMPLETION)


@pytest.mark.parametrize("api", APIS)
def test_cost_from_the_price_table(api, server, api_keys):
    b = backend(api, server, prices={"gpt-4o": [1e6, 0], "claude-sonnet-4-6": [1e6, 0]})  # $1 per prompt token
    [completion] = complete(b)
    assert completion.cost_usd == pytest.approx(completion.prompt_tokens) and completion.prompt_tokens > 0


@pytest.mark.parametrize("api", APIS)
@pytest.mark.parametrize("status", [429, 500, 503])
def test_retries_then_succeeds(api, status, server, api_keys):
    server.push(Reply.error(status), Reply.error(status))
    b = backend(api, server)
    [completion] = complete(b)
    assert completion.text == DEFAULT_COMPLETION and len(server.requests) == 3 and b.meter.retries == 2


@pytest.mark.parametrize("api", APIS)
def test_sdk_does_not_retry_on_its_own(api, server, api_keys):
    server.push(Reply.error(429))
    complete(backend(api, server))
    assert [r.headers.get("x-stainless-retry-count") for r in server.requests] == ["0", "0"]


@pytest.mark.parametrize("api", APIS)
def test_retry_after_header_sets_the_wait(api, server, api_keys):
    server.push(Reply.error(429, retry_after=7), Reply.error(503))
    waits = []

    async def sleep(seconds):
        waits.append(seconds)

    b = backend(api, server, retry_max_delay_s=60)
    b.sleep = sleep
    complete(b)
    assert 7 <= waits[0] <= 7.01 and waits[1] <= 0.01 * 2


@pytest.mark.parametrize("api", APIS)
def test_gives_up_after_max_retries(api, server, api_keys):
    server.push(*[Reply.error(500)] * 4)
    with pytest.raises(BackendUnavailable):
        complete(backend(api, server, max_retries=2))
    assert len(server.requests) == 3


@pytest.mark.parametrize("api", APIS)
def test_client_timeout_is_retried(api, server, api_keys):
    server.push(Reply.hang(4.0))  # far past the client's 1 s timeout, so the first attempt always times out
    b = backend(api, server, timeout_s=1.0)
    [completion] = complete(b)
    assert completion.text == DEFAULT_COMPLETION and b.meter.retries >= 1


@pytest.mark.parametrize("api", APIS)
def test_missing_key_is_a_user_error_before_any_request(api, server, monkeypatch):
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(UserError, match="API_KEY"):
        backend(api, server)
    assert server.requests == []


@pytest.mark.parametrize("api", APIS)
def test_rejected_key_is_a_user_error(api, server, monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", "wrong")
    monkeypatch.setenv("OPENAI_API_KEY", "wrong")
    with pytest.raises(UserError, match="refused the key"):
        complete(backend(api, server))


@pytest.mark.parametrize("api", APIS)
def test_bad_request_rejects_only_that_request(api, server, api_keys):
    server.push(Reply.error(400, message="prompt is too long"))
    with pytest.raises(RequestRejected):
        complete(backend(api, server))


@pytest.mark.parametrize("api", APIS)
def test_cost_cap_stops_before_overspending(api, server, api_keys):
    # $1 per output token: a request may cost up to max_tokens = $64. The first one costs $28 (its 28
    # tokens); then $28 + $64 could pass the $80 cap, so the second is never sent.
    b = backend(api, server, prices={"gpt-4o": [0, 1e6], "claude-sonnet-4-6": [0, 1e6]}, max_cost_usd=80.0)

    async def go():
        try:
            await b.complete(MESSAGES, 1, max_tokens=64)
            await b.complete(MESSAGES, 1, max_tokens=64)
        finally:
            await b.aclose()

    with pytest.raises(CostCapReached):
        asyncio.run(go())
    assert len(server.requests) == 1 and b.meter.spent_usd == count_tokens(DEFAULT_COMPLETION) <= 80.0


@pytest.mark.parametrize("api", APIS)
def test_cost_cap_needs_a_known_price(api, server, api_keys):
    with pytest.raises(UserError, match="no price known"):
        get_backend(api, base_url=server.url, model="mystery-model", max_cost_usd=1.0)


@pytest.mark.parametrize("api", APIS)
def test_concurrency_limit(api, api_keys):
    lock, state = threading.Lock(), {"now": 0, "peak": 0}

    def slow(request):
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        time.sleep(0.1)
        with lock:
            state["now"] -= 1
        return "ok"

    with FakeLLMServer(handler=slow) as server:
        b = backend(api, server, concurrency=2, native_n=False) if api == "openai" else backend(api, server,
                                                                                                  concurrency=2)
        completions = complete(b, n=6)
    assert len(completions) == 6 and state["peak"] == 2


def test_openai_sends_n_in_one_request(server, api_keys):
    completions = complete(backend("openai", server), n=3)
    assert len(completions) == 3 and len(server.requests) == 1 and server.requests[0].body["n"] == 3


def test_anthropic_sends_one_request_per_completion(server, api_keys):
    complete(backend("anthropic", server), n=3)
    assert len(server.requests) == 3


def test_anthropic_system_prompt_goes_in_the_system_field(server, api_keys):
    complete(backend("anthropic", server))
    request = server.requests[0]
    assert request.system == "You write programs." and [m["role"] for m in request.messages] == ["user"]


def test_unknown_backend_option_is_a_user_error(api_keys):
    with pytest.raises(UserError, match="unknown option"):
        get_backend("openai", temprature=0.5)
