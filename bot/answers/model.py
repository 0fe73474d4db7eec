"""What a thread answer is: the answerer's draft, and the answer as checked.

AnswerDraft  an answerer's proposal: sentences with evidence, quotations, verbatim
             excerpts, or `found=False`; nothing in it is trusted yet
Answer       what passed `bot.answers.check`: what the thread is shown and remembers
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.briefs import Evidence, Quote, SummaryPoint

__all__ = ["Answer", "AnswerDraft", "Status"]

Status = Literal["answered", "nearest", "not_found"]
"""answered: the article answers it. nearest: it does not say so directly; the nearest
passage is shown, labelled as such. not_found: the article doesn't say."""


class AnswerDraft(BaseModel):
    """An answerer's proposal, before the checks."""

    found: bool
    sentences: list[SummaryPoint] = Field(default_factory=list)
    """The answer in the answerer's words, each with its evidence (model answers)."""
    quotes: list[Quote] = Field(default_factory=list)
    excerpts: list[Evidence] = Field(default_factory=list)
    """The article's own sentences, shown as they are (extractive answers)."""
    nearest: list[int] = Field(default_factory=list)
    """Paragraphs closest to the question, for "the article doesn't say" answers."""
    confident: bool = True
    """False when the excerpts are only the nearest passage, not an answer."""
    tokens: int = 0
    model: str | None = None


class Answer(BaseModel):
    """A checked answer: everything in it is backed by the article."""

    model_config = ConfigDict(frozen=True)

    question: str
    status: Status
    sentences: list[SummaryPoint] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    excerpts: list[Evidence] = Field(default_factory=list)
    nearest: list[int] = Field(default_factory=list)
    engine: str
    model: str | None = None
    prompt_version: str | None = None
    dropped: int = 0
    """Items the checks held back (sentences, quotations)."""
    note: str | None = None
    """Why the answer is not the engine's own (the model failed, or its answer did not pass)."""
    author: str | None = None
    """An opinion piece's author as the article names them: the excerpts are their claims."""

    @property
    def paragraphs(self) -> list[int]:
        """Every paragraph the answer cites, in order."""
        cited = {n for s in self.sentences for n in s.paragraphs}
        cited |= {q.paragraph for q in self.quotes} | {e.paragraph for e in self.excerpts}
        return sorted(cited)

    def plain(self) -> str:
        """The answer as plain text with its citations: what the thread's memory keeps."""
        if self.status == "not_found":
            return "The article doesn't say."
        parts = [f"{s.text} [{', '.join(map(str, s.paragraphs))}]" for s in self.sentences]
        parts += [f'"{e.text}" [{e.paragraph}]' for e in self.excerpts]
        parts += [
            f'"{q.text}" ({q.speaker or "unattributed"}) [{q.paragraph}]' for q in self.quotes
        ]
        lead = "Nearest passage: " if self.status == "nearest" else ""
        return lead + " ".join(parts)
