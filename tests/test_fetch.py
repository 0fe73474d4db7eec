"""SafeFetcher against real HTTP(S) servers on 127.0.0.1, and the SSRF guard.

The local server is reached the way an operator would allow it: by listing
127.0.0.0/8 in `allowed_networks`. Names are "resolved" by an injected
resolver, so no test touches DNS or the internet.
"""

from __future__ import annotations

import gzip
import ipaddress
import shutil
import socket
import ssl
import struct
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from bot.article.addresses import blocked_reason, vet_host
from bot.article.fetch import FetchedPage, SafeFetcher
from bot.errors import BlockedTargetError, ExtractionError, FetchError, InputError
from bot.settings import Settings
from tests.fakes.page_server import PageServer, Route, send

LOCAL = [ipaddress.ip_network("127.0.0.0/8")]
PAGE = b"<!DOCTYPE html><html><head><title>Hi</title></head><body><p>Hello.</p></body></html>"


def page(body: bytes = PAGE, content_type: str | None = "text/html; charset=utf-8") -> Route:
    return lambda h: send(h, 200, body, content_type)


def redirect(location: str, status: int = 302) -> Route:
    return lambda h: send(h, status, b"", None, [("Location", location)])


class FakeResolver:
    """DNS as a dict; records every name it was asked about."""

    def __init__(self, records: dict[str, list[str]]) -> None:
        self.records = records
        self.asked: list[str] = []

    def __call__(self, host: str) -> list[str]:
        self.asked.append(host)
        if host not in self.records:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.records[host]


RESOLVER = FakeResolver(
    {
        "news.test": ["127.0.0.1"],
        "public.test": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
        "internal.test": ["10.20.30.40"],
        "mixed.test": ["93.184.216.34", "192.168.1.20"],
        "mixed6.test": ["2606:4700::1111", "fd12:3456::1"],
        "loopback6.test": ["::1"],
        "metadata.test": ["169.254.169.254"],
        "mapped.test": ["::ffff:169.254.169.254"],
        "nat64.test": ["64:ff9b::a00:1"],
        "sixtofour.test": ["2002:c0a8:101::1"],
        "zero.test": ["0.0.0.0"],
        "cgnat.test": ["100.64.12.1"],
        "garbage.test": ["not-an-address"],
    }
)


def fetcher(
    allowed: Sequence[ipaddress.IPv4Network | ipaddress.IPv6Network] = LOCAL,
    *,
    timeout: float = 3.0,
    max_bytes: int = 100_000,
    max_redirects: int = 5,
    resolver: Callable[[str], Sequence[str]] = RESOLVER,
    ca_certs: str | None = None,
) -> SafeFetcher:
    return SafeFetcher(
        timeout=timeout,
        max_bytes=max_bytes,
        max_redirects=max_redirects,
        allowed_networks=allowed,
        user_agent="BriefTest/1.0",
        resolver=resolver,
        ca_certs=ca_certs,
    )


@pytest.fixture
def server() -> Iterator[PageServer]:
    with PageServer() as running:
        yield running


# --- fetching -----------------------------------------------------------------


def test_fetches_a_page_with_its_type_and_charset(server: PageServer) -> None:
    server.routes["/story"] = page(content_type="text/html; charset=ISO-8859-1")
    result = fetcher().fetch(server.url("/story?id=7#top"))
    assert result == FetchedPage(
        url=server.url("/story?id=7"),
        status=200,
        content_type="text/html",
        body=PAGE,
        charset="ISO-8859-1",
    )
    assert server.seen[0]["user-agent"] == "BriefTest/1.0"
    assert server.seen[0]["path"] == "/story?id=7"


def test_connects_to_the_vetted_address_and_sends_the_real_host(server: PageServer) -> None:
    server.routes["/"] = page()
    resolver = FakeResolver({"news.test": ["127.0.0.1"]})
    result = fetcher(resolver=resolver).fetch(server.url("/", host="news.test"))
    assert result.url == server.url("/", host="news.test")
    assert server.seen[0]["host"] == f"news.test:{server.port}"
    assert resolver.asked == ["news.test"]  # one lookup; the connection used its answer


