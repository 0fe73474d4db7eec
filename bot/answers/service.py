"""Answering a question about an article: the engine's answer, checked, or the article's words.

    answering = Answering(extractive=ExtractiveAnswerer(), model=ModelAnswerer(...) or None)
    answer = answering.answer(article, question, history, on_sentence=..., charge=...)

With a model, its answer goes through the brief's gate (`bot.answers.check`); a streamed
answer's sentences reach `on_sentence` one by one, each only after it passed. When the
model fails (an `EngineError`) or nothing of its answer passes, the extractive answer is
given instead, with a note saying why: a thread is never left without an answer, and
never shown one the article does not back. When the model says the article doesn't say,
the nearest paragraphs come from the extractive search.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.answers.check import MAX_SENTENCES, check_answer, check_sentence
from bot.answers.extractive import ExtractiveAnswerer
from bot.answers.model import Answer
from bot.article.model import Article
from bot.briefs import SummaryPoint
from bot.errors import EngineError
from bot.store.conversation import Turn

if TYPE_CHECKING:  # the model answerer loads the openai client: only where one is built
    from bot.answers.llm import ModelAnswerer

__all__ = ["Answering"]

log = logging.getLogger(__name__)

MODEL_FAILED = "The language model could not answer ({why})."
NOT_BACKED = "The language model's answer did not pass Brief's checks against the article."
NOT_FOUND_BY_MODEL = "The language model found no answer in the article."
OWN_WORDS = " This is the article's own words."


@dataclass
class Answering:
    """Answers questions about articles with a model when there is one, else extractively."""

    extractive: ExtractiveAnswerer
    model: ModelAnswerer | None = None

    @property
    def streams(self) -> bool:
        """Does an answer come in pieces (a model's, streamed), worth showing as it comes?"""
        return self.model is not None

    def answer(
        self,
        article: Article,
        question: str,
        history: Sequence[Turn] = (),
        *,
        on_sentence: Callable[[SummaryPoint], None] | None = None,
        charge: Callable[[int], None] | None = None,
    ) -> Answer:
        if self.model is None:
            return self._extractive(article, question, history)
        checked = _Checked(article, self.model, on_sentence) if on_sentence else None
        try:
            draft = self.model.answer(article, question, history, on_sentence=checked)
        except EngineError as error:
            if charge is not None and error.tokens:
                charge(error.tokens)
            log.warning("answer: model failed (%s); answering extractively", error)
            return self._extractive(
                article, question, history, note=MODEL_FAILED.format(why=str(error).rstrip("."))
            )
        if charge is not None and draft.tokens:
            charge(draft.tokens)
        answer = check_answer(article, question, draft, self.model.info)
        if draft.found and answer.status == "not_found":
            log.info("answer: nothing of the model's answer passed; answering extractively")
            return self._extractive(article, question, history, note=NOT_BACKED)
        if answer.status == "not_found":
            # The model says the article doesn't say. The article's own sentences are shown
            # if they answer it with confidence (never from the wrong place on the labelled
            # sets), or as the nearest passage, labelled so, as offline.
            offline = self._extractive(article, question, history, note=NOT_FOUND_BY_MODEL)
            if offline.status != "not_found":
                log.info("answer: the model found none; showing the article's words")
                return offline
            return answer.model_copy(update={"nearest": answer.nearest or offline.nearest})
        return answer

    def _extractive(
        self, article: Article, question: str, history: Sequence[Turn], *, note: str | None = None
    ) -> Answer:
        draft = self.extractive.answer(article, question, history)
        answer = check_answer(article, question, draft, self.extractive.info)
        if note is None:
            return answer
        said = note + (OWN_WORDS if answer.excerpts else "")
        return answer.model_copy(update={"note": said})


class _Checked:
    """Passes on each streamed sentence that passes the gate, in order, once."""

    def __init__(
        self, article: Article, model: ModelAnswerer, on_sentence: Callable[[SummaryPoint], None]
    ) -> None:
        self._article = article
        self._info = model.info
        self._on_sentence = on_sentence
        self._seen: set[int] = set()
        self._shown = 0

    def __call__(self, index: int, sentence: SummaryPoint) -> None:
        if index in self._seen or self._shown >= MAX_SENTENCES:
            return
        self._seen.add(index)
        kept = check_sentence(self._article, sentence, self._info)
        if kept is not None:
            self._shown += 1
            self._on_sentence(kept)
