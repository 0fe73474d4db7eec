"""A `Brief` as one Slack Block Kit message that fits Slack's limits and can't ping anyone.

    render_blocks(brief, parts=...)       the brief, or only its quotes / explainers
    render_explainer_answer(brief, term)  `/brief explain <term>`: the matching explainer(s)

Layout: a header (the headline), a context line (source link, byline, engine and
model, prompt version, the AI label), then the parts -- summary, key quotes,
explainers -- each a bulleted list (`_part`) packed into as few section blocks as
fit (`packing.pack`), with a divider between parts. Citations read `[¶3, ¶4]`.

Limits: 50 blocks; 3,000 units of section text; 150 of header text; 10 context
elements; and about 12,000 units of text in all, which Slack enforces
(`msg_blocks_too_long`) without documenting it (slackapi/bolt-js#2509, #2867), so
a message holds at most 8,000 (`Budget`). One item is cut at 1,000 units and marked
"(trimmed; see the source)". The parts share the room max-min fairly
(`packing.water_fill`): a part needing less than an equal share gets all it needs, the
others split the rest. A part that runs out ends with "… (trimmed: N more quotes;
see the source)"; a part left no room at all is counted in a final notice.

All article and model text goes through `bot.render.mrkdwn`, and mrkdwn objects
are sent `verbatim: true`. The only link is the article's source (`mrkdwn.link`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

from bot.briefs import Brief, Explainer, Quote, SummaryPoint
from bot.grounding.quote_gate import is_note
from bot.render.markdown import AI_LABEL, no_quotes_note, origin_tag, partial_note
from bot.render.mrkdwn import fit, isolate, link, neutralise, one_line, safe_text, slack_len
from bot.render.packing import (
    NOTICE_ROOM,
    Part,
    context_block,
    count,
    layout,
    section,
    text_len,
    trim_notice,
)
from bot.render.sources import sources_button
from bot.text.normalize import words
from bot.text.opinion import opinion_header

__all__ = [
    "DEFAULT_BUDGET",
    "PARTS",
    "Budget",
    "RenderedMessage",
    "render_blocks",
    "render_explainer_answer",
]

MAX_HEADER_TEXT = 150
MAX_FALLBACK_TEXT = 4000
MAX_ITEM_TEXT = 1000
MAX_NAME_TEXT = 150
MAX_CITED = 12

PART_ORDER = ("summary", "quotes", "explainers")
PARTS = frozenset(PART_ORDER)
_HEADINGS = {"summary": "Summary", "quotes": "Key quotes", "explainers": "Explainers"}
_EMPTY = {"summary": "(no summary)", "quotes": "(no quotes in the article)", "explainers": "(none)"}
_BACKGROUND = "(background knowledge, not from the article)"
T = TypeVar("T")


@dataclass(frozen=True)
class Budget:
    """How much one message may hold: blocks, and units of text across all of them."""

    blocks: int = 50
    chars: int = 8_000

    def __post_init__(self) -> None:
        if not (4 <= self.blocks <= 50 and 4_000 <= self.chars <= 12_000):
            raise ValueError("a budget needs 4-50 blocks and 4,000-12,000 units of text")


DEFAULT_BUDGET = Budget()


@dataclass(frozen=True)
class RenderedMessage:
    """What `chat.postMessage` needs: the blocks, and a plain fallback `text`."""

    text: str
    blocks: list[dict[str, Any]]


def render_blocks(
    brief: Brief, *, parts: frozenset[str] | None = None, budget: Budget = DEFAULT_BUDGET
) -> RenderedMessage:
    """The brief as one message; `parts` limits it to e.g. `frozenset({"quotes"})`."""
    kinds = _check_parts(parts)
    chosen = [_part(brief, kind) for kind in PART_ORDER if kind in kinds]
    head = [_header(brief), *_genre(brief), _context(brief, "brief-context")]
    button = sources_button(brief) if kinds & {"summary", "explainers"} else None
    tail = [] if button is None else [button]
    room = budget.chars - sum(text_len(block) for block in head) - NOTICE_ROOM
    body, left_out = layout(chosen, blocks=budget.blocks - len(head) - 1 - len(tail), chars=room)
    if left_out:
        body.append(context_block("brief-trimmed", [f"_{trim_notice(left_out)}_"]))
    body += tail
    lines = [line for part in chosen for line in _plain_part(part)]
    title = fit(f"Brief: {_title(brief)}", 300).text
    first = [title, *(_genre_line(brief) for _ in _genre(brief))]
    return RenderedMessage(text=_fallback(first, lines, brief), blocks=head + body)


def render_explainer_answer(brief: Brief, term: str) -> RenderedMessage:
    """The explainer(s) matching `term` (case-insensitive), or the terms the brief does explain."""
    context = _context(brief, "brief-answer-context")
    matches = _matching(brief.explainers, term)
    if matches:
        part = _make_part("explainers", matches, _explainer_line, heading=None)
        room = DEFAULT_BUDGET.chars - text_len(context) - NOTICE_ROOM
        body, _ = layout([part], blocks=DEFAULT_BUDGET.blocks - 2, chars=room)
        return RenderedMessage(text=_fallback([], part.plain_lines, brief), blocks=[*body, context])
    asked = fit(one_line(term), MAX_NAME_TEXT).text
    said = f"The article doesn't explain “{isolate(asked)}”." if asked else "Name a term."
    message = f"{said} {_known_terms(brief.explainers)}"
    return RenderedMessage(
        text=_fallback([said], [], brief), blocks=[section("brief-answer", message), context]
    )


def _check_parts(parts: frozenset[str] | None) -> frozenset[str]:
    if parts is None:
        return PARTS
    if not parts or not parts <= PARTS:
        raise ValueError(
            f"parts must be a non-empty subset of {sorted(PARTS)}, not {sorted(parts)}"
        )
    return parts


# --- the parts' lines ----------------------------------------------------------------


def _part(brief: Brief, kind: str) -> Part:
    heading = _HEADINGS[kind]
    if kind == "summary":
        return _make_part(kind, brief.summary, _summary_line, heading=heading)
    if kind == "quotes":
        empty = f"({no_quotes_note(brief)})"
        return _make_part(kind, brief.quotes, _quote_line, heading=heading, empty=empty)
    return _make_part(kind, brief.explainers, _explainer_line, heading=heading)


def _make_part(
    kind: str,
    items: Sequence[T],
    line: Callable[[T, bool], str],
    *,
    heading: str | None,
    empty: str | None = None,
) -> Part:
    nothing = empty or _EMPTY[kind]
    return Part(
        kind=kind,
        heading=f"*{heading}*" if heading else None,
        lines=[line(item, True) for item in items] or [f"_{nothing}_"],
        plain_lines=[line(item, False) for item in items] or [nothing],
        items=len(items),
    )


def _origin(origin: str | None, styled: bool) -> str:
    tag = origin_tag(origin)
    return f" _{tag.strip()}_" if tag and styled else tag


def _plain_part(part: Part) -> list[str]:
    heading = [part.heading.strip("*") + ":"] if part.heading else []
    return heading + part.plain_lines


def _summary_line(point: SummaryPoint, styled: bool) -> str:
    text, trimmed = item_text(point.text)
    extra = _trimmed(trimmed, styled) + _origin(point.origin, styled)
    return f"• {text}{cite(point.paragraphs)}{extra}"


def _quote_line(quote: Quote, styled: bool) -> str:
    text, trimmed = item_text(quote.text)
    who = name_text(quote.speaker or "")
    if not who:
        who = "_speaker not named_" if styled else "speaker not named"
    extra = _trimmed(trimmed, styled) + _origin(quote.origin, styled)
    return f"• “{text}” — {who}{cite([quote.paragraph])}{extra}"


def _explainer_line(explainer: Explainer, styled: bool) -> str:
    text, trimmed = item_text(explainer.text)
    term = name_text(explainer.term) or "(unnamed)"
    if styled:
        term = "*" + term.replace("*", "∗") + "*"  # a `*` in the term would end the bold early
    tag = ""
    if explainer.background:
        tag = f" _{_BACKGROUND}_" if styled else f" {_BACKGROUND}"
    extra = _trimmed(trimmed, styled) + _origin(explainer.origin, styled)
    return f"• {term}{tag}: {text}{cite(explainer.paragraphs)}{extra}"


def item_text(raw: str) -> tuple[str, bool]:
    fitted = fit(one_line(raw), MAX_ITEM_TEXT - 2)  # 2: room for `isolate`
    return isolate(fitted.text), fitted.trimmed


def name_text(raw: str) -> str:
    clean = one_line(raw)
    return isolate(fit(clean, MAX_NAME_TEXT - 2).text) if clean else ""


def _trimmed(trimmed: bool, styled: bool) -> str:
    if not trimmed:
        return ""
    return " _(trimmed; see the source)_" if styled else " (trimmed; see the source)"


def cite(paragraphs: list[int]) -> str:
    """` [¶3, ¶4]`; past `MAX_CITED` paragraphs, ` [¶1, …, ¶12, +30 more]`."""
    unique = list(dict.fromkeys(paragraphs))
    if not unique:
        return ""
    shown = ", ".join(f"¶{n}" for n in unique[:MAX_CITED])
    more = len(unique) - MAX_CITED
    return f" [{shown}, +{more} more]" if more > 0 else f" [{shown}]"


# --- header, context, fallback text ------------------------------------------------


def _title(brief: Brief) -> str:
    return one_line(neutralise(brief.article.title or "")) or "Untitled article"


def _header(brief: Brief) -> dict[str, Any]:
    text = fit(_title(brief), MAX_HEADER_TEXT, plain=True).text.strip() or "Untitled article"
    return {
        "type": "header",
        "block_id": "brief-header",
        "text": {"type": "plain_text", "text": text, "emoji": True},
    }


def _genre_line(brief: Brief) -> str:
    byline = one_line(brief.article.byline or "") or None
    return safe_text(f"{opinion_header(byline)} · every point is the author's view")


def _genre(brief: Brief) -> list[dict[str, Any]]:
    """For an opinion piece, "Opinion — by NAME" right under the headline."""
    if brief.article.genre != "opinion":
        return []
    return [context_block("brief-genre", [f"*{fit(_genre_line(brief), 300).text}*"])]


def _source(brief: Brief) -> str:
    """`Source: <url|host>`, or what the source was when it can't be linked."""
    url = brief.article.url
    if not url:
        return "Source: pasted text"
    try:
        host = (urlsplit(url.strip()).hostname or "").removeprefix("www.")
    except ValueError:
        host = ""
    linked = link(url, host or "the article")
    if linked.startswith("<"):
        return f"Source: {linked}"
    return f"Source: {fit(one_line(url), 300).text} (not linked)"


