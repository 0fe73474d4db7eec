"""The work behind a mention of Brief, run by the worker: answer, brief a link, or help.

    MentionJobRunner(...).run(MentionJob(...))

- A question in a brief's thread: show progress at once (a "Looking in the article …"
  reply), wait for the thread's earlier questions (`ThreadOrder`), answer from the article
  with the thread's memory (`bot.answers.Answering`), streaming checked sentences where the
  engine and Slack can, then leave the checked answer as the reply, and remember the turn.
- A link anywhere in the mention: react 👀 at once, brief it in the mention's thread (the
  pipeline's single-flight and cache, one post per article and thread, the daily budget),
  and make that thread's questions about it.
- Anything else (no brief in the thread, no question): a short help reply.

A mention has one reply, keyed by the mention's ts in the post ledger (`Outbox.post_once`),
which names whichever message is the reply now: the placeholder, or the stream that took
its place (`Outbox.repoint`). So a job run again after its worker died finds that message
and sets it to the answer, instead of posting another; it never streams a second time.
A turn is remembered only after its answer stands in the thread. Failures reach the asker
in plain words with a request id, in that same reply; the detail goes to the log.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import redis
from dramatiq.middleware import Interrupt
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.answers.extractive import ExtractiveAnswerer
from bot.answers.service import Answering
from bot.article.model import Article
from bot.briefs import SummaryPoint
from bot.digest.record import record_for_digest
from bot.errors import BriefError
from bot.job_messages import MentionJob
from bot.jobs import BUDGET_SPENT
from bot.logs import request_context
from bot.metrics import Metrics
from bot.outbox import AnswerStream, Outbox, Posted
from bot.pipeline import Pipeline
from bot.render.answer import HELP, THINKING, render_answer, stream_line
from bot.render.blocks import RenderedMessage, render_blocks
from bot.slack.replies import failure_message
from bot.store.briefed import BriefedIndex
from bot.store.budget import TokenBudget
from bot.store.conversation import Conversations, Turn
from bot.store.posts import PostLedger
from bot.store.thread_order import ThreadOrder

__all__ = ["MentionJobRunner"]

log = logging.getLogger(__name__)

TOO_OLD = (
    "Sorry: Brief could not get to this in time (it was down or overloaded for a while). "
    "Please ask again."
)
OUT_OF_TIME = "Sorry: this took too long and was stopped. Please ask again."
BUDGET_NOTE = (
    "This workspace has used today's language-model budget, so this answer is the "
    "article's own words."
)
ALREADY_HERE = "This article is already briefed in this thread: see above."
WORKING = "eyes"
"""The reaction that says a link is being briefed."""
REPLY_CLAIM_WAIT_SECONDS = 130.0
"""A run after a crash waits this long for the crashed run's claim on the reply to lapse
(the ledger's pending time is 120 s), then finds that run's post in the thread."""


class ReplyUnavailableError(BriefError):
    """The mention's reply could be neither found nor posted."""

    def __init__(self) -> None:
        super().__init__("Slack did not confirm Brief's reply. Please ask again in a minute.")


@dataclass
class _Reply:
    """The mention's one reply: the message it is now, and whether this run posted it."""

    ts: str
    fresh: bool
    stream: AnswerStream | None = None
    leftover: str | None = None
    """A placeholder the stream replaced but that could not be removed yet."""


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
    order_timeout_seconds: float = 60.0
    max_age_seconds: float = 30 * 60
    budget: TokenBudget | None = None
    index: BriefedIndex | None = None
    metrics: Metrics | None = None
    offline: Answering = field(default_factory=lambda: Answering(ExtractiveAnswerer()))

    def run(self, job: MentionJob) -> None:
        started, outcome = time.monotonic(), "failed"
        with request_context(job.request_id, team=job.team_id, channel=job.channel_id):
            run = _MentionRun(self, job)
            try:
                run.run()
                outcome = "ok"
            except Interrupt:  # dramatiq's time limit, or a shutdown: say so, then stop
                log.warning("mention job interrupted")
                run.say(OUT_OF_TIME)
                raise
            except Exception as exc:
                if self.metrics is not None:
                    self.metrics.failed(exc)
                doing = "briefing this link" if job.url else "answering your question"
                run.say(failure_message(exc, job.request_id, doing=doing))
            finally:
                self._finished(job)
                if self.metrics is not None:
                    self.metrics.job("mention", outcome, time.monotonic() - started)

    def _finished(self, job: MentionJob) -> None:
        try:
            self.order.leave(job.team_id, job.channel_id, job.thread_ts, job.message_ts)
            self.ledger.mark_done(job.request_id)
        except redis.RedisError as exc:
            log.warning("could not record mention %s as done: %s", job.request_id, exc)


class _MentionRun:
    """One run of one mention job."""

    def __init__(self, runner: MentionJobRunner, job: MentionJob) -> None:
        self.runner = runner
        self.outbox = runner.outbox
        self.job = job
        self.key = f"mention:{job.message_ts}"
        self.reply: _Reply | None = None

    def run(self) -> None:
        job, runner = self.job, self.runner
        if job.queued_at and time.time() - job.queued_at > runner.max_age_seconds:
            log.warning("mention too old to run: telling the asker")
            self.say(TOO_OLD)
            return
        if job.url:
            self._brief(job.url)
            return
        record = runner.ledger.read_thread(job.team_id, job.channel_id, job.thread_ts)
        if record is None or not job.question:
            self.say(HELP)
            return
        # Progress first, whatever the thread's earlier questions are still doing.
        self.reply = self._open(RenderedMessage(text=THINKING, blocks=[]))
        if not runner.order.wait(
            job.team_id,
            job.channel_id,
            job.thread_ts,
            job.message_ts,
            timeout=runner.order_timeout_seconds,
        ):
            log.warning("earlier questions in the thread took too long: answering anyway")
        self._answer(record.article, self.reply)

    # --- a question --------------------------------------------------------------------

    def _answer(self, article: Article, reply: _Reply) -> None:
        job, runner = self.job, self.runner
        history = runner.memory.turns(job.team_id, job.channel_id, job.thread_ts)
        if any(turn.ts == job.message_ts for turn in history):
            log.info("this question was answered by an earlier run of its job")
            return
        answering, charge = self._answering()
        writer = None
        # Only a run that posted the placeholder streams: a rerun sets the existing reply.
        if runner.stream_answers and answering.streams and reply.fresh:
            reply.stream = self.outbox.stream(
                job.user_team_id or job.team_id, job.channel_id, job.thread_ts, job.user_id
            )
            writer = _Writer(self, reply)
        answer = answering.answer(article, job.question, history, on_sentence=writer, charge=charge)
        if answering is runner.offline and runner.answering.streams:
            answer = answer.model_copy(update={"note": BUDGET_NOTE})
        self._finish(render_answer(answer))
        runner.memory.append(
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

    def _answering(self) -> tuple[Answering, Callable[[int], None] | None]:
        runner, team = self.runner, self.job.team_id
        budget = runner.budget
        if budget is None or budget.daily_limit <= 0 or not runner.answering.streams:
            return runner.answering, None
        if budget.exhausted(team):
            return runner.offline, None
        return runner.answering, functools.partial(budget.charge, team)

    # --- a link ------------------------------------------------------------------------

    def _brief(self, url: str) -> None:
        job, runner = self.job, self.runner
        self.outbox.react(job.channel_id, job.message_ts, WORKING)
        article = runner.pipeline.load_url(url)
        budget = runner.budget
        charge = None
        if budget is not None and budget.daily_limit > 0:
            if budget.exhausted(job.team_id) and runner.pipeline.needs_model(article):
                raise BriefError(BUDGET_SPENT)
            charge = functools.partial(budget.charge, job.team_id)
        brief = runner.pipeline.brief_article(article, charge=charge)
        key = f"{brief.article.sha256}:{job.thread_ts}"
        outcome = self.outbox.post_once(
            job.team_id, job.channel_id, key, render_blocks(brief), thread_ts=job.thread_ts
        )
        if outcome.ts is not None:
            # Questions in this thread are now about this article; the Sources button under
            # the brief reads the record under the brief's own ts.
            runner.ledger.remember_thread(job.team_id, job.channel_id, job.thread_ts, brief)
            runner.ledger.remember_thread(job.team_id, job.channel_id, outcome.ts, brief)
        if not isinstance(outcome, Posted):
            self.say(ALREADY_HERE)
            return
        record_for_digest(
            runner.index, self.outbox, job.channel_id, outcome.ts, brief, thread_ts=job.thread_ts
        )
        log.info("briefed a link in thread %s of %s", job.thread_ts, job.channel_id)

    # --- the reply ---------------------------------------------------------------------

    def _open(self, message: RenderedMessage) -> _Reply:
        """The mention's reply: posted now with `message`, or the one an earlier run posted."""
        job = self.job
        outcome = self.outbox.post_once(
            job.team_id,
            job.channel_id,
            self.key,
            message,
            thread_ts=job.thread_ts,
            wait_seconds=REPLY_CLAIM_WAIT_SECONDS,
        )
        if outcome.ts is None:
            raise ReplyUnavailableError
        return _Reply(ts=outcome.ts, fresh=isinstance(outcome, Posted) and outcome.new)

    def _finish(self, message: RenderedMessage) -> None:
        """Make the reply `message`: close a stream first; a reply gone (deleted, or a
        stream that never took its place) is posted anew and recorded as the reply."""
        job = self.job
        reply = self.reply or self._open(message)
        if reply.fresh and self.reply is None:
            self.reply = reply
            return  # just posted as `message`
        self.reply = reply
        if reply.stream is not None and reply.stream.ts is not None:
            reply.stream.stop()
        elif not reply.fresh:  # an earlier run's reply may be its stream, left open
            self.outbox.stop_stream(job.channel_id, reply.ts)
        if reply.leftover is not None:
            try:
                self.outbox.delete(job.channel_id, reply.leftover)
                reply.leftover = None
            except (SlackApiError, SlackClientError, OSError) as exc:
                log.warning("a placeholder stays in the thread (%s)", type(exc).__name__)
        try:
            self.outbox.update(job.channel_id, reply.ts, message)
        except SlackApiError as exc:
            if exc.response.get("error") != "message_not_found":
                raise
            reply.ts = self.outbox.reply_in_thread(job.channel_id, job.thread_ts, message)
            self.outbox.repoint(job.team_id, job.channel_id, self.key, reply.ts)

    def say(self, text: str) -> None:
        """A short reply to the mention, as its one reply; never an exception."""
        try:
            self._finish(RenderedMessage(text=text, blocks=[]))
        except (SlackApiError, SlackClientError, OSError, redis.RedisError, BriefError) as exc:
            log.error("could not reply to the mention: %s", type(exc).__name__)


class _Writer:
    """Shows checked sentences as they come: the stream opens on the first one, becomes the
    mention's reply (in the ledger) and the placeholder goes. Never raises into the model's
    read loop: a failure here only means the answer arrives whole at the end."""

    def __init__(self, run: _MentionRun, reply: _Reply) -> None:
        self._run = run
        self._reply = reply
        self._tried = False

    def __call__(self, sentence: SummaryPoint) -> None:
        stream = self._reply.stream
        if stream is None:
            return
        try:
            if not self._tried:
                self._tried = True
                if not stream.start() or stream.ts is None:
                    return
                self._take_over(stream.ts)
            if stream.ts is not None:
                stream.append(stream_line(sentence))
        except Exception as exc:  # the answer still comes, whole, at the end
            log.warning("streaming the answer failed (%s)", type(exc).__name__)

    def _take_over(self, ts: str) -> None:
        run, job = self._run, self._run.job
        placeholder = self._reply.ts
        run.outbox.repoint(job.team_id, job.channel_id, run.key, ts)
        self._reply.ts = ts
        self._reply.leftover = placeholder
        run.outbox.delete(job.channel_id, placeholder)
        self._reply.leftover = None
