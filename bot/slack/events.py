"""Events and the app's last resort: de-duplicating redeliveries, logging what escaped.

Slack redelivers an event it thinks was lost (same `event_id`, `X-Slack-Retry-Num`): only
the first delivery reaches a listener. Thread Q&A's `app_mention` listener will live here.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import redis
from slack_bolt.response import BoltResponse

from bot.slack.offload import Offload
from bot.store.posts import first_delivery

log = logging.getLogger(__name__)


@dataclass
class Events:
    """The events' middleware and listeners, with the clients they need passed in."""

    redis: redis.Redis
    offload: Offload

    async def drop_duplicate_events(
        self,
        body: dict[str, Any],
        next: Callable[[], Awaitable[None]],
    ) -> BoltResponse | None:
        """Events API retries carry the same event_id: run listeners for the first only."""
        event_id = body.get("event_id")
        if body.get("type") == "event_callback" and event_id:
            try:
                first = await self.offload.run(
                    lambda _: first_delivery(self.redis, "event", str(event_id))
                )
            except (redis.RedisError, TimeoutError) as exc:
                log.error("event de-duplication unavailable (%s); processing anyway", exc)
                first = True
            if not first:
                log.info("duplicate event %s ignored", event_id)
                return BoltResponse(status=200, body="")
        await next()
        return None

    async def on_error(self, error: Exception, body: dict[str, Any]) -> None:
        """Bolt's last resort: log it; Slack gets Bolt's generic answer, never the exception."""
        log.error("unhandled error in a listener: %r (type %s)", error, body.get("type"))
