"""Read a mention of Brief: the question it asks, or the link it gives.

    read_mention("<@U0BRIEF> who is the envoy?", "U0BRIEF") -> Mention(question="who is the envoy?")
    read_mention("<@U0BRIEF> <https://news.example/a|this>", ...) -> Mention(url="https://…")

Brief's own mention is removed wherever it stands; a link anywhere in the message (as
Slack sends links: `<https://…>` or `<https://…|label>`) is what to brief; the rest,
unwrapped to plain text, is the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.slack.command import unwrap_links

__all__ = ["MAX_QUESTION_CHARS", "Mention", "read_mention"]

MAX_QUESTION_CHARS = 1000
_LINK = re.compile(r"<(https?://[^|<>\s]+)(?:\|[^<>]*)?>", re.IGNORECASE)
_BARE_LINK = re.compile(r"(?<![\w<|])https?://[^\s<>]+", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    question: str
    url: str | None = None


def read_mention(text: str, bot_user_id: str | None) -> Mention:
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^<>]*)?>", " ", text)
    url = None
    found = _LINK.search(text) or _BARE_LINK.search(text)
    if found is not None:
        url = (found.group(1) if found.re is _LINK else found.group(0)).replace("&amp;", "&")
        text = text[: found.start()] + " " + text[found.end() :]
    question = " ".join(unwrap_links(text).split())
    return Mention(question=question[:MAX_QUESTION_CHARS], url=url)
