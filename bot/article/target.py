"""A URL taken apart into what the fetcher needs to send one request.

`parse_target` refuses what Brief never fetches (schemes other than http and
https, credentials in the URL, control characters, bad ports) with an
`InputError`, and returns the host as the resolver and the SSRF check see it,
the Host header, the TLS server name and the request path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

from bot.article.addresses import normalize_host, parse_ip_literal
from bot.errors import InputError

_DEFAULT_PORTS = {"http": 80, "https": 443}
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
# Characters left as they are in a request path; everything else is %-encoded.
_PATH_SAFE = "/%:@!$&'()*+,;=-._~?"


@dataclass(frozen=True)
class Target:
    """One request: `host` is an IP literal (no brackets) or an IDNA host name."""

    url: str
    scheme: str
    host: str
    port: int
    request_target: str
    host_header: str
    tls_name: str


def parse_target(url: str) -> Target:
    """Take `url` apart; `InputError` for anything Brief will not fetch."""
    url = url.strip()
    if _CONTROL.search(url):
        raise InputError("That link contains spaces or control characters; check it and try again.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise InputError("That link is not a valid web address.") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        shown = f"“{scheme}:” links" if scheme else "Links without http:// or https://"
        raise InputError(f"{shown} are not supported; Brief fetches http and https pages only.")
    if parts.username is not None or parts.password is not None:
        raise InputError("Links with a user name or password in them are not supported.")
    raw_host = parts.hostname
    if not raw_host:
        raise InputError("That link has no host name.")
    literal = parse_ip_literal(raw_host)
    host = str(literal) if literal is not None else normalize_host(raw_host)
    if port == 0:
        raise InputError("That link has an invalid port number.")
    port = port or _DEFAULT_PORTS[scheme]

    shown_host = f"[{host}]" if ":" in host else host
    authority = shown_host if port == _DEFAULT_PORTS[scheme] else f"{shown_host}:{port}"
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    query = quote(parts.query, safe=_PATH_SAFE + "/")
    request_target = f"{path}?{query}" if query else path
    return Target(
        url=urlunsplit((scheme, authority, path, query, "")),
        scheme=scheme,
        host=host,
        port=port,
        request_target=request_target,
        host_header=authority,
        tls_name=host.rstrip("."),
    )
