"""Composition of the long-running processes: the web process and the worker.

`bot.cli` calls these; the end-to-end tests and benchmarks call them too, with
settings pointed at loopback fakes, so what is tested is what is deployed.
Each builder returns the object to run plus a `close()` for every client it made.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import resource
import signal
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType

import openai
import redis
import uvicorn
from dramatiq.brokers.redis import RedisBroker
from prometheus_client import start_http_server
from redis import Redis
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.signature import SignatureVerifier

from bot.answers.extractive import ExtractiveAnswerer
from bot.answers.llm import ModelAnswerer
from bot.answers.service import Answering
from bot.article.content import FEED_TYPES
from bot.article.fetch import SafeFetcher
from bot.clients import build_redis, build_slack_client
from bot.clock import Clock
from bot.digest.build import DigestBuilder
from bot.digest.overview import Overview
from bot.digest.schedule import DigestTime
from bot.digest_jobs import DigestJobRunner, digest_key, today
from bot.engines.factory import build_engine, build_fallback
from bot.errors import ConfigError
from bot.job_messages import BriefJob, DigestJob, MentionJob
from bot.jobs import BriefJobRunner
from bot.llm import StructuredLLM, build_llm, build_openai_client
from bot.logs import configure_logging
from bot.mention_jobs import MentionJobRunner
from bot.metrics import Metrics, QueueDepth
from bot.outbox import ChannelPoster, Outbox
from bot.pipeline import Pipeline
from bot.prompts import load_prompt
from bot.queue import (
    build_broker,
    queue_depth,
    redis_reachable,
    refuse_evicting_redis,
    register,
    run_worker,
    warn_without_persistence,
)
from bot.settings import Settings
from bot.slack.app import build_app
from bot.slack.http_protocol import TimedHttpToolsProtocol, protocol_with_timeout
from bot.slack.offload import Offload
from bot.slack.server import BriefASGI
from bot.slack.watch import QueueWatch
from bot.store import RedisCache
from bot.store.briefed import BriefedIndex
from bot.store.budget import TokenBudget
from bot.store.conversation import Conversations
from bot.store.flight import RedisFlight
from bot.store.posts import PostLedger
from bot.store.thread_order import ThreadOrder
from bot.text.lemmas import warm_up

log = logging.getLogger(__name__)


def build_pipeline(
    settings: Settings,
    *,
    redis_client: redis.Redis,
    openai_client: openai.OpenAI | None,
    llm: StructuredLLM | None = None,
    metrics: Metrics | None = None,
) -> Pipeline:
    """The shared pipeline with a Redis cache and cross-process single-flight."""
    engine = build_engine(settings, openai_client=openai_client, llm=llm)
    return Pipeline(
        fetcher=SafeFetcher.from_settings(settings),
        engine=engine,
        cache=RedisCache(redis_client, ttl_seconds=settings.cache_ttl_seconds),
        flight=RedisFlight(redis_client),
        fallback=build_fallback(engine),
        metrics=metrics,
    )


def _require_redis(settings: Settings, *, timeout: float = 5.0, retries: int = 3) -> redis.Redis:
    client = build_redis(settings, timeout=timeout, retries=retries)
    if client is None:
        raise ConfigError("REDIS_URL is required for the Slack app (queue, cache and idempotency).")
    return client


def _queue_redis(
    settings: Settings, state: redis.Redis, *, timeout: float = 5.0, retries: int = 3
) -> redis.Redis:
    """The job queue's Redis: QUEUE_REDIS_URL's own client, else the state client itself."""
    if settings.queue_redis_url is None:
        return state
    client = build_redis(settings, timeout=timeout, retries=retries, queue=True)
    assert client is not None  # a queue URL is set
    return client


@dataclass
class Worker:
    """A worker process's parts: the broker with the brief actor declared, and its clients."""

    broker: RedisBroker
    runner: BriefJobRunner
    mentions: MentionJobRunner
    digests: DigestJobRunner
    threads: int
    metrics: Metrics = field(default_factory=Metrics)
    metrics_port: int = 0
    metrics_address: str = "127.0.0.1"
    state_redis: redis.Redis | None = None
    """The state Redis (cache, records), for the start-up line."""
    closers: list[Callable[[], object]] = field(default_factory=list)

    def run(self, stop: threading.Event) -> None:
        if self.metrics_port:
            try:
                server, _ = start_http_server(
                    self.metrics_port, addr=self.metrics_address, registry=self.metrics.registry
                )
            except OSError as exc:  # another worker on this machine has the port
                log.warning("worker metrics off: port %d: %s", self.metrics_port, exc.strerror)
            else:
                log.info("worker metrics on port %d", self.metrics_port)

                def stop_metrics() -> None:
                    server.shutdown()
                    server.server_close()

                self.closers.append(stop_metrics)
        run_worker(self.broker, threads=self.threads, stop=stop)

    def close(self) -> None:
        for close in reversed(self.closers):
            close()


