"""The jobs Brief queues: one typed message per kind, shared by who sends and who runs it.

    enqueue(broker, BriefJob(...))            # the web process (bot.queue)
    register(broker, BriefJob, runner.run)    # the worker (bot.queue), once per kind

Each message class names its own dramatiq actor and queue (`actor`, `queue`), so no
actor is ever named by a bare string in two places, and the payload is the model's JSON:
no hand-copied dicts. A new kind of job (an answer in a thread, a digest) is a new class
here and a runner for it, nothing else.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["BriefJob", "DigestJob", "Job", "MentionJob"]


class Job(BaseModel):
    """A queued job: what every kind carries, and where it goes."""

    model_config = ConfigDict(frozen=True)

    actor: ClassVar[str]
    queue: ClassVar[str]

    request_id: str
    team_id: str
    channel_id: str
    user_id: str
    queued_at: float | None = None
    """When the ack queued it (epoch seconds): how long the user has been waiting."""


class BriefJob(Job):
    """One `/brief` request. Exactly one of `url` and `text` is set."""

    actor: ClassVar[str] = "brief"
    queue: ClassVar[str] = "briefs"

    response_url: str | None = None
    kind: Literal["full", "quotes", "explain"] = "full"
    url: str | None = None
    text: str | None = None
    term: str | None = None


class MentionJob(Job):
    """A mention of Brief (`app_mention`): a question in a thread, or a link to brief there.

    `thread_ts` is the thread's root (the mention's own ts when it starts one); `message_ts`
    is the mention itself, which orders questions in a thread and keys its one reply."""

    actor: ClassVar[str] = "mention"
    queue: ClassVar[str] = "briefs"

    thread_ts: str
    message_ts: str
    question: str = ""
    url: str | None = None
    user_team_id: str | None = None
    """The asker's own workspace (Slack Connect: not always the app's), for a stream."""


class DigestJob(Job):
    """A channel's daily digest for one local date: posted once, or previewed to one person.

    The clock enqueues the scheduled one; `/brief digest` a preview (`preview`, answered on
    `response_url`); `python -m bot digest --now` runs one at once (`on_demand`: never too
    late, and it counts as that date's digest for the channel)."""

    actor: ClassVar[str] = "digest"
    queue: ClassVar[str] = "briefs"

    date: str
    preview: bool = False
    on_demand: bool = False
    response_url: str | None = None