def test_tries_the_next_vetted_address_when_one_refuses(server: PageServer) -> None:
    server.routes["/"] = page()
    resolver = FakeResolver({"multi.test": ["127.0.0.2", "127.0.0.1"]})  # nothing on .2
    assert fetcher(resolver=resolver).fetch(server.url("/", host="multi.test")).body == PAGE


def test_ipv6_server_in_an_allowed_network() -> None:
    try:
        running = PageServer(address="::1")
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with running:
        running.routes["/"] = page()
        allowed = [ipaddress.ip_network("::1/128")]
        assert fetcher(allowed=allowed).fetch(running.url("/", host="[::1]")).body == PAGE
        assert running.seen[0]["host"] == f"[::1]:{running.port}"
        with pytest.raises(BlockedTargetError):
            fetcher(allowed=LOCAL).fetch(running.url("/", host="[::1]"))


def test_follows_redirects_checking_each_hop(server: PageServer) -> None:
    server.routes["/old"] = redirect("/middle", 301)
    server.routes["/middle"] = redirect(server.url("/new", host="news.test"), 307)
    server.routes["/new"] = page()
    resolver = FakeResolver({"news.test": ["127.0.0.1"]})
    result = fetcher(resolver=resolver).fetch(server.url("/old"))
    assert result.url == server.url("/new", host="news.test")
    assert [s["path"] for s in server.seen] == ["/old", "/middle", "/new"]
    assert resolver.asked == ["news.test"]


def test_redirect_location_with_spaces_and_utf8_is_encoded(server: PageServer) -> None:
    server.routes["/old"] = redirect("/new page/café".encode().decode("latin-1"))
    server.routes["/new%20page/caf%C3%A9"] = page()
    result = fetcher().fetch(server.url("/old"))
    assert result.url == server.url("/new%20page/caf%C3%A9")
    assert result.body == PAGE


def test_gives_up_after_max_redirects(server: PageServer) -> None:
    server.routes["/loop"] = redirect("/loop")
    with pytest.raises(FetchError, match="redirected more than 3 times"):
        fetcher(max_redirects=3).fetch(server.url("/loop"))
    assert len(server.seen) == 4


def test_zero_redirects_allowed_refuses_the_first(server: PageServer) -> None:
    server.routes["/a"] = redirect("/b")
    server.routes["/b"] = page()
    with pytest.raises(FetchError, match="more than 0 times"):
        fetcher(max_redirects=0).fetch(server.url("/a"))


def test_redirect_without_location_is_a_fetch_error(server: PageServer) -> None:
    server.routes["/nowhere"] = lambda h: send(h, 302, b"", None)
    with pytest.raises(FetchError, match="redirected"):
        fetcher().fetch(server.url("/nowhere"))


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (404, "does not exist"),
        (410, "does not exist"),
        (403, "refused access"),
        (401, "login"),
        (429, "limiting"),
        (500, "had an error"),
        (503, "had an error"),
        (418, "status 418"),
    ],
)
def test_http_errors_are_fetch_errors(server: PageServer, status: int, words: str) -> None:
    server.routes["/x"] = lambda h: send(h, status, b"<p>nope</p>")
    with pytest.raises(FetchError, match=words) as caught:
        fetcher().fetch(server.url("/x"))
    assert not isinstance(caught.value, BlockedTargetError)


def test_declared_body_over_the_cap_is_refused_before_reading(server: PageServer) -> None:
    server.routes["/big"] = page(b"x" * 150_000)
    with pytest.raises(FetchError, match=r"larger than 0\.1 MB"):
        fetcher(max_bytes=100_000).fetch(server.url("/big"))


