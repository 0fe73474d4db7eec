"""Pasted text, `.txt` and `.md` files into an `Article`.

Paragraphs are separated by blank lines; inside a paragraph the lines are
joined. A block whose every line ends a sentence is a run of one-line
paragraphs (how text copied from a web page often arrives). The title is a
leading `# Title` (Markdown) or a short first line without final punctuation;
a "By Jane Roe" line near the top is the byline.
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.article.model import Article
from bot.article.paragraphs import byline_names, clean, dedupe, is_boilerplate, split_byline
from bot.errors import ExtractionError

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", "'", ")")
_TITLE_MAX_WORDS = 15
_TITLE_MAX_CHARS = 150
_TITLE_NO_END = (".", "!", "?", ",", ";", ":", "…")
_TITLE_SHORTER = 0.75

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?", re.MULTILINE)
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_MD_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")

_EMPTY_HINT = "Paste the article's text, or give a link to it."


def article_from_text(text: str, *, url: str | None = None, markdown: bool = False) -> Article:
    """An article from plain text or Markdown; `ExtractionError` when it holds no text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks = [b for b in _BLANK_LINE.split(text) if b.strip()]
    title: str | None = None
    if markdown:
        title, blocks = _markdown_title(blocks)
        blocks = [_unmark(b) for b in blocks]
    if title is None:
        title, blocks = _first_line_title(blocks)

    paragraphs: list[str] = []
    for block in blocks:
        paragraphs.extend(_block_paragraphs(block, markdown=markdown))
    paragraphs = dedupe([p for p in (clean(p) for p in paragraphs) if p])
    paragraphs, byline = split_byline(paragraphs, None)
    published = _dateline(paragraphs[:3])
    kept = [p for p in paragraphs if not is_boilerplate(p)] or paragraphs
    if not kept:
        raise ExtractionError("There is no article text in it.", hint=_EMPTY_HINT)
    return Article(title=title, url=url, byline=byline, published=published, paragraphs=kept)


_DATE_FORMATS = ("%d %B %Y", "%B %d, %Y", "%Y-%m-%d", "%d %b %Y", "%b %d, %Y", "%A %d %B %Y")


def _dateline(paragraphs: list[str]) -> str | None:
    """A line near the top that is only a date ("12 March 2025") is the publication date."""
    for paragraph in paragraphs:
        line = paragraph.strip().rstrip(".")
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(line, fmt).date().isoformat()
            except ValueError:
                continue
    return None


def _block_paragraphs(block: str, *, markdown: bool) -> list[str]:
    """One paragraph, or one per line when every line ends a sentence or is a list item."""
    lines = [line.strip() for line in block.split("\n") if line.strip()]
    if markdown and lines and all(_MD_BULLET.match(line) for line in lines):
        return [_MD_BULLET.sub("", line) for line in lines]
    if len(lines) > 1 and all(line.endswith(_SENTENCE_END) for line in lines[:-1]):
        return lines
    return [" ".join(lines)]


def _markdown_title(blocks: list[str]) -> tuple[str | None, list[str]]:
    """A leading `# Title` line is the title; the rest of its block stays."""
    if not blocks:
        return None, blocks
    first, _, rest = blocks[0].strip().partition("\n")
    match = _MD_HEADING.match(first)
    if match is None or len(match.group(1)) != 1:
        return None, blocks
    remaining = [rest, *blocks[1:]] if rest.strip() else blocks[1:]
    return clean(match.group(2)) or None, remaining


def _first_line_title(blocks: list[str]) -> tuple[str | None, list[str]]:
    """A short first line without final punctuation, with more text after it, is a title.

    When the line shares its block with more lines it must also be clearly
    shorter than the next one, so a hard-wrapped first paragraph is not cut.
    """
    if not blocks:
        return None, blocks
    lines = blocks[0].strip().split("\n")
    first = clean(lines[0])
    rest = "\n".join(lines[1:]).strip()
    if not _looks_like_title(first) or (not rest and len(blocks) == 1):
        return None, blocks
    if rest:
        following = clean(lines[1])
        fresh = following[:1].isupper() or following[:1].isdigit() or following[:1] in "\"“‘'"
        shorter = len(first) < _TITLE_SHORTER * len(following)
        if not (byline_names(following) or (fresh and shorter)):
            return None, blocks
        return first, [rest, *blocks[1:]]
    return first, blocks[1:]


def _looks_like_title(line: str) -> bool:
    return (
        bool(line)
        and len(line.split()) <= _TITLE_MAX_WORDS
        and len(line) <= _TITLE_MAX_CHARS
        and not line.endswith(_TITLE_NO_END)
        and not line.lower().startswith("by ")
    )


def _unmark(block: str) -> str:
    """Markdown syntax off a block: headings, rules, images, links to their text, bold, `>`."""
    lines = block.split("\n")
    block = "\n".join(x for x in lines if not (_MD_HEADING.match(x) or _MD_RULE.match(x)))
    block = _MD_IMAGE.sub("", block)
    block = _MD_LINK.sub(r"\1", block)
    block = _MD_EMPHASIS.sub(r"\2", block)
    return _MD_QUOTE.sub("", block)
