"""Answers from a language model: the `qa` prompt through `bot.llm.StructuredLLM`.

The model sees the article (fenced, paragraphs numbered, as for the brief), the genre, the
thread's earlier turns and the question, and returns `QAOutput`: whether the article
answers it, the answer's sentences each with the article's sentences it rests on, and any
quotations with their speakers. Nothing of it is trusted: `bot.answers.check` runs it
through the brief's gate. `on_sentence` is told each sentence as soon as the streamed
answer holds it whole, so a thread can show the answer as it comes (checked first).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from pydantic import BaseModel, ConfigDict
from pydantic_core import from_json

from bot.answers.model import AnswerDraft
from bot.article.model import Article
from bot.briefs import EngineInfo, Evidence, Quote, SummaryPoint
from bot.engines.openai_chat import first_paragraphs
from bot.llm import StructuredLLM
from bot.llm.shapes import BriefEvidence, BriefQuote, LoosePoint, LooseQuote, StrictModel
from bot.prompts import Prompt, fence_article, fence_untrusted, genre_line
from bot.store.conversation import Turn

__all__ = ["ModelAnswerer", "QAOutput"]

log = logging.getLogger(__name__)

HISTORY_TURNS = 8
"""At most this many earlier turns go into the prompt (the store keeps a token budget too)."""


class QASentence(StrictModel):
    text: str
    evidence: list[BriefEvidence]


class QAOutput(StrictModel):
    found: bool
    answer: list[QASentence]
    quotes: list[BriefQuote]


class _LooseAnswer(BaseModel):
    """How an answer is read: missing parts are empty; strictness is the gate's job."""

    model_config = ConfigDict(extra="ignore")
    found: bool = True
    answer: list[LoosePoint] = []
    quotes: list[LooseQuote] = []


def history_text(turns: Sequence[Turn]) -> str:
    """The thread's earlier turns, oldest first, as the prompt shows them (fenced)."""
    if not turns:
        return "(none)"
    lines = []
    for turn in turns[-HISTORY_TURNS:]:
        cited = f" [{', '.join(map(str, turn.paragraphs))}]" if turn.paragraphs else ""
        lines.append(f"Q: {' '.join(turn.question.split())}")
        lines.append(f"A: {' '.join(turn.answer.split())}{cited}")
    return fence_untrusted("THREAD", "\n".join(lines))


def _sentence(loose: LoosePoint) -> SummaryPoint:
    return SummaryPoint(
        text=loose.text.strip(),
        paragraphs=list(dict.fromkeys(e.paragraph for e in loose.evidence)),
        evidence=[Evidence(text=e.text, paragraph=e.paragraph) for e in loose.evidence],
    )


class _Sentences:
    """Reads a streamed answer as it grows and passes on each sentence once it is whole."""

    def __init__(self, on_sentence: Callable[[int, SummaryPoint], None]) -> None:
        self._on_sentence = on_sentence
        self._told = 0

    def __call__(self, text: str) -> None:
        start = text.find("{")
        if start < 0:
            return
        try:
            partial = from_json(text[start:], allow_partial=True)
        except ValueError:
            return
        if not isinstance(partial, dict) or partial.get("found") is not True:
            return
        items = partial.get("answer")
        if not isinstance(items, list):
            return
        whole = items[:-1] if "quotes" not in partial else items  # the last may be cut
        for index in range(self._told, len(whole)):
            try:
                sentence = _sentence(LoosePoint.model_validate(whole[index]))
            except ValueError:
                continue
            if sentence.text and sentence.evidence:
                self._on_sentence(index, sentence)
        self._told = max(self._told, len(whole))


class ModelAnswerer:
    """Answers with the `qa` prompt on a shared `StructuredLLM`."""

    def __init__(
        self, llm: StructuredLLM, prompt: Prompt, *, max_article_chars: int = 60_000
    ) -> None:
        self._llm = llm
        self._prompt = prompt
        self._max_article_chars = max_article_chars
        self.info = EngineInfo(engine="openai", model=llm.model, prompt_version=prompt.version)

    def values(self, article: Article, question: str, history: Sequence[Turn]) -> dict[str, str]:
        return {
            "article": fence_article(first_paragraphs(article, self._max_article_chars)),
            "genre": genre_line(article),
            "history": history_text(history),
            "question": fence_untrusted("QUESTION", " ".join(question.split())),
        }

    def answer(
        self,
        article: Article,
        question: str,
        history: Sequence[Turn] = (),
        *,
        on_sentence: Callable[[int, SummaryPoint], None] | None = None,
    ) -> AnswerDraft:
        """The model's answer, unchecked; every failure is an `EngineError` (`bot.llm`)."""
        reply = self._llm.ask(
            self._prompt,
            self.values(article, question, history),
            schema=QAOutput,
            read_as=_LooseAnswer,
            on_text=_Sentences(on_sentence) if on_sentence is not None else None,
        )
        loose = reply.value
        sentences = [_sentence(s) for s in loose.answer if s.text.strip()]
        quotes = [
            Quote(
                text=q.text.strip(),
                speaker=(q.speaker or "").strip() or None,
                paragraph=q.paragraph,
            )
            for q in loose.quotes
            if q.text.strip()
        ]
        found = loose.found and bool(sentences or quotes)
        return AnswerDraft(
            found=found,
            sentences=sentences if found else [],
            quotes=quotes if found else [],
            tokens=reply.tokens,
            model=reply.model,
        )
