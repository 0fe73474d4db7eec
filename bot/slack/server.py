"""The web process's ASGI app: Bolt on /slack/events, and GET /healthz.

Run by uvicorn (`python -m bot serve`), not Bolt's development server.
/healthz answers 200 when Redis (the queue and the idempotency store) answers,
503 otherwise, so a load balancer stops sending requests Brief could not queue.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import redis
from slack_bolt.adapter.asgi.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp

from bot.slack.offload import Offload

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

EVENTS_PATH = "/slack/events"


class BriefASGI:
    """Routes /healthz itself and hands everything else to Bolt's ASGI handler."""

    def __init__(self, app: AsyncApp, redis_client: redis.Redis, offload: Offload) -> None:
        self._bolt = AsyncSlackRequestHandler(app, path=EVENTS_PATH)
        self._redis = redis_client
        self._offload = offload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/healthz" and scope["method"] == "GET":
            await self._health(send)
            return
        await self._bolt(scope, receive, send)  # type: ignore[arg-type]

    async def _health(self, send: Send) -> None:
        try:
            redis_ok = bool(await self._offload.run(lambda _: self._redis.ping()))
        except (redis.RedisError, OSError, TimeoutError) as exc:
            log.warning("health check: redis unreachable: %s", exc)
            redis_ok = False
        status = 200 if redis_ok else 503
        body = json.dumps({"ok": redis_ok, "redis": "ok" if redis_ok else "unreachable"}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
