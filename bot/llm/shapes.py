"""The shapes every structured answer is built from: what a model is asked for, strictly,
and how its answer is read, leniently.

    StrictModel      sent as the schema: every property required, nothing extra
    BriefEvidence    {text, paragraph}: an article sentence an item rests on
    BriefQuote       {text, speaker, paragraph}: a quotation
    Loose*           the same, read back with defaults (a missing list is empty)

The brief (`bot.engines.openai_chat`) and thread answers (`bot.answers.llm`) build their
schemas from these, so both are read and checked the same way.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = [
    "BriefEvidence",
    "BriefQuote",
    "LooseEvidence",
    "LoosePoint",
    "LooseQuote",
    "StrictModel",
]


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


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_drop_titles)


class BriefEvidence(StrictModel):
    text: str
    paragraph: int


class BriefQuote(StrictModel):
    text: str
    speaker: str | None
    paragraph: int


# --- how an answer is read: leniently (missing lists are empty) -------------------


class LooseEvidence(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str = ""
    paragraph: int = 0


class LoosePoint(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str = ""
    evidence: list[LooseEvidence] = []


class LooseQuote(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str = ""
    speaker: str | None = None
    paragraph: int = 0
