"""SSRF-safe HTTP(S) fetching of one article page.

`SafeFetcher.fetch(url)` walks redirects by hand. For every hop it parses the
URL (`bot.article.target`), resolves the host once and vets every address
(`bot.article.addresses`), then connects to a vetted address itself, sending
the real host name in the Host header and as the TLS server name, so no second
DNS lookup can swap the target. The whole fetch, DNS and redirects included,
runs against one deadline: a watchdog shuts the socket down when it passes.
Bodies are capped in bytes and must be HTML or plain text.
"""

from __future__ import annotations

import http.client
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Protocol
from urllib.parse import quote, urljoin

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.response import HTTPResponse
from urllib3.util.ssl_match_hostname import CertificateError

from bot.article.addresses import IPAddress, IPNetwork, Resolver, system_resolver, vet_host
from bot.article.content import check_readable_type, parse_content_type, sniff
from bot.article.deadline import Deadline, Watchdog
from bot.article.target import Target, parse_target
from bot.errors import FetchError

if TYPE_CHECKING:
    from bot.settings import Settings

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
# Kept as they are in a redirect's Location; spaces and non-ASCII get %-encoded.
_URL_SAFE = "%/:=&?~#+!$,;'@()*[]-._"
_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"
_NETWORK_ERRORS = (
    OSError,
    urllib3.exceptions.HTTPError,
    http.client.HTTPException,
    CertificateError,  # a ValueError, raised when the certificate names another host
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FetchedPage:
    """A fetched page: `url` is the final URL after redirects; `body` is at most max_bytes."""

    url: str
    status: int
    content_type: str
    body: bytes
    charset: str | None


class Fetcher(Protocol):
    """Fetches a page; raises `FetchError` (or `BlockedTargetError`) with a user-safe message."""

    def fetch(self, url: str) -> FetchedPage: ...


class SafeFetcher:
    """The fetcher Brief uses for links people send it; see the module docstring."""

    def __init__(
        self,
        *,
        timeout: float,
        max_bytes: int,
        max_redirects: int,
        allowed_networks: Sequence[IPNetwork],
        user_agent: str,
        resolver: Resolver | None = None,
        ca_certs: str | None = None,
        also_types: frozenset[str] = frozenset(),
    ) -> None:
        """`also_types`: content types read besides HTML and plain text (feeds)."""
        self._also_types = also_types
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._max_redirects = max_redirects
        self._allowed = tuple(allowed_networks)
        self._user_agent = user_agent
        self._resolver = resolver or system_resolver
        self._ca_certs = ca_certs

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        resolver: Resolver | None = None,
        also_types: frozenset[str] = frozenset(),
    ) -> SafeFetcher:
        return cls(
            timeout=settings.fetch_timeout,
            max_bytes=settings.fetch_max_bytes,
            max_redirects=settings.fetch_max_redirects,
            allowed_networks=settings.fetch_allowed_networks,
            user_agent=settings.fetch_user_agent,
            resolver=resolver,
            also_types=also_types,
        )

    def fetch(self, url: str) -> FetchedPage:
        deadline = Deadline(self._timeout)
        vet = partial(vet_host, resolver=self._resolver, allowed_networks=self._allowed)
        current = url
        for _hop in range(self._max_redirects + 1):
            target = parse_target(current)
            addresses = deadline.run(partial(vet, target.host))
            page_or_location = self._get(target, addresses, deadline)
            if isinstance(page_or_location, FetchedPage):
                return page_or_location
            current = urljoin(target.url, page_or_location)
        raise FetchError(f"The link redirected more than {self._max_redirects} times; giving up.")

    def _get(
        self, target: Target, addresses: Sequence[IPAddress], deadline: Deadline
    ) -> FetchedPage | str:
        """One GET: the page, or the Location of a redirect."""
        watchdog = Watchdog(deadline.remaining())
        try:
            conn = self._connect(target, addresses, deadline, watchdog)
            try:
                result = self._exchange(conn, target, deadline)
            except _NETWORK_ERRORS as error:
                # The socket's own time-out can beat the watchdog by a hair: both are the deadline.
                if watchdog.fired or _timed_out(error):
                    raise deadline.expired() from None
                message = f"The connection to {target.host} failed: {_short(error)}."
                raise FetchError(message) from None
            finally:
                conn.close()
        finally:
            watchdog.cancel()
        if watchdog.fired:  # the body may have been cut short
            raise deadline.expired()
        return result

    def _exchange(
        self, conn: HTTPConnection, target: Target, deadline: Deadline
    ) -> FetchedPage | str:
        """Send the request and read the answer on an open connection."""
        conn.request(
            "GET", target.request_target, headers=self._headers(target), preload_content=False
        )
        response = conn.getresponse()
        try:
            if response.status in _REDIRECTS:
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(f"The site redirected ({response.status}) to nowhere.")
                # http.client decodes headers as latin-1; the raw bytes are UTF-8 by custom.
                return quote(location.strip().encode("latin-1"), safe=_URL_SAFE)
            _check_status(response)
            mime, charset = parse_content_type(response.headers.get("Content-Type"))
            check_readable_type(mime, self._also_types)
            body = self._read_body(response, deadline)
        finally:
            response.close()
        return FetchedPage(
            url=target.url,
            status=response.status,
            content_type=mime or sniff(body),
            body=body,
            charset=charset,
        )

    def _connect(
        self,
        target: Target,
        addresses: Sequence[IPAddress],
        deadline: Deadline,
        watchdog: Watchdog,
    ) -> HTTPConnection:
        """A connection (TLS done) to the first vetted address that answers."""
        failure: BaseException | None = None
        for address in addresses:
            conn = self._connection(target, address, deadline.remaining())
            watchdog.conn = conn
            try:
                conn.connect()
            except _NETWORK_ERRORS as error:
                conn.close()
                failure = error
                if watchdog.fired:
                    break
                continue
            watchdog.sock = conn.sock
            return conn
        if watchdog.fired or _timed_out(failure):
            raise deadline.expired()
        raise FetchError(f"Could not connect to {target.host}: {_short(failure)}.")

    def _connection(self, target: Target, address: IPAddress, timeout: float) -> HTTPConnection:
        ip = str(address)
        if target.scheme == "http":
            return HTTPConnection(ip, target.port, timeout=timeout)
        return HTTPSConnection(
            ip,
            target.port,
            timeout=timeout,
            server_hostname=target.tls_name,
            assert_hostname=target.tls_name,
            cert_reqs="CERT_REQUIRED",
            ca_certs=self._ca_certs,
        )

    def _headers(self, target: Target) -> dict[str, str]:
        return {
            "Host": target.host_header,
            "User-Agent": self._user_agent,
            "Accept": _ACCEPT,
            "Accept-Encoding": "gzip, deflate",
            "Connection": "close",
        }

    def _read_body(self, response: HTTPResponse, deadline: Deadline) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self._max_bytes:
            raise self._too_large()
        chunks: list[bytes] = []
        size = 0
        for chunk in response.stream(_CHUNK, decode_content=True):
            size += len(chunk)
            if size > self._max_bytes:
                raise self._too_large()
            chunks.append(chunk)
            deadline.remaining()
        return b"".join(chunks)

    def _too_large(self) -> FetchError:
        megabytes = self._max_bytes / 1_000_000
        return FetchError(f"The page is larger than {megabytes:g} MB; Brief stops there.")


