"""From a page's HTML (or a text file's words) to an `Article`.

`extract_html` lets trafilatura find the article in the page and its metadata
(title, author, date, canonical URL), then walks the extracted tree so every
`<p>`-level block becomes one paragraph and tiny boilerplate lines (share
buttons, "Advertisement", separators) are dropped. `article_from_text` lives in
`bot.article.plaintext` and is re-exported here. When nothing article-like is
left, both raise `ExtractionError`, whose hint says pasting the text works.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from trafilatura import bare_extraction
from trafilatura.settings import Document
from trafilatura.utils import load_html

from bot.article.body import split_title_label, tidy
from bot.article.content import decode
from bot.article.genre import GenreSignals, detect_genre
from bot.article.model import Article
from bot.article.page_meta import read_page_meta
from bot.article.paragraphs import clean
from bot.article.plaintext import article_from_text
from bot.errors import ExtractionError

__all__ = ["MIN_ARTICLE_WORDS", "article_from_text", "extract_html"]

MIN_ARTICLE_WORDS = 40
"""Fewer words than this on a web page is a teaser, an error page or a paywall."""

_DOCUMENT = re.compile(r"<(?:html|body)\b", re.IGNORECASE)
_PAYWALLED_WORDS = 150
_PAYWALL_MARKER = re.compile(r"""["']?isAccessibleForFree["']?\s*:\s*["']?false""", re.IGNORECASE)

_SKIP = frozenset({"head", "table", "graphic", "ref", "h1", "h2", "h3", "h4", "h5", "h6"})
_LISTS = frozenset({"list", "ul", "ol"})
_LIST_ITEM_WORDS = 8
_BLOCKS = frozenset(
    {"p", "div", "list", "item", "quote", "section", "article", "body", "blockquote", "ul", "ol"}
    | {"li", "code", "pre", "main"}
    | _SKIP
)


def extract_html(html: str | bytes, *, url: str | None) -> Article:
    """The article in an HTML page; `ExtractionError` when there is none.

    `url` is where the page came from; the page's canonical URL replaces it
    only when it is on the same site, so a page cannot claim to be another.
    """
    text = decode(html, html=True) if isinstance(html, bytes) else html
    if not text.strip():
        raise ExtractionError("The page is empty.")
    if not _DOCUMENT.search(text):
        # trafilatura takes a lone `<p>…</p>` for something that is not HTML.
        text = f"<html><body>{text}</body></html>"
    try:
        document = bare_extraction(
            text,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            include_formatting=False,
        )
    except (ValueError, TypeError, LookupError) as error:  # lxml and trafilatura on broken markup
        raise ExtractionError("The page could not be read as HTML.") from error
    if not isinstance(document, Document) or document.body is None:
        raise ExtractionError("No article text was found on that page.")

    title = _title(document, text)
    found = [clean(p) for p in _blocks(document.body)]
    if title and found and found[0].casefold() == title.casefold():
        found = found[1:]
    labels: list[str] = []
    if title is not None:
        title, label = split_title_label(title)
        labels += [label] if label else []
    body = tidy(found, _byline(document))
    paragraphs, byline = body.paragraphs, body.byline

    words = sum(len(p.split()) for p in paragraphs)
    if words < _PAYWALLED_WORDS and _PAYWALL_MARKER.search(text):
        raise ExtractionError(
            "The article is behind a paywall: Brief can only see its first lines.",
            hint="Paste the article's text instead.",
        )
    if words < MIN_ARTICLE_WORDS:
        raise ExtractionError(
            "No article text was found on that page (some sites only show it to a browser)."
        )
    page_meta = read_page_meta(text)
    article_url = _article_url(document.url, url)
    signals = GenreSignals(
        url=article_url or url,
        title=title,
        labels=(*labels, *body.labels),
        bio=body.bio,
        paragraphs=paragraphs,
        schema_types=page_meta.schema_types,
        sections=page_meta.sections,
    )
    return Article(
        title=title,
        url=article_url,
        byline=byline,
        published=document.date or None,
        paragraphs=paragraphs,
        genre=detect_genre(signals),
    )


def _blocks(element: Any) -> Iterator[str]:
    """One string per `<p>`-level block, in order; headings and tables are left out."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIP or (tag in _LISTS and _is_link_list(element)):
        return
    if not any(child.tag in _BLOCKS for child in element):
        yield _inline_text(element)
        return
    run = [element.text or ""]
    for child in element:
        if child.tag in _BLOCKS:
            yield " ".join(run)
            yield from _blocks(child)
            run = [child.tail or ""]
        else:
            run.extend((_inline_text(child), child.tail or ""))
    yield " ".join(run)


def _is_link_list(element: Any) -> bool:
    """A list of short items is a list of links or a graphic's labels, not article prose."""
    items = [" ".join(item.itertext()).split() for item in element if item.tag in {"item", "li"}]
    return not items or sum(map(len, items)) / len(items) < _LIST_ITEM_WORDS


def _inline_text(element: Any) -> str:
    """An element's text; a line break (`<lb/>`, `<br>`) counts as a space."""
    parts = [element.text or ""]
    for child in element:
        if child.tag in {"lb", "br"}:
            parts.append(" ")
        elif isinstance(child.tag, str):
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _title(document: Document, page: str) -> str | None:
    """trafilatura's title, unless it is a single word (a CMS name, a site logo).

    Then the page's `og:title` or first `<h1>` does better.
    """
    title = clean(document.title or "")
    if len(title.split()) >= 2:
        return title
    tree = load_html(page)
    if tree is None:
        return title or None
    candidates = [
        *tree.xpath("//meta[@property='og:title']/@content"),
        *tree.xpath("//meta[@name='twitter:title']/@content"),
        *(h1.text_content() for h1 in tree.xpath("//h1")),
    ]
    better = next((clean(c) for c in candidates if len(str(c).split()) >= 2), None)
    return better or title or None


def _byline(document: Document) -> str | None:
    """Authors from the metadata, without the site's own name (`Jane Roe; CNN` → `Jane Roe`)."""
    site = clean(document.sitename or "").casefold()
    names = [clean(part) for part in (document.author or "").split(";")]
    names = [n for n in dict.fromkeys(names) if n and n.casefold() != site]
    if not names:
        return None
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _article_url(canonical: str | None, fetched: str | None) -> str | None:
    """The canonical URL when it is on the fetched URL's site (or nothing was fetched)."""
    if not canonical or urlsplit(canonical).scheme not in {"http", "https"}:
        return fetched
    if fetched is None or _site(canonical) == _site(fetched):
        return canonical
    return fetched


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")
