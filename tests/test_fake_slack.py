"""The fake Slack Web API, driven by the real slack_sdk clients and by plain urllib.

If the fake drifts from Slack, every Slack-facing test built on it lies; these tests
pin what it answers: token checks, Block Kit limits (just over rejected, exactly at
accepted), scripted failures and retries, the message store, response_url.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import (
    FixedValueRetryIntervalCalculator,
)
from slack_sdk.webhook import WebhookClient

from tests.fakes.slack_api import FakeSlack

CHANNEL = "C0HARBOUR"
TS_SHAPE = re.compile(r"^\d{10}\.\d{6}$")


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def client(slack: FakeSlack) -> WebClient:
    return WebClient(token=slack.token, base_url=slack.api_url)


def api_error(excinfo: pytest.ExceptionInfo[SlackApiError]) -> str:
    return str(excinfo.value.response["error"])


def post_raw(url: str, body: bytes, content_type: str, token: str | None = None) -> Any:
    """POST with urllib; returns (status, parsed JSON body)."""
    headers = {"Content-Type": content_type}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def post_json(url: str, payload: object) -> Any:
    return post_raw(url, json.dumps(payload).encode(), "application/json")


def section(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text}


def button(i: int) -> dict[str, Any]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": f"B{i}"},
        "action_id": f"a{i}",
    }


# --- basics: URLs, posting, recording ---------------------------------------------


def test_post_message_through_webclient_is_stored_and_recorded(
    slack: FakeSlack, client: WebClient
) -> None:
    blocks = [section("*Harbour barrier* approved")]
    response = client.chat_postMessage(channel=CHANNEL, text="Barrier approved", blocks=blocks)

    assert response["ok"] is True
    assert response["channel"] == CHANNEL
    assert TS_SHAPE.match(response["ts"])
    assert response["message"]["blocks"] == blocks
    [stored] = slack.messages(CHANNEL)
    assert stored["text"] == "Barrier approved"
    assert stored["ts"] == response["ts"]
    [call] = slack.calls_to("chat.postMessage")
    assert call.params["blocks"] == blocks
    assert call.headers["Authorization"] == f"Bearer {slack.token}"
    assert call.headers["Content-Type"].startswith("application/json")
    assert call.status == 200
    assert call.ok


def test_api_url_works_with_and_without_trailing_slash(slack: FakeSlack) -> None:
    assert slack.api_url.endswith("/api/")
    bare = WebClient(token=slack.token, base_url=slack.api_url.rstrip("/"))
    assert bare.auth_test()["user_id"] == "U0BRIEFBOT"
    assert [call.method for call in slack.calls] == ["auth.test"]


def test_timestamps_are_unique_and_increasing(client: WebClient) -> None:
    stamps = [client.chat_postMessage(channel=CHANNEL, text=f"n{i}")["ts"] for i in range(5)]
    assert stamps == sorted(stamps, key=float)
    assert len(set(stamps)) == 5
    assert all(TS_SHAPE.match(ts) for ts in stamps)


def test_concurrent_posts_are_all_recorded_with_distinct_ts(slack: FakeSlack) -> None:
    stamps: list[str] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        client = WebClient(token=slack.token, base_url=slack.api_url)
        for i in range(5):
            ts = client.chat_postMessage(channel=CHANNEL, text=f"w{n}-{i}")["ts"]
            with lock:
                stamps.append(ts)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(set(stamps)) == 20
    assert len(slack.calls_to("chat.postMessage")) == 20
    assert len(slack.messages(CHANNEL)) == 20


def test_unknown_method_is_answered_like_slack(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call("chat.scheduleMessage", json={"channel": CHANNEL, "text": "later"})
    assert api_error(excinfo) == "unknown_method"
    assert excinfo.value.response.status_code == 200


def test_stop_closes_the_port_and_is_idempotent() -> None:
    fake = FakeSlack().start()
    url = fake.api_url + "auth.test"
    fake.stop()
    fake.stop()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, data=b"", timeout=2)


# --- tokens -------------------------------------------------------------------------


def test_wrong_token_is_invalid_auth(slack: FakeSlack) -> None:
    client = WebClient(token="xoxb-someone-else", base_url=slack.api_url)
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel=CHANNEL, text="hello")
    assert api_error(excinfo) == "invalid_auth"
    assert excinfo.value.response.status_code == 200
    assert slack.messages(CHANNEL) == []
    assert slack.calls_to("chat.postMessage")[0].response["error"] == "invalid_auth"


def test_missing_token_is_not_authed(slack: FakeSlack) -> None:
    client = WebClient(token=None, base_url=slack.api_url)
    with pytest.raises(SlackApiError) as excinfo:
        client.auth_test()
    assert api_error(excinfo) == "not_authed"


def test_token_form_field_and_form_encoded_blocks_are_accepted(slack: FakeSlack) -> None:
    blocks = [section("From a form")]
    body = urlencode(
        {"token": slack.token, "channel": CHANNEL, "text": "t", "blocks": json.dumps(blocks)}
    )
    status, reply = post_raw(
        slack.api_url + "chat.postMessage", body.encode(), "application/x-www-form-urlencoded"
    )
    assert (status, reply["ok"]) == (200, True)
    assert slack.messages(CHANNEL)[0]["blocks"] == blocks


def test_malformed_bodies_are_rejected_and_recorded(slack: FakeSlack) -> None:
    url = slack.api_url + "chat.postMessage"
    form = urlencode({"channel": CHANNEL, "blocks": "[{not json"}).encode()
    assert post_raw(url, form, "application/x-www-form-urlencoded", slack.token)[1]["error"] == (
        "invalid_blocks_format"
    )
    assert post_raw(url, b"{nope", "application/json", slack.token)[1]["error"] == "invalid_json"
    assert post_raw(url, b"[1]", "application/json", slack.token)[1]["error"] == "json_not_object"
    assert [call.status for call in slack.calls_to("chat.postMessage")] == [200, 200, 200]
    assert not any(call.ok for call in slack.calls)


# --- Block Kit limits ----------------------------------------------------------------

# name -> (blocks exactly at the limit, blocks just over it, json-pointer in the error)
LIMITS: dict[str, tuple[list[Any], list[Any], str]] = {
    "50 blocks": (
        [{"type": "divider"}] * 50,
        [{"type": "divider"}] * 51,
        "/blocks",
    ),
    "section text 3000": ([section("s" * 3000)], [section("s" * 3001)], "/blocks/0/text/text"),
    "section fields 10": (
        [{"type": "section", "fields": [mrkdwn(f"f{i}") for i in range(10)]}],
        [{"type": "section", "fields": [mrkdwn(f"f{i}") for i in range(11)]}],
        "/blocks/0/fields",
    ),
    "section field text 2000": (
        [{"type": "section", "fields": [mrkdwn("f" * 2000)]}],
        [{"type": "section", "fields": [mrkdwn("f" * 2001)]}],
        "/blocks/0/fields/0/text",
    ),
    "header text 150": (
        [{"type": "header", "text": {"type": "plain_text", "text": "h" * 150}}],
        [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
        "/blocks/0/text/text",
    ),
    "header is plain_text only": (
        [{"type": "header", "text": {"type": "plain_text", "text": "Flood barrier"}}],
        [{"type": "header", "text": {"type": "mrkdwn", "text": "*Flood barrier*"}}],
        "/blocks/0/text/type",
    ),
    "context elements 10": (
        [{"type": "context", "elements": [mrkdwn(f"c{i}") for i in range(10)]}],
        [{"type": "context", "elements": [mrkdwn(f"c{i}") for i in range(11)]}],
        "/blocks/0/elements",
    ),
    "actions elements 25": (
        [{"type": "actions", "elements": [button(i) for i in range(25)]}],
        [{"type": "actions", "elements": [button(i) for i in range(26)]}],
        "/blocks/0/elements",
    ),
    "block_id 255": (
        [section("x", block_id="b" * 255)],
        [section("x", block_id="b" * 256)],
        "/blocks/0/block_id",
    ),
    "block_id unique": (
        [section("x", block_id="one"), section("y", block_id="two")],
        [section("x", block_id="one"), section("y", block_id="one")],
        "/blocks/1/block_id",
    ),
    "markdown 12000": (
        [{"type": "markdown", "text": "m" * 12_000}],
        [{"type": "markdown", "text": "m" * 12_001}],
        "/blocks/0/text",
    ),
    "known block types": ([{"type": "divider"}], [{"type": "banner"}], "/blocks/0/type"),
    "section text not empty": ([section("x")], [section("")], "/blocks/0/text/text"),
}


@pytest.mark.parametrize("name", list(LIMITS))
def test_block_kit_limit_rejects_just_over_and_accepts_exactly_at(
    slack: FakeSlack, client: WebClient, name: str
) -> None:
    at_limit, over_limit, pointer = LIMITS[name]

    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel=CHANNEL, text="fallback", blocks=over_limit)
    assert api_error(excinfo) == "invalid_blocks"
    errors = excinfo.value.response["errors"]
    assert any(error.endswith(f"[json-pointer:{pointer}]") for error in errors), errors
    assert slack.messages(CHANNEL) == []

    assert client.chat_postMessage(channel=CHANNEL, text="fallback", blocks=at_limit)["ok"]
    assert len(slack.messages(CHANNEL)) == 1


def test_blocks_holding_too_much_text_in_total_are_msg_blocks_too_long(
    slack: FakeSlack, client: WebClient
) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel=CHANNEL, text="t", blocks=[section("s" * 2500)] * 5)
    assert api_error(excinfo) == "msg_blocks_too_long"
    at_limit = [section("s" * 3000)] * 4  # 12,000 characters
    assert client.chat_postMessage(channel=CHANNEL, text="t", blocks=at_limit)["ok"]


def test_total_block_text_check_can_be_turned_off() -> None:
    with FakeSlack(max_blocks_text=None) as fake:
        client = WebClient(token=fake.token, base_url=fake.api_url)
        fields = [mrkdwn("f" * 2000) for _ in range(10)]
        blocks = [{"type": "section", "fields": fields}, section("s" * 3000)]
        assert client.chat_postMessage(channel=CHANNEL, text="t", blocks=blocks)["ok"]


def test_text_limit_is_40000_characters(client: WebClient) -> None:
    assert client.chat_postMessage(channel=CHANNEL, text="w" * 40_000)["ok"]
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel=CHANNEL, text="w" * 40_001)
    assert api_error(excinfo) == "msg_too_long"


def test_message_without_text_or_blocks_is_no_text(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call("chat.postMessage", json={"channel": CHANNEL})
    assert api_error(excinfo) == "no_text"


def test_update_checks_blocks_and_keeps_the_message_on_rejection(
    slack: FakeSlack, client: WebClient
) -> None:
    ts = client.chat_postMessage(channel=CHANNEL, text="Working on it…")["ts"]
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_update(channel=CHANNEL, ts=ts, text="t", blocks=[section("s" * 3001)])
    assert api_error(excinfo) == "invalid_blocks"
    assert slack.messages(CHANNEL)[0]["text"] == "Working on it…"


# --- the message store ----------------------------------------------------------------


def test_update_edits_the_stored_message(slack: FakeSlack, client: WebClient) -> None:
    ts = client.chat_postMessage(channel=CHANNEL, text="Working on it…")["ts"]
    blocks = [section("*Brief*: the council approved the barrier.")]
    response = client.chat_update(channel=CHANNEL, ts=ts, text="Brief ready", blocks=blocks)

    assert response["ts"] == ts
    assert response["message"]["text"] == "Brief ready"
    [stored] = slack.messages(CHANNEL)
    assert stored["text"] == "Brief ready"
    assert stored["blocks"] == blocks
    assert "edited" in stored


def test_update_of_unknown_message_is_message_not_found(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_update(channel=CHANNEL, ts="1700000099.000100", text="x")
    assert api_error(excinfo) == "message_not_found"


def test_permalink_points_at_the_stored_message(client: WebClient) -> None:
    ts = client.chat_postMessage(channel=CHANNEL, text="Brief")["ts"]
    permalink = client.chat_getPermalink(channel=CHANNEL, message_ts=ts)["permalink"]
    assert permalink.endswith(f"/archives/{CHANNEL}/p{ts.replace('.', '')}")
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_getPermalink(channel=CHANNEL, message_ts="1700000099.000100")
    assert api_error(excinfo) == "message_not_found"


def test_ephemeral_messages_are_kept_apart(slack: FakeSlack, client: WebClient) -> None:
    response = client.chat_postEphemeral(channel=CHANNEL, user="U0EDITOR", text="Only you")
    assert TS_SHAPE.match(response["message_ts"])
    assert slack.messages(CHANNEL) == []
    [ephemeral] = slack.ephemerals(CHANNEL)
    assert (ephemeral["for_user"], ephemeral["text"]) == ("U0EDITOR", "Only you")


def test_reactions_add_once_per_name(slack: FakeSlack, client: WebClient) -> None:
    ts = client.chat_postMessage(channel=CHANNEL, text="Brief")["ts"]
    assert client.reactions_add(channel=CHANNEL, timestamp=ts, name="eyes")["ok"]
    with pytest.raises(SlackApiError) as excinfo:
        client.reactions_add(channel=CHANNEL, timestamp=ts, name="eyes")
    assert api_error(excinfo) == "already_reacted"
    assert [r["name"] for r in slack.messages(CHANNEL)[0]["reactions"]] == ["eyes"]


# --- channel rules and scripted failures -----------------------------------------------


@pytest.mark.parametrize(
    ("rule", "error"),
    [
        ("channels_without_bot", "not_in_channel"),
        ("archived_channels", "is_archived"),
        ("missing_channels", "channel_not_found"),
    ],
)
def test_channel_rules_refuse_posts(
    slack: FakeSlack, client: WebClient, rule: str, error: str
) -> None:
    getattr(slack, rule).add("C0CLOSED")
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel="C0CLOSED", text="hello")
    assert api_error(excinfo) == error
    assert client.chat_postMessage(channel=CHANNEL, text="hello")["ok"]
    assert slack.messages("C0CLOSED") == []


def test_conversations_info_reflects_channel_rules(slack: FakeSlack, client: WebClient) -> None:
    slack.channels_without_bot.add("C0OUTSIDE")
    assert client.conversations_info(channel="C0OUTSIDE")["channel"]["is_member"] is False
    assert client.conversations_info(channel=CHANNEL)["channel"]["is_member"] is True


def test_fail_next_fails_only_the_scripted_calls(slack: FakeSlack, client: WebClient) -> None:
    slack.fail_next("chat.postMessage", "channel_not_found", times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError) as excinfo:
            client.chat_postMessage(channel=CHANNEL, text="hello")
        assert api_error(excinfo) == "channel_not_found"
    assert client.auth_test()["ok"]  # other methods are untouched
    assert client.chat_postMessage(channel=CHANNEL, text="hello")["ok"]
    assert [call.ok for call in slack.calls_to("chat.postMessage")] == [False, False, True]
    assert len(slack.messages(CHANNEL)) == 1


def test_rate_limit_without_retry_handler_surfaces_429(slack: FakeSlack, client: WebClient) -> None:
    slack.rate_limit_next("chat.postMessage", retry_after=7)
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel=CHANNEL, text="hello")
    assert excinfo.value.response.status_code == 429
    assert excinfo.value.response.headers["Retry-After"] == "7"
    assert api_error(excinfo) == "ratelimited"
    assert slack.messages(CHANNEL) == []


def test_rate_limit_is_retried_by_the_sdk_handler_and_lands_once(slack: FakeSlack) -> None:
    client = WebClient(
        token=slack.token,
        base_url=slack.api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    slack.rate_limit_next("chat.postMessage", retry_after=0)
    assert client.chat_postMessage(channel=CHANNEL, text="hello")["ok"]
    assert [call.status for call in slack.calls_to("chat.postMessage")] == [429, 200]
    assert len(slack.messages(CHANNEL)) == 1


def test_server_error_without_retry_handler_surfaces_status(
    slack: FakeSlack, client: WebClient
) -> None:
    slack.server_error_next("chat.update", status=503)
    ts = "1700000000.000100"
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_update(channel=CHANNEL, ts=ts, text="x")
    assert excinfo.value.response.status_code == 503


def test_server_error_is_retried_by_the_sdk_handler_and_lands_once(slack: FakeSlack) -> None:
    handler = ServerErrorRetryHandler(
        max_retry_count=1, interval_calculator=FixedValueRetryIntervalCalculator(0.01)
    )
    client = WebClient(token=slack.token, base_url=slack.api_url, retry_handlers=[handler])
    slack.server_error_next("chat.postMessage", status=500)
    assert client.chat_postMessage(channel=CHANNEL, text="hello")["ok"]
    assert [call.status for call in slack.calls_to("chat.postMessage")] == [500, 200]
    assert len(slack.messages(CHANNEL)) == 1


def test_delay_outlasting_the_client_timeout_makes_the_client_give_up(
    slack: FakeSlack,
) -> None:
    slack.delays["auth.test"] = 30.0  # stop() wakes the handler, so the test does not wait
    client = WebClient(token=slack.token, base_url=slack.api_url, timeout=1)
    with pytest.raises((TimeoutError, urllib.error.URLError)):
        client.auth_test()


# --- response_url ---------------------------------------------------------------------


def test_response_url_accepts_what_respond_sends(slack: FakeSlack) -> None:
    url = slack.new_response_url()
    assert url.startswith(slack.base_url + "/response/")
    assert url != slack.new_response_url()

    response = WebhookClient(url).send(text="Briefing the article…", response_type="ephemeral")

    assert response.status_code == 200
    [call] = slack.calls_to("response_url")
    assert call.response_id == url.rsplit("/", 1)[-1]
    assert call.params == {"text": "Briefing the article…", "response_type": "ephemeral"}
    assert slack.responses(url) == [call.params]


def test_response_url_allows_five_uses_then_used_url(slack: FakeSlack) -> None:
    url = slack.new_response_url()
    for i in range(5):
        assert post_json(url, {"text": f"update {i}"}) == (200, {"ok": True})
    assert post_json(url, {"text": "one too many"}) == (404, {"ok": False, "error": "used_url"})
    assert len(slack.responses(url)) == 5
    assert len(slack.calls_to("response_url")) == 6


def test_response_url_rejects_bad_bodies_without_using_it_up(slack: FakeSlack) -> None:
    url = slack.new_response_url()
    assert post_raw(url, b"{oops", "application/json")[1]["error"] == "invalid_payload"
    assert post_json(url, {"response_type": "ephemeral"})[1]["error"] == "no_text"
    status, body = post_json(url, {"text": "t", "blocks": [section("s" * 3001)]})
    assert (status, body["error"]) == (400, "invalid_blocks")
    assert post_json(url, {"delete_original": True}) == (200, {"ok": True})
    assert len(slack.responses(url)) == 1


def test_response_url_unknown_expired_and_scripted_failures(slack: FakeSlack) -> None:
    assert post_json(slack.base_url + "/response/nope", {"text": "x"})[1]["error"] == "no_service"
    url = slack.new_response_url()
    slack.fail_next("response_url", "channel_not_found")
    assert post_json(url, {"text": "x"}) == (404, {"ok": False, "error": "channel_not_found"})
    slack.rate_limit_next("response_url", retry_after=3)
    assert post_json(url, {"text": "x"})[0] == 429
    assert post_json(url, {"text": "x"}) == (200, {"ok": True})
    slack.expire_response_url(url)
    assert post_json(url, {"text": "x"}) == (404, {"ok": False, "error": "expired_url"})
