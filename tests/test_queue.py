"""Typed jobs through the real queue: what the web sends is what the worker's runner gets."""

from __future__ import annotations

import threading

import pytest
import redis

from bot import runtime
from bot.errors import ConfigError
from bot.job_messages import BriefJob
from bot.queue import build_broker, enqueue, refuse_evicting_redis, register, run_worker
from bot.settings import Settings


def test_a_job_arrives_as_the_same_typed_message(redis_client: redis.Redis) -> None:
    sent = BriefJob(
        request_id="r-1",
        team_id="T1",
        channel_id="C1",
        user_id="U1",
        kind="quotes",
        url="https://news.example/story",
        queued_at=1_800_000_000.5,
    )
    received: list[BriefJob] = []
    arrived = threading.Event()

    def runner(job: BriefJob) -> None:
        received.append(job)
        arrived.set()

    broker = build_broker(redis_client)
    register(broker, BriefJob, runner)
    enqueue(broker, sent)
    stop = threading.Event()
    worker = threading.Thread(
        target=run_worker, args=(broker,), kwargs={"threads": 1, "stop": stop}
    )
    worker.start()
    try:
        assert arrived.wait(timeout=15)
    finally:
        stop.set()
        worker.join(timeout=15)
    assert received == [sent]
    assert isinstance(received[0], BriefJob)


def test_each_kind_of_job_names_its_own_actor_and_queue() -> None:
    assert (BriefJob.actor, BriefJob.queue) == ("brief", "briefs")
    assert "actor" not in BriefJob.model_fields  # class facts, never part of the payload


def test_a_redis_that_would_evict_queued_jobs_is_refused_at_start(
    redis_url: str, redis_client: redis.Redis
) -> None:
    """allkeys-* may drop the queue's keys under memory pressure: the worker, the web process
    and the clock refuse to start, saying why; noeviction and volatile-* are fine."""
    before = str(redis_client.config_get("maxmemory-policy")["maxmemory-policy"])
    try:
        redis_client.config_set("maxmemory-policy", "allkeys-lru")
        served = Settings(
            redis_url=redis_url,
            slack_bot_token="xoxb-x",
            slack_signing_secret="s",
            digest_channel="C1",
        )
        with pytest.raises(ConfigError, match="allkeys-lru"):
            runtime.build_worker(Settings(redis_url=redis_url))
        with pytest.raises(ConfigError, match="allkeys-lru"):
            runtime.build_web(served)
        with pytest.raises(ConfigError, match="allkeys-lru"):
            runtime.build_clock(served)
        with pytest.raises(ConfigError, match="noeviction"):
            refuse_evicting_redis(redis_client)
        for fine in ("noeviction", "volatile-lru"):
            redis_client.config_set("maxmemory-policy", fine)
            refuse_evicting_redis(redis_client)
    finally:
        redis_client.config_set("maxmemory-policy", before)
