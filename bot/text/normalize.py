"""The only normalisation Brief allows when comparing words with the article.

A quote is "verbatim" when it matches the article after folding nothing but
whitespace, curly vs straight quotes and apostrophes, and dash variants. Folding
keeps a map back to the original offsets so a match can be shown in the
article's exact words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"

_FOLD_TABLE = str.maketrans(
    {
        **dict.fromkeys(_DOUBLE_QUOTES, '"'),
        **dict.fromkeys(_SINGLE_QUOTES, "'"),
        **dict.fromkeys(_DASHES, "-"),
        "\u00a0": " ",
    }
)


def fold_char(char: str) -> str:
    return char.translate(_FOLD_TABLE)


def fold(text: str) -> str:
    """Fold quotes, apostrophes and dashes; collapse runs of whitespace; strip the ends."""
    return " ".join(text.translate(_FOLD_TABLE).split())


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """`fold(text)` plus, for each folded character, its index in `text`."""
    out: list[str] = []
    index: list[int] = []
    pending_space = False
    for i, char in enumerate(text):
        if char.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            index.append(i - 1)
            pending_space = False
        out.append(fold_char(char))
        index.append(i)
    return "".join(out), index


@dataclass(frozen=True)
class Match:
    """Where a folded needle was found: original offsets [start, end) into the haystack."""

    start: int
    end: int
    text: str


def find_verbatim(needle: str, haystack: str) -> Match | None:
    """Find `needle` in `haystack` up to folding; return the haystack's own words."""
    folded_needle = fold(needle)
    if not folded_needle:
        return None
    folded, index = fold_with_map(haystack)
    at = folded.find(folded_needle)
    if at < 0:
        return None
    start = index[at]
    end = index[at + len(folded_needle) - 1] + 1
    return Match(start=start, end=end, text=haystack[start:end])


@dataclass(frozen=True)
class QuotedSpan:
    """A passage in double quotes: offsets of the inner text, without the marks."""

    start: int
    end: int
    text: str
    closed: bool


_OPENERS = {'"', "\u201c", "\u201e", "\u00ab"}
_CLOSERS = {'"', "\u201d", "\u201f", "\u00bb"}
_STRAIGHT = '"'


def quoted_spans(text: str) -> list[QuotedSpan]:
    """Every passage in double quotes (straight or curly) in one paragraph of text.

    Straight quotes pair up in order. A quote left open runs to the end of the
    paragraph, which is how news style continues a quote into the next paragraph.
    """
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    for i, char in enumerate(text):
        if open_at is None:
            if char in _OPENERS and not _is_inch_mark(text, i):
                open_at = i + 1
        elif char in _CLOSERS or (char == _STRAIGHT):
            inner = text[open_at:i]
            if inner.strip():
                spans.append(_span(text, open_at, i, closed=True))
            open_at = None
        elif char in _OPENERS and char != _STRAIGHT:
            # A second curly opener before a closer: the first one was never closed.
            if text[open_at:i].strip():
                spans.append(_span(text, open_at, i, closed=False))
            open_at = i + 1
    if open_at is not None and text[open_at:].strip():
        spans.append(_span(text, open_at, len(text), closed=False))
    return spans


def _span(text: str, start: int, end: int, *, closed: bool) -> QuotedSpan:
    inner = text[start:end]
    lead = len(inner) - len(inner.lstrip())
    trail = len(inner) - len(inner.rstrip())
    return QuotedSpan(start=start + lead, end=end - trail, text=inner.strip(), closed=closed)


def _is_inch_mark(text: str, i: int) -> bool:
    """A straight quote right after a digit (`6'2"`, `17"`) is a measure, not a quote."""
    return text[i] == _STRAIGHT and i > 0 and text[i - 1].isdigit()


_WORD_RE = re.compile(r"[\w'-]+", re.UNICODE)


def words(text: str) -> list[str]:
    """The words of `text`, folded and lower-cased, for fuzzy comparisons."""
    return [w.lower() for w in _WORD_RE.findall(fold(text))]
