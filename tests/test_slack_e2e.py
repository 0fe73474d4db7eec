"""`/brief` end to end: signed HTTP requests to the real web process (Bolt under uvicorn),
a real worker (dramatiq threads), real Redis, and fakes at the wire for Slack, the LLM and
the news site. Nothing is patched.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from bot.article.extract import extract_html
from bot.article.plaintext import article_from_text
from bot.job_messages import BriefJob
from bot.queue import build_broker, enqueue
from bot.settings import Settings
from bot.store import keys
from tests.concurrency import run_concurrently
from tests.fakes.llm_replies import grounded_reply
from tests.fakes.openai_server import FakeOpenAIServer, Reply
from tests.fakes.page_server import PageServer, send
from tests.fakes.slack_api import FakeSlack
from tests.redis_server import free_port, redis_process
from tests.slack_harness import (
    SIGNING_SECRET,
    HttpResult,
    WebServer,
    action_body,
    command_body,
    signed_command,
    wait_for,
    worker_running,
)

PAGES = Path(__file__).parent / "fixtures" / "pages"
FERRY = (PAGES / "ferry-fares.html").read_bytes()
EMPTY = (PAGES / "empty-shell.html").read_bytes()


@dataclass
class Env:
    web: WebServer
    slack: FakeSlack
    llm: FakeOpenAIServer
    site: PageServer
    redis: redis.Redis

    def brief(  # type: ignore[no-untyped-def]
        self,
        text: str,
        *,
        channel: str = "C0NEWS",
        trigger_id: str | None = None,
        team: str = "T0NEWSROOM",
    ):
        response_url = self.slack.new_response_url()
        body = command_body(
            text, response_url=response_url, channel_id=channel, trigger_id=trigger_id, team_id=team
        )
        return signed_command(self.web, body), response_url

    def posts(self) -> list[dict[str, object]]:
        return [c.params for c in self.slack.calls_to("chat.postMessage") if c.ok]

    def replies(self, response_url: str) -> list[dict[str, object]]:
        return list(self.slack.responses(response_url))


@dataclass
class Parts:
    """Everything but the Brief processes: settings pointed at the fakes."""

    settings: Settings
    slack: FakeSlack
    llm: FakeOpenAIServer
    site: PageServer


@pytest.fixture
def parts(redis_url: str, redis_client: redis.Redis) -> Iterator[Parts]:
    site = PageServer()
    site.routes["/ferry"] = lambda h: send(h, 200, FERRY)
    site.routes["/empty"] = lambda h: send(h, 200, EMPTY)

    def slow(h: object) -> None:
        site.stop.wait(5)

    site.routes["/slow"] = slow
    with (
        site,
        FakeSlack() as slack,
        FakeOpenAIServer(api_key="test-key", default=grounded_reply) as llm,
    ):
        settings = Settings(
            redis_url=redis_url,
            slack_bot_token=slack.token,
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=slack.api_url,
            engine="openai",
            openai_api_key="test-key",
            openai_base_url=llm.base_url,
            openai_max_retries=1,
            openai_timeout=5,
            fetch_allowed_networks=[ipaddress.ip_network("127.0.0.0/8")],
            fetch_timeout=1,
            worker_threads=16,
            slack_timeout=2,
            rate_limit_per_user=1000,  # the tests send many requests as one user
            rate_limit_per_channel=1000,
        )
        yield Parts(settings=settings, slack=slack, llm=llm, site=site)


@pytest.fixture
def env(parts: Parts, redis_client: redis.Redis) -> Iterator[Env]:
    with WebServer(parts.settings) as web, worker_running(parts.settings):
        yield Env(web=web, slack=parts.slack, llm=parts.llm, site=parts.site, redis=redis_client)


def ack_text(result: HttpResult) -> str:
    """Bolt answers `ack(text=…)` as plain text, and `ack(blocks=…)` as JSON."""
    if result.headers.get("content-type", "").startswith("application/json"):
        return str(json.loads(result.body)["text"])
    return result.body.decode()


def test_brief_is_acked_then_posted_with_blocks(env: Env) -> None:
    url = env.site.url("/ferry")
    result, response_url = env.brief(f"<{url}|ferry story>")
    assert result.status == 200
    assert ack_text(result).startswith("Briefing")

    wait_for(lambda: len(env.posts()) == 1)
    post = env.posts()[0]
    assert post["channel"] == "C0NEWS"
    assert post["unfurl_links"] is False
    blocks = post["blocks"]
    assert isinstance(blocks, list)
    assert blocks[0]["type"] == "header"
    assert "ferry fares" in blocks[0]["text"]["text"].lower()
    flat = json.dumps(blocks)
    assert "AI-generated" in flat
    assert url in flat  # the source link
    assert "We have held fares for eight years" in flat  # a verbatim quote survived the gate
    assert isinstance(post["text"], str)
    assert post["text"]
    # One LLM call, one fetch; the thread is recorded for Q&A.
    assert len(env.llm.requests) == 1
    assert sum(1 for s in env.site.seen if s["path"] == "/ferry") == 1
    ts = env.slack.messages("C0NEWS")[0]["ts"]
    wait_for(
        lambda: env.redis.exists(keys.thread("T0NEWSROOM", "C0NEWS", str(ts)))
    )  # written right after the post
    assert env.replies(response_url) == []  # nothing went wrong, nothing more to say


def test_nothing_of_one_requests_source_reaches_another_team(env: Env) -> None:
    """Team A briefs a private preview link; team B pastes the same story's text; team C
    links it after the paste. Each post shows its own source, and no other team's link."""
    secret = env.site.url("/ferry?preview_token=SECRET-A1")
    story = extract_html(FERRY, url=secret)
    pasted = "\n\n".join([story.title or "", *story.paragraphs])
    assert article_from_text(pasted).paragraphs == story.paragraphs  # the same text

    env.brief(f"<{secret}>", team="T0TEAMA", channel="C0A")
    wait_for(lambda: len(env.posts()) == 1)
    env.brief(pasted, team="T0TEAMB", channel="C0B")
    wait_for(lambda: len(env.posts()) == 2)
    public = env.site.url("/ferry")
    env.brief(f"<{public}>", team="T0TEAMC", channel="C0C")
    wait_for(lambda: len(env.posts()) == 3)

    by_channel = {str(p["channel"]): json.dumps(p) for p in env.posts()}
    assert "SECRET-A1" in by_channel["C0A"]
    assert "SECRET-A1" not in by_channel["C0B"]
    assert "SECRET-A1" not in by_channel["C0C"]
    assert "Source: pasted text" in by_channel["C0B"]
    assert public in by_channel["C0C"]
    assert "pasted text" not in by_channel["C0C"]
    assert len(env.llm.requests) <= 3  # drafts may be shared; sources never are


