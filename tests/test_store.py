"""The Redis store against a real redis-server: cache, single-flight, idempotency, channel posts."""

from __future__ import annotations

import logging
import threading
import time

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from bot.article.model import Article
from bot.briefs import Brief, Draft, EngineInfo, SummaryPoint
from bot.errors import BriefError, FetchError
from bot.queue import persistence, warn_without_persistence
from bot.store import RedisCache
from bot.store import keys as store_keys
from bot.store.flight import RedisFlight
from bot.store.posts import Claim, PostLedger, first_delivery
from tests.concurrency import run_concurrently

ARTICLE = Article(
    title="Ferry fares", url="https://news.example/ferry", paragraphs=["One.", "Two."]
)
INFO = EngineInfo(engine="openai", model="m1", prompt_version="abc")
DRAFT = Draft(summary=[SummaryPoint(text="One.", paragraphs=[1])])


def test_cache_round_trips_articles_and_drafts_with_ttl(redis_client: redis.Redis) -> None:
    cache = RedisCache(redis_client, ttl_seconds=300)
    assert cache.get_article(ARTICLE.url or "") is None
    cache.put_article("https://news.example/ferry", ARTICLE)
    cache.put_draft(ARTICLE.sha256, INFO, DRAFT)

    assert cache.get_article("https://news.example/ferry") == ARTICLE
    assert cache.get_draft(ARTICLE.sha256, INFO) == DRAFT
    ttl = redis_client.ttl(store_keys.draft(ARTICLE.sha256, INFO))
    assert isinstance(ttl, int)
    assert 0 < ttl <= 300


def test_draft_cache_is_keyed_by_engine_model_and_prompt_version(redis_client: redis.Redis) -> None:
    cache = RedisCache(redis_client, ttl_seconds=300)
    cache.put_draft(ARTICLE.sha256, INFO, DRAFT)
    assert (
        cache.get_draft(ARTICLE.sha256, INFO.model_copy(update={"prompt_version": "new"})) is None
    )
    assert cache.get_draft(ARTICLE.sha256, INFO.model_copy(update={"model": "m2"})) is None
    assert cache.get_draft(ARTICLE.sha256, INFO.model_copy(update={"engine": "extractive"})) is None


def test_cache_treats_garbage_and_outages_as_misses(redis_client: redis.Redis) -> None:
    cache = RedisCache(redis_client, ttl_seconds=300)
    redis_client.set(store_keys.draft(ARTICLE.sha256, INFO), b"{not json")
    assert cache.get_draft(ARTICLE.sha256, INFO) is None

    dead = redis.Redis(
        host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0)
    )
    try:
        down = RedisCache(dead, ttl_seconds=300)
        assert down.get_article("https://news.example/ferry") is None
        down.put_article("https://news.example/ferry", ARTICLE)  # logged, not raised
    finally:
        dead.close()


def test_single_flight_computes_once_for_many_concurrent_callers(redis_client: redis.Redis) -> None:
    cache = RedisCache(redis_client, ttl_seconds=300)
    calls = []
    results: list[Draft] = []
    lock = threading.Lock()

    def compute() -> Draft:
        with lock:
            calls.append(1)
        time.sleep(0.3)
        cache.put_draft(ARTICLE.sha256, INFO, DRAFT)
        return DRAFT

    def ask() -> None:
        flight = RedisFlight(redis_client, poll_seconds=0.01)  # one per worker process
        got = flight.run("draft:x", lambda: cache.get_draft(ARTICLE.sha256, INFO), compute)
        with lock:
            results.append(got)

    run_concurrently(lambda _: ask(), 12)
    assert len(calls) == 1
    assert results == [DRAFT] * 12
    assert not redis_client.exists(store_keys.flight_lock("draft:x"))


def test_single_flight_shares_a_leaders_failure_with_waiters(redis_client: redis.Redis) -> None:
    calls = []
    errors: list[BaseException] = []

    def compute() -> Draft:
        calls.append(1)
        time.sleep(0.2)
        raise FetchError("The site answered 404: no page at that address.")

    def ask() -> None:
        try:
            RedisFlight(redis_client, poll_seconds=0.01).run("url:dead", lambda: None, compute)
        except BriefError as exc:
            errors.append(exc)

    run_concurrently(lambda _: ask(), 5)
    assert len(calls) == 1
    assert len(errors) == 5
    assert all("404" in str(e) for e in errors)
    assert all(isinstance(e, FetchError) for e in errors)  # same class: worded the same way


