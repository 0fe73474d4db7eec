"""How long a thread answer takes beyond the model's own time: `python -m bench.answer_time`.

The real web process and worker (`python -m bot serve`, `python -m bot worker`, their own
processes, real Redis), the fake Slack and a fake model that answers after a set delay.
A brief is posted with `/brief`; then questions are mentioned in its thread one after
another, and each is timed from the event being sent to the final answer standing in the
thread (checked, rendered, the stream closed and replaced). With a model that answers at
once, that time is all Brief's own (plus loopback HTTP); with a 1 s model, the difference
from 1 s is. The offline (extractive) engine is timed the same way.

Also: the prompt a 30-turn thread sends, in estimated tokens (`bench.prompt_tokens`'s
heuristic): the memory is trimmed to QA_MEMORY_TOKENS, so it stays flat however long the
thread runs.
"""

from __future__ import annotations

import json
import time
from typing import Any

from bench._harness import (
    Checks,
    Stack,
    ferry_page,
    http_request,
    machine,
    ms,
    percentile,
    print_table,
    send_command,
    serve_page,
    wait_until,
)
from bench.prompt_tokens import estimate_tokens
from tests.fakes.llm_replies import is_qa
from tests.slack_harness import command_body, event_body, sign

QUESTIONS = (
    "who chairs the harbour authority?",
    "how much will a return ticket cost?",
    "what did Ines Baptiste say after the meeting?",
    "when is the third vessel due?",
    "why did diesel use go up?",
)
ROUNDS = 6  # 30 questions per configuration: also the 30-turn thread
BOT = "U0BRIEFBOT"
CHANNEL = "C0BENCH"
MEMORY_TOKENS = 1500


def _final(stack: Stack, thread: str, count: int) -> bool:
    replies = [
        m for m in stack.slack.messages(CHANNEL) if m.get("thread_ts") == thread and "bot_id" in m
    ]
    return len(replies) >= count and bool(replies[-1].get("blocks"))


def _ask(stack: Stack, port: int, thread: str, question: str, n: int) -> float:
    message = stack.slack.user_message(
        CHANNEL, "U0REPORTER", f"<@{BOT}> {question}", thread_ts=thread
    )
    event: dict[str, object] = {
        "type": "app_mention",
        "user": "U0REPORTER",
        "text": message["text"],
        "ts": message["ts"],
        "thread_ts": thread,
        "channel": CHANNEL,
    }
    body = event_body(event)
    headers = {"Content-Type": "application/json", **sign(body)}
    started = time.perf_counter()
    status, _, _ = http_request(port, "POST", "/slack/events", body, headers)
    assert status == 200
    deadline = started + 30
    while not _final(stack, thread, n):  # polled every 2 ms: the figure is not the poll's
        if time.perf_counter() > deadline:
            raise RuntimeError(f"question {n} was not answered")
        time.sleep(0.002)
    return time.perf_counter() - started


def _brief(stack: Stack, port: int) -> str:
    body = command_body(
        stack.site.url("/ferry"), response_url=stack.slack.new_response_url(), channel_id=CHANNEL
    )
    send_command(port, body)

    def root() -> list[dict[str, Any]]:
        return [m for m in stack.slack.messages(CHANNEL) if "bot_id" in m and "thread_ts" not in m]

    if not wait_until(lambda: bool(root()), timeout=30):
        raise RuntimeError("the brief was not posted")
    return str(root()[0]["ts"])


BRIEFS = 20


def _brief_times(stack: Stack, port: int) -> list[float]:
    """`/brief` of 20 different articles, one after another: command sent -> brief posted."""
    times = []
    for n in range(BRIEFS):
        stack.site.routes[f"/story/{n}"] = serve_page(ferry_page(f"story {n}"))
        before = len(stack.slack.messages("C0BRIEFS"))
        body = command_body(
            stack.site.url(f"/story/{n}"),
            response_url=stack.slack.new_response_url(),
            channel_id="C0BRIEFS",
        )
        started = time.perf_counter()
        send_command(port, body)
        deadline = started + 30
        while len(stack.slack.messages("C0BRIEFS")) <= before:
            if time.perf_counter() > deadline:
                raise RuntimeError(f"brief {n} was not posted")
            time.sleep(0.002)
        times.append(time.perf_counter() - started)
    return times


