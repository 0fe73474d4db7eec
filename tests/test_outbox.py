"""Posting exactly once: the real `slack_sdk` client against the fake Slack, real Redis.

Each test plays one way a post's outcome can be lost — Slack answering after the client
gave up, answering 5xx after storing the post, a worker dying between Slack's answer and
Redis — and checks that the channel ends with exactly one brief and that the ledger knows
its ts, so a later request links to it instead of posting again.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clients import build_slack_client
from bot.outbox import EVENT_TYPE, ChannelPoster, Outbox, Posted, PostUnconfirmed
from bot.render.blocks import RenderedMessage
from bot.settings import Settings
from bot.store import keys
from bot.store.posts import Claim, PostLedger
from tests.fakes.slack_api import FakeSlack

TEAM, CHANNEL, KEY = "T0NEWSROOM", "C0NEWS", "a" * 64
MESSAGE = RenderedMessage(text="Brief: Ferry fares to rise", blocks=[])


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def client(slack: FakeSlack) -> WebClient:
    settings = Settings(slack_bot_token=slack.token, slack_api_url=slack.api_url, slack_timeout=1)
    return build_slack_client(settings, posting=True)


@pytest.fixture
def ledger(redis_client: redis.Redis) -> PostLedger:
    return PostLedger(redis_client, ttl_seconds=3600, pending_ttl_seconds=2)


@pytest.fixture
def poster(client: WebClient, ledger: PostLedger) -> ChannelPoster:
    return ChannelPoster(client, ledger, settle_seconds=0.05)


def posted(poster: ChannelPoster) -> Posted:
    outcome = poster.post(TEAM, CHANNEL, KEY, MESSAGE)
    assert isinstance(outcome, Posted)
    return outcome


def assert_one_post_recorded(slack: FakeSlack, ledger: PostLedger, outcome: Posted) -> None:
    messages = slack.messages(CHANNEL)
    assert len(messages) == 1
    assert messages[0]["ts"] == outcome.ts
    assert messages[0]["metadata"]["event_type"] == EVENT_TYPE
    again = ledger.claim(TEAM, CHANNEL, KEY, wait_seconds=0)
    assert again == Claim(ours=False, ts=outcome.ts)  # the next request gets a link


def test_a_plain_post_is_recorded(
    slack: FakeSlack, ledger: PostLedger, poster: ChannelPoster
) -> None:
    outcome = posted(poster)
    assert outcome.new
    assert_one_post_recorded(slack, ledger, outcome)
    assert slack.calls_to("conversations.history") == []  # nothing in doubt, nothing looked up


def test_an_answer_after_the_client_gave_up_is_found_not_posted_again(
    slack: FakeSlack, ledger: PostLedger, poster: ChannelPoster
) -> None:
    slack.answer_late_next("chat.postMessage", 2.0)  # stored at once, answered after 2 s
    outcome = posted(poster)
    assert outcome.new
    assert len(slack.calls_to("conversations.history")) == 1  # looked, found, did not re-post
    assert_one_post_recorded(slack, ledger, outcome)


def test_a_5xx_after_the_post_was_stored_is_not_retried_blindly(
    slack: FakeSlack, ledger: PostLedger, poster: ChannelPoster
) -> None:
    slack.accept_then_fail_next("chat.postMessage", 503)
    outcome = posted(poster)
    assert len(slack.calls_to("chat.postMessage")) == 1
    assert_one_post_recorded(slack, ledger, outcome)


def test_a_5xx_that_stored_nothing_is_posted_once_more(
    slack: FakeSlack, ledger: PostLedger, poster: ChannelPoster
) -> None:
    slack.server_error_next("chat.postMessage", 500)
    outcome = posted(poster)
    assert len(slack.calls_to("chat.postMessage")) == 2
    assert_one_post_recorded(slack, ledger, outcome)


def test_a_post_a_dead_worker_left_unrecorded_is_found_before_posting(
    slack: FakeSlack,
    client: WebClient,
    ledger: PostLedger,
    poster: ChannelPoster,
    redis_client: redis.Redis,
) -> None:
    # The dead worker: it noted its attempt, Slack stored the post, Redis never heard back,
    # and its pending claim has since expired.
    started = ledger.start_attempt(TEAM, CHANNEL, KEY, "dead-worker-attempt")
    client.chat_postMessage(
        channel=CHANNEL,
        text=MESSAGE.text,
        metadata={"event_type": EVENT_TYPE, "event_payload": {"attempt": "dead-worker-attempt"}},
    )
    assert started > 0
    assert not redis_client.exists(keys.channel_post(TEAM, CHANNEL, KEY))

    outcome = posted(poster)  # the job, redelivered
    assert not outcome.new
    assert len(slack.calls_to("chat.postMessage")) == 1  # only the dead worker's
    assert_one_post_recorded(slack, ledger, outcome)


def test_an_earlier_attempt_that_never_reached_the_channel_is_posted(
    slack: FakeSlack, ledger: PostLedger, poster: ChannelPoster
) -> None:
    ledger.start_attempt(TEAM, CHANNEL, KEY, "lost-before-slack")
    outcome = posted(poster)
    assert outcome.new
    assert len(slack.calls_to("conversations.history")) == 1
    assert_one_post_recorded(slack, ledger, outcome)


def test_a_clear_refusal_releases_the_claim_for_the_next_request(
    slack: FakeSlack, ledger: PostLedger, poster: ChannelPoster
) -> None:
    slack.channels_without_bot.add(CHANNEL)
    with pytest.raises(SlackApiError):
        poster.post(TEAM, CHANNEL, KEY, MESSAGE)
    assert slack.calls_to("conversations.history") == []
    assert ledger.claim(TEAM, CHANNEL, KEY, wait_seconds=0).ours  # free again


def test_two_unknown_outcomes_with_nothing_in_the_channel_stop_and_say_so(
    slack: FakeSlack, ledger: PostLedger, poster: ChannelPoster, redis_client: redis.Redis
) -> None:
    slack.server_error_next("chat.postMessage", 500, times=2)
    with pytest.raises(PostUnconfirmed) as caught:
        poster.post(TEAM, CHANNEL, KEY, MESSAGE)
    assert "did not confirm" in str(caught.value)
    assert slack.messages(CHANNEL) == []
    assert len(slack.calls_to("chat.postMessage")) == 2  # never a third, blind attempt
    # The claim stays pending and the attempt stays open, so the next request looks first.
    assert redis_client.get(keys.channel_post(TEAM, CHANNEL, KEY)) == b"pending"
    assert ledger.open_attempt(TEAM, CHANNEL, KEY) is not None


# --- the outbox: every way Brief speaks, through one client --------------------------


def test_the_outbox_replies_in_a_thread_updates_and_answers_ephemerally(
    slack: FakeSlack, client: WebClient, poster: ChannelPoster
) -> None:
    outbox = Outbox(client, client, poster)
    root = outbox.post_once(TEAM, CHANNEL, KEY, MESSAGE)
    assert isinstance(root, Posted)
    reply = outbox.reply_in_thread(
        CHANNEL, root.ts, RenderedMessage(text="Working on it…", blocks=[])
    )
    outbox.update(CHANNEL, reply, RenderedMessage(text="The article does not say.", blocks=[]))
    url = slack.new_response_url()
    outbox.ephemeral(
        url, CHANNEL, "U0REPORTER", RenderedMessage(text="Only you see this.", blocks=[])
    )
    messages = slack.messages(CHANNEL)
    assert [m["text"] for m in messages] == [MESSAGE.text, "The article does not say."]
    assert messages[1]["thread_ts"] == root.ts
    assert slack.responses(url)[0]["text"] == "Only you see this."
    assert outbox.permalink(CHANNEL, root.ts).startswith("http")


def test_an_ephemeral_answer_falls_back_to_post_ephemeral_and_never_raises(
    slack: FakeSlack, client: WebClient, poster: ChannelPoster
) -> None:
    url = slack.new_response_url()
    slack.expire_response_url(url)
    Outbox(client, client, poster).ephemeral(url, CHANNEL, "U0REPORTER", MESSAGE)
    assert [e["text"] for e in slack.ephemerals(CHANNEL)] == [MESSAGE.text]
    slack.fail_next("chat.postEphemeral", "channel_not_found")
    Outbox(client, client, poster).ephemeral(None, CHANNEL, "U0REPORTER", MESSAGE)  # no exception
    assert len(slack.ephemerals(CHANNEL)) == 1  # the refused one never landed
