"""Where an article comes from: a link, a local file, or standard input.

`load_source` is what the pipeline calls. A link goes through the `Fetcher`
and then to the HTML or text reader by content type; a file is read by its
extension (`.html`/`.htm`, `.txt`, `.md`); `-` reads standard input and sniffs
whether it is HTML. Local files are for the command line: the Slack edge only
ever passes links (`is_url`) or pasted text (`article_from_text`).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TextIO

from bot.article.content import HTML_TYPES, binary_kind, decode, is_html
from bot.article.extract import extract_html
from bot.article.fetch import FetchedPage, Fetcher
from bot.article.model import Article
from bot.article.plaintext import article_from_text
from bot.errors import ExtractionError, InputError

MAX_LOCAL_BYTES = 5_000_000
"""The most Brief reads from a file or standard input (the same cap as a fetched page)."""

_URL = re.compile(r"^https?://", re.IGNORECASE)
_OTHER_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_TEXT_SUFFIXES = frozenset({".txt", ".text"})
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})


def is_url(source: str) -> bool:
    """True for an http(s) link: the sources that go through the fetcher."""
    return bool(_URL.match(source.strip()))


def load_source(
    source: str,
    *,
    fetcher: Fetcher,
    stdin: TextIO | None = None,
    max_bytes: int = MAX_LOCAL_BYTES,
) -> Article:
    """An `Article` from a link, a file path, or `-` (standard input)."""
    source = source.strip()
    if is_url(source):
        return article_from_page(fetcher.fetch(source))
    if _OTHER_SCHEME.match(source):
        raise InputError("Only http:// and https:// links are supported.")
    if source == "-":
        return article_from_stdin(stdin if stdin is not None else sys.stdin, max_bytes=max_bytes)
    return article_from_file(Path(source), max_bytes=max_bytes)


def article_from_page(page: FetchedPage) -> Article:
    """A fetched page to an article, by its (checked or sniffed) content type.

    A body that is plainly binary (a PDF served as `text/html`) is refused whatever the
    server declared: it would otherwise come out as an empty or garbled brief.
    """
    kind = binary_kind(page.body)
    if kind is not None:
        raise ExtractionError(
            f"The link leads to {kind}, not an article page.", hint="Paste the article's text."
        )
    if page.content_type in HTML_TYPES:
        return extract_html(decode(page.body, page.charset, html=True), url=page.url)
    text = decode(page.body, page.charset)
    return article_from_text(text, url=page.url, markdown=page.url.lower().endswith(".md"))


def article_from_file(path: Path, *, max_bytes: int = MAX_LOCAL_BYTES) -> Article:
    """A local `.html`, `.htm`, `.txt` or `.md` file to an article."""
    suffix = path.suffix.lower()
    if suffix not in _HTML_SUFFIXES | _TEXT_SUFFIXES | _MARKDOWN_SUFFIXES:
        raise InputError(
            f"Brief reads .html, .htm, .txt and .md files, not “{path.name}”. "
            "For a web page, give its link starting with https://."
        )
    try:
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"There is no file “{path}”; check the path.") from None
    except IsADirectoryError:
        raise InputError(f"“{path}” is a folder, not a file.") from None
    except OSError as error:
        raise InputError(f"Could not read “{path}”: {error.strerror or error}.") from None
    if len(data) > max_bytes:
        raise InputError(f"“{path.name}” is larger than {max_bytes / 1_000_000:g} MB.")
    kind = binary_kind(data)
    if kind is not None:
        raise ExtractionError(
            f"“{path.name}” is {kind}, not text.", hint="Paste the article's text."
        )
    if suffix in _HTML_SUFFIXES:
        return extract_html(decode(data, html=True), url=None)
    return article_from_text(decode(data), markdown=suffix in _MARKDOWN_SUFFIXES)


def article_from_stdin(stdin: TextIO, *, max_bytes: int = MAX_LOCAL_BYTES) -> Article:
    """Standard input to an article: HTML when it looks like HTML, Markdown or text otherwise."""
    text = stdin.read(max_bytes + 1)
    if len(text) > max_bytes:
        raise InputError(f"The input is longer than {max_bytes:,} characters.")
    if is_html(text[:1024].encode("utf-8", errors="replace")):
        return extract_html(text, url=None)
    return article_from_text(text, markdown=text.lstrip().startswith("# "))
