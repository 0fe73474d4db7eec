"""Asking a language model: one call shape for the brief, thread answers and the digest.

- `client.py`: `StructuredLLM.ask(prompt, values, schema=..., read_as=...) -> Reply`, and
  `build_openai_client` for the composition root.
- `modes.py`: how a server is asked for JSON (mode negotiation, JSON out of prose, the
  loop test).
- `reading.py`: reading an answer, whole or streamed behind the guard that hangs up.
- `failures.py`: errors in user words with operator detail, and what a retry can fix.
"""

from bot.llm.client import (
    OPENAI_API_HOST,
    Reply,
    StructuredLLM,
    build_llm,
    build_openai_client,
)
from bot.llm.modes import MODES, Mode, ModeMemory

__all__ = [
    "MODES",
    "OPENAI_API_HOST",
    "Mode",
    "ModeMemory",
    "Reply",
    "StructuredLLM",
    "build_llm",
    "build_openai_client",
]
