"""Holes a small real model found in the gate (issue 7's list), each closed and tested."""

from __future__ import annotations

import pytest

from bot.article.model import Article
from bot.briefs import EngineInfo, Explainer, SummaryPoint
from tests.grounding_support import gate_draft, plain

INFO = EngineInfo(engine="test")
STORY = Article(
    title="Lifeboat crew rescue two sailors",
    paragraphs=[
        "The lifeboat crew reached the yacht at the 50-second mark of the training drill.",
        "Two sailors were brought ashore at Kessa harbour on Sunday, the crew said.",
    ],
)


def test_a_number_word_inside_a_unit_never_backs_a_number() -> None:
    """ "second" in "50-second" is not a 2: a point saying "2 sailors" citing ¶1 fails."""
    point = SummaryPoint(text="The crew rescued 2 sailors in the drill.", paragraphs=[1])
    brief = gate_draft(STORY, INFO, summary=[point])
    assert plain(brief.summary) == []
    assert brief.dropped[0].reason.startswith("number 2 not in paragraphs [1]")


@pytest.mark.parametrize("term", ["2}, {", "1", "—", "}"])
def test_an_explainer_whose_term_is_debris_or_a_digit_is_dropped(term: str) -> None:
    junk = Explainer(term=term, text="A local man who says the harbour is unsafe.", background=True)
    brief = gate_draft(STORY, INFO, explainers=[junk])
    assert plain(brief.explainers) == []
    assert "is not a name or a phrase" in brief.dropped[0].reason


def test_a_real_background_term_from_the_article_is_still_kept() -> None:
    term = Explainer(
        term="lifeboat", text="A boat kept for rescues at sea.", paragraphs=[1], background=True
    )
    assert gate_draft(STORY, INFO, explainers=[term]).explainers != []
