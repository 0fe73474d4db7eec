"""The daily digest end to end: signed `/brief` requests to the real web process, a real
worker, real Redis, the fake Slack and OpenAI servers and a local news site with a feed.
The clock's firing is called directly (its schedule is tested in `test_digest.py`)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import redis

from bot import runtime
from bot.clock import Clock
from bot.digest.schedule import DigestTime
from bot.job_messages import DigestJob
from bot.queue import build_broker
from bot.settings import Settings
from tests.fakes.llm_replies import grounded_default
from tests.fakes.openai_server import FakeOpenAIServer, Reply
from tests.fakes.page_server import PageServer, send
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_workspace import TEAM_ID
from tests.slack_harness import (
    WebServer,
    command_body,
    fake_settings,
    signed_command,
    wait_for,
    worker_running,
)

FERRY = (Path(__file__).parent / "fixtures" / "pages" / "ferry-fares.html").read_bytes()
COUNCIL = FERRY.replace(b"Ferry fares between", b"Council says ferry fares between")
WIRE = FERRY.replace(b"18%", b"21%")
DIGEST = "C0DIGEST"
ZONE = ZoneInfo("Asia/Kolkata")  # UTC+5:30: dates and times are local, never UTC's


def local_today() -> str:
    return datetime.now(ZONE).date().isoformat()


@dataclass
class Day:
    web: WebServer
    slack: FakeSlack
    llm: FakeOpenAIServer
    site: PageServer
    redis: redis.Redis
    settings: Settings

    def brief(self, path: str, channel: str) -> None:
        """/brief, and wait until its job is done (the digest's record is written after
        the post)."""
        before = len(self.posts(channel))
        done = self.jobs_done()
        body = command_body(
            self.site.url(path),
            response_url=self.slack.new_response_url(),
            channel_id=channel,
            team_id=TEAM_ID,
        )
        assert signed_command(self.web, body).status == 200
        wait_for(lambda: len(self.posts(channel)) > before)
        wait_for(lambda: self.jobs_done() > done)

    def jobs_done(self) -> int:
        return len(self.redis.keys("brief:done:*"))

    def posts(self, channel: str) -> list[dict[str, Any]]:
        return [m for m in self.slack.messages(channel) if "bot_id" in m]

    def fire(self) -> str | None:
        when = DigestTime.from_settings(self.settings)
        clock = Clock(
            self.redis, build_broker(self.redis), when, team_id=TEAM_ID, channel_id=DIGEST
        )
        return clock.fire()


@pytest.fixture
def day(redis_url: str, redis_client: redis.Redis) -> Iterator[Day]:
    site = PageServer()
    now = time.time()
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Wire: fares up 21%</title><link>{site.url("/wire")}</link>
<pubDate>{time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(now - 3600))}</pubDate></item>
<item><title>Wire: the ferry story</title><link>{site.url("/ferry")}</link>
<pubDate>{time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(now - 1800))}</pubDate></item>
</channel></rss>"""
    site.routes["/ferry"] = lambda h: send(h, 200, FERRY)
    site.routes["/council"] = lambda h: send(h, 200, COUNCIL)
    site.routes["/wire"] = lambda h: send(h, 200, WIRE)
    site.routes["/feed"] = lambda h: send(h, 200, feed.encode(), "application/rss+xml")
    site.routes["/dead-feed"] = lambda h: send(h, 404, b"gone")
    # A minute ago, in a half-hour time zone (but never yesterday: just after midnight, the
    # digest due is today's at 00:00).
    local = datetime.fromtimestamp(now, ZONE)
    due = max(datetime.fromtimestamp(now - 60, ZONE), local.replace(hour=0, minute=0, second=0))
    with (
        site,
        FakeSlack() as slack,
        FakeOpenAIServer(api_key="test-key", default=grounded_default) as llm,
    ):
        settings = fake_settings(
            redis_url,
            slack.api_url,
            slack.token,
            llm.base_url,
            digest_channel=DIGEST,
            digest_time=f"{due.hour:02d}:{due.minute:02d}",
            digest_timezone=ZONE.key,
            digest_feeds=[site.url("/feed"), site.url("/dead-feed")],
            digest_max_new_briefs=5,
        )
        with WebServer(settings) as web, worker_running(settings):
            yield Day(web, slack, llm, site, redis_client, settings)


