"""Numbers spelled out in words: "twelve", "a dozen", "three million dollars", "fifth", "half".

`word_numbers(text)` is the word half of `bot.grounding.numbers.find_numbers`:
cardinals are read as runs of number words; ordinals from "first" to
"twentieth" and "half" as single words. A mention that is probably not a
number claim ("one of", "at first", "first-time", "a third of") is marked
`ambiguous`: it still backs the same number elsewhere but is never checked.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from bot.grounding.number_units import SCALES, NumberMention, with_units

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_DOZEN = 12
# "one" in this company is a pronoun or an idiom ("one of", "no one"): left unchecked.
_ONE_PRONOUN_BEFORE = {
    "no", "any", "every", "each", "the", "this", "that", "which", "last",
}  # fmt: skip
_ONE_PRONOUN_AFTER = {"of", "another", "or", "day", "by", "way", "thing"}
_ONE_IDIOMS = {"off", "time", "way", "sided", "on", "stop", "liner", "third", "size"}
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_END_RE = re.compile(r"[.!?:;\n]")


def word_numbers(text: str) -> list[NumberMention]:
    """Cardinals, then ordinals and "half" wherever no cardinal was read.

    A number word joined to a figure is a unit, not a number: "second" in "50-second
    mark" is neither read nor allowed to back a 2 elsewhere.
    """
    tokens = [t for t in _WORD_RE.finditer(text) if not _after_figure(text, t.start())]
    cardinals = _cardinals(text, tokens)
    taken = {m.start for m in cardinals}
    others = [m for m in _ordinals(text, tokens) if m.start not in taken]
    return sorted([*cardinals, *others], key=lambda m: m.start)


def _after_figure(text: str, start: int) -> bool:
    """Does the word at `start` follow a figure ("50-second", "3rd")?"""
    before = text[max(0, start - 2) : start]
    return bool(before) and (
        before[-1:].isdigit() or (before[-1:] in "-‐‑" and before[:1].isdigit())
    )


def _cardinals(text: str, tokens: list[re.Match[str]]) -> list[NumberMention]:
    mentions = []
    i = 0
    while i < len(tokens):
        run = _number_run(tokens, i)
        if run is None:
            i += 1
            continue
        last, value, cut = run
        end = cut if cut is not None else tokens[last].end()
        mention = with_units(text, tokens[i].start(), end, (Decimal(value),), None)
        if _is_pronoun_one(tokens, i, last, cut):
            mention = replace(mention, ambiguous=True)
        mentions.append(mention)
        i = last + 1
    return mentions


def _number_run(tokens: list[re.Match[str]], i: int) -> tuple[int, int, int | None] | None:
    """Read number words from token `i`: (last token, value, end if cut mid-token).

    "three-year" yields 3 and stops at the hyphen; "a" and "an" count only
    before a scale ("a dozen", "a million"); "and" only after a scale ("two
    hundred and fifty"); a bare scale ("million-dollar") is not a number.
    """
    total = current = 0
    previous = ""
    j = i
    first = tokens[i].group().lower()
    if first in {"a", "an"}:
        if i + 1 >= len(tokens) or tokens[i + 1].group().lower() not in _SCALE_WORDS:
            return None
        current, previous, j = 1, first, i + 1
    elif first.split("-")[0] not in _UNITS:
        return None
    while j < len(tokens):
        word = tokens[j].group().lower()
        if word == "and" and previous in _SCALE_WORDS and j + 1 < len(tokens):
            if tokens[j + 1].group().lower().split("-")[0] in _UNITS:
                previous, j = word, j + 1
                continue
            break
        parts = word.split("-")
        if not _is_number_word(parts[0]):
            break
        total, current = _add_word(parts[0], total, current)
        used = 1
        if len(parts) > 1 and _UNITS.get(parts[0], 0) >= 20 and 1 <= _UNITS.get(parts[1], 0) <= 9:
            current += _UNITS[parts[1]]  # "forty-five"
            used = 2
        if used < len(parts):
            if parts[used] in _ORDINALS:
                return None  # "twenty-first century"
            cut = tokens[j].start() + len("-".join(parts[:used]))
            return j, total + current, cut  # "three-year", "forty-five-year-old"
        previous, j = parts[0], j + 1
    if previous in {"a", "an"}:
        return None
    return j - 1, total + current, None


def _add_word(word: str, total: int, current: int) -> tuple[int, int]:
    if word in _UNITS:
        return total, current + _UNITS[word]
    if word == "dozen":
        return total, max(current, 1) * _DOZEN
    if word == "hundred":
        return total, max(current, 1) * 100
    return total + max(current, 1) * SCALES[word], 0


def _is_number_word(word: str) -> bool:
    return word in _UNITS or word in _SCALE_WORDS


_SCALE_WORDS = {*SCALES, "dozen"}
_ORDINALS = {
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth", "fortieth",
    "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth", "hundredth",
    "thousandth", "millionth", "billionth",
}  # fmt: skip


def _is_pronoun_one(tokens: list[re.Match[str]], first: int, last: int, cut: int | None) -> bool:
    """A lone "one" used as a pronoun or in an idiom ("one of", "no one", "one-off")."""
    word = tokens[first].group().lower()
    if first != last or word.split("-")[0] != "one":
        return False
    if cut is not None:
        return word.split("-")[1] in _ONE_IDIOMS
    if word != "one":
        return False
    before = tokens[first - 1].group().lower() if first > 0 else ""
    after = tokens[first + 1].group().lower() if first + 1 < len(tokens) else ""
    return before in _ONE_PRONOUN_BEFORE or after in _ONE_PRONOUN_AFTER


_ORDINAL_VALUES = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20,
}  # fmt: skip
_HALF = Decimal("0.5")


def _ordinals(text: str, tokens: list[re.Match[str]]) -> list[NumberMention]:
    """ "fifth" (ordinal 5) and "half" (0.5); see `_vague` for those never checked."""
    mentions = []
    for i, token in enumerate(tokens):
        parts = token.group().lower().split("-")
        if parts[0] == "half":
            value, ordinal = _HALF, False
        elif parts[0] in _ORDINAL_VALUES:
            value, ordinal = Decimal(_ORDINAL_VALUES[parts[0]]), True
        else:
            continue
        if i > 0 and tokens[i - 1].group().lower().split("-")[-1] in _UNITS:
            continue  # "twenty-first" is read (or refused) as a whole
        end = token.start() + len(parts[0])
        mention = replace(
            with_units(text, token.start(), end, (value,), None),
            ordinal=ordinal,
            ambiguous=len(parts) > 1 or _vague(text, tokens, i),
        )
        mentions.append(mention)
    return mentions


def _vague(text: str, tokens: list[re.Match[str]], i: int) -> bool:
    """ "at first", "first of all", "First, ...", "a third of": not a count of anything."""
    word = tokens[i].group().lower()
    before = tokens[i - 1].group().lower() if i > 0 else ""
    after = tokens[i + 1].group().lower() if i + 1 < len(tokens) else ""
    gap_before = text[tokens[i - 1].end() : tokens[i].start()] if i > 0 else ""
    opens = i == 0 or _SENTENCE_END_RE.search(gap_before) is not None
    if opens and text[tokens[i].end() : tokens[i].end() + 1] == ",":
        return True  # "First, the council ..." lists steps of an argument
    if word == "first" and (before == "at" or after == "of"):
        return True
    return word != "half" and before in {"a", "one"} and after == "of"  # a fraction
