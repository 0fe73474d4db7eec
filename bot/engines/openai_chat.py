"""The `openai` engine: one chat completion per article, on any OpenAI-compatible server.

`OpenAIEngine.draft` renders the `brief` prompt with the article fenced as untrusted
data (`bot.prompts.fence_article`) and asks for `BriefOutput` in the strongest
structured-output mode the server takes (`bot.engines.structured`: json_schema,
json_object, a forced tool call, or the prompt alone; a refusal moves on at once and
the mode that worked is remembered per server and model). The answer is streamed and
read with a guard that hangs up on a loop, past a size bound or past the brief's total
time; then the JSON object in it is read leniently (missing lists are empty: strictness
is the gate's job) into a `Draft`, which names the model that answered.

Retries of transient failures (429, 5xx, timeouts, connection errors) are the SDK's
own, configured on the client by `build_openai_client`; nothing retrying can't fix is
retried. Whatever fails becomes an `EngineError` with a one-line, user-safe message and
an operator `detail`; logs hold status, error code, request id and sizes, never the key,
the article or the answer.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass
from typing import Any

import openai
import pydantic
from openai.lib._pydantic import to_strict_json_schema
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel, ConfigDict

from bot.article.model import Article
from bot.briefs import Draft, EngineInfo, Evidence, Explainer, Quote, SummaryPoint
from bot.engines.structured import (
    Mode,
    ModeMemory,
    is_mode_refusal,
    json_text,
    looping,
    request_options,
    schema_instructions,
)
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


# --- the engine ---------------------------------------------------------------------

_SCHEMA = to_strict_json_schema(BriefOutput)
_STREAM_WORD = re.compile(r"\bstream(?:ing)?\b")
_LOOP_CHECK_EVERY = 400  # characters between loop checks of a streamed answer
_CHARS_PER_TOKEN = 6  # a generous bound: past max_output_tokens * this, it is a runaway


class _Loose(BaseModel):
    """How an answer is read, whatever the mode: missing lists are empty, unknown keys are
    ignored. Strictness is the gate's job: an item without evidence is dropped there."""

    model_config = ConfigDict(extra="ignore")

    summary: list[_LoosePoint] = []
    quotes: list[_LooseQuote] = []
    explainers: list[_LooseExplainer] = []


