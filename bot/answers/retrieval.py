"""Which sentences of an article answer a question: BM25 ranking, then a fit check.

    passages = Passages(article)
    found = passages.search("how many jobs are they cutting?", follow=previous_paragraphs)
    found.best, found.fit, found.nearest

Ranking is `rank_bm25`'s Okapi BM25 over the article's sentences, each word reduced to one
key (its Snowball stem after lemmatising), with each sentence's paragraph added at a lower
weight so a sentence that leans on its neighbours still ranks. What BM25 cannot say is
whether the best sentence *answers*: `fit` is how much of the question's weight (IDF) the
sentence's paragraph covers, and `kind_met` whether it holds what the question asks for
(a number for "how many", a date or time for "when", a name for "who"). The answerers
decide from those whether to answer, hedge or say the article doesn't say.

Follow-ups ("and after that?", "who is he?") carry little of their own: the caller passes
the previous turn's question and paragraphs, which are searched along with it (at a lower
weight), and "after that" moves the search past the paragraphs cited last.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rank_bm25 import BM25Okapi

from bot.article.model import Article
from bot.text.lemmas import forms, lemmas
from bot.text.sentences import is_boilerplate, sentence_spans
from bot.text.wordlists import FUNCTION_WORDS

__all__ = ["Found", "Passage", "Passages", "question_kind"]

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
# Words of a question that say how it is asked, not what it is about.
_ASKING = frozenset(
    """
    article story piece report say says said tell tells told mention mentions mentioned
    exactly actually really know give gives given anything something anyone someone
    happen happens happened thing things write writes wrote detail details explain
    """.split()  # noqa: SIM905
)
_FOLLOW_ON = re.compile(
    r"\b(after that|afterwards|and then|what (?:else|next)|then what|next\b|anything else)",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(he|she|they|him|her|them|his|hers|their|it|its|that|this)\b", re.I)
_NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|"
    r"hundred|thousand|million|billion|half|quarter|percent|per cent)\b",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b(\d{4}|\d{1,2}(:\d\d)?\s*(am|pm|a\.m\.|p\.m\.)|today|tonight|tomorrow|yesterday|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|may|june|july|august|september|october|november|december|spring|summer|"
    r"autumn|fall|winter|week|weeks|month|months|year|years|day|days|morning|evening|"
    r"night|noon|midnight|quarter|soon|later|next|until|by the end|within)\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")
# Words a question and a news story use for the same thing (retrieval only: a looser list
# than the claims gate's synonyms, since finding a passage claims nothing).
_ASKED_AS = (
    "hurt injured injury injuries wounded casualties treated safely",
    "lawyer barrister solicitor attorney counsel defence defense defending representing",
    "board aboard passengers",
    "cost price tag bill costs spend",
    "stock shares share",
    "worried worry concern concerns fear fears",
    "start begin begins starting",
    "job jobs post posts roles layoffs staff",
    "kick effect effective",
    "fire blaze",
    "boat ferry vessel ship",
    "jail jailed prison sentence sentenced",
    "die died dead killed death",
    "money funding funds",
)
_MONEY_ASKED = re.compile(
    r"\bhow much\b.*\b(cost|costs|price|pay|paid|paying|spend|spent|bill|fare|fares|worth|"
    r"budget|salary|charge|charged|fine|fined|rent)\b|\bprice tag\b|\bwhat (?:does|did|will) "
    r"\w+(?: \w+)? cost\b"
)
_MONEY = re.compile(
    r"[£$€¥]\s?\d|\b\d[\d,.]*\s?(?:m|bn|k)\b|\b(million|billion|pounds?|dollars?|euros?|"
    r"pence|cents?)\b",
    re.IGNORECASE,
)
PARAGRAPH_WEIGHT = 0.5
HISTORY_WEIGHT = 0.35


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """One key per word for BM25: the shortest lemma's Snowball-style base, lower case."""
    lower = word.lower().replace("’", "'").removesuffix("'s")
    found = lemmas(lower)
    candidates = [lemma for group in found.values() for lemma in group] or [lower]
    base = min(candidates, key=lambda lemma: (len(lemma), lemma))
    return _stem(base)


