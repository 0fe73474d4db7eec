"""Ack latency of `/brief <url>`: `python -m bench.slack_ack`.

Slack gives a slash command 3 s; Brief's web process parses, records the
trigger id (`SET NX`), enqueues the job in Redis and acknowledges. This drives
the real web process (`python -m bot serve`, its own process and GIL, real
Redis) with signed requests, open loop, and measures each from the moment it
is written to the moment its response is complete. No worker runs: the jobs
pile up in Redis (counted, then dropped with the server).

1. 100 requests/s for 10 s, each with its own trigger id: p50/p90/p99/max.
2. Saturation: steps of higher rates, a few seconds each, until p99 > 100 ms.
3. Calibration: the same generator against a do-nothing ASGI app on the same
   uvicorn, at the target rates, to show what the generator and the HTTP stack
   manage on their own on this machine (if they cannot, neither could Brief).

The load generator (below) is open loop: request i is due at `start + i/rate`
whether or not earlier ones were answered, as Slack's traffic arrives. Requests
are signed and serialised before the clock starts, so the generator's work per
request is one write and one read on a keep-alive connection from a pool (a new
connection is opened when all are busy, as Slack would). It runs in this
process; the `lag` column (due -> written) shows when it, not the server, fell
behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import math
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass

from bench._harness import (
    Checks,
    ServerProcess,
    Stack,
    clean_environ,
    machine,
    ms,
    percentile,
    print_table,
    verdict,
)
from tests.slack_harness import command_body, sign

STEADY_RATE, STEADY_SECONDS = 100, 10
STEP_RATES = (200, 300, 400, 500, 600, 800, 1000, 1200, 1600)
CALIBRATION_RATES = (1000, 1600)
CALIBRATION_SECONDS = 2
STEP_SECONDS = 3
SATURATED_P99 = 0.100
TARGET_P99 = 0.005
TARGET_SATURATION = 1000
MAX_CONNECTIONS = 64
REQUEST_TIMEOUT = 5.0

Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


# --- the open-loop generator ----------------------------------------------------


@dataclass(frozen=True)
class Sample:
    due: float
    sent: float
    done: float
    status: int
    body: bytes

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.body.startswith(b"Briefing")


def build_requests(port: int, count: int, label: str) -> list[bytes]:
    """`count` signed `/brief` commands, each with its own trigger id, as raw HTTP/1.1."""
    requests = []
    for i in range(count):
        body = command_body(
            f"https://news.example/2025/story-{i % 50}",
            response_url=f"http://127.0.0.1:9/response/{label}-{i}",  # never called: no worker
            trigger_id=f"{label}.{i}",
            user_id=f"U{i % 40:04d}",
        )
        requests.append(raw_request(port, body, "application/x-www-form-urlencoded"))
    return requests


def raw_request(port: int, body: bytes, content_type: str) -> bytes:
    """A signed POST to /slack/events as raw HTTP/1.1 bytes, ready to write."""
    headers = {"Content-Type": content_type, **sign(body)}
    head = ["POST /slack/events HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    head += [f"{name}: {value}" for name, value in headers.items()]
    head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """(status, body, keep-alive). uvicorn always sends Content-Length for these responses."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    fields = dict(
        (name.strip().lower(), value.strip().lower())
        for name, _, value in (line.partition(":") for line in head[1:] if line)
    )
    if "content-length" not in fields:
        raise ValueError(f"no Content-Length in {head[0]!r}")
    body = await reader.readexactly(int(fields["content-length"]))
    return int(head[0].split(" ", 2)[1]), body, fields.get("connection") != "close"


