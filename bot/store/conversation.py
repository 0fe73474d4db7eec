"""Thread Q&A's memory: each brief thread's questions and answers, in Redis.

    memory = Conversations(client, ttl_seconds=..., budget_tokens=...)
    memory.append(team, channel, thread_ts, Turn(question, answer, paragraphs))
    memory.turns(team, channel, thread_ts) -> [Turn, …]       # oldest first

One Redis list per thread, keyed by workspace, channel and thread (`keys.conversation`),
so memory never crosses threads, channels or workspaces. An append is one Lua script:
push the turn, drop the oldest turns while the thread holds more than `budget_chars`
(always keeping the newest), and renew the TTL — atomic, so two answers in one thread at
once both land, in order, and the memory never outgrows what a prompt can carry.
"""

from __future__ import annotations

import time
from typing import Any, cast

import redis
from pydantic import BaseModel, ConfigDict, Field

from bot.store import keys

__all__ = ["Conversations", "Turn"]

CHARS_PER_TOKEN = 4

_APPEND = """
local key, turn = KEYS[1], ARGV[1]
local budget, ttl = tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('RPUSH', key, turn)
local total = 0
for _, item in ipairs(redis.call('LRANGE', key, 0, -1)) do total = total + #item end
while total > budget and redis.call('LLEN', key) > 1 do
  total = total - #redis.call('LPOP', key)
end
redis.call('EXPIRE', key, ttl)
return redis.call('LLEN', key)
"""


class Turn(BaseModel):
    """One question in a thread and Brief's answer, with the paragraphs it cited."""

    model_config = ConfigDict(frozen=True)

    question: str
    answer: str
    paragraphs: list[int] = Field(default_factory=list)
    at: float = Field(default_factory=time.time)
    ts: str | None = None
    """The question's Slack message ts: a job run again knows the turn is already kept."""


class Conversations:
    """The memory of every brief thread, trimmed to a budget, expiring with the thread."""

    def __init__(self, client: redis.Redis, *, ttl_seconds: int, budget_tokens: int) -> None:
        self._redis = client
        self._ttl = ttl_seconds
        self._budget = budget_tokens * CHARS_PER_TOKEN
        self._append: Any = client.register_script(_APPEND)

    def append(self, team_id: str, channel_id: str, thread_ts: str, turn: Turn) -> int:
        """Add a turn; the number of turns the thread now remembers."""
        key = keys.conversation(team_id, channel_id, thread_ts)
        return int(self._append(keys=[key], args=[turn.model_dump_json(), self._budget, self._ttl]))

    def turns(self, team_id: str, channel_id: str, thread_ts: str) -> list[Turn]:
        raw = cast(
            list[bytes],
            self._redis.lrange(keys.conversation(team_id, channel_id, thread_ts), 0, -1),
        )
        return [Turn.model_validate_json(item) for item in raw]
