"""What was asked and what was posted: idempotency, one brief per channel, thread records.

- `first_delivery` (on the ack path): `SET NX EX` on the request's id, so a
  Slack retry or a duplicate delivery is acknowledged but never enqueued twice.
- `PostLedger.claim` / `record` / `release`: the first worker to claim
  (channel, article) posts; the others wait for the post's ts and send the
  requester a link to it instead of posting again.
- `PostLedger.start_attempt` / `open_attempt`: a post whose outcome is not known
  yet, so the next claim looks for it in the channel before posting (`bot.outbox`).
- `PostLedger.remember_thread` / `read_thread`: the thread record of a posted brief
  (team, channel, thread ts): its article and its gated brief, for the Sources button and
  thread Q&A. The article and the brief are kept a day longer than the record, so a record
  never points at what has expired.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass

import redis

from bot.article.model import Article
from bot.briefs import Brief
from bot.store import keys

PENDING = "pending"


def first_delivery(
    client: redis.Redis, kind: str, request_id: str, *, ttl_seconds: int = 86_400
) -> bool:
    """True the first time this request id is seen; False for a retry or duplicate."""
    return bool(client.set(keys.seen_request(kind, request_id), "1", nx=True, ex=ttl_seconds))


@dataclass(frozen=True)
class Attempt:
    """A post that went out (or may have) with this metadata marker, at `started`."""

    marker: str
    started: float


@dataclass(frozen=True)
class Claim:
    """The outcome of claiming a channel post: ours to post, or someone else's `ts`."""

    ours: bool
    ts: str | None = None


class PostLedger:
    """Posts per channel and thread records, with the cache's TTL."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        ttl_seconds: int,
        thread_ttl_seconds: int | None = None,
        pending_ttl_seconds: int = 120,
    ) -> None:
        self._redis = client
        self._ttl = ttl_seconds
        self._thread_ttl = thread_ttl_seconds or ttl_seconds
        # A worker that dies mid-post must not block the channel for a whole TTL.
        self._pending_ttl = pending_ttl_seconds

    def claim(
        self, team_id: str, channel_id: str, article_sha: str, *, wait_seconds: float = 30.0
    ) -> Claim:
        """Claim the right to post this article in this channel, or learn its existing ts.

        While another worker is posting, wait for its ts; if that worker gives
        up (releases), try to claim again.
        """
        key = keys.channel_post(team_id, channel_id, article_sha)
        deadline = time.monotonic() + wait_seconds
        while True:
            if self._redis.set(key, PENDING, nx=True, ex=self._pending_ttl):
                return Claim(ours=True)
            value = self._redis.get(key)
            if isinstance(value, bytes) and value.decode() != PENDING:
                return Claim(ours=False, ts=value.decode())
            if time.monotonic() >= deadline:
                return Claim(ours=False, ts=None)
            time.sleep(0.025)

    def record(self, team_id: str, channel_id: str, article_sha: str, ts: str) -> None:
        """The post is in the channel at `ts`: no attempt of it is in doubt any more."""
        with self._redis.pipeline() as pipe:
            pipe.set(keys.channel_post(team_id, channel_id, article_sha), ts, ex=self._ttl)
            pipe.delete(keys.post_attempt(team_id, channel_id, article_sha))
            pipe.execute()

    def posted(self, team_id: str, channel_id: str, key: str) -> str | None:
        """The ts of the post recorded under `key` (None while pending or never posted)."""
        value = self._redis.get(keys.channel_post(team_id, channel_id, key))
        if not isinstance(value, bytes) or value.decode() == PENDING:
            return None
        return value.decode()

    def release(self, team_id: str, channel_id: str, article_sha: str) -> None:
        """Give up a claim after Slack clearly refused the post, so the next request may post."""
        with self._redis.pipeline() as pipe:
            pipe.delete(keys.channel_post(team_id, channel_id, article_sha))
            pipe.delete(keys.post_attempt(team_id, channel_id, article_sha))
            pipe.execute()

    def mark_done(self, request_id: str) -> None:
        """A job is finished (posted, answered or failed with a message): not lost."""
        self._redis.set(keys.job_done(request_id), "1", ex=3600)

    def start_attempt(self, team_id: str, channel_id: str, article_sha: str, marker: str) -> float:
        """Note, before posting, that a post with `marker` may reach the channel; its start."""
        started = time.time()
        value = json.dumps({"marker": marker, "started": started})
        self._redis.set(keys.post_attempt(team_id, channel_id, article_sha), value, ex=self._ttl)
        return started

    def open_attempt(self, team_id: str, channel_id: str, article_sha: str) -> Attempt | None:
        """An earlier attempt whose outcome was never recorded (a crash, a lost answer)."""
        raw = self._redis.get(keys.post_attempt(team_id, channel_id, article_sha))
        if not isinstance(raw, bytes):
            return None
        data = json.loads(raw)
        return Attempt(marker=str(data["marker"]), started=float(data["started"]))

    def remember_thread(self, team_id: str, channel_id: str, ts: str, brief: Brief) -> None:
        """Store the thread record of a posted brief, and its article and gated brief."""
        article = brief.article
        article_key = _article_key(article)
        record = json.dumps({"article_key": article_key, "article_sha": article.sha256})
        kept = self._thread_ttl + OUTLIVE_SECONDS
        with self._redis.pipeline() as pipe:
            pipe.set(keys.thread(team_id, channel_id, ts), record, ex=self._thread_ttl)
            pipe.set(
                keys.thread_article(team_id, article_key),
                article.model_dump_json(exclude={"sha256"}),
                ex=kept,
            )
            pipe.set(
                keys.thread_brief(team_id, channel_id, ts),
                brief.model_dump_json(exclude={"article"}),
                ex=kept,
            )
            pipe.execute()

    def read_thread(self, team_id: str, channel_id: str, ts: str) -> ThreadRecord | None:
        return read_thread(self._redis, team_id, channel_id, ts)


OUTLIVE_SECONDS = 86_400
"""How much longer a thread's article and brief are kept than the record that names them."""


