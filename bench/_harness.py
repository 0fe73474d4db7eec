"""What the benchmarks share: percentiles, Markdown tables, verdicts, and Brief on loopback.

The Slack benchmarks run Brief as it is deployed (the Procfile): `python -m bot
serve` and `python -m bot worker` as separate processes, each with its own GIL,
configured only through environment variables. Around them, in the benchmark's
own process, sit the test suite's fakes on 127.0.0.1 (`FakeSlack`,
`FakeOpenAIServer`, `PageServer`) and a throwaway `redis-server`
(`tests.redis_server`). Nothing leaves the machine.

    with Stack(llm_delay=2.0) as stack, stack.web() as web, stack.worker():
        status, body, _ = send_command(web.port, command_body(...))
"""

from __future__ import annotations

import contextlib
import http.client
import math
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import redis

from bot.settings import Settings
from tests.fakes.llm_replies import grounded_answer, grounded_reply, is_qa
from tests.fakes.openai_server import FakeOpenAIServer, Reply
from tests.fakes.page_server import PageServer, send
from tests.fakes.slack_api import RESPONSE_URL, Call, FakeSlack
from tests.redis_server import free_port, redis_server
from tests.slack_harness import SIGNING_SECRET, command_body, sign

REPO = Path(__file__).resolve().parent.parent
LLM_KEY = "bench-key"
QUEUE_MESSAGES = "brief-jobs:briefs.msgs"  # dramatiq's hash of queued messages (bot.queue)


# --- numbers and tables ---------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100): always one of the measured values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def ms(seconds: float) -> str:
    if math.isnan(seconds):
        return "–"
    value = seconds * 1000
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A Markdown table under a `###` title, ready to paste into the README."""
    print(f"\n### {title}\n")
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join(" --- " for _ in headers) + "|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    print()


class Checks:
    """Correctness checks (counts): printed as a table; any failure fails the run."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, object, object, bool]] = []

    def expect(self, what: str, got: object, want: object) -> bool:
        ok = got == want
        self.rows.append((what, got, want, ok))
        return ok

    @property
    def ok(self) -> bool:
        return all(row[3] for row in self.rows)

    def print(self, title: str) -> None:
        rows = [(what, got, want, "ok" if ok else "FAILED") for what, got, want, ok in self.rows]
        print_table(title, ["check", "got", "expected", "result"], rows)


def machine() -> str:
    """The caveat every result carries: how many cores, shared by what, and how busy already."""
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} CPU cores shared by everything (load generator, fakes, Redis, Brief, "
        f"and whatever else runs on the machine: 1-min load average {load:.2f} at the start)"
    )


# --- Brief's processes ------------------------------------------------------------


