"""Reading a model's answer: whole, or streamed behind a guard that hangs up.

`read_stream` stops reading — and closes the connection, which makes llama.cpp stop
generating — when the answer repeats itself (`bot.llm.modes.looping`), passes its size
bound or the deadline; `from_completion` reads a whole completion. Either way the fields
are read defensively: a server's null, number or object is no text.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.errors import EngineError
from bot.llm.modes import (
    looping,
)

_LOOP_CHECK_EVERY = 400  # characters between loop checks of a streamed answer


@dataclass
class Answer:
    """What came back, streamed or not."""

    text: str = ""
    model: str | None = None
    finish: str | None = None
    refusal: str | None = None
    prompt_tokens: int | None = None
    total_tokens: int | None = None


class Runaway(Exception):
    """The answer looped or ran past its size bound or the total time; the stream was closed."""

    def __init__(self, message: str, *, chars: int = 0) -> None:
        super().__init__(message)
        self.chars = chars


def from_completion(completion: Any) -> Answer:
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
    return Answer(
        text=text or "",
        model=completion.model,
        finish=choice.finish_reason,
        refusal=getattr(message, "refusal", None),
        prompt_tokens=usage.prompt_tokens if usage else None,
        total_tokens=usage.total_tokens if usage else None,
    )


def read_stream(
    stream: Any,
    *,
    max_chars: int,
    deadline: float,
    on_text: Callable[[str], None] | None = None,
) -> Answer:
    """Read a streamed answer; close the connection at once on a loop, past `max_chars`
    or past the deadline (llama.cpp stops generating when its client goes). `on_text` is
    told the answer so far each time it grows (a thread answer shows it as it comes)."""
    answer = Answer()
    parts: list[str] = []
    size, checked, told = 0, 0, 0
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
            if on_text is not None and size > told:
                told = size
                on_text("".join(parts))
            if size > max_chars:
                raise Runaway(f"the answer passed {max_chars} characters", chars=size)
            if size - checked >= _LOOP_CHECK_EVERY:
                checked = size
                if looping("".join(parts)):
                    raise Runaway(
                        f"the answer was repeating itself after {size} characters", chars=size
                    )
            if time.monotonic() > deadline:
                raise Runaway(
                    "the total time for this request ran out while the answer came", chars=size
                )
    finally:
        stream.close()
    answer.text = "".join(parts)
    return answer


def _text(value: object) -> str:
    """A text field of a chunk, as text: a server's null, number or object is no text."""
    return value if isinstance(value, str) else ""
