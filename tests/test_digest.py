"""The daily digest's parts: when it is due (daylight saving both ways), the clock queueing it
once, the index, feeds read through the real fetcher from a local feed server, the builder,
and the rendering within Block Kit limits. Time is passed in: nothing here waits."""

from __future__ import annotations

import ipaddress
import json
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import redis

from bot.article.content import FEED_TYPES
from bot.article.fetch import SafeFetcher
from bot.article.model import Article
from bot.briefs import Brief, SummaryPoint
from bot.clock import Clock, enqueue_due
from bot.digest.build import DigestBuilder
from bot.digest.feeds import FeedError, read_feed, same_link
from bot.digest.model import Digest, DigestLine
from bot.digest.schedule import DigestTime
from bot.engines.extractive import ExtractiveEngine
from bot.pipeline import Pipeline
from bot.queue import build_broker
from bot.render.digest import quiet_day, render_digest
from bot.store.briefed import BriefedIndex
from tests.fakes.page_server import PageServer, send
from tests.fakes.slack_blocks import block_errors, blocks_text_length

LONDON = ZoneInfo("Europe/London")
EIGHT = DigestTime(hour=8, minute=0, zone=LONDON, grace=timedelta(hours=6))
ARTICLE = (Path(__file__).parent / "fixtures" / "pages" / "ferry-fares.html").read_bytes()


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- when ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (date(2026, 3, 28), 8),  # Saturday before the spring change: GMT
        (date(2026, 3, 29), 7),  # the change's day: 08:00 BST
        (date(2026, 10, 24), 7),  # Saturday before the autumn change: BST
        (date(2026, 10, 25), 8),  # the change's day: 08:00 GMT again
    ],
)
def test_the_digest_is_at_eight_local_on_both_sides_of_each_clock_change(
    day: date, utc_hour: int
) -> None:
    assert EIGHT.scheduled(day).astimezone(UTC) == utc(day.year, day.month, day.day, utc_hour)
    trigger = EIGHT.trigger()  # what the clock process fires: the same instants
    before = utc(day.year, day.month, day.day) - timedelta(hours=12)
    assert trigger.get_next_fire_time(None, before).astimezone(UTC) == EIGHT.scheduled(day)


def test_due_within_the_grace_and_never_before_or_after() -> None:
    change = date(2026, 3, 29)
    assert EIGHT.due(utc(2026, 3, 29, 6, 59)) is None  # 07:59 BST: not yet
    assert EIGHT.due(utc(2026, 3, 29, 7, 0)) == change  # 08:00 BST
    assert EIGHT.due(utc(2026, 3, 29, 12, 59)) == change  # 13:59: within 6 h
    assert EIGHT.due(utc(2026, 3, 29, 13, 1)) is None  # 14:01: too late
    assert not EIGHT.is_stale(change, utc(2026, 3, 29, 12, 0))
    assert EIGHT.is_stale(change, utc(2026, 3, 29, 13, 1))


def test_a_grace_past_midnight_still_means_yesterdays_digest() -> None:
    late = DigestTime(hour=23, minute=0, zone=LONDON, grace=timedelta(hours=3))
    assert late.due(utc(2026, 1, 2, 1, 0)) == date(2026, 1, 1)


# --- the clock -------------------------------------------------------------------------


def _queued(client: redis.Redis) -> int:
    return int(client.hlen("brief-jobs:briefs.msgs"))


def test_two_clocks_queue_one_digest(redis_client: redis.Redis) -> None:
    broker = build_broker(redis_client)
    at = utc(2026, 6, 1, 7, 0)  # 08:00 BST
    clocks = [
        Clock(redis_client, broker, EIGHT, team_id="T1", channel_id="C1", now=at.timestamp)
        for _ in range(2)
    ]
    assert [clock.fire() for clock in clocks] == ["2026-06-01", None]
    assert _queued(redis_client) == 1


def test_a_clock_restarted_within_the_grace_queues_it_once_and_after_it_not_at_all(
    redis_client: redis.Redis,
) -> None:
    broker = build_broker(redis_client)

    def fire(at: datetime) -> str | None:
        return enqueue_due(redis_client, broker, EIGHT, team_id="T1", channel_id="C1", now=at)

    assert fire(utc(2026, 6, 1, 6, 0)) is None  # 07:00 BST: not due
    assert fire(utc(2026, 6, 1, 10, 0)) == "2026-06-01"  # nothing ran at 08:00: caught up
    assert fire(utc(2026, 6, 1, 10, 5)) is None  # restarted again: already queued
    assert fire(utc(2026, 6, 2, 14, 0)) is None  # next day, after 14:00 BST: stale
    assert _queued(redis_client) == 1


# --- the index -------------------------------------------------------------------------


