"""Proper names in running text, and whether a haystack of article text backs them.

A name is a run of capitalised words ("Mayor Ana Lopez", "Westbrook Transit
Authority"), minus capitalised words that are not names (sentence openers,
pronouns, days, months; see `bot.text.wordlists`). A capitalised word that
opens a sentence is a name only when the run is longer than one word, when the
article uses the word as a name mid-sentence, when it looks like one (it is
followed by "said" or a possessive and the article never uses it in lower case),
or when the article never uses the word at all (`bot.text.openers`).

`name_in` checks a name word by word: "Mayor Lopez" is backed when "Mayor" and
"Lopez" both appear. Names compare case-sensitively and accent-insensitively;
generic words of names ("Council", "Street", "Mayor"), and words the article
itself writes in lower case, also match in lower case; an acronym matches the
initials of neighbouring capitalised words ("CPUC").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from bot.text.normalize import fold
from bot.text.openers import never_a_name, new_name_at_start, word_bases
from bot.text.wordlists import (
    ABBREVIATIONS,
    COMMON_OPENERS,
    CONNECTORS,
    GENERIC_NAME_WORDS,
    HONORIFICS,
    NOT_NAMES,
    SPEECH_VERBS,
)

# "Lopez called the plan …" tells a name from an opener, though "called" attributes no quote.
_VERBS_AFTER_NAMES = SPEECH_VERBS | {"call", "calls", "called", "tell", "say"}

_TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:['-][^\W\d_]+)*")
_SENTENCE_END_RE = re.compile(r"[.!?:\n]")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    sentence_start: bool

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()


@dataclass(frozen=True)
class NameMention:
    """A name as written (`text`) and the words that must each be found (`words`).

    `exact_case` is False for a one-word name opening a sentence, where the
    capital letter says nothing.
    """

    text: str
    words: tuple[str, ...]
    start: int
    end: int
    exact_case: bool = True


def tokenize(text: str) -> list[Token]:
    """Words of `fold(text)` with a flag for those that open a sentence."""
    return list(_tokenize(text))


@lru_cache(maxsize=1024)
def _tokenize(text: str) -> tuple[Token, ...]:
    """`tokenize`, remembered: the gate reads the same paragraphs for several indexes."""
    folded = fold(text)
    tokens: list[Token] = []
    for match in _TOKEN_RE.finditer(folded):
        gap = folded[tokens[-1].end : match.start()] if tokens else ""
        opens = not tokens or _ends_sentence(tokens[-1].text, gap)
        tokens.append(Token(match.group(), match.start(), match.end(), opens))
    return tuple(tokens)


def _ends_sentence(previous: str, gap: str) -> bool:
    if gap.endswith(('"', "(")):
        return True  # an opening quote or bracket: its first word is capitalised anyway
    if not _SENTENCE_END_RE.search(gap):
        return False
    return not (gap.strip() == "." and (previous in ABBREVIATIONS or _is_initial(previous)))


def _is_initial(word: str) -> bool:
    return len(word) == 1 and word.isupper()


@lru_cache(maxsize=1 << 16)
def key(word: str) -> str:
    """A word as names compare: no accents, no possessive, no dots in acronyms."""
    word = unicodedata.normalize("NFKD", word)
    word = "".join(c for c in word if not unicodedata.combining(c))
    word = re.sub(r"'s?$", "", word)
    return word.replace(".", "")


class Vocabulary:
    """What an article says about its words: which it uses as names, which in lower case."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.names: set[str] = set()
        self.lower: set[str] = set()
        self._words: set[str] = set()
        for text in texts:
            for token in tokenize(text):
                parts = [key(p) for p in token.text.split("-")]
                self._words.update([key(token.text), *parts])
                if token.text[0].islower():
                    self.lower.update(parts)
                elif not token.sentence_start:
                    self.names.update(parts)

    @cached_property
    def bases(self) -> set[str]:
        """`openers.word_bases` of every word, in any case (read when first needed)."""
        return {base for word in self._words for base in word_bases(word)}


