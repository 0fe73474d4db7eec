"""Numbers in running text, read as values so that different spellings compare equal.

`find_numbers` turns "4,500", "$4.5m", "45 per cent", "twelve", "a dozen" and
"three million dollars" into `NumberMention`s; `number_in` says whether a mention
is backed by any mention of a haystack ("45%" == "45 percent", "$3m" ==
"$3 million", "three" == "3"). `bot.grounding.facts` uses both for the gate and
for `verify`.

A mention can carry more than one candidate value when its spelling is
ambiguous: "5m" without a currency may be five million or five metres.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class NumberMention:
    """One number as written (`text`), with the values it can stand for."""

    text: str
    values: tuple[Decimal, ...]
    percent: bool = False
    currency: str | None = None
    ambiguous: bool = False
    start: int = 0
    end: int = 0


_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
_DOZEN = 12
_ABBREVIATED_SCALES = {"bn": 10**9, "mn": 10**6, "tn": 10**12, "trn": 10**12}
# Only with a currency do these mean thousand/million/billion; "5m" may be metres.
_SOFT_SCALES = {"k": 10**3, "m": 10**6, "b": 10**9}
_CURRENCY_SYMBOLS = {"$": "$", "£": "£", "€": "€", "¥": "¥", "₹": "₹"}
_CURRENCY_WORDS = {
    "dollar": "$", "dollars": "$", "pound": "£", "pounds": "£", "sterling": "£",
    "euro": "€", "euros": "€", "yen": "¥", "rupee": "₹", "rupees": "₹",
}  # fmt: skip
# "one" in this company is a pronoun or an idiom ("one of", "no one"): left unchecked.
_ONE_PRONOUN_BEFORE = {
    "no", "any", "every", "each", "the", "this", "that", "which", "last",
}  # fmt: skip
_ONE_PRONOUN_AFTER = {"of", "another", "or", "day", "by", "way", "thing"}
_ONE_IDIOMS = {"off", "time", "way", "sided", "on", "stop", "liner", "third", "size"}

_DIGITS_RE = re.compile(
    r"""
    (?<![\w.$£€¥₹])
    (?P<cur>(?:US|USD|A|AU|C|CA|NZ|HK|S)?\$|£|€|¥|₹)?
    (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.:]\d+)?)
    (?P<suffix>[^\W\d_]+)?
    (?![\w])
    """,
    re.VERBOSE,
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_FOLLOWING_SCALE_RE = re.compile(r"\s+(hundred|thousand|million|billion|trillion)\b", re.I)
_PERCENT_RE = re.compile(r"\s*(?:%|per\s?cent\b|percent\b)", re.I)
_CURRENCY_WORD_RE = re.compile(
    r"\s+(?:(?:US|Australian|Canadian|Hong Kong|New Zealand)\s+)?("
    + "|".join(_CURRENCY_WORDS)
    + r")\b",
    re.I,
)


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in `text`, in order: digits first claim their span, then words."""
    found = _digit_numbers(text)
    taken = [(m.start, m.end) for m in found]
    found += [m for m in _word_numbers(text) if not _overlaps(m, taken)]
    return sorted(found, key=lambda m: m.start)


def number_in(mention: NumberMention, haystack: Iterable[NumberMention]) -> bool:
    """Whether some haystack mention has the same value and compatible units.

    A percentage needs a percentage and a currency the same currency; a bare
    number accepts any unit ("45" is backed by "45%").
    """
    for other in haystack:
        if mention.percent and not other.percent:
            continue
        if mention.currency is not None and other.currency != mention.currency:
            continue
        if set(mention.values) & set(other.values):
            return True
    return False


def _digit_numbers(text: str) -> list[NumberMention]:
    mentions = []
    for match in _DIGITS_RE.finditer(text):
        raw = match["num"]
        try:
            base = Decimal(raw.replace(",", "").replace(":", "."))
        except InvalidOperation:  # pragma: no cover - the regex admits only digits
            continue
        currency = _CURRENCY_SYMBOLS.get((match["cur"] or "")[-1:]) if match["cur"] else None
        suffix = (match["suffix"] or "").lower()
        values: tuple[Decimal, ...] = (base,)
        if suffix in _ABBREVIATED_SCALES:
            values = (base * _ABBREVIATED_SCALES[suffix],)
        elif suffix in _SOFT_SCALES:
            scaled = base * _SOFT_SCALES[suffix]
            values = (scaled,) if currency else (scaled, base)
        end = match.end()
        end, values = _following_scale(text, end, values)
        mention = _with_units(text, match.start(), end, values, currency)
        mentions.append(mention)
    return mentions


def _following_scale(
    text: str, end: int, values: tuple[Decimal, ...]
) -> tuple[int, tuple[Decimal, ...]]:
    scale = _FOLLOWING_SCALE_RE.match(text, end)
    if scale is None:
        return end, values
    factor = _SCALES[scale.group(1).lower()]
    return scale.end(), tuple(v * factor for v in values)


def _with_units(
    text: str, start: int, end: int, values: tuple[Decimal, ...], currency: str | None
) -> NumberMention:
    """Extend a number over a following "%", "per cent" or currency word."""
    percent = False
    if (unit := _PERCENT_RE.match(text, end)) is not None:
        percent, end = True, unit.end()
    elif (unit := _CURRENCY_WORD_RE.match(text, end)) is not None:
        currency = currency or _CURRENCY_WORDS[unit.group(1).lower()]
        end = unit.end()
    return NumberMention(
        text=text[start:end].strip(),
        values=values,
        percent=percent,
        currency=currency,
        start=start,
        end=end,
    )


def _word_numbers(text: str) -> list[NumberMention]:
    tokens = list(_WORD_RE.finditer(text))
    mentions = []
    i = 0
    while i < len(tokens):
        run = _number_run(tokens, i)
        if run is None:
            i += 1
            continue
        last, value, cut = run
        end = cut if cut is not None else tokens[last].end()
        mention = _with_units(text, tokens[i].start(), end, (Decimal(value),), None)
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
    return total + max(current, 1) * _SCALES[word], 0


def _is_number_word(word: str) -> bool:
    return word in _UNITS or word in _SCALE_WORDS


_SCALE_WORDS = {*_SCALES, "dozen"}
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


def _overlaps(mention: NumberMention, spans: list[tuple[int, int]]) -> bool:
    return any(mention.start < end and start < mention.end for start, end in spans)
