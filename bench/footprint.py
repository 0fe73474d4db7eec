"""What Brief costs to keep running: `python -m bench.footprint`.

- Memory of each process (resident set, from /proc) idle and after work, and what one more
  worker thread costs (a worker with 8 threads beside one with 32).
- Redis bytes per cached article, per posted brief and per thread's memory (`MEMORY
  USAGE` of each kind of key after 20 briefs and 5 threads of 10 questions), and the
  longest TTL of each kind: every key Brief writes expires, so a quiet week leaves nothing
  but what the longest TTL keeps.
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

from bench._harness import (
    Checks,
    Stack,
    ferry_page,
    fire,
    http_request,
    machine,
    posts,
    print_table,
    serve_page,
    wait_until,
)
from tests.slack_harness import event_body, sign

ARTICLES = 20
THREADS = 5
QUESTIONS = 10


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def kind(key: str) -> str:
    """A key's kind: its prefix up to the first id (`brief:draft`, `brief:thread`, …)."""
    parts = key.split(":")
    return ":".join(parts[:3]) if parts[1] in {"article", "seen", "digest"} else ":".join(parts[:2])


def main() -> int:
    print("\n## footprint: memory per process, Redis bytes per item, and TTLs\n")
    print(f"Web and worker processes as deployed, real Redis, the fakes. {machine()}.")
    checks = Checks()
    extra = {"RATE_LIMIT_PER_USER": "10000", "RATE_LIMIT_PER_CHANNEL": "10000"}
    with Stack() as stack:
        for n in range(ARTICLES):
            stack.site.routes[f"/s/{n}"] = serve_page(ferry_page(f"variant {n}"))
        with (
            stack.web(**extra) as web,
            stack.worker(**extra) as worker,
            stack.worker("worker-small", **extra, WORKER_THREADS="8") as small,
        ):
            time.sleep(1)
            idle = {"web": rss_mb(web.proc.pid), "worker (32 threads)": rss_mb(worker.proc.pid)}
            idle["worker (8 threads)"] = rss_mb(small.proc.pid)
            fire(
                web.port,
                stack.slack,
                [(stack.site.url(f"/s/{n}"), "C0FOOT") for n in range(ARTICLES)],
            )
            wait_until(lambda: len(posts(stack.slack, {"C0FOOT"})) >= ARTICLES, timeout=60)
            roots = [str(c.response["ts"]) for c in posts(stack.slack, {"C0FOOT"})][:THREADS]
            wait_until(lambda: bool(stack.client.keys("brief:thread:*")), timeout=10)
            for root in roots:
                for q in range(QUESTIONS):
                    message = stack.slack.user_message(
                        "C0FOOT",
                        "U0REPORTER",
                        f"<@U0BRIEFBOT> who chairs the authority? {q}",
                        thread_ts=root,
                    )
                    event = {
                        "type": "app_mention", "user": "U0REPORTER", "text": message["text"],
                        "ts": message["ts"], "thread_ts": root, "channel": "C0FOOT",
                    }  # fmt: skip
                    body = event_body(event)
                    headers = {"Content-Type": "application/json", **sign(body)}
                    http_request(web.port, "POST", "/slack/events", body, headers)
            wait_until(
                lambda: (
                    sum(stack.client.llen(k) for k in stack.client.keys("brief:conversation:*"))
                    >= THREADS * QUESTIONS
                ),
                timeout=120,
            )
            busy = {"web": rss_mb(web.proc.pid), "worker (32 threads)": rss_mb(worker.proc.pid)}
            busy["worker (8 threads)"] = rss_mb(small.proc.pid)
            sizes: dict[str, list[int]] = defaultdict(list)
            ttls: dict[str, int] = {}
            forever = []
            for raw in stack.client.scan_iter("brief:*"):
                key = raw.decode()
                sizes[kind(key)].append(int(stack.client.memory_usage(key) or 0))
                ttl = int(stack.client.ttl(key))
                if ttl < 0:
                    forever.append(key)
                ttls[kind(key)] = max(ttls.get(kind(key), 0), ttl)
            checks.expect("Brief's keys without a TTL", forever, [])
    print_table(
        "Resident memory per process (MB)",
        ["process", "idle", f"after {ARTICLES} briefs and {THREADS * QUESTIONS} answers"],
        [[name, f"{idle[name]:.0f}", f"{busy[name]:.0f}"] for name in idle],
    )
    print_table(
        "Redis bytes by kind of key (MEMORY USAGE), and the longest TTL",
        ["key kind", "keys", "bytes each (mean)", "bytes in all", "longest TTL (days)"],
        [
            [
                name,
                len(values),
                f"{sum(values) / len(values):.0f}",
                sum(values),
                f"{ttls[name] / 86400:.1f}",
            ]
            for name, values in sorted(sizes.items(), key=lambda item: -sum(item[1]))
        ],
    )
    checks.print("footprint checks")
    return 0 if checks.ok else 1