class _LooseEvidence(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str = ""
    paragraph: int = 0


class _LoosePoint(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str = ""
    evidence: list[_LooseEvidence] = []


class _LooseQuote(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str = ""
    speaker: str | None = None
    paragraph: int = 0


class _LooseExplainer(BaseModel):
    model_config = ConfigDict(extra="ignore")
    term: str = ""
    text: str = ""
    evidence: list[_LooseEvidence] = []
    background: bool = False


_Loose.model_rebuild()


@dataclass
class _Answer:
    """What came back, streamed or not."""

    text: str = ""
    model: str | None = None
    finish: str | None = None
    refusal: str | None = None
    prompt_tokens: int | None = None
    total_tokens: int | None = None


class _ModeRefused(Exception):
    """The server rejected the structured-output mode (not retried; the next mode is tried)."""


class _Runaway(Exception):
    """The answer looped or ran past its size bound or the total time; the stream was closed."""

    def __init__(self, message: str, *, chars: int = 0) -> None:
        super().__init__(message)
        self.chars = chars


class _OutOfTime(Exception):
    """The brief's total time ran out before the model said anything."""


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
    ) -> None:
        self._client = client
        self._model = model
        self._prompt = prompt
        self._max_output_tokens = max_output_tokens
        self._max_article_chars = max_article_chars
        self._pinned = structured
        self._modes = modes or ModeMemory()
        self._total_seconds = total_seconds
        self._stream = stream
        self._server = str(client.base_url)
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
        """One answer from the model, in the strongest structured mode the server takes."""
        messages = self.messages(article)
        read = len(self.shown(article).paragraphs)
        deadline = time.monotonic() + self._total_seconds
        started = time.monotonic()
        refused: list[str] = []
        for mode in self._modes.candidates(self._server, self._model, self._pinned):
            proven = self._pinned is not None or (
                self._modes.known(self._server, self._model) == mode
            )
            try:
                answer = self._ask(mode, messages, deadline, proven=bool(proven))
            except _ModeRefused:
                log.warning("openai: the server refused structured-output mode %s", mode)
                self._modes.refused(self._server, self._model, mode)
                refused.append(mode)
                continue
            self._modes.worked(self._server, self._model, mode)
            draft = self._to_draft(answer, mode, messages)
            log.info(
                "openai: drafted model=%s mode=%s prompt_tokens=%s total_tokens=%s seconds=%.2f",
                answer.model,
                mode,
                answer.prompt_tokens,
                answer.total_tokens,
                time.monotonic() - started,
            )
            if read < len(article.paragraphs):
                log.info(
                    "openai: read %d of %d paragraphs (size limit)", read, len(article.paragraphs)
                )
                draft = draft.model_copy(update={"read_paragraphs": read})
            return draft
        log.error("openai: the server refused every structured-output mode tried: %s", refused)
        raise EngineError(
            "The language model service would not give a structured answer.",
            hint=_CONFIG_HINT,
            detail=(
                f"{self._server} refused the modes {', '.join(refused)} for model "
                f"{self._model}; set OPENAI_STRUCTURED_OUTPUT to one it supports"
            ),
        )

    # --- one request -------------------------------------------------------------

    def _ask(
        self,
        mode: Mode,
        messages: list[ChatCompletionMessageParam],
        deadline: float,
        *,
        proven: bool,
    ) -> _Answer:
        """The answer in `mode`, with up to OPENAI_MAX_RETRIES retries of what a retry can
        fix, all within the brief's deadline. A refusal of an unproven mode (even a 500, on
        any attempt) moves on at once: it raises `_ModeRefused`."""
        options = request_options(mode, _SCHEMA, name=BriefOutput.__name__)
        sent = messages
        extra = schema_instructions(mode, _SCHEMA)
        if extra is not None:
            system = f"{messages[0]['content']}\n\n{extra}"
            sent = [{"role": "system", "content": system}, *messages[1:]]
        limit = self._max_output_tokens
        options["max_tokens" if self._legacy_limit else "max_completion_tokens"] = limit
        stream = self._stream and self._modes.streams(self._server, self._model)
        client = self._client.with_options(max_retries=0)  # retries are counted here
        attempts = 1 + self._client.max_retries
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                return self._request(client, sent, options, deadline, stream=stream)
            except openai.APIStatusError as error:
                if not proven and is_mode_refusal(error, mode):
                    raise _ModeRefused from error
                if stream and _names_streaming(error):
                    log.warning("openai: the server refused streaming; asking without it")
                    self._modes.no_streaming(self._server, self._model)
                    return self._ask(mode, messages, deadline, proven=proven)
                if last or not _retryable(error):
                    raise _translate(error, model=self._model) from error
                wait = _retry_after(error, attempt)
                failure: openai.OpenAIError = error
            except (openai.APITimeoutError, openai.APIConnectionError) as error:
                if last:
                    raise _translate(error, model=self._model) from error
                wait = _backoff(attempt)
                failure = error
            except _Runaway as error:
                raise _ran_on(error, prompt=sent) from error
            except _OutOfTime as error:
                raise _too_long(str(error)) from error
            except openai.OpenAIError as error:
                raise _translate(error, model=self._model) from error
            if time.monotonic() + wait >= deadline:
                raise _translate(failure, model=self._model) from failure
            log.info("openai: retrying in %.1f s (attempt %d of %d)", wait, attempt + 2, attempts)
            time.sleep(wait)
        raise _too_long("no attempt left")  # not reached: the last attempt raises above

    def _request(
        self,
        client: openai.OpenAI,
        messages: list[ChatCompletionMessageParam],
        options: dict[str, Any],
        deadline: float,
        *,
        stream: bool,
    ) -> _Answer:
        try:
            return self._send(client, messages, options, deadline, stream=stream)
        except ValueError as error:  # the SDK's json.loads of a body or a chunk
            log.warning("openai: the server's answer was not JSON (%s)", type(error).__name__)
            where = "a streamed chunk" if stream else "the HTTP body"
            raise EngineError(
                "The language model service sent an answer Brief could not read.",
                hint=_CONFIG_HINT,
                detail=f"{where} was not JSON ({type(error).__name__}): check the base URL",
            ) from error
        except (AttributeError, TypeError, KeyError, IndexError) as error:  # the wrong shape
            log.warning(
                "openai: the server's answer had the wrong shape (%s)", type(error).__name__
            )
            raise EngineError(
                "The language model service sent an answer Brief could not read.",
                hint=_CONFIG_HINT,
                detail=f"the completion's fields were not as the API defines them ({error})",
                answered=True,
            ) from error

    def _send(
        self,
        client: openai.OpenAI,
        messages: list[ChatCompletionMessageParam],
        options: dict[str, Any],
        deadline: float,
        *,
        stream: bool,
    ) -> _Answer:
        left = deadline - time.monotonic()
        if left <= 0:
            raise _OutOfTime("the brief's total time ran out before the model answered")
        client = client.with_options(timeout=min(_seconds(self._client.timeout), left))
        if not stream:
            completion = client.chat.completions.create(
                model=self._model, messages=messages, **options
            )
            return _from_completion(completion)
        if not self._legacy_limit:  # OpenAI reports a stream's usage only when asked
            options = {**options, "stream_options": {"include_usage": True}}
        chunks = client.chat.completions.create(
            model=self._model, messages=messages, stream=True, **options
        )
        # A server may keep a stream alive with comments and never send a chunk: the
        # watchdog closes it at the deadline, and reading then stops as a runaway.
        watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), chunks.close)
        watchdog.daemon = True
        watchdog.start()
        try:
            return _read_stream(
                chunks, max_chars=self._max_output_tokens * _CHARS_PER_TOKEN, deadline=deadline
            )
        except _Runaway:
            raise
        except Exception as error:  # the watchdog closed the stream under the reader
            if time.monotonic() >= deadline:
                raise _Runaway(
                    "the total time for this brief ran out while the answer came"
                ) from error
            raise
        finally:
            watchdog.cancel()

    # --- the answer ------------------------------------------------------------------

    def _to_draft(
        self, answer: _Answer, mode: Mode, messages: list[ChatCompletionMessageParam]
    ) -> Draft:
        if answer.refusal:
            log.warning("openai: refusal model=%s", answer.model)
            raise EngineError(
                "The language model declined to brief this article.",
                hint="Use the extractive engine for this article.",
                answered=True,
            )
        if answer.finish == "length":
            raise EngineError(
                "The language model's answer was cut off before it was complete.",
                hint="Try again; if it keeps happening, raise OPENAI_MAX_OUTPUT_TOKENS.",
                detail=f"finish_reason=length after {len(answer.text)} characters (mode {mode})",
                answered=True,
            )
        if answer.finish == "content_filter":
            log.warning("openai: stopped by the content filter")
            raise EngineError(
                "The language model's content filter stopped this brief.",
                hint="Use the extractive engine for this article.",
                answered=True,
            )
        found = json_text(answer.text)
        if found is None:
            log.warning(
                "openai: answer holds no JSON object (%d chars, mode %s)", len(answer.text), mode
            )
            raise EngineError(
                "The language model's answer was not in the expected format.",
                detail=f"no JSON object in the answer ({len(answer.text)} characters, mode {mode})",
                answered=True,
            )
        try:
            loose = _Loose.model_validate_json(found)
        except pydantic.ValidationError as error:
            log.warning("openai: answer failed schema validation: %s", _summary(error))
            raise EngineError(
                "The language model's answer was not in the expected format.",
                detail=f"schema validation: {_summary(error)} (mode {mode})",
                answered=True,
            ) from error
        draft = _loose_draft(loose)
        tokens = answer.total_tokens
        if tokens is None:  # a stream without usage: estimate from the characters
            sent = sum(len(str(m.get("content", ""))) for m in messages)
            tokens = (sent + len(answer.text)) // 4
        return draft.model_copy(update={"tokens_used": tokens, "model": answer.model})


