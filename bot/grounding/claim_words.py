"""The words of a claim and of its evidence, as the claims check reads them.

    tokens(text) -> [Token]      # word, lower case, clause, sentence, quoted?, question?

A clause ends at a comma (not one inside "4,200"), a colon, a bracket, a dash, a quotation
mark, "but"/"while"/"if"/"unless", or an "and" that opens a new verb ("… and did not");
the lexicon's two-word phrases are one token ("stepped down" -> "step_down"). Also here:
which words carry content, and the small grammar the checks need (is this word a verb
here, a noun, who does the verb) — read from `lemminflect`'s parts of speech, no parser.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.grounding.negation import is_negator
from bot.grounding.numbers import find_numbers
from bot.text.lemmas import is_verb_form, keys, lemmas
from bot.text.lexicon import (
    ATTRIBUTION,
    FUTURE,
    HEDGES,
    PHRASES,
    phrase_lemma,
)
from bot.text.normalize import fold, quoted_spans


@dataclass(frozen=True)
class Token:
    """One word of a text: as written, lower-cased (phrases joined by "_"), clause, position."""

    text: str
    lower: str
    clause: int
    index: int
    quoted: bool
    first: bool
    """The first word of its sentence: a capital there does not make a name."""
    sentence: int = 0
    question: bool = False
    """Its sentence ends with a question mark."""

    @property
    def is_name(self) -> bool:
        if not self.text[:1].isupper() or self.lower in _FUNCTION:
            return False
        return not self.first or not lemmas(self.lower)

    @property
    def is_number(self) -> bool:
        return _is_number(self.text)


_FUNCTION = frozenset(
    """
    a an the this that these those there here it its he she him her his hers they them
    their theirs we us our ours you your yours i me my mine who whom whose which what when
    where why how and or nor so for then than as at by from in into of off on onto out over
    to under up upon with within about above across after against along amid among around
    before behind below beneath beside besides between beyond despite down during except
    inside like near outside past per through throughout toward towards via any both either
    such same own just also even still already again ever now then meanwhile more less
    least fewer though including however moreover furthermore instead otherwise therefore
    thus once yes is are was were be been being am has have had having do does did done get
    gets got 's mr mrs ms dr one
    """.split()  # noqa: SIM905
)
"""Words that carry no claim of their own (negators, modals and opposites are read apart)."""


DETERMINERS = frozenset(
    ["a", "an", "the", "this", "that", "its", "their", "his", "her", "our", "my", "your", "of"]
)


PRONOUNS = frozenset(["he", "she", "him", "her", "his", "hers", "they", "them", "their", "its"])


_MODALS = frozenset(["will", "would", "may", "might", "can", "could", "should", "must", "did"])


_PREPOSITIONS = frozenset(
    ["from", "in", "on", "at", "by", "for", "with", "after", "before", "until", "since", "to"]
)


CONDITIONS = frozenset(["if", "unless"])


_CLAUSE_OPENERS = frozenset(
    ["that", "had", "has", "have", "was", "were", "is", "are", "will", "would", "did", "could"]
)


_CONTRAST = frozenset(["but", "while", "although", "though", "whereas", "however", "yet"])


_CLAUSE_MARK = re.compile(r"(?<!\d),|,(?!\d)|[;:()\[\]]|\s[-–—]\s|[–—]")


_SENTENCE_END = re.compile(r"[.!?]")


_TOKEN = re.compile(r"\d+(?:[.,]\d+)+[^\W\d_]*|[^\W_]+(?:['’][^\W_]+)*(?:-[^\W_]+)*")


PASSIVE_AUX = frozenset(
    ["is", "are", "was", "were", "be", "been", "being", "get", "got", "gets", "to_be"]
)


RELATIVE = frozenset(["who", "whom", "whose", "which"])


_PLURAL_SUBJECTS = frozenset(["they", "we", "staff", "police", "people", "i", "you"])


@lru_cache(maxsize=4096)
def _is_number(word: str) -> bool:
    return any(c.isdigit() for c in word) or bool(find_numbers(word))


def tokens(text: str) -> list[Token]:
    """The words of `text` with their clause numbers, phrases joined ("step_down")."""
    return list(read_tokens(text))


@lru_cache(maxsize=4096)
def read_tokens(text: str) -> tuple[Token, ...]:
    folded = fold(text)
    spans = quoted_spans(folded)
    ends = [m.start() for m in _SENTENCE_END.finditer(folded)]
    marks = sorted(
        [m.start() for m in _CLAUSE_MARK.finditer(folded)]
        + [s.start for s in spans]
        + [s.end for s in spans]
        + ends
    )
    out: list[Token] = []
    clause, mark_at, end_at, last_end, sentence = 0, 0, 0, -1, 0
    for match in _TOKEN.finditer(folded):
        word = match.group()
        lower = word.lower()
        while mark_at < len(marks) and marks[mark_at] <= match.start():
            mark_at += 1
            clause += 1
        first = not out
        while end_at < len(ends) and ends[end_at] < match.start():
            if ends[end_at] >= last_end:
                first = True
            end_at += 1
        if first and out:
            sentence += 1
        if out and (
            lower in _CONTRAST
            or lower in CONDITIONS
            or (
                out[-1].lower in ("and", "or") and (lower in _CLAUSE_OPENERS or is_verb_form(lower))
            )
        ):
            clause += 1
        quoted = any(s.start <= match.start() < s.end for s in spans)
        question = end_at < len(ends) and folded[ends[end_at]] == "?"
        out.append(Token(word, lower, clause, len(out), quoted, first, sentence, question))
        last_end = match.end()
    return tuple(_titled(_joined(out)))


def _titled(found: list[Token]) -> list[Token]:
    """A capitalised first word before another capital starts a name ("Mayor Lopez said")."""
    out = list(found)
    for i, (here, after) in enumerate(itertools.pairwise(found)):
        if here.first and here.text[:1].isupper() and after.text[:1].isupper():
            out[i] = replace(here, first=False)
    return out


def _joined(found: list[Token]) -> list[Token]:
    """Two-word phrases of the lexicon become one token ("stepped down" -> "step_down")."""
    out: list[Token] = []
    skip = False
    for here, after in itertools.zip_longest(found, found[1:]):
        if here is None:
            break
        if skip:
            skip = False
            continue
        if after is not None and after.clause == here.clause:
            pair = f"{here.lower} {after.lower}"
            joined = _PHRASE_TOKENS.get(pair)
            if joined is not None:
                out.append(replace(here, lower=phrase_lemma(joined), index=len(out)))
                skip = True
                continue
        out.append(here if here.index == len(out) else replace(here, index=len(out)))
    return out


_PHRASE_TOKENS = dict(PHRASES)


def is_content(token: Token) -> bool:
    lower = token.lower
    return not (
        lower in _FUNCTION
        or is_negator(lower)
        or lower in HEDGES
        or lower in FUTURE
        or lower == "to_be"
        or lower in ATTRIBUTION
        or token.is_number
    )


def content_keys(text: str) -> set[str]:
    """The match keys of the content words of `text` (for ranking evidence sentences)."""
    return {k for t in tokens(text) if is_content(t) and not t.is_name for k in keys(t.lower)}


def meets(claim: Token, evidence: Token) -> bool:
    if claim.lower == evidence.lower:
        return True
    return not keys(claim.lower).isdisjoint(keys(evidence.lower))


@lru_cache(maxsize=65536)
def lemma_forms(word: str) -> frozenset[str]:
    found = {word, phrase_lemma(word)}
    for lemma_set in lemmas(word).values():
        found.update(lemma_set)
    return frozenset(found)


def is_adjective(token: Token) -> bool:
    found = lemmas(token.lower)
    return "ADJ" in found and "VERB" not in found and "NOUN" not in found


def _is_plural_noun(token: Token) -> bool:
    found = lemmas(token.lower)
    return "NOUN" in found and token.lower not in found["NOUN"]


def has_object(words: list[Token], at: int) -> bool:
    """Does a noun follow the verb at `at` in its clause before any preposition?"""
    for t in words[at + 1 :]:
        if t.clause != words[at].clause or t.lower in _PREPOSITIONS:
            return False
        if is_noun(t):
            return True
    return False


def is_verb(words: list[Token], at: int) -> bool:
    """Is the word at `at` a verb of its sentence ("voted"), not a noun ("four schools")?"""
    word, before = words[at], words[at - 1]
    modal = before.lower in _MODALS or (
        at > 1 and words[at - 2].lower in _MODALS and "ADV" in lemmas(before.lower)
    )
    if modal and "VERB" in lemmas(word.lower) and not word.is_name:
        return True  # "will pay", "will also pay"
    after = words[at + 1] if at + 1 < len(words) else None
    if (
        "VERB" in lemmas(word.lower)
        and word.lower in lemmas(word.lower)["VERB"]
        and (before.is_name or before.lower in _PLURAL_SUBJECTS or _is_plural_noun(before))
        and after is not None
        and (after.lower in DETERMINERS or after.is_name)
    ):
        return True  # "The staff fund the mayor": a present-tense verb in its base form
    if not is_verb_form(word.lower) or word.is_name or before.lower in DETERMINERS:
        return False
    if "NOUN" in lemmas(word.lower) and word.lower.endswith("s"):
        return before.is_name or before.lower in PRONOUNS
    return not before.is_number


def doer(words: list[Token], at: int) -> Token | None:
    """The doer of the verb at `at`: after "by" in a passive, else the nearest noun before it
    in its clause."""
    verb = words[at]
    if at > 0 and words[at - 1].lower in PASSIVE_AUX:
        after = [t for t in words[at + 1 :] if t.clause == verb.clause]
        by = next((i for i, t in enumerate(after) if t.lower == "by"), None)
        if by is None:
            return None
        return _head(after[by + 1 :])
    before = [t for t in words[:at] if t.clause == verb.clause]
    return next((t for t in reversed(before) if is_noun(t)), None)


def _head(words: list[Token]) -> Token | None:
    """The last word of the noun phrase `words` opens with ("the Charity Commission later
    this year" -> "Commission", "an external auditor" -> "auditor")."""
    head = None
    for t in words:
        if not is_content(t):
            if head is None:
                continue  # "the", "an"
            break
        found = lemmas(t.lower)
        if "ADV" in found and "NOUN" not in found:
            break  # "later", "yesterday"
        if not (t.is_name or "NOUN" in found or "ADJ" in found or not found):
            break
        head = t
    return head


def is_noun(token: Token) -> bool:
    if not is_content(token) or is_verb_form(token.lower):
        return False
    found = lemmas(token.lower)
    return token.is_name or "NOUN" in found or "PROPN" in found or not found
