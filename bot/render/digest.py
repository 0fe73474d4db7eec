"""The daily digest as Slack messages: one post, and its overflow as replies in its thread.

    render_digest(digest, workspace_url=..., zone=...) -> [main, reply, …]

The main post: a header with the date, a context line (the window, the AI label), the
overview if there is one, then "Briefed in Slack" and "From your feeds", one section per
article: the headline linked to its source, "opinion" for opinion pieces, the brief's first
point with its paragraph citation, a link to the brief's thread and how many channels
briefed it (or the feed it came from). A footnote names feeds that could not be read.
Items that do not fit a message's limits (`MAX_ITEM_BLOCKS` sections, `TEXT_BUDGET` units
of text, well inside Slack's 50 blocks and ~12,000 units) continue in replies, so a day of
hundreds of articles never breaks Block Kit. All text goes through `bot.render.mrkdwn`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.digest.model import Digest, DigestLine
from bot.render.blocks import RenderedMessage, cite
from bot.render.markdown import AI_LABEL
from bot.render.mrkdwn import fit, link, one_line, slack_len
from bot.render.packing import context_block, section, text_len

__all__ = ["MAX_ITEM_BLOCKS", "TEXT_BUDGET", "quiet_day", "render_digest"]

MAX_ITEM_BLOCKS = 40
TEXT_BUDGET = 8000
MAX_SUMMARY = 280
MAX_TITLE = 200
MAX_SECTION = 2900


def render_digest(
    digest: Digest, *, workspace_url: str | None, zone: ZoneInfo
) -> list[RenderedMessage]:
    """The digest's messages: the main post first, then its replies."""
    date = datetime.fromisoformat(digest.date)
    head = [
        {
            "type": "header",
            "block_id": "digest-header",
            "text": {"type": "plain_text", "text": f"Brief digest · {date:%A %-d %B %Y}"},
        },
        context_block("digest-context", [_window(digest, zone)]),
    ]
    if digest.overview:
        lines = [f"• {fit(one_line(p.text), 900).text}" for p in digest.overview]
        version = f" · prompt digest {digest.overview_version}" if digest.overview_version else ""
        head.append(section("digest-overview", "*The day*\n" + "\n".join(lines)))
        head.append(
            context_block(
                "digest-overview-note", [f"Written by a model from the briefs below{version}"]
            )
        )
    items: list[dict[str, Any]] = []
    if digest.briefed:
        items.append(section("digest-briefed", f"*Briefed in Slack* ({len(digest.briefed)})"))
        items += [
            section(f"digest-b{i}", _briefed(line, workspace_url))
            for i, line in enumerate(digest.briefed)
        ]
    if digest.from_feeds:
        heading = f"*From your feeds* ({len(digest.from_feeds)})"
        if digest.headlines_only:
            heading += f" · {digest.headlines_only} by headline only"
        items.append(section("digest-feeds", heading))
        items += [
            section(f"digest-f{i}", _from_feed(line)) for i, line in enumerate(digest.from_feeds)
        ]
    tail = []
    if digest.failed_feeds:
        failed = "; ".join(one_line(f) for f in digest.failed_feeds)
        tail.append(
            context_block(
                "digest-failed", [fit(f"Feeds that could not be read: {failed}", 2900).text]
            )
        )
    return _messages(digest, head, items, tail)


def quiet_day(digest: Digest, *, zone: ZoneInfo) -> RenderedMessage:
    since = _since(digest, zone)
    text = (
        f"Brief digest · quiet day: nothing was briefed here {since}, and nothing new on the feeds."
    )
    return RenderedMessage(text=text, blocks=[])


def _messages(
    digest: Digest,
    head: list[dict[str, Any]],
    items: list[dict[str, Any]],
    tail: list[dict[str, Any]],
) -> list[RenderedMessage]:
    """Pack the items after the head into the main post, the rest into replies."""
    chunks: list[list[dict[str, Any]]] = [[]]
    used = sum(text_len(b) for b in head + tail)
    for block in items:
        size = text_len(block)
        current = chunks[-1]
        if current and (len(current) >= MAX_ITEM_BLOCKS or used + size > TEXT_BUDGET):
            chunks.append([])
            used = 0
        chunks[-1].append(block)
        used += size
    count = len(digest.briefed) + len(digest.from_feeds)
    fallback = f"Brief digest for {digest.date}: {count} article{'s' if count != 1 else ''}."
    messages = [RenderedMessage(text=fallback, blocks=[*head, *chunks[0], *tail])]
    for n, chunk in enumerate(chunks[1:], 2):
        note = context_block(
            f"digest-part-{n}", [f"Digest for {digest.date}, continued ({n} of {len(chunks)})"]
        )
        messages.append(RenderedMessage(text=f"{fallback} (continued)", blocks=[note, *chunk]))
    return messages


def _title(line: DigestLine, *, linked: bool = True) -> str:
    label = one_line(line.title or line.url or "Untitled article")
    if len(label) > MAX_TITLE:
        label = label[: MAX_TITLE - 1].rstrip() + "…"
    headline = link(line.url, label) if line.url and linked else fit(label, MAX_TITLE * 2).text
    return f"*{headline}*" + (" · _opinion_" if line.genre == "opinion" else "")


def _bounded(line: DigestLine, rest: str) -> str:
    """The item's text within a section's 3,000 units, whatever its link and title hold:
    the source link goes first, then the summary is cut."""
    text = _title(line) + _summary(line) + rest
    if slack_len(text) <= MAX_SECTION:
        return text
    text = _title(line, linked=False) + _summary(line) + rest
    if slack_len(text) <= MAX_SECTION:
        return text
    return _title(line, linked=False) + _summary(line, limit=400)


def _summary(line: DigestLine, *, limit: int = 0) -> str:
    if not line.summary:
        return ""
    return "\n" + fit(one_line(line.summary), limit or MAX_SUMMARY).text + cite(line.paragraphs)


def _briefed(line: DigestLine, workspace_url: str | None) -> str:
    where = []
    if line.thread is not None and workspace_url:
        channel, ts, parent = line.thread
        permalink = f"{workspace_url.rstrip('/')}/archives/{channel}/p{ts.replace('.', '')}"
        if parent:
            permalink += f"?thread_ts={parent}&cid={channel}"
        where.append(link(permalink, "the brief's thread"))
    if line.channels:
        where.append(f"briefed in {line.channels} channel{'s' if line.channels != 1 else ''}")
    return _bounded(line, "\n" + " · ".join(where) if where else "")


def _from_feed(line: DigestLine) -> str:
    source = f"\nfrom {fit(line.feed, 200).text}" if line.feed else ""
    return _bounded(line, source)


def _since(digest: Digest, zone: ZoneInfo) -> str:
    return f"since {datetime.fromtimestamp(digest.since, zone):%a %-d %b %H:%M}"


def _window(digest: Digest, zone: ZoneInfo) -> str:
    return (
        f"What was briefed here {_since(digest, zone)}, and what is new on the feeds · {AI_LABEL}"
    )
