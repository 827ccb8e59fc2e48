"""The loopback server's own contract (its users: these tests, and the harness's program-solver tests)."""

import json
import urllib.error
import urllib.request

import pytest

from sampler.fake_server import DEFAULT_COMPLETION, FakeLLMServer, Reply


def post(url, body, key="k"):
    request = urllib.request.Request(url, json.dumps(body).encode(), {"content-type": "application/json",
                                                                     "authorization": f"Bearer {key}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())


def test_scripted_replies_are_consumed_in_order_then_the_handler_answers():
    with FakeLLMServer(handler=lambda request: "from handler") as server:
        server.push(Reply.ok("first"), Reply.ok("second"))
        url = server.openai_base_url + "/chat/completions"
        texts = [post(url, {"messages": []})[1]["choices"][0]["message"]["content"] for _ in range(3)]
    assert texts == ["first", "second", "from handler"]


def test_errors_carry_status_and_retry_after():
    with FakeLLMServer() as server:
        server.push(Reply.error(429, retry_after=2))
        with pytest.raises(urllib.error.HTTPError) as caught:
            post(server.anthropic_base_url + "/v1/messages", {"messages": []})
    assert caught.value.code == 429 and caught.value.headers["retry-after"] == "2"


def test_openai_n_gives_n_choices_and_anthropic_one_text_block():
    with FakeLLMServer() as server:
        _, openai_body = post(server.openai_base_url + "/chat/completions", {"messages": [], "n": 3})
        _, anthropic_body = post(server.anthropic_base_url + "/v1/messages", {"messages": []})
    assert len(openai_body["choices"]) == 3 and anthropic_body["content"] == [{"type": "text",
                                                                               "text": DEFAULT_COMPLETION}]


def test_wrong_key_gets_401_and_every_request_is_recorded():
    with FakeLLMServer(api_key="right") as server:
        with pytest.raises(urllib.error.HTTPError) as caught:
            post(server.openai_base_url + "/chat/completions", {"messages": []}, key="wrong")
    assert caught.value.code == 401 and len(server.requests) == 1 and server.requests[0].api == "openai"


def test_unknown_route_is_404():
    with FakeLLMServer() as server:
        with pytest.raises(urllib.error.HTTPError) as caught:
            post(server.url + "/v2/other", {})
    assert caught.value.code == 404