def _check_status(response: HTTPResponse) -> None:
    status = response.status
    if 200 <= status < 300:
        return
    if status in {401, 402, 403}:
        raise FetchError(f"The site refused access ({status}); it may need a login.")
    if status in {404, 410}:
        raise FetchError(f"The site says the page does not exist ({status}); check the link.")
    if status == 429:
        raise FetchError("The site is limiting requests (429); try again in a few minutes.")
    if status >= 500:
        raise FetchError(f"The site had an error ({status}); try again later.")
    raise FetchError(f"The site answered with status {status} instead of the page.")


def _timed_out(error: BaseException | None) -> bool:
    """A socket time-out: the fetch's deadline, whichever of it and the watchdog came first."""
    if error is None:
        return False
    return isinstance(error, TimeoutError) or "timed out" in str(error).lower()


def _short(error: BaseException | None) -> str:
    """A one-line, tidy description of a network error."""
    if error is None:
        return "no address to try"
    text = " ".join(str(error).split()) or type(error).__name__
    if isinstance(error, CertificateError) or "doesn't match" in text:
        return "its security certificate is for a different site"
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate" in text.lower():
        return "its security certificate is not valid"
    lowered = text.lower()
    if "refused" in lowered:
        return "connection refused"
    if "incompleteread" in lowered or "connection broken" in lowered:
        return "the site stopped sending the page part-way"
    if any(w in lowered for w in ("reset", "broken pipe", "aborted", "closed connection")):
        return "the site closed the connection"
    if "unreachable" in lowered or "no route" in lowered:
        return "the site is unreachable"
    # Never echo the library's text (or the server's own bytes) to the user: log it instead.
    log.info("network error detail: %s", text[:300])
    return "the site sent an answer that isn't valid HTTP"
