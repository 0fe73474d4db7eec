"""The engine protocol: the swappable part that drafts a brief."""

from __future__ import annotations

from typing import Protocol

from bot.article.model import Article
from bot.briefs import Draft, EngineInfo


class Engine(Protocol):
    """Drafts a brief of an article. Implementations: `extractive`, `openai`.

    `info` names the engine, model and prompt version; together with the
    article's hash it is the cache key, so it must change whenever the output
    could.
    """

    @property
    def info(self) -> EngineInfo: ...

    def draft(self, article: Article) -> Draft:
        """One draft per article; raises `EngineError` with a user-safe message on failure."""
        ...
