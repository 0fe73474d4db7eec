"""Text for Slack: escaping, neutralising pings and links, and trimming within limits.

Everything an article or a language model wrote reaches Slack through `safe_text`
(mrkdwn) or `safe_plain` (plain_text objects), and the one link a brief carries,
the article's source, through `link`. The defences, in layers:

1. Escape `&`, `<` and `>` -- Slack's rule, and only those three -- so no
   `<!channel>`, `<!here>`, `<@U…>`, `<#C…>`, `<!subteam^…>` or `<url|label>` can
   form. Text that is already escaped (`&lt;`) becomes `&amp;lt;` and shows as typed.
2. Neutralise what Slack parses *without* angle brackets, in case a text object is
   ever sent with `verbatim: false` or a message with `link_names`: a zero-width
   joiner goes after the `@` of `@channel`, `@here`, `@everyone` and of any
   `@handle` that starts a word (user-group handles); e-mail addresses are left
   alone. A zero-width space breaks every `://` (`https:\u200b//…`) and a leading
   `www.`, so bare URLs and pasted `<https://…|click>` can never become links.
   Both marks are invisible; the words read the same.
3. Backticks become `ˋ` (U+02CB, which looks the same) so article text can't open
   a code span or a code block that swallows the rest of the message. `*`, `_`
   and `~` are left as they are: at worst they style a few words of one item.
4. Control characters and bidi embedding/override/isolate controls are removed
   (they can reorder what a reader sees); `isolate` wraps right-to-left text in
   an isolate of our own so it can't carry our citations and labels with it.

`bot.render.blocks` also sends every mrkdwn object with `verbatim: true`, so
Slack adds no links or mentions of its own. Lengths are counted by `slack_len`
in UTF-16 code units, which is never fewer than Slack counts.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple
from urllib.parse import quote, urlsplit, urlunsplit

__all__ = [
    "ELLIPSIS",
    "MAX_LINK_URL",
    "Fitted",
    "escape_mrkdwn",
    "fit",
    "isolate",
    "link",
    "neutralise",
    "one_line",
    "safe_markdown",
    "safe_plain",
    "safe_text",
    "safe_url",
    "slack_len",
]

ZWSP = "\u200b"
ZWJ = "\u200d"
ELLIPSIS = "…"
GRAVE = "\u02cb"
_FSI, _PDI = "\u2068", "\u2069"

MAX_LINK_URL = 2000
"""Longer source URLs are not linked: one link must not eat a context element's 3,000."""

# C0 and C1 controls except tab and newline; bidi embeddings, overrides and isolates;
# the byte-order mark and interlinear annotation marks.
_CONTROL_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_LINE_BREAKS = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"})
_MENTION_RE = re.compile(r"@(?=(?:channel|here|everyone))|(?<!\w)@(?=\w)", re.IGNORECASE)
_SCHEME_RE = re.compile(r":(?=//)")
_WWW_RE = re.compile(r"(?<![\w.])(www)\.", re.IGNORECASE)
_PLAIN_ENTITY_RE = re.compile(r"&(?=(?:lt|gt|amp);)", re.IGNORECASE)
_PLAIN_BRACKETS = str.maketrans({"<": "‹", ">": "›"})
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"  # RFC 3986 reserved + `%`; `|`, `<`, `>`, spaces get encoded
_JOINERS = {ZWJ, "\ufe0e", "\ufe0f"}


_SLACK_SYNTAX_RE = re.compile(r"<[!@#][^<>\s]{1,80}>")


def escape_mrkdwn(text: str) -> str:
    """Escape `&`, `<` and `>` as Slack asks -- nothing else, or Slack shows the entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def neutralise(text: str) -> str:
    """Layers 2-4 of the module docstring: no pings, no links, no code spans, no bidi tricks.

    Idempotent, and it never shortens words: only marks are added or controls removed.
    """
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS)
    text = _CONTROL_RE.sub("", text)
    text = _SLACK_SYNTAX_RE.sub("", text)  # "<!channel>", "<@U123>": Slack's controls, not words
    text = text.replace("`", GRAVE)
    text = _MENTION_RE.sub("@" + ZWJ, text)
    text = _SCHEME_RE.sub(":" + ZWSP, text)
    return _WWW_RE.sub(r"\1" + ZWSP + ".", text)


def safe_text(text: str) -> str:
    """Untrusted text, ready for a mrkdwn text object or a message's `text`."""
    return escape_mrkdwn(neutralise(text))


