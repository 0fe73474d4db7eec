"""A fake Slack Web API on loopback, for tests and benchmarks.

`FakeSlack` serves a stdlib `ThreadingHTTPServer` on 127.0.0.1 (a free port) from a
daemon thread. The real clients are pointed at it and nothing else changes:

    with FakeSlack() as slack:
        client = WebClient(token=slack.token, base_url=slack.api_url)
        client.chat_postMessage(channel="C1", text="hi")
        assert slack.messages("C1")[0]["text"] == "hi"

It answers as Slack does: HTTP 200 with `{"ok": false, "error": ...}` for API
errors, 429 with `Retry-After` for rate limits, Block Kit limits on every message.
Methods: auth.test, chat.postMessage (with message metadata), chat.postEphemeral,
chat.update, chat.delete, chat.getPermalink, chat.startStream / appendStream / stopStream
(a stream expires after `stream_expires_after` appends; `streaming = False` answers
`unknown_method`), conversations.info, conversations.history, conversations.replies,
reactions.add; anything else is `unknown_method`. Every request is recorded as a `Call`, answered or not.

How the pieces fit: `_Handler` parses HTTP -> `FakeSlack` waits out `delays`,
pops scripted faults (`fail_next`, `rate_limit_next`, `server_error_next`,
`answer_late_next`: do the work, then answer late; `accept_then_fail_next`: do the
work, then answer 5xx), records the call -> `slack_workspace.Workspace.handle` checks the token and runs the method
-> `slack_blocks` checks Block Kit limits.

response_url: `new_response_url()` hands out `<base_url>/response/<id>`, which takes
the JSON Bolt's `respond()` posts. Slack allows 5 uses within 30 minutes; what it
answers past that is undocumented, so the fake's choice is: HTTP 404
`{"ok": false, "error": "used_url"}` (`expired_url` after `expire_response_url` or
the TTL, `no_service` for an unknown id), 400 `invalid_payload` / `no_text` /
`invalid_blocks` for a bad body, 200 `{"ok": true}` on success. Only accepted posts
count as uses. `fail_next("response_url", error)` answers 404 with that error.

Bodies: JSON and form-encoded are understood; multipart gets `invalid_form_data`
(WebClient sends it only for `api_call(data=...)` and file uploads).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.fakes.slack_workspace import Json, Reply, SlackError, Workspace, validate_message

API_PREFIX = "/api/"
RESPONSE_PREFIX = "/response/"
RESPONSE_URL = "response_url"  # the method name response_url posts are recorded under


@dataclass(frozen=True)
class Call:
    """One request as it arrived, and how it was answered (`status`, `response`)."""

    method: str
    params: Json
    headers: dict[str, str]
    time: float
    status: int = 200
    response: Any = None
    response_id: str | None = None

    @property
    def ok(self) -> bool:
        return isinstance(self.response, dict) and self.response.get("ok") is True


@dataclass
class _ResponseUrl:
    created: float
    uses: int = 0
    expired: bool = False


class FakeSlack(Workspace):
    """The fake Slack: a workspace behind a loopback HTTP server that records every call.

    `delays` maps a method name (or "response_url") to seconds to wait before
    answering; a stop wakes waiting handlers so tests never hang on a delay.
    """

    def __init__(
        self,
        *,
        token: str = "xoxb-fake-brief-token",
        workspace: str = "fake-newsroom",
        max_blocks_text: int | None = 12_000,
        response_url_uses: int = 5,
        response_url_ttl: float = 30 * 60,
    ) -> None:
        super().__init__(token=token, workspace=workspace, max_blocks_text=max_blocks_text)
        self.response_url_uses = response_url_uses
        self.response_url_ttl = response_url_ttl
        self.delays: dict[str, float] = {}
        self._calls: list[Call] = []
        self._faults: dict[str, deque[Reply]] = defaultdict(deque)
        self._after: dict[str, deque[tuple[float, int | None]]] = defaultdict(deque)
        self._response_urls: dict[str, _ResponseUrl] = {}
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------

    def start(self) -> FakeSlack:
        if self._server is None:
            self._stopping.clear()
            self._server = _Server(self)
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="fake-slack",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake delayed handlers, close the socket, join every thread."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()  # joins the handler threads too (block_on_close)
        thread.join()
        self._server = self._thread = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        """For `WebClient(base_url=...)`, which urljoins it with the method name."""
        return self.base_url + API_PREFIX

    # --- inspection ------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def responses(self, url_or_id: str) -> list[Json]:
        """Bodies one response_url accepted, in order."""
        response_id = url_or_id.rsplit("/", 1)[-1]
        calls = self.calls_to(RESPONSE_URL)
        return [call.params for call in calls if call.response_id == response_id and call.ok]

    # --- scripting -------------------------------------------------------------

    def fail_next(self, method: str, error: str = "not_in_channel", *, times: int = 1) -> None:
        """The next `times` calls to `method` answer `{"ok": false, "error": error}`."""
        status = 404 if method == RESPONSE_URL else 200
        self._script(method, Reply(status, {"ok": False, "error": error}), times)

    def rate_limit_next(self, method: str, retry_after: int = 1, *, times: int = 1) -> None:
        """The next `times` calls answer HTTP 429 `ratelimited` with `Retry-After`."""
        headers = {"Retry-After": str(retry_after)}
        self._script(method, Reply(429, {"ok": False, "error": "ratelimited"}, headers), times)

    def server_error_next(self, method: str, status: int = 500, *, times: int = 1) -> None:
        self._script(method, Reply(status, {"ok": False, "error": "internal_error"}), times)

    def answer_late_next(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Do the next call's work (a post is stored), then answer only after `seconds`."""
        with self._lock:
            self._after[method].extend([(seconds, None)] * times)

    def accept_then_fail_next(self, method: str, status: int = 500, *, times: int = 1) -> None:
        """Do the next call's work (a post is stored), then answer HTTP `status` anyway."""
        with self._lock:
            self._after[method].extend([(0.0, status)] * times)

    def new_response_url(self) -> str:
        response_id = uuid.uuid4().hex[:16]
        with self._lock:
            self._response_urls[response_id] = _ResponseUrl(created=time.monotonic())
        return f"{self.base_url}{RESPONSE_PREFIX}{response_id}"

    def expire_response_url(self, url_or_id: str) -> None:
        with self._lock:
            self._response_urls[url_or_id.rsplit("/", 1)[-1]].expired = True

    def _script(self, method: str, reply: Reply, times: int) -> None:
        with self._lock:
            self._faults[method].extend([reply] * times)

    # --- request handling (server threads) ---------------------------------------

    def _api(self, method: str, query: str, raw: bytes, headers: dict[str, str]) -> Reply:
        arrived = time.time()
        self._wait(method)
        params: Json = {}
        try:
            params = _parse_params(query, raw, _content_type(headers))
            reply = self._next_fault(method) or Reply(200, self.handle(method, params, headers))
        except SlackError as error:
            reply = error.reply
        reply = self._after_work(method, reply)
        self._record(Call(method, params, headers, arrived, reply.status, reply.body))
        return reply

    def _respond(self, response_id: str, raw: bytes, headers: dict[str, str]) -> Reply:
        arrived = time.time()
        self._wait(RESPONSE_URL)
        try:
            body: Any = json.loads(raw or b"null")
        except ValueError:
            body = None
        params = body if isinstance(body, dict) else {"_raw": raw.decode("utf-8", "replace")}
        try:
            reply = self._next_fault(RESPONSE_URL) or self._use_response_url(response_id, body)
        except SlackError as error:
            reply = error.reply
        call = Call(RESPONSE_URL, params, headers, arrived, reply.status, reply.body, response_id)
        self._record(call)
        return reply

    def _use_response_url(self, response_id: str, body: Any) -> Reply:
        with self._lock:
            state = self._response_urls.get(response_id)
            if state is None:
                raise SlackError("no_service", status=404)
            if state.expired or time.monotonic() - state.created > self.response_url_ttl:
                raise SlackError("expired_url", status=404)
            if state.uses >= self.response_url_uses:
                raise SlackError("used_url", status=404)
        if not isinstance(body, dict):
            raise SlackError("invalid_payload", status=400)
        if not body.get("delete_original"):
            try:
                validate_message(body, max_blocks_text=None)
            except SlackError as error:
                extra = {k: v for k, v in error.reply.body.items() if k not in {"ok", "error"}}
                raise SlackError(error.error, status=400, **extra) from None
        with self._lock:
            state.uses += 1
        return Reply(200, {"ok": True})

    def _wait(self, method: str) -> None:
        delay = self.delays.get(method, 0.0)
        if delay > 0:
            self._stopping.wait(delay)

    def _after_work(self, method: str, reply: Reply) -> Reply:
        with self._lock:
            queue = self._after.get(method)
            late, status = queue.popleft() if queue else (0.0, None)
        if late > 0:
            self._stopping.wait(late)
        if status is not None:
            return Reply(status, {"ok": False, "error": "internal_error"})
        return reply

    def _next_fault(self, method: str) -> Reply | None:
        with self._lock:
            queue = self._faults.get(method)
            return queue.popleft() if queue else None

    def _record(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # bursts of concurrent clients must not be dropped
    daemon_threads = True  # with block_on_close (the default), server_close() joins them

    def __init__(self, fake: FakeSlack) -> None:
        self.fake = fake
        super().__init__(("127.0.0.1", 0), _Handler)

    def server_bind(self) -> None:
        TCPServer.server_bind(self)  # skips HTTPServer's reverse-DNS lookup of the host
        self.server_name, self.server_port = "127.0.0.1", self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (timed out) is not worth a traceback."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        self._dispatch()

    def do_GET(self) -> None:
        self._dispatch()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the fake records calls instead of logging them."""

    def _dispatch(self) -> None:
        url = urlsplit(self.path)
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = dict(self.headers.items())
        fake = self.server.fake
        if url.path.startswith(API_PREFIX):
            self._send(fake._api(url.path.removeprefix(API_PREFIX), url.query, raw, headers))
        elif url.path.startswith(RESPONSE_PREFIX):
            self._send(fake._respond(url.path.removeprefix(RESPONSE_PREFIX), raw, headers))
        else:
            self._send(Reply(404, {"ok": False, "error": "not_found"}))

    def _send(self, reply: Reply) -> None:
        payload = json.dumps(reply.body).encode("utf-8")
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)


def _content_type(headers: dict[str, str]) -> str:
    value = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    return value.split(";", maxsplit=1)[0].strip().lower()


def _parse_params(query: str, raw: bytes, kind: str) -> Json:
    """The query string plus a JSON or form-encoded body, as Slack reads them."""
    params: Json = dict(parse_qsl(query))
    if raw and kind == "application/json":
        try:
            body = json.loads(raw)
        except ValueError:
            raise SlackError("invalid_json") from None
        if not isinstance(body, dict):
            raise SlackError("json_not_object")
        params.update(body)
    elif raw and kind == "multipart/form-data":
        raise SlackError("invalid_form_data")
    elif raw:
        params.update(parse_qsl(raw.decode("utf-8")))
    return params
