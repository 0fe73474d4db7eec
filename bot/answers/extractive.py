"""Answers with no model: the article's own sentences that best answer the question.

`ExtractiveAnswerer` ranks the article's sentences (`bot.answers.retrieval`) and answers
with the best one or two, verbatim, when they fit the question well (most of its weight,
and what it asks for: a number, a time, a name). A weaker match is shown only as the
nearest passage, labelled so; no match is "the article doesn't say". Nothing is
paraphrased, so nothing can be misquoted; what it can get wrong is which passage answers,
and the labelled set (`tests/test_answers_quality.py`) measures that.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.answers.model import AnswerDraft
from bot.answers.retrieval import Passages
from bot.article.model import Article
from bot.briefs import EngineInfo, Evidence
from bot.store.conversation import Turn

__all__ = ["NEAREST_FIT", "STRONG_FIT", "ExtractiveAnswerer"]

STRONG_FIT = 0.55
"""At least this share of the question's weight in the passage's paragraph (and the kind of
thing it asks for) makes the passage an answer."""
NEAREST_FIT = 0.25
"""Below this the passage is not even shown as the nearest: the article doesn't say."""


class ExtractiveAnswerer:
    """Answers from the article's sentences; no key, no network."""

    info = EngineInfo(engine="extractive")

    def answer(self, article: Article, question: str, history: Sequence[Turn] = ()) -> AnswerDraft:
        previous = history[-1] if history else None
        found = Passages(article).search(
            question,
            previous=previous.question if previous else "",
            previous_paragraphs=previous.paragraphs if previous else (),
        )
        excerpts = [Evidence(text=p.text, paragraph=p.paragraph) for p in found.best]
        if not excerpts or found.fit < NEAREST_FIT:
            return AnswerDraft(found=False, nearest=list(found.nearest[:2]))
        # A question word the article uses, but elsewhere: the passage is near the question,
        # not its answer. Shown, then, only as the nearest passage.
        strong = found.fit >= STRONG_FIT and found.kind_met and found.elsewhere == 0
        return AnswerDraft(
            found=True,
            excerpts=excerpts if strong else excerpts[:1],
            confident=strong,
            nearest=list(found.nearest[:2]),
        )
