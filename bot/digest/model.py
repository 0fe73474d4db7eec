"""What a digest holds: the day's briefed articles, the feeds' new items, what failed."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from bot.briefs import SummaryPoint

__all__ = ["Digest", "DigestLine"]


class DigestLine(BaseModel):
    """One article in the digest: its headline and link, and the brief's first point."""

    model_config = ConfigDict(frozen=True)

    title: str | None
    url: str | None
    genre: str = "news"
    summary: str | None = None
    paragraphs: list[int] = Field(default_factory=list)
    thread: tuple[str, str, str | None] | None = None
    """(channel, ts, the thread it was posted in or None) of the brief the digest links to."""
    channels: int = 0
    """How many channels briefed it (0 for a feed item Brief briefed for the digest)."""
    feed: str | None = None


class Digest(BaseModel):
    model_config = ConfigDict(frozen=True)

    date: str
    since: float
    until: float
    briefed: list[DigestLine] = Field(default_factory=list)
    from_feeds: list[DigestLine] = Field(default_factory=list)
    failed_feeds: list[str] = Field(default_factory=list)
    """Each failed feed as "host (why)"."""
    headlines_only: int = 0
    """Feed items past DIGEST_MAX_NEW_BRIEFS (or the budget), listed without a summary."""
    overview: list[SummaryPoint] = Field(default_factory=list)
    overview_version: str | None = None

    @property
    def empty(self) -> bool:
        return not self.briefed and not self.from_feeds
