"""The `openai` engine: a brief from any OpenAI-compatible model, through `bot.llm`.

`OpenAIEngine.draft` shows the model the article (whole paragraphs up to
`OPENAI_MAX_ARTICLE_CHARS`, fenced as untrusted data by `bot.prompts.fence_article`),
asks `StructuredLLM` for `BriefOutput` with the `brief` prompt, and turns the answer into
a `Draft` for the gate, naming the model that answered and the tokens it cost. How the
model is asked — structured-output modes, streaming, the loop guard, retries, errors — is
`bot.llm`'s, shared with every other use of a model.
"""

from __future__ import annotations

import logging

import openai
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel, ConfigDict

from bot.article.model import Article
from bot.briefs import Draft, EngineInfo, Evidence, Explainer, Quote, SummaryPoint
from bot.llm import Mode, ModeMemory, StructuredLLM
from bot.llm.shapes import (
    BriefEvidence,
    BriefQuote,
    LooseEvidence,
    LoosePoint,
    LooseQuote,
    StrictModel,
)
from bot.prompts import Prompt, fence_article, genre_line

__all__ = ["BriefOutput", "OpenAIEngine", "first_paragraphs"]

log = logging.getLogger(__name__)


# --- the LLM's output schema ------------------------------------------------------
# OpenAI strict structured outputs: every property required, no defaults, no
# constraints (minItems, pattern...) that some servers reject; `str | None` is
# fine (anyOf string/null). `to_strict_json_schema` adds additionalProperties:false.
# No descriptions either: the `brief` prompt explains every field, and the schema
# counts against the prompt's token budget (bench/prompt_tokens.py).


class BriefPoint(StrictModel):
    text: str
    evidence: list[BriefEvidence]


class BriefExplainer(StrictModel):
    term: str
    text: str
    evidence: list[BriefEvidence]
    background: bool


# What the model must return, sent as `response_format`. No docstring: pydantic
# would send it to the model as the schema's description.
class BriefOutput(StrictModel):
    summary: list[BriefPoint]
    quotes: list[BriefQuote]
    explainers: list[BriefExplainer]


# --- how an answer is read: leniently (missing lists are empty) -------------------


class _Loose(BaseModel):
    """How an answer is read, whatever the mode: missing lists are empty, unknown keys are
    ignored. Strictness is the gate's job: an item without evidence is dropped there."""

    model_config = ConfigDict(extra="ignore")

    summary: list[LoosePoint] = []
    quotes: list[LooseQuote] = []
    explainers: list[_LooseExplainer] = []


class _LooseExplainer(BaseModel):
    model_config = ConfigDict(extra="ignore")
    term: str = ""
    text: str = ""
    evidence: list[LooseEvidence] = []
    background: bool = False


_Loose.model_rebuild()


class OpenAIEngine:
    """Drafts briefs with a chat model through an injected `openai.OpenAI` client."""

    def __init__(
        self,
        client: openai.OpenAI,
        *,
        model: str,
        prompt: Prompt,
        max_output_tokens: int,
        max_article_chars: int = 60_000,
        structured: Mode | None = None,
        modes: ModeMemory | None = None,
        total_seconds: float = 180.0,
        stream: bool = True,
        llm: StructuredLLM | None = None,
    ) -> None:
        """`llm`: the process's shared one (its mode memory serves every use of the model);
        without it, one is built from the other arguments."""
        self._llm = llm or StructuredLLM(
            client,
            model=model,
            max_output_tokens=max_output_tokens,
            structured=structured,
            modes=modes,
            total_seconds=total_seconds,
            stream=stream,
        )
        self._prompt = prompt
        self._max_article_chars = max_article_chars
        self._info = EngineInfo(engine="openai", model=model, prompt_version=prompt.version)

    @property
    def info(self) -> EngineInfo:
        return self._info

    def values(self, article: Article) -> dict[str, str]:
        """The `brief` prompt's values for `article`: the part shown, fenced, and its genre."""
        shown = self.shown(article)
        return {"article": fence_article(shown), "genre": genre_line(shown)}

    def messages(self, article: Article) -> list[ChatCompletionMessageParam]:
        """The system and user messages sent for `article` (also used by the benchmarks)."""
        return self._llm.messages(self._prompt, self.values(article))

    def shown(self, article: Article) -> Article:
        """What the model is given (`first_paragraphs`)."""
        return first_paragraphs(article, self._max_article_chars)

    def draft(self, article: Article) -> Draft:
        """One answer from the model; every failure is an `EngineError` (from `bot.llm`)."""
        reply = self._llm.ask(
            self._prompt, self.values(article), schema=BriefOutput, read_as=_Loose
        )
        draft = _loose_draft(reply.value).model_copy(
            update={"tokens_used": reply.tokens, "model": reply.model}
        )
        read = len(self.shown(article).paragraphs)
        if read < len(article.paragraphs):
            log.info("openai: read %d of %d paragraphs (size limit)", read, len(article.paragraphs))
            draft = draft.model_copy(update={"read_paragraphs": read})
        return draft


def first_paragraphs(article: Article, max_chars: int) -> Article:
    """What a model is given: whole paragraphs up to `max_chars` (at least one).

    A 3.7 MB page must not become a 900,000-token prompt: it would fail, slowly, every
    time. The brief says how many paragraphs the model read (`Draft.read_paragraphs`).
    """
    total, kept = 0, 0
    for paragraph in article.paragraphs:
        total += len(paragraph) + 2
        if total > max_chars and kept:
            break
        kept += 1
    if kept == len(article.paragraphs):
        return article
    first = article.paragraphs[:kept]
    if len(first[0]) > max_chars:  # one giant paragraph: cut it
        first = [first[0][:max_chars]]
    return article.model_copy(update={"paragraphs": first})


def _loose_draft(loose: _Loose) -> Draft:
    return Draft(
        summary=[
            SummaryPoint(
                text=p.text.strip(),
                paragraphs=list(dict.fromkeys(e.paragraph for e in p.evidence)),
                evidence=[Evidence(text=e.text, paragraph=e.paragraph) for e in p.evidence],
            )
            for p in loose.summary
        ],
        quotes=[
            Quote(
                text=q.text.strip(),
                speaker=(q.speaker or "").strip() or None,
                paragraph=q.paragraph,
            )
            for q in loose.quotes
        ],
        explainers=[
            Explainer(
                term=e.term.strip(),
                text=e.text.strip(),
                paragraphs=list(dict.fromkeys(x.paragraph for x in e.evidence)),
                background=e.background,
                evidence=[Evidence(text=x.text, paragraph=x.paragraph) for x in e.evidence],
            )
            for e in loose.explainers
        ],
    )
