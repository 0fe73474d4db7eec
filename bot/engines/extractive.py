"""The extractive engine: a brief made only of the article's own words.

No network, no model, deterministic and fast, so it is the default when no
OpenAI key is configured and the fallback when the model is down. It reads
the article through the language layer (`bot.text`: sentences, names, people,
attribution) and adds its own choices:

    summary      rank sentences (new information + lead bias) -> summary points
    quotes       the article's attributed quotations, picked here
    entities     the article's defining phrases for names, acronyms, jargon
    explain      rank entities -> explainers (background is always False)

Every summary point is a whole sentence, every quote the text inside the
marks, every explainer a phrase from the paragraph it cites, and each item's
evidence is the sentence it came from: the gate's checks pass by construction.
Bump `ALGORITHM_VERSION` whenever output could change; it is part of the cache key.
"""

from __future__ import annotations

from bot.article.model import Article
from bot.briefs import Draft, EngineInfo, Evidence, Quote, SummaryPoint
from bot.engines.entities import find_definitions
from bot.engines.explain import pick_explainers
from bot.engines.summary import pick_summary, summary_size
from bot.text.attribution import FoundQuote, read_quotes
from bot.text.names import find_names
from bot.text.opinion import attribute, author_reference
from bot.text.people import PersonIndex

__all__ = ["ALGORITHM_VERSION", "ExtractiveEngine", "pick_quotes"]

ALGORITHM_VERSION = "3"
MAX_QUOTES = 6
MAX_EXPLAINERS = 6
# A speaker may fill at most this many of the quote slots, so more voices are heard.
MAX_PER_SPEAKER = 2


class ExtractiveEngine:
    """Drafts a brief by selecting sentences, quotations and defining phrases."""

    @property
    def info(self) -> EngineInfo:
        return EngineInfo(
            engine="extractive", model=None, prompt_version=f"extractive-{ALGORITHM_VERSION}"
        )

    def draft(self, article: Article) -> Draft:
        parsed, people, found = read_quotes(tuple(article.paragraphs))
        opinion = article.genre == "opinion"
        summary = pick_summary(
            parsed,
            title=article.title,
            limit=summary_size(article.word_count),
            opinion=opinion,
        )
        quotes = pick_quotes(list(found), len(parsed.paragraphs))
        speakers = {_speaker_key(q.speaker, people) for q in quotes if q.speaker}
        explainers = pick_explainers(
            parsed.paragraphs,
            people,
            find_definitions(parsed, people),
            speakers=speakers,
            limit=MAX_EXPLAINERS,
        )
        return Draft(
            summary=[
                SummaryPoint(
                    text=_point(s.text, article),
                    paragraphs=[s.paragraph],
                    evidence=[Evidence(text=s.text, paragraph=s.paragraph)],
                )
                for s in summary
            ],
            quotes=[Quote(text=q.text, speaker=q.speaker, paragraph=q.paragraph) for q in quotes],
            explainers=explainers,
        )


def _point(sentence: str, article: Article) -> str:
    """A news point is the sentence; an opinion point gives it as the author's words."""
    if article.genre != "opinion":
        return sentence
    return attribute(author_reference(article.byline), sentence)


def pick_quotes(found: list[FoundQuote], paragraph_count: int) -> list[FoundQuote]:
    """The most newsworthy quotations, in article order.

    Longer, earlier, named quotes first; complete sentences over fragments. The
    best quote of each speaker goes in before anyone's second, at most
    `MAX_PER_SPEAKER` each, and never a quote already inside another.
    """
    ranked = sorted(found, key=lambda q: (-_quote_score(q, paragraph_count), q.paragraph, q.start))
    chosen: list[FoundQuote] = []
    for cap in range(1, MAX_PER_SPEAKER + 1):
        for quote in ranked:
            if len(chosen) >= MAX_QUOTES:
                break
            if quote in chosen or sum(q.speaker == quote.speaker for q in chosen) >= cap:
                continue
            if any(quote.text in other.text or other.text in quote.text for other in chosen):
                continue
            chosen.append(quote)
    return sorted(chosen, key=lambda q: (q.paragraph, q.start))


def _quote_score(quote: FoundQuote, paragraph_count: int) -> float:
    score = 1.5 * min(quote.words, 40) / 40
    score += 0.6 if quote.speaker else 0.2 if quote.attributed else 0.0
    score += 0.3 * (1 - (quote.paragraph - 1) / max(1, paragraph_count))
    if quote.text[0].isupper():
        score += 0.2
    if quote.words > 80:
        score -= 0.3
    return score


def _speaker_key(speaker: str, people: PersonIndex) -> str:
    """ "Mr Reyes" -> "Daniel Reyes": the key `explain` ranks entities by."""
    runs = find_names(speaker)
    name = runs[-1].name(speaker) if runs else speaker
    return people.full_name(name)