def test_undeclared_body_over_the_cap_is_cut_while_streaming(server: PageServer) -> None:
    def endless(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()  # no Content-Length: the body runs until the connection closes
        for _ in range(100):
            if server.stop.is_set():
                return
            h.wfile.write(b"<p>" + b"y" * 10_000 + b"</p>")

    server.routes["/endless"] = endless
    with pytest.raises(FetchError, match="larger than"):
        fetcher(max_bytes=100_000).fetch(server.url("/endless"))


def test_gzip_is_decoded_and_the_cap_applies_to_decoded_bytes(server: PageServer) -> None:
    small = gzip.compress(PAGE)
    bomb = gzip.compress(b" " * 5_000_000)
    server.routes["/small"] = lambda h: send(
        h, 200, small, "text/html", [("Content-Encoding", "gzip")]
    )
    server.routes["/bomb"] = lambda h: send(
        h, 200, bomb, "text/html", [("Content-Encoding", "gzip")]
    )
    assert fetcher().fetch(server.url("/small")).body == PAGE
    assert len(bomb) < 100_000
    with pytest.raises(FetchError, match="larger than"):
        fetcher(max_bytes=100_000).fetch(server.url("/bomb"))


def test_slow_drip_body_hits_the_total_deadline(server: PageServer) -> None:
    def drip(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "5000")
        h.end_headers()
        for _ in range(5000):
            if server.stop.is_set():
                return
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.02)  # every read returns in time; only the total is too long

    server.routes["/drip"] = drip
    with pytest.raises(FetchError, match=r"took longer than 0\.4 seconds"):
        fetcher(timeout=0.4).fetch(server.url("/drip"))


def test_slow_drip_headers_hit_the_total_deadline(server: PageServer) -> None:
    def drip_headers(h: BaseHTTPRequestHandler) -> None:
        h.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for i in range(1000):
            if server.stop.is_set():
                return
            h.wfile.write(f"X-Filler-{i}: y\r\n".encode())
            h.wfile.flush()
            time.sleep(0.02)

    server.routes["/slow-headers"] = drip_headers
    with pytest.raises(FetchError, match="took longer than"):
        fetcher(timeout=0.4).fetch(server.url("/slow-headers"))


def test_slow_dns_counts_against_the_deadline() -> None:
    release = threading.Event()

    def stuck(host: str) -> list[str]:
        release.wait(5)
        return ["93.184.216.34"]

    try:
        with pytest.raises(FetchError, match="took longer than"):
            fetcher(timeout=0.2, resolver=stuck).fetch("http://slow.test/")
    finally:
        release.set()


@pytest.mark.parametrize(
    ("content_type", "body", "words"),
    [
        ("image/png", b"\x89PNG\r\n\x1a\n0000", "an image file"),
        ("application/pdf", b"%PDF-1.7 ...", "a PDF document"),
        ("application/octet-stream", b"\x00\x01\x02", "a download"),
        ("application/json", b'{"a": 1}', "JSON data"),
        (None, b"%PDF-1.4 no type given", "a PDF document"),
        (None, b"\x00\x00\x00\x18ftypmp42", "a binary file"),
    ],
)
def test_non_text_content_is_refused(
    server: PageServer, content_type: str | None, body: bytes, words: str
) -> None:
    server.routes["/file"] = page(body, content_type)
    with pytest.raises(ExtractionError, match=words) as caught:
        fetcher().fetch(server.url("/file"))
    assert "paste" in caught.value.user_message.lower()


@pytest.mark.parametrize(
    ("body", "sniffed"),
    [
        (PAGE, "text/html"),
        (b"\n  <html><body><p>x</p>", "text/html"),
        (b"Just words.", "text/plain"),
        (b"", "text/plain"),
    ],
)
def test_missing_content_type_is_sniffed(server: PageServer, body: bytes, sniffed: str) -> None:
    server.routes["/untyped"] = page(body, None)
    result = fetcher().fetch(server.url("/untyped"))
    assert (result.content_type, result.body) == (sniffed, body)


def test_plain_text_is_accepted(server: PageServer) -> None:
    server.routes["/notes.txt"] = page(b"Some words.", "text/plain; charset=utf-8")
    result = fetcher().fetch(server.url("/notes.txt"))
    assert (result.content_type, result.charset) == ("text/plain", "utf-8")


def test_connection_refused_is_a_fetch_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="Could not connect"):
        fetcher().fetch(f"http://127.0.0.1:{port}/")


def test_unknown_name_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match=r"Could not find the site nowhere\.test"):
        fetcher().fetch("http://nowhere.test/")


# --- the SSRF guard -----------------------------------------------------------


