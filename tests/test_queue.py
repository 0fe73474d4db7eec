"""Typed jobs through the real queue: what the web sends is what the worker's runner gets."""

from __future__ import annotations

import threading

import redis

from bot.job_messages import BriefJob
from bot.queue import build_broker, enqueue, register, run_worker


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