def _ran_on(error: _Runaway, *, prompt: list[ChatCompletionMessageParam]) -> EngineError:
    sent = sum(len(str(m.get("content", ""))) for m in prompt)
    return EngineError(
        "The language model's answer ran on without finishing, so Brief stopped it.",
        hint="Try again, or use the extractive engine for this article.",
        detail=str(error),
        answered=True,
        tokens=(sent + error.chars) // 4,
    )


def _too_long(detail: str) -> EngineError:
    return EngineError("The language model took too long to answer.", detail=detail)


def _retry_after(error: openai.APIStatusError, attempt: int) -> float:
    """The server's `retry-after-ms` or `retry-after`, else the backoff, at most 20 s."""
    headers = error.response.headers
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        try:
            if value is not None:
                return min(20.0, max(0.0, float(str(value)) * scale))
        except ValueError:
            continue
    return _backoff(attempt)


def _backoff(attempt: int) -> float:
    return float(min(8.0, 0.5 * 2.0**attempt))


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


def _from_completion(completion: Any) -> _Answer:
    if not getattr(completion, "choices", None):
        raise EngineError(
            "The language model returned an empty answer.",
            detail="the completion has no choices",
        )
    choice = completion.choices[0]
    message = choice.message
    calls = message.tool_calls or []
    text = calls[0].function.arguments if calls else (message.content or "")
    usage = completion.usage
    return _Answer(
        text=text or "",
        model=completion.model,
        finish=choice.finish_reason,
        refusal=getattr(message, "refusal", None),
        prompt_tokens=usage.prompt_tokens if usage else None,
        total_tokens=usage.total_tokens if usage else None,
    )


