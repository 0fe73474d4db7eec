"""The attribution patterns around one quotation in one paragraph.

`Attributor.after` reads what follows the closing mark, `Attributor.before`
what precedes the opening mark in the same sentence:

    "...," said Ana Lopez, the harbour master.     verb, then the name
    "...," Ms Lopez said. / "...," she added.      the name or a pronoun, then the verb
    "...," according to Ana Lopez.                 according to
    Ana Lopez said: "..." / told reporters that "  subject and verb before the quote
    According to Ana Lopez, "..."

Each returns `Said(speaker)` when the quote is attributed (`speaker` None when
the source is unnamed: "a spokesperson said"), or None when no pattern fits.
People are shown by their full name when the article gives it ("Mr Reyes" ->
"Daniel Reyes"; the gate accepts a surname named nearby).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.names import ROLE_NOUNS, NameRun, find_names, word_set
from bot.text.people import PRONOUNS, PersonIndex
from bot.text.wordlists import SPEECH_VERB_PATTERN

__all__ = ["Attributor", "Said"]

_VERB = rf"(?:{SPEECH_VERB_PATTERN})"
# A full stop that belongs to a title or an initial ("Mr. Marcus", "J. Smith") may sit in a name.
_ABBREVIATED_TITLES = sorted(
    word_set("Mr Mrs Ms Dr Sen Rep Gov Lt Gen Col Capt Sgt Det Prof Rev Jr Sr St")
)
_ABBR_DOT = "(?:" + "|".join(rf"(?<=\b{a})" for a in _ABBREVIATED_TITLES) + r"|(?<=\b[A-Z]))\."
_NAMEISH = rf"(?:[^,.;:!?\"“”()—–]|{_ABBR_DOT})"
_CLAUSE = rf"(?:[^\"“”.;:!?]|{_ABBR_DOT})"
_VERB_FIRST = re.compile(rf"^[\s,;—–-]*{_VERB}\s+(?P<chunk>{_NAMEISH}*)")
_SUBJECT_FIRST = re.compile(
    rf"^[\s,;—–-]*(?P<subj>{_CLAUSE}{{1,90}}?)\s+(?:also\s+|later\s+|then\s+)?{_VERB}\b"
)
_ACCORDING_AFTER = re.compile(rf"^[\s,;—–-]*according to\s+(?P<chunk>{_NAMEISH}*)", re.I)
_ACCORDING_BEFORE = re.compile(rf"according to\s+(?P<chunk>{_NAMEISH}{{1,80}}),", re.I)
_VERB_ANYWHERE = re.compile(rf"\b{_VERB}\b")
# How far before the quote a speech verb may sit and still introduce it.
_MAX_VERB_GAP = 80
_APPOSITIVE_NAME = re.compile(r"^,\s*(?P<name>[^,.;:!?\"“”()]{2,60}?)\s*(?:[,.;]|$)")
_DETERMINED = re.compile(
    r"^(?:the|a|an|its|his|her|their|our|one|another|two|three|several|some)\s", re.I
)
_TRAILING_APPOSITIVE = re.compile(r",[^,\"“”]{1,120},\s*$")
_TRAILING_ADVERBS = re.compile(
    r"(?:\s+(?:also|later|then|previously|earlier|once|has|had|have|simply))+$"
)
_CLAUSE_OPENERS = word_set(
    "and but though although while as because when after before since so yet"
)
_MAX_DESCRIPTION_WORDS = 8
_CLAUSE_WORDS = word_set("that which who when while because if is was were are has had have")
_BAD_BEFORE_NAME = word_set(
    """
    in at on from to by with near about into after before during outside across of than
    over under against between through
    """
)


@dataclass(frozen=True)
class Said:
    """The quote is attributed; `speaker` is None when the source is not named."""

    speaker: str | None


class Attributor:
    """Finds the speaker of quotations in paragraph `number` (`text`)."""

    def __init__(self, text: str, number: int, people: PersonIndex) -> None:
        self.text = text
        self.number = number
        self.people = people

    def after(self, start: int, stop: int) -> Said | None:
        """Attribution in text[start:stop], right after a closing mark."""
        window = self.text[start:stop]
        if match := _VERB_FIRST.match(window):
            return Said(self._named_after_verb(*_group(match, "chunk", start)))
        match = _SUBJECT_FIRST.match(window)
        if match and len(match.group("subj").split()) <= 12:
            said = self._subject(*_group(match, "subj", start))
            if said is not None:
                return said
        if match := _ACCORDING_AFTER.match(window):
            return Said(self._name_at_end(*_group(match, "chunk", start)))
        return None

    def before(self, start: int, stop: int) -> Said | None:
        """Attribution in text[start:stop], the same sentence up to an opening mark."""
        window = self.text[start:stop]
        according = list(_ACCORDING_BEFORE.finditer(window))  # "According to Voss, the plan "...""
        if according:
            return Said(self._name_at_end(*_group(according[-1], "chunk", start)))
        for verb in reversed(list(_VERB_ANYWHERE.finditer(window))):
            if len(window) - verb.end() > _MAX_VERB_GAP:
                break
            said = self._subject(start, start + verb.start())
            if said is not None:
                return said
        return None

    def _subject(self, start: int, end: int) -> Said | None:
        """The subject ending at `end`: "Mr Reyes", "she", "the leader, Ruth Adeyemi,"."""
        text = self.text
        clause = _TRAILING_ADVERBS.sub("", text[start:end].rstrip()).rstrip(" ,")
        words = clause.split()
        last = words[-1] if words else ""
        if last.lower() in PRONOUNS and _starts_clause(clause[: -len(last)]):
            offset = start + len(clause) - len(last)
            return Said(self.people.resolve(last, self.number, offset))
        named = self._run_ending_at(start, start + len(clause))
        if named is None:  # "James Townsend, prosecuting, said": drop the appositive
            clause = _TRAILING_APPOSITIVE.sub("", clause + ",").rstrip(" ,")
            words = clause.split()
        run = named or self._run_ending_at(start, start + len(clause))
        if run is not None:
            before = text[start : run.start].split()
            if before and before[-1].lower() in _BAD_BEFORE_NAME:
                return None
            return Said(self.people.display(run, text))
        described = clause.split(",")[-1].strip()
        if _DETERMINED.match(described + " ") and len(words) <= 8:
            # "the judge added": the article's one Judge, else as described ("a spokeswoman")
            return Said(self.people.by_title(described) or _description(described))
        return None

    def _named_after_verb(self, start: int, end: int) -> str | None:
        """After `said`: "Ana Lopez", "Mayor Ana Lopez", "council leader Ruth Adeyemi", "she"."""
        chunk = self.text[start:end].strip()
        words = chunk.split()
        if len(words) == 1 and words[0].lower() in PRONOUNS:
            return self.people.resolve(words[0], self.number, start)
        name = self._leading_name(start, end) or self._name_at_end(start, end)
        if name is not None or not _DETERMINED.match(chunk + " "):
            return name
        # "said the harbour master, Siân Pritchard."
        tail = start + len(self.text[start:end].rstrip())
        after = _APPOSITIVE_NAME.match(self.text[tail:])
        if after:
            at = tail + after.start("name")
            run = self._run_ending_at(at, at + len(after.group("name")))
            if run is not None and run.start == at:
                return self.people.display(run, self.text)
        # "said a spokesperson for the prosecutor's office."; "said the judge": the one Judge
        return self.people.by_title(chunk.rstrip(".,;:")) or _description(chunk)

    def _leading_name(self, start: int, end: int) -> str | None:
        """ "Leigh Sears who is ...", "Supervisor Alfredo Pedroza of Napa County"."""
        chunk = self.text[start:end]
        runs = find_names(chunk)
        if not runs:
            return None
        run = _shift(runs[0], start)
        lead = self.text[start : run.start].strip().lower()
        following = self.text[run.end : end].split()
        if lead not in ("", "the") or (following and following[0].lower() in ROLE_NOUNS):
            return None  # "Department of Correction spokesman Jason Kersten": not the first name
        return self.people.display(run, self.text)

    def _name_at_end(self, start: int, end: int) -> str | None:
        run = self._run_ending_at(start, end)
        if run is None:
            return None
        before = self.text[start : run.start].split()
        if before and before[-1].lower() in _BAD_BEFORE_NAME - {"for"}:
            return None  # "said on Tuesday in Hendersonville"; "a spokesman for X" is fine
        return self.people.display(run, self.text)

    def _run_ending_at(self, start: int, end: int) -> NameRun | None:
        chunk = self.text[start:end].rstrip()
        runs = find_names(chunk)
        if not runs or runs[-1].end != len(chunk):
            return None
        return _shift(runs[-1], start)


def _description(phrase: str) -> str | None:
    """An unnamed source as the article describes it: "a spokesperson for the council".

    Only a short phrase with a lower-case noun in it ("the mayor", "a statement from the
    firm"); a phrase that is a pronoun, names someone or runs on is not shown.
    """
    phrase = phrase.strip().rstrip(".,;:")
    words = phrase.split()
    if not 2 <= len(words) <= _MAX_DESCRIPTION_WORDS or not _DETERMINED.match(phrase + " "):
        return None
    if any(w.lower() in PRONOUNS or w.lower() in _CLAUSE_WORDS for w in words[1:]):
        return None
    return phrase


def _group(match: re.Match[str], name: str, offset: int) -> tuple[int, int]:
    """A group's span in the paragraph, for a match made on a slice starting at `offset`."""
    return offset + match.start(name), offset + match.end(name)


def _shift(run: NameRun, by: int) -> NameRun:
    """A run found in a slice, with offsets into the whole paragraph."""
    return NameRun(
        start=run.start + by,
        end=run.end + by,
        name_start=run.name_start + by,
        name_end=run.name_end + by,
        title_start=None if run.title_start is None else run.title_start + by,
    )


def _starts_clause(before: str) -> bool:
    """Is a pronoun the start of its clause (not the object, as in "told her")?"""
    stripped = before.rstrip()
    if not stripped or stripped.endswith((",", ";", ":")) or stripped[-1] in '”"':
        return True
    return stripped.rsplit(maxsplit=1)[-1].lower() in _CLAUSE_OPENERS
