"""What a number is once read: `NumberMention`, and the units written after it.

Shared by `bot.grounding.numbers` (digits, and the public `find_numbers`) and
`bot.grounding.number_words` (numbers spelled out): both read a value, then
`with_units` extends it over a following "%", "per cent" or currency word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class NumberMention:
    """One number as written (`text`), with the values it can stand for.

    `ambiguous` mentions ("one of", "first-time") back other mentions but are
    never checked themselves. `ordinal` marks "fifth" or "5th".
    """

    text: str
    values: tuple[Decimal, ...]
    percent: bool = False
    currency: str | None = None
    ambiguous: bool = False
    start: int = 0
    end: int = 0
    ordinal: bool = False


SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
CURRENCY_WORDS = {
    "dollar": "$", "dollars": "$", "pound": "£", "pounds": "£", "sterling": "£",
    "euro": "€", "euros": "€", "yen": "¥", "rupee": "₹", "rupees": "₹",
}  # fmt: skip

_PERCENT_RE = re.compile(r"\s*(?:%|per\s?cent\b|percent\b)", re.I)
_CURRENCY_WORD_RE = re.compile(
    r"\s+(?:(?:US|Australian|Canadian|Hong Kong|New Zealand)\s+)?("
    + "|".join(CURRENCY_WORDS)
    + r")\b",
    re.I,
)


def with_units(
    text: str, start: int, end: int, values: tuple[Decimal, ...], currency: str | None
) -> NumberMention:
    """Extend a number over a following "%", "per cent" or currency word."""
    percent = False
    if (unit := _PERCENT_RE.match(text, end)) is not None:
        percent, end = True, unit.end()
    elif (unit := _CURRENCY_WORD_RE.match(text, end)) is not None:
        currency = currency or CURRENCY_WORDS[unit.group(1).lower()]
        end = unit.end()
    return NumberMention(
        text=text[start:end].strip(),
        values=values,
        percent=percent,
        currency=currency,
        start=start,
        end=end,
    )
