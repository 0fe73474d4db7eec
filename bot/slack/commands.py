"""The `/brief` command on the ack path: it must answer Slack within 3 s, every time.

It does three fast things and nothing else: parse the text, record the request id
(`SET NX`, so a duplicate delivery is ignored), and enqueue the typed job; then it
acknowledges with an ephemeral "Briefing …". Everything slow happens in the worker
(`bot.jobs`). The Redis part runs through `Offload`, so a stalled Redis costs an ack at
most its budget and never blocks other requests; help and usage errors never touch Redis.
"""

from __future__ import annotations

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
from slack_bolt.async_app import AsyncAck

from bot.errors import BriefError
from bot.job_messages import BriefJob, DigestJob, Job
from bot.logs import new_request_id, request_context
from bot.metrics import note_ack
from bot.queue import enqueue
from bot.render.mrkdwn import escape_mrkdwn
from bot.slack.access import Access
from bot.slack.command import USAGE, BriefRequest, is_help, parse
from bot.slack.offload import Offload
from bot.slack.watch import QueueWatch
from bot.store.limits import RateLimits
from bot.store.posts import first_delivery

log = logging.getLogger(__name__)

QUEUE_DOWN = (
    "Sorry, I can't take new requests right now (my job queue is unreachable). "
    "Please try again in a minute."
)


class OverLimitError(Exception):
    """The request is over a rate limit; the message is for the user."""


@dataclass
class Commands:
    """The slash commands' listeners, with the clients they need passed in."""

    redis: redis.Redis
    broker: RedisBroker
    offload: Offload
    limits: RateLimits
    watch: QueueWatch
    access: Access = field(default_factory=Access)

    def _accept(self, delivery_id: str, job: Job, abandoned: threading.Event) -> bool:
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
        async def answer(outcome: str, **reply: Any) -> None:
            note_ack("brief", outcome)  # the web process's request timer records it
            await ack(**reply)

        await self._brief_command(answer, command)

    async def _brief_command(
        self, ack: Callable[..., Awaitable[None]], command: dict[str, Any]
    ) -> None:
        text = str(command.get("text") or "")
        if is_help(text):
            await ack("help", text=USAGE)
            return
        refusal = self.access.refusal(
            str(command.get("channel_id") or ""), str(command.get("user_id") or "")
        )
        if refusal is not None:
            await ack("not_allowed", text=refusal)
            return
        try:
            request = parse(text)
        except BriefError as exc:
            await ack("invalid", text=exc.user_message)
            return
        with request_context(new_request_id()) as request_id:
            try:
                delivery_id = str(command.get("trigger_id") or request_id)
                job = _job(request, command, request_id)
                accepted = await self.offload.run(functools.partial(self._accept, delivery_id, job))
                if not accepted:
                    log.info("duplicate /brief delivery %s ignored", delivery_id)
                    await ack("duplicate")
                    return
            except OverLimitError as exc:
                log.info("/brief refused: over a rate limit")
                await ack("over_limit", text=str(exc))
                return
            except TimeoutError:
                log.error("could not enqueue /brief: Redis did not answer in time")
                await ack("queue_down", text=QUEUE_DOWN)
                return
            except (redis.RedisError, dramatiq.errors.DramatiqError) as exc:
                log.error("could not enqueue /brief: %s", type(exc).__name__)
                await ack("queue_down", text=QUEUE_DOWN)
                return
            self.watch.track(request_id, command.get("response_url"))
            log.info("queued /brief (%s) for %s", request.kind, command.get("channel_id"))
            if request.kind == "digest":
                await ack("queued", text="Putting today's digest together …")
                return
            await ack("queued", text=f"Briefing {escape_mrkdwn(request.source_label)} …")


def _job(request: BriefRequest, command: dict[str, Any], request_id: str) -> Job:
    if request.kind == "digest":
        return DigestJob(
            request_id=request_id,
            team_id=str(command.get("team_id") or ""),
            channel_id=str(command.get("channel_id") or ""),
            user_id=str(command.get("user_id") or ""),
            response_url=command.get("response_url"),
            date=time.strftime("%Y-%m-%d", time.gmtime()),
            preview=True,
            queued_at=time.time(),
        )
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
