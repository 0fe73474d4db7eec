"""Pick the article's own sentences that summarise it best.

Each sentence is scored by how central its words are to the whole article
(term frequency weighted by how few paragraphs use the term, a TF-IDF-ish
centroid), boosted by position (news puts the point first), and penalised when
it is mostly quotation, dangles ("He added ..."), is very short or very long. A
greedy pass then takes the best sentences that do not repeat one another and
returns them in article order, so the points read like a short version of the
story. Every point is a verbatim sentence, which is what the gate checks.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass

from bot.text.names import word_set
from bot.text.normalize import QuotedSpan
from bot.text.parsed import Parsed
from bot.text.sentences import Sentence

__all__ = ["STOPWORDS", "pick_summary", "summary_size", "terms"]

STOPWORDS = word_set(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your
    said says say told added according mr mrs ms dr would could may might must shall one
    two three four five six seven eight nine ten year years last next new also per cent
    percent like just still even many much well get got going make made
    """
)
_DANGLING = word_set("He She They It This That These Those His Her Their Its But And Also So Yet")
# Openings that only make sense after the sentence before: never a point on their own.
_LEANS_BACK = word_set(
    """
    it it's this that these those they them he she his her their its no yes also such both
    then instead thus hence there's
    """
)
# "His Honour Judge Ford sentenced …": a form of address, not a pronoun.
_STYLE_AFTER = word_set("Honour Honor Majesty Excellency Royal Grace Holiness Worship Lordship")
_LEANS_BACK_PHRASES = re.compile(
    r"^(?:the (?:move|decision|change|plan|figure|announcement|latter|former|same|way)\b"
    r"|as a result\b|in (?:turn|response|addition)\b|on the other hand\b|even so\b"
    r"|that (?:is|was|means)\b|this (?:is|was|means)\b)",
    re.IGNORECASE,
)
_ARGUES = re.compile(
    r"\b(?:should|must|ought|needs? to|has to|have to|would be|mistake|wrong|right to|"
    r"better|worse|fail(?:s|ed|ing)?|deserves?|cannot afford|time to)\b",
    re.IGNORECASE,
)
_THESIS_BOOST = 2.0
_THESIS_BASE = 0.5
_QUOTE_MARK = re.compile(r"[\"“”«»]")
_CROWDED = 0.7  # a point's weight once its part of the article has one already
_HEADLINE_PARAGRAPHS = 4
_TOKEN = re.compile(r"[a-z0-9][a-z0-9'’-]*")
_WORD = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")
_BULLET = re.compile(r"^\s*(?:[-•*▪►]|\d+[.)])\s")
MIN_WORDS, MAX_WORDS = 6, 70


@dataclass(frozen=True)
class _Candidate:
    sentence: Sentence
    terms: frozenset[str]
    score: float
    style: float


def terms(text: str) -> list[str]:
    """Content words, lower-cased, possessives and plural -s folded away."""
    out: list[str] = []
    for raw in _TOKEN.findall(text.lower()):
        token = raw[:-2] if raw.endswith(("'s", "’s")) else raw.rstrip("'’")
        if token in STOPWORDS or len(token) < 2:
            continue
        if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
            token = token[:-1]
        out.append(token)
    return out


def summary_size(word_count: int) -> int:
    """How many points an article of this length deserves (3 to 6)."""
    if word_count <= 250:
        return 3
    if word_count <= 600:
        return 4
    if word_count <= 1200:
        return 5
    return 6


