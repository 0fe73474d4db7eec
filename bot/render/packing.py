"""Packing a brief's parts into Block Kit sections within Slack's limits.

`layout` shares the message's room between the parts max-min fairly
(`water_fill`): a part needing less than an equal share gets all it needs, the
others split the rest. `pack` fills as few section blocks as fit, keeping
`NOTICE_ROOM` free for a "… (trimmed: N more quotes; see the source)" line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.render.mrkdwn import slack_len

MAX_SECTION_TEXT = 3000
NOTICE_ROOM = 120  # kept free in every part and section for a "… (trimmed: …)" line

_NOUNS = {
    "summary": ("summary point", "summary points"),
    "quotes": ("quote", "quotes"),
    "explainers": ("explainer", "explainers"),
    "dropped": ("draft item", "draft items"),
}


@dataclass(frozen=True)
class Part:
    kind: str
    heading: str | None
    lines: list[str]  # safe mrkdwn, one per item
    plain_lines: list[str]  # the same without styling, for the fallback text
    items: int  # 0 when the one line is "(none)"


def layout(
    parts: list[Part], *, blocks: int, chars: int
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Section blocks (and dividers) for the parts; what didn't fit at all, by kind."""
    dividers = len(parts) - 1 if blocks >= 2 * len(parts) - 1 else 0  # only if there is room
    blocks -= dividers
    needs = [pack(part, blocks=len(part.lines), chars=10**9) for part in parts]
    block_shares = water_fill([len(texts) for texts, _, _ in needs], blocks)
    char_shares = water_fill([used + NOTICE_ROOM for _, used, _ in needs], chars)
    out: list[dict[str, Any]] = []
    left_out: dict[str, int] = {}
    for part, n_blocks, n_chars in zip(parts, block_shares, char_shares, strict=True):
        texts, _, _ = pack(part, blocks=n_blocks, chars=n_chars)
        if not texts:
            if part.items:
                left_out[part.kind] = part.items
            continue
        if out and dividers:
            out.append({"type": "divider", "block_id": f"brief-divider-{part.kind}"})
        out += [section(f"brief-{part.kind}-{i}", text) for i, text in enumerate(texts, 1)]
    return out, left_out


def pack(part: Part, *, blocks: int, chars: int) -> tuple[list[str], int, int]:
    """Section texts holding the heading and as many lines as fit: texts, units used, lines left.

    Each section and the part as a whole keep `NOTICE_ROOM` free for the trim line.
    """
    if blocks < 1 or chars < slack_len(part.heading or "") + NOTICE_ROOM:
        return [], 0, len(part.lines)
    texts = [part.heading or ""]
    used = slack_len(texts[0])
    shown = 0
    for line in part.lines:
        joined = f"{texts[-1]}\n{line}" if texts[-1] else line
        if slack_len(joined) <= MAX_SECTION_TEXT - NOTICE_ROOM:
            extra, new_section = slack_len(joined) - slack_len(texts[-1]), False
        else:
            extra, new_section = slack_len(line), True
        if used + extra > chars - NOTICE_ROOM or (new_section and len(texts) >= blocks):
            break
        if new_section:
            texts.append(line)
        else:
            texts[-1] = joined
        used, shown = used + extra, shown + 1
    rest = part.items - shown if part.items else 0
    if rest > 0:
        notice = f"_{trim_notice({part.kind: rest})}_"
        texts[-1] = f"{texts[-1]}\n{notice}" if texts[-1] else notice
        used += slack_len(notice) + 1
    return [text for text in texts if text], used, len(part.lines) - shown


def water_fill(needs: list[int], total: int) -> list[int]:
    """Max-min fair shares of `total`: small needs are met in full, the rest split evenly."""
    shares = [0] * len(needs)
    remaining = max(total, 0)
    waiting = sorted(range(len(needs)), key=lambda i: needs[i])
    while waiting:
        share = remaining // len(waiting)
        if needs[waiting[0]] > share:
            spare = remaining - share * len(waiting)
            for rank, i in enumerate(sorted(waiting)):
                shares[i] = share + (1 if rank < spare else 0)
            break
        first = waiting.pop(0)
        shares[first] = needs[first]
        remaining -= needs[first]
    return shares


def trim_notice(counts: dict[str, int]) -> str:
    """`… (trimmed: 3 more quotes; see the source)`, or with several kinds, a total first."""
    named = [(kind, n) for kind, n in counts.items() if n > 0]
    if len(named) == 1:
        kind, n = named[0]
        singular, plural = _NOUNS.get(kind, ("item", "items"))
        detail = f": {n} more {singular if n == 1 else plural}"
    elif named:
        total = sum(n for _, n in named)
        detail = f": {total} more items ({', '.join(count(n, kind) for kind, n in named)})"
    else:
        detail = ""
    return f"… (trimmed{detail}; see the source)"


def count(n: int, kind: str) -> str:
    singular, plural = _NOUNS.get(kind, ("item", "items"))
    return f"{n} {singular if n == 1 else plural}"


def section(block_id: str, text: str) -> dict[str, Any]:
    return {
        "type": "section",
        "block_id": block_id,
        "text": {"type": "mrkdwn", "text": text, "verbatim": True},
    }


def context_block(block_id: str, texts: list[str]) -> dict[str, Any]:
    elements = [{"type": "mrkdwn", "text": text, "verbatim": True} for text in texts]
    return {"type": "context", "block_id": block_id, "elements": elements}


def text_len(block: dict[str, Any]) -> int:
    texts = [block["text"]["text"]] if "text" in block else []
    return sum(slack_len(t) for t in texts + [e["text"] for e in block.get("elements", [])])
