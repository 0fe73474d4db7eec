"""Run one function on many threads at once and wait for all of them."""

from __future__ import annotations

import threading
from collections.abc import Callable


def run_concurrently(target: Callable[[int], object], count: int) -> None:
    """Start `target(0)` … `target(count - 1)` on their own threads; join them all."""
    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
