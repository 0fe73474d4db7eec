"""Background explainers: outside knowledge, kept apart from the story.

    check_background(article, term, text)      # raises Failed

A background explainer says what a term means in general ("Storm surge: a
rise in sea level pushed ashore by a storm's winds"), which the article may not
say. It is shown labelled as not from the article, so it must not be about the
story: it is not about a person the article names (only the article may
describe its people), it mentions none of them, reports nobody's words, and
names no day or time of the story's events. It is never about the brief or its
instructions. (That its term occurs in the article is checked by the gate, with
its evidence.)
"""

from __future__ import annotations

import itertools
import re

from bot.article.model import Article
from bot.grounding.claim_words import tokens
from bot.grounding.quote_gate import Failed
from bot.text.lexicon import ATTRIBUTION, FRAMING
from bot.text.parsed import Parsed
from bot.text.people import PersonIndex
from bot.text.wordlists import SPEECH_VERBS

__all__ = ["check_background"]

_STORY_TIME = frozenset(
    [
        "yesterday",
        "today",
        "tonight",
        "tomorrow",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "recently",
        "lately",
        "currently",
    ]
)
_STORY_TIME_PAIRS = frozenset(
    f"{a} {b}"
    for a in ("this", "last", "next")
    for b in ("week", "month", "year", "weekend", "morning", "evening", "night")
)
_PERSONAL = frozenset(["i", "me", "my", "we", "us", "our", "you", "your"])


def check_background(article: Article, term: str, text: str) -> None:
    words = tokens(text)
    lower = [t.lower for t in words]
    people = PersonIndex(Parsed.read(list(article.paragraphs)))
    term_words = {t.lower for t in tokens(term)}
    if people.is_person(term) or any(people.is_person(n) for n in _runs(term)):
        raise Failed(
            "background about a person in the story: only the article may describe its people"
        )
    if _named(article, term):
        raise Failed(
            f"background about “{term}”, a name in the story: only the article may describe "
            "the story's people, bodies and places"
        )
    capitalised = {t.text for t in words if t.text[:1].isupper()}
    for name in sorted(people.names):
        surname = name.split()[-1]
        if surname in capitalised and surname.lower() not in term_words:
            raise Failed(f"background mentions {name}, who is in the story")
    if said := next(
        (t.text for t in words if t.lower in ATTRIBUTION or t.lower in SPEECH_VERBS), None
    ):
        raise Failed(f"background reports what someone says (“{said}”): that is the story's part")
    pairs = {f"{a} {b}" for a, b in itertools.pairwise(lower)}
    when = next((t.text for t in words if t.lower in _STORY_TIME), None) or next(
        iter(sorted(pairs & _STORY_TIME_PAIRS)), None
    )
    if when:
        raise Failed(f"background speaks of the story's events (“{when}”)")
    if person := next((t.text for t in words if t.lower in _PERSONAL), None):
        raise Failed(f"background speaks in the first or second person (“{person}”)")
    if framing := [t.text for t in words if t.lower in FRAMING]:
        raise Failed("instruction echo: “" + "”, “".join(framing) + "” is about the brief")


def _named(article: Article, term: str) -> bool:
    """Does the article use the term as a proper name ("Ashcombe Trust", "Harlow County",
    "NATO"), rather than a common term ("storm surge", "structurally deficient")? It does
    when it never writes it in lower case, other than at the start of a sentence."""
    if re.fullmatch(r"[A-Z]{2,}s?", term.strip()):
        return True
    pattern = re.compile(r"(?<![\w-])" + re.escape(term) + r"(?![\w-])", re.IGNORECASE)
    capitalised = False
    for paragraph in article.paragraphs:
        for found in pattern.finditer(paragraph):
            if found.group()[:1].islower():
                return False
            before = paragraph[: found.start()].rstrip(" \"“‘'(")
            if before and before[-1] not in ".!?:":
                capitalised = True
    return capitalised


def _runs(term: str) -> list[str]:
    """ "Judge Amelia Ford" -> ["Judge Amelia Ford", "Amelia Ford", "Ford"]."""
    parts = term.split()
    return [" ".join(parts[i:]) for i in range(len(parts))]