def test_a_post_slack_answers_late_is_not_posted_again_by_the_users_retry(env: Env) -> None:
    """Slack stores the brief but answers after the client's 2 s time-out: the worker finds
    the post in the channel, says nothing went wrong, and the user's retry gets a link."""
    env.slack.answer_late_next("chat.postMessage", 3.0)
    url = env.site.url("/ferry")
    _, first_reply_url = env.brief(f"<{url}>")
    wait_for(lambda: env.slack.calls_to("conversations.history"))  # the outcome was unknown
    wait_for(lambda: env.redis.get(keys.post_attempt("T0NEWSROOM", "C0NEWS", _sha(env))) is None)
    _, retry_url = env.brief(f"<{url}>")
    wait_for(lambda: env.replies(retry_url))
    assert len(env.slack.messages("C0NEWS")) == 1
    assert "already briefed in this channel" in str(env.replies(retry_url)[0]["text"])
    assert env.replies(first_reply_url) == []  # no "failed" message for a post that happened


def _sha(env: Env) -> str:
    """The one article the fake site serves, as the ledger keys it."""
    return extract_html(FERRY, url=env.site.url("/ferry")).sha256


def test_forged_and_stale_signatures_are_rejected(env: Env) -> None:
    body = command_body("https://news.example/a", response_url=env.slack.new_response_url())
    forged = signed_command(env.web, body, secret="not-the-secret")
    stale = signed_command(env.web, body, timestamp=int(time.time()) - 6 * 60)
    unsigned = env.web.request(
        "POST", "/slack/events", body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert (forged.status, stale.status, unsigned.status) == (401, 401, 401)
    time.sleep(0.3)
    assert env.posts() == []
    assert env.llm.requests == []


def test_a_duplicated_request_posts_once(env: Env) -> None:
    url = env.site.url("/ferry")
    first, _ = env.brief(url, trigger_id="trig.same")
    second, _ = env.brief(url, trigger_id="trig.same")
    assert first.status == second.status == 200
    wait_for(lambda: len(env.posts()) == 1)
    time.sleep(0.5)
    assert len(env.posts()) == 1


def test_same_article_again_in_a_channel_gets_a_link_not_a_second_post(env: Env) -> None:
    url = env.site.url("/ferry")
    env.brief(url)
    wait_for(lambda: len(env.posts()) == 1)
    _, response_url = env.brief(url)
    wait_for(lambda: len(env.replies(response_url)) == 1)
    reply = env.replies(response_url)[0]
    assert "already briefed" in str(reply["text"])
    assert "slack.com/archives/C0NEWS" in str(reply["text"])
    assert reply.get("response_type") == "ephemeral"
    assert len(env.posts()) == 1
    assert len(env.llm.requests) == 1
    assert sum(1 for s in env.site.seen if s["path"] == "/ferry") == 1


def test_twenty_concurrent_requests_one_llm_call_one_post_per_channel(env: Env) -> None:
    env.llm.default = lambda body: grounded_reply(body, delay=0.5)
    url = env.site.url("/ferry")
    channels = [f"C0CHAN{i}" for i in range(4)]
    results: list[tuple[object, str]] = []
    lock = threading.Lock()

    def fire(i: int) -> None:
        outcome = env.brief(url, channel=channels[i % 4])
        with lock:
            results.append(outcome)

    run_concurrently(fire, 20)
    assert all(getattr(r, "status", 0) == 200 for r, _ in results)

    def all_answered() -> bool:
        return len(env.posts()) == 4 and sum(len(env.replies(u)) for _, u in results) == 16

    wait_for(all_answered, timeout=30)
    assert sorted(str(p["channel"]) for p in env.posts()) == sorted(channels)
    assert len(env.llm.requests) == 1
    assert sum(1 for s in env.site.seen if s["path"] == "/ferry") == 1
    for _, response_url in results:
        for reply in env.replies(response_url):
            assert "already briefed" in str(reply["text"])


def test_help_and_empty_give_usage(env: Env) -> None:
    for text in ("", "help"):
        result, _ = env.brief(text)
        assert result.status == 200
        assert "/brief <article link>" in ack_text(result)


def test_unusable_text_is_explained_in_the_ack(env: Env) -> None:
    result, _ = env.brief("what is this")
    assert "neither a link" in ack_text(result)
    time.sleep(0.2)
    assert env.posts() == []


@pytest.mark.parametrize(
    ("path_or_url", "expected"),
    [
        ("http://169.254.169.254/latest/meta-data/", "won't fetch"),
        ("/empty", "paste"),
        ("/missing", "404"),
        ("/slow", "took longer"),
    ],
)
def test_failures_reach_the_user_in_plain_words(env: Env, path_or_url: str, expected: str) -> None:
    url = env.site.url(path_or_url) if path_or_url.startswith("/") else path_or_url
    _, response_url = env.brief(url)
    wait_for(lambda: len(env.replies(response_url)) == 1)
    text = str(env.replies(response_url)[0]["text"])
    assert expected in text.lower()
    assert "Traceback" not in text
    assert "Error(" not in text
    assert env.posts() == []


def test_llm_unavailable_after_retries_is_a_plain_message(env: Env) -> None:
    env.llm.enqueue(Reply.server_error(), Reply.server_error())
    _, response_url = env.brief(env.site.url("/ferry"))
    wait_for(lambda: len(env.replies(response_url)) == 1)
    text = str(env.replies(response_url)[0]["text"])
    assert "language model" in text
    assert "try again in a few minutes" in text
    assert "extractive engine" not in text  # an operator's choice, not the user's
    assert "something went wrong on our side" not in text  # not the apology for a crash
    assert len(env.llm.requests) == 2  # the SDK retried once (OPENAI_MAX_RETRIES=1)
    assert env.posts() == []


def test_bot_not_in_channel_tells_the_user_to_invite_it(env: Env) -> None:
    env.slack.channels_without_bot.add("C0PRIVATE")
    _, response_url = env.brief(env.site.url("/ferry"), channel="C0PRIVATE")
    wait_for(lambda: len(env.replies(response_url)) == 1)
    assert "/invite @Brief" in str(env.replies(response_url)[0]["text"])
    # The failed claim is released: after inviting the bot, the brief can be posted.
    env.slack.channels_without_bot.discard("C0PRIVATE")
    env.brief(env.site.url("/ferry"), channel="C0PRIVATE")
    wait_for(lambda: len(env.posts()) == 1)


def test_quotes_part_is_an_ephemeral_reply(env: Env) -> None:
    _, response_url = env.brief(f"quotes {env.site.url('/ferry')}")
    wait_for(lambda: len(env.replies(response_url)) == 1)
    reply = env.replies(response_url)[0]
    assert reply.get("response_type") == "ephemeral"
    assert "We have held fares" in json.dumps(reply.get("blocks"))
    assert env.posts() == []


def test_healthz_reports_redis(env: Env) -> None:
    result = env.web.request("GET", "/healthz")
    assert result.status == 200
    assert json.loads(result.body) == {"ok": True, "redis": "ok"}


def test_redis_down_still_acks_in_time_with_a_plain_message() -> None:
    """With Redis unreachable the request cannot be queued: say so, well inside 3 s."""
    with FakeSlack() as slack:
        settings = Settings(
            redis_url=f"redis://127.0.0.1:{free_port()}/0",
            slack_bot_token=slack.token,
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=slack.api_url,
        )
        with WebServer(settings) as web:
            body = command_body("https://news.example/story", response_url=slack.new_response_url())
            result = signed_command(web, body)
            assert result.status == 200
            assert result.elapsed < 3.0
            assert "can't take new requests" in ack_text(result)
            health = web.request("GET", "/healthz")
            assert health.status == 503
            assert json.loads(health.body)["redis"] == "unreachable"


def test_explain_part_answers_with_the_explainer(env: Env) -> None:
    explainer = {
        "term": "Port Alder Harbour Authority",
        "text": "Chaired by Tobias Wren.",
        "evidence": [{"text": "who chairs the Port Alder Harbour Authority", "paragraph": 3}],
        "background": False,
    }
    env.llm.enqueue(Reply.structured({"summary": [], "quotes": [], "explainers": [explainer]}))
    _, response_url = env.brief(f"explain harbour authority {env.site.url('/ferry')}")
    wait_for(lambda: len(env.replies(response_url)) == 1)
    reply = json.dumps(env.replies(response_url)[0])
    assert "Port Alder Harbour Authority" in reply
    assert "Chaired by Tobias Wren" in reply
    assert env.posts() == []


def _sources_button(post: dict[str, object]) -> str:
    blocks = json.loads(str(post["blocks"])) if isinstance(post["blocks"], str) else post["blocks"]
    assert isinstance(blocks, list)
    (actions,) = [b for b in blocks if b["type"] == "actions"]
    (button,) = actions["elements"]
    assert button["action_id"] == "brief_sources"
    return str(button["value"])


def test_the_sources_button_shows_each_items_sentences_to_the_asker_only(env: Env) -> None:
    """A signed click on "Sources" under a posted brief: an ephemeral reply quoting the
    article's sentences for every item; from another workspace, the same click finds
    nothing (the record is keyed by team); nothing new is posted in the channel."""
    env.brief(env.site.url("/ferry"))
    wait_for(lambda: len(env.posts()) == 1)
    (post_call,) = [c for c in env.slack.calls_to("chat.postMessage") if c.ok]
    ts = str(post_call.response["ts"])
    value = _sources_button(post_call.params)

    def click(team: str) -> list[dict[str, object]]:
        url = env.slack.new_response_url()
        body = action_body(
            action_id="brief_sources",
            value=value,
            team_id=team,
            channel_id="C0NEWS",
            message_ts=ts,
            response_url=url,
        )
        assert signed_command(env.web, body).status == 200
        wait_for(lambda: len(env.replies(url)) == 1)
        return env.replies(url)

    (reply,) = click("T0NEWSROOM")
    assert reply["response_type"] == "ephemeral"
    shown = json.dumps(reply["blocks"], ensure_ascii=False)
    assert "Summary 1" in shown
    lede = extract_html(FERRY, url=env.site.url("/ferry")).paragraphs[0]
    assert "¶1 “" + lede.split(". ")[0][:60] in shown  # the model's first point rests on ¶1
    (elsewhere,) = click("T0OTHER")
    assert "no longer stored" in str(elsewhere["text"])
    assert len(env.posts()) == 1


def test_a_model_draft_that_fails_the_checks_is_never_posted_as_an_empty_brief(
    env: Env,
) -> None:
    """The model invents everything (each claim citing a real sentence): the gate drops it
    all, and the channel gets the article's own sentences, marked extracted, with a note."""
    lede = extract_html(FERRY, url=env.site.url("/ferry")).paragraphs[0]
    invented = {
        "summary": [
            {
                "text": "The ferry service was cancelled for good.",
                "evidence": [{"text": lede, "paragraph": 1}],
            },
            {
                "text": "Every item is checked against the article.",
                "evidence": [{"text": lede, "paragraph": 1}],
            },
        ],
        "quotes": [{"text": "We will scrap the ferries", "speaker": "Tobias Wren", "paragraph": 2}],
        "explainers": [],
    }
    env.llm.enqueue(Reply.structured(invented))
    env.brief(env.site.url("/ferry"))
    wait_for(lambda: len(env.posts()) == 1)
    shown = json.dumps(env.posts()[0], ensure_ascii=False)
    assert "cancelled for good" not in shown
    assert "checked against the article" not in shown
    assert "extracted" in shown
    assert "kept 0 summary points" in shown


def test_a_rate_limited_post_is_retried_and_lands_once(env: Env) -> None:
    env.slack.rate_limit_next("chat.postMessage", retry_after=1)
    env.brief(env.site.url("/ferry"))
    wait_for(lambda: len(env.posts()) == 1)
    attempts = env.slack.calls_to("chat.postMessage")
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].time - attempts[0].time >= 0.9  # Retry-After was honoured
    time.sleep(0.3)
    assert len(env.posts()) == 1