def run(engine: str, delay: float, checks: Checks) -> tuple[list[float], list[int], list[float]]:
    extra = {
        "ENGINE": engine,
        "QA_MEMORY_TOKENS": str(MEMORY_TOKENS),
        "RATE_LIMIT_PER_USER": "1000",  # one reporter asks 30 questions in a minute here
        "RATE_LIMIT_PER_CHANNEL": "1000",
    }
    if engine == "extractive":
        extra["OPENAI_API_KEY"] = ""
    with Stack(llm_delay=delay) as stack:
        stack.site.routes["/ferry"] = serve_page(ferry_page())
        with stack.web(**extra) as web, stack.worker(**extra):
            thread = _brief(stack, web.port)
            briefs = _brief_times(stack, web.port)
            times = []
            n = 0
            for _ in range(ROUNDS):
                for question in QUESTIONS:
                    n += 1
                    times.append(_ask(stack, web.port, thread, question, n))
            asked = [r for r in stack.llm.requests if is_qa(r)]
            checks.expect(
                f"model calls ({engine}, {delay:.0f} s)",
                len(asked),
                n if engine == "openai" else 0,
            )
            prompts = [
                estimate_tokens(json.dumps(r["messages"], ensure_ascii=False)) for r in asked
            ]
    return times, prompts, briefs


def main() -> int:
    print("\n## answer_time: a mention to its final answer, beyond the model's time\n")
    print(
        f"Web and worker processes, real redis-server, fake Slack and model on loopback; "
        f"{ROUNDS * len(QUESTIONS)} questions asked one after another in one thread, "
        f"each timed from the event sent to the final answer in the thread. {machine()}."
    )
    checks = Checks()
    rows = []
    brief_rows = []
    prompt_rows = []
    for engine, delay in (("openai", 0.0), ("openai", 1.0), ("extractive", 0.0)):
        times, prompts, briefs = run(engine, delay, checks)
        brief_own = [t - delay for t in briefs]
        brief_rows.append(
            [
                engine,
                f"{delay:.0f} s",
                len(briefs),
                ms(percentile(briefs, 50)),
                ms(percentile(brief_own, 50)),
                ms(percentile(brief_own, 99)),
            ]
        )
        own = [t - delay for t in times]
        rows.append(
            [
                engine,
                f"{delay:.0f} s",
                len(times),
                ms(percentile(times, 50)),
                ms(percentile(own, 50)),
                ms(percentile(own, 90)),
                ms(percentile(own, 99)),
            ]
        )
        if prompts and delay == 0.0:
            prompt_rows = [
                [turn, tokens]
                for turn, tokens in enumerate(prompts, 1)
                if turn in {1, 5, 10, 20, 30}
            ]
            grown = prompts[-1] - prompts[0]
            checks.expect(
                "30th prompt within the first + the memory budget",
                grown <= MEMORY_TOKENS * 1.15,  # the estimate's own error
                True,
            )
    print_table(
        "Time to the final answer",
        [
            "engine",
            "model delay",
            "questions",
            "p50 total ms",
            "Brief's own p50 ms",
            "p90 ms",
            "p99 ms",
        ],
        rows,
    )
    print_table(
        "Time from /brief to the brief posted (20 different articles, one after another)",
        ["engine", "model delay", "briefs", "p50 total ms", "Brief's own p50 ms", "p99 ms"],
        brief_rows,
    )
    print_table(
        f"Prompt of the n-th question in one thread (estimated tokens; memory {MEMORY_TOKENS})",
        ["turn", "prompt tokens"],
        prompt_rows,
    )
    checks.print("answer_time checks")
    return 0 if checks.ok else 1
