"""Abuse limits: how many `/brief` requests a user and a channel may make per minute.

    RateLimits(client, per_user=10, per_channel=30).check(team, channel, user) -> Refusal | None

A fixed one-minute window per (team, user) and per (team, channel), counted with
`INCR` + `EXPIRE` in one round trip. The ack path runs it through `Offload`, like
the dedupe. A refusal says which limit and when to try again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import redis

from bot.store import keys

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Refusal:
    """Over a limit: what to tell the user."""

    message: str


class RateLimits:
    def __init__(self, client: redis.Redis, *, per_user: int, per_channel: int) -> None:
        self._redis = client
        self._per_user = per_user
        self._per_channel = per_channel

    def check(
        self, team_id: str, channel_id: str, user_id: str, *, asking: str = "briefs"
    ) -> Refusal | None:
        """Count this request (briefs and questions share the limits); a `Refusal` when the
        user or the channel is over its limit, saying what was asked for (`asking`)."""
        window = int(time.time() // WINDOW_SECONDS)
        user_key = keys.rate(team_id, "user", user_id, window)
        channel_key = keys.rate(team_id, "channel", channel_id, window)
        with self._redis.pipeline() as pipe:
            pipe.incr(user_key)
            pipe.expire(user_key, WINDOW_SECONDS * 2)
            pipe.incr(channel_key)
            pipe.expire(channel_key, WINDOW_SECONDS * 2)
            user_count, _, channel_count, _ = pipe.execute()
        wait = WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS
        if int(user_count) > self._per_user:
            return Refusal(
                f"You've asked for {self._per_user} {asking} in a minute, the most Brief takes "
                f"from one person. Try again in {wait} seconds."
            )
        if int(channel_count) > self._per_channel:
            return Refusal(
                f"This channel has asked for {self._per_channel} {asking} in a minute, the most "
                f"Brief takes from one channel. Try again in {wait} seconds."
            )
        return None