def build_worker(settings: Settings) -> Worker:
    redis_client = _require_redis(settings)
    queue_client = _queue_redis(settings, redis_client)
    closers: list[Callable[[], object]] = [redis_client.close]
    if queue_client is not redis_client:
        closers.append(queue_client.close)
    try:
        refuse_evicting_redis(queue_client)
    except BaseException:
        for close in reversed(closers):
            close()
        raise
    warn_without_persistence(queue_client)
    try:
        openai_client = (
            build_openai_client(settings) if settings.resolved_engine() == "openai" else None
        )
        if openai_client is not None:
            closers.append(openai_client.close)
        metrics = Metrics()
        llm = (
            build_llm(settings, openai_client, metrics=metrics)
            if openai_client is not None
            else None
        )
        ledger = PostLedger(
            redis_client,
            ttl_seconds=settings.cache_ttl_seconds,
            thread_ttl_seconds=settings.thread_ttl_seconds,
        )
        pipeline = build_pipeline(
            settings,
            redis_client=redis_client,
            openai_client=openai_client,
            llm=llm,
            metrics=metrics,
        )
        outbox = _outbox(settings, ledger)
        budget = TokenBudget(redis_client, daily_limit=settings.llm_daily_tokens_per_workspace)
        index = BriefedIndex(redis_client)
        runner = BriefJobRunner(
            pipeline=pipeline,
            outbox=outbox,
            ledger=ledger,
            still_working_seconds=settings.still_working_seconds,
            budget=budget,
            index=index,
            metrics=metrics,
        )
        mentions = MentionJobRunner(
            pipeline=pipeline,
            outbox=outbox,
            ledger=ledger,
            answering=_answering(settings, llm),
            memory=Conversations(
                redis_client,
                ttl_seconds=settings.qa_memory_ttl_seconds,
                budget_tokens=settings.qa_memory_tokens,
            ),
            order=ThreadOrder(redis_client),
            stream_answers=settings.slack_stream_answers,
            budget=budget,
            index=index,
            metrics=metrics,
        )
        digests = DigestJobRunner(
            builder=_digest_builder(settings, pipeline, index, budget, llm),
            outbox=outbox,
            ledger=ledger,
            index=index,
            when=DigestTime.from_settings(settings),
            redis=redis_client,
            quiet_day=settings.digest_quiet_day,
            digest_channel=settings.digest_channel,
            metrics=metrics,
        )
        broker = build_broker(queue_client)
        register(broker, BriefJob, runner.run)
        register(broker, MentionJob, mentions.run)
        register(broker, DigestJob, digests.run)
        warm_up()  # the claims gate's word lists: loaded now, not in the first brief's time
    except BaseException:
        for close in reversed(closers):
            close()
        raise
    return Worker(
        broker=broker,
        runner=runner,
        mentions=mentions,
        digests=digests,
        threads=settings.worker_threads,
        metrics=metrics,
        metrics_port=settings.worker_metrics_port,
        metrics_address=settings.worker_metrics_address,
        state_redis=redis_client,
        closers=closers,
    )


def _digest_builder(
    settings: Settings,
    pipeline: Pipeline,
    index: BriefedIndex,
    budget: TokenBudget,
    llm: StructuredLLM | None,
) -> DigestBuilder:
    """The digest's builder: the worker's pipeline, and a fetcher that also reads feeds."""

    def charge(team_id: str) -> Callable[[int], None] | None:
        return functools.partial(budget.charge, team_id) if budget.daily_limit > 0 else None

    return DigestBuilder(
        index=index,
        pipeline=pipeline,
        feed_fetcher=SafeFetcher.from_settings(settings, also_types=FEED_TYPES),
        feeds=settings.digest_feeds,
        max_new_briefs=settings.digest_max_new_briefs,
        can_spend=lambda team_id: not budget.exhausted(team_id),
        charge=charge,
        overview=(
            Overview(llm, load_prompt("digest"))
            if settings.digest_overview and llm is not None
            else None
        ),
    )


@dataclass
class ClockProcess:
    """The clock's parts: the scheduler and the clients it holds."""

    clock: Clock
    closers: list[Callable[[], object]] = field(default_factory=list)

    def run(self, stop: threading.Event) -> None:
        self.clock.run(stop)

    def close(self) -> None:
        for close in reversed(self.closers):
            close()


