"""A scriptable loopback HTTP server that speaks the OpenAI and Anthropic chat wire formats.

Tests point the real `openai` / `anthropic` SDKs at it (no patching, no network): the SDKs build real
HTTP requests, the server answers with real JSON bodies, status codes and headers.

    from sampler.fake_server import FakeLLMServer, Reply

    with FakeLLMServer() as server:                 # 127.0.0.1, a free port, a daemon thread
        server.push(Reply.error(429, retry_after=0.01), Reply.error(500), Reply.ok("<think>…"))
        client = openai.OpenAI(base_url=server.openai_base_url, api_key="sk-test")
        ...                                         # or anthropic.Anthropic(base_url=server.anthropic_base_url)
        server.requests                             # every request received, failed ones included

Endpoints: `POST /v1/chat/completions` (OpenAI; honours `n`) and `POST /v1/messages` (Anthropic).
Scripted replies (`push`) are consumed first, one per HTTP request, in order; when the queue is empty
the `handler` answers (a function `FakeRequest -> str`, called once per choice). The default handler
returns a short think block and a program that returns its input unchanged. Token usage is reported as
one token per four characters (rounded up), so costs computed from it are predictable.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DEFAULT_PROGRAM = "from arc_dsl import *\n\n\ndef solve(I):\n    return I\n"
DEFAULT_COMPLETION = f"<think>The output looks like the input.</think>\n```python\n{DEFAULT_PROGRAM}```"


@dataclass(frozen=True)
class Reply:
    """One scripted answer: a completion text, or an HTTP error, optionally after a delay."""

    status: int = 200
    text: str | None = None
    retry_after: float | None = None
    delay_s: float = 0.0
    message: str = ""

    @classmethod
    def ok(cls, text: str, *, delay_s: float = 0.0) -> Reply:
        return cls(200, text=text, delay_s=delay_s)

    @classmethod
    def error(cls, status: int, *, retry_after: float | None = None, message: str = "") -> Reply:
        """An error response; `retry_after` (seconds) adds a Retry-After header."""
        return cls(status, retry_after=retry_after, message=message or f"scripted error {status}")

    @classmethod
    def hang(cls, seconds: float) -> Reply:
        """Answer the default completion only after `seconds` (for client timeouts)."""
        return cls(200, delay_s=seconds)


@dataclass
class FakeRequest:
    """What the server received: which API, path, headers (lower-case names) and the JSON body."""

    api: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    @property
    def system(self) -> str:
        """The system prompt, wherever the API puts it (Anthropic: top-level `system`)."""
        if self.api == "anthropic":
            system = self.body.get("system", "")
            if isinstance(system, list):
                return "".join(block.get("text", "") for block in system)
            return system
        return "".join(_text_of(m) for m in self.messages if m.get("role") == "system")

    @property
    def last_user_text(self) -> str:
        users = [m for m in self.messages if m.get("role") == "user"]
        return _text_of(users[-1]) if users else ""

    @property
    def n(self) -> int:
        return int(self.body.get("n", 1) or 1) if self.api == "openai" else 1


def default_handler(request: FakeRequest) -> str:
    return DEFAULT_COMPLETION


def count_tokens(text: str) -> int:
    """The fake usage: one token per four characters, rounded up."""
    return (len(text) + 3) // 4


@dataclass
class FakeLLMServer:
    """The loopback server; use as a context manager or call `start()` / `stop()`."""

    handler: Callable[[FakeRequest], str] = default_handler
    api_key: str | None = None  # when set, requests with another key get 401
    requests: list[FakeRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- scripting -------------------------------------------------------------------------------
    def push(self, *replies: Reply) -> None:
        """Queue scripted replies; each HTTP request consumes the next one."""
        with self._lock:
            self._queue.extend(replies)

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def _next_reply(self) -> Reply | None:
        with self._lock:
            return self._queue.popleft() if self._queue else None

    # -- lifecycle -------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("server not started")
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def openai_base_url(self) -> str:
        return f"{self.url}/v1"

    @property
    def anthropic_base_url(self) -> str:
        return self.url

    def start(self) -> FakeLLMServer:
        server = self

        class Handler(_Handler):
            owner = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-llm", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    owner: FakeLLMServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        path = self.path.split("?", 1)[0].rstrip("/")
        api = {"/v1/chat/completions": "openai", "/v1/messages": "anthropic"}.get(path)
        length = int(self.headers.get("content-length", 0) or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = {}
        request = FakeRequest(api or "unknown", path, {k.lower(): v for k, v in self.headers.items()}, body)
        owner = self.owner
        with owner._lock:
            owner.requests.append(request)
        if api is None:
            return self._send_error(api or "openai", 404, f"no route {path}")
        if owner.api_key is not None and _request_key(request) != owner.api_key:
            return self._send_error(api, 401, "invalid api key")
        reply = owner._next_reply() or Reply()
        if reply.delay_s:
            time.sleep(reply.delay_s)
        if reply.status != 200:
            return self._send_error(api, reply.status, reply.message, reply.retry_after)
        if reply.text is not None:
            texts = [reply.text] * request.n
        else:
            texts = [owner.handler(request) for _ in range(request.n)]
        prompt_tokens = count_tokens(request.system + "".join(_text_of(m) for m in request.messages))
        if api == "openai":
            payload = _openai_body(body.get("model", ""), texts, prompt_tokens)
        else:
            payload = _anthropic_body(body.get("model", ""), texts[0], prompt_tokens)
        self._send_json(200, payload)

    def _send_error(self, api: str, status: int, message: str, retry_after: float | None = None) -> None:
        kind = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
                429: "rate_limit_error", 529: "overloaded_error"}.get(status, "api_error")
        if api == "anthropic":
            payload: dict[str, Any] = {"type": "error", "error": {"type": kind, "message": message}}
        else:
            payload = {"error": {"message": message, "type": kind, "code": str(status)}}
        headers = {"retry-after": f"{retry_after:g}"} if retry_after is not None else {}
        self._send_json(status, payload, headers)

    def _send_json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def _request_key(request: FakeRequest) -> str | None:
    # Anthropic's SDK has sent the key as `x-api-key` and, in newer versions, as a bearer token.
    if "x-api-key" in request.headers:
        return request.headers["x-api-key"]
    auth = request.headers.get("authorization", "")
    return auth.removeprefix("Bearer ") if auth else None


def _text_of(message: dict[str, Any]) -> str:
    content = message.get("content", "")
    if isinstance(content, list):
        return "".join(block.get("text", "") for block in content if isinstance(block, dict))
    return str(content)


def _openai_body(model: str, texts: list[str], prompt_tokens: int) -> dict[str, Any]:
    completion_tokens = sum(count_tokens(t) for t in texts)
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [
            {"index": i, "message": {"role": "assistant", "content": text}, "finish_reason": "stop",
             "logprobs": None}
            for i, text in enumerate(texts)
        ],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


def _anthropic_body(model: str, text: str, prompt_tokens: int) -> dict[str, Any]:
    return {
        "id": "msg_fake", "type": "message", "role": "assistant", "model": model,
        "content": [{"type": "text", "text": text}], "stop_reason": "end_turn", "stop_sequence": None,
        "usage": {"input_tokens": prompt_tokens, "output_tokens": count_tokens(text)},
    }
