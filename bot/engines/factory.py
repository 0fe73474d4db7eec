"""Pick and build the engine named in settings (`auto` = openai when a key is set)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engines.base import Engine
from bot.engines.extractive import ExtractiveEngine
from bot.errors import ConfigError
from bot.prompts import load_prompt
from bot.settings import EngineName, Settings

if TYPE_CHECKING:
    import openai

    from bot.llm import StructuredLLM


def build_engine(
    settings: Settings,
    *,
    name: EngineName | None = None,
    openai_client: openai.OpenAI | None = None,
    llm: StructuredLLM | None = None,
) -> Engine:
    """The engine to use; `openai_client` (and `llm`, the process's shared one, when the
    composition root has built it) come from the composition root."""
    if settings.resolved_engine(name) == "extractive":
        return ExtractiveEngine()
    if openai_client is None:
        raise ConfigError("The openai engine needs OPENAI_API_KEY (or use --engine extractive).")
    # Imported here so the offline path never pays for importing the openai package.
    from bot.engines.openai_chat import OpenAIEngine  # noqa: PLC0415
    from bot.llm import build_llm  # noqa: PLC0415

    return OpenAIEngine(
        openai_client,
        model=settings.openai_model,
        prompt=load_prompt("brief"),
        max_output_tokens=settings.openai_max_output_tokens,
        max_article_chars=settings.openai_max_article_chars,
        llm=llm or build_llm(settings, openai_client),
    )


def build_fallback(engine: Engine) -> Engine | None:
    """The engine that fills in when a model's draft leaves too little: the extractive one,
    for any model engine; none for the extractive engine itself."""
    return ExtractiveEngine() if engine.info.model is not None else None
