"""The brief's data: what an engine drafts (`Draft`) and what the gate lets through (`Brief`).

Engines return a `Draft`; `bot.grounding.gate` checks it against the article and
returns a `Brief` whose every item passed, plus what was dropped and why. The
JSON shape of `Brief` is a public contract (`brief --json`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.article.model import Article

Origin = Literal["model", "extracted"]
"""Who drafted an item, when a brief mixes engines: the model, or the extractive fallback
that filled in after the model's draft left too little (`Pipeline`)."""


class Evidence(BaseModel):
    """A passage of the article an item rests on: its exact words and paragraph.

    In a draft, what the engine says it used; in a `Brief`, the whole sentences the
    gate found it in, in the article's exact words.
    """

    model_config = ConfigDict(frozen=True)

    text: str
    paragraph: int


class SummaryPoint(BaseModel):
    """One point; in a `Brief`, `paragraphs` are those of its `evidence`."""

    model_config = ConfigDict(frozen=True)

    text: str
    paragraphs: list[int] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    origin: Origin | None = None


class Quote(BaseModel):
    """A quotation: `text` without the surrounding quote marks."""

    model_config = ConfigDict(frozen=True)

    text: str
    speaker: str | None = None
    paragraph: int
    origin: Origin | None = None


class Explainer(BaseModel):
    """A person, institution, place or term, explained; `background` marks outside knowledge."""

    model_config = ConfigDict(frozen=True)

    term: str
    text: str
    paragraphs: list[int] = Field(default_factory=list)
    background: bool = False
    evidence: list[Evidence] = Field(default_factory=list)
    """For a background explainer: where the article uses the term (its text is not from it)."""
    origin: Origin | None = None


DroppedKind = Literal["summary", "quote", "speaker", "explainer"]


class Dropped(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: DroppedKind
    text: str
    reason: str


class Draft(BaseModel):
    """An engine's proposal, before grounding. Nothing in it is trusted yet."""

    summary: list[SummaryPoint] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    explainers: list[Explainer] = Field(default_factory=list)
    read_paragraphs: int | None = None
    """Set when the engine read only the first N paragraphs (a model's size limit)."""
    tokens_used: int | None = None
    """The model's tokens (prompt and completion) for this draft; None for no model call."""
    model: str | None = None
    """The model that answered, as the server names it (may differ from the one asked for)."""


class EngineInfo(BaseModel):
    """Which engine, model and prompt version produced a draft."""

    model_config = ConfigDict(frozen=True)

    engine: str
    model: str | None = None
    prompt_version: str | None = None


class Brief(BaseModel):
    """A grounded brief: every item in it passed the gate."""

    article: Article
    summary: list[SummaryPoint]
    quotes: list[Quote]
    explainers: list[Explainer]
    engine: str
    model: str | None
    prompt_version: str | None
    dropped: list[Dropped] = Field(default_factory=list)
    read_paragraphs: int | None = None
    """The engine read only the first N paragraphs: the brief covers those (and says so)."""
    note: str | None = None
    """What the reader should know about how this brief was made (a fallback, say)."""
