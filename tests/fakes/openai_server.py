"""A fake OpenAI-compatible server on 127.0.0.1, for tests and benchmarks.

Point the real SDK at it and script what it answers::

    with FakeOpenAIServer(api_key="test-key") as fake:
        fake.enqueue(Reply.rate_limited(retry_after_ms=5), Reply.structured({"summary": []}))
        client = openai.OpenAI(api_key="test-key", base_url=fake.base_url, max_retries=2)
        ...
        assert fake.requests[0]["model"] == "gpt-4.1-mini"
        client.close()

What it does:

- `POST /v1/chat/completions` checks the bearer token (401 with an OpenAI-style
  error body when it is wrong; that does not consume a scripted reply), records
  the request, then answers with the next queued `Reply`, or with
  `default(body)` when the queue is empty. Without a `default`, an empty queue
  answers 500 with `x-should-retry: false`, so a missing script fails loudly
  instead of being retried.
- `GET /v1/models` lists `models` (for health checks).
- Every request to a known path is recorded in `records` (`RecordedRequest`:
  method, path, headers, parsed body, arrival time, whether the token was
  right); `requests` is the parsed JSON bodies of the authorized chat requests,
  in arrival order (retries included: one entry per HTTP request).

As a pytest fixture::

    @pytest.fixture
    def fake_openai() -> Iterator[FakeOpenAIServer]:
        with FakeOpenAIServer() as server:
            yield server

Replies are built with `Reply.structured`, `Reply.content`, `Reply.refusal`,
`Reply.length`, `Reply.content_filter`, `Reply.rate_limited`, `Reply.server_error`,
`Reply.error` and `Reply.raw_body`; each takes `delay=` seconds to wait before answering (for
timeouts and concurrency tests). The server is threaded, so delayed replies
overlap. `close()` (or leaving the `with` block) cuts waits short, closes open
keep-alive connections and joins every handler thread: nothing leaks.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

from pydantic import BaseModel

__all__ = ["FakeOpenAIServer", "RecordedRequest", "Reply"]

DEFAULT_API_KEY = "test-key"


@dataclass(frozen=True)
class Reply:
    """One scripted HTTP answer. `body` is sent as JSON; `completion` is filled in per request."""

    status: int = 200
    body: Mapping[str, Any] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    raw: bytes | None = None
    completion: Mapping[str, Any] | None = None
    chunk_chars: int = 64
    chunk_delay: float = 0.0
    model: str | None = None
    """The model the answer names (servers often answer with a longer or different name)."""
    """For a streamed answer: how much text per chunk, and the pause between chunks."""

    # --- successful completions ------------------------------------------------
    @classmethod
    def structured(cls, data: Any, *, delay: float = 0.0) -> Reply:
        """A completion whose content is `data` (a dict or pydantic model) as JSON."""
        if isinstance(data, BaseModel):
            data = data.model_dump(mode="json")
        return cls.content(json.dumps(data, ensure_ascii=False), delay=delay)

    @classmethod
    def content(cls, text: str | None, *, finish_reason: str = "stop", delay: float = 0.0) -> Reply:
        """A completion with exactly this content (use it for malformed JSON)."""
        message = {"role": "assistant", "content": text, "refusal": None}
        return cls(completion={"message": message, "finish_reason": finish_reason}, delay=delay)

    @classmethod
    def refusal(cls, text: str = "I can't help with that.", *, delay: float = 0.0) -> Reply:
        message = {"role": "assistant", "content": None, "refusal": text}
        return cls(completion={"message": message, "finish_reason": "stop"}, delay=delay)

    @classmethod
    def length(cls, partial: str = '{"summary": [{"text": "The co', *, delay: float = 0.0) -> Reply:
        """A reply cut off by the output-token limit."""
        return cls.content(partial, finish_reason="length", delay=delay)

    @classmethod
    def content_filter(cls, *, delay: float = 0.0) -> Reply:
        return cls.content(None, finish_reason="content_filter", delay=delay)

    # --- errors ----------------------------------------------------------------
    @classmethod
    def error(
        cls,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
        delay: float = 0.0,
    ) -> Reply:
        """An OpenAI-style error body: {"error": {"message", "type", "param", "code"}}."""
        body = {"error": {"message": message, "type": type, "param": None, "code": code}}
        return cls(status=status, body=body, headers=dict(headers or {}), delay=delay)

    @classmethod
    def rate_limited(cls, *, retry_after_ms: int = 10, delay: float = 0.0) -> Reply:
        """429 with `retry-after-ms` (the SDK prefers it) and a rounded-up `retry-after`."""
        headers = {
            "retry-after-ms": str(retry_after_ms),
            "retry-after": str(max(1, -(-retry_after_ms // 1000))),
        }
        return cls.error(
            429, "Rate limit reached.", type="requests", code="rate_limit_exceeded",
            headers=headers, delay=delay,
        )  # fmt: skip

    @classmethod
    def server_error(
        cls, status: int = 500, *, retry_after_ms: int | None = None, delay: float = 0.0
    ) -> Reply:
        """A 5xx; `retry_after_ms` makes the SDK's retry quick instead of its ~0.5 s backoff."""
        headers = {} if retry_after_ms is None else {"retry-after-ms": str(retry_after_ms)}
        return cls.error(
            status, "The server had an error.", type="server_error", headers=headers, delay=delay
        )

    @classmethod
    def looping(
        cls,
        start: str = '{"summary": [{"text": "The council',
        *,
        unit: str = " and the council",
        repeats: int = 5000,
        chunk_delay: float = 0.002,
    ) -> Reply:
        """A model stuck repeating itself until its token limit: a long answer, streamed slowly
        when the client streams (so a client that stops reading is seen to disconnect)."""
        return replace(
            cls.content(start + unit * repeats, finish_reason="length"),
            chunk_chars=32,
            chunk_delay=chunk_delay,
        )

    @classmethod
    def keepalive_only(cls, *, every: float = 0.2) -> Reply:
        """A stream that sends only SSE comments (": keepalive"), never a chunk, as some
        proxies do while a model thinks: it resets a client's read time-out forever."""
        return replace(cls.content(""), chunk_chars=0, chunk_delay=every)

    @classmethod
    def raw_body(cls, data: bytes, *, status: int = 200, delay: float = 0.0) -> Reply:
        """Exactly these bytes as the HTTP body (a server answering garbage)."""
        return cls(status=status, raw=data, delay=delay)


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: Mapping[str, str]
    body: Any
    received_at: float
    authorized: bool