def _stem(word: str) -> str:
    """The Snowball stem: the shortest of the word's forms."""
    return min(forms(word), key=lambda form: (len(form), form))


@lru_cache(maxsize=1)
def _asked_as() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for group in _ASKED_AS:
        group_keys = {word_key(word) for word in group.split()}
        for key in group_keys:
            table.setdefault(key, set()).update(group_keys - {key})
    return {key: frozenset(others) for key, others in table.items()}


def also(key: str) -> frozenset[str]:
    """The keys a story may use for what a question calls `key`."""
    return _asked_as().get(key, frozenset())


def words(text: str) -> list[str]:
    return [m.group(0).strip("'’-.,") for m in _WORD.finditer(text) if m.group(0).strip("'’-.,")]


def content_keys(text: str) -> list[str]:
    """The keys of the words that say what `text` is about (no function or asking words)."""
    found = []
    for word in words(text):
        lower = word.lower()
        if lower in FUNCTION_WORDS or lower in _ASKING or len(lower) < 2:
            continue
        found.append(word_key(word))
    return found


def question_kind(question: str) -> str | None:
    """What the question asks for: "money", "number", "time", "person", or None (anything)."""
    lower = question.lower()
    if re.search(r"\bhow long\b", lower) and "how long ago" not in lower:
        return "time"
    if _MONEY_ASKED.search(lower):
        return "money"
    if re.search(r"\bhow (many|much|old|big|high|far|often)\b|\bwhat (?:percent|share)", lower):
        return "number"
    if re.search(r"\bwhen\b|\bwhat (time|date|day|year)\b", lower):
        return "time"
    if re.search(r"\bwho\b(?! is\b)(?! was\b)", lower):
        return "person"
    return None


def kind_met(kind: str | None, text: str) -> bool:
    if kind == "money":
        return bool(_MONEY.search(text))
    if kind == "number":
        return bool(_NUMBER.search(text))
    if kind == "time":
        return bool(_TIME.search(text)) or bool(_NUMBER.search(text))
    if kind == "person":
        return bool(_NAME.search(text)) or bool(
            re.search(r"\b(neighbou?r|officer|official|spokes\w+|resident|police|crew)\b", text)
        )
    return True


@dataclass(frozen=True)
class Passage:
    """One sentence of the article, verbatim, and where it stands."""

    paragraph: int
    text: str
    score: float = 0.0
    index: int = 0
    """The sentence's place in its paragraph."""


@dataclass(frozen=True)
class Found:
    """The search's answer: the best sentences, how well they fit, and the nearest paragraphs."""

    best: tuple[Passage, ...]
    fit: float
    """The share of the question's weight that the best sentence's paragraph covers (0–1)."""
    kind_met: bool
    nearest: tuple[int, ...]
    follow_on: bool = False
    elsewhere: int = 0
    """Words of the question the article has, but not in the answer's paragraph: a sign the
    passage is about something near the question rather than the question."""


