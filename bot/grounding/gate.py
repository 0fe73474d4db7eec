"""The gate: every engine's draft passes through here before anyone reads it.

    gate(article, draft, info) -> Brief

Quotes are kept only in the article's exact words, their speakers only when the
article backs them (`bot.grounding.quote_gate`). Summary points and explainers
are kept only with evidence: sentences of the article, found verbatim
(`bot.grounding.evidence`), that say everything the item says
(`bot.grounding.support`: words, polarity, modality, attribution, actor); their
citations are their evidence's paragraphs, which must hold every number and
name of the item (`bot.grounding.facts`), and any quotation in the item must
be inside the evidence. In an opinion piece every point must attribute its
claim to the author. A background explainer (outside knowledge) needs evidence
that the article uses its term, and may say nothing about the article's people
or events (`bot.grounding.background`). At most `MAX_SUMMARY` points are kept.
Anything else is dropped and listed in `Brief.dropped` with the check that
failed, and so is every repair the gate made (`quote_gate.is_note` tells those
apart), so a reader can see what was held back or changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.article.model import Article
from bot.briefs import (
    Brief,
    Draft,
    Dropped,
    DroppedKind,
    EngineInfo,
    Explainer,
    Quote,
    SummaryPoint,
)
from bot.grounding.background import check_background
from bot.grounding.evidence import EvidenceFinder, Found
from bot.grounding.facts import ArticleFacts, Finding, mask_quotations
from bot.grounding.names import WordIndex, key, tokenize
from bot.grounding.quote_gate import DUPLICATE, IGNORED, Failed, QuoteGate
from bot.grounding.quotes import find_all, find_verbatim_in, paragraph_segments, quote_core
from bot.grounding.support import check_support
from bot.text.normalize import fold, quoted_spans
from bot.text.opinion import attribution_lead, first_person
from bot.text.wordlists import CONNECTORS, NOT_NAMES

__all__ = ["MAX_SUMMARY", "Failed", "check_facts", "gate"]

MAX_SUMMARY = 6
"""The issue asks for 3 to 6 summary points; fewer cannot be made up here."""


def gate(article: Article, draft: Draft, info: EngineInfo) -> Brief:
    """Check `draft` against `article`; keep what the article backs, list the rest."""
    facts = ArticleFacts(article)
    finder = EvidenceFinder(article)
    dropped: list[Dropped] = []

    summary: list[SummaryPoint] = []
    for point in draft.summary:
        try:
            if len(summary) >= MAX_SUMMARY:
                raise Failed(f"more than {MAX_SUMMARY} summary points")
            found, ignored = finder.locate_all(point.evidence)
            cited = _cited(found)
            claim = _claim(article, point.text)
            check_facts(article, facts, claim, cited)
            _check_supported(article, claim, found)
            summary.append(
                SummaryPoint(
                    text=point.text.strip(),
                    paragraphs=cited,
                    evidence=[f.evidence() for f in found],
                )
            )
            dropped += _notes("summary", point.text, found, ignored)
        except Failed as failure:
            dropped.append(Dropped(kind="summary", text=point.text, reason=str(failure)))

    quotes: list[Quote] = []
    seen: set[str] = set()
    checker = QuoteGate(article, index=facts.word_index)
    for quote in draft.quotes:
        try:
            checked = checker.check(quote)
        except Failed as failure:
            dropped.append(Dropped(kind="quote", text=quote.text, reason=str(failure)))
            continue
        if fold(checked.quote.text) in seen:
            dropped.append(Dropped(kind="quote", text=quote.text, reason=DUPLICATE))
            continue  # the same quotation twice: keep the first
        seen.add(fold(checked.quote.text))
        quotes.append(checked.quote)
        dropped += checked.notes

    explainers: list[Explainer] = []
    for explainer in draft.explainers:
        try:
            kept, found, ignored = _check_explainer(article, facts, finder, explainer)
            explainers.append(kept)
            dropped += _notes("explainer", f"{kept.term}: {kept.text}", found, ignored)
        except Failed as failure:
            text = f"{explainer.term}: {explainer.text}"
            dropped.append(Dropped(kind="explainer", text=text, reason=str(failure)))

    return Brief(
        article=article,
        summary=summary,
        quotes=quotes,
        explainers=explainers,
        engine=info.engine,
        model=draft.model or info.model,
        prompt_version=info.prompt_version,
        dropped=dropped,
        read_paragraphs=draft.read_paragraphs,
    )


def _claim(article: Article, text: str) -> str:
    """What a summary point claims from the article: for an opinion piece, the point must
    give the claim as the author's ("Siddiqui argues that …", "The author writes: “…”") and
    never speak in the author's first person; the attribution itself is not checked as a fact
    (the author's name is in the byline, not the paragraphs)."""
    if article.genre != "opinion":
        return text
    lead = attribution_lead(text, article.byline)
    if lead == 0:
        raise Failed("opinion piece: the point does not attribute the claim to the author")
    if (word := first_person(text)) is not None:
        raise Failed(f"opinion piece: the author's first person (“{word}”) outside a quotation")
    return fold(text)[lead:]


def _cited(found: Sequence[Found]) -> list[int]:
    """An item cites exactly the paragraphs its evidence is in."""
    return sorted({f.paragraph for f in found})


def _notes(
    kind: DroppedKind, text: str, found: Sequence[Found], ignored: Sequence[str]
) -> list[Dropped]:
    """What the gate noted about a kept item's evidence: pieces it found in another paragraph
    than the engine cited, and pieces it could not find (the item stood on the rest)."""
    moved = [
        Dropped(
            kind=kind,
            text=text,
            reason=f"cited paragraph {f.moved_from}; its evidence is in paragraph {f.paragraph}",
        )
        for f in found
        if f.moved_from is not None
    ]
    return moved + [Dropped(kind=kind, text=text, reason=f"{IGNORED}{why}") for why in ignored]


def _check_supported(
    article: Article, claim: str, found: Sequence[Found], *, subject: str | None = None
) -> None:
    """The claim says no more than its evidence, and quotes only from it."""
    texts = [f.text for f in found]
    for span in quoted_spans(claim):
        core = quote_core(span.text)
        if core and not any(next(find_all(core, text), None) for text in texts):
            raise Failed(f"quote “{span.text}” is not in the item's evidence")
    if subject is not None and _apposition(subject, claim, texts):
        return  # "Health secretary Matt Hancock", "Karen Holt, the chief executive": verbatim
    context = [article.paragraph(n) for n in _cited(found)]
    verdict = check_support(claim, texts, context=context, tags=subject is None, subject=subject)
    if not verdict.supported:
        raise Failed(verdict.reason)


def _apposition(term: str, text: str, evidence: Sequence[str]) -> bool:
    """Is the explainer the article's own title or apposition of the term, word for word?"""
    core = quote_core(text)
    joined = [f"{core} {term}", f"{term}, {core}", f"{term} ({core}", f"{core}, {term}"]
    return any(next(find_all(j, e), None) for j in joined for e in evidence)


def check_facts(article: Article, facts: ArticleFacts, text: str, cited: list[int] | None) -> None:
    """Quotations verbatim anywhere; numbers and names in `cited` (None: the whole article)."""
    if not text.strip():
        raise Failed("empty text")
    spans = quoted_spans(text)
    for span in spans:
        core = quote_core(span.text)
        if core and find_verbatim_in(article, core, paragraph_segments(article, None)) is None:
            raise Failed(f"quote “{span.text}” not found in the article")
    findings = facts.check(mask_quotations(text, spans), cited)
    for span in spans:
        if not span.closed:  # a quote left open may hide a number: it counts like any other
            findings += facts.check_numbers(span.text, cited)
    missing = [f for f in findings if not f.found]
    if missing:
        raise Failed("; ".join(_describe(f, cited) for f in missing))


def _describe(finding: Finding, cited: list[int] | None) -> str:
    """ "number 54% not in paragraphs [5]", "date “Wednesday” not in the article"."""
    where = "the article" if cited is None or finding.kind == "date" else f"paragraphs {cited}"
    what = {"number": "number {}", "name": "name “{}”", "date": "date “{}”"}[finding.kind]
    detail = f" ({finding.detail})" if finding.detail else ""
    return f"{what.format(finding.text)} not in {where}{detail}"


def _check_explainer(
    article: Article, facts: ArticleFacts, finder: EvidenceFinder, explainer: Explainer
) -> tuple[Explainer, list[Found], list[str]]:
    """A grounded explainer: its evidence says what it says. A background one: its evidence
    uses the term, and its text (outside knowledge) keeps off the article's story."""
    term = " ".join(explainer.term.split())
    text = explainer.text.strip()
    if not term:
        raise Failed("empty term")
    if not text:
        raise Failed("empty text")
    if not _TERM_WORD.search(term):
        raise Failed(f"term “{term}” is not a name or a phrase")  # "2}, {", "1"
    found, ignored = finder.locate_all(explainer.evidence)
    cited = _cited(found)
    _check_term(article, term, cited)
    if explainer.background:
        check_facts(article, facts, f"{term}: {text}", None)
        check_background(article, term, text)
    else:
        check_facts(article, facts, f"{term}: {text}", cited)
        _check_supported(article, text, found, subject=term)  # the term: `_check_term`
    checked = Explainer(
        term=term,
        text=text,
        paragraphs=cited,
        background=explainer.background,
        evidence=[f.evidence() for f in found],
    )
    return checked, found, ignored


def _check_term(article: Article, term: str, scope: list[int] | None) -> None:
    """Each word of the explained term appears (in any case, or as an acronym) where checked."""
    if not _TERM_WORD.search(term):
        raise Failed(f"term “{term}” is not a name or a phrase")  # "2}, {", "1"
    numbers = scope if scope is not None else range(1, len(article.paragraphs) + 1)
    index = WordIndex(article.paragraph(n) for n in numbers)
    wanted = [key(t.text) for t in tokenize(term) if t.text.lower() not in _SKIP]
    if not wanted or not all(index.has(w) or w.lower() in index.any_lower for w in wanted):
        where = "the article" if scope is None else f"paragraphs {scope}"
        raise Failed(f"term “{term}” not in {where}")


_SKIP = {w.lower() for w in NOT_NAMES} | CONNECTORS
_TERM_WORD = re.compile(r"[^\W\d_]{2,}")
