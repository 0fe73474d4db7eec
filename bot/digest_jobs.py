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

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import redis
from dramatiq.middleware import Interrupt

from bot.clock import release_queued
from bot.digest.build import DigestBuilder
from bot.digest.model import Digest
from bot.digest.schedule import DigestTime
from bot.job_messages import DigestJob
from bot.logs import request_context
from bot.metrics import Metrics
from bot.outbox import Outbox, Posted
from bot.render.blocks import RenderedMessage
from bot.render.digest import quiet_day, render_digest
from bot.slack.replies import failure_message
from bot.store import keys
from bot.store.briefed import MAX_WINDOW, BriefedIndex, LastDigest
from bot.store.posts import PostLedger

__all__ = ["DigestJobRunner", "digest_key"]

log = logging.getLogger(__name__)

STORED_SECONDS = 2 * 86_400
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
    redis: redis.Redis
    quiet_day: bool = False
    digest_channel: str | None = None
    """Where the digest is posted: a preview starts from that channel's last digest."""
    metrics: Metrics | None = None
    clock: Callable[[], float] = field(default=time.time)
    """The time now (the tests' clock)."""

    def run(self, job: DigestJob) -> None:
        started, outcome = time.monotonic(), "failed"
        with request_context(job.request_id, team=job.team_id, channel=job.channel_id):
            try:
                self._run(job)
                outcome = "ok"
            except Interrupt:  # the queue's time limit: let the clock queue it again
                log.warning("digest job interrupted")
                if not job.preview and not job.on_demand:
                    release_queued(self.redis, job.team_id, job.channel_id, job.date)
                raise
            except Exception as exc:
                if self.metrics is not None:
                    self.metrics.failed(exc)
                text = failure_message(exc, job.request_id, doing="putting the digest together")
                if job.preview:
                    self.outbox.ephemeral(
                        job.response_url, job.channel_id, job.user_id, RenderedMessage(text, [])
                    )
                elif not job.on_demand:  # the clock may queue it again within the grace
                    release_queued(self.redis, job.team_id, job.channel_id, job.date)
            finally:
                if self.metrics is not None:
                    kind = "digest_preview" if job.preview else "digest"
                    self.metrics.job(kind, outcome, time.monotonic() - started)
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
        last = self.index.last_digest(job.team_id, job.channel_id)
        if last is not None and last.date == job.date:
            log.info("digest for %s is already posted in %s", job.date, job.channel_id)
            return
        posted = self.ledger.posted(job.team_id, job.channel_id, key)
        if posted is not None:  # an earlier run posted the main message: finish its replies
            stored = self._stored(job)
            if stored is not None:
                self._post(job, stored[0], stored[1], main_ts=posted)
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
        self._store(job, digest, messages)  # a rerun posts these very replies
        self._post(job, digest, messages)

    def _post(
        self,
        job: DigestJob,
        digest: Digest,
        messages: list[RenderedMessage],
        *,
        main_ts: str | None = None,
    ) -> None:
        key = digest_key(job.date)
        if main_ts is None:
            outcome = self.outbox.post_once(job.team_id, job.channel_id, key, messages[0])
            if not isinstance(outcome, Posted):
                log.info("digest for %s was posted by another job", job.date)
                return
            main_ts = outcome.ts
        for n, message in enumerate(messages[1:], 2):
            self.outbox.post_once(
                job.team_id, job.channel_id, f"{key}:{n}", message, thread_ts=main_ts
            )
        self.index.digested(
            job.team_id, job.channel_id, LastDigest(date=job.date, at=digest.until, ts=main_ts)
        )
        log.info(
            "posted the digest for %s in %s: %d briefed, %d from feeds, %d message(s)",
            job.date,
            job.channel_id,
            len(digest.briefed),
            len(digest.from_feeds),
            len(messages),
        )

    def _store(self, job: DigestJob, digest: Digest, messages: list[RenderedMessage]) -> None:
        stored = {
            "digest": digest.model_dump(mode="json"),
            "messages": [{"text": m.text, "blocks": m.blocks} for m in messages],
        }
        self.redis.set(
            keys.digest_messages(job.team_id, job.channel_id, job.date),
            json.dumps(stored),
            ex=STORED_SECONDS,
        )

    def _stored(self, job: DigestJob) -> tuple[Digest, list[RenderedMessage]] | None:
        raw = self.redis.get(keys.digest_messages(job.team_id, job.channel_id, job.date))
        if not isinstance(raw, bytes):
            return None
        data = json.loads(raw)
        messages = [RenderedMessage(text=m["text"], blocks=m["blocks"]) for m in data["messages"]]
        return Digest.model_validate(data["digest"]), messages

    def _build(
        self, job: DigestJob, now: float, *, day: str, channel: str, briefs: int | None = None
    ) -> Digest:
        """The digest of what was briefed since the channel's last digest (at most a week
        back), else in the last 24 hours."""
        last = self.index.last_digest(job.team_id, channel)
        since = now - 86_400
        recent = last is not None and last.at > now - MAX_WINDOW.total_seconds()
        if last is not None and recent and (job.preview or last.date != day):
            since = last.at  # a preview: what the next digest would add
        return self.builder.build(job.team_id, date=day, since=since, until=now, briefs=briefs)

    def _preview(self, job: DigestJob, now: float) -> None:
        day = today(self.when, now)
        channel = self.digest_channel or job.channel_id
        team = self.outbox.team_id()  # the digest's workspace: the bot token's
        digest = self._build(
            job.model_copy(update={"team_id": team}), now, day=day, channel=channel, briefs=0
        )
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
