"""The one way Brief asks a language model anything: prompt + values + schema -> object.

    llm = StructuredLLM(client, model=..., max_output_tokens=...)
    reply = llm.ask(prompt, {"article": ..., "genre": ...}, schema=BriefOutput, read_as=Loose)
    reply.value, reply.model, reply.tokens

`ask` renders a prompt template (`bot.prompts`), asks for the schema in the strongest
structured-output mode the server takes (`bot.llm.modes`: json_schema, then
json_object with the schema, a forced tool call, the prompt alone; a refusal moves on at
once and what works is remembered per server and model), streams the answer behind a
guard that hangs up on a loop, past a size bound or past the deadline (a watchdog too, for
streams kept alive by comments), retries what a retry can fix within that deadline, and
reads the JSON object in the answer into `read_as`. Everything that fails becomes an
`EngineError` with a user-safe message and an operator `detail`; `answered=True` marks an
answer the model gave but that cannot be used. The brief's engine uses it today; thread
answers and the digest will too. Logs hold status, codes, request ids and sizes, never the
key, the prompt's text or the answer.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import openai
import pydantic
from openai.lib._pydantic import to_strict_json_schema
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel

from bot.errors import ConfigError, EngineError
from bot.llm.failures import (
    CONFIG_HINT,
    backoff,
    names_streaming,
    ran_on,
    retry_after,
    retryable,
    summary,
    too_long,
    translate,
)
from bot.llm.modes import (
    Mode,
    ModeMemory,
    is_mode_refusal,
    json_text,
    request_options,
    schema_instructions,
)
from bot.llm.reading import Answer, Runaway, from_completion, read_stream
from bot.metrics import Metrics
from bot.prompts import Prompt
from bot.settings import Settings

__all__ = ["OPENAI_API_HOST", "Reply", "StructuredLLM", "build_llm", "build_openai_client"]

log = logging.getLogger(__name__)

OPENAI_API_HOST = "api.openai.com"


_CHARS_PER_TOKEN = 6  # a generous bound: past max_output_tokens * this, it is a runaway


M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Reply(Generic[M]):
    """A parsed answer, the model that gave it (as the server names it), its tokens, mode."""

    value: M
    model: str | None
    tokens: int
    mode: Mode


@dataclass
class _ModeRefused(Exception):
    """The server rejected the structured-output mode (not retried; the next mode is tried)."""


class _OutOfTime(Exception):
    """The brief's total time ran out before the model said anything."""


