"""Ack latency of a mention (`app_mention`, thread Q&A): `python -m bench.mention_ack`.

Slack gives an event 3 s. For a mention Brief's web process checks the signature, records
the event id (`SET NX`, so a redelivery is dropped), checks the rate limits, takes the
question's place in its thread's order and enqueues a `MentionJob`, then acknowledges.
This drives the real web process (`python -m bot serve`, its own process, real Redis) with
signed `event_callback` requests, open loop, exactly as `bench.slack_ack` drives `/brief`,
and measures each from the moment it is written to the moment its response is complete.
No worker runs: the jobs pile up in Redis (counted, then dropped).
"""

from __future__ import annotations

import time

from bench._harness import Checks, Stack, machine, ms, percentile, print_table, verdict
from bench.slack_ack import MAX_CONNECTIONS, Sample, http_stack, open_loop, raw_request
from tests.slack_harness import event_body

RATES = (100, 300)
SECONDS = 10
TARGET_P99 = 0.005
BOT = "U0BRIEFBOT"


def build_requests(port: int, count: int, label: str) -> list[bytes]:
    """`count` signed mentions, each its own event and message, in 50 threads."""
    requests = []
    now = time.time()
    for i in range(count):
        event: dict[str, object] = {
            "type": "app_mention",
            "user": f"U{i % 40:04d}",
            "text": f"<@{BOT}> who chairs the harbour authority? ({i})",
            "ts": f"{now + i / 1000:.6f}",
            "thread_ts": f"{now - 3600 + i % 50:.6f}",
            "channel": f"C{i % 10:04d}",
        }
        body = event_body(event, event_id=f"Ev{label}{i}")
        requests.append(raw_request(port, body, "application/json"))
    return requests


def _acked(sample: Sample) -> bool:
    return sample.status == 200


def main() -> int:
    print("\n## mention_ack: acknowledging a mention in a brief's thread\n")
    print(
        f"Web process: `python -m bot serve` ({http_stack()}, one process, LOG_LEVEL=INFO), "
        f"real redis-server, NO worker (jobs queue up in Redis). Open-loop generator, raw "
        f"HTTP/1.1 keep-alive, ≤{MAX_CONNECTIONS} connections. {machine()}."
    )
    checks = Checks()
    rows = []
    steady_p99 = float("nan")
    limits = {"RATE_LIMIT_PER_USER": "10000", "RATE_LIMIT_PER_CHANNEL": "10000"}
    with Stack() as stack, stack.web(**limits) as web:
        open_loop(web.port, build_requests(web.port, 100, "warm"), 100)
        stack.client.flushdb()
        for rate in RATES:
            requests = build_requests(web.port, rate * SECONDS, f"r{rate}")
            started = time.perf_counter()
            samples = open_loop(web.port, requests, rate)
            wall = time.perf_counter() - started
            ok = [s for s in samples if _acked(s)]
            latencies = [s.done - s.sent for s in ok]
            checks.expect(f"mentions acked at {rate}/s", len(ok), len(samples))
            checks.expect(f"jobs queued at {rate}/s (no worker)", stack.queued(), len(samples))
            stack.client.flushdb()
            p99 = percentile(latencies, 99)
            rows.append(
                [
                    rate,
                    len(samples),
                    f"{len(ok) / wall:.0f}",
                    ms(percentile(latencies, 50)),
                    ms(percentile(latencies, 90)),
                    ms(p99),
                    ms(max(latencies, default=float("nan"))),
                ]
            )
            if rate == RATES[0]:
                steady_p99 = p99
        print_table(
            f"Mentions, open loop, {SECONDS} s per rate",
            ["offered/s", "mentions", "acked/s", "p50 ms", "p90 ms", "p99 ms", "max ms"],
            rows,
        )
    print_table(
        "mention_ack targets",
        ["target", "measured", "result"],
        [
            [
                f"p99 ack at 100/s ≤ {ms(TARGET_P99)} ms",
                ms(steady_p99),
                verdict(steady_p99 <= TARGET_P99),
            ]
        ],
    )
    checks.print("mention_ack checks")
    return 0 if checks.ok else 1