def brief(n: int, *, url: str | None = None, genre: str = "news") -> Brief:
    article = Article(
        title=f"Story {n}: council acts",
        url=url or f"https://news.example/{n}",
        genre="opinion" if genre == "opinion" else "news",
        paragraphs=[f"The council acted on item {n} on Monday, officials said.", "More."],
    )
    lead = SummaryPoint(text=f"The council acted on item {n}.", paragraphs=[1])
    return Brief(
        article=article,
        summary=[lead],
        quotes=[],
        explainers=[],
        engine="extractive",
        model=None,
        prompt_version=None,
    )


def test_the_index_lists_the_window_newest_first_with_every_channel(
    redis_client: redis.Redis,
) -> None:
    index = BriefedIndex(redis_client)
    now = time.time()
    index.record("T1", "C1", "1.1", brief(1), at=now - 3 * 3600)
    index.record("T1", "C2", "2.1", brief(1), at=now - 3600)  # the same story elsewhere
    index.record("T1", "C1", "1.2", brief(2), at=now - 2 * 3600)
    index.record("T1", "C1", "1.3", brief(3), at=now - 30 * 3600)  # before the window
    index.record("T2", "C1", "9.9", brief(4), at=now - 3600)  # another workspace
    entries = index.entries("T1", since=now - 24 * 3600, until=now)
    assert [e.title for e in entries] == ["Story 1: council acts", "Story 2: council acts"]
    assert {p.channel for p in entries[0].posts} == {"C1", "C2"}
    # an older post of a story is not today's: only the window's posts count
    index.record("T1", "C9", "9.1", brief(2), at=now - 40 * 3600)
    (story2,) = [
        e for e in index.entries("T1", since=now - 24 * 3600, until=now) if "2" in str(e.title)
    ]
    assert {p.channel for p in story2.posts} == {"C1"}
    assert entries[0].summary == "The council acted on item 1."


