"""Every Redis key Brief uses. Nothing else formats a key.

All keys start with `brief:` and all carry a TTL, so Redis never fills up with
old state. (The job queue's own keys live under `brief-jobs:`, see `bot.queue`.)
"""

from __future__ import annotations

import hashlib

from bot.briefs import EngineInfo

PREFIX = "brief:"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_by_url(url: str) -> str:
    """Article JSON for a URL: a repeat brief of the same link makes no fetch."""
    return f"{PREFIX}article:url:{_digest(url)}"


def thread_brief(team_id: str, channel_id: str, ts: str) -> str:
    """The gated brief posted as that thread's root, as posted: what its answers stand on.

    Per thread: the same article briefed in two channels (by another engine, or a fill-in)
    gives each thread its own brief."""
    return f"{PREFIX}brief:team:{team_id}:{channel_id}:{ts}"


def thread_article(team_id: str, article_key: str) -> str:
    """The article a team's posted brief is about (source link included), for thread Q&A.

    Per team and per source: two teams briefing the same text from different links (or
    one pasting it) never read each other's link or title."""
    return f"{PREFIX}article:team:{team_id}:{article_key}"


def draft(article_sha: str, info: EngineInfo) -> str:
    """An engine's Draft for an article: a repeat brief makes no LLM call."""
    model, version = info.model or "-", info.prompt_version or "-"
    return f"{PREFIX}draft:{article_sha}:{info.engine}:{model}:{version}"


def flight_lock(name: str) -> str:
    """Held by the one worker computing `name` (a fetch or a draft) for everybody."""
    return f"{PREFIX}flight:lock:{name}"


def flight_failure(name: str) -> str:
    """The user-safe failure of the last attempt at `name`, so waiters don't all retry it."""
    return f"{PREFIX}flight:failed:{name}"


def seen_request(kind: str, request_id: str) -> str:
    """Set once per Slack request (trigger id / event id): a retry or duplicate is ignored."""
    return f"{PREFIX}seen:{kind}:{request_id}"


def channel_post(team_id: str, channel_id: str, article_sha: str) -> str:
    """The brief of an article posted in a channel ("pending" while being posted, then its ts)."""
    return f"{PREFIX}posted:{team_id}:{channel_id}:{article_sha}"


def post_attempt(team_id: str, channel_id: str, article_sha: str) -> str:
    """The attempt to post a brief whose outcome is not known yet (its marker and start)."""
    return f"{PREFIX}posting:{team_id}:{channel_id}:{article_sha}"


def rate(team_id: str, kind: str, who: str, window: int) -> str:
    """Requests of one user or channel in one rate-limit window (`bot.store.limits`)."""
    return f"{PREFIX}rate:{team_id}:{kind}:{who}:{window}"


def tokens(team_id: str, day: str) -> str:
    """Language-model tokens a team's briefs used on one UTC day (`bot.store.budget`)."""
    return f"{PREFIX}tokens:{team_id}:{day}"


def job_done(request_id: str) -> str:
    """Set when a worker finished a job, whatever the outcome (`bot.slack.watch`)."""
    return f"{PREFIX}done:{request_id}"


def workers() -> str:
    """Live worker processes and their last heartbeat (a sorted set), for /readyz."""
    return f"{PREFIX}workers"


def conversation(team_id: str, channel_id: str, thread_ts: str) -> str:
    """A brief's thread's questions and answers, oldest first: thread Q&A's memory."""
    return f"{PREFIX}conversation:{team_id}:{channel_id}:{thread_ts}"


def thread(team_id: str, channel_id: str, ts: str) -> str:
    """Which article a posted brief (a thread root) is about, for thread Q&A."""
    return f"{PREFIX}thread:{team_id}:{channel_id}:{ts}"


def thread_order(team_id: str, channel_id: str, thread_ts: str) -> str:
    """The questions of a thread waiting for an answer, by message ts (`ThreadOrder`)."""
    return f"{PREFIX}asking:{team_id}:{channel_id}:{thread_ts}"


def briefed_day(team_id: str, day: str) -> str:
    """The articles a team briefed on one UTC day, scored by when (the digest's index)."""
    return f"{PREFIX}briefed:{team_id}:{day}"


def briefed_entry(team_id: str, article_key: str) -> str:
    """What the digest shows of one briefed article, and where it was posted."""
    return f"{PREFIX}briefed-article:{team_id}:{article_key}"


def last_digest(team_id: str, channel_id: str) -> str:
    """The channel's last posted digest (its local date, when, its ts)."""
    return f"{PREFIX}digest:last:{team_id}:{channel_id}"


def digest_queued(team_id: str, channel_id: str, day: str) -> str:
    """Set by the first clock to queue a channel's digest for a local date."""
    return f"{PREFIX}digest:queued:{team_id}:{channel_id}:{day}"


def digest_messages(team_id: str, channel_id: str, day: str) -> str:
    """A digest as rendered, kept until posted in full: a rerun posts the same replies."""
    return f"{PREFIX}digest:messages:{team_id}:{channel_id}:{day}"