class StructuredLLM:
    """A model on an OpenAI-compatible server, asked for structured answers. Thread-safe:
    one per process, shared by the worker's threads (its memory is locked)."""

    def __init__(
        self,
        client: openai.OpenAI,
        *,
        model: str,
        max_output_tokens: int,
        structured: Mode | None = None,
        modes: ModeMemory | None = None,
        total_seconds: float = 180.0,
        stream: bool = True,
        metrics: Metrics | None = None,
    ) -> None:
        self._metrics = metrics
        self._client = client
        self.model = model
        self._max_output_tokens = max_output_tokens
        self._pinned = structured
        self._modes = modes or ModeMemory()
        self._total_seconds = total_seconds
        self._stream = stream
        self.server = str(client.base_url)
        # OpenAI's own API wants `max_completion_tokens` (reasoning models reject
        # `max_tokens`); Ollama and other compatible servers only honour `max_tokens`.
        self._legacy_limit = client.base_url.host != OPENAI_API_HOST

    @staticmethod
    def messages(prompt: Prompt, values: Mapping[str, str]) -> list[ChatCompletionMessageParam]:
        """The system and user messages for a prompt and its values."""
        rendered = prompt.render(**values)
        return [
            {"role": "system", "content": rendered.system},
            {"role": "user", "content": rendered.user},
        ]

    def ask(
        self,
        prompt: Prompt,
        values: Mapping[str, str],
        *,
        schema: type[BaseModel],
        read_as: type[M],
        on_text: Callable[[str], None] | None = None,
    ) -> Reply[M]:
        """One answer to `prompt` with `values`, constrained to `schema`, read as `read_as`
        (a lenient model of the same shape: strictness is the gate's job). `on_text` is told
        a streamed answer's text so far as it grows (a retry starts it again from empty)."""
        started = time.monotonic()
        try:
            reply = self._ask_parsed(prompt, values, schema, read_as, on_text)
        except EngineError as error:
            if self._metrics is not None:
                seconds = time.monotonic() - started
                self._metrics.llm_call(self.model, "failed", seconds, error.tokens or 0)
            raise
        if self._metrics is not None:
            seconds = time.monotonic() - started
            self._metrics.llm_call(self.model, "ok", seconds, reply.tokens)
        return reply

    def _ask_parsed(
        self,
        prompt: Prompt,
        values: Mapping[str, str],
        schema: type[BaseModel],
        read_as: type[M],
        on_text: Callable[[str], None] | None,
    ) -> Reply[M]:
        messages = self.messages(prompt, values)
        strict = to_strict_json_schema(schema)
        deadline = time.monotonic() + self._total_seconds
        started = time.monotonic()
        refused: list[str] = []
        for mode in self._modes.candidates(self.server, self.model, self._pinned):
            proven = self._pinned is not None or self._modes.known(self.server, self.model) == mode
            try:
                answer = self._ask(
                    mode,
                    messages,
                    strict,
                    schema.__name__,
                    deadline,
                    proven=proven,
                    on_text=on_text,
                )
            except _ModeRefused:
                log.warning("openai: the server refused structured-output mode %s", mode)
                self._modes.refused(self.server, self.model, mode)
                refused.append(mode)
                continue
            self._modes.worked(self.server, self.model, mode)
            reply = _parse(answer, mode, messages, read_as)
            log.info(
                "openai: answered model=%s mode=%s prompt=%s prompt_tokens=%s total_tokens=%s "
                "seconds=%.2f",
                answer.model,
                mode,
                prompt.name,
                answer.prompt_tokens,
                answer.total_tokens,
                time.monotonic() - started,
            )
            return reply
        log.error("openai: the server refused every structured-output mode tried: %s", refused)
        raise EngineError(
            "The language model service would not give a structured answer.",
            hint=CONFIG_HINT,
            detail=(
                f"{self.server} refused the modes {', '.join(refused)} for model "
                f"{self.model}; set OPENAI_STRUCTURED_OUTPUT to one it supports"
            ),
        )

    def _ask(
        self,
        mode: Mode,
        messages: list[ChatCompletionMessageParam],
        schema: dict[str, Any],
        name: str,
        deadline: float,
        *,
        proven: bool,
        on_text: Callable[[str], None] | None = None,
    ) -> Answer:
        """The answer in `mode`, with up to OPENAI_MAX_RETRIES retries of what a retry can
        fix, all within the request's deadline. A refusal of an unproven mode (even a 500, on
        any attempt) moves on at once: it raises `_ModeRefused`."""
        options = request_options(mode, schema, name=name)
        sent = messages
        extra = schema_instructions(mode, schema)
        if extra is not None:
            system = f"{messages[0]['content']}\n\n{extra}"
            sent = [{"role": "system", "content": system}, *messages[1:]]
        limit = self._max_output_tokens
        options["max_tokens" if self._legacy_limit else "max_completion_tokens"] = limit
        stream = self._stream and self._modes.streams(self.server, self.model)
        client = self._client.with_options(max_retries=0)  # retries are counted here
        attempts = 1 + self._client.max_retries
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                return self._request(
                    client, sent, options, deadline, stream=stream, on_text=on_text
                )
            except openai.APIStatusError as error:
                if not proven and is_mode_refusal(error, mode):
                    raise _ModeRefused from error
                if stream and names_streaming(error):
                    log.warning("openai: the server refused streaming; asking without it")
                    self._modes.no_streaming(self.server, self.model)
                    return self._ask(
                        mode, messages, schema, name, deadline, proven=proven, on_text=on_text
                    )
                if last or not retryable(error):
                    raise translate(error, model=self.model) from error
                wait = retry_after(error, attempt)
                failure: openai.OpenAIError = error
            except (openai.APITimeoutError, openai.APIConnectionError) as error:
                if last:
                    raise translate(error, model=self.model) from error
                wait = backoff(attempt)
                failure = error
            except Runaway as error:
                raise ran_on(error, prompt=sent) from error
            except _OutOfTime as error:
                raise too_long(str(error)) from error
            except openai.OpenAIError as error:
                raise translate(error, model=self.model) from error
            if time.monotonic() + wait >= deadline:
                raise translate(failure, model=self.model) from failure
            log.info("openai: retrying in %.1f s (attempt %d of %d)", wait, attempt + 2, attempts)
            time.sleep(wait)
        raise too_long("no attempt left")  # not reached: the last attempt raises above

    def _request(
        self,
        client: openai.OpenAI,
        messages: list[ChatCompletionMessageParam],
        options: dict[str, Any],
        deadline: float,
        *,
        stream: bool,
        on_text: Callable[[str], None] | None = None,
    ) -> Answer:
        try:
            return self._send(client, messages, options, deadline, stream=stream, on_text=on_text)
        except ValueError as error:  # the SDK's json.loads of a body or a chunk
            log.warning("openai: the server's answer was not JSON (%s)", type(error).__name__)
            where = "a streamed chunk" if stream else "the HTTP body"
            raise EngineError(
                "The language model service sent an answer Brief could not read.",
                hint=CONFIG_HINT,
                detail=f"{where} was not JSON ({type(error).__name__}): check the base URL",
            ) from error
        except (AttributeError, TypeError, KeyError, IndexError) as error:  # the wrong shape
            log.warning(
                "openai: the server's answer had the wrong shape (%s)", type(error).__name__
            )
            raise EngineError(
                "The language model service sent an answer Brief could not read.",
                hint=CONFIG_HINT,
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
        on_text: Callable[[str], None] | None = None,
    ) -> Answer:
        left = deadline - time.monotonic()
        if left <= 0:
            raise _OutOfTime("the total time for this request ran out before the model answered")
        client = client.with_options(timeout=min(_seconds(self._client.timeout), left))
        if not stream:
            completion = client.chat.completions.create(
                model=self.model, messages=messages, **options
            )
            return from_completion(completion)
        if not self._legacy_limit:  # OpenAI reports a stream's usage only when asked
            options = {**options, "stream_options": {"include_usage": True}}
        chunks = client.chat.completions.create(
            model=self.model, messages=messages, stream=True, **options
        )
        # A server may keep a stream alive with comments and never send a chunk: the
        # watchdog closes it at the deadline, and reading then stops as a runaway.
        watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), chunks.close)
        watchdog.daemon = True
        watchdog.start()
        try:
            return read_stream(
                chunks,
                max_chars=self._max_output_tokens * _CHARS_PER_TOKEN,
                deadline=deadline,
                on_text=on_text,
            )
        except Runaway:
            raise
        except Exception as error:  # the watchdog closed the stream under the reader
            if time.monotonic() >= deadline:
                raise Runaway(
                    "the total time for this request ran out while the answer came"
                ) from error
            raise
        finally:
            watchdog.cancel()


