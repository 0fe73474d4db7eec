"""Every answer passes the brief's gate before a thread sees it.

    check_answer(article, question, draft, info) -> Answer

A model's sentences are summary points to the gate (`bot.grounding.gate`): each needs
evidence found verbatim in the article that says everything the sentence says, with every
number and name in the cited paragraphs, any quotation inside it from that evidence and,
in an opinion piece, the claim attributed to the author. Its quotations pass the quote
gate: verbatim, with the speaker the article gives, or not shown. Extractive excerpts must
stand verbatim in the paragraph they cite. What fails is dropped and counted, never shown.
"""

from __future__ import annotations

import logging

from bot.answers.model import Answer, AnswerDraft, Status
from bot.article.model import Article
from bot.briefs import Draft, EngineInfo, SummaryPoint
from bot.grounding.gate import gate
from bot.grounding.quote_gate import is_note

__all__ = ["MAX_QUOTES", "MAX_SENTENCES", "check_answer", "check_sentence"]

log = logging.getLogger(__name__)

MAX_SENTENCES = 4
"""An answer is short (the prompt asks for one to four sentences); more are not shown."""
MAX_QUOTES = 2


def check_sentence(
    article: Article, sentence: SummaryPoint, info: EngineInfo
) -> SummaryPoint | None:
    """One sentence of an answer as the gate keeps it, or None (a streamed answer shows
    each sentence only once it has passed)."""
    kept = gate(article, Draft(summary=[sentence]), info).summary
    return kept[0] if kept else None


def check_answer(article: Article, question: str, draft: AnswerDraft, info: EngineInfo) -> Answer:
    """The answer the article backs: what passed, how many items did not, and its status."""
    nearest = [n for n in draft.nearest if article.has_paragraph(n)]
    author = article.byline if article.genre == "opinion" else None
    common = {
        "question": question,
        "engine": info.engine,
        "model": draft.model or info.model,
        "prompt_version": info.prompt_version,
        "nearest": nearest,
        "author": author,
    }
    if not draft.found:
        return Answer(status="not_found", **common)
    gated = gate(article, Draft(summary=draft.sentences, quotes=draft.quotes), info)
    dropped = sum(1 for d in gated.dropped if not is_note(d))
    excerpts = [
        e
        for e in draft.excerpts
        if article.has_paragraph(e.paragraph)
        and e.text
        and e.text in article.paragraph(e.paragraph)
    ]
    dropped += len(draft.excerpts) - len(excerpts)
    if dropped:
        log.info("answer: %d item(s) dropped by the checks", dropped)
    status: Status
    if gated.summary or gated.quotes or (excerpts and draft.confident):
        status = "answered"
    elif excerpts:
        status = "nearest"
    else:
        status = "not_found"
    return Answer(
        status=status,
        sentences=gated.summary[:MAX_SENTENCES],
        quotes=gated.quotes[:MAX_QUOTES],
        excerpts=excerpts,
        dropped=dropped,
        **common,
    )