def build_clock(settings: Settings) -> ClockProcess:
    """The clock: it only queues the digest (DIGEST_CHANNEL must be set)."""
    if settings.digest_channel is None:
        raise ConfigError("DIGEST_CHANNEL is required for the clock (the digest's channel).")
    redis_client = _require_redis(settings)
    queue_client = _queue_redis(settings, redis_client)
    slack = build_slack_client(settings)
    closers: list[Callable[[], object]] = [redis_client.close]
    if queue_client is not redis_client:
        closers.append(queue_client.close)
    try:
        refuse_evicting_redis(queue_client)
        team_id = str(slack.auth_test()["team_id"])
    except Exception:
        for close in reversed(closers):
            close()
        raise
    clock = Clock(
        redis_client,
        build_broker(queue_client),
        DigestTime.from_settings(settings),
        team_id=team_id,
        channel_id=settings.digest_channel,
    )
    return ClockProcess(clock=clock, closers=closers)


def run_clock(settings: Settings) -> None:
    """Run the clock until SIGINT or SIGTERM."""
    process = build_clock(settings)
    started(
        "clock",
        settings,
        process.clock.client,
        process.clock.broker.client,
        digest=f"{settings.digest_time} {settings.digest_timezone} in {settings.digest_channel}",
    )
    until_signalled(process.run, process.close)


def digest_now(settings: Settings, *, channel: str | None = None) -> str:
    """Post today's digest at once, in this process (`python -m bot digest --now`); it counts
    as today's digest for the channel. What happened, in one line."""
    target = channel or settings.digest_channel
    if not target:
        raise ConfigError("Name the channel: --channel C0123, or set DIGEST_CHANNEL.")
    worker = build_worker(settings)
    try:
        runner = worker.digests
        now = runner.clock()
        day = today(runner.when, now)
        job = DigestJob(
            request_id=uuid.uuid4().hex[:8],
            team_id=runner.outbox.team_id(),
            channel_id=target,
            user_id="",
            date=day,
            on_demand=True,
        )
        runner.run(job)
        ts = runner.ledger.posted(job.team_id, target, digest_key(day))
    finally:
        worker.close()
    if ts is None:
        return (
            f"no digest posted for {day} in {target} (nothing to post, or it failed: see the log)"
        )
    return f"the digest for {day} is in {target} at {ts}"


def _answering(settings: Settings, llm: StructuredLLM | None) -> Answering:
    """Thread answers: the model's, checked, when there is one; else the article's words."""
    if llm is None:
        return Answering(ExtractiveAnswerer())
    model = ModelAnswerer(
        llm, load_prompt("qa"), max_article_chars=settings.openai_max_article_chars
    )
    return Answering(ExtractiveAnswerer(), model=model)


def _outbox(settings: Settings, ledger: PostLedger) -> Outbox:
    posting = build_slack_client(settings, posting=True)
    return Outbox(
        build_slack_client(settings),
        posting,
        ChannelPoster(posting, ledger),
        webhook_timeout=settings.slack_timeout,
    )


@dataclass
class Web:
    """The web process's parts: the ASGI app and the Redis client it holds."""

    asgi: BriefASGI
    redis: redis.Redis
    offload: Offload
    watch: QueueWatch
    queue_redis: Redis | None = None

    async def aclose(self) -> None:
        self.asgi.close()
        self.offload.close()
        self.redis.close()
        if self.queue_redis is not None and self.queue_redis is not self.redis:
            self.queue_redis.close()


def build_web(settings: Settings) -> tuple[Web, object]:
    """The ASGI app (and the Bolt app, for Socket Mode)."""
    # Dedupe, enqueue and health checks run on the ack path: fail fast, well inside 3 s.
    client = _require_redis(settings, timeout=0.5, retries=1)
    queue_client = _queue_redis(settings, client, timeout=0.5, retries=1)
    refuse_evicting_redis(queue_client)  # when Redis answers; unreachable, the web still starts
    offload = Offload()
    watch = QueueWatch(client, offload, queue=queue_client)
    metrics = Metrics()
    metrics.registry.register(QueueDepth(lambda: queue_depth(queue_client)))
    app = build_app(
        settings,
        redis_client=client,
        broker=build_broker(queue_client),
        offload=offload,
        watch=watch,
    )
    secret = settings.slack_signing_secret
    verifier = SignatureVerifier(secret.get_secret_value()) if secret is not None else None
    token = settings.metrics_token.get_secret_value() if settings.metrics_token else None
    asgi = BriefASGI(
        app,
        client,
        offload,
        verifier=verifier,
        metrics=metrics,
        queue_redis=queue_client,
        metrics_token=token,
    )
    web = Web(asgi=asgi, redis=client, offload=offload, watch=watch, queue_redis=queue_client)
    return web, app


