"""The pipeline's own promises: one draft per article and engine, cached and gated once."""

from __future__ import annotations

import threading
import time

import pytest
import redis

from bot.article.fetch import FetchedPage
from bot.article.model import Article
from bot.briefs import Draft, Dropped, EngineInfo, Evidence, Quote, SummaryPoint
from bot.engines.extractive import ExtractiveEngine
from bot.errors import EngineError
from bot.pipeline import Pipeline
from bot.render.markdown import render_markdown
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


# --- no empty briefs: the extractive fallback --------------------------------------------

STORY = Article(
    title="Harbour council backs a ferry levy",
    paragraphs=[
        "The harbour council voted on Monday to add a levy of 50 pence to every ferry ticket.",
        "The levy will pay for new pontoons at the island landing, the council said.",
        '"We cannot keep patching pontoons that were built in 1974," said harbour master '
        "Ines Dalgado at the meeting.",
        "Ticket sales rose for the third year running, and the council expects more visitors "
        "after the pontoons open next summer.",
        "Residents of the island will be exempt from the levy, under the plan approved on Monday.",
    ],
)


class SmallModel:
    """A model engine whose draft mostly fails the checks: one true point, the rest invented."""

    def __init__(self, *, true_points: int = 1) -> None:
        self.true_points = true_points

    @property
    def info(self) -> EngineInfo:
        return EngineInfo(engine="openai", model="tiny", prompt_version="p1")

    def draft(self, article: Article) -> Draft:
        lede = (
            "The harbour council voted on Monday to add a levy of 50 pence to every ferry ticket."
        )
        true = [SummaryPoint(text=lede, evidence=[Evidence(text=lede, paragraph=1)])]
        invented = SummaryPoint(
            text="The harbour council cancelled every ferry ticket.",
            evidence=[Evidence(text=lede, paragraph=1)],
        )
        return Draft(summary=[*true[: self.true_points], invented], model="tiny-q8")


def test_a_model_draft_left_with_one_point_is_filled_in_and_labelled() -> None:
    pipeline = Pipeline(fetcher=NoFetch(), engine=SmallModel(), fallback=ExtractiveEngine())
    brief = pipeline.brief_article(STORY)
    assert len(brief.summary) >= 2
    assert brief.summary[0].origin == "model"
    assert {p.origin for p in brief.summary[1:]} == {"extracted"}
    assert brief.quotes  # the model gave none: the article's own, marked
    assert {q.origin for q in brief.quotes} == {"extracted"}
    assert brief.note is not None
    assert "kept 1 summary point" in brief.note
    assert brief.model == "tiny-q8"  # the model that answered, not the one configured
    shown = render_markdown(brief)
    assert "(extracted)" in shown
    assert "cancelled every ferry ticket" not in shown.split("## Grounding check")[0]


def test_without_a_fallback_a_model_brief_is_left_as_the_gate_made_it() -> None:
    brief = Pipeline(fetcher=NoFetch(), engine=SmallModel()).brief_article(STORY)
    assert len(brief.summary) == 1
    assert brief.note is None


def test_a_failed_draft_is_cached_briefly_and_a_good_one_for_the_ttl(
    redis_client: redis.Redis,
) -> None:
    """A draft that left fewer than two points is kept for a minute (for requests waiting on
    the same call), so "try again" asks the model anew instead of getting it for a day."""
    cache = RedisCache(redis_client, ttl_seconds=86_400)
    for engine, longest in ((SmallModel(true_points=0), 60), (GoodModel(), 86_400)):
        pipeline = Pipeline(fetcher=NoFetch(), engine=engine, cache=cache)
        pipeline.draft(STORY)
        model = str(engine.info.model)
        (key,) = [k for k in redis_client.scan_iter("brief:draft:*") if model.encode() in k]
        ttl = int(redis_client.ttl(key))
        assert longest - 5 < ttl <= longest
        redis_client.delete(key)


class GoodModel(SmallModel):
    @property
    def info(self) -> EngineInfo:
        return EngineInfo(engine="openai", model="good", prompt_version="p1")

    def draft(self, article: Article) -> Draft:
        points = [
            SummaryPoint(text=p, evidence=[Evidence(text=p, paragraph=n)])
            for n, p in enumerate(article.paragraphs[:2], start=1)
        ]
        return Draft(summary=points)


def test_no_quotes_is_said_only_when_the_article_has_none() -> None:
    pipeline = Pipeline(fetcher=NoFetch(), engine=GoodModel())
    brief = pipeline.brief_article(STORY)
    assert brief.quotes == []
    assert "(no quotes kept)" in render_markdown(brief)
    dropped = brief.model_copy(
        update={"dropped": [Dropped(kind="quote", text="x", reason="not in the article")] * 2}
    )
    assert "(2 quotes were dropped by the checks)" in render_markdown(dropped)
    plain = STORY.model_copy(update={"paragraphs": [p.replace('"', "") for p in STORY.paragraphs]})
    assert "(no quotes in the article)" in render_markdown(
        brief.model_copy(update={"article": plain})
    )


class UnusableModel(SmallModel):
    """A model that answers, but unusably (cut off, say), or whose service is down."""

    def __init__(self, *, answered: bool) -> None:
        super().__init__()
        self.answered = answered

    def draft(self, article: Article) -> Draft:
        raise EngineError(
            "The language model's answer was cut off before it was complete.",
            detail="finish_reason=length",
            answered=self.answered,
        )


def test_a_model_that_answered_unusably_gets_the_extractive_brief_with_a_note() -> None:
    engine = UnusableModel(answered=True)
    brief = Pipeline(fetcher=NoFetch(), engine=engine, fallback=ExtractiveEngine()).brief_article(
        STORY
    )
    assert len(brief.summary) >= 2
    assert {p.origin for p in brief.summary} == {"extracted"}
    assert brief.note is not None
    assert "cut off" in brief.note


def test_a_service_failure_is_still_a_clear_error_not_a_silent_fallback() -> None:
    engine = UnusableModel(answered=False)
    pipeline = Pipeline(fetcher=NoFetch(), engine=engine, fallback=ExtractiveEngine())
    with pytest.raises(EngineError):
        pipeline.brief_article(STORY)


def test_everyone_waiting_on_an_unusable_answer_gets_the_extractive_brief(
    redis_client: redis.Redis,
) -> None:
    """The failure is shared through Redis for a few seconds (one model call for all): it
    must carry that the model answered, so every asker gets the fallback, not an error."""
    engine = UnusableModel(answered=True)

    def pipeline() -> Pipeline:
        return Pipeline(
            fetcher=NoFetch(),
            engine=engine,
            cache=RedisCache(redis_client, ttl_seconds=60),
            flight=RedisFlight(redis_client, poll_seconds=0.01),
            fallback=ExtractiveEngine(),
        )

    first, second = pipeline().brief_article(STORY), pipeline().brief_article(STORY)
    for brief in (first, second):
        assert brief.note is not None
        assert "cut off" in brief.note
        assert {p.origin for p in brief.summary} == {"extracted"}
