"""Negations a cut can leave out: "we should raise taxes" from "I do not think we should …".

A quotation cut just after a "not", or an ellipsis over a "never", can make a
speaker say the opposite of what they said. The gate drops a partial quote
when the words just before it, in the same quotation, sentence and clause,
hold a negator (`negation_before`); `verify` calls a quote with "…" over a
negator altered (`negator_in`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.text.normalize import fold, quoted_spans

NEGATORS = frozenset(
    {"not", "no", "never", "nobody", "nothing", "neither", "nor", "without", "cannot", "none"}
)
WINDOW = 3
"""How many words before a partial quote are looked at."""

_WORD_RE = re.compile(r"[\w'-]+")
_SENTENCE_END_RE = re.compile(r"[.!?;:]")


@lru_cache(maxsize=8192)
def is_negator(word: str) -> bool:
    word = fold(word).lower()
    return word in NEGATORS or word.endswith("n't")


def negator_in(text: str) -> str | None:
    """The first negating word of `text`, if any."""
    return next((w for w in _WORD_RE.findall(fold(text)) if is_negator(w)), None)


def negation_before(paragraph: str, start: int) -> str | None:
    """The words just before offset `start` when they hold a negator, else None.

    Only words of the same quotation (the one `start` is inside, or the whole
    paragraph when it has none) and of the same sentence count: "We will not
    stop. We should …" is a fair cut at "We should". Within the sentence, the
    last `WINDOW` words are read, or the whole clause since the last comma if
    longer: "I do not think we should | raise taxes" is caught too.
    """
    spans = quoted_spans(paragraph)
    inside = [s for s in spans if s.start <= start <= s.end]
    if spans and not inside:
        return None
    begin = inside[0].start if inside else 0
    before = fold(paragraph[begin:start])
    ends = list(_SENTENCE_END_RE.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    words = _WORD_RE.findall(before)
    clause = _WORD_RE.findall(before.rsplit(",", 1)[-1])
    shown = words[-max(WINDOW, len(clause)) :] if words else []
    if any(is_negator(w) for w in shown):
        return " ".join(shown)
    return None