def _context(brief: Brief, block_id: str) -> dict[str, Any]:
    engine = brief.engine + (f" ({brief.model})" if brief.model else "")
    elements = [_source(brief)]
    byline = " · ".join(
        one_line(p) for p in (brief.article.byline, brief.article.published) if p and one_line(p)
    )
    if byline:
        elements.append(fit(byline, 300).text)
    about = f"Engine: {engine} · prompt {brief.prompt_version or '-'}"
    elements.append(fit(one_line(about), 300).text)
    if (partial := partial_note(brief)) is not None:
        elements.append(safe_text(partial))
    if brief.note:
        elements.append(safe_text(fit(one_line(brief.note), 300).text))
    lost = [d for d in brief.dropped if not is_note(d)]  # repairs and duplicates aren't losses
    if lost:
        elements.append(f"{count(len(lost), 'dropped')} left out by the grounding check")
    elements.append(f"*{safe_text(AI_LABEL)}*")
    return context_block(block_id, elements)


def _fallback(first: list[str], lines: list[str], brief: Brief) -> str:
    """The message's `text`, for notifications and screen readers: ≤ 4,000 units, sanitised.

    `first` (safe, ≤ 300 units) and the label and source always fit; `lines` fill the rest.
    """
    top = [*first, safe_text(AI_LABEL)]
    bottom = [_source(brief)]
    room = MAX_FALLBACK_TEXT - slack_len("\n".join(top + bottom)) - NOTICE_ROOM
    middle: list[str] = []
    for index, line in enumerate(lines):
        if slack_len(line) + 1 > room:
            rest = sum(1 for later in lines[index:] if later.startswith("• "))
            middle.append(trim_notice({"items": rest}) if rest else "…")
            break
        middle.append(line)
        room -= slack_len(line) + 1
    return "\n".join(top + middle + bottom)


# --- /brief explain <term> -----------------------------------------------------------


def _matching(explainers: list[Explainer], term: str) -> list[Explainer]:
    """The same words (case, quotes and dashes folded), else one term's words inside the other's."""
    asked = words(term)
    if not asked:
        return []
    exact = [e for e in explainers if words(e.term) == asked]
    return exact or [
        e for e in explainers if _within(asked, words(e.term)) or _within(words(e.term), asked)
    ]


def _within(needle: list[str], haystack: list[str]) -> bool:
    size = len(needle)
    return size > 0 and any(
        haystack[i : i + size] == needle for i in range(len(haystack) - size + 1)
    )


def _known_terms(explainers: list[Explainer]) -> str:
    if not explainers:
        return "This brief has no explainers."
    shown: list[str] = []
    room = 2500
    for name in (name_text(e.term) or "(unnamed)" for e in explainers):
        if slack_len(name) + 2 > room:
            break
        shown.append(name)
        room -= slack_len(name) + 2
    more = len(explainers) - len(shown)
    return "It explains: " + ", ".join(shown) + (f" and {more} more." if more else ".")