Responder = Callable[[Any], Reply]


class FakeOpenAIServer:
    """An OpenAI-compatible HTTP server in a background thread. Use it as a context manager."""

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        default: Responder | None = None,
        models: tuple[str, ...] = ("gpt-4.1-mini",),
    ) -> None:
        self.api_key = api_key
        self.default = default
        self.models = models
        self.records: list[RecordedRequest] = []
        self.rejects: dict[str, tuple[int, str]] = {}
        """Modes this server refuses, like a real one: "json_schema", "json_object", "tools"
        or "stream" -> (HTTP status, error message)."""
        self.disconnects = 0
        """Streamed answers the client stopped reading before the end."""
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._open: set[socket.socket] = set()
        self._ids = itertools.count(1)
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.fake = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._started = False

    # --- lifecycle -----------------------------------------------------------
    def start(self) -> Self:
        if not self._started:
            self._thread.start()
            self._started = True
        return self

    def close(self) -> None:
        self._stopping.set()
        if self._started:
            self._httpd.shutdown()
            self._thread.join()
        with self._lock:
            for conn in self._open:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()  # joins handler threads

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- scripting and inspection -----------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def base_url(self) -> str:
        """What to pass as the SDK's `base_url`."""
        return self.url + "/v1"

    def enqueue(self, *replies: Reply) -> None:
        """Answer the next chat requests with these replies, in order."""
        with self._lock:
            self._queue.extend(replies)

    @property
    def pending(self) -> int:
        """Scripted replies not used yet."""
        with self._lock:
            return len(self._queue)

    @property
    def requests(self) -> list[Any]:
        """Parsed JSON bodies of the authorized chat requests, in arrival order."""
        with self._lock:
            return [
                r.body for r in self.records if r.authorized and r.path.endswith("/completions")
            ]

    # --- used by the handler ------------------------------------------------------
    def _record(self, record: RecordedRequest) -> None:
        with self._lock:
            self.records.append(record)

    def _next_reply(self, body: Any) -> Reply:
        with self._lock:
            reply = self._queue.popleft() if self._queue else None
        if reply is not None:
            return reply
        if self.default is not None:
            return self.default(body)
        return Reply.error(
            500,
            "fake OpenAI server: no scripted reply",
            type="server_error",
            headers={"x-should-retry": "false"},
        )

    def _refusal(self, body: Any) -> tuple[int, str] | None:
        """The error a real server gives for a mode it does not take, if this one refuses it."""
        kind = (body.get("response_format") or {}).get("type")
        if kind in self.rejects:
            return self.rejects[kind]
        if body.get("tools") and "tools" in self.rejects:
            return self.rejects["tools"]
        if body.get("stream") and "stream" in self.rejects:
            return self.rejects["stream"]
        return None

    def _completion(self, reply: Reply, body: Any) -> dict[str, Any]:
        assert reply.completion is not None
        message = dict(reply.completion["message"])
        if body.get("tools") and body.get("tool_choice") and message.get("content"):
            # A server that honours a forced tool call answers in it, not in the content.
            name = body["tool_choice"]["function"]["name"]
            message["tool_calls"] = [
                {
                    "id": "call_fake",
                    "type": "function",
                    "function": {"name": name, "arguments": message["content"]},
                }
            ]
            message["content"] = None
        prompt_chars = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
        completion_chars = len(message.get("content") or message.get("refusal") or "")
        usage = {
            "prompt_tokens": prompt_chars // 4,
            "completion_tokens": completion_chars // 4,
            "total_tokens": (prompt_chars + completion_chars) // 4,
        }
        return {
            "id": f"chatcmpl-fake-{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": reply.model or body.get("model", "unknown"),
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "finish_reason": reply.completion["finish_reason"],
                    "logprobs": None,
                }
            ],
            "usage": usage,
        }


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # bursts of concurrent clients must not be dropped
    # Non-daemon handler threads are the ones `server_close` joins; `close()`
    # unblocks them first (stop event, socket shutdown).
    daemon_threads = False
    block_on_close = True
    fake: FakeOpenAIServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # an idle keep-alive connection never holds a thread longer than this
    server: _Server

    def setup(self) -> None:
        super().setup()
        fake = self.server.fake
        with fake._lock:
            fake._open.add(self.request)
        if fake._stopping.is_set():  # accepted while closing
            with contextlib.suppress(OSError):
                self.request.shutdown(socket.SHUT_RDWR)

    def finish(self) -> None:
        with self.server.fake._lock:
            self.server.fake._open.discard(self.request)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        return

    def do_GET(self) -> None:
        fake = self.server.fake
        if self.path.rstrip("/") != "/v1/models":
            self._send_json(
                404, {"error": {"message": "not found", "type": "invalid_request_error"}}
            )
            return
        if not self._authorized(body=None):
            return
        data = [{"id": m, "object": "model", "created": 0, "owned_by": "fake"} for m in fake.models]
        self._send_json(200, {"object": "list", "data": data})

    def do_POST(self) -> None:
        fake = self.server.fake
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length)
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send_json(
                404, {"error": {"message": "not found", "type": "invalid_request_error"}}
            )
            return
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        if not self._authorized(body=body):
            return
        if not isinstance(body, dict):
            self._send_json(400, {"error": {"message": "body is not a JSON object"}})
            return
        refused = fake._refusal(body)
        if refused is not None:
            status, message = refused
            error = {"message": message, "type": "server_error", "param": None, "code": None}
            self._send_json(status, {"error": error}, {"x-should-retry": "false"})
            return
        reply = fake._next_reply(body)
        if reply.delay and fake._stopping.wait(reply.delay):
            return  # closing: drop the reply
        if reply.completion is not None and body.get("stream"):
            self._stream(reply, fake._completion(reply, body))
        elif reply.completion is not None:
            self._send_json(reply.status, fake._completion(reply, body), reply.headers)
        elif reply.raw is not None:
            self._send(reply.status, reply.raw, "application/json", reply.headers)
        else:
            self._send_json(reply.status, dict(reply.body or {}), reply.headers)

    def _stream(self, reply: Reply, completion: dict[str, Any]) -> None:
        """The completion as server-sent events, `chunk_chars` of text at a time."""
        fake = self.server.fake
        choice = completion["choices"][0]
        message = choice["message"]
        calls = message.get("tool_calls")
        text = calls[0]["function"]["arguments"] if calls else (message.get("content") or "")
        base = {k: completion[k] for k in ("id", "object", "created", "model")}
        base["object"] = "chat.completion.chunk"

        def event(delta: dict[str, Any], finish: str | None = None, **more: Any) -> bytes:
            chunk = {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            chunk.update(more)
            return b"data: " + json.dumps(chunk).encode() + b"\n\n"

        try:
            self.send_response(reply.status)
            self.send_header("content-type", "text/event-stream")
            self.send_header("connection", "close")
            self.end_headers()
            self.close_connection = True
            if message.get("refusal"):
                self.wfile.write(event({"role": "assistant", "refusal": message["refusal"]}))
            while reply.chunk_chars == 0:  # comments only, until the client hangs up
                self.wfile.write(b": keepalive\n\n")
                self.wfile.flush()
                if fake._stopping.wait(reply.chunk_delay):
                    return
            for at in range(0, len(text), reply.chunk_chars):
                piece = text[at : at + reply.chunk_chars]
                if calls:
                    delta: dict[str, Any] = {
                        "tool_calls": [
                            {
                                "index": 0,
                                "id": "call_fake",
                                "type": "function",
                                "function": {
                                    "name": calls[0]["function"]["name"],
                                    "arguments": piece,
                                },
                            }
                        ]
                    }
                else:
                    delta = {"content": piece}
                self.wfile.write(event(delta))
                self.wfile.flush()
                if reply.chunk_delay and fake._stopping.wait(reply.chunk_delay):
                    return
            self.wfile.write(event({}, choice["finish_reason"], usage=completion["usage"]))
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except OSError:  # the client stopped reading and closed the connection
            with fake._lock:
                fake.disconnects += 1
            self.close_connection = True

    def _authorized(self, *, body: Any) -> bool:
        fake = self.server.fake
        ok = self.headers.get("authorization") == f"Bearer {fake.api_key}"
        fake._record(
            RecordedRequest(
                method=self.command,
                path=self.path,
                headers=dict(self.headers.items()),
                body=body,
                received_at=time.monotonic(),
                authorized=ok,
            )
        )
        if not ok:
            error = {
                "message": "Incorrect API key provided.",
                "type": "invalid_request_error",
                "param": None,
                "code": "invalid_api_key",
            }
            self._send_json(401, {"error": error})
        return ok

    def _send_json(
        self, status: int, payload: Any, headers: Mapping[str, str] | None = None
    ) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json", headers or {})

    def _send(self, status: int, data: bytes, ctype: str, headers: Mapping[str, str]) -> None:
        try:
            self.send_response(status)
            self.send_header("content-type", ctype)
            self.send_header("content-length", str(len(data)))
            self.send_header("x-request-id", f"req_fake_{next(self.server.fake._ids)}")
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up (timeout) or the server is closing
            self.close_connection = True
