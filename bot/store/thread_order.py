"""Questions in one thread are answered in the order they were asked.

    order = ThreadOrder(client)
    order.enter(team, channel, thread_ts, message_ts)     # on the ack path, with the enqueue
    if order.wait(team, channel, thread_ts, message_ts):  # in the worker, before answering
        ...answer...
    order.leave(team, channel, thread_ts, message_ts)

Two mentions at once in one thread go to two worker threads; each waits until every
earlier question of its thread (a sorted set by message ts, per team, channel and thread)
has been answered, so the second answer reads the first from the thread's memory. A
question whose worker died is passed over after `stale_seconds`, and a wait gives up
after `timeout`: a lost job must not stop a thread for good.
"""

from __future__ import annotations

import time

import redis

from bot.store import keys

__all__ = ["ThreadOrder"]


class ThreadOrder:
    def __init__(
        self, client: redis.Redis, *, stale_seconds: float = 600.0, poll_seconds: float = 0.05
    ) -> None:
        self._redis = client
        self._stale = stale_seconds
        self._poll = poll_seconds

    def enter(self, team_id: str, channel_id: str, thread_ts: str, message_ts: str) -> None:
        key = keys.thread_order(team_id, channel_id, thread_ts)
        with self._redis.pipeline() as pipe:
            pipe.zadd(key, {message_ts: float(message_ts)}, nx=True)
            pipe.expire(key, int(self._stale) * 2)
            pipe.execute()

    def wait(
        self, team_id: str, channel_id: str, thread_ts: str, message_ts: str, *, timeout: float
    ) -> bool:
        """Block until no earlier question of the thread is waiting; False on time-out."""
        key = keys.thread_order(team_id, channel_id, thread_ts)
        mine = float(message_ts)
        deadline = time.monotonic() + timeout
        while True:
            # Entries are scored by their Slack ts (seconds since the epoch).
            self._redis.zremrangebyscore(key, "-inf", f"({time.time() - self._stale}")
            earlier = int(self._redis.zcount(key, "-inf", f"({mine}"))
            if earlier == 0:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(self._poll)

    def leave(self, team_id: str, channel_id: str, thread_ts: str, message_ts: str) -> None:
        self._redis.zrem(keys.thread_order(team_id, channel_id, thread_ts), message_ts)