def _parse(
    answer: Answer, mode: Mode, messages: list[ChatCompletionMessageParam], read_as: type[M]
) -> Reply[M]:
    """The answer read as `read_as`, or an `EngineError` saying why it cannot be used."""
    if answer.refusal:
        log.warning("openai: refusal model=%s", answer.model)
        raise EngineError(
            "The language model declined to answer.",
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
            "The language model's content filter stopped this answer.",
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
        value = read_as.model_validate_json(found)
    except pydantic.ValidationError as error:
        log.warning("openai: answer failed schema validation: %s", summary(error))
        raise EngineError(
            "The language model's answer was not in the expected format.",
            detail=f"schema validation: {summary(error)} (mode {mode})",
            answered=True,
        ) from error
    tokens = answer.total_tokens
    if tokens is None:  # a stream without usage: estimate from the characters
        sent = sum(len(str(m.get("content", ""))) for m in messages)
        tokens = (sent + len(answer.text)) // 4
    return Reply(value=value, model=answer.model, tokens=tokens, mode=mode)


def _seconds(timeout: object) -> float:
    """The per-attempt time-out the client was built with, in seconds."""
    if isinstance(timeout, int | float):
        return float(timeout)
    read = getattr(timeout, "read", None)
    return float(read) if isinstance(read, int | float) else 60.0


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


def build_llm(
    settings: Settings, client: openai.OpenAI, *, metrics: Metrics | None = None
) -> StructuredLLM:
    """The one `StructuredLLM` of a process (its mode memory is then shared by every use:
    the brief's engine, thread answers, the digest), from settings."""
    pinned = settings.openai_structured_output
    return StructuredLLM(
        client,
        model=settings.openai_model,
        max_output_tokens=settings.openai_max_output_tokens,
        structured=None if pinned == "auto" else pinned,
        total_seconds=settings.openai_total_seconds,
        stream=settings.openai_stream,
        metrics=metrics,
    )
