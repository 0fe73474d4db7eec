"""Shared helpers for the grounding tests: the fixture article, number backing, running the gate."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from bot.article.model import Article
from bot.briefs import Brief, Draft, EngineInfo, Evidence, Explainer, Quote, SummaryPoint
from bot.grounding.gate import gate
from bot.grounding.names import Vocabulary, find_names
from bot.grounding.numbers import find_numbers, number_in

ItemT = TypeVar("ItemT", SummaryPoint, Explainer)

FIXTURE = Path(__file__).parent / "fixtures" / "gate_article.txt"


def load_article(*, byline: str | None = None) -> Article:
    """The Westbrook bridge-vote article the gate tests plant fabrications against."""
    title, *paragraphs = FIXTURE.read_text(encoding="utf-8").strip().split("\n\n")
    return Article(title=title, byline=byline, paragraphs=paragraphs)


# A small vocabulary for the name-finding tests: which words two sentences use as names.
VOCABULARY = Vocabulary(
    [
        "The mayor, Ana Lopez, said the Westbrook City Council would meet. Lopez agreed.",
        "Officials from the Westbrook Transit Authority and José Núñez spoke to NASA.",
    ]
)


def names_in(text: str) -> list[str]:
    """The names `find_names` reads in `text`, against `VOCABULARY`."""
    return [n.text for n in find_names(text, VOCABULARY)]


def backed(item: str, article_text: str) -> bool:
    """Whether every number in `item` is backed by `article_text`."""
    mentions = [m for m in find_numbers(item) if not m.ambiguous]
    assert mentions, f"no number read in {item!r}"
    haystack = find_numbers(article_text)
    return all(number_in(m, haystack) for m in mentions)


def gate_draft(
    article: Article,
    info: EngineInfo,
    summary: list[SummaryPoint] | None = None,
    quotes: list[Quote] | None = None,
    explainers: list[Explainer] | None = None,
) -> Brief:
    """Gate a draft made of just these items (an item without evidence: `evidenced`)."""
    draft = Draft(summary=summary or [], quotes=quotes or [], explainers=explainers or [])
    return gate(article, evidenced(article, draft), info)


def evidenced(article: Article, draft: Draft) -> Draft:
    """Each item that names no evidence rests on the whole of its cited paragraphs.

    For the tests of the gate's other checks (numbers, names, days, opinion): they cite
    paragraphs, as drafts did before evidence; the support check then reads those whole
    paragraphs. A cited paragraph that does not exist stays cited, as evidence that is
    not in the article.
    """

    def of(paragraphs: list[int]) -> list[Evidence]:
        return [
            Evidence(
                text=article.paragraph(n) if article.has_paragraph(n) else "a missing paragraph",
                paragraph=n,
            )
            for n in paragraphs
        ]

    return draft.model_copy(
        update={
            "summary": [
                p if p.evidence else p.model_copy(update={"evidence": of(p.paragraphs)})
                for p in draft.summary
            ],
            "explainers": [
                e if e.evidence else e.model_copy(update={"evidence": of(e.paragraphs)})
                for e in draft.explainers
            ],
        }
    )


def plain(items: Sequence[ItemT]) -> list[ItemT]:
    """Items without their evidence, to compare with the items a test drafted."""
    return [item.model_copy(update={"evidence": []}) for item in items]