def test_single_flight_takes_over_when_the_leader_vanishes(redis_client: redis.Redis) -> None:
    """A lease left by a dead worker expires and the next caller computes."""
    redis_client.set(store_keys.flight_lock("draft:orphan"), "dead-worker", px=300)
    flight = RedisFlight(redis_client, poll_seconds=0.01)
    box: dict[str, Draft] = {}

    def compute() -> Draft:
        box["d"] = DRAFT
        return DRAFT

    started = time.monotonic()
    assert flight.run("draft:orphan", lambda: box.get("d"), compute) == DRAFT
    assert time.monotonic() - started >= 0.2


def test_a_live_leader_keeps_its_short_lease_past_its_length(redis_client: redis.Redis) -> None:
    """Lease 0.6 s, work 2 s: the lease is renewed, so a second worker waits instead of
    computing the same draft again (it would, were the lease not renewed)."""
    leader = RedisFlight(redis_client, lease_seconds=0.6, poll_seconds=0.01)
    other = RedisFlight(redis_client, lease_seconds=0.6, poll_seconds=0.01)
    box: dict[str, Draft] = {}
    calls: list[str] = []

    def compute(who: str) -> Draft:
        calls.append(who)
        time.sleep(2.0)
        box["d"] = DRAFT
        return DRAFT

    def run(i: int) -> None:
        flight, who = (leader, "leader") if i == 0 else (other, "other")
        if i:
            time.sleep(0.1)  # the leader takes the lease first
        flight.run("draft:slow", lambda: box.get("d"), lambda: compute(who))

    run_concurrently(run, 2)
    assert calls == ["leader"]
    assert not redis_client.exists(store_keys.flight_lock("draft:slow"))  # released after


def test_first_delivery_is_true_once(redis_client: redis.Redis) -> None:
    assert [first_delivery(redis_client, "command", "trig-1") for _ in range(3)] == [
        True,
        False,
        False,
    ]
    assert first_delivery(redis_client, "event", "trig-1")  # kinds are separate


def test_channel_claim_one_poster_and_others_get_its_ts(redis_client: redis.Redis) -> None:
    ledger = PostLedger(redis_client, ttl_seconds=300)
    first = ledger.claim("T1", "C1", "sha")
    assert first.ours
    outcome: dict[str, Claim] = {}

    def second() -> None:
        outcome["claim"] = ledger.claim("T1", "C1", "sha", wait_seconds=5)

    t = threading.Thread(target=second)
    t.start()
    time.sleep(0.1)
    ledger.record("T1", "C1", "sha", "1700000000.000100")
    t.join()
    claim = outcome["claim"]
    assert claim.ours is False
    assert claim.ts == "1700000000.000100"
    # Another channel is independent.
    assert ledger.claim("T1", "C2", "sha").ours


def test_released_claim_can_be_taken_again(redis_client: redis.Redis) -> None:
    ledger = PostLedger(redis_client, ttl_seconds=300)
    assert ledger.claim("T1", "C1", "sha").ours
    ledger.release("T1", "C1", "sha")
    assert ledger.claim("T1", "C1", "sha").ours


def test_pending_claim_expires_quickly(redis_client: redis.Redis) -> None:
    ledger = PostLedger(redis_client, ttl_seconds=3000, pending_ttl_seconds=60)
    assert ledger.claim("T1", "C1", "sha").ours
    ttl = redis_client.ttl(store_keys.channel_post("T1", "C1", "sha"))
    assert isinstance(ttl, int)
    assert 0 < ttl <= 60
    ledger.record("T1", "C1", "sha", "1.2")
    ttl = redis_client.ttl(store_keys.channel_post("T1", "C1", "sha"))
    assert isinstance(ttl, int)
    assert ttl > 60


def _brief() -> Brief:
    point = SummaryPoint(text=ARTICLE.paragraphs[0], paragraphs=[1])
    return Brief(
        article=ARTICLE,
        summary=[point],
        quotes=[],
        explainers=[],
        engine="extractive",
        model=None,
        prompt_version="extractive-3",
    )


def test_thread_records_find_the_article_and_the_brief(redis_client: redis.Redis) -> None:
    ledger = PostLedger(redis_client, ttl_seconds=300, thread_ttl_seconds=600)
    brief = _brief()
    ledger.remember_thread("T1", "C1", "1700000000.000100", brief)
    record = ledger.read_thread("T1", "C1", "1700000000.000100")
    assert record is not None
    assert record.article == ARTICLE
    assert record.brief == brief
    assert ledger.read_thread("T1", "C1", "1700000000.000999") is None
    assert ledger.read_thread("T2", "C1", "1700000000.000100") is None  # another workspace