class Passages:
    """An article's sentences, indexed for questions."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.sentences: list[Passage] = []
        for number, paragraph in enumerate(article.paragraphs, 1):
            if is_boilerplate(paragraph):
                continue
            for index, (start, end) in enumerate(sentence_spans(paragraph)):
                self.sentences.append(Passage(number, paragraph[start:end], index=index))
        self._sentence_keys = [content_keys(p.text) for p in self.sentences]
        self._paragraph_keys = [content_keys(p) for p in article.paragraphs]
        corpus = self._sentence_keys if self.sentences else [[""]]
        self._bm25 = BM25Okapi([keys or [""] for keys in corpus])
        self._paragraph_bm25 = BM25Okapi([keys or [""] for keys in self._paragraph_keys])
        documents = len(self._paragraph_keys)
        self._idf = {
            key: math.log(1 + documents / count)
            for key, count in _counts(self._paragraph_keys).items()
        }
        self._unseen_idf = math.log(1 + documents / 0.5)

    def search(
        self,
        question: str,
        *,
        previous: str = "",
        previous_paragraphs: Sequence[int] = (),
        top: int = 2,
    ) -> Found:
        """The sentences that best answer `question` (a follow-up: with the previous turn)."""
        keys = content_keys(question)
        follow_on = bool(_FOLLOW_ON.search(question))
        leans = follow_on or (len(keys) <= 2 and bool(_PRONOUN.search(question)))
        extra = content_keys(previous) if leans and previous else []
        if not self.sentences:
            return Found(best=(), fit=0.0, kind_met=False, nearest=(), follow_on=follow_on)
        query = keys + [other for key in keys for other in sorted(also(key))]
        scores = (
            [float(s) for s in self._bm25.get_scores(query)]
            if query
            else [0.0] * len(self.sentences)
        )
        by_paragraph = [float(s) for s in self._paragraph_bm25.get_scores(query)] if query else []
        if extra:
            history = self._bm25.get_scores(extra)
            scores = [s + HISTORY_WEIGHT * float(h) for s, h in zip(scores, history, strict=True)]
        after = max(previous_paragraphs) if follow_on and previous_paragraphs else 0
        ranked: list[Passage] = []
        for i, passage in enumerate(self.sentences):
            score = scores[i]
            if by_paragraph:
                score += PARAGRAPH_WEIGHT * by_paragraph[passage.paragraph - 1]
            if after:
                # "and after that?": what comes next, nearest first; nothing before it.
                if passage.paragraph <= after:
                    continue
                score += 2.0 / (passage.paragraph - after)
            ranked.append(Passage(passage.paragraph, passage.text, score, passage.index))
        ranked.sort(key=lambda p: -p.score)
        kind = question_kind(question)
        best = _pick(ranked, kind, top)
        if not best:
            return Found(best=(), fit=0.0, kind_met=False, nearest=(), follow_on=follow_on)
        wanted = set(keys) | set(extra)
        fit = self._fit(wanted, best[0].paragraph) if wanted else (1.0 if after else 0.0)
        nearest = tuple(dict.fromkeys(p.paragraph for p in ranked[:3] if p.score > 0))
        return Found(
            best=tuple(best),
            fit=fit,
            elsewhere=self._elsewhere(set(keys), {p.paragraph for p in best}),
            kind_met=kind_met(kind, " ".join(p.text for p in best)),
            nearest=nearest,
            follow_on=follow_on,
        )

    def _elsewhere(self, wanted: set[str], paragraphs: set[int]) -> int:
        have: set[str] = set()
        for number in paragraphs:
            have |= set(self._paragraph_keys[number - 1])
        return sum(
            1 for key in wanted if key in self._idf and key not in have and not also(key) & have
        )

    def _fit(self, wanted: set[str], paragraph: int) -> float:
        """The share of the question's IDF weight present in `paragraph` (and the title)."""
        have = set(self._paragraph_keys[paragraph - 1]) | set(
            content_keys(self.article.title or "")
        )
        total = sum(self._idf.get(key, self._unseen_idf) for key in wanted)
        found = sum(
            self._idf.get(key, self._unseen_idf)
            for key in wanted
            if key in have or also(key) & have
        )
        return found / total if total else 0.0


def _pick(ranked: list[Passage], kind: str | None, top: int) -> list[Passage]:
    """The best sentence (one of the question's kind, if a near-best one has it) and, from the
    same paragraph or the next, the runner-up when it scores close."""
    positive = [p for p in ranked if p.score > 0]
    if not positive:
        return []
    first = positive[0]
    if kind is not None and not kind_met(kind, first.text):
        for candidate in positive[1:4]:
            if candidate.score >= 0.6 * first.score and kind_met(kind, candidate.text):
                first = candidate
                break
    chosen = [first]
    for candidate in positive:
        if len(chosen) >= top:
            break
        if candidate is first or candidate.score < 0.75 * first.score:
            continue
        if abs(candidate.paragraph - first.paragraph) <= 1:
            chosen.append(candidate)
    return sorted(chosen, key=lambda p: (p.paragraph, p.index))


def _counts(documents: list[list[str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for document in documents:
        for key in set(document):
            counts[key] = counts.get(key, 0) + 1
    return counts