def started(
    kind: str,
    settings: Settings,
    client: redis.Redis | None,
    queue: redis.Redis | None = None,
    **more: object,
) -> None:
    """The one line a process logs when it is up: what it is, where, with what, and whether
    its Redis (and the queue's, when it is another) answers."""
    engine = settings.resolved_engine()
    model = f" · model {settings.openai_model}" if engine == "openai" else ""
    reach = "reachable" if client is not None and redis_reachable(client) else "NOT reachable"
    if queue is not None and queue is not client:
        reach += f" · queue redis {'reachable' if redis_reachable(queue) else 'NOT reachable'}"
    extra = "".join(f" · {name} {value}" for name, value in more.items())
    log.info("%s up · engine %s%s · redis %s%s", kind, engine, model, reach, extra)


def serve(settings: Settings, *, host: str) -> None:
    """HTTP under uvicorn on $PORT (WEB_CONCURRENCY processes), or Socket Mode."""
    if settings.slack_app_token is not None:
        _, app = build_web(settings)
        handler = AsyncSocketModeHandler(app, settings.slack_app_token.get_secret_value())  # type: ignore[arg-type]
        log.info("starting in Socket Mode")
        asyncio.run(handler.start_async())  # type: ignore[no-untyped-call]
        return
    _raise_open_files_limit()
    # log_config=None: uvicorn keeps its hands off logging, so its lines go through ours
    # (LOG_FORMAT=json included).
    options: dict[str, object] = {"log_level": "warning", "access_log": False, "log_config": None}
    if settings.web_concurrency == 1:
        options["http"] = http_protocol(settings)
        web = build_web(settings)[0]
        started("web", settings, web.redis, web.queue_redis, address=f"{host}:{settings.port}")
        uvicorn.run(web.asgi, host=host, port=settings.port, **options)  # type: ignore[arg-type]
        return
    # Checked once here: a child refusing to start would be restarted by uvicorn, forever.
    check = _require_redis(settings, timeout=0.5, retries=1)
    queue = _queue_redis(settings, check, timeout=0.5, retries=1)
    try:
        refuse_evicting_redis(queue)
        started(
            "web",
            settings,
            check,
            queue,
            address=f"{host}:{settings.port}",
            processes=settings.web_concurrency,
        )
    finally:
        check.close()
        if queue is not check:
            queue.close()
    # Worker processes are spawned: the protocol class must be importable by name, so they
    # get the default header deadline.
    options["http"] = TimedHttpToolsProtocol
    # Several processes share the port; each builds its own clients from the environment.
    uvicorn.run(
        f"{__name__}:asgi_from_environment",
        factory=True,
        workers=settings.web_concurrency,
        host=host,
        port=settings.port,
        **options,  # type: ignore[arg-type]
    )


def http_protocol(settings: Settings) -> type[TimedHttpToolsProtocol]:
    """uvicorn's HTTP protocol with HTTP_HEADER_TIMEOUT for each request's headers."""
    if settings.http_header_timeout == TimedHttpToolsProtocol.header_timeout:
        return TimedHttpToolsProtocol
    return protocol_with_timeout(settings.http_header_timeout)


def _raise_open_files_limit() -> None:
    """Idle or half-open connections each hold a descriptor; at the usual soft limit of 1,024
    a thousand of them stop the process accepting real requests. Take the hard limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        wanted = 65_536 if hard == resource.RLIM_INFINITY else hard
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        except (ValueError, OSError) as exc:
            log.warning("could not raise the open-files limit: %s", exc)


def asgi_from_environment() -> BriefASGI:
    """The ASGI app of one web process (uvicorn's factory, used when WEB_CONCURRENCY > 1)."""
    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)  # a spawned child starts bare
    return build_web(settings)[0].asgi


def work(settings: Settings) -> None:
    """Run a worker until SIGINT or SIGTERM."""
    worker = build_worker(settings)
    started(
        "worker",
        settings,
        worker.state_redis,
        worker.broker.client,
        threads=settings.worker_threads,
    )
    until_signalled(worker.run, worker.close)


def until_signalled(run: Callable[[threading.Event], None], close: Callable[[], object]) -> None:
    """`run(stop)` until SIGINT or SIGTERM sets `stop` (current work finishes), then close."""
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        log.info("signal %d: finishing current work", signum)
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        run(stop)
    finally:
        close()
