"""Prometheus metrics: one `Metrics` per process, made by the composition root, passed in.

    metrics = Metrics()                        # its own registry: no global state
    metrics.acked("brief", "queued", seconds)  # the web process's acks
    metrics.job("mention", "ok", seconds)      # the worker's jobs
    metrics.llm_call(model, "ok", seconds, tokens)
    metrics.render()                           # the text exposition for GET /metrics

The web process serves `/metrics` (with the queue's depth read from Redis at scrape time);
a worker serves them on `WORKER_METRICS_PORT`. Labels are bounded: kinds, outcomes, model
names, Slack method names and error codes, error classes. No ids, no text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from slack_sdk.errors import SlackApiError

from bot.errors import ExtractionError, FetchError

__all__ = ["AckNote", "Metrics", "QueueDepth", "ack_note", "note_ack"]

_FAST = (0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
_SLOW = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)


@dataclass
class AckNote:
    """What a listener acknowledged; the web process's request timer records it."""

    kind: str | None = None
    outcome: str | None = None


_ack_note: ContextVar[AckNote | None] = ContextVar("brief_ack_note", default=None)


@contextmanager
def ack_note() -> Iterator[AckNote]:
    """Around one Slack request: the note its listener fills in (`note_ack`)."""
    note = AckNote()
    token = _ack_note.set(note)
    try:
        yield note
    finally:
        _ack_note.reset(token)


def note_ack(kind: str, outcome: str) -> None:
    """A listener says what it acknowledged (a no-op outside a timed request)."""
    note = _ack_note.get()
    if note is not None:
        note.kind, note.outcome = kind, outcome


class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.acks = Counter(
            "brief_acks", "Slack requests acknowledged, by kind and outcome", ["kind", "outcome"],
            registry=r,
        )  # fmt: skip
        self.ack_seconds = Histogram(
            "brief_ack_seconds", "Time to acknowledge a Slack request", ["kind"], buckets=_FAST,
            registry=r,
        )  # fmt: skip
        self.jobs = Counter(
            "brief_jobs", "Jobs the worker finished, by kind and outcome", ["kind", "outcome"],
            registry=r,
        )  # fmt: skip
        self.job_seconds = Histogram(
            "brief_job_seconds", "Time a job ran in the worker", ["kind"], buckets=_SLOW,
            registry=r,
        )  # fmt: skip
        self.llm_calls = Counter(
            "brief_llm_calls", "Language-model calls, by model and outcome", ["model", "outcome"],
            registry=r,
        )  # fmt: skip
        self.llm_tokens = Counter(
            "brief_llm_tokens", "Language-model tokens spent, by model", ["model"], registry=r
        )
        self.llm_seconds = Histogram(
            "brief_llm_seconds", "Time of a language-model call", ["model"], buckets=_SLOW,
            registry=r,
        )  # fmt: skip
        self.cache = Counter(
            "brief_cache", "Draft cache lookups, by result", ["result"], registry=r
        )
        self.gate_drops = Counter(
            "brief_gate_drops", "Items the gate held back, by kind", ["kind"], registry=r
        )
        self.slack_errors = Counter(
            "brief_slack_errors", "Slack API errors, by method and error", ["method", "error"],
            registry=r,
        )  # fmt: skip
        self.fetch_failures = Counter(
            "brief_fetch_failures", "Articles that could not be loaded, by reason", ["reason"],
            registry=r,
        )  # fmt: skip

    def acked(self, kind: str, outcome: str, seconds: float) -> None:
        self.acks.labels(kind, outcome).inc()
        self.ack_seconds.labels(kind).observe(seconds)

    def job(self, kind: str, outcome: str, seconds: float) -> None:
        self.jobs.labels(kind, outcome).inc()
        self.job_seconds.labels(kind).observe(seconds)

    def llm_call(self, model: str, outcome: str, seconds: float, tokens: int) -> None:
        self.llm_calls.labels(model, outcome).inc()
        self.llm_seconds.labels(model).observe(seconds)
        if tokens:
            self.llm_tokens.labels(model).inc(tokens)

    def failed(self, error: BaseException) -> None:
        """A job's failure, counted where it says something: Slack's refusals by method and
        error code, articles that could not be loaded by reason."""
        if isinstance(error, SlackApiError):
            url = str(getattr(error.response, "api_url", "") or "")
            method = url.rstrip("/").rsplit("/", 1)[-1] or "unknown"
            self.slack_errors.labels(method, str(error.response.get("error") or "unknown")).inc()
        elif isinstance(error, FetchError | ExtractionError):
            self.fetch_failures.labels(type(error).__name__).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)


class QueueDepth(Collector):
    """The job queue's depth, read when scraped (`depth()` may block: the web process
    calls `render` off its event loop)."""

    def __init__(self, depth: Callable[[], int]) -> None:
        self._depth = depth

    def collect(self) -> Iterable[Metric]:
        gauge = GaugeMetricFamily("brief_queue_depth", "Jobs queued and not yet taken")
        try:
            gauge.add_metric([], float(self._depth()))
        except Exception:  # Redis unreachable: no sample, rather than a failed scrape
            return []
        return [gauge]
