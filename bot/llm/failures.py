"""What goes wrong when asking a model, in words a user can read and an operator can act on.

`translate` turns an SDK error into an `EngineError`: a plain sentence for the user, and
the status, code and setting to check in `detail` (logged by the worker, printed by the
CLI, never shown in Slack). `retryable` and `retry_after` decide what a retry can fix and
when; `ran_on` and `too_long` are the errors of a runaway and of a silent server.
"""

from __future__ import annotations

import logging
import re

import openai
import pydantic
from openai.types.chat import ChatCompletionMessageParam

from bot.errors import EngineError
from bot.llm.reading import Runaway

log = logging.getLogger(__name__)

CONFIG_HINT = "Ask the operator to fix Brief's configuration, or use the extractive engine."


_STREAM_WORD = re.compile(r"\bstream(?:ing)?\b")


def ran_on(error: Runaway, *, prompt: list[ChatCompletionMessageParam]) -> EngineError:
    sent = sum(len(str(m.get("content", ""))) for m in prompt)
    return EngineError(
        "The language model's answer ran on without finishing, so Brief stopped it.",
        hint="Try again, or use the extractive engine for this article.",
        detail=str(error),
        answered=True,
        tokens=(sent + error.chars) // 4,
    )


def too_long(detail: str) -> EngineError:
    return EngineError("The language model took too long to answer.", detail=detail)


def retry_after(error: openai.APIStatusError, attempt: int) -> float:
    """The server's `retry-after-ms` or `retry-after`, else the backoff, at most 20 s."""
    headers = error.response.headers
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        try:
            if value is not None:
                return min(20.0, max(0.0, float(str(value)) * scale))
        except ValueError:
            continue
    return backoff(attempt)


def backoff(attempt: int) -> float:
    return float(min(8.0, 0.5 * 2.0**attempt))


def names_streaming(error: openai.APIStatusError) -> bool:
    """A refusal of `stream` itself ("stream is not supported"), not an "upstream" error."""
    text = f"{error.message} {error.body}".lower()
    return error.status_code in (400, 422, 500, 501) and _STREAM_WORD.search(text) is not None


def retryable(error: openai.APIStatusError) -> bool:
    """As the SDK decides: the server's own `x-should-retry` first, then the status."""
    should = error.response.headers.get("x-should-retry")
    if should in ("true", "false"):
        return should == "true"
    return error.status_code in (408, 409, 429) or error.status_code >= 500


def translate(error: Exception, *, model: str) -> EngineError:
    """A user-safe `EngineError` for an SDK (or parsing) failure; details go to the log."""
    if isinstance(error, pydantic.ValidationError):
        log.warning("openai: answer failed schema validation: %s", summary(error))
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
            "The language model's content filter stopped this answer.",
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
            hint=CONFIG_HINT,
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
            return EngineError("The language model account has run out of quota.", hint=CONFIG_HINT)
        return EngineError("The language model service is busy (rate limited).")
    if isinstance(error, openai.NotFoundError):
        return EngineError(
            "The language model service does not know the model Brief is set to use.",
            hint=CONFIG_HINT,
            detail=f"HTTP 404 for model '{model}': check OPENAI_MODEL and OPENAI_BASE_URL",
        )
    if code == "context_length_exceeded":
        return EngineError(
            "The article is too long for the language model.",
            hint="Use the extractive engine for this article.",
        )
    if isinstance(error, openai.BadRequestError | openai.UnprocessableEntityError):
        return EngineError("The language model service rejected Brief's request.", hint=CONFIG_HINT)
    if status >= 500:
        return EngineError("The language model service had an internal error.")
    return EngineError(f"The language model service answered with an error (HTTP {status}).")


def summary(error: pydantic.ValidationError) -> str:
    first = error.errors()[0] if error.error_count() else {"type": "?", "loc": ()}
    where = ".".join(str(p) for p in first["loc"]) or "answer"
    return f"{error.error_count()} error(s), first: {first['type']} at {where}"
