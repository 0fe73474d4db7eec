"""Who may use Brief where: optional allowlists of channels and users (ALLOWED_CHANNELS,
ALLOWED_USERS), checked on the ack path before anything is queued or spent.

    access = Access(channels={"C1"}, users=set())      # empty: everyone, everywhere
    access.refusal(channel_id, user_id) -> str | None   # the words for the person, or None
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Access"]

CHANNEL_REFUSED = (
    "Brief isn't switched on in this channel. Ask your Brief admin to add it "
    "(ALLOWED_CHANNELS), or use Brief in a channel where it is."
)
USER_REFUSED = "Brief is limited to some people in this workspace. Ask your Brief admin."


@dataclass(frozen=True)
class Access:
    channels: frozenset[str] = field(default_factory=frozenset)
    users: frozenset[str] = field(default_factory=frozenset)

    def refusal(self, channel_id: str, user_id: str) -> str | None:
        if self.channels and channel_id not in self.channels:
            return CHANNEL_REFUSED
        if self.users and user_id not in self.users:
            return USER_REFUSED
        return None
