"""How a brief of an opinion piece speaks: every claim is the author's, never the brief's.

    author_reference("Farah Siddiqui")            -> "Siddiqui"
    attribute("Siddiqui", sentence)               -> "Siddiqui writes: “sentence”"
    attribution_lead(point, byline)               -> length of "Siddiqui argues that " or 0
    first_person(text)                            -> "I" when the author's voice shows, else None

A point is attributed when it opens with the author (surname, full name, or "the
author", "the writer", "the columnist", "the editorial") and a verb of saying or
arguing, or with "According to the author,". First person counts only outside
quotation marks: "Siddiqui writes: “I was wrong”" is attributed, "I was wrong" is not.
"""

from __future__ import annotations

import re

from bot.text.normalize import fold

__all__ = [
    "attribute",
    "attribution_lead",
    "author_reference",
    "first_person",
    "opinion_header",
]


def opinion_header(byline: str | None) -> str:
    """What a brief of an opinion piece says first: "Opinion — by NAME"."""
    return f"Opinion — by {byline}" if byline else "Opinion — author not named"


_GENERIC = ("the author", "the writer", "the columnist", "the editorial", "the authors")
_VERBS = (
    "argues|argue|writes|write|says|say|contends|contend|believes|believe|thinks|think|"
    "suggests|suggest|claims|claim|warns|warn|notes|note|urges|urge|calls|call|concludes|"
    "conclude|recalls|recall|describes|describe|asks|ask|predicts|predict|maintains|maintain|"
    "insists|insist|proposes|propose|questions|question|doubts|doubt|accuses|accuse|"
    "criticises|criticizes|criticise|criticize|praises|praise|points out|point out|"
    "makes the case|make the case|reports|report|observes|observe|adds|add|sees|see|"
    "expects|expect|fears|fear|hopes|hope|wonders|wonder|acknowledges|acknowledge|"
    "concedes|concede|admits|admit|recounts|recount|reflects|reflect|"
    "explains|explain|compares|compare|cites|cite|finds|find|judges|judge|says that"
)
_FIRST_PERSON = re.compile(
    r"\b(?:I|I'm|I've|I'd|I'll|me|my|myself|mine|we|we're|we've|us|our|ours)\b"
)
_QUOTED = re.compile(r"\"[^\"]*\"?")
_MULTIPLE = re.compile(r"\s(?:and|&)\s|,")


def author_reference(byline: str | None) -> str:
    """How a point names the author: the surname of a single byline, else "The author"."""
    if not byline or _MULTIPLE.search(byline):
        return "The author"
    words = [w for w in byline.split() if w[:1].isupper()]
    return words[-1] if words else "The author"


def attribute(author: str, sentence: str) -> str:
    """The author's own sentence as an attributed point: `Siddiqui writes: “…”`."""
    return f"{author} writes: “{sentence.strip()}”"


def attribution_lead(point: str, byline: str | None) -> int:
    """The length of the point's opening attribution to the author, or 0 when it has none."""
    text = fold(point)
    names = [re.escape(n) for n in _author_names(byline)]
    who = "|".join([*(re.escape(g) for g in _GENERIC), *names])
    match = re.match(
        rf"^\s*(?:(?:according to|in the view of|for)\s+(?:{who})(?:'s view)?\s*,"
        rf"|(?:{who})\s+(?:also\s+|further\s+)?(?:{_VERBS})\b(?:\s+that\b)?\s*:?)\s*",
        text,
        re.IGNORECASE,
    )
    return match.end() if match else 0


def first_person(text: str) -> str | None:
    """The first first-person word outside quotation marks ("I", "my", "we"), if any."""
    outside = _QUOTED.sub(" ", fold(text))
    match = _FIRST_PERSON.search(outside)
    return match.group() if match else None


def _author_names(byline: str | None) -> list[str]:
    """ "Farah Siddiqui" -> ["Farah Siddiqui", "Siddiqui", "Ms Siddiqui", …]."""
    if not byline:
        return []
    names: list[str] = []
    for author in re.split(r"\s(?:and|&)\s|,", byline):
        words = [w for w in author.split() if w[:1].isupper()]
        if not words:
            continue
        surname = words[-1]
        names += [" ".join(words), surname]
        names += [f"{t} {surname}" for t in ("Mr", "Mrs", "Ms", "Dr", "Prof")]
    return sorted(set(names), key=len, reverse=True)
