"""`python -m bench [NAME ...]`: run the benchmarks in sequence and print Markdown tables.

Names: prompt_tokens, extractive, claims, slack_ack, slack_burst, slack_mixed, mention_ack,
answer_time, digest, footprint, scale_out (all by default).
Every benchmark is bounded in requests and time and talks only to loopback.
Exit status: 1 if any correctness check failed (wrong counts: fetches, LLM calls,
posts, replies, queued jobs) or a benchmark could not run; speed targets are
reported as PASS/MISS and never fail the run.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable

from bench import (
    answer_time,
    claims,
    digest,
    extractive,
    footprint,
    mention_ack,
    prompt_tokens,
    scale_out,
    slack_ack,
    slack_burst,
    slack_mixed,
)

BENCHMARKS: dict[str, Callable[[], int]] = {
    "prompt_tokens": prompt_tokens.main,
    "extractive": extractive.main,
    "claims": claims.main,
    "slack_ack": slack_ack.main,
    "slack_burst": slack_burst.main,
    "slack_mixed": slack_mixed.main,
    "mention_ack": mention_ack.main,
    "answer_time": answer_time.main,
    "digest": digest.main,
    "footprint": footprint.main,
    "scale_out": scale_out.main,
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
        return 2
    results: list[tuple[str, str, float]] = []
    for name in names:
        started = time.perf_counter()
        try:
            status = "ok" if BENCHMARKS[name]() == 0 else "FAILED"
        except Exception:
            traceback.print_exc()
            status = "FAILED (error)"
        results.append((name, status, time.perf_counter() - started))
        sys.stdout.flush()
    print("\n## Summary\n")
    print("| benchmark | checks | seconds |")
    print("| --- | --- | --- |")
    for name, status, seconds in results:
        print(f"| {name} | {status} | {seconds:.0f} |")
    return 0 if all(status == "ok" for _, status, _ in results) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
