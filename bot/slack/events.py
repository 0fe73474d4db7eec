"""Events and the app's last resort: de-duplicating redeliveries, mentions, what escaped.

Slack redelivers an event it thinks was lost (same `event_id`, `X-Slack-Retry-Num`): only
the first delivery reaches a listener. `app_mention` (thread Q&A) reads the mention, and in
one offloaded Redis step checks the rate limits, takes the question's place in its
thread's order and queues a `MentionJob`; then it acks. Bots' messages (Brief's own
included), edits and deletions are ignored. If the job cannot be queued, the asker is told
in the thread; the work itself (answer, help, or a brief of a link) is the worker's
(`bot.mention_jobs`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import dramatiq.errors
import redis
from dramatiq.brokers.redis import RedisBroker
from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.job_messages import MentionJob
from bot.logs import new_request_id, request_context
from bot.metrics import note_ack
from bot.queue import enqueue
from bot.slack.access import Access
from bot.slack.after_ack import AfterAck
from bot.slack.mention import read_mention
from bot.slack.offload import Offload
from bot.store.limits import RateLimits
from bot.store.posts import first_delivery
from bot.store.thread_order import ThreadOrder

log = logging.getLogger(__name__)


@dataclass
class Events:
    """The events' middleware and listeners, with the clients they need passed in."""

    redis: redis.Redis
    offload: Offload
    broker: RedisBroker
    limits: RateLimits
    access: Access = field(default_factory=Access)
    _later: AfterAck = field(default_factory=AfterAck)
    """Replies sent after the ack."""

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

    async def app_mention(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        """A mention: queue the job that answers it, then ack (bots, edits: ack only)."""
        await ack()
        note_ack("mention", await self._mention(body, context, client))

    async def _mention(
        self, body: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
    ) -> str:
        """Queue the mention's job (or refuse it); the outcome, for the metrics."""
        event = body.get("event") or {}
        if event.get("bot_id") or event.get("subtype") or event.get("edited"):
            return "ignored"  # Brief's own messages, other bots', edits and deletions
        user = str(event.get("user") or "")
        if not user or user == context.bot_user_id:
            return "ignored"
        with request_context(new_request_id()) as request_id:
            mention = read_mention(str(event.get("text") or ""), context.bot_user_id)
            refused = self.access.refusal(str(event.get("channel") or ""), user)
            ts = str(event.get("ts") or "")
            job = MentionJob(
                request_id=request_id,
                team_id=str(body.get("team_id") or event.get("team") or ""),
                channel_id=str(event.get("channel") or ""),
                user_id=user,
                thread_ts=str(event.get("thread_ts") or ts),
                message_ts=ts,
                question=mention.question,
                url=mention.url,
                user_team_id=str(event.get("user_team") or event.get("team") or "") or None,
                queued_at=time.time(),
            )
            if refused is not None:
                log.info("mention refused: not allowed here")
                self._later.send(_tell(client, job, refused, only_asker=True))
                return "not_allowed"
            try:
                refusal = await self.offload.run(lambda abandoned: self._accept(job, abandoned))
            except (redis.RedisError, dramatiq.errors.DramatiqError, TimeoutError) as exc:
                log.error("could not queue a mention: %s", type(exc).__name__)
                self._later.send(_tell(client, job, MENTION_QUEUE_DOWN))
                return "queue_down"
            if refusal is not None:
                log.info("mention refused: over a rate limit")
                self._later.send(_tell(client, job, refusal))
                return "over_limit"
            log.info(
                "queued a mention in %s (%s)", job.channel_id, "link" if job.url else "question"
            )
            return "queued"

    def _accept(self, job: MentionJob, abandoned: threading.Event) -> str | None:
        """Rate limits, the question's place in its thread, the job: a refusal, or None."""
        asking = "briefs" if job.url else "answers"
        refusal = self.limits.check(job.team_id, job.channel_id, job.user_id, asking=asking)
        if refusal is not None:
            return refusal.message
        if abandoned.is_set():
            raise TimeoutError("the ack stopped waiting before the job was queued")
        order = ThreadOrder(self.redis)
        order.enter(job.team_id, job.channel_id, job.thread_ts, job.message_ts)
        try:
            enqueue(self.broker, job)
        except BaseException:  # not queued: the thread must not wait for it
            order.leave(job.team_id, job.channel_id, job.thread_ts, job.message_ts)
            raise
        return None

    async def on_error(self, error: Exception, body: dict[str, Any]) -> None:
        """Bolt's last resort: log it; Slack gets Bolt's generic answer, never the exception."""
        log.error(
            "unhandled error in a listener: %s (type %s)", type(error).__name__, body.get("type")
        )


MENTION_QUEUE_DOWN = (
    "Sorry, I can't take questions right now (my job queue is unreachable). "
    "Please ask again in a minute."
)


async def _tell(
    client: AsyncWebClient, job: MentionJob, text: str, *, only_asker: bool = False
) -> None:
    """A short reply in the mention's thread, from the ack path (`only_asker`: ephemeral, so
    a refusal can't be used to make Brief post); never an exception."""
    try:
        if only_asker:
            await client.chat_postEphemeral(
                channel=job.channel_id, user=job.user_id, thread_ts=job.thread_ts, text=text
            )
            return
        await client.chat_postMessage(
            channel=job.channel_id, thread_ts=job.thread_ts, text=text, unfurl_links=False
        )
    except (SlackApiError, OSError, TimeoutError) as exc:
        log.error("could not tell the asker anything: %s", type(exc).__name__)
