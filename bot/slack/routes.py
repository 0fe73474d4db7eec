"""The routing table: every Slack command, event and action Brief answers, in one place."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.render.sources import ACTION_ID
from bot.slack.listeners import Listeners


def register_routes(app: AsyncApp, listeners: Listeners) -> None:
    app.middleware(listeners.events.drop_duplicate_events)
    app.command("/brief")(listeners.commands.brief_command)
    app.action(ACTION_ID)(listeners.actions.sources_action)
    app.event("app_mention")(listeners.events.app_mention)
    app.error(listeners.events.on_error)
