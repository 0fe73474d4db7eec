"""Telling users about jobs a Redis restart lost.

A job lives in Redis from the ack until a worker finishes it. If Redis restarts
without persistence, queued jobs vanish, and the user, told "Briefing …", would
wait for nothing. So each web process remembers, in memory, the jobs it
acknowledged in the last `horizon` seconds (request id, `response_url`); workers mark
every finished job done in Redis (`PostLedger.mark_done`). Every `interval` seconds the
watch drops the jobs marked done and reads Redis's `run_id`: when it changes, Redis
restarted, and every job not known to be done is reported to its user through
its `response_url` ("please run it again").

A job finished in the last `interval` before a restart may be reported although
it was posted: a rare extra message, never a silent loss.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field

import redis
from redis import Redis
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.slack.offload import Offload
from bot.store import keys

log = logging.getLogger(__name__)

LOST = (
    "Sorry: Brief's job queue restarted and lost your /brief request before it could run. "
    "Please run it again."
)


@dataclass
class _Pending:
    response_url: str
    queued_at: float


@dataclass
class QueueWatch:
    """Jobs this web process acknowledged, watched until done or lost."""

    redis: redis.Redis
    offload: Offload
    queue: Redis | None = None
    """The job queue's Redis when it is not `redis` (QUEUE_REDIS_URL): its restarts lose jobs."""
    interval: float = 5.0
    horizon: float = 30 * 60
    _pending: dict[str, _Pending] = field(default_factory=dict)
    _run_id: str | None = None
    _task: asyncio.Task[None] | None = None

    def track(self, request_id: str, response_url: str | None) -> None:
        """Remember an acknowledged job (call on the event loop, after it was queued)."""
        if not response_url:
            return
        self._pending[request_id] = _Pending(response_url, time.time())
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._watch())

    async def _watch(self) -> None:
        while self._pending:
            await asyncio.sleep(self.interval)
            try:
                await self.check()
            except Exception:  # the watch must outlive any one failure
                log.exception("queue watch failed")

    async def check(self) -> None:
        """Forget finished jobs; report the rest as lost if Redis restarted."""
        horizon = time.time() - self.horizon
        for request_id in [r for r, p in self._pending.items() if p.queued_at < horizon]:
            del self._pending[request_id]
        ids = list(self._pending)
        try:
            run_id, done = await self.offload.run(lambda _: self._read(ids))
        except (redis.RedisError, OSError, TimeoutError):
            return  # Redis is away: decide when it is back
        for request_id, finished in zip(ids, done, strict=True):
            if finished:
                self._pending.pop(request_id, None)
        restarted = self._run_id is not None and run_id != self._run_id
        self._run_id = run_id
        if restarted and self._pending:
            lost, self._pending = self._pending, {}
            log.warning("Redis restarted: %d acknowledged jobs were lost", len(lost))
            for pending in lost.values():
                await _tell(pending.response_url)

    def _read(self, ids: list[str]) -> tuple[str, list[bool]]:
        run_id = str((self.queue or self.redis).info("server").get("run_id", ""))
        done = [bool(v) for v in self.redis.mget([keys.job_done(i) for i in ids])] if ids else []
        return run_id, done


async def _tell(response_url: str) -> None:
    try:
        await AsyncWebhookClient(response_url, timeout=5).send(text=LOST, response_type="ephemeral")
    except Exception as exc:  # a dead response_url: nothing more can be done
        log.warning("could not tell a user about a lost job: %s", type(exc).__name__)
