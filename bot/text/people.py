"""Which capitalised names are people, and who "he" or "she" refers to.

A name counts as a person when the article treats it like one: a title in front
("Mayor Ana Lopez"), an age after ("Hartley, 37,"), a speech verb next to it
("Miller said"), a role around it ("spokesman Jason Kersten", "Jeff Miller, a
city councilman"). Once "Ana Lopez" is a person, a later bare "Lopez" is too.
`speech` uses the index to resolve pronouns and to show full names; `entities`
and `explain` to tell people from institutions. Gender comes only from titles
("Ms Lopez") and "Lopez said she ...", and only to rule candidates out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.names import RELATION_NOUNS, ROLE_NOUNS, NameRun, is_org_name
from bot.text.parsed import Parsed
from bot.text.wordlists import SPEECH_VERB_PATTERN

__all__ = ["PRONOUNS", "Mention", "PersonIndex"]

PRONOUNS = frozenset({"he", "she"})

_VERB_AFTER = re.compile(
    rf"^,?\s+(?:also\s+|later\s+|then\s+|had\s+|has\s+|previously\s+)?(?:{SPEECH_VERB_PATTERN})\b"
)
_VERB_BEFORE = re.compile(rf"\b(?:{SPEECH_VERB_PATTERN})\s+$")
_AGE_AFTER = re.compile(r"^,\s+\d{1,3}\s*[,.]")
_ROLE_AFTER = re.compile(r"^,\s+(?:a|an|the|its|their|his|her)\s+([^,.;]{0,80})")
_ROLE_BEFORE = re.compile(r"([\w'’-]+),?\s+$")
_OBJECT_BEFORE = re.compile(r"\b(?:told|asked|to|with|and|by)\s+$", re.I)
_NEXT_WORD = re.compile(r"^\s+([a-z][\w-]*)")
_LOWER_WORD = re.compile(r"\b[a-z][a-z]+\b")
_APPOSITIVE = re.compile(r"^,[^,.;\"“”]{1,100},")
_NEXT_APPOSITIVE = re.compile(r"^\s+(?:a|an|the)\s[^,.;\"“”]{1,100},")
_CLAUSE_END = re.compile(r"^\s*(?:[,.;:!?\"”]|$)")
_WHO_AFTER = re.compile(r"^,\s+who\s+(?!(?:is|was|are|were)\s+(?:being|not)\b)")
_SAID_PRONOUN = re.compile(
    rf"^(?:,[^,]{{1,80}},)?\s+(?:also\s+)?(?:{SPEECH_VERB_PATTERN})\s+(?:that\s+)?(he|she)\b"
)
_LAST_WORD = re.compile(r"(\w+)\W*$")
_PREPOSITIONS = frozenset(
    {"of", "to", "for", "with", "by", "from", "at", "in", "on", "about", "than", "like", "met"}
)
_FUNCTION_WORDS = frozenset(
    {"of", "and", "or", "in", "to", "the", "a", "an", "for", "on", "with", "at", "from", "by"}
)
_GROUP_NOUNS = frozenset(
    {"women", "men", "girls", "boys", "ladies", "people", "children", "youth", "juniors"}
    | {"seniors", "veterans", "students", "workers", "residents", "fans", "members"}
)
_MALE = frozenset({"mr", "mr.", "sir", "lord", "prince", "duke"})
_FEMALE = frozenset(
    {"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "princess", "duchess", "queen"}
)


@dataclass(frozen=True)
class Mention:
    """A person named at offset `run.start` of paragraph `paragraph`."""

    paragraph: int
    run: NameRun
    speaker: str
    title: str | None
    is_object: bool
    is_subject: bool
    is_speaker: bool


class PersonIndex:
    """The people an article names, and where; built once per article."""

    def __init__(self, parsed: Parsed) -> None:
        paragraphs = self._paragraphs = parsed.paragraphs
        runs = [
            [r for r in found if not parsed.inside_quote(number, r.start)]
            for number, found in enumerate(parsed.names, start=1)
        ]
        lower_words = {w for p in paragraphs for w in _LOWER_WORD.findall(p)}
        self.names: set[str] = set()
        for paragraph, paragraph_runs in zip(paragraphs, runs, strict=True):
            for run in paragraph_runs:
                name = run.name(paragraph)
                if is_org_name(name) or (" " not in name and name.lower() in lower_words):
                    continue
                if _looks_like_person(paragraph, run):
                    self.names.add(name)
        # "Usman Hasib" is a person once "Hasib said" has made Hasib one.
        for paragraph, paragraph_runs in zip(paragraphs, runs, strict=True):
            for run in paragraph_runs:
                name = run.name(paragraph)
                parts = name.split()
                if 2 <= len(parts) <= 4 and parts[-1] in self.names and not is_org_name(name):
                    self.names.add(name)
        by_surname: dict[str, set[str]] = {}
        for full in self.names:
            if " " in full:
                by_surname.setdefault(full.split()[-1], set()).add(full)
        # Only an unambiguous surname maps to a full name (two Meadowses: neither).
        self.surnames = {s: next(iter(f)) for s, f in by_surname.items() if len(f) == 1}
        self._mentions: list[list[Mention]] = []
        for number, (paragraph, paragraph_runs) in enumerate(zip(paragraphs, runs, strict=True), 1):
            self._mentions.append(
                [
                    Mention(
                        paragraph=number,
                        run=run,
                        speaker=self.display(run, paragraph),
                        title=run.title(paragraph),
                        is_object=_is_object(paragraph, run) and not _is_speaker(paragraph, run),
                        is_subject=_is_subject(paragraph, run),
                        is_speaker=_is_speaker(paragraph, run),
                    )
                    for run in paragraph_runs
                    if self.is_person(run.name(paragraph))
                ]
            )
        self._genders = self._learn_genders(paragraphs)

    def is_person(self, name: str) -> bool:
        return name in self.names or name in self.surnames

    def full_name(self, name: str) -> str:
        """ "Lopez" -> "Ana Lopez" when the article has named her in full."""
        return self.surnames.get(name, name)

    def mentions(self, paragraph: int) -> list[Mention]:
        return self._mentions[paragraph - 1]

    def resolve(self, pronoun: str, paragraph: int, offset: int) -> str | None:
        """Who "he" or "she" at `offset` of `paragraph` is, or None when the text leaves doubt.

        A wrong speaker is worse than none, so this names someone only when one person
        fits: the one person (of the pronoun's gender, where known) named earlier in the
        same paragraph; else the one person speaking in the paragraph before, or the one
        subject there. Two people named before the pronoun in its paragraph ("Renshaw
        said … Kerr told analysts … "…," he said") leave it unresolved, as does "a
        friend of Harry's mother, Princess Diana," where Diana is named only in passing.
        """
        here = [
            m for m in self.mentions(paragraph) if m.run.end <= offset and self._fits(pronoun, m)
        ]
        named_here = {m.speaker for m in here}
        if len(named_here) > 1:
            return None
        if named_here:
            # "she" after "a friend of Harry's mother, Princess Diana," is not Diana: the one
            # person named in passing is not who speaks; the subject or a speaker is.
            active = any(m.is_subject or m.is_speaker for m in here)
            return here[-1].speaker if active else None
        before = self.mentions(paragraph - 1) if paragraph > 1 else []
        fitting = [m for m in before if self._fits(pronoun, m)]
        speaking = {m.speaker for m in fitting if m.is_speaker}
        subjects = {m.speaker for m in fitting if m.is_subject and not m.is_object}
        if len(speaking | subjects) == 1:
            return next(iter(speaking | subjects))
        everyone = {m.speaker for m in before + self.mentions(paragraph)}
        return fitting[-1].speaker if fitting and len(everyone) == 1 else None

    def by_title(self, description: str) -> str | None:
        """ "the judge" -> "Margaret Holloway" when she is the article's only Judge."""
        words = description.lower().split()
        if len(words) != 2 or words[0] != "the":
            return None
        found = {
            self.full_name(m.run.name(self._text(m)))
            for mentions in self._mentions
            for m in mentions
            if m.title and m.title.lower().split()[-1].rstrip(".") == words[1]
        }
        return next(iter(found)) if len(found) == 1 else None

    def display(self, run: NameRun, text: str) -> str:
        """How to name a speaker: the full name when the article gives it, else as written."""
        name = run.name(text)
        full = self.full_name(name)
        return full if full != name else run.speaker(text)

    def _fits(self, pronoun: str, mention: Mention) -> bool:
        wanted = "f" if pronoun.lower() == "she" else "m"
        known = self._genders.get(self.full_name(mention.run.name(self._text(mention))))
        return known is None or known == wanted

    def _text(self, mention: Mention) -> str:
        return self._paragraphs[mention.paragraph - 1]

    def _learn_genders(self, paragraphs: list[str]) -> dict[str, str]:
        """ "Ms Lopez", or "Lopez said she ...": a title, or the pronoun after a speech verb."""
        votes: dict[str, int] = {}
        for number, paragraph in enumerate(paragraphs, 1):
            for mention in self.mentions(number):
                key = self.full_name(mention.run.name(paragraph))
                title = (mention.title or "").lower()
                vote = 3 if title in _MALE else -3 if title in _FEMALE else 0
                if not vote:
                    window = paragraph[mention.run.end : mention.run.end + 120]
                    if said := _SAID_PRONOUN.match(window):
                        vote = 1 if said.group(1).lower() == "he" else -1
                votes[key] = votes.get(key, 0) + vote
        return {k: ("m" if v > 0 else "f") for k, v in votes.items() if v}


def _looks_like_person(text: str, run: NameRun) -> bool:
    name = run.name(text)
    if not name[0].isupper() or len(name.split()) > 4 or name.lower() in _GROUP_NOUNS:
        return False  # "the Southern Premier Women's League": "Women" is nobody
    if run.title_start is not None:
        return True
    after, before = text[run.end : run.end + 200], text[max(0, run.start - 60) : run.start]
    next_word = _NEXT_WORD.match(after)
    if next_word and next_word.group(1).lower() in ROLE_NOUNS:
        return False  # "Future Publishing founder Chris Anderson": a modifier, not a person
    if _AGE_AFTER.match(after) or _VERB_AFTER.match(after) or _VERB_BEFORE.search(before):
        return True
    previous = _LAST_WORD.search(before.rstrip(" \"“‘'"))
    governed = previous is not None and previous.group(1).lower() in _PREPOSITIONS | {"the"}
    if not governed and (_WHO_AFTER.match(after) or _VERB_AFTER.match(_past_appositives(after))):
        return True  # "Priya Nand, who chairs the association, noted …"; not "at the Treasury"
    role = _ROLE_AFTER.match(after)
    if role and any(w.lower() in ROLE_NOUNS for w in role.group(1).split()[:6]):
        return True
    word = _ROLE_BEFORE.search(before)
    return bool(word and word.group(1).lower() in ROLE_NOUNS | RELATION_NOUNS)


def _is_subject(text: str, run: NameRun) -> bool:
    """Named as the one doing something: "Meghan joined", "Lopez, 54, said", "said Lopez"."""
    if text[run.name_end : run.end].strip(" ,") not in ("", "QC", "KC", "MP"):
        return False  # possessive: "Bloomberg's presence"
    before = text[max(0, run.start - 60) : run.start].rstrip(" \"“‘'")
    if before.lower().endswith("according to"):
        return True
    previous = _LAST_WORD.search(before)
    if previous and previous.group(1).lower() in _PREPOSITIONS:
        return False
    after = _APPOSITIVE.sub("", text[run.end : run.end + 200], count=1)
    if _VERB_AFTER.match(after) or _VERB_BEFORE.search(before + " "):
        return True
    following = _NEXT_WORD.match(after)
    return bool(following and following.group(1).lower() not in _FUNCTION_WORDS)


def _past_appositives(after: str) -> str:
    """What follows a name after up to two appositives: ", a senior adviser at the Treasury,
    a former banker, said …" -> " said …"."""
    match = _APPOSITIVE.match(after)
    if match is None:
        return after
    rest = after[match.end() :]
    second = _NEXT_APPOSITIVE.match(rest)
    return rest[second.end() :] if second else rest


def _is_speaker(text: str, run: NameRun) -> bool:
    """Named as the one speaking: "Cole said", "Nand, who chairs X, noted", "said Cole"."""
    after = _past_appositives(text[run.end : run.end + 250])
    before = text[max(0, run.start - 60) : run.start].rstrip(" \"“‘'")
    if before.lower().endswith("according to"):
        return True
    if _VERB_AFTER.match(after):
        return True
    # "said Lopez." or "said Lopez, the …" — not "said Lopez would …", where Lopez is reported.
    return bool(_VERB_BEFORE.search(before + " ")) and _CLAUSE_END.match(after) is not None


def _is_object(text: str, run: NameRun) -> bool:
    before = text[max(0, run.start - 20) : run.start]
    return bool(_OBJECT_BEFORE.search(before)) and not before.lower().endswith("according to ")
