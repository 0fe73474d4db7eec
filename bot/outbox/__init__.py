"""Every way Brief speaks in Slack, in one place, with one reused client.

    outbox = Outbox(slack, posting_slack, ChannelPoster(posting_slack, ledger))
    outbox.post_once(team, channel, key, message)       # a brief: once per channel and key
    outbox.ephemeral(response_url, channel, user, message)
    outbox.post_once(team, channel, key, message, thread_ts=ts)  # once per key, in a thread
    outbox.reply_in_thread(channel, thread_ts, message) # a reply (no exactly-once)
    outbox.update(channel, ts, message)                 # a placeholder replaced
    outbox.delete(channel, ts)                          # a placeholder a stream replaced
    outbox.repoint(team, channel, key, ts)              # ... and the key now names the stream
    outbox.react(channel, ts, "eyes")                   # progress on someone's message
    outbox.stream(team, channel, thread_ts, user)       # an answer streamed (`AnswerStream`)
    outbox.permalink(channel, ts)

`channel.py` holds the exactly-once post (`ChannelPoster`), `stream.py` the streamed
reply; the rest is here. The jobs decide what to say; only the outbox knows how Slack is
told.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.webhook import WebhookClient

from bot.outbox.channel import EVENT_TYPE, ChannelPoster, Posted, PostUnconfirmed
from bot.outbox.stream import AnswerStream
from bot.render.blocks import RenderedMessage
from bot.store.posts import Claim

__all__ = ["EVENT_TYPE", "AnswerStream", "ChannelPoster", "Outbox", "PostUnconfirmed", "Posted"]

log = logging.getLogger(__name__)


class Outbox:
    """Posts, replies, ephemeral answers and updates. `slack` retries what is safe to retry
    (reads, updates); `posting` never retries a post on a 5xx or a dropped connection,
    which may come after Slack accepted it (`bot.clients`): thread replies go through it."""

    def __init__(
        self,
        slack: WebClient,
        posting: WebClient,
        poster: ChannelPoster,
        *,
        webhook_timeout: int = 10,
    ) -> None:
        self._slack = slack
        self._posting = posting
        self._poster = poster
        self._webhook_timeout = webhook_timeout
        self._who: dict[str, Any] | None = None
        self._public: dict[str, bool] = {}

    def post_once(
        self,
        team_id: str,
        channel_id: str,
        key: str,
        message: RenderedMessage,
        *,
        thread_ts: str | None = None,
        wait_seconds: float = 30.0,
    ) -> Posted | Claim:
        """Post `message` in the channel (or the thread) once per key (`ChannelPoster`)."""
        return self._poster.post(
            team_id, channel_id, key, message, thread_ts=thread_ts, wait_seconds=wait_seconds
        )

    def repoint(self, team_id: str, channel_id: str, key: str, ts: str) -> None:
        """Record that `key`'s one post is now the message at `ts` (a stream replaced it)."""
        self._poster.repoint(team_id, channel_id, key, ts)

    def react(self, channel_id: str, ts: str, name: str) -> None:
        """Add a reaction to a message (progress on a request); one already there is fine."""
        try:
            self._slack.reactions_add(channel=channel_id, timestamp=ts, name=name)
        except SlackApiError as exc:
            if exc.response.get("error") != "already_reacted":
                log.warning("could not react: %s", exc.response.get("error"))

    def ephemeral(
        self, response_url: str | None, channel_id: str, user_id: str, message: RenderedMessage
    ) -> None:
        """An answer only the asker sees: through `response_url`, else `chat.postEphemeral`;
        never an exception (there is nobody left to tell)."""
        blocks = message.blocks or None
        if response_url:
            try:
                result = WebhookClient(response_url, timeout=self._webhook_timeout).send(
                    text=message.text, blocks=blocks, response_type="ephemeral"
                )
                if result.status_code == 200:
                    return
                log.warning("response_url answered %s", result.status_code)
            except (SlackClientError, OSError) as exc:
                log.warning("response_url failed: %s", exc)
        try:
            self._slack.chat_postEphemeral(
                channel=channel_id, user=user_id, text=message.text, blocks=blocks
            )
        except SlackApiError as exc:
            log.error("could not tell the user anything: %s", exc.response.get("error"))

    def reply_in_thread(self, channel_id: str, thread_ts: str, message: RenderedMessage) -> str:
        """A reply under `thread_ts`; its ts."""
        response = self._posting.chat_postMessage(
            channel=channel_id,
            thread_ts=thread_ts,
            text=message.text,
            blocks=message.blocks or None,
            unfurl_links=False,
            unfurl_media=False,
        )
        return str(response["ts"])

    def update(self, channel_id: str, ts: str, message: RenderedMessage) -> None:
        """Replace a message Brief posted (a placeholder, say) with `message`."""
        self._slack.chat_update(
            channel=channel_id, ts=ts, text=message.text, blocks=message.blocks or None
        )

    def delete(self, channel_id: str, ts: str) -> None:
        """Remove a message Brief posted; one already gone is not an error."""
        try:
            self._slack.chat_delete(channel=channel_id, ts=ts)
        except SlackApiError as exc:
            if exc.response.get("error") != "message_not_found":
                raise

    def stop_stream(self, channel_id: str, ts: str) -> None:
        """Close a stream an earlier run left open, if `ts` is one; anything else is a no-op."""
        try:
            self._slack.chat_stopStream(channel=channel_id, ts=ts)
        except SlackApiError as exc:
            log.info("no open stream to close (%s)", exc.response.get("error"))

    def stream(self, team_id: str, channel_id: str, thread_ts: str, user_id: str) -> AnswerStream:
        """A reply in the thread that can be written as it comes (not started yet)."""
        return AnswerStream(
            self._posting, self._slack, channel_id, thread_ts, team_id=team_id, user_id=user_id
        )

    def _auth(self) -> dict[str, Any]:
        """`auth.test`'s answer: who the bot token is, asked once per process."""
        if self._who is None:
            self._who = dict(self._slack.auth_test().data)  # type: ignore[arg-type]
        return self._who

    def workspace_url(self) -> str | None:
        """The workspace's address (`https://newsroom.slack.com/`): a digest builds its many
        permalinks from it instead of one `chat.getPermalink` each."""
        try:
            return str(self._auth().get("url") or "") or None
        except SlackApiError as exc:
            log.warning("auth.test failed: %s", exc.response.get("error"))
            return None

    def team_id(self) -> str:
        """The workspace the bot token belongs to."""
        return str(self._auth()["team_id"])

    def is_public(self, channel_id: str) -> bool:
        """A public channel of this workspace only: not private, not a DM or group DM, not
        shared with another organisation (asked once per channel per process)."""
        if channel_id not in self._public:
            info = self._slack.conversations_info(channel=channel_id)["channel"]
            self._public[channel_id] = not any(
                info.get(flag) for flag in ("is_private", "is_im", "is_mpim", "is_ext_shared")
            )
        return self._public[channel_id]

    def permalink(self, channel_id: str, ts: str) -> str:
        return str(self._slack.chat_getPermalink(channel=channel_id, message_ts=ts)["permalink"])
