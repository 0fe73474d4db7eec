"""Numbers, proper names and dates: the facts a summary, explainer or draft must not invent.

`ArticleFacts` reads an article once (numbers per paragraph, how it uses each
word) and then checks any text against chosen paragraphs (`check(text, [3, 4])`,
the gate's use) or the whole article (`check(text)`, `verify`'s use). The rules
for what counts as a number, a name or a day live in `bot.grounding.numbers`,
`bot.grounding.names` and `bot.grounding.dates`; text inside quotation marks
should be masked first (`mask_quotations`), since quotations are checked as
quotations. Decided here: a full name citing a paragraph that gives only the
surname is backed when the article gives the full name elsewhere; an ordered
pair ("voted 2-7") fails where the paragraphs give it reversed ("7-2"); a
weekday or month must be somewhere in the article, whatever is cited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.article.model import Article
from bot.grounding.dates import article_calendar, calendar_words
from bot.grounding.names import NameMention, Vocabulary, WordIndex, find_names, name_in
from bot.grounding.numbers import NumberMention, NumberPair, find_numbers, find_pairs, number_in
from bot.text.normalize import QuotedSpan, quoted_spans

FactKind = Literal["number", "name", "date"]


@dataclass(frozen=True)
class Finding:
    """One number, name or date from the checked text, and whether the haystack backs it.

    `detail` says more about a failure ("the article has 7-2").
    """

    kind: FactKind
    text: str
    found: bool
    detail: str = ""


class ArticleFacts:
    """An article's numbers and words, indexed for repeated checks.

    `extra` texts (title, byline, date) count as part of the article when a
    check covers the whole article, never when it names paragraphs.
    """

    def __init__(self, article: Article, *, extra: Sequence[str | None] = ()) -> None:
        self._paragraphs = list(article.paragraphs)
        self._extra = [text for text in extra if text]
        self._numbers = [find_numbers(p) for p in self._paragraphs]
        self._extra_numbers = [n for text in self._extra for n in find_numbers(text)]
        self._pairs = [find_pairs(p) for p in self._paragraphs]
        self._extra_pairs = [n for text in self._extra for n in find_pairs(text)]
        self._calendar = article_calendar([*self._paragraphs, *self._extra])
        self.vocabulary = Vocabulary([*self._paragraphs, *self._extra])
        self._indexes: dict[tuple[int, ...] | None, WordIndex] = {}

    def check(
        self,
        text: str,
        paragraphs: Sequence[int] | None = None,
        *,
        names: bool = True,
        openers: bool = True,
    ) -> list[Finding]:
        """Every number, date and (unless `names=False`) name in `text`, found or not.

        `paragraphs` are 1-based and must exist; None means the whole article.
        Pronoun-like "one" is not checked. `openers=False` leaves a lone
        capitalised word opening a sentence unchecked unless it looks like a
        name for other reasons (for labels and table cells).
        """
        findings = self.check_numbers(text, paragraphs)
        findings += [
            Finding("date", word.text, word.name in self._calendar) for word in calendar_words(text)
        ]
        if names:
            findings += [
                Finding("name", name.text, self._name_backed(name, paragraphs))
                for name in find_names(text, self.vocabulary, openers=openers)
            ]
        return findings

    def check_numbers(self, text: str, paragraphs: Sequence[int] | None = None) -> list[Finding]:
        """Every number in `text`; an ordered pair ("voted 5-4") as one number, both in order."""
        numbers = self._numbers_in(paragraphs)
        found_pairs = find_pairs(text)
        pairs = self._pairs_in(paragraphs)
        placed = [
            (mention.start, Finding("number", mention.text, number_in(mention, numbers)))
            for mention in find_numbers(text)
            if not mention.ambiguous
            and not any(p.start <= mention.start and mention.end <= p.end for p in found_pairs)
        ]
        for pair in found_pairs:
            if any(pair.same(p) for p in pairs):
                placed.append((pair.start, Finding("number", pair.text, True)))
                continue
            # A score or vote is one fact: "5-3" is not backed by a 5 and a 3 found apart.
            near = pair.reversed_in(pairs) or next(
                (p for p in pairs if p.first == pair.first), pairs[0] if len(pairs) == 1 else None
            )
            detail = f"the article has {near.text}" if near is not None else "not as a pair"
            placed.append((pair.start, Finding("number", pair.text, False, detail)))
        return [finding for _, finding in sorted(placed, key=lambda item: item[0])]

    def _name_backed(self, name: NameMention, paragraphs: Sequence[int] | None) -> bool:
        """Every word where cited; or the last word (a surname) there and the rest in the article.

        Articles give a full name once and the surname after: "David Marcus"
        citing a paragraph that says "Mr. Marcus" is backed when the article
        names David Marcus somewhere.
        """
        loose = self.vocabulary.lower
        index = self._index(paragraphs)
        if name_in(name, index, loose):
            return True
        if paragraphs is None or not name.exact_case or len(name.words) < 2:
            return False
        surname = name.words[-1]
        return index.has(surname, loose) and name_in(name, self._index(None), loose)

    def _numbers_in(self, paragraphs: Sequence[int] | None) -> list[NumberMention]:
        if paragraphs is None:
            return [n for found in self._numbers for n in found] + self._extra_numbers
        return [n for number in paragraphs for n in self._numbers[number - 1]]

    def _pairs_in(self, paragraphs: Sequence[int] | None) -> list[NumberPair]:
        if paragraphs is None:
            return [n for found in self._pairs for n in found] + self._extra_pairs
        return [n for number in paragraphs for n in self._pairs[number - 1]]

    def word_index(self) -> WordIndex:
        """The whole article's `WordIndex` (with the `extra` texts), built once."""
        return self._index(None)

    def _index(self, paragraphs: Sequence[int] | None) -> WordIndex:
        cache_key = None if paragraphs is None else tuple(sorted(set(paragraphs)))
        if cache_key not in self._indexes:
            if cache_key is None:
                self._indexes[None] = WordIndex([*self._paragraphs, *self._extra])
            else:
                # Index each paragraph once; a citation set is the union of its paragraphs'.
                self._indexes[cache_key] = WordIndex.union(
                    self._paragraph_index(n) for n in cache_key
                )
        return self._indexes[cache_key]

    def _paragraph_index(self, number: int) -> WordIndex:
        key = (number,)
        if key not in self._indexes:
            self._indexes[key] = WordIndex([self._paragraphs[number - 1]])
        return self._indexes[key]


def mask_quotations(text: str, spans: Sequence[QuotedSpan] | None = None) -> str:
    """`text` with the inside of each quotation replaced by "…", marks kept.

    The marks stay so that the words around a quotation keep their place in
    the sentence ("…," Lopez said: "Lopez" still does not open a sentence).
    """
    spans = quoted_spans(text) if spans is None else spans
    out, last = [], 0
    for span in spans:
        out += [text[last : span.start], "\u2026"]
        last = span.end
    out.append(text[last:])
    return "".join(out)
