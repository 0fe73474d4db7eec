"""An article read once: each paragraph's quotations, sentences and capitalised names.

Every part of the extractive engine needs the same three readings of each
paragraph; `Parsed.read` makes them once per draft so a 5,000-word article
stays well under the time budget. Nothing here is cached between drafts.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from bot.text.names import NameRun, find_names
from bot.text.normalize import QuotedSpan, quoted_spans
from bot.text.sentences import Sentence, is_boilerplate, sentence_spans

__all__ = ["Parsed"]


@dataclass(frozen=True)
class Parsed:
    """Per paragraph (index 0 is paragraph 1): text, quotations, sentences, names."""

    paragraphs: list[str]
    quotes: list[list[QuotedSpan]]
    sentences: list[list[Sentence]]
    names: list[list[NameRun]]
    boilerplate: list[bool]
    quote_starts: list[list[int]]

    @classmethod
    def read(cls, paragraphs: list[str]) -> Parsed:
        quotes = [quoted_spans(p) for p in paragraphs]
        sentences = [
            [
                Sentence(number, index, start, end, text[start:end])
                for index, (start, end) in enumerate(sentence_spans(text, spans))
            ]
            for number, (text, spans) in enumerate(zip(paragraphs, quotes, strict=True), 1)
        ]
        return cls(
            paragraphs=paragraphs,
            quotes=quotes,
            sentences=sentences,
            names=[find_names(p) for p in paragraphs],
            boilerplate=[is_boilerplate(p) for p in paragraphs],
            quote_starts=[[s.start for s in spans] for spans in quotes],
        )

    def text(self, number: int) -> str:
        """Paragraph `number`, 1-based like citations."""
        return self.paragraphs[number - 1]

    def all_sentences(self) -> list[Sentence]:
        return [s for paragraph in self.sentences for s in paragraph]

    def inside_quote(self, number: int, offset: int, *, min_words: int = 0) -> bool:
        """Is `offset` of paragraph `number` inside a quotation (of at least `min_words`)?"""
        spans = self.quotes[number - 1]
        at = bisect_right(self.quote_starts[number - 1], offset) - 1
        if at < 0:
            return False
        span = spans[at]  # quotations do not overlap: only the last one starting before counts
        return offset < span.end and len(span.text.split()) >= min_words