class Pool:
    """Idle keep-alive connections; a new one is opened (up to `limit`) when all are busy."""

    def __init__(self, port: int, limit: int) -> None:
        self.port, self.limit, self.opened = port, limit, 0
        self._live = 0
        self._idle: asyncio.Queue[Connection] = asyncio.Queue()

    async def acquire(self) -> Connection:
        if self._idle.empty() and self._live < self.limit:
            self._live += 1
            self.opened += 1
            try:
                return await asyncio.open_connection("127.0.0.1", self.port)
            except BaseException:
                self._live -= 1
                raise
        return await self._idle.get()

    def release(self, conn: Connection, *, reuse: bool) -> None:
        if reuse:
            self._idle.put_nowait(conn)
        else:
            self._live -= 1
            conn[1].close()

    async def close(self) -> None:
        while not self._idle.empty():
            _, writer = self._idle.get_nowait()
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


async def _one(pool: Pool, request: bytes, due: float) -> Sample:
    loop = asyncio.get_running_loop()
    conn: Connection | None = None
    sent = loop.time()
    try:
        async with asyncio.timeout(REQUEST_TIMEOUT):
            conn = await pool.acquire()
            sent = loop.time()
            conn[1].write(request)
            status, body, keep_alive = await read_response(conn[0])
    except (OSError, TimeoutError, ValueError, asyncio.IncompleteReadError) as exc:
        if conn is not None:
            pool.release(conn, reuse=False)
        return Sample(due, sent, loop.time(), 0, repr(exc).encode())
    pool.release(conn, reuse=keep_alive)
    return Sample(due, sent, loop.time(), status, body)


async def _open_loop(port: int, requests: Sequence[bytes], rate: float) -> list[Sample]:
    loop = asyncio.get_running_loop()
    pool = Pool(port, MAX_CONNECTIONS)
    for conn in [await pool.acquire() for _ in range(8)]:
        pool.release(conn, reuse=True)
    start = loop.time() + 0.05
    tasks: list[asyncio.Task[Sample]] = []
    try:
        for i, request in enumerate(requests):
            due = start + i / rate
            if (wait := due - loop.time()) > 0:
                await asyncio.sleep(wait)
            tasks.append(asyncio.create_task(_one(pool, request, due)))
        return list(await asyncio.gather(*tasks))
    finally:
        for task in tasks:
            task.cancel()
        await pool.close()


def open_loop(port: int, requests: Sequence[bytes], rate: float) -> list[Sample]:
    """Send every request at `rate`/s regardless of answers; bounded by REQUEST_TIMEOUT each."""
    return asyncio.run(_open_loop(port, requests, rate))


# --- measuring ------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    rate: int
    samples: list[Sample]
    wall: float
    server_cpu: float
    generator_cpu: float

    @property
    def ok(self) -> list[Sample]:
        return [s for s in self.samples if s.ok]

    def latency(self, q: float) -> float:
        return percentile([s.done - s.sent for s in self.ok], q)

    @property
    def p99(self) -> float:
        return self.latency(99) if len(self.ok) == len(self.samples) else float("inf")

    def row(self) -> list[object]:
        lags = [s.sent - s.due for s in self.samples]
        return [
            self.rate,
            len(self.samples),
            len(self.samples) - len(self.ok),
            f"{len(self.ok) / self.wall:.0f}",
            ms(self.latency(50)),
            ms(self.latency(90)),
            ms(self.latency(99)),
            ms(self.latency(100)),
            ms(percentile(lags, 99)),
            f"{self.server_cpu:.0%}",
            ms(self.server_cpu * self.wall / len(self.ok) if self.ok else math.nan),
            f"{self.generator_cpu:.0%}",
        ]


HEADERS = [
    "offered req/s",
    "requests",
    "errors",
    "answered/s",
    "p50 ms",
    "p90 ms",
    "p99 ms",
    "max ms",
    "p99 lag ms",
    "web CPU",
    "web CPU ms/req",
    "generator CPU",
]


# A do-nothing ASGI app under the same uvicorn: what the generator and HTTP stack manage alone.
CALIBRATION_APP = """
import os, uvicorn
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    headers = [(b"content-type", b"text/plain;charset=utf-8"), (b"content-length", b"11")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"Briefing ok"})
uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning",
            access_log=False)
"""