def test_an_acknowledged_request_survives_a_web_restart(parts: Parts) -> None:
    """The job is in Redis before the ack: with the web process gone, a worker still posts it."""
    with WebServer(parts.settings) as web:
        body = command_body(parts.site.url("/ferry"), response_url=parts.slack.new_response_url())
        result = signed_command(web, body)
        assert result.status == 200
    assert parts.slack.calls_to("chat.postMessage") == []
    with worker_running(parts.settings):
        wait_for(lambda: len(parts.slack.calls_to("chat.postMessage")) == 1)


def test_a_stalled_redis_never_holds_an_ack_past_slacks_3_s(tmp_path: Path) -> None:
    """Redis stopped (SIGSTOP: connections open, nothing answers). Ten /brief and a /brief
    help at once: every ack within 3 s, help at once, and, once Redis resumes, briefs
    are taken again (so the refusals were Redis's stall, not a broken app)."""
    with redis_process(tmp_path) as (url, proc), FakeSlack() as slack:
        settings = Settings(
            redis_url=url,
            slack_bot_token=slack.token,
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=slack.api_url,
        )
        with WebServer(settings) as web:
            warm = signed_command(web, command_body("https://news.example/a", response_url="x"))
            assert ack_text(warm).startswith("Briefing")  # it works while Redis answers
            os.kill(proc.pid, signal.SIGSTOP)
            try:
                results: dict[int, HttpResult] = {}

                def send(i: int) -> None:
                    text = "help" if i == 10 else f"https://news.example/story-{i}"
                    body = command_body(text, response_url=slack.new_response_url())
                    results[i] = signed_command(web, body)

                run_concurrently(send, 11)
                assert all(r.status == 200 for r in results.values())
                assert max(r.elapsed for r in results.values()) < 3.0
                assert results[10].elapsed < 1.0
                assert "/brief" in ack_text(results[10])  # the usage text, without Redis
                assert all("can't take new requests" in ack_text(results[i]) for i in range(10))
                health = web.request("GET", "/healthz")
                assert health.status == 503
                assert health.elapsed < 3.0
            finally:
                os.kill(proc.pid, signal.SIGCONT)
            wait_for(lambda: web.request("GET", "/healthz").status == 200)
            again = signed_command(web, command_body("https://news.example/b", response_url="y"))
            assert ack_text(again).startswith("Briefing")


