"""Evidence: the article's own sentences an item rests on, found like a quotation.

    EvidenceFinder(article).locate(Evidence(text, paragraph)) -> Found   # raises Failed
    EvidenceFinder(article).best(claim, limit=2) -> list[Found]         # for `verify --claims`

An engine names its evidence as exact text with a paragraph number. It is found
verbatim (folding only whitespace, quote marks and dashes, like a quote), in
the cited paragraph first, then anywhere (a moved citation is reported, not
hidden), and widened to the whole sentences that hold it: a fragment cannot
cut a "not" or a "critics said" off its sentence. `best` picks the sentences of
the article that share most content words with a claim, for a draft that
names no evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from bot.article.model import Article
from bot.briefs import Evidence
from bot.grounding.claim_words import content_keys
from bot.grounding.quote_gate import Failed
from bot.grounding.quotes import (
    Located,
    find_verbatim_in,
    on_word_boundaries,
    paragraph_segments,
    quote_core,
)
from bot.text.sentences import sentence_spans

__all__ = ["MIN_WORDS", "EvidenceFinder", "Found"]

MIN_WORDS = 3
"""Evidence shorter than this could stand for any sentence that holds it."""


@dataclass(frozen=True)
class Found:
    """Whole sentences of paragraph `paragraph`: `text == paragraph_text[start:end]`."""

    paragraph: int
    start: int
    end: int
    text: str
    moved_from: int | None = None
    """The paragraph the engine cited, when the evidence is elsewhere."""

    def evidence(self) -> Evidence:
        return Evidence(text=self.text, paragraph=self.paragraph)


class EvidenceFinder:
    """Finds evidence in one article; sentence boundaries are computed once per paragraph."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self._spans: dict[int, list[tuple[int, int]]] = {}

    def locate(self, given: Evidence) -> Found:
        article = self.article
        text = quote_core(given.text.strip())
        if len(text.split()) < MIN_WORDS:
            raise Failed(f"evidence “{given.text}” is too short to stand for a sentence")
        cited = given.paragraph if article.has_paragraph(given.paragraph) else None
        exact = article.paragraph(cited).find(text) if cited is not None else -1
        if exact >= 0 and on_word_boundaries(
            article.paragraph(cited or 0), exact, exact + len(text)
        ):
            found: Located | None = Located(cited or 0, exact, exact + len(text), text)
        else:  # folding whitespace, quote marks and dashes; cited paragraph first
            found = find_verbatim_in(article, text, paragraph_segments(article, cited))
        if found is None:
            shown = _short(given.text)
            if cited is None:
                raise Failed(
                    f"evidence “{shown}” is not in the article "
                    f"(paragraph {given.paragraph} does not exist)"
                )
            raise Failed(f"evidence “{shown}” is not in paragraph {cited} nor elsewhere")
        start, end = self._widen(found.paragraph, found.start, found.end)
        paragraph = article.paragraph(found.paragraph)
        moved = given.paragraph if found.paragraph != given.paragraph else None
        return Found(found.paragraph, start, end, paragraph[start:end], moved)

    def locate_all(self, given: Sequence[Evidence]) -> tuple[list[Found], list[str]]:
        """The pieces found, once each, in article order, and why each other one was not.

        Fails when none is found: the item then rests on nothing. A piece that is not
        found is left out, and the item must be supported by the rest.
        """
        if not given:
            raise Failed("no evidence: the item names no sentence of the article")
        found: dict[tuple[int, int], Found] = {}
        failures: list[str] = []
        for piece in given:
            try:
                located = self.locate(piece)
            except Failed as failure:
                failures.append(str(failure))
                continue
            found.setdefault((located.paragraph, located.start), located)
        if not found:
            raise Failed(failures[0])
        return [found[k] for k in sorted(found)], failures

    def best(self, claim: str, *, limit: int = 2) -> list[Found]:
        """The sentences that share most content words with `claim` (at most `limit`).

        The first is the best match; a second is added only when it brings words the
        first lacks, so a claim joining two sentences can be checked against both.
        """
        wanted = content_keys(claim)
        if not wanted:
            return []
        ranked = sorted(
            (
                (len(wanted & keys), -n, -start, n, start, end, keys)
                for n, start, end, keys in self._sentences
            ),
            reverse=True,
        )
        chosen: list[Found] = []
        covered: set[str] = set()
        for shared, _, _, n, start, end, keys in ranked:
            if shared == 0 or len(chosen) >= limit:
                break
            if chosen and not (keys & wanted) - covered:
                continue
            chosen.append(Found(n, start, end, self.article.paragraph(n)[start:end]))
            covered |= keys & wanted
            if covered >= wanted:
                break
        return sorted(chosen, key=lambda f: (f.paragraph, f.start))

    @cached_property
    def _sentences(self) -> list[tuple[int, int, int, frozenset[str]]]:
        out = []
        for n in range(1, len(self.article.paragraphs) + 1):
            paragraph = self.article.paragraph(n)
            for start, end in self._spans_of(n):
                out.append((n, start, end, frozenset(content_keys(paragraph[start:end]))))
        return out

    def _spans_of(self, number: int) -> list[tuple[int, int]]:
        if number not in self._spans:
            self._spans[number] = sentence_spans(self.article.paragraph(number))
        return self._spans[number]

    def _widen(self, number: int, start: int, end: int) -> tuple[int, int]:
        """The whole sentences that `start:end` touches."""
        spans = [(s, e) for s, e in self._spans_of(number) if s < end and e > start]
        if not spans:
            return start, end
        return min(s for s, _ in spans), max(e for _, e in spans)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
