"""The clock process: schedules the daily digest and only enqueues it (`python -m bot clock`).

    clock = Clock(redis, broker, when, team_id=..., channel_id=...)
    clock.run(stop)        # APScheduler fires `when.trigger()`; the worker does the work

APScheduler's cron trigger in `DIGEST_TIMEZONE` fires at `DIGEST_TIME` (daylight saving
followed); on start the clock also checks whether a digest is due now (`DigestTime.due`:
past its time, within the grace), so one missed while no clock ran is still posted, once.
`enqueue_due` queues a `DigestJob` only if no clock queued that date's digest before (`SET
NX`), so several clocks queue one job; the worker's post is exactly once besides.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import redis
from apscheduler.schedulers.background import BackgroundScheduler
from dramatiq.brokers.redis import RedisBroker

from bot.digest.schedule import DigestTime
from bot.job_messages import DigestJob
from bot.queue import enqueue
from bot.store import keys

__all__ = ["Clock", "enqueue_due", "release_queued"]

log = logging.getLogger(__name__)

QUEUED_MARKER_SECONDS = 2 * 86_400


def enqueue_due(
    client: redis.Redis,
    broker: RedisBroker,
    when: DigestTime,
    *,
    team_id: str,
    channel_id: str,
    now: datetime,
) -> str | None:
    """Queue the digest due at `now`, unless none is due or a clock queued it already: the
    local date queued, or None."""
    day = when.due(now)
    if day is None:
        return None
    marker = keys.digest_queued(team_id, channel_id, day.isoformat())
    if not client.set(marker, "1", nx=True, ex=QUEUED_MARKER_SECONDS):
        return None
    job = DigestJob(
        request_id=uuid.uuid4().hex[:8],
        team_id=team_id,
        channel_id=channel_id,
        user_id="",
        date=day.isoformat(),
        queued_at=now.timestamp(),
    )
    try:
        enqueue(broker, job)
    except BaseException:
        client.delete(marker)  # not queued: another clock (or this one, later) may
        raise
    log.info("queued the digest for %s", day.isoformat())
    return day.isoformat()


def release_queued(client: redis.Redis, team_id: str, channel_id: str, day: str) -> None:
    """The queued digest failed: a clock may queue it again (while it is still due)."""
    try:
        client.delete(keys.digest_queued(team_id, channel_id, day))
    except redis.RedisError as exc:
        log.warning("could not release the digest's queued marker: %s", exc)


RETRY_MINUTES = 10
"""A running clock also looks every this many minutes: a digest that failed (its marker
released) is queued again while it is still within its grace."""


class Clock:
    def __init__(
        self,
        client: redis.Redis,
        broker: RedisBroker,
        when: DigestTime,
        *,
        team_id: str,
        channel_id: str,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self.broker = broker
        self._when = when
        self._team = team_id
        self._channel = channel_id
        self._now = now

    def fire(self) -> str | None:
        """Queue the digest if one is due now (the trigger's job, and the start-up check)."""
        try:
            return enqueue_due(
                self.client,
                self.broker,
                self._when,
                team_id=self._team,
                channel_id=self._channel,
                now=datetime.fromtimestamp(self._now(), UTC),
            )
        except redis.RedisError as exc:
            log.error("could not queue the digest: %s", exc)
            return None

    def run(self, stop: threading.Event) -> None:
        scheduler = BackgroundScheduler(timezone=self._when.zone)
        scheduler.add_job(
            self.fire,
            trigger=self._when.trigger(),
            id="digest",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=max(1, int(self._when.grace.total_seconds())),
        )
        scheduler.add_job(
            self.fire,
            trigger="interval",
            minutes=RETRY_MINUTES,
            id="digest-retry",
            coalesce=True,
            max_instances=1,
        )
        self.fire()  # a digest missed while no clock ran, if still within its grace
        scheduler.start()
        log.info(
            "clock started: the digest is due daily at %02d:%02d %s",
            self._when.hour,
            self._when.minute,
            self._when.zone.key,
        )
        try:
            stop.wait()
        finally:
            scheduler.shutdown(wait=False)
