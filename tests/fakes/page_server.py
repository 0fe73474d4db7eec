"""A threaded HTTP server on 127.0.0.1 whose routes are plain functions.

Used by the fetch tests and by the end-to-end tests as "the news site": the
fetcher reaches it only because the tests list 127.0.0.0/8 in the allowed
networks, exactly as an operator would for an internal CMS.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # bursts of concurrent clients must not be dropped
    daemon_threads = False  # server_close() joins every handler thread

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up mid-answer is expected here; stay quiet."""


class _Server6(_Server):
    address_family = socket.AF_INET6


class PageServer:
    """A threaded HTTP server on 127.0.0.1: `routes[path](handler)` answers each GET."""

    def __init__(self, tls: ssl.SSLContext | None = None, address: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[dict[str, str]] = []
        self.stop = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                owner.seen.append(
                    {"path": self.path, **{k.lower(): v for k, v in self.headers.items()}}
                )
                self.close_connection = True
                route = owner.routes.get(self.path.split("?")[0])
                if route is None:
                    send(self, 404, b"not here", "text/plain")
                else:
                    route(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        server_class = _Server6 if ":" in address else _Server
        self._server = server_class((address, 0), Handler)
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,))

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1", scheme: str = "http") -> str:
        return f"{scheme}://{host}:{self.port}{path}"

    def __enter__(self) -> PageServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    content_type: str | None = "text/html; charset=utf-8",
    headers: Sequence[tuple[str, str]] = (),
) -> None:
    handler.send_response(status)
    if content_type is not None:
        handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers:
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)