def test_the_morning_digest_lists_the_days_briefs_and_new_feed_items_once(day: Day) -> None:
    day.brief("/ferry", "C0NEWS")
    day.brief("/ferry", "C0DESK")  # the same story in a second channel
    day.brief("/council", "C0NEWS")
    calls_before = len(day.llm.requests)
    assert calls_before == 2  # two stories, one model call each

    assert day.fire() is not None
    wait_for(lambda: day.posts(DIGEST))
    (post,) = day.posts(DIGEST)
    body = json.dumps(post["blocks"], ensure_ascii=False)
    assert "Briefed in Slack* (2)" in body
    assert "briefed in 2 channels" in body
    assert "/archives/C0NEWS/p" in body  # a permalink to the brief's thread
    assert "From your feeds* (1)" in body  # the wire story; the ferry item is listed above
    assert "rise 21%" in body  # the wire's story, briefed for the digest
    assert "Feeds that could not be read: 127.0.0.1" in body
    # Cached briefs cost nothing: the one new call is the feed's new story.
    assert len(day.llm.requests) == calls_before + 1

    # A second clock, the schedule again, `--now`: still one digest in the channel today.
    assert day.fire() is None
    assert post["ts"] in runtime.digest_now(day.settings)  # names the digest already there
    assert len(day.posts(DIGEST)) == 1


def test_digest_now_posts_at_once_and_counts_as_the_days(day: Day) -> None:
    day.brief("/ferry", "C0NEWS")
    said = runtime.digest_now(day.settings, channel="C0ELSEWHERE")
    assert "is in C0ELSEWHERE" in said
    assert len(day.posts("C0ELSEWHERE")) == 1
    runtime.digest_now(day.settings, channel="C0ELSEWHERE")
    assert len(day.posts("C0ELSEWHERE")) == 1


def test_brief_digest_previews_today_so_far_to_the_asker_only(day: Day) -> None:
    day.brief("/ferry", "C0NEWS")
    calls = len(day.llm.requests)
    url = day.slack.new_response_url()
    body = command_body("digest", response_url=url, channel_id="C0NEWS", team_id=TEAM_ID)
    result = signed_command(day.web, body)
    assert "digest together" in result.body.decode()
    wait_for(lambda: any("Preview" in str(r.get("text")) for r in day.slack.responses(url)))
    (reply,) = [r for r in day.slack.responses(url) if "Preview" in str(r.get("text"))]
    assert reply["response_type"] == "ephemeral"
    assert "Port Alder ferry fares" in json.dumps(reply["blocks"], ensure_ascii=False)
    assert day.posts(DIGEST) == []  # nothing posted
    assert len(day.llm.requests) == calls  # a preview briefs no feed item


def _job(day: str, channel: str = DIGEST) -> DigestJob:
    return DigestJob(
        request_id=f"r-{day}", team_id=TEAM_ID, channel_id=channel, user_id="", date=day
    )


def test_a_digest_job_that_waited_past_its_grace_posts_nothing(day: Day) -> None:
    day.brief("/ferry", "C0NEWS")
    worker = runtime.build_worker(day.settings)
    try:
        runner = worker.digests
        today = local_today()
        scheduled = runner.when.scheduled(date.fromisoformat(today)).timestamp()
        runner.clock = lambda: scheduled + 7 * 3600  # 7 h late: the grace is 6 h
        runner.run(_job(today))
        assert day.posts(DIGEST) == []
        runner.clock = lambda: scheduled + 5 * 3600  # within the grace: it would post
        runner.run(_job(today))
        assert len(day.posts(DIGEST)) == 1
    finally:
        worker.close()


