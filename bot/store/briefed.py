"""What a workspace briefed, by day: the digest's index (it never scans Redis keys).

    index = BriefedIndex(client)
    index.record(team, channel, ts, brief)             # when a brief is posted
    index.entries(team, since=..., until=...)           # the digest's window, newest first
    index.last_digest(team, channel) / index.digested(team, channel, date, at)

Only articles from a link, posted in public channels, are recorded (the runners decide): a
pasted draft or a private channel's brief never reaches the digest channel.

Per team, a sorted set per UTC day (`keys.briefed_day`) holds the articles briefed that day,
scored by when; a hash per article (`keys.briefed_entry`) holds what the digest shows of it
(headline, link, genre, the brief's first summary point with its paragraphs: gated when it
was posted, so a digest needs no model) and one field per channel it was posted in (the
post's ts, for a permalink, and when). Both expire after `DAYS_KEPT`.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import redis
from pydantic import BaseModel, ConfigDict, Field

from bot.briefs import Brief
from bot.store import keys

__all__ = ["BriefedEntry", "BriefedIndex", "BriefedPost", "LastDigest"]

DAYS_KEPT = 8
MAX_WINDOW = timedelta(days=7)
_INFO = "info"
_POST = "post:"


class BriefedPost(BaseModel):
    model_config = ConfigDict(frozen=True)

    channel: str
    ts: str
    at: float
    thread_ts: str | None = None
    """The thread the brief was posted in (a mention's link), for its permalink."""


class BriefedEntry(BaseModel):
    """One article a workspace briefed, as the digest lists it."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str | None = None
    url: str | None = None
    genre: str = "news"
    summary: str | None = None
    paragraphs: list[int] = Field(default_factory=list)
    posts: list[BriefedPost] = Field(default_factory=list)

    @property
    def latest(self) -> float:
        return max((p.at for p in self.posts), default=0.0)

    @property
    def first_post(self) -> BriefedPost | None:
        return min(self.posts, key=lambda p: p.at, default=None)


class LastDigest(BaseModel):
    model_config = ConfigDict(frozen=True)

    date: str
    at: float
    ts: str


def _day(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).date().isoformat()


class BriefedIndex:
    def __init__(self, client: redis.Redis) -> None:
        self._redis = client

    def record(
        self,
        team_id: str,
        channel_id: str,
        ts: str,
        brief: Brief,
        *,
        at: float | None = None,
        thread_ts: str | None = None,
    ) -> None:
        """A brief was posted in a channel (or in the thread `thread_ts`) at `ts`."""
        at = time.time() if at is None else at
        article = brief.article
        key = article.sha256
        lead = brief.summary[0] if brief.summary else None
        info = {
            "title": article.title,
            "url": article.url,
            "genre": article.genre,
            "summary": lead.text if lead else None,
            "paragraphs": lead.paragraphs if lead else [],
        }
        post = {"channel": channel_id, "ts": ts, "at": at, "thread_ts": thread_ts}
        ttl = DAYS_KEPT * 86_400
        entry = keys.briefed_entry(team_id, key)
        day = keys.briefed_day(team_id, _day(at))
        with self._redis.pipeline() as pipe:
            pipe.hset(
                entry, mapping={_INFO: json.dumps(info), _POST + channel_id: json.dumps(post)}
            )
            pipe.expire(entry, ttl)
            pipe.zadd(day, {key: at})
            pipe.expire(day, ttl)
            pipe.execute()

    def entries(self, team_id: str, *, since: float, until: float) -> list[BriefedEntry]:
        """Articles briefed in [since, until], newest first, each with all its posts."""
        since = max(since, until - MAX_WINDOW.total_seconds())
        days = []
        day = datetime.fromtimestamp(since, UTC).date()
        while day <= datetime.fromtimestamp(until, UTC).date():
            days.append(keys.briefed_day(team_id, day.isoformat()))
            day += timedelta(days=1)
        with self._redis.pipeline() as pipe:
            for name in days:
                pipe.zrangebyscore(name, since, until)
            found = pipe.execute()
        article_keys = list(dict.fromkeys(k.decode() for batch in found for k in batch))
        with self._redis.pipeline() as pipe:
            for key in article_keys:
                pipe.hgetall(keys.briefed_entry(team_id, key))
            raws = pipe.execute()
        entries = [
            entry
            for key, raw in zip(article_keys, raws, strict=True)
            if (entry := _entry(key, raw, since, until)) is not None
        ]
        return sorted(entries, key=lambda e: -e.latest)

    def last_digest(self, team_id: str, channel_id: str) -> LastDigest | None:
        raw = self._redis.get(keys.last_digest(team_id, channel_id))
        if not isinstance(raw, bytes):
            return None
        return LastDigest.model_validate_json(raw)

    def digested(self, team_id: str, channel_id: str, last: LastDigest) -> None:
        """The channel's digest for `last.date` is posted: the next one starts from it."""
        self._redis.set(
            keys.last_digest(team_id, channel_id), last.model_dump_json(), ex=DAYS_KEPT * 86_400
        )


def _entry(key: str, raw: dict[bytes, bytes], since: float, until: float) -> BriefedEntry | None:
    """The article with its posts in the window only (its channels, its thread: today's)."""
    if not raw or _INFO.encode() not in raw:
        return None
    info = json.loads(raw[_INFO.encode()])
    posts = [
        post
        for field, value in raw.items()
        if field.decode().startswith(_POST)
        and since <= (post := BriefedPost.model_validate_json(value)).at <= until
    ]
    return BriefedEntry(key=key, posts=posts, **info) if posts else None
