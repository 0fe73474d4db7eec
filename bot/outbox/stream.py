"""A thread reply streamed as it is written: `chat.startStream`, `appendStream`, `stopStream`.

    stream = outbox.stream(team, channel, thread_ts, user)
    if stream.start():                      # False: streaming is not available here
        stream.append("First sentence [¶3]\\n")
        stream.stop()                       # False: it expired; `stream.ts` takes an update

In a channel Slack wants the stream addressed to the asker (`recipient_team_id`,
`recipient_user_id`) and as a thread reply. A stream left idle expires on Slack's side
(`message_not_in_streaming_state`); any refusal after the start marks the stream `broken`,
and the caller replaces its message with `chat.update` (`Outbox.update(stream.ts, …)`).
Nothing here retries: an append sent twice would show twice.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

__all__ = ["AnswerStream"]

log = logging.getLogger(__name__)


class AnswerStream:
    """One streamed reply. Not thread-safe: one job writes it."""

    def __init__(
        self,
        posting: WebClient,
        slack: WebClient,
        channel_id: str,
        thread_ts: str,
        *,
        team_id: str,
        user_id: str,
    ) -> None:
        self._posting = posting
        self._slack = slack
        self.channel_id = channel_id
        self.thread_ts = thread_ts
        self._team_id = team_id
        self._user_id = user_id
        self.ts: str | None = None
        self.broken = False

    def start(self) -> bool:
        """Open the stream; False when Slack refuses (no streaming here, a scope, an error)."""
        try:
            response = self._posting.chat_startStream(
                channel=self.channel_id,
                thread_ts=self.thread_ts,
                recipient_team_id=self._team_id,
                recipient_user_id=self._user_id,
            )
        except (SlackApiError, SlackClientError, OSError) as exc:
            log.info("streaming unavailable (%s): answering in one post", _why(exc))
            return False
        self.ts = str(response["ts"])
        return True

    def append(self, markdown: str) -> bool:
        """Add text; False (and `broken`) when the stream has expired or Slack refused."""
        if self.ts is None or self.broken:
            return False
        try:
            self._posting.chat_appendStream(
                channel=self.channel_id, ts=self.ts, markdown_text=markdown
            )
        except (SlackApiError, SlackClientError, OSError) as exc:
            log.warning("stream append failed (%s): the answer will replace it", _why(exc))
            self.broken = True
            return False
        return True

    def stop(self) -> bool:
        """Close the stream; False (and `broken`) on a refusal."""
        if self.ts is None or self.broken:
            return False
        try:
            self._slack.chat_stopStream(channel=self.channel_id, ts=self.ts)
        except (SlackApiError, SlackClientError, OSError) as exc:
            log.warning("stream stop failed (%s): the answer will replace it", _why(exc))
            self.broken = True
            return False
        return True


def _why(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or "error")
    return type(exc).__name__
