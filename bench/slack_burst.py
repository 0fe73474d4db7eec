"""A breaking story: 50 people `/brief` the same link at once, from 10 channels.

`python -m bench.slack_burst`. Brief runs as deployed: `python -m bot serve` and
one `python -m bot worker` (its default 32 threads), real Redis, the fake LLM
answering after 2 s, the fake news site and the fake Slack on loopback.

What must happen: one fetch and one LLM call in all (single-flight and the
cache); one brief posted in each of the 10 channels (the channel-post ledger);
the other 40 requesters each get an ephemeral link to their channel's brief
(response_url). Time to answer = from writing the request to the post or the
ephemeral reply reaching Slack (FakeSlack records when each call arrives); the
requester whose job posted is answered by the post.
"""

from __future__ import annotations

import time

from bench._harness import (
    Checks,
    Sent,
    Stack,
    ferry_page,
    fire,
    machine,
    ms,
    percentile,
    posts,
    print_table,
    replies,
    serve_page,
    verdict,
    wait_until,
    warm_up,
)
from tests.fakes.slack_api import RESPONSE_URL, FakeSlack

REQUESTS, CHANNELS = 50, 10
LLM_DELAY = 2.0
TARGET_P99 = 2.3


def answer_times(slack: FakeSlack, sent: list[Sent]) -> list[float]:
    """Seconds from each request to its answer: its ephemeral reply, or its channel's post."""
    times = []
    post_at = {str(c.params["channel"]): c.time for c in posts(slack, {s.channel for s in sent})}
    for s in sent:
        got = replies(slack, s.response_url)
        if got:
            times.append(got[0].time - s.at)
    for channel, at in post_at.items():
        unanswered = [
            s for s in sent if s.channel == channel and not replies(slack, s.response_url)
        ]
        if len(unanswered) == 1:  # the requester whose job posted
            times.append(at - unanswered[0].at)
    return times


def timeline(stack: Stack, sent: list[Sent], llm_before: int) -> list[list[str]]:
    """When the LLM was asked and answered, and when Slack heard back, from the first request."""
    start = min(s.at for s in sent)
    to_wall = time.time() - time.monotonic()  # the fake LLM records monotonic times
    asked = [r.received_at + to_wall - start for r in stack.llm.records[llm_before:]]
    calls = posts(stack.slack, {s.channel for s in sent})
    linked = [c for s in sent for c in replies(stack.slack, s.response_url)]
    rows = [["requests written (spread)", ms(max(s.at for s in sent) - start)]]
    if asked:
        rows.append(["LLM request arrives (ack, queue pick-up, fetch, extract)", ms(asked[0])])
        rows.append(["LLM answers (fake delay)", ms(asked[0] + LLM_DELAY)])
    if calls:
        rows.append(["first post", ms(min(c.time for c in calls) - start)])
        rows.append(["last post", ms(max(c.time for c in calls) - start)])
    if linked:
        rows.append(["last ephemeral link", ms(max(c.time for c in linked) - start)])
    return rows


def main() -> int:
    print(f"\n## slack_burst: {REQUESTS} × `/brief` of one link from {CHANNELS} channels\n")
    print(
        f"Web and one worker process (32 threads), real Redis; fake LLM answers after "
        f"{LLM_DELAY:.0f} s. Worker warmed by one unrelated brief first. {machine()}."
    )
    checks = Checks()
    with Stack(llm_delay=LLM_DELAY) as stack:
        stack.site.routes["/ferry"] = serve_page(ferry_page())
        stack.site.routes["/warmup"] = serve_page(ferry_page("warm-up"))
        with stack.web() as web, stack.worker():
            warm_up(stack, web.port, stack.site.url("/warmup"))
            llm_before = len(stack.llm.requests)
            url = stack.site.url("/ferry")
            channels = [f"C0BURST{i}" for i in range(CHANNELS)]
            sent = fire(
                web.port, stack.slack, [(url, channels[i % CHANNELS]) for i in range(REQUESTS)]
            )

            def done() -> bool:
                linked = sum(1 for c in stack.slack.calls_to(RESPONSE_URL) if c.ok)
                return (
                    len(posts(stack.slack, set(channels))) >= CHANNELS
                    and linked >= REQUESTS - CHANNELS
                )

            wait_until(done, timeout=30)
            wait_until(lambda: False, timeout=0.5)  # let any duplicate arrive before counting
            posted = posts(stack.slack, set(channels))
            linked = [c for s in sent for c in replies(stack.slack, s.response_url)]
            checks.expect("acks 'Briefing …'", sum(s.acked for s in sent), REQUESTS)
            checks.expect(
                "article fetches", sum(1 for r in stack.site.seen if r["path"] == "/ferry"), 1
            )
            checks.expect("LLM calls", len(stack.llm.requests) - llm_before, 1)
            checks.expect("briefs posted", len(posted), CHANNELS)
            checks.expect(
                "channels with a post", len({c.params["channel"] for c in posted}), CHANNELS
            )
            checks.expect("ephemeral replies", len(linked), REQUESTS - CHANNELS)
            checks.expect(
                "… of them links to the channel's brief",
                sum("already briefed" in str(c.params.get("text")) for c in linked),
                REQUESTS - CHANNELS,
            )
            times = answer_times(stack.slack, sent)
            phases = timeline(stack, sent, llm_before)
    checks.expect("requests with a measured answer", len(times), REQUESTS)
    p99 = percentile(times, 99)
    print_table(
        "Time to answer (request written -> post or ephemeral link at Slack)",
        ["answers", "p50 ms", "p90 ms", "p99 ms", "max ms", f"target p99 ≤ {TARGET_P99} s"],
        [
            [
                len(times),
                ms(percentile(times, 50)),
                ms(percentile(times, 90)),
                ms(p99),
                ms(percentile(times, 100)),
                verdict(p99 <= TARGET_P99),
            ]
        ],
    )
    print_table("Where the time went (from the first request written)", ["step", "ms"], phases)
    checks.print("slack_burst checks")
    return 0 if checks.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