def test_an_empty_day_posts_nothing_unless_a_quiet_day_line_is_wanted(day: Day) -> None:
    today = local_today()
    for quiet, channel in ((False, "C0Q1"), (True, "C0Q2")):
        settings = day.settings.model_copy(update={"digest_quiet_day": quiet, "digest_feeds": []})
        worker = runtime.build_worker(settings)
        try:
            worker.digests.run(_job(today, channel))
        finally:
            worker.close()
    assert day.posts("C0Q1") == []
    (quiet_line,) = day.posts("C0Q2")
    assert "quiet day" in quiet_line["text"]


def test_the_optional_overview_is_checked_against_the_days_briefs(day: Day) -> None:
    """DIGEST_OVERVIEW: one model call; a sentence the briefs back is shown with the prompt
    version, an invented figure never is."""
    day.brief("/ferry", "C0NEWS")
    day.brief("/council", "C0NEWS")
    today = local_today()
    settings = day.settings.model_copy(update={"digest_overview": True, "digest_feeds": []})
    worker = runtime.build_worker(settings)
    try:
        calls = len(day.llm.requests)
        worker.digests.run(_job(today, "C0OVERVIEW"))
        assert len(day.llm.requests) == calls + 1
        (post,) = day.posts("C0OVERVIEW")
        body = json.dumps(post["blocks"], ensure_ascii=False)
        assert "*The day*" in body
        assert "prompt digest " in body
        invented = {
            "overview": [
                {
                    "text": "Ferry fares will rise by 50% after a unanimous vote.",
                    "evidence": [
                        {"text": "Port Alder ferry fares to rise 18% in spring", "paragraph": 1}
                    ],
                }
            ]
        }
        day.llm.enqueue(Reply.structured(invented))
        worker.digests.run(_job(today, "C0OVERVIEW2"))
        (second,) = day.posts("C0OVERVIEW2")
        assert "*The day*" not in json.dumps(second["blocks"])
        assert "50%" not in json.dumps(second["blocks"])
    finally:
        worker.close()


def test_drafts_and_private_channels_never_reach_the_digest(day: Day) -> None:
    day.slack.private_channels.add("C0PRIVATE")
    day.brief("/ferry", "C0PRIVATE")
    pasted = " ".join(["The council met on Monday and agreed a new ferry timetable."] * 8)
    body = command_body(
        pasted, response_url=day.slack.new_response_url(), channel_id="C0NEWS", team_id=TEAM_ID
    )
    done = day.jobs_done()
    assert signed_command(day.web, body).status == 200
    wait_for(lambda: day.posts("C0NEWS"))
    wait_for(lambda: day.jobs_done() > done)
    day.brief("/council", "C0NEWS")  # a public channel, from a link: listed
    runtime.digest_now(day.settings.model_copy(update={"digest_feeds": []}))
    (post,) = day.posts(DIGEST)
    body_text = json.dumps(post["blocks"], ensure_ascii=False)
    assert "Briefed in Slack* (1)" in body_text
    assert "Council says ferry fares" in body_text
    assert "C0PRIVATE" not in body_text
    assert "timetable" not in body_text


def test_a_digest_slack_refused_is_queued_again_and_posted(day: Day) -> None:
    day.brief("/ferry", "C0NEWS")
    day.slack.fail_next("chat.postMessage", "not_in_channel")  # the bot was not invited yet
    assert day.fire() is not None
    wait_for(lambda: any(not c.ok for c in day.slack.calls_to("chat.postMessage")))
    assert day.posts(DIGEST) == []
    # the failed job released its marker: the clock's next look queues it again
    wait_for(lambda: day.fire() is not None)
    wait_for(lambda: day.posts(DIGEST))
    assert len(day.posts(DIGEST)) == 1
