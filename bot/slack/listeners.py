"""Every listener on the ack path, one module per kind, gathered for the routing table.

    commands.py   slash commands (`/brief`)
    actions.py    Block Kit actions (the "Sources" button)
    events.py     events (`app_mention`), the de-duplicating middleware, the last resort

Each must answer Slack within 3 s, every time; anything slow goes to the worker.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis
from dramatiq.brokers.redis import RedisBroker

from bot.slack.access import Access
from bot.slack.actions import Actions
from bot.slack.commands import Commands
from bot.slack.events import Events
from bot.slack.offload import Offload
from bot.slack.watch import QueueWatch
from bot.store.limits import RateLimits

__all__ = ["Listeners"]


@dataclass
class Listeners:
    """The listeners of each kind, built from the clients they need."""

    commands: Commands
    actions: Actions
    events: Events

    @classmethod
    def build(
        cls,
        *,
        redis: redis.Redis,
        broker: RedisBroker,
        offload: Offload,
        limits: RateLimits,
        watch: QueueWatch,
        access: Access | None = None,
    ) -> Listeners:
        access = access or Access()
        return cls(
            commands=Commands(
                redis=redis,
                broker=broker,
                offload=offload,
                limits=limits,
                watch=watch,
                access=access,
            ),
            actions=Actions(redis=redis, offload=offload),
            events=Events(
                redis=redis,
                offload=offload,
                broker=broker,
                limits=limits,
                access=access,
            ),
        )
