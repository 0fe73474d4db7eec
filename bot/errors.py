"""Brief's error hierarchy. Every message is safe to show a user as it is.

    BriefError                 anything Brief expects and can explain
    ├── InputError             the source or draft given is unusable (bad URL, missing file)
    ├── FetchError             the page could not be fetched (timeout, HTTP status, too large)
    │   └── BlockedTargetError the address is not allowed (SSRF guard)
    ├── ExtractionError        the page was fetched but holds no article text
    ├── EngineError            the LLM was unavailable or answered unusably
    └── ConfigError            the operator's configuration is wrong

Library exceptions are translated into these at the boundary where they happen
(fetcher, extractor, engine); the edges (CLI, Slack) show `str(error)` and log the
details with a request id. Anything else is a bug and is shown as a generic apology.
"""

from __future__ import annotations


class BriefError(Exception):
    """Base class: the message is written for the person who asked for the brief."""

    hint: str = ""
    detail: str = ""
    """For the operator's log, never for the user: what exactly went wrong and where."""

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        detail: str = "",
        answered: bool = False,
        tokens: int | None = None,
    ) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint
        self.detail = detail
        self.answered = answered
        self.tokens = tokens
        """The model tokens the failed attempt spent, when known (for the daily budget)."""
        """For an `EngineError`: the model did answer, but unusably (cut off, not JSON, a
        loop, a refusal), so the extractive engine can brief the article instead."""

    @property
    def user_message(self) -> str:
        text = str(self)
        return f"{text} {self.hint}".strip() if self.hint else text


class InputError(BriefError):
    """The source or draft given is unusable."""


class FetchError(BriefError):
    """The page could not be fetched."""

    hint = "You can paste the article's text instead."


class BlockedTargetError(FetchError):
    """The URL points somewhere Brief will not connect to."""

    hint = ""


class ExtractionError(BriefError):
    """The page was fetched but no article text could be found in it."""

    hint = "If the article is behind a paywall or login, paste its text instead."


class EngineError(BriefError):
    """The language model could not produce a usable brief."""

    hint = "Try again in a minute, or use the extractive engine."


class ConfigError(BriefError):
    """The operator's configuration is wrong."""


__all__ = [
    "BlockedTargetError",
    "BriefError",
    "ConfigError",
    "EngineError",
    "ExtractionError",
    "FetchError",
    "InputError",
]
