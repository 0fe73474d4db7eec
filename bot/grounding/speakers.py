"""Whether a quotation's speaker is named where the quotation is.

News style names the speaker in the quotation's paragraph or the one before. A
speaker passes when, in those paragraphs, there is its full name, or its surname
(with every other name word somewhere in the article, so "John Lopez" cannot
borrow "Ana Lopez"), or, for a speaker without a name ("the mayor", "a council
spokesperson"), each word of that title phrase. Pronouns never pass: a speaker
the gate cannot find is dropped, never guessed.
"""

from __future__ import annotations

import re

from bot.article.model import Article
from bot.grounding.names import WordIndex, key, tokenize
from bot.grounding.quotes import find_all
from bot.text.normalize import fold
from bot.text.wordlists import GENERIC_NAME_WORDS, HONORIFICS, NOT_NAMES, PRONOUNS

_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})
_DETERMINERS = frozenset({"the", "a", "an", "of", "for", "at", "in", "on", "and", "to"})


def clean_speaker(speaker: str | None) -> str | None:
    """Whitespace folded and stray punctuation trimmed; None when nothing is left."""
    if speaker is None:
        return None
    text = fold(speaker).strip(" ,;:.-\"'")
    return text or None


def attribution_paragraphs(article: Article, paragraph: int) -> list[int]:
    """The quotation's paragraph and the one before it, where they exist."""
    return [n for n in (paragraph - 1, paragraph) if article.has_paragraph(n)]


def speaker_named(
    article: Article, speaker: str, paragraph: int, *, everywhere: WordIndex | None = None
) -> bool:
    """Whether `speaker` is named in `paragraph` or the one before (see module docstring).

    `everywhere` is the article's `WordIndex`, for callers that check many speakers.
    """
    texts = [article.paragraph(n) for n in attribution_paragraphs(article, paragraph)]
    words = [t.text for t in tokenize(speaker)]
    if any(w.lower() in PRONOUNS for w in words):
        return False
    if all(w.lower() in _DETERMINERS or w in NOT_NAMES for w in words):
        return False  # nothing left to look for ("the", "It")
    if any(next(find_all(speaker, text), None) for text in texts):
        return True  # the speaker exactly as written
    nearby = WordIndex(texts)
    names = [
        key(w)
        for w in words
        if w[0].isupper() and w not in HONORIFICS and w not in NOT_NAMES and w not in _SUFFIXES
    ]
    personal = [w for w in names if w.lower() not in GENERIC_NAME_WORDS]
    # "Lopez's aide" is not Lopez (but "Siân" is just an accented name)
    possessive = any(re.search(r"'s?$", fold(w)) for w in words[:-1])
    if personal and not possessive:
        if not nearby.has(personal[-1]):
            return False  # the surname, where the quotation is
        everywhere = everywhere or WordIndex(article.paragraphs)
        return all(everywhere.has(w) for w in names)
    phrase = [key(w) for w in words if w.lower() not in _DETERMINERS]
    return bool(phrase) and all(_phrase_word_in(w, nearby) for w in phrase)


def _phrase_word_in(word: str, index: WordIndex) -> bool:
    """A word of a title phrase: names as names; "mayor" also as "Mayor"."""
    if word[0].isupper() or word in GENERIC_NAME_WORDS:
        return index.has(word) or index.has(word.capitalize())
    return word in index.exact