def measure(server: ServerProcess, rate: int, seconds: float, label: str) -> Run:
    requests = build_requests(server.port, int(rate * seconds), label)
    cpu0, gen0, wall0 = server.cpu_seconds(), time.process_time(), time.perf_counter()
    samples = open_loop(server.port, requests, rate)
    wall = time.perf_counter() - wall0
    return Run(
        rate,
        samples,
        wall,
        (server.cpu_seconds() - cpu0) / wall,
        (time.process_time() - gen0) / wall,
    )


def http_stack() -> str:
    fast = [name for name in ("httptools", "uvloop") if importlib.util.find_spec(name)]
    return "uvicorn with " + (" + ".join(fast) if fast else "h11 + asyncio (no httptools/uvloop)")


def main() -> int:
    print("\n## slack_ack: acknowledging `/brief <url>`\n")
    print(
        f"Web process: `python -m bot serve` ({http_stack()}, one process, LOG_LEVEL=INFO) "
        f"in its own process, real redis-server. NO worker runs: jobs queue up in Redis and "
        f"are dropped afterwards. Open-loop generator (asyncio, raw HTTP/1.1 keep-alive, "
        f"≤{MAX_CONNECTIONS} connections) in the benchmark process. Latency = request "
        f"written -> response complete; lag = due -> written (the generator's own delay); "
        f"CPU from /proc. {machine()}."
    )
    checks = Checks()
    with Stack() as stack:
        # BENCH_WEB_CONCURRENCY=N runs N web processes on the port (WEB_CONCURRENCY).
        processes = os.environ.get("BENCH_WEB_CONCURRENCY", "1")
        with stack.web(WEB_CONCURRENCY=processes) as web:
            measure(web, STEADY_RATE, 1, "warmup")
            stack.client.flushdb()
            steady = measure(web, STEADY_RATE, STEADY_SECONDS, "steady")
            checks.expect("acks 'Briefing …' at 100 req/s", len(steady.ok), len(steady.samples))
            checks.expect("jobs queued in Redis (no worker)", stack.queued(), len(steady.samples))
            stack.client.flushdb()
            print_table(f"{STEADY_RATE} req/s for {STEADY_SECONDS} s", HEADERS, [steady.row()])

            steps: list[Run] = []
            for rate in STEP_RATES:
                time.sleep(1)  # let the previous step's stragglers drain
                steps.append(measure(web, rate, STEP_SECONDS, f"step{rate}"))
                stack.client.flushdb()
                if steps[-1].p99 > SATURATED_P99:
                    break
            title = f"Saturation: {STEP_SECONDS} s per step, until p99 > 100 ms"
            print_table(title, HEADERS, [r.row() for r in steps])

        calibration = ServerProcess(
            ["-c", CALIBRATION_APP], clean_environ(), stack.workdir, "calibration", health="/"
        )
        with calibration:
            runs = []
            for rate in CALIBRATION_RATES:
                time.sleep(1)
                runs.append(measure(calibration, rate, CALIBRATION_SECONDS, f"cal{rate}"))
        print_table(
            "Calibration: the same generator against a do-nothing app on the same uvicorn",
            HEADERS,
            [r.row() for r in runs],
        )

    sustained = max((r.rate for r in steps if r.p99 <= SATURATED_P99), default=0)
    crossed = next((r.rate for r in steps if r.p99 > SATURATED_P99), None)
    where = f"between {sustained} and {crossed} req/s" if crossed else f"above {sustained} req/s"
    print_table(
        "slack_ack targets",
        ["target", "measured", "result"],
        [
            [
                f"p99 ≤ {TARGET_P99 * 1000:.0f} ms at {STEADY_RATE} req/s",
                f"{ms(steady.p99)} ms",
                verdict(steady.p99 <= TARGET_P99),
            ],
            [
                f"saturation (p99 > 100 ms) ≥ {TARGET_SATURATION} req/s",
                f"p99 passes 100 ms {where}",
                verdict(sustained >= TARGET_SATURATION),
            ],
        ],
    )
    checks.print("slack_ack checks")
    return 0 if checks.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
