"""The feeds a desk follows: read through the SSRF-safe fetcher, parsed by feedparser.

    read_feed(fetcher, url) -> [FeedItem, …]      raises FeedError (user-safe) on failure

Any RSS or Atom feed feedparser understands; an item needs a link, and its time is its
published (else updated) time. A feed that cannot be fetched or parsed raises `FeedError`,
which the digest names in a footnote: one bad feed never stops a digest.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import feedparser

from bot.article.fetch import Fetcher
from bot.errors import BriefError

__all__ = ["FeedError", "FeedItem", "feed_name", "read_feed", "same_link"]

log = logging.getLogger(__name__)

MAX_ITEMS = 200
"""Items read from one feed at most (a feed of thousands is read as its newest)."""


class FeedError(BriefError):
    """A feed that could not be read; the message names why, for the digest's footnote."""


@dataclass(frozen=True)
class FeedItem:
    feed: str
    title: str | None
    link: str
    published: float | None


def read_feed(fetcher: Fetcher, url: str) -> list[FeedItem]:
    try:
        page = fetcher.fetch(url)
    except BriefError as exc:
        raise FeedError(str(exc)) from exc
    parsed: Any = feedparser.parse(page.body)
    entries = list(parsed.get("entries") or [])
    if not entries and parsed.get("bozo"):
        raise FeedError("it is not an RSS or Atom feed")
    items = []
    for entry in entries[:MAX_ITEMS]:
        link = str(entry.get("link") or "").strip()
        if not link.startswith(("http://", "https://")):
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = float(calendar.timegm(stamp)) if stamp else None
        title = " ".join(str(entry.get("title") or "").split()) or None
        items.append(FeedItem(feed=url, title=title, link=link, published=published))
    log.info("feed read: %d items", len(items))
    return items


def feed_name(url: str) -> str:
    """A feed as a reader knows it: its host."""
    return urlsplit(url).hostname or url


def same_link(url: str) -> str:
    """A link's identity: no fragment, no trailing slash, lower-case host, http = https."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", (parts.hostname or "").lower(), path, parts.query, ""))
