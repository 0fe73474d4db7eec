"""The web process's ASGI app: Bolt on /slack/events, GET /healthz, /readyz and /metrics.

Run by uvicorn (`python -m bot serve`), not Bolt's development server.
/healthz answers 200 when Redis (the queue and the idempotency store) answers,
503 otherwise, so a load balancer stops sending requests Brief could not queue.
/readyz also needs a live worker (a heartbeat in the last 15 s): queued jobs would
otherwise wait unseen.

Before Bolt sees a request, the signature is checked here, on a body read with a
size cap (`MAX_BODY_BYTES`, refused from `Content-Length` before anything is
read): an unsigned, stale or malformed request (binary body, a non-numeric
timestamp, no headers) is answered 401 at once, costs no more than its capped
body, and is never logged with its body. Bolt checks the signature again.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import redis
from prometheus_client import CONTENT_TYPE_LATEST
from slack_bolt.adapter.asgi.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier

from bot.metrics import Metrics, ack_note
from bot.queue import live_workers, persistence
from bot.slack.offload import Offload

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

EVENTS_PATH = "/slack/events"
MAX_BODY_BYTES = 1_000_000
"""Slack's largest payloads (interactive views) are well under this."""
BODY_TIMEOUT_SECONDS = 10.0
"""A body that takes longer than this to arrive is not from Slack (408)."""


class BriefASGI:
    """Answers /healthz and /readyz itself; checks the signature of everything else before
    handing it to Bolt's ASGI handler."""

    def __init__(
        self,
        app: AsyncApp,
        redis_client: redis.Redis,
        offload: Offload,
        *,
        verifier: SignatureVerifier | None,
        metrics: Metrics | None = None,
        queue_redis: redis.Redis | None = None,
        metrics_token: str | None = None,
    ) -> None:
        self._metrics = metrics
        self._metrics_token = metrics_token
        # Scrapes get a pool of their own: a flood of them never delays an ack's Redis work.
        self._scrapes = Offload(threads=2)
        self._queue = queue_redis or redis_client
        self._bolt = AsyncSlackRequestHandler(app, path=EVENTS_PATH)
        self._redis = redis_client
        self._offload = offload
        self._verifier = verifier

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            if scope["path"] == "/healthz":
                await self._health(send, ready=False)
                return
            if scope["path"] == "/readyz":
                await self._health(send, ready=True)
                return
            if scope["path"] == "/metrics" and self._metrics is not None:
                if not self._may_scrape(scope):
                    await _plain(send, 403, b"forbidden")
                    return
                await self._metrics_page(send, self._metrics)
                return
        started = time.perf_counter()
        with ack_note() as note:
            if scope["type"] == "http" and self._verifier is not None:
                body = await self._signed_body(scope, receive, send)
                if body is None:
                    return
                receive = _replay(body)
            try:
                await self._bolt(scope, receive, send)  # type: ignore[arg-type]
            finally:
                # Signature check, Bolt and the listener, to the response sent: the ack.
                if self._metrics is not None and note.kind and note.outcome:
                    self._metrics.acked(note.kind, note.outcome, time.perf_counter() - started)

    async def _signed_body(self, scope: Scope, receive: Receive, send: Send) -> bytes | None:
        """The request body if it is signed; None once a 401/413 has been sent."""
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        declared = headers.get("content-length", "0")
        if not declared.isdigit() or int(declared) > MAX_BODY_BYTES:
            await _plain(send, 413, b"request too large")
            return None
        try:
            async with asyncio.timeout(BODY_TIMEOUT_SECONDS):
                body = await _read_capped(receive)
        except TimeoutError:
            await _plain(send, 408, b"request body too slow")
            return None
        if body is None:
            await _plain(send, 413, b"request too large")
            return None
        verifier = self._verifier
        if verifier is None:
            return body
        try:
            valid = verifier.is_valid(
                body=body,
                timestamp=headers.get("x-slack-request-timestamp"),
                signature=headers.get("x-slack-signature"),
            )
        except (ValueError, TypeError, UnicodeError):  # "abc" as a timestamp, and the like
            valid = False
        if not valid:
            log.info("refused an unsigned or stale request to %s", scope.get("path"))
            await _plain(send, 401, b"invalid request")
            return None
        return body

    def close(self) -> None:
        self._scrapes.close()

    def _may_scrape(self, scope: Scope) -> bool:
        """With METRICS_TOKEN, its bearer only; without, only from this machine (loopback:
        behind a router or load balancer every caller looks private, so that is no test)."""
        if self._metrics_token:
            headers = {
                k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]
            }
            given = headers.get("authorization", "").removeprefix("Bearer ").strip()
            return hmac.compare_digest(given.encode(), self._metrics_token.encode())
        client = scope.get("client") or ("", 0)
        try:
            address = ipaddress.ip_address(str(client[0]))
        except ValueError:
            return False
        return address.is_loopback

    async def _metrics_page(self, send: Send, metrics: Metrics) -> None:
        """Prometheus's text format; rendered off the event loop (the queue's depth is read
        from Redis), and without it if Redis stalls."""
        try:
            body = await self._scrapes.run(lambda _: metrics.render())
        except TimeoutError:
            await _plain(send, 503, b"metrics unavailable: redis did not answer in time")
            return
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", CONTENT_TYPE_LATEST.encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def _health(self, send: Send, *, ready: bool) -> None:
        """/healthz: Redis answers (the web process can queue). /readyz: and a worker is
        alive to run what is queued."""
        workers, stored = 0, "unknown"
        try:
            redis_ok, workers, stored = await self._offload.run(lambda _: self._read(ready=ready))
        except (redis.RedisError, OSError, TimeoutError) as exc:
            log.warning("health check: redis unreachable: %s", type(exc).__name__)
            redis_ok = False
        ok = redis_ok and (not ready or bool(workers))
        report: dict[str, object] = {"ok": ok, "redis": "ok" if redis_ok else "unreachable"}
        if ready:
            report["workers"] = workers
            report["persistence"] = stored  # "off": a Redis restart would lose queued jobs
        body = json.dumps(report).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200 if ok else 503,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    def _read(self, *, ready: bool) -> tuple[bool, int, str]:
        """Redis answers; with `ready`, also live workers and persistence (one thread hop)."""
        if not self._redis.ping() or (self._queue is not self._redis and not self._queue.ping()):
            return False, 0, "unknown"
        if not ready:
            return True, 0, "unknown"
        return True, live_workers(self._queue), persistence(self._queue)


async def _read_capped(receive: Receive) -> bytes | None:
    """The whole body, or None past `MAX_BODY_BYTES` (or when the client goes away)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    """A `receive` that hands Bolt the body already read."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


async def _plain(send: Send, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})
