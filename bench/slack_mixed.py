"""A busy newsroom: 20 different links briefed at once. `python -m bench.slack_mixed`.

Brief runs as deployed: `python -m bot serve` and ONE `python -m bot worker`
(its default 32 threads), real Redis, the fake LLM answering after 2 s. The 20
pages are the ferry-fares fixture at /ferry/<n>, each with its own added
sentence, so every one is a different article (its own fetch, content hash,
LLM call and post). Each request comes from its own channel, so each post maps
to its request. Target: every brief posted within 6 s of the requests.
"""

from __future__ import annotations

from bench._harness import (
    Checks,
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

ARTICLES = 20
LLM_DELAY = 2.0
TARGET_SECONDS = 6.0


def main() -> int:
    print(f"\n## slack_mixed: {ARTICLES} different links at once, one worker process\n")
    print(
        f"Web and ONE worker process (32 threads), real Redis; fake LLM answers after "
        f"{LLM_DELAY:.0f} s; each link a distinct article. Worker warmed by one unrelated "
        f"brief first. {machine()}."
    )
    checks = Checks()
    with Stack(llm_delay=LLM_DELAY) as stack:
        for n in range(ARTICLES):
            stack.site.routes[f"/ferry/{n}"] = serve_page(ferry_page(f"{n}"))
        stack.site.routes["/warmup"] = serve_page(ferry_page("warm-up"))
        with stack.web() as web, stack.worker():
            warm_up(stack, web.port, stack.site.url("/warmup"))
            llm_before = len(stack.llm.requests)
            channels = [f"C0DESK{n}" for n in range(ARTICLES)]
            sent = fire(
                web.port,
                stack.slack,
                [(stack.site.url(f"/ferry/{n}"), channels[n]) for n in range(ARTICLES)],
            )
            wait_until(lambda: len(posts(stack.slack, set(channels))) >= ARTICLES, timeout=30)
            wait_until(lambda: False, timeout=0.5)  # let any duplicate arrive before counting
            posted = posts(stack.slack, set(channels))
            paths = [r["path"] for r in stack.site.seen if r["path"].startswith("/ferry/")]
            checks.expect("acks 'Briefing …'", sum(s.acked for s in sent), ARTICLES)
            checks.expect("article fetches", len(paths), ARTICLES)
            checks.expect("distinct articles fetched", len(set(paths)), ARTICLES)
            checks.expect("LLM calls", len(stack.llm.requests) - llm_before, ARTICLES)
            checks.expect("briefs posted", len(posted), ARTICLES)
            checks.expect(
                "channels with a post", len({c.params["channel"] for c in posted}), ARTICLES
            )
            checks.expect(
                "ephemeral replies (errors)",
                sum(len(replies(stack.slack, s.response_url)) for s in sent),
                0,
            )
            post_at = {str(c.params["channel"]): c.time for c in posted}
            times = [post_at[s.channel] - s.at for s in sent if s.channel in post_at]
    first_sent = min(s.at for s in sent)
    all_posted = max(post_at.values()) - first_sent if len(post_at) == ARTICLES else float("inf")
    print_table(
        "Time to post (request written -> brief posted at Slack)",
        [
            "posts",
            "p50 ms",
            "p90 ms",
            "max ms",
            "all posted after",
            f"target all ≤ {TARGET_SECONDS:.0f} s",
        ],
        [
            [
                len(times),
                ms(percentile(times, 50)),
                ms(percentile(times, 90)),
                ms(percentile(times, 100)),
                f"{all_posted:.2f} s",
                verdict(all_posted <= TARGET_SECONDS),
            ]
        ],
    )
    checks.print("slack_mixed checks")
    return 0 if checks.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
