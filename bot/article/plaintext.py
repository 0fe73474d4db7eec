"""Pasted text, `.txt` and `.md` files into an `Article`.

Text arrives in two shapes. Hard-wrapped text (email, some files) breaks lines
mid-sentence and separates paragraphs with blank lines: its lines are joined
within a block. Text copied out of Slack, a CMS or a web page puts each
paragraph on its own line, with or without blank lines between: each line is a
paragraph. Either way a line that stands alone — a title, a label such as
"Opinion", a byline, a date, a subhead, "Advertisement", a photo credit — is
never glued to the text around it; `bot.article.body.tidy` then keeps the body
and sets the rest aside. The title is a leading `# Title` (Markdown) or a short
first line without final punctuation.
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime

from bot.article.body import desk_label, split_title_label, tidy
from bot.article.genre import GenreSignals, detect_genre
from bot.article.model import Article
from bot.article.paragraphs import byline_names, clean, is_boilerplate
from bot.errors import ExtractionError

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", "'", ")")
_TITLE_MAX_WORDS = 15
_TITLE_MAX_CHARS = 150
_TITLE_NO_END = (".", "!", "?", ",", ";", ":", "…")

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
    units = _units(blocks, markdown=markdown)
    labels: list[str] = []
    while units and (label := desk_label(units[0])) is not None:
        labels.append(label)
        units = units[1:]
    if title is None:
        title, units = _first_line_title(units)
    if title is not None:
        title, label = split_title_label(title)
        labels += [label] if label else []
    published = _dateline(units[:4])
    body = tidy(units, None)
    kept = body.paragraphs or [clean(u) for u in units if clean(u)]
    if not kept:
        raise ExtractionError("There is no article text in it.", hint=_EMPTY_HINT)
    return Article(
        title=title,
        url=url,
        byline=body.byline,
        published=published,
        paragraphs=kept,
        genre=detect_genre(
            GenreSignals(
                url=url, title=title, labels=(*labels, *body.labels), bio=body.bio, paragraphs=kept
            )
        ),
    )


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


def _units(blocks: list[str], *, markdown: bool) -> list[str]:
    """Paragraph candidates, in order: see the module docstring for the two shapes."""
    wrapped = any(_is_wrap(a, b) for block in blocks for a, b in _pairs(block))
    units: list[str] = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if markdown and lines and all(_MD_BULLET.match(line) for line in lines):
            units.extend(_MD_BULLET.sub("", line) for line in lines)
            continue
        # In wrapped text a block of whole sentences, one a line, is a run of paragraphs.
        one_a_line = all(line.endswith(_SENTENCE_END) for line in lines[:-1])
        run: list[str] = []
        for line in lines:
            if run and not _joins(run[-1], line, wrapped=wrapped and not one_a_line):
                units.append(" ".join(run))
                run = []
            run.append(line)
        if run:
            units.append(" ".join(run))
    return units


def _joins(previous: str, line: str, *, wrapped: bool) -> bool:
    """Does `line` go on the paragraph that `previous` is part of?"""
    if _is_wrap(previous, line):
        return True
    if _stands_alone(previous) or _stands_alone(line):
        return False
    return wrapped or previous.endswith((",", "-", "—", "–", ";"))


def _pairs(block: str) -> list[tuple[str, str]]:
    lines = [line.strip() for line in block.split("\n") if line.strip()]
    return list(itertools.pairwise(lines))


def _is_wrap(line: str, following: str) -> bool:
    """A line broken mid-sentence: no end punctuation, and the next goes on in lower case."""
    if line.endswith(_SENTENCE_END) or not following[:1].islower():
        return False
    cleaned = clean(line)
    return desk_label(cleaned) is None and byline_names(cleaned) is None


def _stands_alone(line: str) -> bool:
    """A line that is never part of a paragraph: a label, a byline, a date or furniture."""
    cleaned = clean(line)
    return (
        desk_label(cleaned) is not None
        or byline_names(cleaned) is not None
        or _dateline([cleaned]) is not None
        or (is_boilerplate(cleaned) and not cleaned[:1].islower() and len(cleaned.split()) < 10)
    )


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


def _first_line_title(units: list[str]) -> tuple[str | None, list[str]]:
    """A short first line without final punctuation, with more text after it, is a title."""
    if len(units) < 2 or not _looks_like_title(clean(units[0])):
        return None, units
    return clean(units[0]), units[1:]


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
