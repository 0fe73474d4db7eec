"""The brief as readable Markdown, for the command line."""

from __future__ import annotations

from bot.briefs import Brief
from bot.grounding.quote_gate import is_note
from bot.render.sources import sources_markdown
from bot.text.normalize import quoted_spans
from bot.text.opinion import opinion_header

AI_LABEL = "AI-generated — check against the source before publishing."


def partial_note(brief: Brief) -> str | None:
    """What to say when the engine read only part of the article."""
    read, total = brief.read_paragraphs, len(brief.article.paragraphs)
    if read is None or read >= total:
        return None
    return (
        f"The model read the first {read} of {total} paragraphs (the article is longer than "
        "it takes): this brief covers those."
    )


def no_quotes_note(brief: Brief) -> str:
    """What to say when the brief has no quotes: the article has none, or the checks took
    them all (never "no quotes in the article" when it has some)."""
    lost = [d for d in brief.dropped if d.kind == "quote" and not is_note(d)]
    if lost:
        return f"{len(lost)} quote{'s were' if len(lost) != 1 else ' was'} dropped by the checks"
    if any(len(s.text.split()) >= 3 for p in brief.article.paragraphs for s in quoted_spans(p)):
        return "no quotes kept"
    return "no quotes in the article"


def origin_tag(origin: str | None) -> str:
    """ "(extracted)" for an item the extractive fallback filled in; nothing otherwise."""
    return " (extracted)" if origin == "extracted" else ""


def cite(paragraphs: list[int]) -> str:
    return "[" + ", ".join(f"¶{n}" for n in paragraphs) + "]" if paragraphs else ""


def render_markdown(brief: Brief, *, show_dropped: bool = True, show_sources: bool = False) -> str:
    article = brief.article
    lines: list[str] = [f"# {article.title or 'Untitled article'}", ""]
    if article.genre == "opinion":
        lines += [f"**{opinion_header(article.byline)}** (every point is the author's view)", ""]
    meta = [part for part in (article.byline, article.published) if part]
    if article.url:
        meta.append(f"<{article.url}>")
    if meta:
        lines += [" · ".join(meta), ""]
    engine = brief.engine + (f" ({brief.model})" if brief.model else "")
    lines += [f"> {AI_LABEL} Engine: {engine}; prompt {brief.prompt_version or '-'}.", ""]
    if (partial := partial_note(brief)) is not None:
        lines += [f"> {partial}", ""]

    lines += ["## Summary", ""]
    if brief.note:
        lines += [f"> {brief.note}", ""]
    lines += [f"- {p.text} {cite(p.paragraphs)}{origin_tag(p.origin)}" for p in brief.summary] or [
        "- (no summary)"
    ]
    lines.append("")

    lines += ["## Key quotes", ""]
    if brief.quotes:
        for q in brief.quotes:
            who = q.speaker or "speaker not named"
            lines.append(f"- “{q.text}” — {who} {cite([q.paragraph])}{origin_tag(q.origin)}")
    else:
        lines.append(f"- ({no_quotes_note(brief)})")
    lines.append("")

    lines += ["## Explainers", ""]
    if brief.explainers:
        for e in brief.explainers:
            tag = " *(background, not from the article)*" if e.background else ""
            lines.append(
                f"- **{e.term}**: {e.text} {cite(e.paragraphs)}{tag}{origin_tag(e.origin)}"
            )
    else:
        lines.append("- (none)")
    lines.append("")

    if show_sources:
        lines += ["## Sources", "", "The article's sentences each item rests on.", ""]
        lines += sources_markdown(brief) or ["- (no items)"]
        lines.append("")

    if show_dropped and brief.dropped:
        lines += ["## Grounding check: dropped or repaired", ""]
        lines += [f"- {d.kind}: {d.text!r} — {d.reason}" for d in brief.dropped]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
