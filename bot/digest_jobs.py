"""The daily digest's job, run by the worker: build it, post it once, or preview it.

    DigestJobRunner(...).run(DigestJob(team, channel, date=...))

The window is since the channel's last digest (at most a week back), else the last 24
hours. The post is exactly once per channel and local date (`Outbox.post_once`, keyed
`digest:<date>`: a claim, an attempt marker, the post's record), so two clocks, a retried
job or `--now` followed by the schedule post one digest; what does not fit the main post
goes in replies in its thread, each once too. A scheduled digest is not posted past its
grace (`DigestTime.is_stale`), and an empty window posts nothing unless DIGEST_QUIET_DAY.
A preview (`/brief digest`) briefs no new feed items and goes only to the asker.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import redis

from bot.digest.build import DigestBuilder
from bot.digest.model import Digest
from bot.digest.schedule import DigestTime
from bot.job_messages import DigestJob
from bot.logs import request_context
from bot.outbox import Outbox, Posted
from bot.render.blocks import RenderedMessage
from bot.render.digest import quiet_day, render_digest
from bot.slack.replies import failure_message
from bot.store.briefed import MAX_WINDOW, BriefedIndex, LastDigest
from bot.store.posts import PostLedger

__all__ = ["DigestJobRunner", "digest_key"]

log = logging.getLogger(__name__)

PREVIEW_EMPTY = (
    "Nothing has been briefed here since the last digest, and nothing is new on the feeds."
)


def digest_key(day: str) -> str:
    return f"digest:{day}"


@dataclass
class DigestJobRunner:
    builder: DigestBuilder
    outbox: Outbox
    ledger: PostLedger
    index: BriefedIndex
    when: DigestTime
    quiet_day: bool = False
    digest_channel: str | None = None
    """Where the digest is posted: a preview starts from that channel's last digest."""
    clock: Callable[[], float] = field(default=time.time)
    """The time now (the tests' clock)."""

    def run(self, job: DigestJob) -> None:
        with request_context(job.request_id):
            try:
                self._run(job)
            except Exception as exc:
                text = failure_message(exc, job.request_id, doing="putting the digest together")
                if job.preview:
                    self.outbox.ephemeral(
                        job.response_url, job.channel_id, job.user_id, RenderedMessage(text, [])
                    )
            finally:
                try:
                    self.ledger.mark_done(job.request_id)
                except redis.RedisError as exc:
                    log.warning("could not mark digest job done: %s", exc)

    def _run(self, job: DigestJob) -> None:
        now = self.clock()
        day = date.fromisoformat(job.date)
        if job.preview:
            self._preview(job, now)
            return
        if not job.on_demand and self.when.is_stale(day, datetime.fromtimestamp(now, UTC)):
            log.warning("digest for %s is past its grace: not posted", job.date)
            return
        key = digest_key(job.date)
        if self.ledger.posted(job.team_id, job.channel_id, key) is not None:
            log.info("digest for %s is already posted in %s", job.date, job.channel_id)
            return
        digest = self._build(job, now, day=job.date, channel=job.channel_id)
        if digest.empty and not self.quiet_day:
            log.info("digest for %s: nothing to post", job.date)
            return
        messages = (
            [quiet_day(digest, zone=self.when.zone)]
            if digest.empty
            else render_digest(
                digest, workspace_url=self.outbox.workspace_url(), zone=self.when.zone
            )
        )
        outcome = self.outbox.post_once(job.team_id, job.channel_id, key, messages[0])
        if not isinstance(outcome, Posted):
            log.info("digest for %s was posted by another job", job.date)
            return
        for n, message in enumerate(messages[1:], 2):
            self.outbox.post_once(
                job.team_id, job.channel_id, f"{key}:{n}", message, thread_ts=outcome.ts
            )
        self.index.digested(
            job.team_id, job.channel_id, LastDigest(date=job.date, at=digest.until, ts=outcome.ts)
        )
        log.info(
            "posted the digest for %s in %s: %d briefed, %d from feeds, %d message(s)",
            job.date,
            job.channel_id,
            len(digest.briefed),
            len(digest.from_feeds),
            len(messages),
        )

    def _build(
        self, job: DigestJob, now: float, *, day: str, channel: str, briefs: int | None = None
    ) -> Digest:
        """The digest of what was briefed since the channel's last digest (at most a week
        back), else in the last 24 hours."""
        last = self.index.last_digest(job.team_id, channel)
        since = now - 86_400
        if last is not None and last.date != day and last.at > now - MAX_WINDOW.total_seconds():
            since = last.at
        return self.builder.build(job.team_id, date=day, since=since, until=now, briefs=briefs)

    def _preview(self, job: DigestJob, now: float) -> None:
        day = today(self.when, now)
        channel = self.digest_channel or job.channel_id
        digest = self._build(job, now, day=day, channel=channel, briefs=0)
        if digest.empty:
            message = RenderedMessage(text=PREVIEW_EMPTY, blocks=[])
        else:
            first = render_digest(
                digest, workspace_url=self.outbox.workspace_url(), zone=self.when.zone
            )[0]
            message = RenderedMessage(
                text=f"Preview (only you see this). {first.text}", blocks=first.blocks
            )
        self.outbox.ephemeral(job.response_url, job.channel_id, job.user_id, message)


def today(when: DigestTime, now: float) -> str:
    """The local date now, in the digest's time zone."""
    return datetime.fromtimestamp(now, when.zone).date().isoformat()
