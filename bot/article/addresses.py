"""Which hosts Brief may connect to: the address half of the SSRF guard.

`vet_host` turns the host of a URL into the list of addresses the fetcher may
connect to, or raises `BlockedTargetError`. IP literals are parsed the way
browsers and libc parse them (so `2130706433`, `0x7f.1` and `0177.0.0.1` are
all 127.0.0.1); names go through an injectable `Resolver`, and the host is
refused when *any* of its addresses is not public. Addresses that wrap an IPv4
address (IPv4-mapped, 6to4, NAT64) are judged by the address they wrap.

Operators can exempt networks they trust (`fetch_allowed_networks`); the cloud
metadata addresses stay refused even then. The fetcher connects to the vetted
addresses themselves, so a second DNS answer can never swap the target.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence

from bot.errors import BlockedTargetError, FetchError, InputError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

Resolver = Callable[[str], Sequence[str]]
"""Maps a host name to its addresses as strings (A and AAAA records)."""

# Instance-metadata services: refused even inside an allowed network, because
# they hand out cloud credentials.
METADATA_ADDRESSES: frozenset[IPAddress] = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, Oracle
        "169.254.170.2",  # AWS ECS task metadata
        "fd00:ec2::254",  # AWS over IPv6
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud (legacy)
    )
)

# Non-public ranges that some Python versions' `is_global`/`is_private` miss.
_NOT_PUBLIC: tuple[IPNetwork, ...] = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "100.64.0.0/10",
        "192.0.0.0/24",
        "198.18.0.0/15",
        "240.0.0.0/4",
        "fec0::/10",
        "64:ff9b:1::/48",
        "2001::/23",
        "2001:db8::/32",
    )
)

_NAT64 = ipaddress.ip_network("64:ff9b::/96")

# A host whose last label is a number is an IPv4 literal (WHATWG URL rules),
# in any of the forms inet_aton accepts: 1 to 4 parts, decimal, octal or hex.
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)
_HOST_NAME = re.compile(r"^[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?\.?$")


def system_resolver(host: str) -> list[str]:
    """The default resolver: every address `getaddrinfo` gives for `host`."""
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address `host` spells, if it is an IP literal in any accepted form.

    Raises `InputError` for a host that looks numeric but is not a valid
    address (`1.2.3.4.5`, `08.1.1.1`): browsers refuse those too.
    """
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if ":" in bare:
        try:
            return ipaddress.IPv6Address(bare)
        except ValueError:
            raise InputError(f"“{host}” is not a valid IPv6 address.") from None
    labels = bare.rstrip(".").split(".")
    if not _NUMERIC_LABEL.match(labels[-1]):
        return None
    if not all(_NUMERIC_LABEL.match(label) for label in labels):
        raise InputError(f"“{host}” is not a valid host name or IP address.")
    try:
        return ipaddress.IPv4Address(socket.inet_aton(bare.rstrip(".")))
    except OSError:
        raise InputError(f"“{host}” is not a valid IP address.") from None


def normalize_host(host: str) -> str:
    """Lower-case, IDNA-encode and sanity-check a host name (not an IP literal).

    The trailing dot of a fully qualified name goes: `news.test.` is `news.test`.
    """
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise InputError(f"“{host}” is not a valid host name.") from None
    if not _HOST_NAME.match(ascii_host) or ".." in ascii_host:
        raise InputError(f"“{host}” is not a valid host name.")
    return ascii_host.rstrip(".")


def wrapped_addresses(ip: IPAddress) -> list[IPAddress]:
    """The addresses to judge for `ip`: itself, or the IPv4 address it wraps."""
    if isinstance(ip, ipaddress.IPv4Address):
        return [ip]
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip in _NAT64:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    if ip.sixtofour is not None:
        return [ip, ip.sixtofour]
    if ip.teredo is not None:
        return [ip, *ip.teredo]
    return [ip]


def non_public_reason(ip: IPAddress) -> str | None:
    """Why `ip` is not a public unicast address, or None when it is."""
    checks = (
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_private, "a private network address"),
        (ip.is_reserved, "a reserved address"),
        (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local, "a site-local address"),
        (any(ip in net for net in _NOT_PUBLIC), "a non-public address"),
        (not ip.is_global, "a non-public address"),
    )
    return next((reason for failed, reason in checks if failed), None)


def blocked_reason(ip: IPAddress, allowed_networks: Sequence[IPNetwork] = ()) -> str | None:
    """Why Brief must not connect to `ip`, or None when it may.

    Metadata addresses are always refused. Otherwise an address inside an
    allowed network is fine; any other address must be public, and so must
    every address it wraps.
    """
    judged = [ip, *wrapped_addresses(ip)]
    if any(_strip_scope(a) in METADATA_ADDRESSES for a in judged):
        return "a cloud metadata address"
    if any(a in net for a in judged for net in allowed_networks if a.version == net.version):
        return None
    for address in wrapped_addresses(ip):
        reason = non_public_reason(address)
        if reason is not None:
            return reason
    return None


def vet_host(
    host: str,
    *,
    resolver: Resolver,
    allowed_networks: Sequence[IPNetwork] = (),
) -> list[IPAddress]:
    """Every address of `host`, all of them allowed; else `BlockedTargetError`.

    `host` is a URL's host (IPv6 literals without brackets are fine). Names are
    resolved once, here; the caller connects to the returned addresses.
    """
    literal = parse_ip_literal(host)
    if literal is not None:
        addresses = [literal]
        shown = f"{host} is"
    else:
        name = normalize_host(host)
        addresses = _resolve(name, resolver)
        shown = f"{name} points to"
    for address in addresses:
        reason = blocked_reason(address, allowed_networks)
        if reason is not None:
            raise BlockedTargetError(f"Brief won't fetch that link: {shown} {reason}.")
    return addresses


def _resolve(name: str, resolver: Resolver) -> list[IPAddress]:
    try:
        answers = list(resolver(name))
    except (OSError, UnicodeError):
        answers = []
    addresses: list[IPAddress] = []
    for answer in answers:
        try:
            addresses.append(ipaddress.ip_address(answer))
        except ValueError:
            raise BlockedTargetError(
                f"Brief won't fetch that link: {name} resolved to something that is not an address."
            ) from None
    if not addresses:
        raise FetchError(f"Could not find the site {name}: check the link for typos.")
    return addresses


def _strip_scope(ip: IPAddress) -> IPAddress:
    """`fe80::1%eth0` compares unequal to `fe80::1`; drop the zone before comparing."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.scope_id:
        return ipaddress.IPv6Address(int(ip))
    return ip
