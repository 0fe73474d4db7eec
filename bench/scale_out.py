"""Scale-out: where more processes help. `python -m bench.scale_out`.

80 different links at once (each a distinct article: its own fetch, model call and post),
the fake model answering after 2 s, workers with 8 threads each so that threads, not the
model, are the limit: 1, 2 and 4 worker processes behind one web process, and 4 workers
behind two. Reported: the time until all 80 are posted, briefs per second, and the machine's
CPU while it ran. Throughput grows with workers until the CPU (extraction and the claims
gate, ~0.1 s of CPU a brief) or the model's concurrency is what is left.
"""

from __future__ import annotations

import os
import time
from contextlib import ExitStack

from bench._harness import (
    Checks,
    Stack,
    ferry_page,
    fire,
    machine,
    posts,
    print_table,
    serve_page,
    wait_until,
    warm_up,
)

ARTICLES = 80
LLM_DELAY = 2.0
THREADS = "8"
CONFIGS = ((1, 1), (1, 2), (1, 4), (2, 4))
"""(web processes, worker processes)"""


def cpu_busy() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    fields = [float(x) for x in open("/proc/stat").readline().split()[1:]]  # noqa: SIM115
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def main() -> int:
    print(f"\n## scale_out: {ARTICLES} different links at once, 1 to 4 worker processes\n")
    print(
        f"Workers of {THREADS} threads; fake model answering after {LLM_DELAY:.0f} s; real "
        f"Redis; all on one machine: {machine()}."
    )
    checks = Checks()
    rows = []
    for webs, workers in CONFIGS:
        with Stack(llm_delay=LLM_DELAY) as stack:
            for n in range(ARTICLES):
                stack.site.routes[f"/a/{n}"] = serve_page(ferry_page(f"scale {n}"))
            stack.site.routes["/warmup"] = serve_page(ferry_page("warm-up"))
            extra = {
                "WORKER_THREADS": THREADS,
                "WEB_CONCURRENCY": str(webs),
                "RATE_LIMIT_PER_USER": "10000",
                "RATE_LIMIT_PER_CHANNEL": "10000",
            }
            with ExitStack() as processes:
                web = processes.enter_context(stack.web(**extra))
                for n in range(workers):
                    processes.enter_context(stack.worker(f"worker-{n}", **extra))
                warm_up(stack, web.port, stack.site.url("/warmup"))
                channels = [f"C0S{n:03d}" for n in range(ARTICLES)]
                busy0, total0 = cpu_busy()
                started = time.time()
                fire(
                    web.port,
                    stack.slack,
                    [(stack.site.url(f"/a/{n}"), channels[n]) for n in range(ARTICLES)],
                )
                wanted = set(channels)
                done = wait_until(
                    lambda: len(posts(stack.slack, wanted)) >= ARTICLES,  # noqa: B023
                    timeout=120,
                )
                posted = posts(stack.slack, set(channels))
                ended = max((c.time for c in posted), default=started)
                busy1, total1 = cpu_busy()
        checks.expect(f"all posted ({webs} web, {workers} workers)", done, True)
        seconds = ended - started
        rows.append(
            [
                webs,
                workers,
                int(THREADS) * workers,
                f"{seconds:.1f}",
                f"{ARTICLES / seconds:.1f}",
                f"{(busy1 - busy0) / (total1 - total0):.0%}",
            ]
        )
        print(f"  {webs} web, {workers} workers: {seconds:.1f} s", flush=True)
    print_table(
        f"{ARTICLES} briefs at once, model {LLM_DELAY:.0f} s (ideal with N threads: "
        f"⌈{ARTICLES}/N⌉ × {LLM_DELAY:.0f} s)",
        [
            "web processes",
            "worker processes",
            "threads",
            "all posted (s)",
            "briefs/s",
            "machine CPU",
        ],
        rows,
    )
    print(f"({os.cpu_count()} cores.)")
    checks.print("scale_out checks")
    return 0 if checks.ok else 1
