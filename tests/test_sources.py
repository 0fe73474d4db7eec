"""`load_source`: links through a real fetcher and local server, files, and stdin."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.article.sources import is_url, load_source
from bot.errors import ExtractionError, FetchError, InputError
from tests.fakes.page_server import PageServer, send
from tests.test_fetch import fetcher, page

PAGES = Path(__file__).parent / "fixtures" / "pages"
FERRY = (PAGES / "ferry-fares.html").read_bytes()


@pytest.fixture
def server() -> Iterator[PageServer]:
    with PageServer() as running:
        running.routes["/ferry"] = page(FERRY)
        running.routes["/cafe"] = page(
            (PAGES / "cafe-bandstand-cp1252.html").read_bytes(), "text/html"
        )
        running.routes["/meals.txt"] = page((PAGES / "school-meals.txt").read_bytes(), "text/plain")
        running.routes["/bridge.md"] = page(
            (PAGES / "bridge-closure.md").read_bytes(), "text/plain"
        )
        running.routes["/untyped"] = page(FERRY, None)
        running.routes["/empty"] = page(b"", "text/html")
        running.routes["/pdf"] = page(b"%PDF-1.7\n", "application/pdf")
        running.routes["/pdf-as-html"] = page(b"%PDF-1.7\n%\xe2\xe3 1 0 obj <<>>", "text/html")
        running.routes["/gone"] = lambda h: send(h, 404, b"gone")
        yield running


@pytest.mark.parametrize(
    ("source", "url"),
    [
        ("https://news.example/a", True),
        ("HTTP://news.example/a", True),
        ("  http://news.example/a  ", True),
        ("ftp://news.example/a", False),
        ("news.example/a", False),
        ("story.html", False),
        ("-", False),
        ("httpx://nope", False),
    ],
)
def test_is_url(source: str, url: bool) -> None:
    assert is_url(source) is url


def test_link_to_a_news_page(server: PageServer) -> None:
    article = load_source(server.url("/ferry"), fetcher=fetcher())
    assert article.title == "Port Alder ferry fares to rise 18% in spring"
    assert len(article.paragraphs) == 8
    # The page's canonical URL is on another site than 127.0.0.1, so the fetched URL stays.
    assert article.url == server.url("/ferry")


def test_link_without_http_charset_uses_the_meta_charset(server: PageServer) -> None:
    article = load_source(server.url("/cafe"), fetcher=fetcher())
    assert article.byline == "Henrik Dahlén"


def test_link_without_content_type_is_sniffed_as_html(server: PageServer) -> None:
    assert load_source(server.url("/untyped"), fetcher=fetcher()).title == (
        "Port Alder ferry fares to rise 18% in spring"
    )


def test_link_to_plain_text_and_markdown(server: PageServer) -> None:
    meals = load_source(server.url("/meals.txt"), fetcher=fetcher())
    assert (meals.title, meals.byline, meals.url) == (
        "Ashby Vale schools to offer free breakfasts from January",
        "Daniel Osei",
        server.url("/meals.txt"),
    )
    bridge = load_source(server.url("/bridge.md"), fetcher=fetcher())
    assert bridge.title == "Kestrel Bridge to close for six weeks of repairs"


@pytest.mark.parametrize(
    ("path", "error", "words"),
    [
        ("/empty", ExtractionError, "empty"),
        ("/pdf", ExtractionError, "PDF"),
        ("/pdf-as-html", ExtractionError, "PDF"),  # the server's text/html is not believed
        ("/gone", FetchError, "does not exist"),
    ],
)
def test_links_that_hold_no_article(
    server: PageServer, path: str, error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        load_source(server.url(path), fetcher=fetcher())


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("ferry-fares.html", "Port Alder ferry fares to rise 18% in spring"),
        ("cafe-bandstand-cp1252.html", "Café owner wins fight over Millbrook bandstand"),
        ("school-meals.txt", "Ashby Vale schools to offer free breakfasts from January"),
        ("bridge-closure.md", "Kestrel Bridge to close for six weeks of repairs"),
    ],
)
def test_local_files(name: str, title: str) -> None:
    article = load_source(str(PAGES / name), fetcher=fetcher())
    assert article.title == title
    assert len(article.paragraphs) >= 6


def test_htm_file_is_html(tmp_path: Path) -> None:
    (tmp_path / "story.HTM").write_bytes(FERRY)
    assert len(load_source(str(tmp_path / "story.HTM"), fetcher=fetcher()).paragraphs) == 8


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("missing.txt", None, "There is no file"),
        ("story.pdf", b"%PDF-1.7", "reads .html, .htm, .txt and .md files"),
        ("notes", b"words", "reads .html, .htm, .txt and .md files"),
        ("folder.txt", "dir", "is a folder"),
        ("big.txt", b"word " * 3_000, "larger than"),
    ],
)
def test_unusable_files_are_input_errors(
    tmp_path: Path, name: str, content: bytes | str | None, words: str
) -> None:
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(InputError, match=words):
        load_source(str(path), fetcher=fetcher(), max_bytes=10_000)


def test_binary_text_file_is_an_extraction_error(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(ExtractionError, match="binary"):
        load_source(str(tmp_path / "story.txt"), fetcher=fetcher())


def test_other_schemes_are_input_errors() -> None:
    with pytest.raises(InputError, match="Only http:// and https://"):
        load_source("file:///etc/passwd.txt", fetcher=fetcher())


@pytest.mark.parametrize(
    ("stdin", "title", "paragraphs"),
    [
        (
            (PAGES / "school-meals.txt").read_text("utf-8"),
            "Ashby Vale schools to offer free breakfasts from January",
            6,
        ),
        (
            (PAGES / "bridge-closure.md").read_text("utf-8"),
            "Kestrel Bridge to close for six weeks of repairs",
            7,
        ),
        (FERRY.decode("utf-8"), "Port Alder ferry fares to rise 18% in spring", 8),
        ("Just one pasted paragraph of text, nothing more.", None, 1),
    ],
)
def test_stdin(stdin: str, title: str | None, paragraphs: int) -> None:
    article = load_source("-", fetcher=fetcher(), stdin=io.StringIO(stdin))
    assert article.title == title
    assert len(article.paragraphs) == paragraphs


def test_empty_stdin_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError):
        load_source("-", fetcher=fetcher(), stdin=io.StringIO(""))