@dataclass(frozen=True)
class ThreadRecord:
    """A posted brief's thread: the article it is about and the brief as gated."""

    article: Article
    brief: Brief | None


def read_thread(client: redis.Redis, team_id: str, channel_id: str, ts: str) -> ThreadRecord | None:
    """The thread record of a posted brief (its message `ts`), in this team only. A brief
    that no longer parses (a field changed between deploys) is None, not an error: the
    article still answers."""
    article = read_thread_article(client, team_id, channel_id, ts)
    if article is None:
        return None
    brief = None
    brief_raw = client.get(keys.thread_brief(team_id, channel_id, ts))
    if isinstance(brief_raw, bytes):
        try:
            brief = Brief.model_validate({**json.loads(brief_raw), "article": article})
        except (ValueError, TypeError):
            brief = None
    return ThreadRecord(article=article, brief=brief)


def read_thread_article(
    client: redis.Redis, team_id: str, channel_id: str, ts: str
) -> Article | None:
    """The article a posted brief (its message `ts`) is about, in this team only: the
    record and the article, nothing else (the Sources button reads this on the ack path)."""
    raw = client.get(keys.thread(team_id, channel_id, ts))
    if not isinstance(raw, bytes):
        return None
    article_key = json.loads(raw)["article_key"]
    article_raw = client.get(keys.thread_article(team_id, article_key))
    if not isinstance(article_raw, bytes):
        return None
    return Article.model_validate_json(article_raw)


def _article_key(article: Article) -> str:
    """The article as this team saw it: its text and framing, and where it came from."""
    source = f"{article.draft_key}\n{article.url or ''}"
    return hashlib.sha256(source.encode("utf-8")).hexdigest()
