"""The fake Slack's workspace: messages, channel rules and the Web API methods.

`Workspace.handle(method, params, headers)` checks the token and runs one method,
raising `SlackError` for anything Slack answers with `{"ok": false, ...}`.
`slack_api.FakeSlack` extends it with the HTTP server, call recording and scripted
faults; `slack_blocks` holds the Block Kit limits `validate_message` applies.

`msg_blocks_too_long` is undocumented: Slack rejects blocks holding more than
roughly 12,000 characters of text in total (bolt-js #2509, #2867). The fake sums
every `text` string in the blocks and rejects above `max_blocks_text` (12,000 by
default; `None` turns the check off).
"""

from __future__ import annotations

import copy
import json
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.slack_blocks import block_errors, blocks_text_length

MAX_TEXT = 40_000
TEAM_ID = "T0FAKE001"
BOT_USER_ID = "U0BRIEFBOT"
BOT_ID = "B0BRIEFBOT"

Json = dict[str, Any]


@dataclass(frozen=True)
class Reply:
    """What the server sends back: a status, a JSON body and extra headers."""

    status: int
    body: Json
    headers: dict[str, str] = field(default_factory=dict)


class SlackError(Exception):
    """An answer other than success, raised inside the fake and sent as its reply."""

    def __init__(self, error: str, *, status: int = 200, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.reply = Reply(status, {"ok": False, "error": error, **extra})


def validate_message(params: Json, *, max_blocks_text: int | None) -> list[Any] | None:
    """Check text and blocks as chat.postMessage does; return the blocks, parsed.

    Raises `SlackError` with `no_text`, `msg_too_long`, `invalid_blocks_format`,
    `invalid_blocks` (with Slack-style `errors`) or `msg_blocks_too_long`.
    """
    blocks = params.get("blocks")
    if isinstance(blocks, str):  # form-encoded requests carry blocks as a JSON string
        try:
            blocks = json.loads(blocks)
        except ValueError:
            raise SlackError("invalid_blocks_format") from None
    if blocks is not None and not isinstance(blocks, list):
        raise SlackError("invalid_blocks_format")
    text = "" if params.get("text") is None else str(params["text"])
    if not text and not blocks and not params.get("attachments"):
        raise SlackError("no_text")
    if len(text) > MAX_TEXT:
        raise SlackError("msg_too_long")
    if blocks:
        errors = block_errors(blocks)
        if errors:
            metadata = {"messages": [f"[ERROR] {error}" for error in errors]}
            raise SlackError("invalid_blocks", errors=errors, response_metadata=metadata)
        if max_blocks_text is not None and blocks_text_length(blocks) > max_blocks_text:
            raise SlackError("msg_blocks_too_long")
    return blocks


def _header(headers: Mapping[str, str], name: str) -> str:
    return next((v for k, v in headers.items() if k.lower() == name.lower()), "")


class Workspace:
    """Channels and messages, and the methods that read and change them.

    Per-channel rules are plain sets, filled before the calls that should see them:
    `channels_without_bot` (posting answers `not_in_channel`, conversations.info says
    `is_member: false`), `archived_channels` (`is_archived`), `missing_channels`
    (`channel_not_found` for every method).
    """

    def __init__(self, *, token: str, workspace: str, max_blocks_text: int | None) -> None:
        self.token = token
        self.workspace = workspace
        self.max_blocks_text = max_blocks_text
        self.channels_without_bot: set[str] = set()
        self.archived_channels: set[str] = set()
        self.missing_channels: set[str] = set()
        self.private_channels: set[str] = set()
        self.streaming = True
        """False: chat.startStream answers `unknown_method`, as where streaming is not offered."""
        self.stream_expires_after: int | None = None
        """Appends a stream takes before it expires (`message_not_in_streaming_state`)."""
        self._lock = threading.Lock()
        self._messages: dict[str, list[Json]] = defaultdict(list)
        self._ephemerals: dict[str, list[Json]] = defaultdict(list)
        self._ts_counter = 0
        self._methods: dict[str, Callable[[Json], Json]] = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._post_message,
            "chat.postEphemeral": self._post_ephemeral,
            "chat.update": self._update,
            "chat.delete": self._delete,
            "chat.startStream": self._start_stream,
            "chat.appendStream": self._append_stream,
            "chat.stopStream": self._stop_stream,
            "conversations.replies": self._conversations_replies,
            "chat.getPermalink": self._get_permalink,
            "conversations.info": self._conversations_info,
            "conversations.history": self._conversations_history,
            "reactions.add": self._reactions_add,
        }

    def messages(self, channel: str) -> list[Json]:
        """Messages posted (and as since updated) in `channel`, oldest first; copies."""
        with self._lock:
            return copy.deepcopy(self._messages.get(channel, []))

    def ephemerals(self, channel: str) -> list[Json]:
        with self._lock:
            return copy.deepcopy(self._ephemerals.get(channel, []))

    def user_message(
        self, channel: str, user: str, text: str, *, thread_ts: str | None = None
    ) -> Json:
        """A person's message, as Slack stores it (what an `app_mention` event is about)."""
        message: Json = {"type": "message", "user": user, "text": text, "ts": self._next_ts()}
        if thread_ts:
            message["thread_ts"] = thread_ts
        with self._lock:
            self._messages[channel].append(message)
        return copy.deepcopy(message)

    def handle(self, method: str, params: Json, headers: Mapping[str, str]) -> Json:
        """Check the token (Bearer header, else a `token` param), then run `method`."""
        bearer = _header(headers, "Authorization")
        token = bearer.removeprefix("Bearer ").strip() or str(params.get("token") or "")
        if not token:
            raise SlackError("not_authed")
        if token != self.token:
            raise SlackError("invalid_auth")
        run = self._methods.get(method)
        if run is None:
            raise SlackError("unknown_method")
        return run(params)

    # --- helpers ---------------------------------------------------------------

    def _channel(self, params: Json, *, posting: bool = False) -> str:
        channel = str(params.get("channel") or "")
        if not channel or channel in self.missing_channels:
            raise SlackError("channel_not_found")
        if posting and channel in self.archived_channels:
            raise SlackError("is_archived")
        if posting and channel in self.channels_without_bot:
            raise SlackError("not_in_channel")
        return channel

    def _next_ts(self) -> str:
        """Unique and increasing, shaped like Slack's and taken from the clock as Slack's are:
        "1764590400.000100" (history lookups compare them with the time)."""
        with self._lock:
            micros = max(int(time.time() * 1_000_000), self._ts_counter + 100)
            self._ts_counter = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _find(self, channel: str, ts: object) -> Json:
        """The stored message (call with the lock held)."""
        for message in self._messages.get(channel, []):
            if message["ts"] == ts:
                return message
        raise SlackError("message_not_found")

    def _new_message(self, params: Json, blocks: list[Any] | None) -> Json:
        message: Json = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "text": str(params.get("text") or ""),
            "ts": self._next_ts(),
        }
        if blocks:
            message["blocks"] = blocks
        if params.get("thread_ts"):
            message["thread_ts"] = str(params["thread_ts"])
        metadata = params.get("metadata")
        if isinstance(metadata, str) and metadata:
            metadata = json.loads(metadata)
        if isinstance(metadata, dict):
            if not isinstance(metadata.get("event_type"), str):
                raise SlackError("invalid_metadata_format")
            message["metadata"] = metadata
        return message

    # --- the methods -----------------------------------------------------------

    def _auth_test(self, params: Json) -> Json:
        return {
            "ok": True,
            "url": f"https://{self.workspace}.slack.com/",
            "team": "Fake Newsroom",
            "user": "brief",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _post_message(self, params: Json) -> Json:
        channel = self._channel(params, posting=True)
        blocks = validate_message(params, max_blocks_text=self.max_blocks_text)
        message = self._new_message(params, blocks)
        with self._lock:
            self._messages[channel].append(message)
            snapshot = copy.deepcopy(message)
        return {"ok": True, "channel": channel, "ts": snapshot["ts"], "message": snapshot}

    def _post_ephemeral(self, params: Json) -> Json:
        channel = self._channel(params, posting=True)
        if not params.get("user"):
            raise SlackError("user_not_found")
        blocks = validate_message(params, max_blocks_text=self.max_blocks_text)
        message = {**self._new_message(params, blocks), "for_user": str(params["user"])}
        with self._lock:
            self._ephemerals[channel].append(message)
        return {"ok": True, "message_ts": message["ts"]}

    def _update(self, params: Json) -> Json:
        channel = self._channel(params, posting=True)
        blocks = validate_message(params, max_blocks_text=self.max_blocks_text)
        with self._lock:
            message = self._find(channel, params.get("ts"))
            if "text" in params:
                message["text"] = str(params["text"] or "")
            if "blocks" in params:
                message["blocks"] = blocks or []
            message["edited"] = {"user": BOT_USER_ID, "ts": message["ts"]}
            snapshot = copy.deepcopy(message)
        text, ts = snapshot["text"], snapshot["ts"]
        return {"ok": True, "channel": channel, "ts": ts, "text": text, "message": snapshot}

    def _delete(self, params: Json) -> Json:
        channel = self._channel(params, posting=True)
        with self._lock:
            message = self._find(channel, params.get("ts"))
            self._messages[channel].remove(message)
        return {"ok": True, "channel": channel, "ts": message["ts"]}

    def _start_stream(self, params: Json) -> Json:
        """A streamed reply: in a channel it needs a thread and its recipient, as Slack says."""
        if not self.streaming:
            raise SlackError("unknown_method")
        channel = self._channel(params, posting=True)
        if not params.get("thread_ts"):
            raise SlackError("invalid_arguments")
        if not params.get("recipient_team_id") or not params.get("recipient_user_id"):
            raise SlackError("missing_recipient_team_id")
        message = self._new_message({**params, "text": params.get("markdown_text") or ""}, None)
        message["streaming_state"] = "in_progress"
        message["appends"] = 0
        with self._lock:
            self._messages[channel].append(message)
        return {"ok": True, "channel": channel, "ts": message["ts"]}

    def _streaming_message(self, params: Json) -> tuple[str, Json]:
        channel = self._channel(params, posting=True)
        message = self._find(channel, params.get("ts"))
        if message.get("streaming_state") != "in_progress":
            raise SlackError("message_not_in_streaming_state")
        return channel, message

    def _append_stream(self, params: Json) -> Json:
        text = str(params.get("markdown_text") or "")
        if not text:
            raise SlackError("no_text")
        with self._lock:
            channel, message = self._streaming_message(params)
            if self.stream_expires_after is not None and (
                message["appends"] >= self.stream_expires_after
            ):
                message["streaming_state"] = "completed"  # expired on Slack's side
                raise SlackError("message_not_in_streaming_state")
            message["appends"] += 1
            message["text"] += text
        return {"ok": True, "channel": channel, "ts": message["ts"]}

    def _stop_stream(self, params: Json) -> Json:
        blocks = validate_message({**params, "text": "-"}, max_blocks_text=self.max_blocks_text)
        with self._lock:
            channel, message = self._streaming_message(params)
            message["text"] += str(params.get("markdown_text") or "")
            if blocks:
                message["blocks"] = blocks
            message["streaming_state"] = "completed"
            snapshot = copy.deepcopy(message)
        return {"ok": True, "channel": channel, "ts": snapshot["ts"], "message": snapshot}

    def _get_permalink(self, params: Json) -> Json:
        channel = self._channel(params)
        with self._lock:
            ts = self._find(channel, params.get("message_ts"))["ts"]
        link = f"https://{self.workspace}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        return {"ok": True, "channel": channel, "permalink": link}

    def _conversations_info(self, params: Json) -> Json:
        channel = self._channel(params)
        info = {
            "id": channel,
            "name": channel.lower(),
            "is_channel": True,
            "is_private": channel in self.private_channels,
            "is_archived": channel in self.archived_channels,
            "is_member": channel not in self.channels_without_bot,
        }
        return {"ok": True, "channel": info}

    def _conversations_history(self, params: Json) -> Json:
        """Newest first, from `oldest` on; metadata payloads only with `include_all_metadata`."""
        channel = self._channel(params)
        oldest = float(params.get("oldest") or 0)
        limit = int(params.get("limit") or 100)
        with_metadata = str(params.get("include_all_metadata", "")).lower() in {"1", "true"}
        with self._lock:
            found = [m for m in self._messages.get(channel, []) if float(m["ts"]) > oldest]
            found = copy.deepcopy(list(reversed(found))[:limit])
        for message in found:
            if "metadata" in message and not with_metadata:
                message["metadata"] = {"event_type": message["metadata"]["event_type"]}
        return {"ok": True, "messages": found, "has_more": False}

    def _conversations_replies(self, params: Json) -> Json:
        """A thread, oldest first: its root, then replies from `oldest` on."""
        channel = self._channel(params)
        thread = str(params.get("ts") or "")
        oldest = float(params.get("oldest") or 0)
        limit = int(params.get("limit") or 100)
        with_metadata = str(params.get("include_all_metadata", "")).lower() in {"1", "true"}
        with self._lock:
            if not any(m["ts"] == thread for m in self._messages.get(channel, [])):
                raise SlackError("thread_not_found")
            found = [
                m
                for m in self._messages.get(channel, [])
                if m["ts"] == thread or (m.get("thread_ts") == thread and float(m["ts"]) > oldest)
            ]
            found = copy.deepcopy(found[:limit])
        for message in found:
            if "metadata" in message and not with_metadata:
                message["metadata"] = {"event_type": message["metadata"]["event_type"]}
        return {"ok": True, "messages": found, "has_more": False}

    def _reactions_add(self, params: Json) -> Json:
        channel = self._channel(params)
        name = str(params.get("name") or "")
        if not name:
            raise SlackError("invalid_name")
        with self._lock:
            reactions = self._find(channel, params.get("timestamp")).setdefault("reactions", [])
            if any(reaction["name"] == name for reaction in reactions):
                raise SlackError("already_reacted")
            reactions.append({"name": name, "users": [BOT_USER_ID], "count": 1})
        return {"ok": True}
