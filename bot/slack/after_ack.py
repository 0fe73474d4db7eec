"""Replies sent after the ack: Slack's answer to a request must not wait for Slack's API.

    later = AfterAck()
    later.send(respond(...))     # runs on the event loop once the listener has returned

The tasks are kept referenced until they finish (asyncio holds only weak references).
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

__all__ = ["AfterAck"]


@dataclass
class AfterAck:
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def send(self, reply: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(reply)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
