"""Polarity, modality and figures: does the claim keep what its evidence clauses say?

Each check returns None when the claim keeps it, else the reason shown to the reader:
an opposite ("fund" where the claim says "cancel"), a negation added or lost (as a whole,
and verb by verb: "did not approve … and raised" is not "approved … and did not raise"),
a hedge or future made a fact ("may", "is expected to", "plans to", "will", a question),
a condition dropped ("if …"), a figure that is not in the evidence sentences.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache

from bot.grounding.claim_words import CONDITIONS, Token, lemma_forms, meets
from bot.grounding.negation import is_negator
from bot.grounding.numbers import NumberMention, find_numbers, number_in
from bot.text.lemmas import lemmas
from bot.text.lexicon import (
    FUTURE,
    HEDGES,
    INTENTIONS,
    NEGATIVE_VERBS,
    opposites_of,
)


def _used(matched: dict[int, list[tuple[int, Token]]]) -> set[tuple[int, int]]:
    return {(n, t.index) for hits in matched.values() for n, t in hits}


def opposite(said: list[Token], aligned: list[list[Token]]) -> str | None:
    """The evidence says the opposite of a claim word ("fund" where the claim says "cancel")."""
    claim_forms = [(t, lemma_forms(t.lower)) for t in said]
    for token, found in claim_forms:
        opposite = opposites_of(found)
        if not opposite:
            continue
        for word in (w for part in aligned for w in part):
            word_forms = lemma_forms(word.lower)
            if word_forms & opposite and not any(meets(c, word) for c in said):
                return (
                    f"contradicts the evidence: the article says “{word.text}” "
                    f"where the point says “{token.text}”"
                )
    return None


@lru_cache(maxsize=2048)
def _numbers_in(text: str) -> tuple[NumberMention, ...]:
    return tuple(find_numbers(text))


def numbers(claim: str, evidence: Sequence[str]) -> str | None:
    """Every figure of the claim is in its evidence sentences, not only somewhere in their
    paragraphs ("£12,000" from another sentence is not what this one says). Values are
    compared as the facts check compares them: "twenty" is 20, "$4.5m" is "$4.5 million".
    Which clause a figure stands in is not checked (a known limit: "fell 3%" passes on
    "fell 12% while sales rose 3%")."""
    haystack = [m for text in evidence for m in _numbers_in(text)]
    for mention in find_numbers(claim):
        if mention.ambiguous or number_in(mention, haystack):
            continue
        return f"number {mention.text} is not in the evidence sentences"
    return None


def negation(
    said: list[Token], aligned: list[list[Token]], matched: dict[int, list[tuple[int, Token]]]
) -> str | None:
    claim_neg = next((t.text for t in said if is_negator(t.lower)), None)
    used = _used(matched)
    evidence_neg = next(
        (
            t.text
            for n, part in enumerate(aligned)
            for t in part
            if is_negator(t.lower) or (t.lower in NEGATIVE_VERBS and (n, t.index) not in used)
        ),
        None,
    )
    if claim_neg and not evidence_neg:
        return f"negation: the point says “{claim_neg}”, the evidence does not"
    if evidence_neg and not claim_neg:
        return f"negation: the evidence says “{evidence_neg}”, the point does not"
    return _negated_where(said, aligned, matched, used)


def _negated_where(
    said: list[Token],
    aligned: list[list[Token]],
    matched: dict[int, list[tuple[int, Token]]],
    used: set[tuple[int, int]],
) -> str | None:
    """Each verb of the claim is negated where, and only where, its evidence clause is:
    "did not approve … and raised" is not "approved … and did not raise"."""
    claim_negated = {t.clause for t in said if is_negator(t.lower)}
    evidence_negated = {
        (n, t.clause)
        for n, part in enumerate(aligned)
        for t in part
        if is_negator(t.lower) or (t.lower in NEGATIVE_VERBS and (n, t.index) not in used)
    }
    for token in said:
        hits = matched.get(token.index)
        if not hits or token.is_name or "VERB" not in lemmas(token.lower):
            continue
        negated = token.clause in claim_negated
        if all(((n, t.clause) in evidence_negated) != negated for n, t in hits):
            where = "negates" if not negated else "does not negate"
            return f"negation: the evidence {where} “{hits[0][1].text}” where the point does"
    return None


def _hedges(words: Sequence[Token]) -> list[Token]:
    """ "may", "is expected", "plans to" (an intention only before "to")."""
    found = []
    for here, after in itertools.zip_longest(words, words[1:]):
        if here is None:
            break
        if here.is_name:
            continue  # "in May" is a month, not a "may"
        if here.lower in HEDGES or (
            here.lower in INTENTIONS and after is not None and after.lower in ("to", "to_be")
        ):
            found.append(here)
    return found


def modality(said: list[Token], aligned: list[list[Token]]) -> str | None:
    hedged = bool(_hedges(said)) or any(t.question for t in said)  # a question keeps it open
    words = [t for part in aligned for t in part]
    hedge = next((t.text for part in aligned for t in _hedges(part)), None)
    if hedge is None and any(t.question for part in aligned for t in part):
        hedge = "?"
    if hedge is not None and not hedged:
        return f"certainty added: the evidence says “{hedge}”, the point does not"
    future = next((t.text for t in words if t.lower in FUTURE), None)
    if future is not None and not hedged and not any(t.lower in FUTURE for t in said):
        return f"certainty added: the evidence says “{future}”, the point gives it as done"
    return None


def condition(
    said: list[Token], shown: list[list[Token]], aligned: list[list[Token]]
) -> str | None:
    """ "… if there is no new offer": a claim that drops the condition must at least hedge."""
    if _hedges(said) or any(t.lower in CONDITIONS for t in said):
        return None
    for part, sentence in zip(aligned, shown, strict=False):
        clauses = {t.clause for t in part}
        for t in sentence:
            if t.lower in CONDITIONS and (t.clause - 1 in clauses or t.clause in clauses):
                return f"condition dropped: the evidence says “{t.text} …”, the point does not"
    return None