def pick_summary(
    parsed: Parsed, *, title: str | None, limit: int, opinion: bool = False
) -> list[Sentence]:
    """Up to `limit` sentences: the headline fact first, then the rest in article order.

    The headline fact is the early sentence that shares most with the headline (the
    lede when nothing does). Then each round takes the sentence whose not-yet-covered
    terms weigh most (per square root of its length), times its position and style
    multipliers, and less when its part of the article already has a point, so the
    points spread over the story. Covering terms keeps them from repeating each other.
    For an opinion piece (`opinion=True`) the first point is its thesis, wherever it
    stands, and sentences with quotation marks in them are left out: each point will
    quote the author.
    """
    paragraphs = parsed.paragraphs
    sentences = parsed.all_sentences()
    weights = _term_weights(paragraphs)
    candidates = [
        s for s in sentences + _resolved(parsed) if _eligible(s, parsed, title, quoted=not opinion)
    ]
    if not candidates:  # a fragment of an article: its longest sentence is better than nothing
        candidates = sorted(sentences, key=lambda s: -len(s.text))[:1]
    pool = _prepare(candidates, parsed)
    horizon = len(paragraphs) if opinion else max(_HEADLINE_PARAGRAPHS, len(paragraphs) // 2)
    headline = _headline_fact(pool, title, weights, horizon, opinion=opinion)
    per_paragraph = 1 + (len(paragraphs) < limit)
    band_size = max(1, math.ceil(len(paragraphs) / max(1, limit)))
    chosen: list[_Candidate] = []
    covered: set[str] = set()
    used: Counter[int] = Counter()
    bands: Counter[int] = Counter()
    while pool and len(chosen) < limit:
        best, best_gain = None, 0.0
        if headline is not None and not chosen:
            best = headline
        for candidate in pool if best is None else []:
            paragraph = candidate.sentence.paragraph
            if used[paragraph] >= per_paragraph:
                continue
            fresh = sum(weights.get(t, 0.0) for t in candidate.terms - covered)
            gain = fresh / math.sqrt(len(candidate.terms) + 1) * candidate.score
            gain *= _CROWDED ** bands[(paragraph - 1) // band_size]
            if gain > best_gain or (best is None and not chosen):
                best, best_gain = candidate, gain
        if best is None:
            break
        chosen.append(best)
        covered |= best.terms
        used[best.sentence.paragraph] += 1
        bands[(best.sentence.paragraph - 1) // band_size] += 1
        pool = [c for c in pool if c is not best and not _similar(c.terms, best.terms)]
    first, rest = chosen[:1], chosen[1:]
    rest.sort(key=lambda c: (c.sentence.paragraph, c.sentence.index))
    return [c.sentence for c in first + rest]


def _headline_fact(
    pool: list[_Candidate],
    title: str | None,
    weights: dict[str, float],
    horizon: int,
    *,
    opinion: bool,
) -> _Candidate | None:
    """The sentence up to paragraph `horizon` that shares most with the headline.

    Shared terms are weighed like any others (rare ones count most); a sentence must
    share at least two of the headline's terms, else there is no headline fact to find.
    A news story states it early; an opinion piece may come to its thesis late, and its
    thesis argues, whether or not it echoes the headline.
    """
    wanted = set(terms(title or ""))
    if len(wanted) < 2 and not opinion:
        return None
    best, best_score = None, 0.0
    for candidate in pool:
        if candidate.sentence.paragraph > horizon:
            continue
        shared = wanted & candidate.terms
        argues = opinion and _ARGUES.search(candidate.sentence.text) is not None
        if len(shared) < 2 and not argues:
            continue
        score = sum(max(weights.get(t, 0.0), 0.5) for t in shared)
        if opinion:  # the thesis may stand anywhere; it argues ("… would be a mistake")
            score = (score + _THESIS_BASE) * candidate.style * (_THESIS_BOOST if argues else 1.0)
        else:
            score *= candidate.score
        if score > best_score:
            best, best_score = candidate, score
    return best


def _term_weights(paragraphs: list[str]) -> dict[str, float]:
    """tf * idf over paragraphs: frequent in the article, concentrated in some paragraphs.

    A term used once still counts a little: it is often the specific fact.
    """
    tf: Counter[str] = Counter()
    df: Counter[str] = Counter()
    for paragraph in paragraphs:
        words = terms(paragraph)
        tf.update(words)
        df.update(set(words))
    count = len(paragraphs)
    return {t: (tf[t] if tf[t] > 1 else 0.5) * math.log(1 + count / df[t]) for t in tf}


def _eligible(sentence: Sentence, parsed: Parsed, title: str | None, *, quoted: bool) -> bool:
    text = sentence.text
    words = len(_WORD.findall(text))
    if not MIN_WORDS <= words <= MAX_WORDS or not _ENDS_SENTENCE.search(text):
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"“‘'"):
        return False
    if _leans_back(text):
        return False  # "It would be called …": needs the sentence before (see `_resolved`)
    if not quoted and _QUOTE_MARK.search(text):
        return False
    if parsed.boilerplate[sentence.paragraph - 1] or _BULLET.match(parsed.text(sentence.paragraph)):
        return False
    return not (title and text.strip().rstrip(".") == title.strip().rstrip("."))


def _prepare(candidates: list[Sentence], parsed: Parsed) -> list[_Candidate]:
    """Each candidate with its terms and its position-and-style multiplier."""
    count = len(parsed.paragraphs)
    out: list[_Candidate] = []
    for rank, sentence in enumerate(candidates):
        position = math.exp(-2.0 * (sentence.paragraph - 1) / count)
        style = _penalty(sentence, parsed.quotes[sentence.paragraph - 1])
        score = (0.5 + 0.5 * position) * (2.0 if rank == 0 else 1.0) * style
        out.append(_Candidate(sentence, frozenset(terms(sentence.text)), score, style))
    return out


def _penalty(sentence: Sentence, quotes: list[QuotedSpan]) -> float:
    """Multiplier for sentences that make poor stand-alone points."""
    text = sentence.text
    factor = 1.0
    quoted = sum(max(0, min(s.end, sentence.end) - max(s.start, sentence.start)) for s in quotes)
    share = quoted / max(1, len(text))
    if share > 0.5:
        factor *= 0.35
    elif share > 0.2:
        factor *= 0.75
    first = text.lstrip("\"“‘'").split(" ", 1)[0].rstrip(",")
    if first in _DANGLING:
        factor *= 0.7
    words = len(_WORD.findall(text))
    if words < 10:
        factor *= 0.7
    elif words > 45:
        factor *= 0.8
    if text.rstrip("\"'”’)").endswith("?"):
        factor *= 0.5
    if _DIGIT.search(text):
        factor *= 1.1
    return factor


def _resolved(parsed: Parsed) -> list[Sentence]:
    """Each sentence that leans on the one before, joined to it: "Allard got her levy
    through. The way she got it shows …" is one point, in the article's exact words."""
    joined: list[Sentence] = []
    for sentences in parsed.sentences:
        for previous, sentence in itertools.pairwise(sentences):
            if not _leans_back(sentence.text) or _leans_back(previous.text):
                continue
            text = parsed.text(sentence.paragraph)[previous.start : sentence.end]
            if len(_WORD.findall(text)) <= MAX_WORDS:
                joined.append(
                    Sentence(sentence.paragraph, previous.index, previous.start, sentence.end, text)
                )
    return joined


def _leans_back(text: str) -> bool:
    """Does the sentence open by pointing back ("It would be called …", "This means …")?"""
    words = text.lstrip("\"“‘'(").split(" ", 2)
    first = words[0].rstrip(",;:").replace("’", "'").lower()
    if first in {"his", "her"} and len(words) > 1 and words[1] in _STYLE_AFTER:
        return False
    return first in _LEANS_BACK or _LEANS_BACK_PHRASES.match(text) is not None


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    """Near-duplicates: most words shared, or one sentence's words inside the other's."""
    if not a or not b:
        return False
    shared = len(a & b)
    return shared / len(a | b) >= 0.5 or shared / min(len(a), len(b)) >= 0.75
