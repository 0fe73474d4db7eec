"""Evidence is found like a quote, widened to whole sentences, and is what an item cites."""

from __future__ import annotations

from bot.article.model import Article
from bot.briefs import Draft, EngineInfo, Evidence, SummaryPoint
from bot.grounding.evidence import EvidenceFinder
from bot.grounding.gate import gate
from bot.grounding.quote_gate import is_note

ARTICLE = Article(
    title="Council budget",
    paragraphs=[
        "The council met on Tuesday. It is not true that the council will approve the budget, "
        "the mayor said.",
        "Residents packed the hall for the meeting, which ran for three hours.",
        "The council approved a new bus route — the first in a decade — after a long debate.",
    ],
)
INFO = EngineInfo(engine="test")


def test_a_fragment_is_widened_to_its_sentence_so_a_cut_off_not_still_counts() -> None:
    fragment = Evidence(text="the council will approve the budget", paragraph=1)
    (found,) = EvidenceFinder(ARTICLE).locate_all([fragment])[0]
    assert found.text.startswith("It is not true that")
    point = SummaryPoint(text="The council will approve the budget.", evidence=[fragment])
    brief = gate(ARTICLE, Draft(summary=[point]), INFO)
    assert brief.summary == []
    assert brief.dropped[0].reason.startswith(("negation", "attribution"))


def test_evidence_cited_in_the_wrong_paragraph_is_found_and_the_move_noted() -> None:
    sentence = "Residents packed the hall for the meeting, which ran for three hours."
    point = SummaryPoint(
        text="Residents packed the hall for the three-hour meeting.",
        evidence=[Evidence(text=sentence, paragraph=3)],
    )
    brief = gate(ARTICLE, Draft(summary=[point]), INFO)
    assert [p.paragraphs for p in brief.summary] == [[2]]  # it cites where the evidence is
    assert [d.reason for d in brief.dropped] == [
        "cited paragraph 3; its evidence is in paragraph 2"
    ]
    assert all(is_note(d) for d in brief.dropped)


def test_evidence_folds_only_whitespace_quote_marks_and_dashes() -> None:
    typed = Evidence(
        text="The council approved a new bus route -- the first in a decade", paragraph=3
    )
    (found,), _ = EvidenceFinder(ARTICLE).locate_all([typed])
    assert found.text == ARTICLE.paragraphs[2]  # the article's exact words come back
    reworded = Evidence(text="The council approved a new bus line", paragraph=3)
    point = SummaryPoint(text="The council approved a bus route.", evidence=[reworded])
    brief = gate(ARTICLE, Draft(summary=[point]), INFO)
    assert brief.summary == []
    assert "is not in paragraph 3" in brief.dropped[0].reason


def test_a_point_without_evidence_is_dropped_with_the_reason() -> None:
    point = SummaryPoint(text="The council met on Tuesday.", paragraphs=[1])
    brief = gate(ARTICLE, Draft(summary=[point]), INFO)
    assert brief.summary == []
    assert brief.dropped[0].reason == "no evidence: the item names no sentence of the article"
