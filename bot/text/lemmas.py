"""Word forms: what a word may be matched by when a claim is checked against its evidence.

    forms("cancelled") -> {"cancelled", "cancel"}           # lemmas (lemminflect)
    forms("approval")  -> {"approval", "approv"}           # + Snowball stem: "approved" meets it
    forms("criticised") == forms("criticized")             # British and American spelling meet

Two words meet when their `keys` intersect: their forms share a member, or the newsroom
lexicon (`bot.text.lexicon`) lists them as interchangeable. Lemmas come from
`lemminflect` (a dictionary with part-of-speech tags, so "rose" is also "rise"),
stems from Snowball's English stemmer (so a noun meets its verb: "resignation",
"resigned"). Both are loaded on first use and remembered per word: a brief
checks the same few hundred words many times.
"""

from __future__ import annotations

import re
from functools import lru_cache

import lemminflect
import snowballstemmer

from bot.text.lexicon import synonym_keys

__all__ = ["forms", "is_verb_form", "keys", "lemmas", "warm_up"]

_STEMMER = snowballstemmer.stemmer("english")
# British -ise/-isation/-our/-tre to one spelling; applied to both sides of a match alike.
_ISE = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations)$")
_OUR = re.compile(r"(?<=[a-z]{2}[bhlmv])our(s|ed|ing|able)?$")
_TRE = re.compile(r"(?<=[a-z]{2}[bt])re(s|d)?$")


def _spelling(word: str) -> str:
    word = _ISE.sub(lambda m: "iz" + m.group(1), word)
    word = _OUR.sub(lambda m: "or" + (m.group(1) or ""), word)
    return _TRE.sub(lambda m: "er" + (m.group(1) or ""), word)


@lru_cache(maxsize=65536)
def lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """The dictionary forms of `word` by part of speech ({"VERB": ("rise",), "NOUN": …})."""
    return dict(lemminflect.getAllLemmas(word.lower()))


@lru_cache(maxsize=65536)
def forms(word: str) -> frozenset[str]:
    """Everything `word` may be matched by: itself, its lemmas, their stems, one spelling."""
    lower = word.lower().replace("’", "'")
    if lower.endswith("'s"):
        lower = lower[:-2]
    base = {lower, _spelling(lower)}
    for found in lemmas(lower).values():
        base.update(found)
        base.update(_spelling(lemma) for lemma in found)
    stems = {_STEMMER.stemWord(form) for form in base}
    return frozenset(base | stems)


@lru_cache(maxsize=65536)
def _keys(word: str) -> frozenset[str]:
    """`forms` plus the lexicon's synonym-group keys of any of them."""
    found = forms(word)
    return found | synonym_keys(found)


def keys(word: str) -> frozenset[str]:
    """What `meet` compares: a word meets another when their keys intersect."""
    return _keys(word)


@lru_cache(maxsize=65536)
def is_verb_form(word: str) -> bool:
    """Is `word` an inflected verb ("voted", "says", "told"), not a bare noun-or-verb?"""
    found = lemmas(word)
    verbs = found.get("VERB", ())
    lower = word.lower()
    return bool(verbs) and lower not in verbs and "AUX" not in found


def warm_up() -> None:
    """Load the dictionaries now (about half a second), not in the first brief's time."""
    forms("warmed")