def safe_plain(text: str) -> str:
    """Untrusted text, ready for a plain_text object (a header).

    Slack shows plain_text as it is, so it is not entity-escaped; `<` and `>`
    become ‹ › and entity-like `&lt;` is broken, so nothing in it looks like markup
    to anything that might decode it.
    """
    return _PLAIN_ENTITY_RE.sub("&" + ZWSP, neutralise(text)).translate(_PLAIN_BRACKETS)


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def safe_markdown(text: str) -> str:
    """Untrusted text for a field Slack reads as Markdown (`markdown_text` of a streamed
    reply): layers 2-4 (no pings, bare links broken, no code spans), `<` and `>` as ‹ ›,
    and every Markdown punctuation mark backslash-escaped, so no link, image, heading,
    list or emphasis can form from the text."""
    clean = neutralise(text).translate(_PLAIN_BRACKETS)
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", clean)


def one_line(text: str) -> str:
    """Runs of whitespace, newlines included, as one space: each item stays on its own line."""
    return " ".join(text.split())


def slack_len(text: str) -> int:
    """Length in UTF-16 code units: what Slack's JavaScript-side limits count, or more."""
    return len(text.encode("utf-16-le")) // 2


def isolate(text: str) -> str:
    """Wrap text that holds right-to-left letters in a first-strong isolate (FSI … PDI)."""
    if any(unicodedata.bidirectional(char) in {"R", "AL"} for char in text):
        return f"{_FSI}{text}{_PDI}"
    return text


class Fitted(NamedTuple):
    """Safe text within a limit, and whether anything was cut to get there."""

    text: str
    trimmed: bool


def fit(text: str, limit: int, *, plain: bool = False) -> Fitted:
    """`safe_text(text)` (or `safe_plain`) cut to at most `limit` units, ending in "…" if cut.

    The cut is made in the raw text before escaping, so it never splits an entity,
    and is moved back off joiners and combining marks and, when one is near, to a
    word boundary.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    encode = _encode_plain if plain else escape_mrkdwn
    clean = neutralise(text)
    whole = encode(clean)
    if slack_len(whole) <= limit:
        return Fitted(whole, trimmed=False)
    # Every clean character encodes to at least one unit, so the answer is < limit.
    low, high = 0, min(len(clean), limit)
    while low < high:
        mid = (low + high + 1) // 2
        if slack_len(encode(clean[:mid])) + 1 <= limit:
            low = mid
        else:
            high = mid - 1
    cut = _back_off(clean, low)
    head = clean[:cut].rstrip()
    space = head.rfind(" ")
    if space > len(head) - 30 and space > len(head) * 0.7:
        head = head[:space].rstrip()
    return Fitted(encode(head) + ELLIPSIS, trimmed=True)


def _encode_plain(clean: str) -> str:
    return _PLAIN_ENTITY_RE.sub("&" + ZWSP, clean).translate(_PLAIN_BRACKETS)


def _back_off(text: str, cut: int) -> int:
    """Move a cut left until it doesn't split a grapheme (emoji sequence, accent, joiner)."""
    while 0 < cut < len(text) and (
        unicodedata.combining(text[cut])
        or text[cut] in _JOINERS
        or text[cut - 1] == ZWJ
        or "\U0001f3fb" <= text[cut] <= "\U0001f3ff"  # skin-tone modifiers
    ):
        cut -= 1
    return cut


def safe_url(url: str) -> str | None:
    """`url` ready to sit inside `<…|…>`, or None when it is not a plain http(s) URL.

    User info (`user@`) is dropped, the host is IDNA-encoded, `|`, `<`, `>`, spaces
    and other unsafe characters are percent-encoded and `&` becomes `&amp;`.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname
    if parts.scheme.lower() not in {"http", "https"} or not host:
        return None
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{port}" if port is not None else "")
    rebuilt = urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))
    encoded = quote(rebuilt, safe=_URL_SAFE).replace("&", "&amp;")
    return encoded if slack_len(encoded) <= MAX_LINK_URL else None


def link(url: str, label: str) -> str:
    """`<url|label>` for an http(s) URL; just the (safe) label for anything else."""
    text = safe_text(one_line(label)).replace("|", "¦")
    target = safe_url(url)
    if target is None:
        return text
    return f"<{target}|{text or target}>"
