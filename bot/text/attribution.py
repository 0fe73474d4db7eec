"""Who said it: find the article's direct quotes and attribute each to a named speaker.

Quotations are the double-quoted passages of each paragraph
(`normalize.quoted_spans`) of at least `MIN_QUOTE_WORDS` words that are not
titles. Each is attributed by the patterns in `speech` (after the quote, then
before it); one without its own attribution takes the speaker of another quote
in the same paragraph, and a paragraph that opens with a quote continues the
previous paragraph's quote ("He said: "... / "More..."), and an open quotation
left unattributed takes the speaker of the paragraph that continues it. A
speaker comes from the article's own attribution or is None: never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.text.names import word_set
from bot.text.normalize import QuotedSpan
from bot.text.parsed import Parsed
from bot.text.people import PersonIndex
from bot.text.speech import Attributor

__all__ = ["FoundQuote", "find_quotes"]

MIN_QUOTE_WORDS = 5

_TITLE_SMALL_WORDS = word_set("a an and the of in on for to at by with or")
_CLOSING_MARKS = '"”»'


@dataclass(frozen=True)
class FoundQuote:
    """A quotation in paragraph `paragraph` (1-based) at [start, end), and who said it."""

    paragraph: int
    start: int
    end: int
    text: str
    speaker: str | None
    attributed: bool
    closed: bool
    words: int


@dataclass
class _Work:
    span: QuotedSpan
    text: str
    end: int
    speaker: str | None = None
    attributed: bool = False


@lru_cache(maxsize=8)
def read_quotes(paragraphs: tuple[str, ...]) -> tuple[Parsed, PersonIndex, tuple[FoundQuote, ...]]:
    """Parse an article once for its people and attributed quotations.

    Remembered, because the extractive engine and then the grounding gate read
    the same article in the same process; the results are not mutated after.
    """
    parsed = Parsed.read(list(paragraphs))
    people = PersonIndex(parsed)
    return parsed, people, tuple(find_quotes(parsed, people))


def find_quotes(parsed: Parsed, people: PersonIndex) -> list[FoundQuote]:
    """Every quotation of at least `MIN_QUOTE_WORDS` words, attributed where the text allows."""
    paragraphs = parsed.paragraphs
    read: list[list[_Work]] = []
    previous: list[_Work] = []
    for number, paragraph in enumerate(paragraphs, start=1):
        works = [_Work(s, *_trim(s)) for s in parsed.quotes[number - 1]]
        starts = [s.start for s in parsed.sentences[number - 1]]
        attributor = Attributor(paragraph, number, people)
        for i, work in enumerate(works):
            _attribute(
                work,
                attributor,
                sentence_start=max((s for s in starts if s < work.span.start), default=0),
                prior_close=_mark_end(paragraph, works[i - 1].span) if i else 0,
                next_open=works[i + 1].span.start - 1 if i + 1 < len(works) else len(paragraph),
            )
        _inherit_within(works)
        _continue_from(works, previous, paragraph, paragraphs, number)
        _continue_back(works, previous, paragraph)
        read.append(works)
        previous = works
    return [
        FoundQuote(
            paragraph=number,
            start=work.span.start,
            end=work.end,
            text=work.text,
            speaker=work.speaker,
            attributed=work.attributed,
            closed=work.span.closed,
            words=len(work.text.split()),
        )
        for number, works in enumerate(read, start=1)
        for work in works
        if _is_quote(work.text)
    ]


def _trim(span: QuotedSpan) -> tuple[str, int]:
    """The quote without a trailing comma, colon or dash (still the article's own words)."""
    text = span.text.rstrip(" ,;:—–-")
    return text, span.start + len(text)


def _is_quote(text: str) -> bool:
    """A real quotation, not a scare-quoted phrase or a title in quotes."""
    words = text.split()
    if len(words) < MIN_QUOTE_WORDS or not any(c.islower() for c in text):
        return False
    content = [w for w in words if w.lower() not in _TITLE_SMALL_WORDS]
    return not (len(words) <= 10 and all(w[0].isupper() for w in content))


def _mark_end(text: str, span: QuotedSpan) -> int:
    """Offset just past a span's closing mark."""
    end = span.end
    while end < len(text) and text[end] in " " + _CLOSING_MARKS:
        end += 1
        if text[end - 1] in _CLOSING_MARKS:
            break
    return end


def _attribute(
    work: _Work,
    attributor: Attributor,
    *,
    sentence_start: int,
    prior_close: int,
    next_open: int,
) -> None:
    """Try after the quote (when its sentence goes on), then before it."""
    text, span = attributor.text, work.span
    said = None
    if span.closed and _may_attribute_after(text, span):
        said = attributor.after(_mark_end(text, span), next_open)
    if said is None:
        said = attributor.before(max(sentence_start, prior_close), span.start - 1)
    if said is not None:
        work.attributed, work.speaker = True, said.speaker


def _may_attribute_after(text: str, span: QuotedSpan) -> bool:
    """A quote ending in a full stop ends its sentence: what follows is not its attribution."""
    if not span.text.endswith("."):
        return True
    return text[_mark_end(text, span) :].lstrip().startswith(",")


def _inherit_within(works: list[_Work]) -> None:
    """An unattributed quote takes the speaker of the nearest attributed quote in its paragraph."""
    for i, work in enumerate(works):
        if work.attributed:
            continue
        before = [w for w in works[:i] if w.attributed]
        after = [w for w in works[i + 1 :] if w.attributed]
        source = before[-1] if before else (after[0] if after else None)
        if source is not None:
            work.attributed, work.speaker = True, source.speaker


def _continue_from(
    works: list[_Work], previous: list[_Work], text: str, paragraphs: list[str], number: int
) -> None:
    """A paragraph that opens with a quote continues the quote that ended the previous one."""
    if not works or not previous or works[0].attributed or not previous[-1].attributed:
        return
    if text[: works[0].span.start].strip() not in _OPENING_MARKS:
        return
    last = previous[-1]
    # An open quotation goes on here; after a closed one, a new quotation is the same
    # speaker's only where the paragraphs name them.
    speaker = last.speaker
    if last.span.closed and speaker is not None:
        speaker = speaker if _named_in(speaker, paragraphs[number - 2] + "\n" + text) else None
    for work in works:
        if not work.attributed:
            work.attributed, work.speaker = True, speaker


def _continue_back(works: list[_Work], previous: list[_Work], text: str) -> None:
    """A quotation left open at the end of a paragraph, unattributed there, is continued by
    this paragraph's opening quotation: it takes that quotation's speaker."""
    if not works or not previous or not works[0].attributed:
        return
    last = previous[-1]
    if last.attributed or last.span.closed:
        return
    if text[: works[0].span.start].strip() not in _OPENING_MARKS:
        return
    last.attributed, last.speaker = True, works[0].speaker


def _named_in(speaker: str, text: str) -> bool:
    """Is the speaker named (by surname at least) in `text`?"""
    surname = speaker.rsplit(maxsplit=1)[-1]
    return re.search(rf"(?<!\w){re.escape(surname)}(?!\w)", text) is not None


_OPENING_MARKS = {'"', "“", "„", "«"}
