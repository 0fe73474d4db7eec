"""The brief as readable Markdown, for the command line."""

from __future__ import annotations

from bot.briefs import Brief
from bot.render.sources import sources_markdown
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
    lines += [f"- {p.text} {cite(p.paragraphs)}" for p in brief.summary] or ["- (no summary)"]
    lines.append("")

    lines += ["## Key quotes", ""]
    if brief.quotes:
        for q in brief.quotes:
            who = q.speaker or "speaker not named"
            lines.append(f"- “{q.text}” — {who} {cite([q.paragraph])}")
    else:
        lines.append("- (no quotes in the article)")
    lines.append("")

    lines += ["## Explainers", ""]
    if brief.explainers:
        for e in brief.explainers:
            tag = " *(background, not from the article)*" if e.background else ""
            lines.append(f"- **{e.term}**: {e.text} {cite(e.paragraphs)}{tag}")
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
