"""What the digest may list: a brief posted from a link in a public channel of the workspace.

    record_for_digest(index, outbox, channel, ts, brief, thread_ts=None)

A pasted draft (no link), or a brief in a private channel, a DM or a channel shared with
another organisation, is never recorded, so it never reaches the digest channel or a
preview. Everything is recorded under the bot token's workspace (`Outbox.team_id`), which
the clock and `digest --now` read too. A failure here is logged: the brief is posted.
"""

from __future__ import annotations

import logging

import redis
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.briefs import Brief
from bot.outbox import Outbox
from bot.store.briefed import BriefedIndex

__all__ = ["record_for_digest"]

log = logging.getLogger(__name__)


def record_for_digest(
    index: BriefedIndex | None,
    outbox: Outbox,
    channel_id: str,
    ts: str,
    brief: Brief,
    *,
    thread_ts: str | None = None,
) -> None:
    if index is None or not brief.article.url:
        return
    try:
        if not outbox.is_public(channel_id):
            return
        index.record(outbox.team_id(), channel_id, ts, brief, thread_ts=thread_ts)
    except SlackApiError as exc:  # e.g. missing_scope: the manifest's channels:read
        log.warning("could not record the brief for the digest: %s", exc.response.get("error"))
    except (SlackClientError, redis.RedisError, OSError) as exc:
        log.warning("could not record the brief for the digest: %s", type(exc).__name__)
