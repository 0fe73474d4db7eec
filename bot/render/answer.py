"""A thread answer as a Slack message, and its sentences as streamed Markdown.

    render_answer(answer) -> RenderedMessage     what finally stays in the thread
    stream_line(sentence) -> str                 one checked sentence, for chat.appendStream
    HELP, THINKING                               the short replies around answers

The answer leads with what the article says, each sentence cited `[¶3]`; quotations are
the article's exact words with the speaker it gives; an extractive answer is the article's
sentences, quoted. "The article doesn't say" is said plainly, with the nearest paragraphs
when there are any. A context line names the engine, model and prompt version and that the
answer comes from the article only. All text goes through `bot.render.mrkdwn` like a
brief's: no pings, no links, Block Kit limits.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.answers.model import Answer
from bot.briefs import SummaryPoint
from bot.render.blocks import RenderedMessage, cite, item_text, name_text
from bot.render.markdown import AI_LABEL
from bot.render.mrkdwn import fit, one_line, safe_markdown, safe_text, slack_len
from bot.render.packing import context_block, section

__all__ = ["HELP", "THINKING", "answer_text", "render_answer", "stream_line"]

MAX_SECTION = 2900

HELP = (
    "Ask me about the article in a brief's thread: mention me with your question, "
    "for example “@Brief who is the envoy?”, and I answer from the article only, citing "
    "its paragraphs. To brief an article, mention me with its link, or use `/brief <link>`."
)
THINKING = "Looking in the article …"
NOT_SAID = "The article doesn't say"


def render_answer(answer: Answer) -> RenderedMessage:
    """The answer: its lines packed into sections within Slack's limits, then the context."""
    chunks = _chunks(_lines(answer), MAX_SECTION)
    blocks = [section(f"answer-{i}", chunk) for i, chunk in enumerate(chunks)]
    if answer.note:
        note = fit(one_line(answer.note), 500).text
        blocks.append(context_block("answer-note", [f"_{note}_"]))
    blocks.append(context_block("answer-context", [_context(answer)]))
    return RenderedMessage(text=chunks[0], blocks=blocks)


def _chunks(lines: list[str], limit: int) -> list[str]:
    """Lines (each already safe and at most ~1,000 units) joined into texts within `limit`."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        joined = f"{current}\n{line}" if current else line
        if current and slack_len(joined) > limit:
            chunks.append(current)
            current = line
        else:
            current = joined
    chunks.append(current)
    return chunks


def stream_line(sentence: SummaryPoint) -> str:
    """A checked sentence as streamed Markdown (no markup can form in it)."""
    return f"{safe_markdown(one_line(sentence.text))}{cite(sentence.paragraphs)}\n"


def answer_text(answer: Answer) -> str:
    """The answer as plain Markdown for a terminal (`brief ask`): the same lines, unescaped."""
    lines = _lines(answer, text=one_line, name=one_line)
    tail = [f"_{one_line(answer.note)}_"] if answer.note else []
    info = f"{answer.engine}" + (f" · {answer.model}" if answer.model else "")
    if answer.prompt_version:
        info += f" · prompt qa {answer.prompt_version}"
    if answer.dropped:
        info += f" · {answer.dropped} held back by checks"
    return "\n".join([*lines, *tail, "", f"(From the article only · {info})"]) + "\n"


def _safe_item(raw: str) -> str:
    return item_text(raw)[0]


def _lines(
    answer: Answer,
    *,
    text: Callable[[str], str] = _safe_item,
    name: Callable[[str], str] = name_text,
) -> list[str]:
    if answer.status == "not_found":
        said = f"{NOT_SAID} that."
        if answer.nearest:
            near = " and ".join(f"¶{n}" for n in answer.nearest[:2])
            said += f" The nearest it comes is {near}."
        return [said]
    lines: list[str] = []
    if answer.status == "nearest":
        lines.append(f"{NOT_SAID} that directly. The nearest passage:")
    elif answer.excerpts and not answer.sentences:
        writer = f"The author, {name(answer.author or '')}, writes:"
        lines.append(writer if answer.author else "From the article:")
    lines += [f"{text(s.text)}{cite(s.paragraphs)}" for s in answer.sentences]
    lines += [f"> “{text(e.text)}”{cite([e.paragraph])}" for e in answer.excerpts]
    for quote in answer.quotes:
        who = name(quote.speaker or "") or "_speaker not named_"
        lines.append(f"> “{text(quote.text)}” — {who}{cite([quote.paragraph])}")
    return lines


def _context(answer: Answer) -> str:
    parts = ["From the article only"]
    engine = answer.engine + (f" · {answer.model}" if answer.model else "")
    parts.append(safe_text(engine))
    if answer.prompt_version:
        parts.append(f"prompt qa {answer.prompt_version}")
    if answer.dropped:
        parts.append(
            f"{answer.dropped} item{'s' if answer.dropped != 1 else ''} held back by checks"
        )
    parts.append(AI_LABEL)
    return " · ".join(parts)
