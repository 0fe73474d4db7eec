"""The article and draft cache.

The draft, not the gated brief, is cached: the gate is cheap and deterministic, so
an improved gate applies at once to cached drafts. The cache is an optimisation:
when Redis fails, reads are misses and writes are skipped, with a warning logged.
"""

from __future__ import annotations

import logging
from typing import Protocol, TypeVar

import redis
from pydantic import ValidationError

from bot.article.model import Article
from bot.briefs import Draft, EngineInfo
from bot.store import keys

log = logging.getLogger(__name__)

M = TypeVar("M", Article, Draft)


class BriefCache(Protocol):
    """What the pipeline needs from a cache."""

    def get_article(self, url: str) -> Article | None: ...
    def put_article(self, url: str, article: Article) -> None: ...
    def get_draft(self, draft_key: str, info: EngineInfo) -> Draft | None: ...
    def put_draft(
        self, draft_key: str, info: EngineInfo, draft: Draft, *, ttl_seconds: int | None = None
    ) -> None: ...


class NullCache:
    """No cache: every brief fetches and drafts afresh (the CLI without REDIS_URL)."""

    def get_article(self, url: str) -> Article | None:
        return None

    def put_article(self, url: str, article: Article) -> None:
        return None

    def get_draft(self, draft_key: str, info: EngineInfo) -> Draft | None:
        return None

    def put_draft(
        self, draft_key: str, info: EngineInfo, draft: Draft, *, ttl_seconds: int | None = None
    ) -> None:
        return None


class RedisCache:
    """The article and draft cache on Redis, with one TTL for both."""

    def __init__(self, client: redis.Redis, *, ttl_seconds: int) -> None:
        self._redis = client
        self._ttl = ttl_seconds

    def get_article(self, url: str) -> Article | None:
        raw = self._get(keys.article_by_url(url))
        return _parse(Article, raw)

    def put_article(self, url: str, article: Article) -> None:
        self._set(keys.article_by_url(url), article.model_dump_json(exclude={"sha256"}))

    def get_draft(self, draft_key: str, info: EngineInfo) -> Draft | None:
        return _parse(Draft, self._get(keys.draft(draft_key, info)))

    def put_draft(
        self, draft_key: str, info: EngineInfo, draft: Draft, *, ttl_seconds: int | None = None
    ) -> None:
        """`ttl_seconds`: a shorter life than the cache's (a draft that failed the checks)."""
        self._set(keys.draft(draft_key, info), draft.model_dump_json(), ttl_seconds)

    def _get(self, key: str) -> bytes | None:
        try:
            value = self._redis.get(key)
        except redis.RedisError as exc:
            log.warning("cache read failed for %s: %s", key, exc)
            return None
        return value if isinstance(value, bytes) else None

    def _set(self, key: str, value: str, ttl_seconds: int | None = None) -> None:
        try:
            self._redis.set(key, value, ex=ttl_seconds or self._ttl)
        except redis.RedisError as exc:
            log.warning("cache write failed for %s: %s", key, exc)


def _parse(model: type[M], raw: bytes | None) -> M | None:
    if raw is None:
        return None
    try:
        return model.model_validate_json(raw)
    except ValidationError:
        log.warning("ignoring a cached %s that no longer validates", model.__name__)
        return None