class WordIndex:
    """The words of a haystack, for `name_in`, and the acronyms its names make.

    "California Public Utilities Commission" also backs "CPUC", and "California
    Independent System Operator" backs "ISO": the initials of any two or more
    neighbouring capitalised words.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self.exact: set[str] = set()
        self.capitalised_lower: set[str] = set()
        self.any_lower: set[str] = set()
        for text in texts:
            tokens = tokenize(text)
            for token in tokens:
                for part in [token.text, *token.text.split("-")]:
                    word = key(part)
                    self.exact.add(word)
                    self.any_lower.add(word.lower())
                    if word[:1].isupper():
                        self.capitalised_lower.add(word.lower())
            self.exact.update(_acronyms(tokens, fold(text)))

    @classmethod
    def union(cls, indexes: Iterable[WordIndex]) -> WordIndex:
        """The index of all the texts of `indexes` (each text is indexed on its own anyway)."""
        merged = cls(())
        for index in indexes:
            merged.exact |= index.exact
            merged.capitalised_lower |= index.capitalised_lower
            merged.any_lower |= index.any_lower
        return merged

    def has(self, word: str, loose: Collection[str] = frozenset()) -> bool:
        """Case-sensitive, except "NASA" backs "Nasa" and "council" backs "Council".

        Words in `loose` (those an article uses in lower case) match in any case.
        """
        if word in self.exact or word.lower() in self.capitalised_lower:
            return True
        lower = word.lower()
        return (lower in GENERIC_NAME_WORDS or lower in loose) and lower in self.any_lower


def _acronyms(tokens: Sequence[Token], folded: str) -> set[str]:
    """Initials of every stretch of two or more neighbouring capitalised words."""
    found: set[str] = set()
    run: list[str] = []  # the initials of the current stretch
    previous_end = -1
    for token in tokens:
        text = token.text
        joined = previous_end >= 0 and folded[previous_end : token.start] == " "
        previous_end = token.end
        capitalised = text[0].isupper()
        if capitalised and joined and not token.sentence_start:
            run.append(text[0])
            continue
        if text in CONNECTORS and joined and run:
            continue
        _add_initials(found, run)
        run = [text[0]] if capitalised and text not in NOT_NAMES else []
    _add_initials(found, run)
    return found


_MAX_ACRONYM = 10


def _add_initials(found: set[str], run: list[str]) -> None:
    """Every run of two or more consecutive initials (at most `_MAX_ACRONYM` letters)."""
    initials = "".join(run)
    size = len(initials)
    found.update(
        initials[a:b] for a in range(size) for b in range(a + 2, min(size, a + _MAX_ACRONYM) + 1)
    )


def name_in(name: NameMention, index: WordIndex, loose: Collection[str] = frozenset()) -> bool:
    """Whether every word of `name` is in `index` (see `WordIndex.has`)."""
    if not name.exact_case:
        return all(word.lower() in index.any_lower for word in name.words)
    return all(index.has(word, loose) for word in name.words)


def find_names(text: str, vocabulary: Vocabulary, *, openers: bool = True) -> list[NameMention]:
    """Every name in `text`; see the module docstring for what counts.

    `openers=False`: a lone word opening a sentence is a name only for the
    article's own reasons (known as a name, "said" after it), never for being
    absent from the article: for labels and table cells ("Cost", "Item").
    """
    tokens = tokenize(text)
    folded = fold(text)
    names: list[NameMention] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].capitalised:
            i += 1
            continue
        run = _run(tokens, folded, i)
        i = run[-1] + 1
        kept = _trim(tokens, run)
        if kept and _is_name(tokens, kept, vocabulary, openers=openers):
            start, end = tokens[kept[0]].start, tokens[kept[-1]].end
            words = _significant_words(tokens[j].text for j in kept)
            opener = len(kept) == 1 and tokens[kept[0]].sentence_start
            if words:
                names.append(NameMention(folded[start:end], words, start, end, not opener))
    return names


def _run(tokens: list[Token], folded: str, i: int) -> list[int]:
    """Indexes of the capitalised run from token `i`, joined by spaces and connectors."""
    run = [i]
    j = i + 1
    while j < len(tokens):
        gap = folded[tokens[j - 1].end : tokens[j].start]
        joined = gap == " " or (gap == ". " and _is_initial(tokens[j - 1].text))
        if not joined or tokens[j].sentence_start:
            break
        if tokens[j].capitalised:
            run.append(j)
            j += 1
        elif tokens[j].text in CONNECTORS and j + 1 < len(tokens) and tokens[j + 1].capitalised:
            if folded[tokens[j].end : tokens[j + 1].start] != " ":
                break
            run += [j, j + 1]
            j += 2
        else:
            break
    return run


def _trim(tokens: list[Token], run: list[int]) -> list[int]:
    """Drop words that are not names (and dangling connectors) from both ends of a run."""

    def droppable(j: int) -> bool:
        word = tokens[j].text
        return not tokens[j].capitalised or key(word) in NOT_NAMES or word in NOT_NAMES

    start, end = 0, len(run)
    while start < end and droppable(run[start]):
        start += 1
    while end > start and droppable(run[end - 1]):
        end -= 1
    return run[start:end]


def _is_name(
    tokens: list[Token], kept: list[int], vocabulary: Vocabulary, *, openers: bool
) -> bool:
    first = tokens[kept[0]]
    if not first.sentence_start or len(kept) > 1:
        return True
    word = key(first.text)
    if word in vocabulary.names:
        return True
    if word.lower() in vocabulary.lower or word in COMMON_OPENERS or never_a_name(word):
        return False
    after = kept[0] + 1
    said = after < len(tokens) and tokens[after].text.lower() in _VERBS_AFTER_NAMES
    if said or first.text != word:
        return True  # followed by "said", or possessive
    return openers and new_name_at_start(word, vocabulary.bases)


def _significant_words(words: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for word in words:
        for piece in word.split("-"):
            part = key(piece)
            if not part or not part[0].isupper() or _is_initial(part):
                continue
            if part in HONORIFICS or part in NOT_NAMES or part in out:
                continue
            out.append(part)
    return tuple(out)
