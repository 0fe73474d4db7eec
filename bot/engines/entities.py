"""Defining phrases: how the article itself explains who or what something is.

Reporters define a name the first time it matters, in a few fixed shapes:

    Jeff Miller, a city councilman in Hendersonville,      appositive
    the harbour master, Siân Pritchard,                     reversed appositive
    Department of Correction spokesman Jason Kersten        role in front
    the Coastal Resilience Fund (CRF)                       acronym
    A storm surge is a temporary rise in sea level ...      "X is a ..."
    a "1-in-200-year" flood — an event with a 0.5% ...      jargon, dash or brackets
    Peter Lindqvist, who leads the opposition group,        relative clause

`find_definitions` collects every one (outside quotations) with the article's
exact words; `explain.pick_explainers` ranks the entities and keeps the best
definition of each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.names import (
    RELATION_NOUNS,
    ROLE_NOUNS,
    NameRun,
    find_names,
    is_common_capital,
    is_honorific,
    is_org_name,
    word_set,
)
from bot.text.parsed import Parsed
from bot.text.people import PersonIndex
from bot.text.wordlists import NOT_NAMES, SENTENCE_OPENERS, SPEECH_VERB_PATTERN

__all__ = ["Definition", "find_definitions"]

# How good each kind of definition is as an explainer (higher is better).
KIND_WEIGHT = {
    "appositive": 1.0,
    "acronym": 1.0,
    "copula": 1.0,
    "jargon": 1.0,
    "role": 0.9,
    "relative": 0.7,
    "title": 0.5,
}

_END = r"(?=,(?!\d)|\.(?:\s|$)|;|\s[—–]|\s?\(|$)"
# A phrase up to the next comma, keeping numbers like "300,000" and "2.5" whole.
_PHRASE = r"(?:[^,;:()\"“”—–]|(?<=\d),(?=\d))"
_APPOSITIVE = re.compile(
    r"^(?:\s*\([A-Z][A-Za-z0-9&]{1,9}\))?,\s+"
    rf"(?P<def>(?:a|an|the|one|[A-Z][\w'’-]*['’]s)\s{_PHRASE}{{2,160}}?)" + _END
)
_RELATIVE = re.compile(rf"^,\s+(?P<def>(?:who|which)\s{_PHRASE}{{5,140}}?)" + _END)
_WHO_IS = re.compile(rf"^,?\s+who\s+(?:is|was)\s+(?P<def>{_PHRASE}{{3,120}}?)" + _END)
# "the harbour master, Carys Pritchard": no "of" (whose mother is "a friend of Harry's mother"?).
_REVERSED = re.compile(
    r"(?P<def>\b(?:[Tt]he|[Aa]n?|[A-Z][\w'’-]*['’]s)\s(?:(?!\bof\b)[^,;:()\"“”.]){2,60}?),\s*$"
)
_ACRONYM = re.compile(r"\s\((?P<acr>[A-Z][A-Za-z0-9&]{1,9})\)")
_COPULA = re.compile(
    r"(?:(?:An?|The)\s+(?P<term>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3})"  # "A storm surge"
    r"|(?P<bare>[A-Z][a-z-]+(?:\s+[a-z][\w-]*){0,2}))"  # "Carbon monoxide"
    r"\s+(?:is|are|refers to|means)\s+"
    r"(?P<def>(?:a|an|the)\s(?:[^.;:]|\.(?=\d)){5,160})"
)
_QUOTED_TERM = re.compile(
    r"[\"“](?P<term>[^\"”]{2,40})[\"”](?:\s+[\w-]+){0,2}\s*[—–]\s*"
    r"(?P<def>(?:a|an|the|one)\s(?:[^—–.;]|\.(?=\d)){5,160}?)(?=\s[—–]|\.(?!\d)|;|$)"
)
_BRACKETED = re.compile(
    r"\b(?P<term>[a-z][\w-]{2,}(?:\s[a-z][\w-]{2,})?)\s+\((?P<def>(?:the|a|an)\s[^)]{5,140})\)"
)
# "from 20 March, the council said": a clause, not a definition of March.
_SPEECH_END = re.compile(rf"\b(?:{SPEECH_VERB_PATTERN})$")
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_DANGLING_END = re.compile(r"(?:[\s,]+(?:and|or|but|who|which|that|of|the|a|an|to|in))+$")
_DETERMINER = re.compile(r"^(?:the|a|an|its|their|his|her|our|this|that)\s+")
_GENERIC_NOUNS = word_set(
    """
    result problem question issue answer reason point goal aim idea plan change difference
    challenge truth fact risk hope worry concern thing way effect outcome news situation
    cause priority target trouble danger key message lesson irony step move decision
    """
)
# Where a "X is a ..." definition turns into a second clause.
_CLAUSE_BREAK = re.compile(r",\s+(?:and|but|which|so)\s|;")
_WORD_BACK = re.compile(r"([\w'’-]+)\s*$")
_ROLE_STOP = word_set(
    """
    the a an and or by to with from at in on for said says told as his her their its our
    that who which was is were are be been has have had after before when while but
    """
)
_FILLER_INITIALS = word_set("and of the for on in to &")
_HAS_CLAUSE = re.compile(r"\s(?:had|has|have|was|were|is|are|will|would|did|does)\s")
_OFFICE_VERBS = word_set(
    """
    chairs leads heads runs represents manages owns founded co-founded directs oversees
    coaches teaches edits captains chaired led headed ran represented managed owned
    directed oversaw coached edited captained
    """
)
_COORDINATED_CLAUSE = re.compile(r",?\s+and\s+(?:is|was|has|had|are|were|will|would)\b|,\s")
_PREPOSITIONS = word_set(
    "at in on of for from with by to near into onto outside inside across under over behind"
)
_DETERMINERS = word_set("a an the its his her their our this that these those")
MAX_WORDS = 25


@dataclass(frozen=True)
class Definition:
    """`term` as written, `text` its defining phrase, both verbatim from `paragraph`."""

    term: str
    text: str
    paragraph: int
    kind: str
    key: str


def find_definitions(parsed: Parsed, people: PersonIndex) -> list[Definition]:
    """Every defining phrase outside quotations, in article order."""
    found: list[Definition] = []
    lower_words = {w for p in parsed.paragraphs for w in _LOWER_WORD.findall(p)}
    article = "\n".join(parsed.paragraphs).lower()
    for number, text in enumerate(parsed.paragraphs, start=1):
        if parsed.boilerplate[number - 1]:
            continue

        def outside(at: int, number: int = number) -> bool:
            return not parsed.inside_quote(number, at, min_words=4)

        for run in parsed.names[number - 1]:
            name = run.name(text)
            common = " " not in name and not name.isupper() and name.lower() in lower_words
            common = common or is_common_capital(name) or _opening_adverb(text, run)
            if outside(run.start) and (not common or people.is_person(name)):
                found.extend(_around_name(text, run, number, people))
        starts = [s.start for s in parsed.sentences[number - 1]]
        found.extend(d for d, at in _acronyms(text, number) if outside(at))
        found.extend(d for d, at in _jargon(text, number, starts, article) if outside(at))
    return found


def _around_name(text: str, run: NameRun, number: int, people: PersonIndex) -> list[Definition]:
    name = run.name(text)
    if len(name) < 2:
        return []
    key = people.full_name(name)
    person = people.is_person(name)
    out: list[Definition] = []

    def add(phrase: str, kind: str) -> None:
        phrase = _shorten(phrase)
        words = phrase.split()
        head = re.split(r"\s(?:who|which|that)\s", phrase, maxsplit=1)[0]
        if kind == "appositive" and _HAS_CLAUSE.search(head):
            return  # "on Quay Street, a sale Allard had championed": a clause, not who or what
        if (len(words) >= 2 or kind == "title") and not _SPEECH_END.search(phrase):
            out.append(Definition(name, phrase, number, kind, key))

    after = text[run.end : run.end + 400]
    if text[max(0, run.start - 20) : run.start].lower().rstrip().endswith("according to"):
        pass  # "According to Hasib, his mother ..." is a clause, not an appositive
    elif not person and _governed(text, run):
        pass  # "a senior adviser at the Treasury, a former banker,": the banker is the adviser
    elif (match := _APPOSITIVE.match(after)) or (person and (match := _WHO_IS.match(after))):
        add(match.group("def"), "appositive")
    elif (match := _RELATIVE.match(after)) and _relative_fits(match.group("def"), name, person):
        add(_relative_phrase(match.group("def")), "relative")
    if person:
        before = text[max(0, run.start - 120) : run.start]
        reversed_match = _REVERSED.search(before)
        if reversed_match and _has_role(reversed_match.group("def")):
            add(reversed_match.group("def"), "appositive")
        role = _role_before(before)
        if role:
            add(role, "role")
        title = _job_title(text[run.start : run.name_start])
        if title and " " in title:  # "New York City Mayor"; a bare "Judge" explains nothing
            add(title, "title")
    return out


def _job_title(prefix: str) -> str | None:
    """ "New York City Mayor", "Judge" (from "Honour Judge"); never "Mr" or a bare "Rep."."""
    words = prefix.split()
    while words and is_honorific(words[0]):
        words.pop(0)
    if not words or (len(words) == 1 and words[0].endswith(".")):
        return None
    title = " ".join(words)
    return title if prefix.rstrip().endswith(title) else None


def _role_before(before: str) -> str | None:
    """ "Department of Correction spokesman" in front of a name, up to six words."""
    words: list[str] = []
    rest = before
    while len(words) < 6:
        match = _WORD_BACK.search(rest)
        if not match or rest[match.end() :].strip(" "):
            break
        word = match.group(1)
        if word.lower() in _ROLE_STOP or (not words and word.lower() not in ROLE_NOUNS):
            break
        words.insert(0, word)
        rest = rest[: match.start()]
        if not rest.endswith(" "):
            break
    while words and words[0].lower() == "of":
        words.pop(0)
    if not words:
        return None
    phrase = before[len(before.rstrip()) - len(" ".join(words)) :].strip()
    return phrase if phrase.endswith(words[-1]) and " " in phrase else None


def _acronyms(text: str, number: int) -> list[tuple[Definition, int]]:
    out: list[tuple[Definition, int]] = []
    for match in _ACRONYM.finditer(text):
        acronym = match.group("acr")
        expansion = _expansion(text[: match.start()], acronym)
        if expansion is not None:
            start = match.start() - len(expansion)
            out.append((Definition(acronym, expansion, number, "acronym", acronym), start))
    return out


def _expansion(before: str, acronym: str) -> str | None:
    """The words before "(ABC)" whose initials spell ABC ("and", "of" may be skipped)."""
    letters = [c.lower() for c in acronym if c.isalpha()]
    words = re.findall(r"[\w'’&-]+", before[-200:])
    for size in range(len(letters), min(len(words), len(letters) * 2 + 2) + 1):
        tail = words[-size:]
        if _spells(tail, letters) and tail[0].lower() not in _FILLER_INITIALS:
            phrase = re.search(r"\s+".join(re.escape(w) + r"[,]?" for w in tail) + r"\s*$", before)
            if phrase:
                return phrase.group().strip()
    return None


def _spells(words: list[str], letters: list[str]) -> bool:
    if not letters:
        return all(w.lower() in _FILLER_INITIALS for w in words)
    if not words:
        return False
    head, rest = words[0], words[1:]
    if head[0].lower() == letters[0] and _spells(rest, letters[1:]):
        return True
    return head.lower() in _FILLER_INITIALS and _spells(rest, letters)


def _jargon(
    text: str, number: int, starts: list[int], article: str
) -> list[tuple[Definition, int]]:
    out: list[tuple[Definition, int]] = []
    for start in starts:
        if (match := _COPULA.match(text, start)) and _copula_fits(match, article):
            term = match.group("term") or match.group("bare")
            phrase = _CLAUSE_BREAK.split(match.group("def"), maxsplit=1)[0]
            out.append((_definition(term, phrase, number, "copula"), start))
    for pattern in (_QUOTED_TERM, _BRACKETED):
        for match in pattern.finditer(text):
            term = _DETERMINER.sub("", match.group("term"))
            out.append((_definition(term, match.group("def"), number, "jargon"), match.start()))
    return [(d, at) for d, at in out if d.text]


def _copula_fits(match: re.Match[str], article: str) -> bool:
    """ "A storm surge is a ..." defines; "The result is a ..." and "It is a ..." do not.

    A term without an article ("Carbon monoxide is a ...") must define with
    "a"/"an" and be used again in the article (`article` is lower-cased), so
    "More clean energy is a good thing" is not taken for a definition.
    """
    if term := match.group("term"):
        definite = match.group(0)[:4] == "The " and match.group("def").startswith("the ")
        return term.split()[-1] not in _GENERIC_NOUNS and not definite
    bare = match.group("bare")
    if is_common_capital(bare.split()[0]) or not match.group("def").startswith(("a ", "an ")):
        return False
    return article.count(bare.lower()) >= 2


def _definition(term: str, phrase: str, number: int, kind: str) -> Definition:
    return Definition(term, _shorten(phrase), number, kind, term.lower())


def _shorten(phrase: str) -> str:
    """At most `MAX_WORDS` words, cut at the last clause boundary; a prefix of the original."""
    phrase = phrase.strip().rstrip(",;:")
    ends = [m.end() for m in re.finditer(r"\S+", phrase)]
    if len(ends) <= MAX_WORDS:
        return phrase
    cut = phrase[: ends[MAX_WORDS - 1]]
    boundaries = [
        cut.rfind(marker) for marker in (" who ", " which ", " that ", " and ", " but ", ",")
    ]
    at = max(boundaries)
    if at > len(cut) // 3:
        cut = cut[:at]
    return _DANGLING_END.sub("", cut).rstrip(" ,")


def _has_role(phrase: str) -> bool:
    """ "The authority's chief executive", "the salon owner's son": a role or a relation."""
    last = [w.lower().strip("'’s") for w in phrase.split()[-4:]]
    return (
        any(w in ROLE_NOUNS for w in last)
        or phrase.rsplit(maxsplit=1)[-1].lower() in RELATION_NOUNS
    )


def _opening_adverb(text: str, run: NameRun) -> bool:
    """ "Ultimately, a dozen ...", "Nevertheless, …": a sentence-opening adverb is not a name."""
    word = text[run.start : run.end]
    before = text[max(0, run.start - 4) : run.start].rstrip()
    opens = (not before and run.start <= 4) or (bool(before) and before[-1] in '.!?"“')
    if not opens or " " in word or text[run.end : run.end + 1] != ",":
        return False
    return word.endswith("ly") or word.lower() in SENTENCE_OPENERS or word in NOT_NAMES


def _relative_fits(phrase: str, name: str, person: bool) -> bool:
    """Only "who" + a verb of office after a person ("who chairs the committee") explains
    who someone is; "which has long opposed …" and "who moved here in 2021" do not."""
    words = phrase.split()
    return person and len(words) > 2 and words[0] == "who" and words[1] in _OFFICE_VERBS


def _relative_phrase(phrase: str) -> str:
    """ "who chairs the committee and is seen as …" -> "chairs the committee"."""
    phrase = phrase.split(maxsplit=1)[1]
    return _COORDINATED_CLAUSE.split(phrase, maxsplit=1)[0]


def _governed(text: str, run: NameRun) -> bool:
    """Is the name inside another phrase, so a description after it may belong elsewhere?

    "Ortiz, a senior adviser at the Treasury, a former banker": the banker is Ortiz (the
    name sits in an appositive of a name). "In Kingsmere, the council now shares …": what
    follows a sentence-opening "In Kingsmere," is the sentence, not a description.
    """
    before = text[max(0, run.start - 160) : run.start]
    pieces = re.split(r"([,;:.!?()\"“”—–])", before)
    segment = pieces[-1].strip()
    words = segment.lower().split()
    if len(pieces) >= 3 and pieces[-2] == "," and words and words[0] in _DETERMINERS:
        head = pieces[-3].rstrip()
        names = find_names(head)
        if names and names[-1].end == len(head):
            return True  # a name, then ", a … at the Treasury"
    fronted = len(words) == 1 and words[0] in _PREPOSITIONS and pieces[-2:-1] in ([], ["."])
    return fronted and not is_org_name(run.name(text))  # "In Kingsmere, the council …"
