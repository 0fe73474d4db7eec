"""Plain-words messages for the Slack user. No exception text ever goes to Slack."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.errors import BriefError, ConfigError, EngineError

log = logging.getLogger(__name__)

_SLACK_ERRORS = {
    "not_in_channel": (
        "I'm not in this channel yet, so I can't post the brief here. "
        "Invite me with `/invite @Brief` and try again."
    ),
    "channel_not_found": (
        "I can't see this channel (private channels and DMs need me invited first). "
        "Invite me with `/invite @Brief`, or use /brief in a public channel."
    ),
    "is_archived": "This channel is archived, so I can't post in it.",
    "restricted_action": "This workspace doesn't allow me to post in this channel.",
    "ratelimited": "Slack is asking me to slow down. Please try again in a minute.",
}


def slack_error_message(error: str) -> str:
    """What to tell the user when Slack refused one of our calls."""
    return _SLACK_ERRORS.get(error, "Slack didn't accept the brief. Please try again in a minute.")


def unexpected_error_message(request_id: str, *, doing: str = "briefing this article") -> str:
    return (
        f"Sorry, something went wrong on our side while {doing}. "
        f"Please try again; if it keeps happening, tell your Brief admin (reference {request_id})."
    )


def failure_message(exc: Exception, request_id: str, *, doing: str) -> str:
    """What a job tells the asker when it fails, in plain words with the request id; what
    happened goes to the log (the request id is in the log context), never to Slack."""
    if isinstance(exc, BriefError):
        log.info("%s failed for the user: %s", doing, exc)
        if exc.detail:
            log.warning("operator detail: %s", exc.detail)
        return brief_error_message(exc, request_id)
    if isinstance(exc, SlackApiError):
        log.warning("Slack refused: %s", exc.response.get("error"))
        return slack_error_message(str(exc.response.get("error", "")))
    log.error("%s failed unexpectedly", doing, exc_info=exc)
    return unexpected_error_message(request_id, doing=doing)


def brief_error_message(error: BriefError, request_id: str) -> str:
    """A `BriefError` for a Slack user: engine and configuration hints are for the operator."""
    if isinstance(error, ConfigError):
        return (
            "Brief isn't set up correctly, so it can't brief articles right now. "
            f"Please tell your Brief admin (reference {request_id})."
        )
    if isinstance(error, EngineError):
        return (
            f"{error} Please try again in a few minutes; if it keeps failing, "
            f"tell your Brief admin (reference {request_id})."
        )
    return error.user_message
