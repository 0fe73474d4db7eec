"""Who the article itself says spoke a quotation, to check a draft's speaker against.

The gate's first rule for speakers is "named in the quotation's paragraph or
the one before" (`bot.grounding.speakers`); that passes a wrong speaker who is
merely mentioned there ("…," said John Reed, responding to Mayor Lopez). So the
gate also asks the extractive engine's attribution parser
(`bot.text.attribution`) who the article attributes the quotation to, and
drops a claimed speaker who is someone else (`same_person`). Only people the
parser knows as people count; when it finds nobody, the first rule decides.

The parser runs on first use only, once per article: drafts without speakers
never pay for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.article.model import Article
from bot.grounding.names import key, tokenize
from bot.text.attribution import read_quotes
from bot.text.wordlists import GENERIC_NAME_WORDS, HONORIFICS, NOT_NAMES

_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})


@dataclass(frozen=True)
class Attribution:
    """Who the article credits with a quotation: a person, a description, or nobody it says.

    `speaker` is None when the article attributes the quotation but the parser cannot
    tell to whom (a pronoun with two candidates): then no speaker may be shown.
    """

    paragraph: int
    start: int
    end: int
    speaker: str | None
    person: bool


class Attributions:
    """The article's attributed quotations, read by the parser on first use."""

    def __init__(self, article: Article) -> None:
        self._article = article
        self._found: list[Attribution] | None = None

    @property
    def loaded(self) -> bool:
        """Whether the parser has run for this article."""
        return self._found is not None

    def of(self, paragraph: int, start: int, end: int) -> Attribution | None:
        """The article's attribution of the quotation overlapping [start, end), if any."""
        for found in self._read():
            if found.paragraph == paragraph and found.start < end and start < found.end:
                return found
        return None

    def speaker_of(self, paragraph: int, start: int, end: int) -> str | None:
        """The person the article credits with the quotation overlapping [start, end)."""
        found = self.of(paragraph, start, end)
        return found.speaker if found is not None and found.person else None

    def _read(self) -> list[Attribution]:
        if self._found is None:
            _, people, found = read_quotes(tuple(self._article.paragraphs))
            self._found = [
                Attribution(
                    q.paragraph,
                    q.start,
                    q.end,
                    q.speaker,
                    q.speaker is not None and people.is_person(q.speaker),
                )
                for q in found
                if q.attributed
            ]
        return self._found


def same_person(claimed: str, attributed: str) -> bool | None:
    """Whether two ways of naming someone name the same person; None if `claimed` has no name.

    Surnames must agree ("Ana Lopez", "Mayor Lopez" and "Lopez" all match
    "Ana Lopez"), and given names too when both are given ("Carlos Lopez" does
    not). A one-word name matches a longer one that contains it ("Harry" and
    "Prince Harry"). Accents and case do not count. "Pritchard's deputy" is not Pritchard.
    """
    if re.search(r"['’]s?\s+\S", claimed):
        return False
    mine, theirs = _name_words(claimed), _name_words(attributed)
    if not mine or not theirs:
        return None
    if mine[-1] == theirs[-1]:
        return len(mine) < 2 or len(theirs) < 2 or mine[0] == theirs[0] or mine[0] in theirs
    if len(mine) == 1 or len(theirs) == 1:
        shorter, longer = (mine, theirs) if len(mine) == 1 else (theirs, mine)
        return shorter[0] in longer
    return False


def _name_words(name: str) -> list[str]:
    """The personal name words, folded: no titles, honorifics, initials or suffixes."""
    words = []
    for token in tokenize(name):
        word = key(token.text)
        if not token.capitalised or len(word) < 2 or word in _SUFFIXES:
            continue
        if word in HONORIFICS or word in NOT_NAMES or word.lower() in GENERIC_NAME_WORDS:
            continue
        words.append(word.lower())
    return words
