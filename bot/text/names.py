"""Capitalised name runs: the raw material for speakers and explainers.

Without an NLP model, a "name" is a run of capitalised words ("Ana Lopez",
"Wrenmouth Harbour Authority", "Bill de Blasio"), with sentence-initial filler
("The", "But") dropped and job titles split off the front ("Mayor Ana Lopez"
-> title "Mayor", name "Ana Lopez"). `people` decides which runs are people,
`speech` reads speakers from them and `entities` finds what defines them.
Offsets always point into the paragraph, so whatever is shown is the article's
own spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.wordlists import HONORIFICS, STYLES

__all__ = [
    "RELATION_NOUNS",
    "ROLE_NOUNS",
    "NameRun",
    "find_names",
    "is_common_capital",
    "is_honorific",
    "is_org_name",
    "is_title",
    "word_set",
]


def word_set(words: str) -> frozenset[str]:
    """A vocabulary written as whitespace-separated words."""
    return frozenset(words.split())


# Honorifics and job titles that may sit in front of a name ("Mayor", "Sen.").
_TITLES = word_set(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend bishop honour honor
    honourable honorable right prince princess duke duchess queen mayor councillor cllr
    councilman councilwoman alderman sen senator rep representative gov governor president
    vice-president premier minister secretary chancellor judge justice magistrate coroner
    sheriff constable pc dc sgt sergeant det detective insp inspector supt superintendent
    commissioner chief officer capt captain commander cmdr gen general col colonel lt
    lieutenant maj major coach dean principal executive director chair chairman chairwoman
    chairperson supervisor spokesman spokeswoman spokesperson leader manager founder
    """
)
_HONORIFICS = frozenset(w.lower() for w in HONORIFICS) | STYLES
# Lower-case role nouns: "gas fitter Hartley", "a spokeswoman for ...".
ROLE_NOUNS = _TITLES | word_set(
    """
    adviser advisor analyst architect attorney author campaigner candidate clerk
    consultant correspondent economist editor engineer expert farmer fisherman graduate
    head historian hydrologist lawyer member nominee nurse official operative organiser
    organizer owner partner planner reporter researcher resident scientist skipper
    student surgeon teacher treasurer volunteer whip worker writer fitter master
    strategist doctor activist owner-operator boss economist lecturer landlord pilot
    trader
    """
)
# Relations that name a person by who they are to someone: "A neighbour, Aaron Cole,".
RELATION_NOUNS = word_set(
    """
    son daughter wife husband mother father brother sister widow widower partner fiancé
    fiancée neighbour neighbor friend colleague landlord tenant
    """
)
# Words that mark an organisation rather than a person.
_ORG_WORDS = word_set(
    """
    authority council department office agency board court university college school
    hospital trust company inc ltd plc llc corp corporation group party committee
    commission association union ministry service services police institute bank fund
    foundation society club church centre center museum network partners holdings
    assembly parliament house senate congress administration bureau federation
    organisation organization times news post gazette herald press journal guardian
    telegraph tribune programme program alliance coalition caucus consulting marine
    energy foods airlines airport railway station council's associates securities capital
    investments ventures solutions systems technologies media courier chronicle echo
    observer standard mirror express record bulletin chamber league
    """
)
# Capitalised words that start sentences but are not names.
_FILLER = word_set(
    """
    the a an in on at but and or for of to with after before when while as it he she
    they we i you this that these those there his her their its our my your if so yet
    then meanwhile however also according speaking asked last next some many most other
    another each every both all former late since during until despite although though
    because what who where why how here once still even only now today yesterday tonight
    instead monday tuesday wednesday thursday friday saturday sunday january february
    march may april june july august september october november december no yes well oh usually
    """
)
_CONNECTORS = frozenset({"of", "for", "and", "&", "the", "on"})
_JOINERS = frozenset({"of", "for", "on", "&"})
_PARTICLES = frozenset(
    {"de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "la", "le", "bin", "ibn"}
    | {"al", "el"}
)
_INNER = _PARTICLES | _CONNECTORS  # lower-case words that may sit inside a name
_SUFFIXES = frozenset({"QC", "KC", "MP", "MSP", "MS", "MEP", "OBE", "MBE", "CBE", "AM"})

_TOKEN = re.compile(r"[^\W_][\w'’\-]*|&")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


@dataclass(frozen=True)
class NameRun:
    """A run of capitalised words. `name` is the run without titles and suffixes."""

    start: int
    end: int
    name_start: int
    name_end: int
    title_start: int | None

    def text(self, source: str) -> str:
        return source[self.start : self.end]

    def name(self, source: str) -> str:
        return source[self.name_start : self.name_end]

    def speaker(self, source: str) -> str:
        """How to name this person: "Ana Lopez", or "Mr Reyes" when only a surname is given."""
        name = self.name(source)
        if " " not in name and self.title_start is not None:
            return source[self.title_start : self.name_end]
        return name

    def title(self, source: str) -> str | None:
        if self.title_start is None:
            return None
        return source[self.title_start : self.name_start].strip()


def find_names(text: str) -> list[NameRun]:
    """Every run of capitalised words in `text`, titles split off, in order."""
    runs: list[NameRun] = []
    group: list[re.Match[str]] = []
    for token in _TOKEN.finditer(text):
        if group and not _continues(text, group[-1], token):
            runs.extend(_close(text, group))
            group = []
        word = token.group()
        if _is_capital(word) or (group and word.lower() in _INNER):
            group.append(token)
            if _POSSESSIVE.search(word) and len(word) > 2:
                runs.extend(_close(text, group))
                group = []
        elif group:
            runs.extend(_close(text, group))
            group = []
    if group:
        runs.extend(_close(text, group))
    return runs


def is_org_name(name: str) -> bool:
    """Does the name look like an institution ("Harbour Authority") rather than a person?"""
    tokens = name.split()
    if any(t.lower().strip("'’") in _ORG_WORDS for t in tokens):
        return True
    return len(tokens) == 1 and len(name) >= 2 and name.isupper()


def is_common_capital(word: str) -> bool:
    """A capitalised word that is not a name by itself: "The", "Tuesday", "March"."""
    return _plain(word) in _FILLER


def is_honorific(word: str) -> bool:
    """A courtesy title that says nothing about the job: "Mr", "Dr", "His Honour"."""
    return word.rstrip(".").lower() in _HONORIFICS


def is_title(word: str) -> bool:
    return word.rstrip(".").lower() in _TITLES


def _plain(word: str) -> str:
    """Lower-cased, without a contraction: "It's" -> "it", "I'd" -> "i"."""
    return re.split(r"['’]", word.lower(), maxsplit=1)[0]


def _is_capital(word: str) -> bool:
    return word[0].isupper()


def _continues(text: str, previous: re.Match[str], token: re.Match[str]) -> bool:
    """Only spaces (or an abbreviation's full stop) may separate words of one name."""
    gap = text[previous.end() : token.start()]
    if gap.strip() == "":
        return "\n" not in gap and gap != ""
    if gap.startswith(".") and gap[1:].strip() == "" and gap[1:] != "":
        word = previous.group()
        return (len(word) == 1 and word.isupper()) or is_title(word)
    return False


def _close(text: str, group: list[re.Match[str]]) -> list[NameRun]:
    """Trim filler from the ends; keep "of"/"for" joins only after an institution word."""
    while group and (_plain(group[0].group()) in _FILLER | _INNER):
        group = group[1:]
    while group and group[-1].group().lower() in _INNER:
        group = group[:-1]
    if not group:
        return []
    parts: list[list[re.Match[str]]] = [[]]
    for i, m in enumerate(group):
        word = m.group().lower()
        if word in _CONNECTORS:
            head = group[i - 1].group().lower()
            joins = word in _JOINERS and head in _ORG_WORDS
            joins = joins or (word == "the" and head in _JOINERS and len(parts[-1]) > 0)
            if not joins:
                parts.append([])
                continue
        parts[-1].append(m)
    if len(parts) > 1:
        return [run for part in parts if part for run in _close(text, part)]
    return [_make_run(text, group)]


def _make_run(text: str, group: list[re.Match[str]]) -> NameRun:
    start, end = group[0].start(), group[-1].end()
    if text[end : end + 1] == "." and is_title(group[-1].group()):
        end += 1
    words = [m.group() for m in group]
    title_at = max((i for i, w in enumerate(words[:-1]) if is_title(w)), default=-1)
    name_group = group[title_at + 1 :]
    first_title = title_at
    while first_title > 0 and is_title(words[first_title - 1]):
        first_title -= 1  # "Chief Executive Holt": the whole title, not just "Executive"
    title_start = group[first_title].start() if title_at >= 0 else None
    while len(name_group) > 1 and name_group[-1].group() in _SUFFIXES:
        name_group = name_group[:-1]
    name_start, name_end = name_group[0].start(), name_group[-1].end()
    possessive = _POSSESSIVE.search(text, name_start, name_end)
    if possessive and possessive.start() > name_start + 1:
        name_end = possessive.start()
    return NameRun(start, end, name_start, name_end, title_start)