# --- feeds -----------------------------------------------------------------------------

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Ferry fares to rise</title><link>{base}/ferry</link>
<pubDate>{recent}</pubDate></item>
<item><title>Old news</title><link>{base}/old</link><pubDate>{old}</pubDate></item>
<item><title>No date</title><link>{base}/undated</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Desk</title><entry><title>Council story</title><link href="{base}/council"/>
<updated>{recent}</updated><id>c1</id></entry></feed>"""


def _rfc822(at: float) -> str:
    return time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(at))


@pytest.fixture
def feeds() -> Iterator[PageServer]:
    site = PageServer()
    now = time.time()
    base = site.url("")
    rss = RSS.format(base=base, recent=_rfc822(now - 3600), old=_rfc822(now - 5 * 86400))
    atom = ATOM.format(
        base=base, recent=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 7200))
    )
    site.routes["/rss"] = lambda h: send(h, 200, rss.encode(), "application/rss+xml")
    site.routes["/atom"] = lambda h: send(h, 200, atom.encode(), "application/atom+xml")
    site.routes["/broken"] = lambda h: send(h, 500, b"oops")
    site.routes["/notfeed"] = lambda h: send(h, 200, b"{not xml", "application/xml")
    site.routes["/ferry"] = lambda h: send(h, 200, ARTICLE)
    site.routes["/council"] = lambda h: send(h, 200, ARTICLE.replace(b"18%", b"19%"))
    with site:
        yield site


def fetcher(*, feeds: bool = True) -> SafeFetcher:
    return SafeFetcher(
        timeout=2,
        max_bytes=1_000_000,
        max_redirects=2,
        allowed_networks=[ipaddress.ip_network("127.0.0.0/8")],
        user_agent="test",
        also_types=FEED_TYPES if feeds else frozenset(),
    )


def test_rss_and_atom_are_read_through_the_safe_fetcher(feeds: PageServer) -> None:
    rss = read_feed(fetcher(), feeds.url("/rss"))
    assert [i.title for i in rss] == ["Ferry fares to rise", "Old news", "No date"]
    assert rss[2].published is None
    (atom,) = read_feed(fetcher(), feeds.url("/atom"))
    assert atom.link == feeds.url("/council")
    with pytest.raises(FeedError):
        read_feed(fetcher(feeds=False), feeds.url("/rss"))  # an article fetcher refuses feeds
    with pytest.raises(FeedError):
        read_feed(fetcher(), feeds.url("/notfeed"))


def test_links_are_the_same_story_whatever_their_dressing() -> None:
    assert same_link("http://News.example/a/#top") == same_link("https://news.example/a")
    assert same_link("https://news.example/a?id=1") != same_link("https://news.example/a?id=2")


def builder(
    index: BriefedIndex, feeds: PageServer, urls: list[str], cap: int = 10
) -> DigestBuilder:
    pipeline = Pipeline(fetcher=fetcher(feeds=False), engine=ExtractiveEngine())
    return DigestBuilder(
        index=index, pipeline=pipeline, feed_fetcher=fetcher(), feeds=urls, max_new_briefs=cap
    )


def test_the_digest_lists_briefs_then_new_feed_items_once_and_names_failed_feeds(
    redis_client: redis.Redis, feeds: PageServer
) -> None:
    index = BriefedIndex(redis_client)
    now = time.time()
    # the ferry story was briefed in Slack from the same link the feed gives
    index.record("T1", "C1", "1.1", brief(1, url=feeds.url("/ferry")), at=now - 600)
    urls = [feeds.url("/rss"), feeds.url("/atom"), feeds.url("/broken")]
    digest = builder(index, feeds, urls).build(
        "T1", date="2026-06-01", since=now - 86400, until=now
    )
    assert [line.url for line in digest.briefed] == [feeds.url("/ferry")]
    assert [line.url for line in digest.from_feeds] == [
        feeds.url("/council")
    ]  # once; old/undated out
    assert digest.from_feeds[0].summary  # briefed through the pipeline
    assert len(digest.failed_feeds) == 1
    assert digest.failed_feeds[0].startswith("127.0.0.1 (")


def test_past_the_cap_feed_items_are_listed_by_headline_only(
    redis_client: redis.Redis, feeds: PageServer
) -> None:
    now = time.time()
    digest = builder(
        BriefedIndex(redis_client), feeds, [feeds.url("/rss"), feeds.url("/atom")], cap=1
    ).build("T1", date="2026-06-01", since=now - 86400, until=now)
    assert [bool(line.summary) for line in digest.from_feeds] == [True, False]
    assert digest.headlines_only == 1


# --- rendering -------------------------------------------------------------------------


def _line(n: int, **extra: object) -> DigestLine:
    values: dict[str, object] = {
        "title": f"Story {n} <!channel> `x`",
        "url": f"https://news.example/{n}",
        "summary": "The council said @here it would act. " * 12,
        "paragraphs": [1, 2],
        "thread": ("C1", f"1700000000.{n:06d}", None),
        "channels": 2,
    }
    values.update(extra)
    return DigestLine.model_validate(values)


def test_a_day_of_150_articles_fits_slacks_limits_in_a_post_and_its_replies() -> None:
    digest = Digest(
        date="2026-06-01",
        since=time.time() - 86400,
        until=time.time(),
        briefed=[_line(n) for n in range(120)],
        from_feeds=[_line(n, feed="wire.example", thread=None, channels=0) for n in range(30)],
        failed_feeds=["bad.example (the site answered 500)"],
    )
    messages = render_digest(digest, workspace_url="https://newsroom.slack.com/", zone=LONDON)
    assert len(messages) > 1
    shown = 0
    for message in messages:
        assert block_errors(message.blocks) == []
        assert len(message.blocks) <= 50
        assert blocks_text_length(message.blocks) <= 12_000
        shown += sum(
            1
            for b in message.blocks
            if b.get("block_id", "").startswith(("digest-b", "digest-f"))
            and b["block_id"][8:].isdigit()
        )
    assert shown == 150
    body = json.dumps([m.blocks for m in messages])
    assert "<!channel>" not in body
    assert "@here" not in body
    assert "https://newsroom.slack.com/archives/C1/p1700000000000001" in body


def test_a_hostile_feed_item_cannot_break_the_post() -> None:
    """A 1,990-character link and a title of 200 ampersands (each escaped to five units):
    the item still fits its section, without its link if need be."""
    worst = _line(
        1,
        url="https://feed.example/" + "a" * 1970,
        title="&" * 400,
        summary="&<>" * 400,
        thread=("C1", "1700000000.000001", "1699999999.000001"),
    )
    digest = Digest(date="2026-06-01", since=0, until=1, briefed=[worst], from_feeds=[worst])
    for message in render_digest(digest, workspace_url="https://n.slack.com/", zone=LONDON):
        assert block_errors(message.blocks) == []


def test_a_brief_posted_in_a_thread_links_to_its_reply() -> None:
    line = _line(1, thread=("C1", "1700000000.000002", "1700000000.000001"))
    digest = Digest(date="2026-06-01", since=0, until=1, briefed=[line])
    (message,) = render_digest(digest, workspace_url="https://n.slack.com/", zone=LONDON)
    assert "p1700000000000002?thread_ts=1700000000.000001&amp;cid=C1" in json.dumps(message.blocks)


def test_an_opinion_piece_is_labelled_and_a_quiet_day_says_so() -> None:
    digest = Digest(date="2026-06-01", since=0, until=1, briefed=[_line(1, genre="opinion")])
    (message,) = render_digest(digest, workspace_url=None, zone=LONDON)
    assert "_opinion_" in json.dumps(message.blocks)
    quiet = quiet_day(Digest(date="2026-06-01", since=0, until=1), zone=LONDON)
    assert "quiet day" in quiet.text
