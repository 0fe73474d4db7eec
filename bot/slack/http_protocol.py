"""uvicorn's HTTP protocol with a deadline for each request's headers.

uvicorn closes idle keep-alive connections, but not a connection that never finishes
its request line and headers: a client that opens a thousand of them and sends a
byte now and then (slowloris) holds them all. `TimedHttpToolsProtocol` arms a timer
when a connection opens and when each request begins, and closes the connection if
the headers are not complete by then. The ASGI app bounds the body
(`bot.slack.server`).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEADER_TIMEOUT_SECONDS = 10.0


class TimedHttpToolsProtocol(HttpToolsProtocol):
    """HttpToolsProtocol that closes a connection whose headers take too long."""

    header_timeout: float = HEADER_TIMEOUT_SECONDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._header_timer is None:
            self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._header_timer = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.close()


def protocol_with_timeout(seconds: float) -> type[TimedHttpToolsProtocol]:
    """The protocol class with a given header deadline (a subclass, so uvicorn can build it)."""
    return type("TimedHttpToolsProtocol", (TimedHttpToolsProtocol,), {"header_timeout": seconds})
