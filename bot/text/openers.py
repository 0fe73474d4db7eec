"""A capitalised word opening a sentence: a name to check, or just the first word?

"Smith backed the plan." and "Officials backed the plan." look alike. The first
word is checked as a name (and so must be in the cited paragraphs) when the
article never uses it, or a simple form of it ("official", "officials",
"official's", "funded" for "Funding"), in any case, and it is not a common
opener (`bot.text.wordlists.SENTENCE_OPENERS`, `COMMON_OPENERS`, number
words, titles), a contraction ("We're"), or shaped like a common noun, verb
form or adverb ("Construction", "Residents", "Used", "Ultimately"; with
exceptions for names such as "Bradley", "Reed" and "Irving").
`bot.grounding.names` asks `new_name_at_start` after its own rules (a known
name, "said" after it) have had their say.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.text.wordlists import (
    COMMON_ENDINGS,
    COMMON_OPENERS,
    GENERIC_NAME_WORDS,
    HONORIFICS,
    NAME_ENDINGS,
    NAMES_WITH_COMMON_ENDINGS,
    NOT_NAMES,
    SENTENCE_OPENERS,
)

_NUMBER_WORDS = frozenset(
    [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "thousand",
        "million",
        "billion",
        "trillion",
        "dozen",
    ]
)
_STOP = (
    SENTENCE_OPENERS
    | _NUMBER_WORDS
    | GENERIC_NAME_WORDS
    | {w.lower() for w in [*COMMON_OPENERS, *NOT_NAMES, *HONORIFICS]}
)
_CONTRACTION_RE = re.compile(r"'(?:re|ll|ve|d|m|t)$|n't$")
_PRONOUNS = frozenset(
    {"nothing", "everything", "something", "anything", "nobody", "somebody", "anybody"}
    | {"everyone", "someone", "anyone", "everybody"}
)
# (ending, replacement): "cities" -> "city", "votes" -> "vote", "funding" -> "fund"; the
# word's other endings too ("approvals" -> "approval" -> "approve").
_SUFFIXES = (
    ("al", "e"),  # "approval" -> "approve"
    ("al", ""),  # "renewal" -> "renew"
    ("ty", ""),  # "safety" -> "safe"
    ("ure", "e"),  # "closure" -> "close"
    ("ies", "y"),
    ("es", ""),
    ("s", ""),
    ("ing", ""),
    ("ing", "e"),
    ("ed", ""),
    ("ed", "e"),
)
_MIN_BASE = 3
_MIN_SHAPED = 6


def word_bases(word: str) -> set[str]:
    """`word` (lower-cased, accents and possessive already removed) and its simple stems."""
    word = word.lower().rstrip("'")
    bases = {word}
    for form in (word, word[:-1] if word.endswith("s") else word):
        for ending, replacement in _SUFFIXES:
            if not form.endswith(ending):
                continue
            base = form[: -len(ending)] + replacement
            if len(base) < _MIN_BASE:
                continue
            bases.add(base)
            if not replacement and ending in ("ing", "ed") and base[-1] == base[-2]:
                bases.add(base[:-1])  # "planned" -> "plan"
    return bases


def never_a_name(word: str) -> bool:
    """A contraction ("We're") or an indefinite pronoun ("Everyone"), even before "said"."""
    lower = word.lower()
    return lower in _PRONOUNS or _CONTRACTION_RE.search(lower) is not None


def new_name_at_start(word: str, article_bases: Collection[str]) -> bool:
    """Whether a sentence-opening `word` is an unknown name the article must back.

    `article_bases` holds `word_bases` of every word of the article, any case.
    """
    lower = word.lower()
    if lower in _STOP or not word[:1].isupper() or never_a_name(word):
        return False
    if "-" in word and any(part[:1].islower() for part in word.split("-")[1:]):
        return False  # "Stay-at-home", "Black-led": not how names are joined
    if any(base in article_bases for base in word_bases(word)):
        return False
    return not (word[1:].islower() and _common_shape(lower))


def _common_shape(lower: str) -> bool:
    """Shaped like a common noun, verb form or adverb ("Construction", "Used", "Finally")."""
    if len(lower) < _MIN_SHAPED or lower in NAMES_WITH_COMMON_ENDINGS:
        return False
    if lower.endswith(NAME_ENDINGS) and not lower.endswith(("ally", "fully")):
        return False
    return lower.endswith(COMMON_ENDINGS)
