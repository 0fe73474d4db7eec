"""The editorial failures an editor found, each reproduced with text written for it.

One test (or a few) per failure: pasted text that collapsed into one paragraph, a
quote credited to the wrong person, false or junk explainers, opinion stated as
fact, a summary that misses the story, `verify` passing a wrong score, and the
console script's usage.
"""

from __future__ import annotations

from bot.article.model import Article
from bot.article.plaintext import article_from_text
from bot.briefs import EngineInfo, Quote
from tests.grounding_support import gate_draft

INFO = EngineInfo(engine="test")


def article(*paragraphs: str, **fields: object) -> Article:
    return Article(paragraphs=list(paragraphs), **fields)  # type: ignore[arg-type]


# --- 1. pasted text ----------------------------------------------------------------------


def test_single_newline_text_keeps_its_paragraphs_and_drops_the_subhead() -> None:
    pasted = article_from_text(
        "Title here\nFirst para ends with a sentence.\nA subhead\nSecond para ends here.\n"
    )
    assert pasted.title == "Title here"
    assert pasted.paragraphs == ["First para ends with a sentence.", "Second para ends here."]


# --- 2. speakers -------------------------------------------------------------------------

BECK = "“We were told it would be finished by spring,” Tom Beck said."
NAND = (
    "Priya Nand, who chairs the Harbour Residents' Association, noted the cost. "
    "“Show us the audit first,” she said."
)


def test_the_gate_drops_a_speaker_the_article_does_not_credit_though_named_nearby() -> None:
    story = article(BECK, NAND)
    brief = gate_draft(
        story, INFO, quotes=[Quote(text="Show us the audit first", speaker="Tom Beck", paragraph=2)]
    )
    assert brief.quotes[0].speaker is None
    assert "attributes this quote to Priya Nand" in brief.dropped[0].reason


def test_the_gate_keeps_the_speaker_the_article_credits() -> None:
    story = article(BECK, NAND)
    brief = gate_draft(
        story,
        INFO,
        quotes=[Quote(text="Show us the audit first", speaker="Priya Nand", paragraph=2)],
    )
    assert brief.quotes[0].speaker == "Priya Nand"
    assert brief.dropped == []


def test_the_gate_shows_no_speaker_where_the_pronoun_is_ambiguous() -> None:
    story = article(
        "Detective Inspector Ruth Cole said the driver had fled. Mark Dale, 40, was arrested.",
        "“He did not stop to help anyone at all,” she said.",
    )
    claimed = Quote(text="He did not stop to help anyone at all", speaker="Mark Dale", paragraph=2)
    brief = gate_draft(story, INFO, quotes=[claimed])
    assert brief.quotes[0].speaker is None
    assert "ambiguous" in brief.dropped[0].reason
