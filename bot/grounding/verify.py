"""`verify`: check any draft (a reporter's or an AI's) against the article it is about.

    verify(article, draft_text) -> VerifyReport      # `python -m bot verify ARTICLE DRAFT`

Every passage in double quotes is `verbatim` (in the article, up to the folding
in `bot.text.normalize`; "..." may mark words left out, but never a
negation: "I do ... think" for "I do not think" is altered), `altered` (the
closest article passage is shown, in its exact words) or `not_found`. Every
number, proper name, weekday and month outside quotation marks must appear
somewhere in the article (`bot.grounding.facts`; a lone capitalised word opening
a label or table cell of one or two words is not taken for a name). Weekdays
and months are listed with the names, a reversed pair ("2-7" where the article
has "7-2") with the numbers. `ok` means nothing was altered, missing or
unsupported. The JSON shape of `VerifyReport` is a public contract (`verify
--json`); `render_verify_report` is the same report for people.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.article.body import split_title_label
from bot.article.model import Article
from bot.grounding.facts import ArticleFacts, mask_quotations
from bot.grounding.negation import negation_before, negator_in
from bot.grounding.plaintext import Unit, draft_units, is_title_case
from bot.grounding.quotes import Located, closest_passage, find_all, quote_core
from bot.text.normalize import quoted_spans

QuoteStatus = Literal["verbatim", "altered", "not_found"]
FactStatus = Literal["found", "not_found"]


class QuoteCheck(BaseModel):
    """A quoted passage of the draft; `article_text` and `paragraph`: where the article has it."""

    model_config = ConfigDict(frozen=True)

    text: str
    status: QuoteStatus
    article_text: str | None = None
    paragraph: int | None = None


class FactCheck(BaseModel):
    """A number or name of the draft and whether the article has it."""

    model_config = ConfigDict(frozen=True)

    text: str
    status: FactStatus


ClaimStatus = Literal["supported", "unsupported"]


class ClaimCheck(BaseModel):
    """One sentence of the draft (`verify --claims`, `bot.grounding.claims`): supported or
    not, why, and the paragraphs it was checked against."""

    model_config = ConfigDict(frozen=True)

    text: str
    status: ClaimStatus
    reason: str
    paragraphs: list[int]


class VerifyReport(BaseModel):
    ok: bool
    quotes: list[QuoteCheck]
    numbers: list[FactCheck]
    names: list[FactCheck]
    claims: list[ClaimCheck] | None = None
    """Only with `--claims`; absent from the JSON otherwise."""

    def with_claims(self, claims: list[ClaimCheck]) -> VerifyReport:
        """This report with its draft's sentences judged; not ok when any is unsupported."""
        ok = self.ok and all(c.status == "supported" for c in claims)
        return self.model_copy(update={"claims": claims, "ok": ok})

    def as_json(self) -> dict[str, object]:
        data = self.model_dump(mode="json")
        if self.claims is None:
            del data["claims"]
        return data

    @classmethod
    def of(
        cls, quotes: list[QuoteCheck], numbers: list[FactCheck], names: list[FactCheck]
    ) -> VerifyReport:
        """A report whose `ok` agrees with its items."""
        ok = all(q.status == "verbatim" for q in quotes) and all(
            f.status == "found" for f in [*numbers, *names]
        )
        return cls(ok=ok, quotes=quotes, numbers=numbers, names=names)


def verify(article: Article, draft_text: str) -> VerifyReport:
    """Check every quotation, number and name of `draft_text` against `article`."""
    facts = ArticleFacts(article, extra=[article.title, article.byline, article.published])
    quotes: dict[str, QuoteCheck] = {}
    numbers: dict[str, FactCheck] = {}
    names: dict[str, FactCheck] = {}
    for raw in draft_units(draft_text):
        unit = _without_desk_label(raw)
        spans = quoted_spans(unit.text)
        for span in spans:
            if span.text not in quotes:
                quotes[span.text] = check_quote(article, span.text)
        check_names = not (unit.heading and is_title_case(unit.text))
        openers = len(unit.text.split()) >= _MIN_SENTENCE_WORDS
        masked = mask_quotations(unit.text, spans)
        for finding in facts.check(masked, names=check_names, openers=openers):
            table = numbers if finding.kind == "number" else names
            status: FactStatus = "found" if finding.found else "not_found"
            if table.get(finding.text, FactCheck(text="", status="found")).status == "found":
                table[finding.text] = FactCheck(text=finding.text, status=status)
    return VerifyReport.of(list(quotes.values()), list(numbers.values()), list(names.values()))


