"""A daily budget of language-model tokens per workspace.

    TokenBudget(client, daily_limit).exhausted(team) / charge(team, tokens)

Tokens are counted per team and UTC day with `INCRBY` (the key lives two days). Only
a brief that makes a model call is charged, to the team whose request made it; a
cached draft costs nothing, so a story briefed by 50 people costs its first team once.
A limit of 0 means no budget.
"""

from __future__ import annotations

import datetime as dt

import redis

from bot.store import keys

_TWO_DAYS = 2 * 86_400


class TokenBudget:
    def __init__(self, client: redis.Redis, *, daily_limit: int) -> None:
        self._redis = client
        self.daily_limit = daily_limit

    def spent(self, team_id: str) -> int:
        raw = self._redis.get(keys.tokens(team_id, _today()))
        return int(raw) if raw is not None else 0

    def exhausted(self, team_id: str) -> bool:
        return self.daily_limit > 0 and self.spent(team_id) >= self.daily_limit

    def charge(self, team_id: str, tokens: int) -> None:
        if tokens <= 0:
            return
        key = keys.tokens(team_id, _today())
        with self._redis.pipeline() as pipe:
            pipe.incrby(key, tokens)
            pipe.expire(key, _TWO_DAYS)
            pipe.execute()


def _today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()
