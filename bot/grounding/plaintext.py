"""A draft (plain text or Markdown) as the units `verify` reads: headings, items, paragraphs.

Markdown syntax is not part of what a draft claims, so it is removed before
checking: heading marks, list markers (a "1." is not a number), emphasis, code
ticks, link targets (the link text is kept, the URL dropped), bare URLs, HTML
tags and Brief's own citation marks ("[¶3]"). Lines of one paragraph are joined,
so a quotation wrapped over two lines is still one quotation; each table cell is
a unit of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    """One heading, list item or paragraph of the draft, as plain text."""

    text: str
    heading: bool = False


_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_RULE_RE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HEADING_RE = re.compile(r"^\s*#{1,6}\s+")
_SETEXT_RE = re.compile(r"^\s*(=+|-+)\s*$")
_QUOTE_RE = re.compile(r"^\s*(>\s?)+")
_ITEM_RE = re.compile(r"^\s*(?:[-*+\u2022]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")
_TABLE_ROW_RE = re.compile(r"^\s*\|.*\|\s*$")
_REF_DEF_RE = re.compile(r"^\s*\[[^\]]+\]:\s*\S+")

_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links: link text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"<(?:https?|mailto):[^>|]*\|([^>]*)>"), r"\1"),  # Slack links <url|text>
    (re.compile(r"<(?:https?|mailto):[^>]*>"), ""),  # autolinks
    (re.compile(r"\bhttps?://\S+"), ""),  # bare URLs
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),  # HTML tags
    (re.compile(r"\[\s*¶\s*\d+(?:\s*[,\u2013-]\s*¶?\s*\d+)*\s*\]"), ""),  # [¶3, ¶4]
    (re.compile(r"¶\s*\d+"), ""),
    (re.compile(r"`+([^`]*)`+"), r"\1"),  # code
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # emphasis
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
]


def strip_inline(text: str) -> str:
    """Inline Markdown removed from one line; the words a reader sees remain."""
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def draft_units(text: str) -> list[Unit]:
    """The draft's headings, list items and paragraphs, in order, without Markdown."""
    units: list[Unit] = []
    current: list[str] = []
    fenced = False

    def flush() -> None:
        joined = " ".join(" ".join(current).split())
        if joined:
            units.append(Unit(joined))
        current.clear()

    for raw in text.splitlines():
        if _FENCE_RE.match(raw):
            flush()
            fenced = not fenced
            continue
        if fenced or _REF_DEF_RE.match(raw) or _TABLE_RULE_RE.match(raw):
            continue
        line = _QUOTE_RE.sub("", raw)
        if current and _SETEXT_RE.match(line):
            units.append(Unit(" ".join(" ".join(current).split()), heading=True))
            current.clear()
            continue
        if not line.strip() or _RULE_RE.match(line):
            flush()
            continue
        if _HEADING_RE.match(line):
            flush()
            heading = strip_inline(_HEADING_RE.sub("", line)).strip().rstrip("#").strip()
            if heading:
                units.append(Unit(heading, heading=True))
            continue
        if _TABLE_ROW_RE.match(line):
            flush()
            cells = (strip_inline(cell).strip() for cell in line.strip().strip("|").split("|"))
            units.extend(Unit(cell) for cell in cells if cell)
            continue
        if _ITEM_RE.match(line):
            flush()
            line = _ITEM_RE.sub("", line)
        current.append(strip_inline(line).strip())
    flush()
    return units


def is_title_case(text: str) -> bool:
    """Most words capitalised, as in "What The Council Decided": capitals say nothing there."""
    words: list[str] = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 3]
    if len(words) < 2:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.75
