"""The gate's rules for key quotes: the article's exact words, said by whom the article says.

    QuoteGate(article).check(quote) -> Checked      # raises Failed

A quote is kept in the article's own words (`bot.grounding.quotes.locate_quote`)
and at least `MIN_WORDS` words long. A quote cut from a longer quotation right
after a negator is dropped: "we should raise taxes" from "I do not think we
should raise taxes" says the opposite (`bot.grounding.negation`). What the gate
changed on the way is reported, not hidden: a trivial repair of the words, or
a quote found in another paragraph than cited, comes back as a note for
`Brief.dropped`. The speaker is kept only when named near the quotation
(`bot.grounding.speakers`) and not contradicted by the article's own
attribution (`bot.grounding.attributed`); otherwise it is dropped, not guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.article.model import Article
from bot.briefs import Dropped, Quote
from bot.grounding.attributed import Attributions, same_person
from bot.grounding.names import WordIndex
from bot.grounding.negation import negation_before
from bot.grounding.quotes import (
    Located,
    find_verbatim_in,
    locate_quote,
    paragraph_segments,
    search_form,
    strip_quote_marks,
)
from bot.grounding.speakers import attribution_paragraphs, clean_speaker, speaker_named
from bot.text.normalize import words

MIN_WORDS = 2
REPAIRED = "repaired to the article's exact words"
DUPLICATE = "duplicate quote"
IGNORED = "evidence ignored: "
"""A kept item's note: one piece of its evidence was not found; the rest supported it."""

_ENDS = " \t\n,.;:!?\u2026\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


class Failed(Exception):
    """An item did not pass; the message is the reason shown to the reader."""


@dataclass(frozen=True)
class Checked:
    """A quote that passed, and what the gate noted about it (for `Brief.dropped`)."""

    quote: Quote
    notes: list[Dropped]


def is_note(dropped: Dropped) -> bool:
    """Whether a `Brief.dropped` entry reports a change or a duplicate rather than a loss.

    Repaired and moved quotes are still in the brief; a duplicate's first copy is.
    """
    reason = dropped.reason
    return reason.startswith((REPAIRED, "cited paragraph ", DUPLICATE, IGNORED))


class QuoteGate:
    """Checks quotes against one article; the speaker parser runs at most once."""

    def __init__(self, article: Article, *, index: Callable[[], WordIndex] | None = None) -> None:
        """`index` gives the article's `WordIndex` when the caller keeps one already."""
        self.article = article
        self.attributions = Attributions(article)
        self._index_of = index
        self._everywhere: WordIndex | None = None

    def check(self, quote: Quote) -> Checked:
        article = self.article
        text = strip_quote_marks(quote.text)
        if not text:
            raise Failed("empty quote")
        cited = quote.paragraph if article.has_paragraph(quote.paragraph) else None
        located = locate_quote(article, text, cited)
        if located is None:
            if find_verbatim_in(article, text, paragraph_segments(article, cited)) is not None:
                raise Failed("words found in the article, but not inside quotation marks")
            raise Failed("quote not found in the article")
        shown = located.text.strip(" ,;:")  # the article's words, without a dangling comma
        if len(words(shown)) < MIN_WORDS:
            raise Failed(f"fewer than {MIN_WORDS} words: too short to quote on its own")
        negation = negation_before(article.paragraph(located.paragraph), located.start)
        if negation is not None:
            raise Failed(
                f"cut from a longer quotation right after “{negation}”: "
                "on its own it can say the opposite"
            )
        notes = []
        if (note := _note(quote, text, shown, located)) is not None:
            notes.append(note)
        speaker, dropped = self._speaker(quote.speaker, located)
        notes += dropped
        return Checked(Quote(text=shown, speaker=speaker, paragraph=located.paragraph), notes)

    def _speaker(self, claimed: str | None, located: Located) -> tuple[str | None, list[Dropped]]:
        speaker = clean_speaker(claimed)
        if speaker is None:
            return None, []
        found = self.attributions.of(located.paragraph, located.start, located.end)

        def named() -> bool:
            return speaker_named(self.article, speaker, located.paragraph, everywhere=self._index())

        if found is not None and found.person and found.speaker is not None:
            same = same_person(speaker, found.speaker)
            if same or (same is None and named()):
                return speaker, []  # as credited (maybe over a continued quote), or "the mayor"
            reason = f"the article attributes this quote to {found.speaker}; not guessed"
        elif found is not None and found.speaker is not None:  # "a spokesperson said"
            if same_person(speaker, found.speaker) or _described(speaker, found.speaker):
                return speaker, []  # the organisation, or the description, as the article says
            reason = f"the article attributes this quote to {found.speaker}; not guessed"
        elif found is not None:
            reason = "the article's attribution is ambiguous (a pronoun); not guessed"
        elif named():
            return speaker, []
        else:
            where = " or ".join(map(str, attribution_paragraphs(self.article, located.paragraph)))
            reason = f"speaker not named in paragraph {where}; not guessed"
        return None, [Dropped(kind="speaker", text=speaker, reason=reason)]

    def _index(self) -> WordIndex:
        if self._everywhere is None:
            index_of = self._index_of
            self._everywhere = index_of() if index_of else WordIndex(self.article.paragraphs)
        return self._everywhere


def _described(claimed: str, description: str) -> bool:
    """ "a council spokesperson" for "a spokesperson for the council": the same words."""
    mine = {w.lower() for w in words(claimed)} - _ARTICLES
    theirs = {w.lower() for w in words(description)} - _ARTICLES
    return bool(mine) and mine <= theirs


_ARTICLES = frozenset({"a", "an", "the", "for", "of", "at"})


def _note(quote: Quote, text: str, shown: str, located: Located) -> Dropped | None:
    """What changed between the draft's quote and the one kept, if anything."""
    parts = []
    if _comparable(text) != _comparable(shown):
        parts.append(f"{REPAIRED}: “{shown}”")
    if quote.paragraph != located.paragraph:
        parts.append(f"cited paragraph {quote.paragraph}, found in paragraph {located.paragraph}")
    if not parts:
        return None
    return Dropped(kind="quote", text=quote.text, reason="; ".join(parts))


def _comparable(text: str) -> str:
    """The words as `verbatim` compares them, without the punctuation around them."""
    return search_form(text.strip(_ENDS))[0].strip(_ENDS)
