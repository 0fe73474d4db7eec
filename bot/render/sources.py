"""Sources on request: the article's sentences each summary point and explainer rests on.

The brief stays short; its evidence is one click (Slack) or one flag (`brief --sources`)
away. In Slack the "Sources" button carries only references, never text:

    refs(brief)                  -> "S3.120.260,5.0.88|S1.0.95|E9.12.140"   (the button value)
    read_refs(value)             -> [("Summary 1", [(3, 120, 260), …]), …]
    render_sources(article, refs) -> mrkdwn lines quoting the article's own sentences

so the click is answered from the article stored with the brief's thread record, which
is keyed by workspace: a button can only ever show its own workspace's article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.article.model import Article
from bot.briefs import Brief, Evidence
from bot.render.mrkdwn import escape_mrkdwn

__all__ = [
    "ACTION_ID",
    "MAX_VALUE",
    "read_refs",
    "refs",
    "render_sources",
    "sources_button",
    "sources_markdown",
]

ACTION_ID = "brief_sources"
MAX_VALUE = 2_000
"""Slack's limit on a button's value."""

Span = tuple[int, int, int]
_LABELS = {"S": "Summary", "E": "Explainer"}
_ITEM = re.compile(r"^([SE])((?:\d+\.\d+\.\d+)(?:,\d+\.\d+\.\d+)*)$")


def _spans(article: Article, evidence: Sequence[Evidence]) -> list[Span]:
    out = []
    for piece in evidence:
        if not article.has_paragraph(piece.paragraph):
            continue
        start = article.paragraph(piece.paragraph).find(piece.text)
        if start >= 0:
            out.append((piece.paragraph, start, start + len(piece.text)))
    return out


def refs(brief: Brief) -> str:
    """The button value: each item's evidence as paragraph.start.end, items in brief order.

    Items that would take the value past `MAX_VALUE` are left off (the list says so).
    """
    items = [("S", p.evidence) for p in brief.summary]
    items += [("E", e.evidence) for e in brief.explainers]
    parts: list[str] = []
    for kind, evidence in items:
        spans = _spans(brief.article, evidence)
        part = kind + ",".join(f"{p}.{s}.{e}" for p, s, e in spans) if spans else kind
        if len("|".join([*parts, part])) > MAX_VALUE:
            break
        parts.append(part)
    return "|".join(parts)


def read_refs(value: str) -> list[tuple[str, list[Span]]]:
    """The items of a button value, labelled ("Summary 2"); unreadable parts are skipped."""
    out: list[tuple[str, list[Span]]] = []
    counts = dict.fromkeys(_LABELS, 0)
    for part in value.split("|")[:100]:
        kind = part[:1]
        if kind not in _LABELS:
            continue
        counts[kind] += 1
        match = _ITEM.match(part)
        spans: list[Span] = []
        if match is not None:
            for ref in match.group(2).split(","):
                p, s, e = (int(x) for x in ref.split("."))
                spans.append((p, s, e))
        out.append((f"{_LABELS[kind]} {counts[kind]}", spans))
    return out


def render_sources(article: Article, items: list[tuple[str, list[Span]]]) -> list[str]:
    """One mrkdwn line per item: its label, paragraphs and the article's exact sentences."""
    lines = []
    for label, spans in items:
        quoted = []
        for number, start, end in spans:
            if not article.has_paragraph(number):
                continue
            paragraph = article.paragraph(number)
            if 0 <= start < end <= len(paragraph):
                quoted.append(f"¶{number} “{escape_mrkdwn(paragraph[start:end])}”")
        shown = " ".join(quoted) if quoted else "_(no evidence shown)_"
        lines.append(f"• *{label}*: {shown}")
    return lines


def sources_button(brief: Brief) -> dict[str, Any] | None:
    """The actions block with the "Sources" button; None when no item has evidence."""
    value = refs(brief)
    if not any(ch.isdigit() for ch in value):
        return None
    return {
        "type": "actions",
        "block_id": "brief-sources",
        "elements": [
            {
                "type": "button",
                "action_id": ACTION_ID,
                "text": {"type": "plain_text", "text": "Sources"},
                "value": value,
            }
        ],
    }


def sources_markdown(brief: Brief) -> list[str]:
    """The same list for the command line (`brief --sources`)."""
    groups = [("Summary", [p.evidence for p in brief.summary])]
    groups.append(("Explainer", [e.evidence for e in brief.explainers]))
    lines = []
    for label, items in groups:
        for number, evidence in enumerate(items, start=1):
            quoted = " ".join(f"¶{e.paragraph} “{e.text}”" for e in evidence)
            lines.append(f"- **{label} {number}**: {quoted or '(no evidence)'}")
    return lines
