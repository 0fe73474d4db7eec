"""The `openai` engine: one structured-output chat completion per article.

`OpenAIEngine.draft` renders the `brief` prompt with the article fenced as
untrusted data (`bot.prompts.fence_article`), makes exactly one
`chat.completions.parse` call with `BriefOutput` as the strict JSON schema, and
converts the answer to a `Draft` for the grounding gate. It works against any
OpenAI-compatible server (OpenAI, vLLM, Ollama, LiteLLM): only `base_url` differs.

Retries (429, 5xx, timeouts, connection errors) are the SDK's own, configured
on the client by `build_openai_client`; whatever still fails is translated here
into an `EngineError` with a one-line, user-safe message, and the details are
logged (status, error code, request id; never the key, never the article).
"""

from __future__ import annotations

import logging
import time
from typing import Any

import openai
import pydantic
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel, ConfigDict

from bot.article.model import Article
from bot.briefs import Draft, EngineInfo, Evidence, Explainer, Quote, SummaryPoint
from bot.errors import ConfigError, EngineError
from bot.prompts import Prompt, fence_article, genre_line
from bot.settings import Settings

__all__ = ["BriefOutput", "OpenAIEngine", "build_openai_client"]

log = logging.getLogger(__name__)

OPENAI_API_HOST = "api.openai.com"
_CONFIG_HINT = "Ask the operator to fix Brief's configuration, or use the extractive engine."


def _drop_titles(schema: dict[str, Any]) -> None:
    """Pydantic's automatic titles only cost tokens: the model reads names and descriptions."""
    schema.pop("title", None)
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)


# --- the LLM's output schema ------------------------------------------------------
# OpenAI strict structured outputs: every property required, no defaults, no
# constraints (minItems, pattern...) that some servers reject; `str | None` is
# fine (anyOf string/null). `to_strict_json_schema` adds additionalProperties:false.
# No descriptions either: the `brief` prompt explains every field, and the schema
# counts against the prompt's token budget (bench/prompt_tokens.py).


class _StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_drop_titles)


class BriefEvidence(_StrictModel):
    text: str
    paragraph: int


class BriefPoint(_StrictModel):
    text: str
    evidence: list[BriefEvidence]


class BriefQuote(_StrictModel):
    text: str
    speaker: str | None
    paragraph: int


class BriefExplainer(_StrictModel):
    term: str
    text: str
    evidence: list[BriefEvidence]
    background: bool


# What the model must return, sent as `response_format`. No docstring: pydantic
# would send it to the model as the schema's description.
class BriefOutput(_StrictModel):
    summary: list[BriefPoint]
    quotes: list[BriefQuote]
    explainers: list[BriefExplainer]

    def to_draft(self) -> Draft:
        return Draft(
            summary=[
                SummaryPoint(
                    text=p.text.strip(),
                    paragraphs=_paragraphs(p.evidence),
                    evidence=_evidence(p.evidence),
                )
                for p in self.summary
            ],
            quotes=[
                Quote(
                    text=q.text.strip(),
                    speaker=(q.speaker or "").strip() or None,
                    paragraph=q.paragraph,
                )
                for q in self.quotes
            ],
            explainers=[
                Explainer(
                    term=e.term.strip(),
                    text=e.text.strip(),
                    paragraphs=_paragraphs(e.evidence),
                    background=e.background,
                    evidence=_evidence(e.evidence),
                )
                for e in self.explainers
            ],
        )


def _evidence(given: list[BriefEvidence]) -> list[Evidence]:
    return [Evidence(text=e.text, paragraph=e.paragraph) for e in given]


def _paragraphs(given: list[BriefEvidence]) -> list[int]:
    return list(dict.fromkeys(e.paragraph for e in given))


