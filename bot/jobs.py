"""The work behind `/brief`, run by the worker: brief the article, then post or reply.

The Slack listener enqueues a `BriefJob` and acknowledges; `BriefJobRunner.run`
does the slow part in a worker thread. Every outcome reaches the requester: the
brief in the channel, a link to the channel's existing brief, just the part they
asked for, or a plain-words failure (via the command's `response_url`). Details
of failures go to the log with the request id, never to Slack.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import redis

from bot.article.extract import article_from_text
from bot.article.model import Article
from bot.briefs import Brief
from bot.digest.record import record_for_digest
from bot.errors import BriefError
from bot.job_messages import BriefJob
from bot.logs import request_context
from bot.metrics import Metrics
from bot.outbox import Outbox, Posted
from bot.pipeline import Pipeline
from bot.render.blocks import RenderedMessage, render_blocks, render_explainer_answer
from bot.slack.replies import failure_message
from bot.store.briefed import BriefedIndex
from bot.store.budget import TokenBudget
from bot.store.posts import PostLedger

log = logging.getLogger(__name__)

BUDGET_SPENT = (
    "This workspace has used today's language-model budget, so Brief can't brief new "
    "articles until tomorrow (UTC). Articles already briefed today still work; an admin "
    "can raise LLM_DAILY_TOKENS_PER_WORKSPACE."
)
TOO_OLD = (
    "Sorry: Brief could not get to your /brief request in time (it was down or overloaded "
    "for a while), so it was not briefed. Please run it again."
)
STILL_WORKING = (
    "Still working on this brief: the article or the language model is slow today. "
    "It will appear here as soon as it is ready."
)


@dataclass
class BriefJobRunner:
    """Everything a job needs, built once per worker process by the composition root."""

    pipeline: Pipeline
    outbox: Outbox
    ledger: PostLedger
    still_working_seconds: float = 20.0
    max_age_seconds: float = 30 * 60
    budget: TokenBudget | None = None
    index: BriefedIndex | None = None
    """The digest's record of what was briefed (None: no digest)."""
    metrics: Metrics | None = None

    def run(self, job: BriefJob) -> None:
        started = time.monotonic()
        outcome = "failed"
        try:
            outcome = self._run_job(job)
        finally:
            if self.metrics is not None:
                self.metrics.job("brief", outcome, time.monotonic() - started)
            try:
                self.ledger.mark_done(job.request_id)  # the web's watch: not lost
            except redis.RedisError as exc:
                log.warning("could not mark job %s done: %s", job.request_id, exc)

    def _run_job(self, job: BriefJob) -> str:
        """Run the job; its outcome for the metrics ("ok", "failed", "too_old")."""
        with request_context(job.request_id, team=job.team_id, channel=job.channel_id):
            if job.queued_at and time.time() - job.queued_at > self.max_age_seconds:
                # Its response_url is dead and the moment has passed: say so, don't brief it.
                age = time.time() - job.queued_at
                log.warning("job too old to run (%.0f s): telling the user", age)
                self._reply(job, TOO_OLD)
                return "too_old"
            with self._still_working(job):
                try:
                    self._run(job)
                except Exception as exc:
                    if self.metrics is not None:
                        self.metrics.failed(exc)
                    doing = "briefing this article"
                    self._reply(job, failure_message(exc, job.request_id, doing=doing))
                    return "failed"
        return "ok"

    @contextmanager
    def _still_working(self, job: BriefJob) -> Iterator[None]:
        """Tell the user "still working" once they have waited `still_working_seconds`
        since the ack (at once for a job a dead worker left behind), unless it is done."""
        waited = time.time() - job.queued_at if job.queued_at else 0.0
        timer = threading.Timer(
            max(0.0, self.still_working_seconds - waited), self._reply, (job, STILL_WORKING)
        )
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()

    def _run(self, job: BriefJob) -> None:
        article = self._article(job)
        budget = self.budget
        charge = None
        if budget is not None and budget.daily_limit > 0:
            if budget.exhausted(job.team_id) and self.pipeline.needs_model(article):
                raise BriefError(BUDGET_SPENT)
            charge = functools.partial(budget.charge, job.team_id)
        brief = self.pipeline.brief_article(article, charge=charge)
        if job.kind == "full":
            self._post_full(job, brief)
        elif job.kind == "quotes":
            self._reply_message(job, render_blocks(brief, parts=frozenset({"quotes"})))
        else:
            self._reply_message(job, render_explainer_answer(brief, job.term or ""))

    def _article(self, job: BriefJob) -> Article:
        if job.url:
            return self.pipeline.load_url(job.url)
        return article_from_text(job.text or "")

    def _post_full(self, job: BriefJob, brief: Brief) -> None:
        sha = brief.article.sha256
        outcome = self.outbox.post_once(job.team_id, job.channel_id, sha, render_blocks(brief))
        if not isinstance(outcome, Posted):
            self._link_existing(job, outcome.ts)
            return
        self.ledger.remember_thread(job.team_id, job.channel_id, outcome.ts, brief)
        record_for_digest(self.index, self.outbox, job.channel_id, outcome.ts, brief)
        if outcome.new:
            log.info("posted brief of %s in %s at %s", sha[:12], job.channel_id, outcome.ts)
        else:  # an earlier attempt (a crashed worker, a lost answer) had posted it
            log.info("brief of %s was already in %s at %s", sha[:12], job.channel_id, outcome.ts)

    def _link_existing(self, job: BriefJob, ts: str | None) -> None:
        if ts is None:
            self._reply(
                job, "This article is being briefed in this channel right now: look for it above."
            )
            return
        permalink = self.outbox.permalink(job.channel_id, ts)
        self._reply(
            job,
            f"This article was already briefed in this channel: <{permalink}|see the brief>.",
        )

    def _reply(self, job: BriefJob, text: str) -> None:
        self._reply_message(job, RenderedMessage(text=text, blocks=[]))

    def _reply_message(self, job: BriefJob, message: RenderedMessage) -> None:
        """An ephemeral reply to the asker (response_url, else chat.postEphemeral)."""
        self.outbox.ephemeral(job.response_url, job.channel_id, job.user_id, message)