def _without_desk_label(unit: Unit) -> Unit:
    """ "Analysis: a split council" is checked as "a split council": a label is not a name."""
    text, label = split_title_label(unit.text)
    return unit if label is None else Unit(text, heading=unit.heading)


_MIN_SENTENCE_WORDS = 3
_ELLIPSIS_RE = re.compile(r"\s*(?:\.\s?\.\s?\.|\u2026)\s*")


def check_quote(article: Article, text: str) -> QuoteCheck:
    """Verbatim, altered (with the article's closest words) or not found.

    Words left out ("…") must not include a negation: the article's whole
    passage is shown as what it says.
    """
    marked = _ELLIPSIS_RE.sub(" \u2026 ", text).strip()
    core = quote_core(marked.strip(" \u2026"))
    found = _find_with_omissions(article, core) if core else None
    if found is not None:
        located, omitted = found
        paragraph = article.paragraph(located.paragraph)
        lost = any(negator_in(gap) for gap in omitted) or (
            marked.startswith("\u2026") and negation_before(paragraph, located.start) is not None
        )
        status: QuoteStatus = "altered" if lost else "verbatim"
        return QuoteCheck(
            text=text, status=status, article_text=located.text, paragraph=located.paragraph
        )
    close = closest_passage(article, core or text)
    if close is not None:
        return QuoteCheck(
            text=text, status="altered", article_text=close.text, paragraph=close.paragraph
        )
    return QuoteCheck(text=text, status="not_found")


def _find_with_omissions(article: Article, text: str) -> tuple[Located, list[str]] | None:
    """The passage holding every part of `text` in order, in one paragraph, and the words left out.

    Parts are separated by "…", a journalist's mark for words left out.
    """
    parts = [quote_core(p) for p in text.split("\u2026")]
    parts = [p for p in parts if p]
    if not parts:
        return None
    for number, paragraph in enumerate(article.paragraphs, 1):
        located = _in_order(paragraph, parts)
        if located is not None:
            start, end, omitted = located
            return Located(number, start, end, paragraph[start:end]), omitted
    return None


def _in_order(paragraph: str, parts: list[str]) -> tuple[int, int, list[str]] | None:
    start: int | None = None
    position = 0
    omitted: list[str] = []
    for part in parts:
        found = next((m for m in find_all(part, paragraph) if m.start >= position), None)
        if found is None:
            return None
        if start is not None:
            omitted.append(paragraph[position : found.start])
        start = found.start if start is None else start
        position = found.end
    return (start, position, omitted) if start is not None else None


_LABELS = {"verbatim": "ok", "altered": "ALTERED", "not_found": "NOT FOUND", "found": "ok"}


def render_verify_report(report: VerifyReport) -> str:
    """The report as plain text for a terminal: problems first in each section."""
    problems = [q for q in report.quotes if q.status != "verbatim"]
    missing = [f for f in [*report.numbers, *report.names] if f.status == "not_found"]
    unsupported = [c for c in report.claims or [] if c.status == "unsupported"]
    if report.ok:
        lines = ["Draft check: no problems found.", ""]
    else:
        count = len(problems) + len(missing) + len(unsupported)
        lines = [f"Draft check: {count} problem{'s' if count != 1 else ''} found.", ""]
    lines.append("Quotes:")
    for quote in sorted(report.quotes, key=lambda q: q.status == "verbatim"):
        where = f" (paragraph {quote.paragraph})" if quote.paragraph else ""
        shown = where if quote.status == "verbatim" else ""
        lines.append(f"  {_LABELS[quote.status]:<10}“{quote.text}”{shown}")
        if quote.status == "altered":
            lines.append(f"  {'':<10}the article says{where}: “{quote.article_text}”")
        elif quote.status == "not_found":
            lines.append(f"  {'':<10}no such words in the article")
    if not report.quotes:
        lines.append("  (none)")
    for title, items in (("Numbers", report.numbers), ("Names", report.names)):
        lines += ["", f"{title}:"]
        for fact in sorted(items, key=lambda f: f.status == "found"):
            note = "" if fact.status == "found" else "  (not in the article)"
            lines.append(f"  {_LABELS[fact.status]:<10}{fact.text}{note}")
        if not items:
            lines.append("  (none)")
    if report.claims is not None:
        lines += ["", "Claims:"]
        for claim in report.claims:
            where = f" [{', '.join(f'¶{n}' for n in claim.paragraphs)}]" if claim.paragraphs else ""
            label = "ok" if claim.status == "supported" else "UNSUPPORTED"
            lines.append(f"  {label:<12}{claim.text}{where}")
            if claim.status == "unsupported":
                lines.append(f"  {'':<12}{claim.reason}")
        if not report.claims:
            lines.append("  (none)")
    return "\n".join(lines) + "\n"
