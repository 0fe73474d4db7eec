"""Logging set-up with a request id on every line, as text or as JSON.

Edges (CLI command, Slack request, worker job) set a request id with
`request_context`; every log line then carries it, so a user-facing message that
quotes the id can be matched to the details in the logs. A job carries the id its ack
made, so one id follows a `/brief` or a mention from the ack through the queue to the post;
a job also names its team and channel (`request_context(id, team=…, channel=…)`).

`LOG_FORMAT=json` writes one JSON object per line (python-json-logger): time, level,
logger, message, request_id, team and channel when known, and any `extra` fields a line
gives (durations, engine, model, counts). Log lines hold ids, sizes, statuses and
durations: never a secret, an article's or a message's text (the job payloads that carry
them are redacted by `_RedactJobs`).
"""

from __future__ import annotations

import contextvars
import logging
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from pythonjsonlogger.json import JsonFormatter

_HANDLER_NAME = "brief-stderr"

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_where: contextvars.ContextVar[tuple[tuple[str, str], ...]] = contextvars.ContextVar(
    "log_where", default=()
)


def new_request_id() -> str:
    return secrets.token_hex(4)


def current_request_id() -> str:
    return _request_id.get()


@contextmanager
def request_context(request_id: str | None = None, **where: str) -> Iterator[str]:
    """Tag every log line inside the block with a request id (a new one by default) and,
    for JSON logs, `where` (team, channel)."""
    rid = request_id or new_request_id()
    token = _request_id.set(rid)
    where_token = _where.set(tuple((k, v) for k, v in where.items() if v))
    try:
        yield rid
    finally:
        _where.reset(where_token)
        _request_id.reset(token)


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        for name, value in _where.get():
            setattr(record, name, value)
        return True


class _RedactJobs(logging.Filter):
    """Queue messages in log arguments become their ids: a job's payload holds the user's
    pasted text and a `response_url` (a capability), which no log line may show."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(_is_job(a) for a in record.args):
            record.args = tuple(_redacted(a) for a in record.args)
        return True


def _redacted(value: object) -> object:
    return f"<job {getattr(value, 'message_id', '?')}>" if _is_job(value) else value


def _is_job(value: object) -> bool:
    """A dramatiq Message or MessageProxy (duck-typed: logging must not import dramatiq)."""
    return hasattr(value, "message_id") and hasattr(value, "actor_name")


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time (it may be swapped, e.g. by tests)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


def configure_logging(level: str = "INFO", fmt: str = "text") -> None:
    """Log to stderr as `time level [request id] logger: message`, or (`fmt="json"`) as one
    JSON object per line."""
    handler = _StderrHandler()
    handler.addFilter(_RequestIdFilter())
    handler.addFilter(_RedactJobs())
    formatter: logging.Formatter
    if fmt == "json":
        formatter = JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    else:
        formatter = logging.Formatter(
            "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
        )
    handler.setFormatter(formatter)
    handler.set_name(_HANDLER_NAME)
    root = logging.getLogger()
    # Replace our own handler if configured twice; leave anyone else's (e.g. pytest's) alone.
    root.handlers[:] = [h for h in root.handlers if h.get_name() != _HANDLER_NAME] + [handler]
    root.setLevel(level)
