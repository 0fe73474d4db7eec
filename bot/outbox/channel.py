"""Posting to a channel exactly once, whatever Slack or the worker does in between.

    ChannelPoster(slack, ledger).post(team, channel, key, message) -> Posted

`chat.postMessage` is not idempotent, and its outcome is not always known: Slack
may accept a post and answer after the client gave up, answer 5xx after
accepting it, or the worker may die between Slack's answer and Redis recording
the post's ts. So:

- every post carries message metadata naming its attempt (`brief_posted`), and an
  attempt marker is written to Redis *before* the post goes out;
- an outcome that is not a clear answer (a time-out, a dropped connection, a 5xx)
  is "unknown", never "failed": Brief looks for the attempt's post in the channel's
  history (`conversations.history` with `include_all_metadata`) before it posts
  again, and posts again at most once;
- a claim that finds an earlier attempt's marker (a worker died mid-post, or an
  unknown outcome was never resolved) looks in the history first as well.

Only a clear refusal (`not_in_channel`, `channel_not_found`, any 4xx) releases the
claim so the next request may try again. The posting client must not retry
`chat.postMessage` by itself on 5xx or dropped connections (`bot.clients`).
"""

from __future__ import annotations

import logging
import time
import urllib.error
import uuid
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import BriefError
from bot.render.blocks import RenderedMessage
from bot.store.posts import Claim, PostLedger

log = logging.getLogger(__name__)

EVENT_TYPE = "brief_posted"
HISTORY_LIMIT = 200
ATTEMPTS = 2


class PostUnconfirmed(BriefError):
    """Slack never confirmed a post and it is not in the channel: not tried a third time."""

    def __init__(self) -> None:
        super().__init__(
            "Slack did not confirm that the brief was posted. If it does not appear in this "
            "channel within a few minutes, run the command again."
        )


@dataclass(frozen=True)
class Posted:
    """The channel's post of this key: `new` when this call posted it."""

    ts: str
    new: bool


class ChannelPoster:
    """Posts one message per (team, channel, key), once, through `ledger` claims."""

    def __init__(
        self, slack: WebClient, ledger: PostLedger, *, settle_seconds: float = 1.0
    ) -> None:
        self._slack = slack
        self._ledger = ledger
        self._settle = settle_seconds

    def post(
        self,
        team_id: str,
        channel_id: str,
        key: str,
        message: RenderedMessage,
        *,
        thread_ts: str | None = None,
        wait_seconds: float = 30.0,
    ) -> Posted | Claim:
        """Post `message` (in the thread `thread_ts`, if given), or return the claim of the
        worker that posts (or posted) it, waiting up to `wait_seconds` for its ts."""
        claim = self._ledger.claim(team_id, channel_id, key, wait_seconds=wait_seconds)
        if not claim.ours:
            return claim
        earlier = self._ledger.open_attempt(team_id, channel_id, key)
        if earlier is not None:
            ts = self._find(channel_id, earlier.marker, since=earlier.started, thread=thread_ts)
            if ts is not None:
                log.info("found an earlier attempt's post in %s at %s", channel_id, ts)
                self._ledger.record(team_id, channel_id, key, ts)
                return Posted(ts=ts, new=False)
        marker = uuid.uuid4().hex
        started = self._ledger.start_attempt(team_id, channel_id, key, marker)
        for _ in range(ATTEMPTS):
            try:
                response = self._slack.chat_postMessage(
                    channel=channel_id,
                    thread_ts=thread_ts,
                    text=message.text,
                    blocks=message.blocks or None,
                    unfurl_links=False,
                    unfurl_media=False,
                    metadata={"event_type": EVENT_TYPE, "event_payload": {"attempt": marker}},
                )
            except Exception as exc:
                if not _unknown_outcome(exc):
                    self._ledger.release(team_id, channel_id, key)
                    raise
                log.warning("chat.postMessage outcome unknown (%s): looking for the post", exc)
                time.sleep(self._settle)
                ts = self._find(channel_id, marker, since=started, thread=thread_ts)
                if ts is None:
                    continue  # not in the channel: it was not posted, so try once more
            else:
                ts = str(response["ts"])
            self._ledger.record(team_id, channel_id, key, ts)
            return Posted(ts=ts, new=True)
        # The claim stays pending until it expires and the attempt marker stays, so the
        # next request looks in the history again before it posts.
        raise PostUnconfirmed

    def repoint(self, team_id: str, channel_id: str, key: str, ts: str) -> None:
        """The key's post is now the message at `ts` (a stream that replaced a placeholder)."""
        self._ledger.record(team_id, channel_id, key, ts)

    def _find(
        self, channel_id: str, marker: str, *, since: float, thread: str | None = None
    ) -> str | None:
        """The ts of this attempt's post in the channel's recent history (or the thread's
        replies), if it is there."""
        oldest = f"{max(0.0, since - 60):.6f}"
        try:
            if thread is not None:
                response = self._slack.conversations_replies(
                    channel=channel_id,
                    ts=thread,
                    oldest=oldest,
                    limit=HISTORY_LIMIT,
                    include_all_metadata=True,
                )
            else:
                response = self._slack.conversations_history(
                    channel=channel_id,
                    oldest=oldest,
                    limit=HISTORY_LIMIT,
                    include_all_metadata=True,
                )
        except SlackApiError as exc:
            log.warning("looking for a post failed: %s", exc.response.get("error"))
            return None
        for item in response.get("messages") or []:
            if _marker(item) == marker:
                return str(item["ts"])
        return None


def _marker(message: dict[str, Any]) -> str | None:
    metadata = message.get("metadata") or {}
    if metadata.get("event_type") != EVENT_TYPE:
        return None
    payload = metadata.get("event_payload") or {}
    value = payload.get("attempt")
    return value if isinstance(value, str) else None


def _unknown_outcome(exc: Exception) -> bool:
    """Did Slack maybe post it? A 5xx or a lost answer: maybe. A clear refusal: no."""
    if isinstance(exc, SlackApiError):
        return int(getattr(exc.response, "status_code", 200) or 200) >= 500
    if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, ConnectionRefusedError):
        return False  # never reached Slack
    return not isinstance(exc, ConnectionRefusedError)
