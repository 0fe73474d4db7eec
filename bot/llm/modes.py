"""Structured output on any OpenAI-compatible server: which mode, and reading the answer.

Servers differ in how they constrain a model to a JSON schema. OpenAI and llama.cpp's
`llama-server` take `response_format: json_schema`; llama-cpp-python's server takes
`json_object` only; some take a forced tool call; some ignore all of it. Brief tries
the strongest mode first and remembers, per base URL and model, the first one the
server accepts (`ModeMemory`):

    json_schema  strict JSON schema in `response_format`
    json_object  `response_format: json_object` (with the schema, which llama.cpp's
                 servers enforce), the schema in the system prompt too
    tools        one function whose parameters are the schema, forced by `tool_choice`
    prompt       nothing but the schema in the system prompt

A server's refusal of a mode (a 400, 422 or 500 that names it) moves to the next mode
at once (`is_mode_refusal`). Whatever the mode, the answer is read the same way
(`json_text`: the JSON object inside prose or a code fence) and validated against the
same schema; the gate then checks every item.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from typing import Any, Literal, get_args

import openai

__all__ = [
    "MODES",
    "Mode",
    "ModeMemory",
    "is_mode_refusal",
    "json_text",
    "looping",
    "request_options",
    "schema_instructions",
]

Mode = Literal["json_schema", "json_object", "tools", "prompt"]
MODES: tuple[Mode, ...] = get_args(Mode)

_REFUSAL_STATUSES = frozenset({400, 404, 422, 500, 501})
_MODE_WORDS: dict[Mode, tuple[str, ...]] = {
    "json_schema": ("response_format", "json_schema", "schema", "grammar"),
    "json_object": ("response_format", "json_object"),
    "tools": ("tool", "function"),
    "prompt": (),
}


class ModeMemory:
    """Per (base URL, model): the mode known to work, the modes the server refused, and
    whether it refused streaming. Shared by a worker's threads, so every change is locked."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._works: dict[tuple[str, str], Mode] = {}
        self._refused: dict[tuple[str, str], set[Mode]] = {}
        self._no_stream: set[tuple[str, str]] = set()

    def candidates(self, server: str, model: str, pinned: Mode | None) -> list[Mode]:
        """The modes to try, in order: the pinned one only, or the known one, or all left."""
        if pinned is not None:
            return [pinned]
        key = (server, model)
        with self._lock:
            if key in self._works:
                return [self._works[key]]
            refused = self._refused.get(key, set())
            return [m for m in MODES if m not in refused]

    def known(self, server: str, model: str) -> Mode | None:
        with self._lock:
            return self._works.get((server, model))

    def worked(self, server: str, model: str, mode: Mode) -> None:
        with self._lock:
            self._works[(server, model)] = mode

    def refused(self, server: str, model: str, mode: Mode) -> None:
        with self._lock:
            self._refused.setdefault((server, model), set()).add(mode)

    def streams(self, server: str, model: str) -> bool:
        """Whether to stream to this server and model (until it has refused streaming)."""
        with self._lock:
            return (server, model) not in self._no_stream

    def no_streaming(self, server: str, model: str) -> None:
        with self._lock:
            self._no_stream.add((server, model))


def is_mode_refusal(error: openai.APIStatusError, mode: Mode) -> bool:
    """Did the server reject the request because of this structured-output mode?"""
    if mode == "prompt" or error.status_code not in _REFUSAL_STATUSES:
        return False
    text = f"{error.message} {json.dumps(error.body, default=str)}".lower()
    return any(word in text for word in _MODE_WORDS[mode])


def request_options(mode: Mode, schema: dict[str, Any], *, name: str) -> dict[str, Any]:
    """The keyword arguments of `chat.completions.create` that ask for this mode."""
    if mode == "json_schema":
        spec = {"name": name, "schema": schema, "strict": True}
        return {"response_format": {"type": "json_schema", "json_schema": spec}}
    if mode == "json_object":
        # llama.cpp's servers (llama-server, llama-cpp-python) turn a `schema` here into a
        # grammar that constrains the answer; servers that ignore it still get JSON mode.
        return {"response_format": {"type": "json_object", "schema": schema}}
    if mode == "tools":
        function = {"name": name, "description": "Return the answer.", "parameters": schema}
        return {
            "tools": [{"type": "function", "function": function}],
            "tool_choice": {"type": "function", "function": {"name": name}},
        }
    return {}


def schema_instructions(mode: Mode, schema: dict[str, Any]) -> str | None:
    """What the system prompt must add when the server does not enforce the schema."""
    if mode in ("json_schema", "tools"):
        return None
    compact = json.dumps(schema, separators=(",", ":"))
    return "Answer with one JSON object and nothing else, matching this JSON schema: " + compact


_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL | re.IGNORECASE)


def json_text(text: str) -> str | None:
    """The JSON object in a model's answer: the whole answer, a fenced block, or a balanced
    {...} in prose ("Here is the brief: {...} Hope this helps") — the first candidate that
    parses as a JSON object ("Brief of {title}: {...}" skips "{title}"). None if none."""
    for candidate in _candidates(text):
        try:
            if isinstance(json.loads(candidate), dict):
                return candidate
        except ValueError:
            continue
    return None


def _candidates(text: str) -> Iterator[str]:
    stripped = text.strip()
    if stripped.startswith("{"):
        yield stripped
    for fenced in _FENCE.findall(text):
        inner = str(fenced).strip()
        if inner.startswith("{") and (end := _balanced_end(inner, 0)):
            yield inner[:end]
    start = text.find("{")
    while start >= 0:
        if end := _balanced_end(text, start):
            yield text[start:end]
        start = text.find("{", start + 1)


def _balanced_end(text: str, start: int) -> int | None:
    """The index just past the brace that closes the one at `start`, strings respected."""
    depth, in_string, escaped = 0, False, False
    for i in range(start, len(text)):
        char = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def looping(text: str, *, window: int = 600, least: int = 200) -> bool:
    """Is the answer stuck repeating itself? The last `window` characters end in one unit
    (1-150 characters) repeated over at least `least` characters, four times or more."""
    tail = text[-window:]
    if len(tail) < least:
        return False
    for size in range(1, 151):
        unit = tail[-size:]
        repeats = 1
        while repeats * size < len(tail) and tail.endswith(unit * (repeats + 1)):
            repeats += 1
        if repeats >= 4 and repeats * size >= least:
            return True
    return False