FORBIDDEN_URLS = [
    "http://127.0.0.1/",
    "http://2130706433/",  # decimal 127.0.0.1
    "http://0x7f000001/",  # hex
    "http://0x7f.1/",  # short hex form
    "http://0177.0.0.1/",  # octal
    "http://127.1/",
    "http://0/",
    "http://0.0.0.0/",
    "http://0x0/",
    "http://[::1]/",
    "http://[::]/",
    "http://[fe80::1]/",
    "http://[fe80::1%25eth0]/",
    "http://[::ffff:127.0.0.1]/",  # IPv4-mapped IPv6
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:a9fe:a9fe]/",  # mapped metadata address
    "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
    "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.0.1/",
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://224.0.0.1/",
    "http://[ff02::1]/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://[fc00::1]/",
    "http://[fec0::1]/",
    "http://internal.test/",
    "http://mixed.test/",  # one public and one private record
    "http://mixed6.test/",
    "http://loopback6.test/",
    "http://metadata.test/",
    "http://mapped.test/",
    "http://nat64.test/",
    "http://sixtofour.test/",
    "http://zero.test/",
    "http://cgnat.test/",
    "http://garbage.test/",
    "https://INTERNAL.test./",
]


@pytest.mark.parametrize("url", FORBIDDEN_URLS)
def test_forbidden_targets_are_refused(url: str) -> None:
    with pytest.raises(BlockedTargetError) as caught:
        fetcher(allowed=[], timeout=1).fetch(url)
    message = str(caught.value)
    assert message.startswith("Brief won't fetch that link")
    assert "\n" not in message


def test_ip_literals_never_reach_the_resolver() -> None:
    resolver = FakeResolver({})
    for url in ["http://2130706433/", "http://[::1]/", "http://0x7f.1/"]:
        with pytest.raises(BlockedTargetError):
            fetcher(allowed=[], resolver=resolver).fetch(url)
    assert resolver.asked == []


def test_metadata_address_is_refused_even_inside_an_allowed_network() -> None:
    allowed = [ipaddress.ip_network("169.254.0.0/16"), ipaddress.ip_network("fd00::/8")]
    for url in ["http://169.254.169.254/", "http://[fd00:ec2::254]/", "http://metadata.test/"]:
        with pytest.raises(BlockedTargetError, match="cloud metadata"):
            fetcher(allowed=allowed).fetch(url)
    assert blocked_reason(ipaddress.ip_address("169.254.10.10"), allowed) is None


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://[::1]/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://internal.test/",
        "http://mixed.test/",
    ],
)
def test_redirects_to_forbidden_targets_are_refused(server: PageServer, target: str) -> None:
    server.routes["/hop"] = redirect(target)
    with pytest.raises(BlockedTargetError):
        fetcher(allowed=LOCAL, timeout=1).fetch(server.url("/hop"))
    assert [s["path"] for s in server.seen] == ["/hop"]


@pytest.mark.parametrize(
    "target", ["file:///etc/passwd", "gopher://127.0.0.1:70/", "ftp://files.test/a"]
)
def test_redirects_to_other_schemes_are_refused(server: PageServer, target: str) -> None:
    server.routes["/hop"] = redirect(target)
    with pytest.raises(InputError, match="not supported"):
        fetcher().fetch(server.url("/hop"))


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://files.test/story.txt", "“ftp:” links are not supported"),
        ("file:///etc/passwd", "“file:” links are not supported"),
        ("//news.test/a", "without http:// or https://"),
        ("http://user:secret@news.test/", "user name or password"),
        ("http://news.test@127.0.0.1/", "user name or password"),
        ("http:///just/a/path", "no host name"),
        ("http://exa mple.test/", "spaces or control characters"),
        ("http://news.test:99999/", "not a valid web address"),
        ("http://news.test:0/", "invalid port"),
        ("http://1.2.3.4.5/", "not a valid"),
        ("http://08.0.0.1/", "not a valid"),
        ("http://[::1/", "not a valid web address"),
        ("http://bad%2f.test/", "not a valid host name"),
    ],
)
def test_unusable_urls_are_input_errors(url: str, words: str) -> None:
    with pytest.raises(InputError, match=words):
        fetcher().fetch(url)


# --- allowed networks ---------------------------------------------------------