def test_a_worker_killed_mid_brief_is_replaced_within_seconds(parts: Parts) -> None:
    """A real `python -m bot worker` is SIGKILLed while its LLM call is in flight. Its job
    is redelivered, its single-flight lease lapses, and a second worker posts the brief
    once, well inside a minute; the user heard "still working" meanwhile."""
    settings = parts.settings.model_copy(update={"still_working_seconds": 3.0})
    env = {
        **os.environ,
        "REDIS_URL": str(settings.redis_url),
        "SLACK_BOT_TOKEN": parts.slack.token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": parts.slack.api_url,
        "ENGINE": "openai",
        "OPENAI_API_KEY": "test-key",
        "OPENAI_BASE_URL": parts.llm.base_url,
        "OPENAI_MAX_RETRIES": "0",
        "FETCH_ALLOWED_NETWORKS": "127.0.0.0/8",
        "WORKER_THREADS": "4",
        "STILL_WORKING_SECONDS": "3",
        "LOG_LEVEL": "WARNING",
    }
    parts.llm.default = lambda body: grounded_reply(body, delay=30.0)  # the doomed call
    doomed = subprocess.Popen(
        [sys.executable, "-m", "bot", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with WebServer(settings) as web:
            response_url = parts.slack.new_response_url()
            body = command_body(parts.site.url("/ferry"), response_url=response_url)
            assert signed_command(web, body).status == 200
            wait_for(lambda: len(parts.llm.requests) == 1, timeout=30)  # mid-brief
            doomed.send_signal(signal.SIGKILL)
            doomed.wait(timeout=10)
            killed_at = time.monotonic()
            parts.llm.default = grounded_reply  # the model answers the second worker at once
            with worker_running(settings):
                wait_for(lambda: len(parts.slack.calls_to("chat.postMessage")) == 1, timeout=45)
                recovered = time.monotonic() - killed_at
            assert len(parts.slack.messages("C0NEWS")) == 1
            assert recovered < 40
            replies = [str(r.get("text")) for r in parts.slack.responses(response_url)]
            assert any("Still working" in r for r in replies)
    finally:
        if doomed.poll() is None:
            doomed.kill()
            doomed.wait()


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (b"\x00\xff\xfe binary \x89PNG", {}),
        (b"payload=%7Bnot-json", {}),
        (b"command=%2Fbrief&text=x", {"X-Slack-Request-Timestamp": "not-a-number"}),
        (b"command=%2Fbrief&text=x", {"X-Slack-Signature": "v0=deadbeef"}),
        (b"", {}),
    ],
    ids=["binary", "bad-payload", "timestamp-not-a-number", "forged-signature", "empty"],
)
def test_every_unsigned_request_gets_401_and_its_body_is_never_logged(
    env: Env, body: bytes, headers: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    marker = b"SECRET-BODY-MARKER"
    sent = {"Content-Type": "application/x-www-form-urlencoded", **headers}
    with caplog.at_level(logging.DEBUG):
        result = env.web.request("POST", "/slack/events", body + marker, sent)
    assert result.status == 401
    assert b"Traceback" not in result.body
    assert marker.decode() not in caplog.text
    # The same web process takes a signed request at once (the refusals were the signatures).
    ok, _ = env.brief(env.site.url("/ferry"))
    assert ok.status == 200


def test_an_oversized_request_is_refused_before_its_body_is_read(env: Env) -> None:
    """A client announces 100 MB and sends nothing: 413 at once, nothing read or waited for."""
    conn = http.client.HTTPConnection("127.0.0.1", env.web.port, timeout=5)
    try:
        conn.putrequest("POST", "/slack/events")
        conn.putheader("Content-Type", "application/x-www-form-urlencoded")
        conn.putheader("Content-Length", str(100_000_000))
        conn.endheaders()
        started = time.perf_counter()
        response = conn.getresponse()
        assert response.status == 413
        assert time.perf_counter() - started < 1.0
    finally:
        conn.close()
    signed = env.brief(env.site.url("/ferry"))[0]  # a real request still gets through
    assert signed.status == 200


def test_a_job_too_old_to_run_is_answered_not_dropped(
    parts: Parts, redis_client: redis.Redis
) -> None:
    """A job queued 31 minutes ago (Brief was down) gets a plain "too old" reply and no
    brief; a fresh job queued with it is briefed, so the worker was working."""
    broker = build_broker(redis_client)
    old_url, new_url = parts.slack.new_response_url(), parts.slack.new_response_url()
    base = {"team_id": "T0NEWSROOM", "channel_id": "C0NEWS", "user_id": "U0REPORTER"}
    enqueue(
        broker,
        BriefJob(
            **base,
            request_id="old",
            response_url=old_url,
            url=parts.site.url("/ferry"),
            queued_at=time.time() - 31 * 60,
        ),
    )
    enqueue(
        broker,
        BriefJob(
            **base,
            request_id="new",
            response_url=new_url,
            url=parts.site.url("/ferry"),
            queued_at=time.time(),
        ),
    )
    with worker_running(parts.settings):
        wait_for(lambda: parts.slack.responses(old_url))
        wait_for(lambda: len(parts.slack.calls_to("chat.postMessage")) == 1)
    assert "could not get to your /brief request in time" in str(
        parts.slack.responses(old_url)[0]["text"]
    )
    assert len(parts.llm.requests) == 1  # the fresh job's only


def test_readyz_needs_a_live_worker(parts: Parts) -> None:
    """/healthz is about Redis; /readyz also wants a worker: 503 without one, 200 with one."""
    with WebServer(parts.settings) as web:
        none = web.request("GET", "/readyz")
        assert (none.status, json.loads(none.body)["workers"]) == (503, 0)
        assert web.request("GET", "/healthz").status == 200
        with worker_running(parts.settings):
            wait_for(lambda: web.request("GET", "/readyz").status == 200)
            ready = json.loads(web.request("GET", "/readyz").body)
            assert ready["workers"] == 1
            assert ready["persistence"] == "off"  # the suite's redis-server runs --save ""


def test_a_user_over_the_rate_limit_is_told_when_to_try_again(parts: Parts) -> None:
    """Limit 3 a minute: a user's 4th request is refused with a plain message and nothing is
    queued for it; another user in the same channel is still served."""
    settings = parts.settings.model_copy(update={"rate_limit_per_user": 3})
    with WebServer(settings) as web:
        for attempt in range(2):  # again if a minute's window ended in the middle
            window = int(time.time() // 60)
            texts = []
            for i in range(4):
                body = command_body(f"https://news.example/{attempt}-{i}", response_url=f"r{i}")
                texts.append(ack_text(signed_command(web, body)))
            other = command_body(
                "https://news.example/x", response_url="rx", user_id=f"U0ED{attempt}"
            )
            texts.append(ack_text(signed_command(web, other)))
            if int(time.time() // 60) == window:
                break
    assert [t.startswith("Briefing") for t in texts] == [True, True, True, False, True]
    assert "the most Brief takes from one person" in texts[3]
    assert "Try again in" in texts[3]


def test_a_workspace_over_its_daily_model_budget_is_told_and_cached_briefs_still_work(
    parts: Parts, redis_client: redis.Redis
) -> None:
    """Budget of 1 token: the first brief (a model call) is made and charged; a new article
    is refused in plain words with no model call; the same article in another channel is
    served from the cache; another workspace is not affected."""
    settings = parts.settings.model_copy(update={"llm_daily_tokens_per_workspace": 1})
    parts.site.routes["/cafe"] = lambda h: send(
        h, 200, (PAGES / "cafe-bandstand-cp1252.html").read_bytes()
    )
    with WebServer(settings) as web, worker_running(settings):

        def brief(path: str, channel: str, team: str = "T0NEWSROOM") -> str:
            url = parts.slack.new_response_url()
            body = command_body(
                parts.site.url(path), response_url=url, channel_id=channel, team_id=team
            )
            assert signed_command(web, body).status == 200
            return url

        brief("/ferry", "C0ONE")
        wait_for(lambda: len(parts.slack.messages("C0ONE")) == 1)
        assert len(parts.llm.requests) == 1
        refused = brief("/cafe", "C0ONE")
        wait_for(lambda: parts.slack.responses(refused))
        assert "used today's language-model budget" in str(
            parts.slack.responses(refused)[0]["text"]
        )
        assert len(parts.llm.requests) == 1  # no model call for the refused brief
        brief("/ferry", "C0TWO")  # cached: free
        wait_for(lambda: len(parts.slack.messages("C0TWO")) == 1)
        brief("/cafe", "C0OTHER", team="T0OTHER")  # another workspace's budget is its own
        wait_for(lambda: len(parts.slack.messages("C0OTHER")) == 1)
        assert len(parts.llm.requests) == 2


def test_a_client_dribbling_its_headers_is_cut_off_and_real_requests_still_pass(
    parts: Parts,
) -> None:
    """HTTP_HEADER_TIMEOUT=1: fifty connections that send a valid header line every 0.3 s
    and never finish are closed after about a second; a signed /brief sent meanwhile is
    acked at once."""
    settings = parts.settings.model_copy(update={"http_header_timeout": 1.0})
    crlf = b"\r\n"
    with WebServer(settings) as web:
        slow = [socket.create_connection(("127.0.0.1", web.port), timeout=5) for _ in range(50)]
        try:
            for conn in slow:
                conn.sendall(b"POST /slack/events HTTP/1.1" + crlf + b"Host: x" + crlf)
            started = time.monotonic()
            ok = signed_command(web, command_body(parts.site.url("/ferry"), response_url="r"))
            assert ok.status == 200
            open_ = set(range(len(slow)))
            while open_ and time.monotonic() - started < 5:
                time.sleep(0.3)
                for i in list(open_):
                    try:
                        slow[i].sendall(b"X-Pad: 1" + crlf)  # a valid header, sent slowly
                        slow[i].settimeout(0.01)
                        if slow[i].recv(100) == b"":
                            open_.discard(i)
                    except TimeoutError:
                        continue  # still open, nothing to read
                    except OSError:
                        open_.discard(i)  # reset by the server
            assert open_ == set()
            assert time.monotonic() - started < 4
        finally:
            for conn in slow:
                conn.close()


def test_jobs_a_redis_restart_lost_are_reported_to_their_users(
    tmp_path: Path, parts: Parts
) -> None:
    """Redis without persistence restarts under two acknowledged jobs: the one a worker
    finished is not reported; the one still queued is, in plain words, on its response_url."""
    port = free_port()
    first = redis_process(tmp_path / "a", port=port)
    (tmp_path / "a").mkdir()
    url, proc = first.__enter__()
    try:
        settings = parts.settings.model_copy(update={"redis_url": url})
        with WebServer(settings) as web:
            web.web.watch.interval = 0.2
            done_url, lost_url = parts.slack.new_response_url(), parts.slack.new_response_url()
            with worker_running(settings):
                body = command_body(parts.site.url("/ferry"), response_url=done_url)
                assert signed_command(web, body).status == 200
                wait_for(lambda: len(parts.slack.calls_to("chat.postMessage")) == 1)
                time.sleep(0.5)  # the watch reads the done mark
            body = command_body(parts.site.url("/cafe"), response_url=lost_url)
            assert ack_text(signed_command(web, body)).startswith("Briefing")
            time.sleep(0.5)  # the watch has seen this Redis's run_id
            first.__exit__(None, None, None)  # Redis goes, with the queued job
            (tmp_path / "b").mkdir()
            with redis_process(tmp_path / "b", port=port):
                wait_for(lambda: parts.slack.responses(lost_url), timeout=15)
                assert "lost your /brief request" in str(parts.slack.responses(lost_url)[0]["text"])
                assert parts.slack.responses(done_url) == []  # finished: not reported
    finally:
        if proc.poll() is None:
            first.__exit__(None, None, None)
