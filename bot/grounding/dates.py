"""Weekdays and months: a date the article does not give is as invented as a number.

`calendar_words(text)` finds "Tuesday", "March", "Oct. 3" and "Sept 30" in a
summary point or draft; `article_calendar(texts)` is every day and month an
article mentions, written in any of those ways. `bot.grounding.facts` checks the
first against the second: a summary saying "on Wednesday" about an article that
only says Tuesday is dropped. "May" and "March" opening a sentence without a
day number after them are read as words, not months.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_FULL = {name: name for name in [*_DAYS, *_MONTHS]}
_SHORT = {
    "mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday",
    "thu": "thursday", "thur": "thursday", "thurs": "thursday", "fri": "friday",
    "sat": "saturday", "sun": "sunday", "jan": "january", "feb": "february",
    "mar": "march", "apr": "april", "jun": "june", "jul": "july", "aug": "august",
    "sep": "september", "sept": "september", "oct": "october", "nov": "november",
    "dec": "december",
}  # fmt: skip
_WORDS_TOO = {"may", "march"}
_WORD_RE = re.compile(r"[A-Za-z]+")
_DAY_NUMBER_RE = re.compile(r"\.?\s*\d{1,2}(?!\d)")
_SENTENCE_END_RE = re.compile(r"[.!?:;\n\"“(]\s*$")


@dataclass(frozen=True)
class CalendarWord:
    """A weekday or month as written (`text`) and its full lower-case name."""

    text: str
    name: str

    @property
    def kind(self) -> str:
        return "weekday" if self.name in _DAYS else "month"


def calendar_words(text: str) -> list[CalendarWord]:
    """Capitalised days and months; abbreviations only with a dot or a day number after."""
    found: list[CalendarWord] = []
    for match in _WORD_RE.finditer(text):
        word = match.group()
        if not word[0].isupper():
            continue
        lower = word.lower()
        dated = _DAY_NUMBER_RE.match(text, match.end()) is not None
        if lower in _FULL:
            opens = _SENTENCE_END_RE.search(text[: match.start()]) or match.start() == 0
            if lower in _WORDS_TOO and opens and not dated:
                continue  # "May we ..." / "March organisers ..."
            found.append(CalendarWord(word, _FULL[lower]))
        elif lower in _SHORT and (dated or text[match.end() : match.end() + 1] == "."):
            found.append(CalendarWord(word, _SHORT[lower]))
    return found


def article_calendar(texts: Iterable[str]) -> set[str]:
    """Every day and month the texts name, however written (generous: it only backs)."""
    names: set[str] = set()
    for text in texts:
        for match in _WORD_RE.finditer(text):
            word = match.group()
            lower = word.lower()
            if lower in _FULL and (word[0].isupper() or lower not in _WORDS_TOO):
                names.add(lower)
            elif lower in _SHORT and word[0].isupper():
                names.add(_SHORT[lower])
    return names
