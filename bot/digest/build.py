"""Build a workspace's digest for a window: its briefed articles, then its feeds' new items.

    builder = DigestBuilder(index, pipeline, feed_fetcher, feeds=[...], max_new_briefs=10)
    digest = builder.build(team, date="2026-12-01", since=..., until=...)

Each briefed line comes from the record written when its brief was posted (the gated first
summary point): no model call. Feed items published in the window are loaded and briefed
through the same pipeline (cache and single-flight: an article briefed before costs
nothing), newest first, up to `max_new_briefs`; past that, or when a workspace's model
budget is spent, or when one cannot be briefed, an item is listed by its headline. An item
already briefed in Slack (the same link, or the same text) is listed once, above. A feed
that fails is named in `failed_feeds`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.article.fetch import Fetcher
from bot.briefs import Brief
from bot.digest.feeds import FeedError, FeedItem, feed_name, read_feed, same_link
from bot.digest.model import Digest, DigestLine
from bot.errors import BriefError
from bot.pipeline import Pipeline
from bot.store.briefed import BriefedEntry, BriefedIndex

if TYPE_CHECKING:  # the overview loads the model client: only where one is built
    from bot.digest.overview import Overview

__all__ = ["DigestBuilder"]

log = logging.getLogger(__name__)

Charge = Callable[[int], None]


@dataclass
class DigestBuilder:
    index: BriefedIndex
    pipeline: Pipeline
    feed_fetcher: Fetcher
    feeds: Sequence[str] = ()
    max_new_briefs: int = 10
    can_spend: Callable[[str], bool] = field(default=lambda team: True)
    """Whether a team may still spend model tokens today (the daily budget)."""
    charge: Callable[[str], Charge | None] = field(default=lambda team: None)
    overview: Overview | None = None
    """The model-written overview of the day (DIGEST_OVERVIEW), or None."""
    feed_seconds: float = 120.0
    """Time for briefing feed items in one digest; past it, the rest are headlines (the job
    must end well inside the queue's time limit)."""

    def build(
        self, team_id: str, *, date: str, since: float, until: float, briefs: int | None = None
    ) -> Digest:
        """`briefs`: feed items to brief at most (default `max_new_briefs`; 0 for a preview)."""
        entries = self.index.entries(team_id, since=since, until=until)
        briefed = [_line(entry) for entry in entries]
        seen_links = {same_link(e.url) for e in entries if e.url}
        seen_text = {e.key for e in entries}
        items, failed = self._feed_items(since, until)
        budget = self.max_new_briefs if briefs is None else briefs
        deadline = time.monotonic() + self.feed_seconds
        from_feeds: list[DigestLine] = []
        headlines_only = 0
        for item in items:
            if same_link(item.link) in seen_links:
                continue
            seen_links.add(same_link(item.link))
            brief = None
            if budget > 0 and time.monotonic() < deadline:
                budget -= 1  # an attempt counts, whether or not it ends in a brief
                brief = self._brief(team_id, item)
                if brief is None and not self.can_spend(team_id):
                    budget = 0  # the day's model budget is spent: headlines from here
            if brief is not None:
                if brief.article.sha256 in seen_text:
                    continue  # the same story under another link, briefed in Slack
                seen_text.add(brief.article.sha256)
                from_feeds.append(_feed_line(item, brief))
            else:
                headlines_only += 1
                from_feeds.append(
                    DigestLine(title=item.title, url=item.link, feed=feed_name(item.feed))
                )
        digest = Digest(
            date=date,
            since=since,
            until=until,
            briefed=briefed,
            from_feeds=from_feeds,
            failed_feeds=failed,
            headlines_only=headlines_only,
        )
        if self.overview is None or briefs == 0 or not self.can_spend(team_id):
            return digest  # no model call for a preview, or past the day's budget
        points = self.overview.write(digest, charge=self.charge(team_id))
        if not points:
            return digest
        return digest.model_copy(
            update={"overview": points, "overview_version": self.overview.version}
        )

    def _feed_items(self, since: float, until: float) -> tuple[list[FeedItem], list[str]]:
        items: list[FeedItem] = []
        failed: list[str] = []
        for url in self.feeds:
            try:
                found = read_feed(self.feed_fetcher, url)
            except FeedError as exc:
                log.warning("a feed failed: %s", feed_name(url))
                failed.append(f"{feed_name(url)} ({exc.user_message.rstrip('.')})")
                continue
            items += [i for i in found if i.published is not None and since <= i.published <= until]
        return sorted(items, key=lambda i: -(i.published or 0)), failed

    def _brief(self, team_id: str, item: FeedItem) -> Brief | None:
        """The item's brief through the pipeline, or None (no budget left, or it failed)."""
        try:
            article = self.pipeline.load_url(item.link)
            if self.pipeline.needs_model(article) and not self.can_spend(team_id):
                return None
            return self.pipeline.brief_article(article, charge=self.charge(team_id))
        except BriefError as exc:
            log.info("a feed item could not be briefed: %s", type(exc).__name__)
            return None


def _line(entry: BriefedEntry) -> DigestLine:
    first = entry.first_post
    return DigestLine(
        title=entry.title,
        url=entry.url,
        genre=entry.genre,
        summary=entry.summary,
        paragraphs=entry.paragraphs,
        thread=(first.channel, first.ts, first.thread_ts) if first else None,
        channels=len({p.channel for p in entry.posts}),
    )


def _feed_line(item: FeedItem, brief: Brief) -> DigestLine:
    lead = brief.summary[0] if brief.summary else None
    return DigestLine(
        title=brief.article.title or item.title,
        url=item.link,
        genre=brief.article.genre,
        summary=lead.text if lead else None,
        paragraphs=lead.paragraphs if lead else [],
        feed=feed_name(item.feed),
    )
