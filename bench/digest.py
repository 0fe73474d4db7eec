"""The daily digest of a busy day: `python -m bench.digest`.

Web and worker processes as deployed, real Redis, the fake Slack and model. 200 different
articles are briefed with `/brief` across 20 channels (200 model calls); then the day's
digest job is queued and timed from the enqueue to its last message in Slack. Every line
comes from the briefs recorded when they were posted, so the digest makes no model call;
what does not fit the main post goes in replies in its thread.
"""

from __future__ import annotations

import time

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
)
from bot.job_messages import DigestJob
from bot.queue import build_broker, enqueue
from tests.fakes.slack_workspace import TEAM_ID

ARTICLES = 200
CHANNELS = 20
DIGEST = "C0DIGEST"
TEAM = TEAM_ID  # the digest's workspace is the bot token's (auth.test)


def main() -> int:
    print(f"\n## digest: the digest of {ARTICLES} briefed articles\n")
    print(
        f"Web and one worker process, real Redis, fake Slack and model (answering at once); "
        f"{ARTICLES} articles briefed across {CHANNELS} channels first. {machine()}."
    )
    checks = Checks()
    with Stack() as stack:
        for n in range(ARTICLES):
            stack.site.routes[f"/story/{n}"] = serve_page(ferry_page(f"story {n}"))
        extra = {"RATE_LIMIT_PER_USER": "10000", "RATE_LIMIT_PER_CHANNEL": "10000"}
        with stack.web(**extra) as web, stack.worker(**extra):
            channels = [f"C0DESK{i:02d}" for i in range(CHANNELS)]
            for start in range(0, ARTICLES, 50):
                fire(
                    web.port,
                    stack.slack,
                    [
                        (stack.site.url(f"/story/{n}"), channels[n % CHANNELS])
                        for n in range(start, min(start + 50, ARTICLES))
                    ],
                )
            briefed = wait_until(
                lambda: len(posts(stack.slack, set(channels))) >= ARTICLES, timeout=120
            )
            checks.expect("articles briefed", briefed, True)
            # Each job records its brief for the digest just after posting it: wait for all.
            wait_until(lambda: len(stack.client.keys("brief:done:*")) >= ARTICLES, timeout=30)
            calls_before = len(stack.llm.requests)
            job = DigestJob(
                request_id="bench-digest",
                team_id=TEAM,
                channel_id=DIGEST,
                user_id="",
                date=time.strftime("%Y-%m-%d", time.gmtime()),
                on_demand=True,
            )
            started = time.time()
            enqueue(build_broker(stack.client), job)

            def listed() -> int:
                return sum(
                    1
                    for m in stack.slack.messages(DIGEST)
                    for b in m.get("blocks", [])
                    if str(b.get("block_id", "")).startswith("digest-b")
                    and str(b["block_id"])[8:].isdigit()
                )

            wait_until(lambda: listed() >= ARTICLES, timeout=60)
            messages = stack.slack.messages(DIGEST)
            ended = max((float(m["ts"]) for m in messages), default=started)
            checks.expect("articles listed in the digest", listed(), ARTICLES)
            checks.expect("model calls for the digest", len(stack.llm.requests) - calls_before, 0)
            checks.expect(
                "a main post, the rest in its thread",
                all(m.get("thread_ts") == messages[0]["ts"] for m in messages[1:]),
                True,
            )
    print_table(
        "Digest of a busy day",
        ["articles", "messages (main + replies)", "model calls", "enqueue -> last message"],
        [
            [
                ARTICLES,
                len(messages),
                len(stack.llm.requests) - calls_before,
                f"{ended - started:.2f} s",
            ]
        ],
    )
    checks.print("digest checks")
    return 0 if checks.ok else 1
