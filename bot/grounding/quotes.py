"""Finding a quotation in the article: verbatim, trivially repaired, or only similar.

`locate_quote` is the gate's rule: a quote is kept when it occurs verbatim (up to
`bot.text.normalize.fold`) inside the article's quotation marks, first in the
cited paragraph, then anywhere. If it does not, it may be repaired to the article's
exact words when the difference is trivial (case, punctuation at the ends, one
missing or extra small word). `closest_passage` is `verify`'s rule for "altered":
the most similar run of article words above a similarity threshold.

Every result carries the article's own text, never the draft's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from bot.article.model import Article
from bot.text.normalize import QuotedSpan, fold, fold_with_map, quoted_spans
from bot.text.wordlists import SMALL_WORDS as _SMALL_WORDS

SIMILARITY_THRESHOLD = 0.6
"""How alike (difflib ratio over characters) a passage must be to count as the altered source."""
WORD_FLOOR = 0.5
"""How many words (difflib ratio over words) a passage must share to be considered at all."""


_MARKS = "\"'\u201c\u201d\u201e\u201f\u2018\u2019\u00ab\u00bb"
_TOKEN_RE = re.compile(r"\w+(?:['\u2019\-\u2010-\u2015]\w+)*|[^\w\s]")
_WORD_RE = re.compile(r"\w+(?:['\u2019\-\u2010-\u2015]\w+)*")


@dataclass(frozen=True)
class Located:
    """Where a quotation is in the article (1-based paragraph) and its exact words there."""

    paragraph: int
    start: int
    end: int
    text: str


def strip_quote_marks(text: str) -> str:
    """Remove surrounding quotation marks and whitespace ("“Yes,”" -> "Yes,")."""
    text = text.strip()
    while len(text) >= 2 and text[0] in _MARKS and text[-1] in _MARKS:
        text = text[1:-1].strip()
    return text.strip().strip('"\u201c\u201d\u201e\u00ab\u00bb').strip()


def quote_core(text: str) -> str:
    """A quoted passage without the punctuation a writer may add at its ends ("ended.")."""
    return text.strip(_END_PUNCTUATION)


_END_PUNCTUATION = " \t\n,.;:"


def find_all(needle: str, haystack: str) -> Iterator[Located]:
    """Every occurrence of `needle` in `haystack` up to folding, on word boundaries.

    `paragraph` is 0 in the results; callers fill it in.
    """
    target, _ = search_form(needle)
    if not target:
        return
    folded, index = search_form(haystack)
    at = folded.find(target)
    while at >= 0:
        end = at + len(target)
        if on_word_boundaries(folded, at, end):
            start, stop = index[at], index[end - 1] + 1
            yield Located(0, start, stop, haystack[start:stop])
        at = folded.find(target, at + 1)


@lru_cache(maxsize=2048)
def search_form(text: str) -> tuple[str, list[int]]:
    """`fold_with_map`, plus one ASCII habit: "--" and spaces around a dash are one "-".

    A typed "share -- and" is the article's "share — and"; only dashes and
    whitespace differ, so the match is still verbatim. Remembered per text: every item of
    a brief searches the same paragraphs (callers must not change the returned list).
    """
    folded, index = fold_with_map(text)
    out: list[str] = []
    kept: list[int] = []
    i = 0
    while i < len(folded):
        dash = _DASH_RUN_RE.match(folded, i)
        if dash is not None and "-" in dash.group():
            out.append("-")
            kept.append(index[i + dash.group().index("-")])
            i = dash.end()
            continue
        out.append(folded[i])
        kept.append(index[i])
        i += 1
    return "".join(out), kept


_DASH_RUN_RE = re.compile(r" ?-+ ?")


def on_word_boundaries(text: str, start: int, end: int) -> bool:
    """A match must not start or end inside a word ("own" is not in "down")."""
    if text[start].isalnum() and start > 0 and text[start - 1].isalnum():
        return False
    return not (text[end - 1].isalnum() and end < len(text) and text[end].isalnum())


def quotation_segments(article: Article, first: int | None) -> list[tuple[int, int, int]]:
    """(paragraph, start, end) of every passage in quotation marks, paragraph `first` first.

    An article without any quotation marks (some extractions lose them) yields
    its whole paragraphs instead, so its quotes can still be found.
    """
    order = _paragraph_order(article, first)
    segments = [(n, s.start, s.end) for n in order for s in _spans(article.paragraph(n))]
    if segments:
        return segments
    return [(n, 0, len(article.paragraph(n))) for n in order]


@lru_cache(maxsize=1024)
def _spans(paragraph: str) -> tuple[QuotedSpan, ...]:
    """`quoted_spans`, remembered: every quote of a draft searches the same paragraphs."""
    return tuple(quoted_spans(paragraph))


def paragraph_segments(article: Article, first: int | None) -> list[tuple[int, int, int]]:
    return [(n, 0, len(article.paragraph(n))) for n in _paragraph_order(article, first)]


def _paragraph_order(article: Article, first: int | None) -> list[int]:
    numbers = list(range(1, len(article.paragraphs) + 1))
    if first is not None and article.has_paragraph(first):
        numbers.remove(first)
        numbers.insert(0, first)
    return numbers


def find_verbatim_in(
    article: Article, text: str, segments: Sequence[tuple[int, int, int]]
) -> Located | None:
    """The first verbatim occurrence of `text` inside one of `segments`."""
    for number, start, end in segments:
        segment = article.paragraph(number)[start:end]
        for found in find_all(text, segment):
            return Located(number, start + found.start, start + found.end, found.text)
    return None


def locate_quote(article: Article, text: str, cited: int | None) -> Located | None:
    """The gate's rule: verbatim inside quotation marks, else a trivial repair, else None."""
    segments = quotation_segments(article, cited)
    found = find_verbatim_in(article, text, segments)
    if found is not None:
        return found
    for number, start, end in segments:
        repaired = _trivial_repair(text, article.paragraph(number), start, end)
        if repaired is not None:
            return Located(number, *repaired)
    return None