# --- the engine ---------------------------------------------------------------------


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
    ) -> None:
        self._client = client
        self._model = model
        self._prompt = prompt
        self._max_output_tokens = max_output_tokens
        self._max_article_chars = max_article_chars
        self._info = EngineInfo(engine="openai", model=model, prompt_version=prompt.version)
        # OpenAI's own API wants `max_completion_tokens` (reasoning models reject
        # `max_tokens`); Ollama and other compatible servers only honour `max_tokens`.
        self._legacy_limit = client.base_url.host != OPENAI_API_HOST

    @property
    def info(self) -> EngineInfo:
        return self._info

    def messages(self, article: Article) -> list[ChatCompletionMessageParam]:
        """The system and user messages sent for `article` (also used by the benchmarks)."""
        shown = self.shown(article)
        rendered = self._prompt.render(article=fence_article(shown), genre=genre_line(shown))
        return [
            {"role": "system", "content": rendered.system},
            {"role": "user", "content": rendered.user},
        ]

    def shown(self, article: Article) -> Article:
        """What the model is given: whole paragraphs up to `max_article_chars` (at least one).

        A 3.7 MB page must not become a 900,000-token prompt: it would fail, slowly, every
        time. The brief says how many paragraphs the model read (`Draft.read_paragraphs`).
        """
        total, kept = 0, 0
        for paragraph in article.paragraphs:
            total += len(paragraph) + 2
            if total > self._max_article_chars and kept:
                break
            kept += 1
        if kept == len(article.paragraphs):
            return article
        first = article.paragraphs[:kept]
        if len(first[0]) > self._max_article_chars:  # one giant paragraph: cut it
            first = [first[0][: self._max_article_chars]]
        return article.model_copy(update={"paragraphs": first})

    def draft(self, article: Article) -> Draft:
        """One `chat.completions.parse` call; every failure becomes an `EngineError`."""
        messages = self.messages(article)
        read = len(self.shown(article).paragraphs)
        limit = self._max_output_tokens
        started = time.monotonic()
        try:
            completion = self._client.chat.completions.parse(
                model=self._model,
                messages=messages,
                response_format=BriefOutput,
                max_tokens=limit if self._legacy_limit else openai.omit,
                max_completion_tokens=openai.omit if self._legacy_limit else limit,
            )
        except (openai.OpenAIError, pydantic.ValidationError) as error:
            raise _translate(error, model=self._model) from error
        elapsed = time.monotonic() - started

        if not completion.choices:
            log.warning("openai: no choices in completion id=%s", completion.id)
            raise EngineError("The language model returned an empty answer.")
        message = completion.choices[0].message
        if message.refusal:
            log.warning("openai: refusal id=%s model=%s", completion.id, self._model)
            raise EngineError(
                "The language model declined to brief this article.",
                hint="Use the extractive engine for this article.",
            )
        if message.parsed is None:
            log.warning("openai: no parsed content id=%s", completion.id)
            raise EngineError("The language model's answer was not in the expected format.")
        usage = completion.usage
        log.info(
            "openai: drafted id=%s model=%s prompt_tokens=%s completion_tokens=%s seconds=%.2f",
            completion.id,
            completion.model,
            usage.prompt_tokens if usage else None,
            usage.completion_tokens if usage else None,
            elapsed,
        )
        draft = message.parsed.to_draft()
        if usage is not None:
            draft = draft.model_copy(update={"tokens_used": usage.total_tokens})
        if read < len(article.paragraphs):
            log.info("openai: read %d of %d paragraphs (size limit)", read, len(article.paragraphs))
            draft = draft.model_copy(update={"read_paragraphs": read})
        return draft