def _read_stream(stream: Any, *, max_chars: int, deadline: float) -> _Answer:
    """Read a streamed answer; close the connection at once on a loop, past `max_chars`
    or past the deadline (llama.cpp stops generating when its client goes)."""
    answer = _Answer()
    parts: list[str] = []
    size, checked = 0, 0
    try:
        for chunk in stream:
            answer.model = chunk.model or answer.model
            if chunk.usage is not None:
                answer.prompt_tokens = chunk.usage.prompt_tokens
                answer.total_tokens = chunk.usage.total_tokens
            for choice in chunk.choices or []:
                delta = choice.delta
                piece = _text(delta.content)
                for call in delta.tool_calls or []:
                    if call.function is not None:
                        piece += _text(call.function.arguments)
                if refusal := _text(getattr(delta, "refusal", None)):
                    answer.refusal = (answer.refusal or "") + refusal
                if piece:
                    parts.append(piece)
                    size += len(piece)
                if choice.finish_reason:
                    answer.finish = choice.finish_reason
            if size > max_chars:
                raise _Runaway(f"the answer passed {max_chars} characters", chars=size)
            if size - checked >= _LOOP_CHECK_EVERY:
                checked = size
                if looping("".join(parts)):
                    raise _Runaway(
                        f"the answer was repeating itself after {size} characters", chars=size
                    )
            if time.monotonic() > deadline:
                raise _Runaway(
                    "the total time for this brief ran out while the answer came", chars=size
                )
    finally:
        stream.close()
    answer.text = "".join(parts)
    return answer


def _text(value: object) -> str:
    """A text field of a chunk, as text: a server's null, number or object is no text."""
    return value if isinstance(value, str) else ""


def _seconds(timeout: object) -> float:
    """The per-attempt time-out the client was built with, in seconds."""
    if isinstance(timeout, int | float):
        return float(timeout)
    read = getattr(timeout, "read", None)
    return float(read) if isinstance(read, int | float) else 60.0


def _names_streaming(error: openai.APIStatusError) -> bool:
    """A refusal of `stream` itself ("stream is not supported"), not an "upstream" error."""
    text = f"{error.message} {error.body}".lower()
    return error.status_code in (400, 422, 500, 501) and _STREAM_WORD.search(text) is not None


def _retryable(error: openai.APIStatusError) -> bool:
    """As the SDK decides: the server's own `x-should-retry` first, then the status."""
    should = error.response.headers.get("x-should-retry")
    if should in ("true", "false"):
        return should == "true"
    return error.status_code in (408, 409, 429) or error.status_code >= 500


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
            "The language model service rejected Brief's credentials.",
            hint=_CONFIG_HINT,
            detail=f"HTTP {status}: check OPENAI_API_KEY in the configuration",
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
            "The language model service does not know the model Brief is set to use.",
            hint=_CONFIG_HINT,
            detail=f"HTTP 404 for model '{model}': check OPENAI_MODEL and OPENAI_BASE_URL",
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
