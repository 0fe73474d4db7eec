"""Sentence splitting for news text, with the offsets kept so sentences stay verbatim.

The extractive engine quotes the article's own sentences, so a split must never
rewrite text: every `Sentence.text` is `paragraph[start:end]`. The splitter knows
the abbreviations news copy uses before names and numbers ("Mr.", "Sen.",
"Dec. 19", "U.S.") and never breaks inside a closed quotation, so
`"It is late. Go home," she said.` stays one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.names import word_set
from bot.text.normalize import QuotedSpan, quoted_spans

__all__ = ["Sentence", "is_boilerplate", "sentence_spans"]

# Words that end with a full stop without ending the sentence (lower-cased, no dot).
_ABBREVIATIONS = word_set(
    """
    mr mrs ms dr prof sen rep gov lt gen col capt sgt det insp supt st mt ft jr sr rev
    hon pres atty cllr cmdr adm maj cpl pvt no nos vs v approx dept est fig jan feb mar
    apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u e.g i.e a.k.a d.c n.y l.a
    """
)

# A candidate boundary: terminal punctuation, any closing quotes or brackets, then space.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
# What may start the next sentence: a capital, a digit, an opening quote or bracket.
_NEXT_START = re.compile(r"\s+[\"'“‘(\[]?[A-Z0-9À-Þ]")
_WORD_BEFORE = re.compile(r"([\w.'’-]+)$")


# Page furniture that extraction sometimes leaves in: never a summary point or a definition.
_BOILERPLATE = re.compile(
    r"contributed to this report|all rights reserved|sign up|newsletter|click here|"
    r"follow us|read more|subscribe|cookie|share this|comments? (?:below|are)|"
    r"community guidelines|please be respectful|this story has been updated|"
    r"reporting by|editing by|comments can be posted|join the conversation|©",
)


@dataclass(frozen=True)
class Sentence:
    """One sentence: `text == article.paragraphs[paragraph - 1][start:end]`."""

    paragraph: int
    index: int
    start: int
    end: int
    text: str


def sentence_spans(text: str, quotes: list[QuotedSpan] | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one paragraph, whitespace trimmed.

    `quotes` are the paragraph's `quoted_spans`, when the caller has them already.
    """
    spans_in = quoted_spans(text) if quotes is None else quotes
    protected = [(s.start, s.end) for s in spans_in if s.closed]
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if not _NEXT_START.match(text, end):
            continue
        if _is_abbreviation(text, match.start()):
            continue
        if any(q_start < end <= q_end for q_start, q_end in protected):
            continue
        _append(spans, text, start, end)
        start = end
    _append(spans, text, start, len(text))
    return spans


def is_boilerplate(text: str) -> bool:
    """Site furniture (sign-up prompts, credits, comment rules) rather than the story."""
    return bool(_BOILERPLATE.search(text.lower()))


def _is_abbreviation(text: str, dot_at: int) -> bool:
    """Is the full stop at `dot_at` part of an abbreviation or an initial?"""
    if text[dot_at] != ".":
        return False
    found = _WORD_BEFORE.search(text, max(0, dot_at - 20), dot_at)
    if not found:
        return False
    word = found.group(1).lstrip("'’").lower()
    if word in _ABBREVIATIONS:
        return True
    # A lone capital initial ("J. Smith") but not a lone digit or word.
    token = found.group(1)
    return len(token) == 1 and token.isupper()


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    trail = len(chunk) - len(chunk.rstrip())
    if start + lead < end - trail:
        spans.append((start + lead, end - trail))
