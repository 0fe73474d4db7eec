"""The work behind a mention of Brief, run by the worker: answer, brief a link, or help.

    MentionJobRunner(...).run(MentionJob(...))

- A link anywhere in the mention: brief it in the mention's thread (the pipeline's
  single-flight and cache, one post per article and thread), and make that thread's
  questions about it.
- A question in a brief's thread: wait for the thread's earlier questions
  (`ThreadOrder`), show progress at once (a "Looking in the article …" reply, posted
  exactly once per mention), answer from the article with the thread's memory
  (`bot.answers.Answering`), streaming checked sentences where the engine and Slack can,
  then leave the checked answer as the reply, and remember the turn.
- Anything else (no brief in the thread, no question): a short help reply.

Every outcome is one reply per mention, keyed by the mention's ts, so a job run twice
(a worker died) edits its reply instead of posting another. Failures reach the asker in
plain words with a request id; the detail goes to the log.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import redis
from slack_sdk.errors import SlackApiError

from bot.answers import Answer, Answering, ExtractiveAnswerer
from bot.article.model import Article
from bot.briefs import SummaryPoint
from bot.errors import BriefError
from bot.job_messages import MentionJob
from bot.logs import request_context
from bot.outbox import AnswerStream, Outbox, Posted
from bot.pipeline import Pipeline
from bot.render.answer import HELP, THINKING, render_answer, stream_line
from bot.render.blocks import RenderedMessage, render_blocks
from bot.slack.replies import failure_message
from bot.store.budget import TokenBudget
from bot.store.conversation import Conversations, Turn
from bot.store.posts import Claim, PostLedger
from bot.store.thread_order import ThreadOrder

__all__ = ["MentionJobRunner"]

log = logging.getLogger(__name__)

TOO_OLD = (
    "Sorry: Brief could not get to this in time (it was down or overloaded for a while). "
    "Please ask again."
)
BUDGET_NOTE = (
    "This workspace has used today's language-model budget, so this answer is the "
    "article's own words."
)
ALREADY_HERE = "This article is already briefed in this thread: see above."


@dataclass
class MentionJobRunner:
    """Everything a mention needs, built once per worker process by the composition root."""

    pipeline: Pipeline
    outbox: Outbox
    ledger: PostLedger
    answering: Answering
    memory: Conversations
    order: ThreadOrder
    stream_answers: bool = True
    order_timeout_seconds: float = 120.0
    max_age_seconds: float = 30 * 60
    budget: TokenBudget | None = None
    offline: Answering = field(default_factory=lambda: Answering(ExtractiveAnswerer()))

    def run(self, job: MentionJob) -> None:
        with request_context(job.request_id):
            try:
                self._run(job)
            except Exception as exc:
                doing = "briefing this link" if job.url else "answering your question"
                self._say(job, failure_message(exc, job.request_id, doing=doing))
            finally:
                self._finished(job)

    def _finished(self, job: MentionJob) -> None:
        try:
            self.order.leave(job.team_id, job.channel_id, job.thread_ts, job.message_ts)
            self.ledger.mark_done(job.request_id)
        except redis.RedisError as exc:
            log.warning("could not record mention %s as done: %s", job.request_id, exc)

    def _run(self, job: MentionJob) -> None:
        if job.queued_at and time.time() - job.queued_at > self.max_age_seconds:
            log.warning("mention too old to run: telling the asker")
            self._say(job, TOO_OLD)
            return
        if job.url:
            self._brief(job, job.url)
            return
        record = self.ledger.read_thread(job.team_id, job.channel_id, job.thread_ts)
        if record is None or not job.question:
            self._say(job, HELP)
            return
        # Progress first, whatever the thread's earlier questions are still doing.
        placeholder = self._reply_once(job, RenderedMessage(text=THINKING, blocks=[]))
        if not self.order.wait(
            job.team_id,
            job.channel_id,
            job.thread_ts,
            job.message_ts,
            timeout=self.order_timeout_seconds,
        ):
            log.warning("earlier questions in the thread took too long: answering anyway")
        self._answer(job, record.article, placeholder)

    # --- a question --------------------------------------------------------------------

    def _answer(self, job: MentionJob, article: Article, placeholder: str | None) -> None:
        history = self.memory.turns(job.team_id, job.channel_id, job.thread_ts)
        if any(turn.ts == job.message_ts for turn in history):
            log.info("this question was answered by an earlier run of its job")
            return
        answering, charge = self._answering(job)
        stream = None
        if self.stream_answers and answering.streams:
            stream = self.outbox.stream(job.team_id, job.channel_id, job.thread_ts, job.user_id)
        writer = _Writer(self.outbox, stream, placeholder, job.channel_id) if stream else None
        answer = answering.answer(article, job.question, history, on_sentence=writer, charge=charge)
        if answering is self.offline and self.answering.streams:
            answer = answer.model_copy(update={"note": BUDGET_NOTE})
        self._leave_answer(job, answer, placeholder, stream)
        self.memory.append(
            job.team_id,
            job.channel_id,
            job.thread_ts,
            Turn(
                question=job.question,
                answer=answer.plain(),
                paragraphs=answer.paragraphs,
                ts=job.message_ts,
            ),
        )
        log.info(
            "answered in %s: %s, %d paragraph(s) cited, %d held back",
            job.channel_id,
            answer.status,
            len(answer.paragraphs),
            answer.dropped,
        )

    def _answering(self, job: MentionJob) -> tuple[Answering, Callable[[int], None] | None]:
        budget = self.budget
        if budget is None or budget.daily_limit <= 0 or not self.answering.streams:
            return self.answering, None
        if budget.exhausted(job.team_id):
            return self.offline, None
        return self.answering, functools.partial(budget.charge, job.team_id)

    def _leave_answer(
        self, job: MentionJob, answer: Answer, placeholder: str | None, stream: AnswerStream | None
    ) -> None:
        """What stays in the thread is the checked answer as rendered: the stream's message
        (closed, then set to it) when one was started, else the placeholder, updated."""
        message = render_answer(answer)
        if stream is not None and stream.ts is not None:
            stream.stop()
            self.outbox.update(job.channel_id, stream.ts, message)
            return
        if placeholder is not None:
            self.outbox.update(job.channel_id, placeholder, message)
            return
        self._reply_once(job, message)

    # --- a link ------------------------------------------------------------------------

    def _brief(self, job: MentionJob, url: str) -> None:
        budget = self.budget
        charge = None
        if budget is not None and budget.daily_limit > 0:
            charge = functools.partial(budget.charge, job.team_id)
        brief = self.pipeline.brief_article(self.pipeline.load_url(url), charge=charge)
        key = f"{brief.article.sha256}:{job.thread_ts}"
        outcome = self.outbox.post_once(
            job.team_id, job.channel_id, key, render_blocks(brief), thread_ts=job.thread_ts
        )
        if not isinstance(outcome, Posted):
            self._say(job, ALREADY_HERE)
            return
        # Questions in this thread are now about this article; the Sources button under
        # the brief reads the record under the brief's own ts.
        self.ledger.remember_thread(job.team_id, job.channel_id, job.thread_ts, brief)
        self.ledger.remember_thread(job.team_id, job.channel_id, outcome.ts, brief)
        log.info("briefed a link in thread %s of %s", job.thread_ts, job.channel_id)

    # --- replies -----------------------------------------------------------------------

    def _reply_once(self, job: MentionJob, message: RenderedMessage) -> str | None:
        """The mention's one reply: posted now, or the ts an earlier run of this job posted
        (None while another run is still posting it)."""
        return self._post_reply(job, message).ts

    def _post_reply(self, job: MentionJob, message: RenderedMessage) -> Posted | Claim:
        return self.outbox.post_once(
            job.team_id,
            job.channel_id,
            f"mention:{job.message_ts}",
            message,
            thread_ts=job.thread_ts,
        )

    def _say(self, job: MentionJob, text: str) -> None:
        """A short reply to the mention, as its one reply; never an exception."""
        message = RenderedMessage(text=text, blocks=[])
        try:
            outcome = self._post_reply(job, message)
            fresh = isinstance(outcome, Posted) and outcome.new
            if not fresh and outcome.ts is not None:
                try:
                    self.outbox.update(job.channel_id, outcome.ts, message)
                except SlackApiError:  # that reply is gone (a stream took its place)
                    self.outbox.reply_in_thread(job.channel_id, job.thread_ts, message)
        except (SlackApiError, redis.RedisError, BriefError) as exc:
            log.error("could not reply to the mention: %s", type(exc).__name__)


class _Writer:
    """Shows checked sentences as they come: the stream opens on the first one, and the
    placeholder goes once it has."""

    def __init__(
        self, outbox: Outbox, stream: AnswerStream, placeholder: str | None, channel_id: str
    ) -> None:
        self._outbox = outbox
        self._stream = stream
        self._placeholder = placeholder
        self._channel = channel_id
        self._tried = False

    def __call__(self, sentence: SummaryPoint) -> None:
        if not self._tried:
            self._tried = True
            if not self._stream.start():
                return
            if self._placeholder is not None:
                try:
                    self._outbox.delete(self._channel, self._placeholder)
                except SlackApiError as exc:
                    log.warning("could not remove the placeholder: %s", exc.response.get("error"))
        if self._stream.ts is not None:
            self._stream.append(stream_line(sentence))
