"""Listeners on the ack path. They must answer Slack within 3 s, every time.

`/brief` does three fast things and nothing else: parse the text, record the
request id (`SET NX`, so a duplicate delivery is ignored), and enqueue the job;
then it acknowledges with an ephemeral "Briefing …". Everything slow happens in
the worker (`bot.jobs`). The Redis part runs through `Offload`, so a stalled Redis
costs an ack at most its budget and never blocks other requests; help and usage
errors never touch Redis.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import dramatiq.errors
import redis
from dramatiq.brokers.redis import RedisBroker
from slack_bolt.async_app import AsyncAck, AsyncRespond
from slack_bolt.response import BoltResponse

from bot.errors import BriefError
from bot.job_messages import BriefJob
from bot.logs import new_request_id, request_context
from bot.queue import enqueue
from bot.render.mrkdwn import escape_mrkdwn
from bot.render.sources import read_refs, render_sources
from bot.slack.command import USAGE, BriefRequest, is_help, parse
from bot.slack.offload import Offload
from bot.slack.watch import QueueWatch
from bot.store.limits import RateLimits
from bot.store.posts import first_delivery, read_thread_article

log = logging.getLogger(__name__)

QUEUE_DOWN = (
    "Sorry, I can't take new requests right now (my job queue is unreachable). "
    "Please try again in a minute."
)


class OverLimitError(Exception):
    """The request is over a rate limit; the message is for the user."""


@dataclass
class Listeners:
    """The ack-path listeners, with the clients they need passed in."""

    redis: redis.Redis
    broker: RedisBroker
    offload: Offload
    limits: RateLimits
    watch: QueueWatch
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    """Replies sent after the ack, kept referenced until they finish."""

    def _accept(self, delivery_id: str, job: BriefJob, abandoned: threading.Event) -> bool:
        """Record the delivery and queue the job: False for a duplicate (nothing queued).

        Runs on the `Offload` pool; if the ack gave up waiting (`abandoned`), the job is
        not queued: the user was told it could not be taken.
        """
        if not first_delivery(self.redis, "command", delivery_id):
            return False
        refusal = self.limits.check(job.team_id, job.channel_id, job.user_id)
        if refusal is not None:
            raise OverLimitError(refusal.message)
        if abandoned.is_set():
            raise TimeoutError("the ack stopped waiting before the job was queued")
        enqueue(self.broker, job)
        return True

    async def brief_command(self, ack: AsyncAck, command: dict[str, Any]) -> None:
        text = str(command.get("text") or "")
        if is_help(text):
            await ack(text=USAGE)
            return
        try:
            request = parse(text)
        except BriefError as exc:
            await ack(text=exc.user_message)
            return
        with request_context(new_request_id()) as request_id:
            try:
                delivery_id = str(command.get("trigger_id") or request_id)
                job = _job(request, command, request_id)
                accepted = await self.offload.run(functools.partial(self._accept, delivery_id, job))
                if not accepted:
                    log.info("duplicate /brief delivery %s ignored", delivery_id)
                    await ack()
                    return
            except OverLimitError as exc:
                log.info("/brief refused: over a rate limit")
                await ack(text=str(exc))
                return
            except TimeoutError:
                log.error("could not enqueue /brief: Redis did not answer in time")
                await ack(text=QUEUE_DOWN)
                return
            except (redis.RedisError, dramatiq.errors.DramatiqError) as exc:
                log.error("could not enqueue /brief: %s", type(exc).__name__)
                await ack(text=QUEUE_DOWN)
                return
            self.watch.track(request_id, command.get("response_url"))
            log.info("queued /brief (%s) for %s", request.kind, command.get("channel_id"))
            await ack(text=f"Briefing {escape_mrkdwn(request.source_label)} …")

    async def sources_action(
        self, ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond
    ) -> None:
        """The "Sources" button under a brief: the article's sentences each item rests on,
        shown only to the person who asked (ephemeral), from the article stored with the
        brief's thread record in this workspace."""
        await ack()
        with request_context(new_request_id()):
            try:
                team = str((body.get("team") or {}).get("id") or "")
                channel = str((body.get("channel") or {}).get("id") or "")
                ts = str((body.get("container") or {}).get("message_ts") or "")
                value = str((body.get("actions") or [{}])[0].get("value") or "")
                article = await self.offload.run(
                    lambda _: read_thread_article(self.redis, team, channel, ts)
                )
            except Exception as exc:  # Redis down, a stalled read, a record that won't parse
                log.error("sources: could not read the thread record (%s)", type(exc).__name__)
                text = SOURCES_UNAVAILABLE
            else:
                items = read_refs(value)
                if not items:
                    text = SOURCES_NONE
                elif article is None:
                    text = SOURCES_GONE
                else:
                    text = "\n".join([SOURCES_HEADING, *render_sources(article, items)])
            task = asyncio.create_task(_respond(respond, text))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

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


SOURCES_HEADING = "*Sources*: the article's sentences each item rests on"
SOURCES_GONE = (
    "The article behind this brief is no longer stored, so its sources can't be shown. "
    "Brief the link again to see them."
)
SOURCES_UNAVAILABLE = "Sorry, I can't show the sources right now. Please try again in a minute."
SOURCES_NONE = "This brief has no sources to show."
_SOURCES_CHARS = 2_900
_SOURCES_BLOCKS = 10


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a space: never inside an escape like "&amp;"."""
    cut = text[:limit]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut.split("&", 1)[0]


async def _respond(respond: AsyncRespond, text: str) -> None:
    """An ephemeral reply in sections of at most 2,900 characters (Block Kit's 3,000)."""
    chunks: list[str] = []
    for raw in text.split("\n"):
        line = raw if len(raw) <= _SOURCES_CHARS else _cut(raw, _SOURCES_CHARS - 1) + "…"
        if chunks and len(chunks[-1]) + len(line) + 1 <= _SOURCES_CHARS:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": chunk}}
        for chunk in chunks[:_SOURCES_BLOCKS]
    ]
    try:
        await respond(
            text=chunks[0][:_SOURCES_CHARS],
            blocks=blocks,
            response_type="ephemeral",
            replace_original=False,
        )
    except Exception as exc:  # a reply that fails must not take the listener down
        log.error("sources: the reply failed (%s)", type(exc).__name__)


def _job(request: BriefRequest, command: dict[str, Any], request_id: str) -> BriefJob:
    return BriefJob(
        request_id=request_id,
        team_id=str(command.get("team_id") or ""),
        channel_id=str(command.get("channel_id") or ""),
        user_id=str(command.get("user_id") or ""),
        response_url=command.get("response_url"),
        kind=request.kind,
        url=request.url,
        text=request.text,
        term=request.term,
        queued_at=time.time(),
    )
