"""Parse the text of `/brief` into what the user asked for.

    /brief <url>                   full brief, posted in the channel
    /brief <pasted article text>   full brief of the text
    /brief quotes <url or text>    just the key quotes (ephemeral)
    /brief explain <term> <url>    just the explainer of <term> (ephemeral)
    /brief digest                  a preview of today's digest so far (ephemeral)
    /brief help | /brief           usage (ephemeral)

Slack may wrap links as `<https://…>` or `<https://…|label>`; both are unwrapped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.errors import InputError

Kind = Literal["full", "quotes", "explain", "digest"]

MIN_PASTED_WORDS = 40

USAGE = (
    "*How to use /brief*\n"
    "• `/brief <article link>`: post a brief of the article in this channel\n"
    "• `/brief <pasted article text>`: brief text you paste (drafts, paywalled pieces)\n"
    "• `/brief quotes <link>`: just the key quotes, only for you\n"
    "• `/brief explain <term> <link>`: what the article says about a person, body or term\n"
    "• `/brief digest`: a preview of today's digest so far, only for you\n"
    "• In a brief's thread, mention @Brief with a question about the article\n"
    "Every quote is checked word for word against the article. "
    "Briefs are AI-generated: check them against the source before publishing."
)

# No "<" inside the brackets: a run of raw "<" must not make the match quadratic.
_SLACK_LINK = re.compile(r"<(https?://[^|<>\s]+)(?:\|[^<>]*)?>", re.IGNORECASE)
# Any other Slack markup: <@U…|name>, <#C…|name>, <!here>, <!subteam^S…|@team>, <mailto:…|label>.
_SLACK_MARKUP = re.compile(r"<([@#!]?)([^|<>\s]+)(?:\|([^<>]*))?>")
_BARE_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


@dataclass(frozen=True)
class BriefRequest:
    """What to brief and which part to show. Exactly one of `url` and `text` is set."""

    kind: Kind
    url: str | None = None
    text: str | None = None
    term: str | None = None

    @property
    def source_label(self) -> str:
        return self.url or "the pasted text"


def is_help(text: str) -> bool:
    return text.strip().lower() in {"", "help", "-h", "--help", "?"}


def unwrap_links(text: str) -> str:
    """Slack's escaped text back to plain text.

    `<https://x|label>` and `<https://x>` become `https://x`; mentions and channel
    links become their labels (`@name`, `#name`); then `&lt;`, `&gt;` and `&amp;`
    are unescaped, so `?a=1&amp;b=2` is the link the user pasted.
    """
    text = _SLACK_LINK.sub(lambda m: m.group(1), text)
    text = _SLACK_MARKUP.sub(_markup_label, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _markup_label(match: re.Match[str]) -> str:
    sigil, target, label = match.group(1), match.group(2), match.group(3)
    if label:
        return label if sigil not in {"@", "#"} or label.startswith(sigil) else sigil + label
    if sigil == "!":
        return "@" + target.split("^")[0]
    return f"{sigil}{target}" if sigil in {"@", "#"} else target


def parse(text: str) -> BriefRequest:
    """Parse `/brief` text; `InputError` when it is neither a link nor an article."""
    body = unwrap_links(text).strip()
    head, _, rest = body.partition(" ")
    keyword = head.lower()
    if keyword == "digest" and not rest.strip():
        return BriefRequest(kind="digest")
    if keyword == "quotes" and rest.strip():
        return _source("quotes", rest.strip())
    if keyword == "explain" and rest.strip():
        term, source = _split_term(rest.strip())
        return _source("explain", source, term=term)
    return _source("full", body)


def _split_term(rest: str) -> tuple[str, str]:
    parts = rest.rsplit(None, 1)
    if len(parts) == 2 and _BARE_URL.match(parts[1]):
        return parts[0].strip().strip("\"'“”<>"), parts[1]
    raise InputError(
        "Usage: `/brief explain <term> <article link>`, e.g. `/brief explain IMF https://…`"
    )


def _source(kind: Kind, source: str, *, term: str | None = None) -> BriefRequest:
    if _BARE_URL.match(source):
        return BriefRequest(kind=kind, url=source, term=term)
    if len(source.split()) >= MIN_PASTED_WORDS:
        return BriefRequest(kind=kind, text=source, term=term)
    raise InputError(
        "That is neither a link (it must start with http:// or https://) nor an article's text "
        f"(paste at least {MIN_PASTED_WORDS} words). Try `/brief help`."
    )
