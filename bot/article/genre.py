"""News or opinion: whether a piece reports, or argues its author's view.

Columns, analysis, editorials, essays and reviews are all "opinion" here: a
brief must give their claims as the author's, never as fact. The signals, from
strongest to weakest:

    a desk label      "Opinion" above the headline, "Analysis: …" in it, `article:section`
    page metadata     schema.org `OpinionNewsArticle`, `AnalysisNewsArticle`, `ReviewNewsArticle`
    the link          a path section such as /opinion/, /commentisfree/, /analysis/
    an author bio     "Jane Roe is a columnist for …" at the end
    the voice         the author's own "I" and "my", outside quotations

One strong signal is enough; the weak ones (bio, voice) must agree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from bot.article.body import GENRE_LABELS

__all__ = ["Genre", "GenreSignals", "detect_genre", "first_person_rate"]

Genre = Literal["news", "opinion"]

_OPINION_TYPES = frozenset(
    {"opinionnewsarticle", "analysisnewsarticle", "reviewnewsarticle", "review", "criticreview"}
)
_URL_SECTIONS = frozenset(
    (
        "opinion", "opinions", "commentisfree", "comment", "commentary", "analysis",
        "editorial", "editorials", "column", "columns", "columnists", "op-ed", "oped", "op-eds",
        "essay", "essays", "review", "reviews", "perspective", "perspectives", "viewpoint",
        "viewpoints", "ideas",
    )
)  # fmt: skip
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|I’m|I’ve|I’d|I’ll|me|my|myself|mine)\b")
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")
_VOICE_RATE = 1.0  # first-person words per 100 words outside quotations
_STRONG_VOICE_RATE = 2.0


@dataclass(frozen=True)
class GenreSignals:
    """What a reader of the page or the paste saw that tells the genre."""

    url: str | None = None
    title: str | None = None
    labels: Sequence[str] = ()
    bio: str | None = None
    paragraphs: Sequence[str] = ()
    schema_types: Sequence[str] = ()
    sections: Sequence[str] = ()


def detect_genre(signals: GenreSignals) -> Genre:
    """ "opinion" on one strong signal or two weak ones; "news" otherwise."""
    labels = {" ".join(label.lower().split()) for label in (*signals.labels, *signals.sections)}
    if labels & GENRE_LABELS:
        return "opinion"
    if {t.lower() for t in signals.schema_types} & _OPINION_TYPES:
        return "opinion"
    if _url_section(signals.url):
        return "opinion"
    rate = first_person_rate(signals.paragraphs)
    weak = (signals.bio is not None) + (rate >= _VOICE_RATE) + (rate >= _STRONG_VOICE_RATE)
    return "opinion" if weak >= 2 else "news"


def first_person_rate(paragraphs: Sequence[str]) -> float:
    """The author's "I", "me", "my" per 100 words, outside quotation marks."""
    text = _QUOTED.sub(" ", " ".join(paragraphs))
    words = len(text.split())
    if not words:
        return 0.0
    return 100 * len(_FIRST_PERSON.findall(text)) / words


def _url_section(url: str | None) -> bool:
    if not url:
        return False
    segments = [s.lower() for s in urlsplit(url).path.split("/") if s][:-1]
    return any(s in _URL_SECTIONS for s in segments)
