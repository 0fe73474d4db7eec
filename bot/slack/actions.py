"""Block Kit actions: the "Sources" button under a brief.

A click is answered only to the person who clicked (ephemeral, through the action's
`response_url`), after the ack, from the article stored with the brief's thread record in
this workspace; the button carries references, never text (`bot.render.sources`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import redis
from slack_bolt.async_app import AsyncAck, AsyncRespond

from bot.logs import new_request_id, request_context
from bot.render.sources import read_refs, render_sources
from bot.slack.after_ack import AfterAck
from bot.slack.offload import Offload
from bot.store.posts import read_thread_article

log = logging.getLogger(__name__)


@dataclass
class Actions:
    """The actions' listeners, with the clients they need passed in."""

    redis: redis.Redis
    offload: Offload
    _later: AfterAck = field(default_factory=AfterAck)

    async def sources_action(
        self, ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond
    ) -> None:
        """The "Sources" button under a brief: the article's sentences each item rests on,
        shown only to the person who asked (ephemeral), from the article stored with the
        brief's thread record in this workspace."""
        await ack()
        with request_context(new_request_id()):
            try:
                team = str((body.get("team") or {}).get("id") or "")
                channel = str((body.get("channel") or {}).get("id") or "")
                ts = str((body.get("container") or {}).get("message_ts") or "")
                value = str((body.get("actions") or [{}])[0].get("value") or "")
                article = await self.offload.run(
                    lambda _: read_thread_article(self.redis, team, channel, ts)
                )
            except Exception as exc:  # Redis down, a stalled read, a record that won't parse
                log.error("sources: could not read the thread record (%s)", type(exc).__name__)
                text = SOURCES_UNAVAILABLE
            else:
                items = read_refs(value)
                if not items:
                    text = SOURCES_NONE
                elif article is None:
                    text = SOURCES_GONE
                else:
                    text = "\n".join([SOURCES_HEADING, *render_sources(article, items)])
            self._later.send(_respond(respond, text))


SOURCES_HEADING = "*Sources*: the article's sentences each item rests on"

SOURCES_GONE = (
    "The article behind this brief is no longer stored, so its sources can't be shown. "
    "Brief the link again to see them."
)

SOURCES_UNAVAILABLE = "Sorry, I can't show the sources right now. Please try again in a minute."

SOURCES_NONE = "This brief has no sources to show."

_SOURCES_CHARS = 2_900

_SOURCES_BLOCKS = 10


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a space: never inside an escape like "&amp;"."""
    cut = text[:limit]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut.split("&", 1)[0]


async def _respond(respond: AsyncRespond, text: str) -> None:
    """An ephemeral reply in sections of at most 2,900 characters (Block Kit's 3,000)."""
    chunks: list[str] = []
    for raw in text.split("\n"):
        line = raw if len(raw) <= _SOURCES_CHARS else _cut(raw, _SOURCES_CHARS - 1) + "…"
        if chunks and len(chunks[-1]) + len(line) + 1 <= _SOURCES_CHARS:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": chunk}}
        for chunk in chunks[:_SOURCES_BLOCKS]
    ]
    try:
        await respond(
            text=chunks[0][:_SOURCES_CHARS],
            blocks=blocks,
            response_type="ephemeral",
            replace_original=False,
        )
    except Exception as exc:  # a reply that fails must not take the listener down
        log.error("sources: the reply failed (%s)", type(exc).__name__)
