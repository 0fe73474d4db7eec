"""The durable job queue: dramatiq on Redis.

The web process only enqueues (`enqueue`, a typed `bot.job_messages.Job`); worker
processes `register` a runner per kind of job and run
`run_worker`, each with many threads, since a brief is I/O-bound (fetch, LLM,
Slack). A message stays in Redis until a worker finishes it; if a worker dies,
dramatiq's heartbeat hands its messages to another within about 20 s
(`HEARTBEAT_TIMEOUT_MS` and frequent maintenance), and the outbox keeps the rerun
from posting twice.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import dramatiq
import redis
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import AgeLimit, Callbacks, Pipelines, Retries, TimeLimit

from bot.errors import ConfigError
from bot.job_messages import BriefJob, Job
from bot.store import keys

J = TypeVar("J", bound=Job)

log = logging.getLogger(__name__)

QUEUE = BriefJob.queue
"""The queue the heartbeat reads (every kind of job so far shares it)."""
NAMESPACE = "brief-jobs"
JOB_TIME_LIMIT_MS = 5 * 60 * 1000
# Jobs older than 30 minutes are answered "too old" by the runner itself (`bot.jobs`), which
# can tell the user; dramatiq's AgeLimit only drops what outlives a day, silently.
JOB_MAX_AGE_MS = 24 * 60 * 60 * 1000
# A worker silent this long is dead: another takes its unfinished jobs (dramatiq's default
# is 60 s, and its maintenance runs so rarely that a redelivery took minutes).
HEARTBEAT_TIMEOUT_MS = 15_000
MAINTENANCE_CHANCE = 50_000  # per million queue commands: about every 2 s with one idle worker
HEARTBEAT_SECONDS = 5.0


def build_broker(client: redis.Redis) -> RedisBroker:
    """A broker on an explicit client (no global broker is ever set)."""
    middleware = [
        AgeLimit(max_age=JOB_MAX_AGE_MS),
        TimeLimit(time_limit=JOB_TIME_LIMIT_MS),
        Callbacks(),
        Pipelines(),
        # Jobs report their own failures to the user; retrying would double-report.
        Retries(max_retries=0),
    ]
    return RedisBroker(  # type: ignore[no-untyped-call]
        client=client,
        namespace=NAMESPACE,
        middleware=middleware,
        heartbeat_timeout=HEARTBEAT_TIMEOUT_MS,
        maintenance_chance=MAINTENANCE_CHANCE,
    )


def persistence(client: redis.Redis) -> str:
    """ "on" when Redis writes the queue to disk (AOF or RDB snapshots), "off", or "unknown"
    (managed services often refuse CONFIG). With it off, a Redis restart loses queued jobs."""
    try:
        config = client.config_get("appendonly") | client.config_get("save")
    except (redis.RedisError, OSError):
        return "unknown"
    appendonly = str(config.get("appendonly", "")).lower()
    save = str(config.get("save", "")).strip()
    return "on" if appendonly == "yes" or save else "off"


EVICTING = ("allkeys-",)
"""maxmemory policies that may evict the queue's keys (they carry no TTL, so `volatile-*`
policies never take them; `noeviction` refuses writes instead)."""


def eviction_policy(client: redis.Redis) -> str | None:
    """The Redis `maxmemory-policy`, or None when it can't be read (unreachable, or a
    managed service that refuses CONFIG)."""
    try:
        value = client.config_get("maxmemory-policy").get("maxmemory-policy")
    except (redis.RedisError, OSError):
        return None
    return str(value) if value is not None else None


def refuse_evicting_redis(client: redis.Redis) -> None:
    """Refuse to start on a Redis that may evict queued jobs silently, saying why."""
    policy = eviction_policy(client)
    if policy is not None and policy.startswith(EVICTING):
        raise ConfigError(
            f"The queue's Redis has maxmemory-policy {policy}: under memory pressure it would "
            "silently drop queued jobs. Set it to noeviction (or a volatile-* policy), or give "
            "the queue its own Redis."
        )
    if policy is None:
        log.info(
            "the queue's Redis maxmemory-policy could not be read (unreachable, or CONFIG refused)"
        )


def warn_without_persistence(client: redis.Redis) -> None:
    """Say at start-up, once, when queued jobs would not survive a Redis restart."""
    if persistence(client) == "off":
        log.warning(
            "Redis keeps nothing on disk (appendonly no, no save points): jobs queued when "
            "it restarts are lost. Turn on appendonly (or RDB snapshots) for the queue's Redis."
        )


def queue_depth(client: redis.Redis) -> int:
    """Jobs waiting for a worker (dramatiq's list of queued message ids; a job a worker has
    taken is no longer in it)."""
    return int(client.llen(f"{NAMESPACE}:{QUEUE}"))


def redis_reachable(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except (redis.RedisError, OSError):
        return False


def live_workers(client: redis.Redis) -> int:
    """Worker processes that sent a heartbeat within `HEARTBEAT_TIMEOUT_MS`."""
    now_ms = int(time.time() * 1000)
    return int(client.zcount(keys.workers(), now_ms - HEARTBEAT_TIMEOUT_MS, "+inf"))


def _beat(client: redis.Redis, worker_id: str) -> None:
    now_ms = int(time.time() * 1000)
    with client.pipeline() as pipe:
        pipe.zadd(keys.workers(), {worker_id: now_ms})
        pipe.zremrangebyscore(keys.workers(), 0, now_ms - 10 * HEARTBEAT_TIMEOUT_MS)
        pipe.expire(keys.workers(), 24 * 3600)
        pipe.execute()


def enqueue(broker: RedisBroker, job: Job) -> None:
    """Queue one job. Raises redis errors; the caller decides what to tell the user."""
    message: dramatiq.Message[Any] = dramatiq.Message(
        queue_name=job.queue,
        actor_name=job.actor,
        args=(job.model_dump(mode="json"),),
        kwargs={},
        options={},
    )
    broker.enqueue(message)


def register(
    broker: RedisBroker, kind: type[J], run: Callable[[J], None]
) -> dramatiq.Actor[Any, Any]:
    """Declare the actor for one kind of job on this broker (the worker side only): its
    messages are read back into `kind` and handed to `run`."""

    def perform(payload: dict[str, Any]) -> None:
        run(kind.model_validate(payload))

    return dramatiq.Actor(
        perform,
        broker=broker,
        actor_name=kind.actor,
        queue_name=kind.queue,
        priority=0,
        options={},
    )


def run_worker(broker: RedisBroker, *, threads: int, stop: threading.Event) -> None:
    """Process jobs with `threads` threads until `stop` is set."""
    # worker_timeout: how long an idle consumer waits on Redis before looking again.
    # dramatiq's 1 s default adds up to a second before a new brief is even started.
    worker = dramatiq.Worker(broker, worker_threads=threads, worker_timeout=100)
    worker.start()
    log.info("worker started with %d threads", threads)
    # A worker whose threads are all busy stops fetching, and so stops the heartbeat that
    # every queue command carries: beat on our own, or a busy worker would look dead.
    beat = threading.Thread(target=_heartbeat, args=(broker, stop), daemon=True)
    beat.start()
    try:
        stop.wait()
    finally:
        worker.stop()
        beat.join(timeout=HEARTBEAT_SECONDS + 1)
        broker.close()
        log.info("worker stopped")


def _heartbeat(broker: RedisBroker, stop: threading.Event) -> None:
    """Dramatiq's heartbeat (any queue command records it) and Brief's list of live workers."""
    while True:
        try:
            broker.do_qsize(QUEUE)
            _beat(broker.client, broker.broker_id)
        except redis.RedisError as exc:
            log.warning("queue heartbeat failed: %s", exc)
        if stop.wait(HEARTBEAT_SECONDS):
            return
