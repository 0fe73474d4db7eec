"""`verify --claims`: which sentences of a draft the article supports.

    check_claims(article, draft_text) -> list[ClaimCheck]

Every sentence of the draft's body (headings are skipped) is judged the way the
gate judges a summary point, except that the draft names no evidence: the
article's sentences that share most content words with it are tried
(`EvidenceFinder.best`), and the sentence is supported when one of them, or the
best two together, says all it says (`bot.grounding.support`) and its numbers
and names are in the article (`bot.grounding.facts`). A sentence that is only a
quotation is judged as a quotation: verbatim, or unsupported.
"""

from __future__ import annotations

from bot.article.body import split_title_label
from bot.article.model import Article
from bot.grounding.evidence import EvidenceFinder, Found
from bot.grounding.facts import ArticleFacts, mask_quotations
from bot.grounding.plaintext import draft_units
from bot.grounding.support import Verdict, check_support
from bot.grounding.verify import ClaimCheck, check_quote
from bot.text.normalize import quoted_spans
from bot.text.sentences import sentence_spans

__all__ = ["ClaimCheck", "check_claims"]

_CANDIDATES = 3
_ONLY_QUOTE = 0.8
"""A sentence this much inside quotation marks is a quotation, judged as one."""


def check_claims(article: Article, draft_text: str) -> list[ClaimCheck]:
    finder = EvidenceFinder(article)
    facts = ArticleFacts(article, extra=[article.title, article.byline, article.published])
    checks: list[ClaimCheck] = []
    for unit in draft_units(draft_text):
        if unit.heading:
            continue
        text, _ = split_title_label(unit.text)
        for start, end in sentence_spans(text):
            sentence = text[start:end].strip()
            if sentence:
                checks.append(_check(article, finder, facts, sentence))
    return checks


def _check(
    article: Article, finder: EvidenceFinder, facts: ArticleFacts, sentence: str
) -> ClaimCheck:
    spans = quoted_spans(sentence)
    found: list[int] = []
    for span in spans:
        quoted = check_quote(article, span.text)
        if quoted.status != "verbatim":
            where = [quoted.paragraph] if quoted.paragraph else []
            why = "altered" if quoted.status == "altered" else "not in the article"
            return _unsupported(sentence, f"quote “{span.text}” is {why}", where)
        if quoted.paragraph:
            found.append(quoted.paragraph)
    inside = sum(s.end - s.start for s in spans)
    if spans and inside >= _ONLY_QUOTE * len(sentence.strip(" .,;:")):
        paragraphs = found
        return ClaimCheck(
            text=sentence, status="supported", reason="a verbatim quotation", paragraphs=paragraphs
        )
    missing = [f for f in facts.check(mask_quotations(sentence, spans)) if not f.found]
    if missing:
        what = ", ".join(f"“{f.text}”" for f in missing)
        return _unsupported(sentence, f"{what} not in the article", [])
    candidates = finder.best(sentence, limit=_CANDIDATES)
    if not candidates:
        return _unsupported(sentence, "nothing in the article says this", [])
    tries: list[list[Found]] = [[c] for c in candidates] + [candidates[:2]]
    first: tuple[Verdict, list[Found]] | None = None
    for evidence in tries:
        verdict = check_support(
            sentence,
            [f.text for f in evidence],
            context=[article.paragraph(f.paragraph) for f in evidence],
        )
        paragraphs = sorted({f.paragraph for f in evidence})
        if verdict.supported:
            return ClaimCheck(
                text=sentence,
                status="supported",
                reason="the article says this",
                paragraphs=paragraphs,
            )
        first = first or (verdict, evidence)
    verdict, evidence = first or (Verdict(False, "nothing in the article says this"), [])
    return _unsupported(sentence, verdict.reason, sorted({f.paragraph for f in evidence}))


def _unsupported(sentence: str, reason: str, paragraphs: list[int]) -> ClaimCheck:
    return ClaimCheck(text=sentence, status="unsupported", reason=reason, paragraphs=paragraphs)
