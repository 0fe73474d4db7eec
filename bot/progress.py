"""Progress for slow steps: a step that takes more than a second says so on stderr."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class Progress:
    """`with progress.step("Fetching …"):` prints the label only if the step passes `after` s."""

    def __init__(self, stream: TextIO | None = None, *, after: float = 1.0) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._after = after

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        shown = threading.Event()

        def announce() -> None:
            shown.set()
            print(f"{label} …", file=self._stream, flush=True)

        timer = threading.Timer(self._after, announce)
        timer.daemon = True
        started = time.monotonic()
        timer.start()
        try:
            yield
        finally:
            timer.cancel()
            if shown.is_set():
                print(f"{label}: done in {time.monotonic() - started:.1f} s", file=self._stream)


class NoProgress(Progress):
    """Says nothing (the worker, tests)."""

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        yield
