"""Numbers in running text, read as values so that different spellings compare equal.

`find_numbers` turns "4,500", "$4.5m", "45 per cent", "twelve", "a dozen" and
"three million dollars" into `NumberMention`s; `number_in` says whether a mention
is backed by any mention of a haystack ("45%" == "45 percent", "$3m" ==
"$3 million", "three" == "3"). `find_pairs` reads ordered pairs ("voted 7-2"),
whose order is a fact of its own. `bot.grounding.facts` uses all three for the
gate and for `verify`.

A mention can carry more than one candidate value when its spelling is
ambiguous: "5m" without a currency may be five million or five metres. Numbers
written in words are read by `bot.grounding.number_words`; the shared
`NumberMention` lives in `bot.grounding.number_units`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from bot.grounding.number_units import SCALES, NumberMention, with_units
from bot.grounding.number_words import word_numbers

__all__ = ["NumberMention", "NumberPair", "find_numbers", "find_pairs", "number_in"]

_ABBREVIATED_SCALES = {"bn": 10**9, "mn": 10**6, "tn": 10**12, "trn": 10**12}
# Only with a currency do these mean thousand/million/billion; "5m" may be metres.
_SOFT_SCALES = {"k": 10**3, "m": 10**6, "b": 10**9}
_CURRENCY_SYMBOLS = {"$": "$", "£": "£", "€": "€", "¥": "¥", "₹": "₹"}
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
_FOLLOWING_SCALE_RE = re.compile(r"\s+(hundred|thousand|million|billion|trillion)\b", re.I)
_ORDINAL_SUFFIXES = {"st", "nd", "rd", "th"}


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in `text`, in order: digits first claim their span, then words."""
    found = _digit_numbers(text)
    taken = [(m.start, m.end) for m in found]
    found += [m for m in word_numbers(text) if not _overlaps(m, taken)]
    return sorted(found, key=lambda m: m.start)


def number_in(mention: NumberMention, haystack: Iterable[NumberMention]) -> bool:
    """Whether some haystack mention has the same value and compatible units.

    A percentage needs a percentage and a currency the same currency; a bare
    number accepts any unit ("45" is backed by "45%"). An ordinal in words
    ("fifth") needs an ordinal ("fifth", "5th"), not "five".
    """
    word_ordinal = mention.ordinal and mention.text[:1].isalpha()
    for other in haystack:
        if mention.percent and not other.percent:
            continue
        if word_ordinal and not other.ordinal:
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
        mention = with_units(text, match.start(), end, values, currency)
        mentions.append(replace(mention, ordinal=suffix in _ORDINAL_SUFFIXES))
    return mentions


def _following_scale(
    text: str, end: int, values: tuple[Decimal, ...]
) -> tuple[int, tuple[Decimal, ...]]:
    scale = _FOLLOWING_SCALE_RE.match(text, end)
    if scale is None:
        return end, values
    factor = SCALES[scale.group(1).lower()]
    return scale.end(), tuple(v * factor for v in values)


def _overlaps(mention: NumberMention, spans: list[tuple[int, int]]) -> bool:
    return any(mention.start < end and start < mention.end for start, end in spans)


@dataclass(frozen=True)
class NumberPair:
    """Two numbers in an order that matters: a vote "7-2", a score, "from 5 to 10"."""

    text: str
    first: Decimal
    second: Decimal
    start: int = 0
    end: int = 0

    def reversed_in(self, haystack: Iterable[NumberPair]) -> NumberPair | None:
        """The haystack's reversed pair ("7-2" for "2-7") when it lacks this order."""
        pairs = list(haystack)
        if self.first == self.second or any(self.same(p) for p in pairs):
            return None
        return next((p for p in pairs if (p.first, p.second) == (self.second, self.first)), None)

    def same(self, other: NumberPair) -> bool:
        return (self.first, self.second) == (other.first, other.second)


_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_PAIR_RE = re.compile(
    rf"(?<![\w.,$£€¥₹])({_NUMBER})(?:\s*[-\u2010-\u2015\u2212]\s*|\s+to\s+)({_NUMBER})(?![\w])"
)


def find_pairs(text: str) -> list[NumberPair]:
    """Every "N-M", "N–M" and "N to M" in `text`."""
    return [
        NumberPair(
            m.group(),
            Decimal(m[1].replace(",", "")),
            Decimal(m[2].replace(",", "")),
            m.start(),
            m.end(),
        )
        for m in _PAIR_RE.finditer(text)
    ]
