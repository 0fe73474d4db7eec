"""The fetcher's clock: one total deadline for a whole fetch, and a watchdog.

Socket timeouts only bound each single read, so a server that sends a byte
every second could hold a fetch open for ever. `Deadline` is the budget for
everything (DNS, connects, redirects, reads); `Watchdog` shuts the socket down
when it runs out, which unblocks whatever read is waiting on it.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from urllib3.connection import HTTPConnection

from bot.errors import FetchError

T = TypeVar("T")


class Deadline:
    """One total time budget for a whole fetch."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left; raises the timeout `FetchError` once there are none."""
        left = self._end - time.monotonic()
        if left <= 0:
            raise self.expired()
        return left

    def expired(self) -> FetchError:
        unit = "second" if self.seconds == 1 else "seconds"
        return FetchError(f"The site took longer than {self.seconds:g} {unit} to send the page.")

    def run(self, work: Callable[[], T]) -> T:
        """Run `work` (a DNS lookup, which has no timeout of its own) within the deadline.

        A lookup still running at the deadline is left to finish in its daemon thread.
        """
        result: list[T] = []
        failure: list[BaseException] = []

        def call() -> None:
            try:
                result.append(work())
            except BaseException as error:  # re-raised in the caller's thread
                failure.append(error)

        worker = threading.Thread(target=call, name="brief-resolve", daemon=True)
        worker.start()
        worker.join(self.remaining())
        if failure:
            raise failure[0]
        if not result:
            raise self.expired()
        return result[0]


class Watchdog:
    """Shuts a connection's socket down at the deadline, unblocking any read."""

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self.conn: HTTPConnection | None = None
        # The connected socket: the response keeps using it after `conn.sock` is cleared.
        self.sock: socket.socket | None = None
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        sock = self.sock or (self.conn.sock if self.conn is not None else None)
        if sock is not None:
            with contextlib.suppress(OSError):
                # The plain socket's shutdown, also for TLS: it unblocks a read
                # in the other thread without tearing down the SSL object under it.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()
