"""The pipeline's own promises: one draft per article and engine, cached and gated once."""

from __future__ import annotations

import threading
import time

import pytest
import redis

from bot.article.fetch import FetchedPage
from bot.article.model import Article
from bot.briefs import Draft, EngineInfo, Quote, SummaryPoint
from bot.errors import EngineError
from bot.pipeline import Pipeline
from bot.store import RedisCache
from bot.store.flight import RedisFlight
from tests.concurrency import run_concurrently

ARTICLE = Article(
    title="Ferry fares rise",
    paragraphs=[
        "Ferry fares will rise by 18% from April, the harbour authority said.",
        '"We have held fares for eight years," said Tobias Wren, who chairs the authority.',
        "The board voted for the rise at its monthly meeting, after fuel and crew costs "
        "climbed for a third year running.",
        "Season tickets for island residents are not affected and will stay at their "
        "current price until at least next spring.",
    ],
)


class CountingEngine:
    """An engine that drafts from the article and counts its calls (a test double, not a mock)."""

    def __init__(self) -> None:
        self.calls = 0
        self._lock = threading.Lock()

    @property
    def info(self) -> EngineInfo:
        return EngineInfo(engine="counting", model="m", prompt_version="v1")

    def draft(self, article: Article) -> Draft:
        with self._lock:
            self.calls += 1
        return Draft(
            summary=[SummaryPoint(text=article.paragraphs[0], paragraphs=[1])],
            quotes=[
                Quote(text="We have held fares for eight years", speaker="Tobias Wren", paragraph=2)
            ],
        )


class NoFetch:
    def fetch(self, url: str) -> FetchedPage:
        raise AssertionError("no fetch expected")


def test_briefs_of_one_article_draft_and_gate_once_in_a_process() -> None:
    engine = CountingEngine()
    pipeline = Pipeline(fetcher=NoFetch(), engine=engine)
    first = pipeline.brief_article(ARTICLE)
    second = pipeline.brief_article(ARTICLE)
    assert engine.calls == 1
    assert second is first
    assert [q.speaker for q in first.quotes] == ["Tobias Wren"]


def test_pipelines_sharing_redis_make_one_engine_call(redis_client: redis.Redis) -> None:
    """Two workers (two pipelines) on one Redis: the second reads the first's draft."""
    engine = CountingEngine()

    def pipeline() -> Pipeline:
        return Pipeline(
            fetcher=NoFetch(),
            engine=engine,
            cache=RedisCache(redis_client, ttl_seconds=60),
            flight=RedisFlight(redis_client, poll_seconds=0.01),
        )

    a, b = pipeline(), pipeline()
    assert a.brief_article(ARTICLE).summary == b.brief_article(ARTICLE).summary
    assert engine.calls == 1


def test_concurrent_briefs_of_one_article_draft_once_in_a_process() -> None:
    class SlowEngine(CountingEngine):
        def draft(self, article: Article) -> Draft:
            time.sleep(0.2)
            return super().draft(article)

    engine = SlowEngine()
    pipeline = Pipeline(fetcher=NoFetch(), engine=engine)  # no cache, no Redis: memo only
    results = []
    run_concurrently(lambda _: results.append(pipeline.brief_article(ARTICLE)), 8)
    assert engine.calls == 1
    assert len(results) == 8
    assert all(r is results[0] for r in results)


def test_a_failed_draft_is_not_remembered() -> None:
    class FlakyEngine(CountingEngine):
        def draft(self, article: Article) -> Draft:
            if self.calls == 0:
                self.calls += 1
                raise EngineError("The language model took too long to answer.")
            return super().draft(article)

    pipeline = Pipeline(fetcher=NoFetch(), engine=FlakyEngine())
    with pytest.raises(EngineError):
        pipeline.brief_article(ARTICLE)
    assert pipeline.brief_article(ARTICLE).quotes