def _translate(error: Exception, *, model: str) -> EngineError:
    """A user-safe `EngineError` for an SDK (or parsing) failure; details go to the log."""
    if isinstance(error, pydantic.ValidationError):
        log.warning("openai: answer failed schema validation: %s", _summary(error))
        return EngineError("The language model's answer was not in the expected format.")
    if isinstance(error, openai.LengthFinishReasonError):
        log.warning("openai: output cut off by the token limit (%s)", error.completion.usage)
        return EngineError(
            "The language model's answer was cut off before it was complete.",
            hint="Try again; if it keeps happening, raise OPENAI_MAX_OUTPUT_TOKENS.",
        )
    if isinstance(error, openai.ContentFilterFinishReasonError):
        log.warning("openai: stopped by the content filter")
        return EngineError(
            "The language model's content filter stopped this brief.",
            hint="Use the extractive engine for this article.",
        )
    if isinstance(error, openai.APITimeoutError):
        log.warning("openai: timed out (after the SDK's retries)")
        return EngineError("The language model took too long to answer.")
    if isinstance(error, openai.APIConnectionError):
        log.warning("openai: connection failed: %s", error.__cause__ or error)
        return EngineError("Brief could not reach the language model service.")
    if isinstance(error, openai.APIStatusError):
        return _translate_status(error, model=model)
    log.warning("openai: unexpected SDK error %s", type(error).__name__)
    return EngineError("The language model service failed unexpectedly.")


def _translate_status(error: openai.APIStatusError, *, model: str) -> EngineError:
    status, code, request_id = error.status_code, error.code, error.request_id
    if isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
        # The body may echo part of the key: log only the status and ids.
        log.error(
            "openai: credentials rejected status=%s code=%s request_id=%s", status, code, request_id
        )
        return EngineError(
            "The language model service rejected Brief's credentials: "
            "the operator must check OPENAI_API_KEY in the configuration.",
            hint=_CONFIG_HINT,
        )
    log.warning(
        "openai: HTTP %s code=%s type=%s request_id=%s message=%.300s",
        status,
        code,
        error.type,
        request_id,
        error.message,
    )
    if isinstance(error, openai.RateLimitError):
        if code == "insufficient_quota":
            return EngineError(
                "The language model account has run out of quota.", hint=_CONFIG_HINT
            )
        return EngineError("The language model service is busy (rate limited).")
    if isinstance(error, openai.NotFoundError):
        return EngineError(
            f"The language model service does not know the model '{model}': "
            "the operator must check OPENAI_MODEL and OPENAI_BASE_URL.",
            hint=_CONFIG_HINT,
        )
    if code == "context_length_exceeded":
        return EngineError(
            "The article is too long for the language model.",
            hint="Use the extractive engine for this article.",
        )
    if isinstance(error, openai.BadRequestError | openai.UnprocessableEntityError):
        return EngineError(
            "The language model service rejected Brief's request.", hint=_CONFIG_HINT
        )
    if status >= 500:
        return EngineError("The language model service had an internal error.")
    return EngineError(f"The language model service answered with an error (HTTP {status}).")


def _summary(error: pydantic.ValidationError) -> str:
    first = error.errors()[0] if error.error_count() else {"type": "?", "loc": ()}
    where = ".".join(str(p) for p in first["loc"]) or "answer"
    return f"{error.error_count()} error(s), first: {first['type']} at {where}"


# --- the client -----------------------------------------------------------------------


def build_openai_client(settings: Settings) -> openai.OpenAI:
    """The one OpenAI client, built in the composition root and passed to the engine.

    `base_url` is always given explicitly (OpenAI's when OPENAI_BASE_URL is
    unset) so the SDK never reads it from the environment behind Settings' back.
    Local servers that need no key still need OPENAI_API_KEY set to any value.
    """
    if settings.openai_api_key is None:
        raise ConfigError(
            "OPENAI_API_KEY is not set; the openai engine needs it "
            "(any value for a local server that takes no key)."
        )
    return openai.OpenAI(
        api_key=settings.openai_api_key.get_secret_value(),
        base_url=settings.openai_base_url or f"https://{OPENAI_API_HOST}/v1",
        timeout=settings.openai_timeout,
        max_retries=settings.openai_max_retries,
    )
