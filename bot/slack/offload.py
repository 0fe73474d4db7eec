"""Blocking Redis work on the ack path, with one deadline the event loop never waits past.

    result = await offload.run(fn, *args)     # TimeoutError after `budget` seconds

The ack path's Redis calls (dedupe, enqueue, health) use the synchronous client. Run
inline they are fast, but a Redis that stalls without refusing connections (stopped,
swapping, a network black hole) would hold the event loop for every request at once, and
even `/brief help` would miss Slack's 3 s. So they run on a small thread pool of their
own, and the listener stops waiting after `budget` seconds whatever Redis does. Work that
gave up is told so (`abandoned`), so a late enqueue never starts a job the user was told
could not be taken.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

ACK_BUDGET_SECONDS = 1.5
"""How long an ack waits for Redis: well inside Slack's 3 s, with room for HTTP."""


class Offload:
    """A bounded thread pool for blocking calls, awaited with a deadline."""

    def __init__(self, *, budget: float = ACK_BUDGET_SECONDS, threads: int = 16) -> None:
        self.budget = budget
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="ack-redis")

    async def run(self, fn: Callable[[threading.Event], T]) -> T:
        """`fn(abandoned)` in the pool; TimeoutError (and `abandoned` set) past the budget."""
        abandoned = threading.Event()
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._pool, fn, abandoned)
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout=self.budget)
        except TimeoutError:
            abandoned.set()
            raise

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
