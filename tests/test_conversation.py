"""Thread Q&A's memory on a real Redis: order, budget, expiry, isolation, concurrency."""

from __future__ import annotations

import threading

import redis

from bot.store import keys
from bot.store.conversation import Conversations, Turn

THREAD = ("T1", "C1", "1700000000.000100")


def memory(client: redis.Redis, *, budget_tokens: int = 1000, ttl: int = 600) -> Conversations:
    return Conversations(client, ttl_seconds=ttl, budget_tokens=budget_tokens)


def turn(n: int, size: int = 10) -> Turn:
    return Turn(question=f"question {n}", answer="x" * size, paragraphs=[n])


def test_turns_come_back_in_order_with_the_threads_ttl(redis_client: redis.Redis) -> None:
    store = memory(redis_client, ttl=600)
    for n in range(3):
        store.append(*THREAD, turn(n))
    assert [t.question for t in store.turns(*THREAD)] == ["question 0", "question 1", "question 2"]
    ttl = redis_client.ttl(keys.conversation(*THREAD))
    assert isinstance(ttl, int)
    assert 590 < ttl <= 600


def test_the_oldest_turns_go_when_the_thread_outgrows_its_budget(redis_client: redis.Redis) -> None:
    store = memory(redis_client, budget_tokens=100)  # 400 characters
    for n in range(10):
        store.append(*THREAD, turn(n, size=150))
    kept = [t.paragraphs[0] for t in store.turns(*THREAD)]
    assert kept[-1] == 9  # the newest is always kept
    assert kept == list(range(10 - len(kept), 10))  # the oldest went first
    assert 1 <= len(kept) < 10
    raw = redis_client.lrange(keys.conversation(*THREAD), 0, -1)
    assert sum(len(item) for item in raw) <= 400 or len(kept) == 1


def test_memory_never_crosses_threads_channels_or_workspaces(redis_client: redis.Redis) -> None:
    store = memory(redis_client)
    store.append(*THREAD, turn(1))
    for other in (("T2", "C1", THREAD[2]), ("T1", "C2", THREAD[2]), ("T1", "C1", "1700000000.9")):
        assert store.turns(*other) == []
    assert len(store.turns(*THREAD)) == 1


def test_appends_at_once_all_land(redis_client: redis.Redis) -> None:
    store = memory(redis_client)
    barrier = threading.Barrier(8)

    def answer(n: int) -> None:
        barrier.wait()
        store.append(*THREAD, turn(n))

    threads = [threading.Thread(target=answer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert sorted(t.paragraphs[0] for t in store.turns(*THREAD)) == list(range(8))