def test_each_thread_keeps_its_own_brief_and_a_broken_one_is_not_an_error(
    redis_client: redis.Redis,
) -> None:
    ledger = PostLedger(redis_client, ttl_seconds=300)
    first = _brief()
    second = first.model_copy(update={"engine": "openai", "model": "m"})
    ledger.remember_thread("T1", "C1", "1.1", first)
    ledger.remember_thread("T1", "C2", "2.2", second)  # the same article, another channel
    one, two = ledger.read_thread("T1", "C1", "1.1"), ledger.read_thread("T1", "C2", "2.2")
    assert one is not None
    assert two is not None
    assert (one.brief, two.brief) == (first, second)
    redis_client.set(store_keys.thread_brief("T1", "C1", "1.1"), b'{"summary": []}')
    broken = ledger.read_thread("T1", "C1", "1.1")
    assert broken is not None
    assert broken.article == ARTICLE
    assert broken.brief is None


def test_a_threads_article_and_brief_outlive_its_record(redis_client: redis.Redis) -> None:
    ledger = PostLedger(redis_client, ttl_seconds=300, thread_ttl_seconds=600)
    ledger.remember_thread("T1", "C1", "1700000000.000100", _brief())
    record_ttl = redis_client.ttl(store_keys.thread("T1", "C1", "1700000000.000100"))
    kept = [
        redis_client.ttl(k)
        for pattern in ("brief:article:team:T1:*", "brief:brief:team:T1:*")
        for k in redis_client.scan_iter(pattern)
    ]
    assert isinstance(record_ttl, int)
    assert 0 < record_ttl <= 600
    assert len(kept) == 2
    assert all(isinstance(ttl, int) and ttl > record_ttl for ttl in kept)


@pytest.mark.parametrize("name", ["url:https://x.example/a b", "draft:" + "f" * 64])
def test_flight_names_are_valid_keys(redis_client: redis.Redis, name: str) -> None:
    flight = RedisFlight(redis_client)
    assert flight.run(name, lambda: None, lambda: "done") == "done"


def test_single_flight_shares_an_unexpected_failure_too(redis_client: redis.Redis) -> None:
    """A bug in the leader must not make every waiter repeat the work one after another."""
    calls = []
    outcomes: list[BaseException] = []

    def compute() -> Draft:
        calls.append(1)
        time.sleep(0.2)
        raise ValueError("internal detail that must not reach users")

    def ask() -> None:
        try:
            RedisFlight(redis_client, poll_seconds=0.01).run("draft:buggy", lambda: None, compute)
        except Exception as exc:
            outcomes.append(exc)

    run_concurrently(lambda _: ask(), 6)
    assert len(calls) == 1
    waiters = [e for e in outcomes if isinstance(e, BriefError)]
    assert len(waiters) == 5
    assert all("internal detail" not in str(e) for e in waiters)


def test_threads_of_one_process_wait_locally_and_compute_once(redis_client: redis.Redis) -> None:
    cache = RedisCache(redis_client, ttl_seconds=300)
    flight = RedisFlight(redis_client, poll_seconds=0.01)  # shared: one worker process
    calls = []

    def compute() -> Draft:
        calls.append(1)
        time.sleep(0.2)
        cache.put_draft(ARTICLE.sha256, INFO, DRAFT)
        return DRAFT

    results: list[Draft] = []
    run_concurrently(
        lambda _: results.append(
            flight.run("draft:y", lambda: cache.get_draft(ARTICLE.sha256, INFO), compute)
        ),
        10,
    )
    assert calls == [1]
    assert results == [DRAFT] * 10


def test_persistence_is_read_from_redis_and_warned_about_when_off(
    redis_client: redis.Redis, caplog: pytest.LogCaptureFixture
) -> None:
    assert persistence(redis_client) == "off"  # the suite's server: --save "" --appendonly no
    with caplog.at_level(logging.WARNING):
        warn_without_persistence(redis_client)
    assert "jobs queued when it restarts are lost" in caplog.text
    redis_client.config_set("appendonly", "yes")
    try:
        assert persistence(redis_client) == "on"
        caplog.clear()
        warn_without_persistence(redis_client)
        assert caplog.text == ""
    finally:
        redis_client.config_set("appendonly", "no")