def _key(token: str) -> str:
    return fold(token).lower()


def _trivial_repair(text: str, paragraph: str, start: int, end: int) -> tuple[int, int, str] | None:
    """Article words that differ from `text` only in case, end punctuation or one small word."""
    wanted = [_key(t) for t in _TOKEN_RE.findall(text)]
    while wanted and not wanted[0][0].isalnum():
        wanted.pop(0)
    while wanted and not wanted[-1][0].isalnum():
        wanted.pop()
    if not wanted:
        return None
    tokens = [m for m in _TOKEN_RE.finditer(paragraph, start, end)]
    keys = [_key(m.group()) for m in tokens]
    n = len(wanted)
    sizes = (n, n - 1, n + 1) if sum(k[0].isalnum() for k in wanted) >= 3 else (n,)
    for i in range(len(tokens)):
        for size in sizes:
            window = keys[i : i + size]
            if len(window) != size or not window or not window[0][0].isalnum():
                continue
            if not window[-1][0].isalnum() or not _trivially_equal(wanted, window):
                continue
            first, last = tokens[i], tokens[i + size - 1]
            return first.start(), last.end(), paragraph[first.start() : last.end()]
    return None


def _trivially_equal(a: list[str], b: list[str]) -> bool:
    """Equal, or equal after removing one small word from the longer list."""
    if len(a) == len(b):
        return a == b
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if len(longer) != len(shorter) + 1:
        return False
    for i, word in enumerate(longer):
        if word in _SMALL_WORDS and longer[:i] + longer[i + 1 :] == shorter:
            return True
    return False


def closest_passage(article: Article, text: str) -> Located | None:
    """The run of article words most like `text`, if alike enough; None otherwise.

    Windows of about the quote's length are screened by shared words (difflib
    over words, at least `WORD_FLOOR`), then ranked by difflib over their
    characters, which prefers "idea" for "idee" to simply leaving the word out.
    """
    wanted = [_key(w) for w in _WORD_RE.findall(text)]
    if not wanted:
        return None
    content = {w for w in wanted if w not in _SMALL_WORDS}
    words_matcher = SequenceMatcher(autojunk=False)
    words_matcher.set_seq2(wanted)
    chars_matcher = SequenceMatcher(autojunk=False)
    chars_matcher.set_seq2(" ".join(wanted))
    best: tuple[float, int, int, int] | None = None
    n = len(wanted)
    for number, paragraph in enumerate(article.paragraphs, 1):
        words = list(_WORD_RE.finditer(paragraph))
        keys = [_key(w.group()) for w in words]
        if content and not content.intersection(keys):
            continue
        for i in range(len(words)):
            for size in range(max(1, n - 2), n + 3):
                if i + size > len(words):
                    break
                window = keys[i : i + size]
                words_matcher.set_seq1(window)
                if words_matcher.quick_ratio() < WORD_FLOOR or words_matcher.ratio() < WORD_FLOOR:
                    continue
                chars_matcher.set_seq1(" ".join(window))
                score = chars_matcher.ratio()
                if score >= SIMILARITY_THRESHOLD and (best is None or score > best[0]):
                    best = (score, number, words[i].start(), words[i + size - 1].end())
    if best is None:
        return None
    _, number, start, end = best
    return Located(number, start, end, article.paragraph(number)[start:end])