def test_local_server_is_refused_unless_its_network_is_allowed(server: PageServer) -> None:
    server.routes["/"] = page()
    with pytest.raises(BlockedTargetError, match="loopback"):
        fetcher(allowed=[]).fetch(server.url("/"))
    assert server.seen == []
    assert fetcher(allowed=LOCAL).fetch(server.url("/")).status == 200


def test_from_settings_uses_the_allowed_networks(server: PageServer) -> None:
    server.routes["/"] = page()
    settings = Settings(fetch_allowed_networks="127.0.0.0/8", fetch_timeout=2)
    assert SafeFetcher.from_settings(settings).fetch(server.url("/")).body == PAGE
    with pytest.raises(BlockedTargetError):
        SafeFetcher.from_settings(Settings()).fetch(server.url("/"))


@pytest.mark.parametrize(
    ("address", "allowed", "ok"),
    [
        ("10.1.2.3", ["10.0.0.0/8"], True),
        ("10.1.2.3", ["192.168.0.0/16"], False),
        ("192.168.7.7", ["192.168.7.0/24"], True),
        ("fd12::5", ["fd12::/16"], True),
        ("fd12::5", ["10.0.0.0/8"], False),
        ("::ffff:10.1.2.3", ["10.0.0.0/8"], True),
        ("127.0.0.1", ["10.0.0.0/8"], False),
        ("169.254.169.254", ["0.0.0.0/0"], False),
        ("169.254.170.2", ["169.254.0.0/16"], False),
        ("93.184.216.34", [], True),
        ("2606:4700::1111", [], True),
        ("64:ff9b::5db8:d822", [], True),  # NAT64 of a public address
    ],
)
def test_allowed_networks_policy(address: str, allowed: list[str], ok: bool) -> None:
    networks = [ipaddress.ip_network(n) for n in allowed]
    assert (blocked_reason(ipaddress.ip_address(address), networks) is None) is ok


def test_vet_host_returns_every_address_of_a_public_name() -> None:
    addresses = vet_host("public.test", resolver=RESOLVER)
    assert [str(a) for a in addresses] == ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]


# --- TLS ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for news.test, made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=news.test",
            "-addext",
            "subjectAltName=DNS:news.test",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[PageServer]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    with PageServer(tls=context) as running:
        running.routes["/"] = page()
        yield running


def test_https_verifies_the_certificate_for_the_real_host_name(
    tls_server: PageServer, certificate: tuple[Path, Path]
) -> None:
    resolver = FakeResolver({"news.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]})
    trusting = fetcher(resolver=resolver, ca_certs=str(certificate[0]))
    result = trusting.fetch(tls_server.url("/", host="news.test", scheme="https"))
    assert (result.status, result.body) == (200, PAGE)
    assert tls_server.seen[0]["host"] == f"news.test:{tls_server.port}"
    with pytest.raises(FetchError, match="certificate"):
        trusting.fetch(tls_server.url("/", host="other.test", scheme="https"))


def test_https_refuses_an_untrusted_certificate(tls_server: PageServer) -> None:
    with pytest.raises(FetchError, match="certificate is not valid"):
        fetcher().fetch(tls_server.url("/", host="news.test", scheme="https"))


def _garbage(h: BaseHTTPRequestHandler) -> None:
    h.wfile.write(b"HELLO <!channel> not http\r\n\r\n")
    h.wfile.flush()


def _short_body(h: BaseHTTPRequestHandler) -> None:
    h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n\r\nhello")
    h.wfile.flush()


def _reset(h: BaseHTTPRequestHandler) -> None:
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.connection.close()


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (_garbage, "isn't valid HTTP"),
        (_short_body, "part-way"),
        (_reset, "closed the connection"),
    ],
)
def test_broken_servers_get_plain_words_not_library_text(
    route: Callable[[BaseHTTPRequestHandler], None], expected: str
) -> None:
    with PageServer() as server:
        server.routes["/broken"] = route
        with pytest.raises(FetchError) as caught:
            fetcher().fetch(server.url("/broken"))
    message = caught.value.user_message
    assert expected in message
    for leak in ("Errno", "IncompleteRead", "HELLO", "<!channel>", "(", "Connection broken"):
        assert leak not in message