class BotProcess:
    """`python ARGS` in a subprocess (Brief: `-m bot serve|worker`), configured by environment."""

    def __init__(self, args: list[str], env: dict[str, str], workdir: Path, name: str) -> None:
        self.name = name
        self.log_path = workdir / f"{name}.log"
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, *args],
            env=env,
            cwd=workdir,  # away from any developer's .env in the repo
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait_until(self, ready: Callable[[], bool], *, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited ({self.proc.returncode}):\n{self.log_tail()}"
                )
            if ready():
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} not ready within {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def cpu_seconds(self) -> float:
        """User + system CPU time so far, from /proc (Linux)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return math.nan
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class ServerProcess(BotProcess):
    """An HTTP server subprocess on a free loopback port ($PORT), ready when `health` is 200."""

    def __init__(
        self, args: list[str], env: dict[str, str], workdir: Path, name: str, *, health: str
    ) -> None:
        self.port = free_port()
        self.health = health
        super().__init__(args, {**env, "PORT": str(self.port)}, workdir, name)
        self.wait_until(self._healthy)

    def _healthy(self) -> bool:
        try:
            status, _, _ = http_request(self.port, "GET", self.health)
        except OSError:
            return False
        return status == 200


class WebProcess(ServerProcess):
    """Brief's web process: `python -m bot serve` (uvicorn)."""

    def __init__(self, env: dict[str, str], workdir: Path) -> None:
        args = ["-m", "bot", "serve", "--host", "127.0.0.1"]
        super().__init__(args, env, workdir, "web", health="/healthz")


class WorkerProcess(BotProcess):
    """One worker process: `python -m bot worker`; ready when it logs that its threads started."""

    def __init__(self, env: dict[str, str], workdir: Path, name: str = "worker") -> None:
        super().__init__(["-m", "bot", "worker"], {**env, "LOG_LEVEL": "INFO"}, workdir, name)
        self.wait_until(lambda: b"worker started" in self.log_path.read_bytes())


def clean_environ() -> dict[str, str]:
    """This process's environment without any of Brief's settings (those come from the bench)."""
    ours = {name.upper() for name in Settings.model_fields}
    env = {k: v for k, v in os.environ.items() if k.upper() not in ours}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


class Stack:
    """redis-server and the fakes, and the environment that points Brief at them."""

    def __init__(self, *, llm_delay: float = 0.0, worker_threads: int = 32) -> None:
        self.llm_delay = llm_delay
        self.worker_threads = worker_threads
        self.site = PageServer()
        self.slack = FakeSlack()
        self.llm = FakeOpenAIServer(api_key=LLM_KEY, default=self._answer)
        self._stack = contextlib.ExitStack()
        self.workdir = Path()
        self.redis_url = ""
        self.redis: redis.Redis | None = None

    def _answer(self, body: Any) -> Reply:
        if is_qa(body):  # a thread question: the answer a careful model gives
            return Reply.structured(grounded_answer(body), delay=self.llm_delay)
        return grounded_reply(body, delay=self.llm_delay)

    def __enter__(self) -> Stack:
        with contextlib.ExitStack() as stack:
            self.workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
            self.redis_url = stack.enter_context(redis_server(self.workdir))
            self.redis = stack.enter_context(redis.Redis.from_url(self.redis_url))
            stack.enter_context(self.site)
            stack.enter_context(self.slack)
            stack.enter_context(self.llm)
            self._stack = stack.pop_all()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stack.close()

    @property
    def client(self) -> redis.Redis:
        assert self.redis is not None, "Stack is not started"
        return self.redis

    def env(self, **extra: str) -> dict[str, str]:
        """Brief's settings as environment variables, as an operator would set them."""
        return {
            **clean_environ(),
            "REDIS_URL": self.redis_url,
            "SLACK_BOT_TOKEN": self.slack.token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": self.slack.api_url,
            "ENGINE": "openai",
            "OPENAI_API_KEY": LLM_KEY,
            "OPENAI_BASE_URL": self.llm.base_url,
            "OPENAI_MAX_RETRIES": "0",
            "OPENAI_TIMEOUT": "10",
            "FETCH_ALLOWED_NETWORKS": "127.0.0.0/8",
            "FETCH_TIMEOUT": "5",
            "WORKER_THREADS": str(self.worker_threads),
            "LOG_LEVEL": "INFO",
            **extra,
        }

    def web(self, **extra: str) -> WebProcess:
        return WebProcess(self.env(**extra), self.workdir)

    def worker(self, name: str = "worker", **extra: str) -> WorkerProcess:
        return WorkerProcess(self.env(**extra), self.workdir, name)

    def queued(self) -> int:
        """Jobs waiting in the queue (enqueued, not yet taken by a worker)."""
        return int(self.client.hlen(QUEUE_MESSAGES))


# --- talking to the web process like Slack --------------------------------------------


def http_request(
    port: int, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, bytes, float]:
    """One request on a fresh connection: (status, body, seconds from send to full response)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, data, time.perf_counter() - started
    finally:
        conn.close()


def send_command(port: int, body: bytes) -> tuple[int, bytes, float]:
    """A signed slash command, exactly as Slack posts it."""
    headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(body)}
    return http_request(port, "POST", "/slack/events", body, headers)


@dataclass(frozen=True)
class Sent:
    """One `/brief` as fired: when it was written (wall clock, as FakeSlack records calls)."""

    channel: str
    response_url: str
    at: float
    status: int
    body: bytes

    @property
    def acked(self) -> bool:
        return self.status == 200 and self.body.startswith(b"Briefing")


def fire(port: int, slack: FakeSlack, texts_and_channels: Sequence[tuple[str, str]]) -> list[Sent]:
    """Send every `/brief text` in `channel` at once (one thread each, released together)."""
    barrier = threading.Barrier(len(texts_and_channels))
    label = uuid.uuid4().hex[:8]

    def one(i: int) -> Sent:
        text, channel = texts_and_channels[i]
        response_url = slack.new_response_url()
        body = command_body(
            text,
            response_url=response_url,
            channel_id=channel,
            user_id=f"U{i:05d}",
            trigger_id=f"{label}.{i}",
        )
        barrier.wait(timeout=10)
        at = time.time()
        status, data, _ = send_command(port, body)
        return Sent(channel, response_url, at, status, data)

    with ThreadPoolExecutor(max_workers=len(texts_and_channels)) as pool:
        return list(pool.map(one, range(len(texts_and_channels))))


def wait_until(predicate: Callable[[], bool], *, timeout: float) -> bool:
    """Poll `predicate` every 50 ms; False if it never held within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def posts(slack: FakeSlack, channels: set[str]) -> list[Call]:
    """Accepted chat.postMessage calls in these channels."""
    return [
        c
        for c in slack.calls_to("chat.postMessage")
        if c.ok and c.params.get("channel") in channels
    ]


def replies(slack: FakeSlack, response_url: str) -> list[Call]:
    """Accepted posts to one response_url (the ephemeral replies), with their arrival times."""
    response_id = response_url.rsplit("/", 1)[-1]
    return [c for c in slack.calls_to(RESPONSE_URL) if c.ok and c.response_id == response_id]


def warm_up(stack: Stack, port: int, url: str) -> None:
    """One brief through web and worker before the clock starts: a long-running worker is warm."""
    delay, stack.llm_delay = stack.llm_delay, 0.0
    try:
        fire(port, stack.slack, [(url, "C0WARMUP")])
        if not wait_until(lambda: bool(posts(stack.slack, {"C0WARMUP"})), timeout=30):
            raise RuntimeError("the warm-up brief was never posted")
    finally:
        stack.llm_delay = delay


FERRY_PAGE = REPO / "tests" / "fixtures" / "pages" / "ferry-fares.html"
_BODY_MARK = b'<aside class="related">'


def ferry_page(variant: str | None = None) -> bytes:
    """The ferry-fares fixture page; a `variant` adds a sentence to the story, so its content
    hash (the cache and post key) differs from every other variant's."""
    html = FERRY_PAGE.read_bytes()
    if variant is None:
        return html
    assert _BODY_MARK in html, "the fixture page changed: update bench._harness.ferry_page"
    extra = f"<p>Editor's note {variant}: this version of the story was updated.</p>\n"
    return html.replace(_BODY_MARK, extra.encode() + _BODY_MARK, 1)


def serve_page(page: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    """A `PageServer` route answering 200 with this HTML."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        send(handler, 200, page)

    return route
