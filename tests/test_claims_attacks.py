"""Claims an attacker writes so that every word is in the cited sentence, but the meaning is
not: each must be dropped by the support check, with the check that caught it named.

(Found by a review of the gate; the claims sets in `tests/fixtures/claims*` measure the
rate, these pin each hole shut.)"""

from __future__ import annotations

import pytest

from bot.article.model import Article
from bot.briefs import Draft, EngineInfo, Evidence, SummaryPoint
from bot.grounding.gate import gate
from bot.grounding.support import check_support

ATTACKS = [
    (
        "The treasurer stole the charity's money.",
        "The treasurer was cleared of stealing the charity's money.",
        "",
    ),
    (
        "The treasurer stole money.",
        "The treasurer is accused of stealing money.",
        "certainty added",
    ),
    ("The treasurer stole money.", "The treasurer was acquitted of stealing money.", "negation"),
    ("Police arrested the treasurer.", "The treasurer arrested police.", "wrong actor"),
    ("Smith sued Jones.", "Later, Jones sued Smith.", "wrong actor"),
    ("The unit closed the hospital.", "The hospital closed the unit.", "wrong actor"),
    ("The mayor vetoed the plan.", "The council vetoed the mayor's plan.", "wrong actor"),
    (
        "The council did not approve the plan and raised taxes.",
        "The council approved the plan and did not raise taxes.",
        "negation",
    ),
    (
        "The council approved the budget.",
        "The council approved the budget, officials claim.",
        "attribution",
    ),
    (
        "The council approved the budget.",
        "Critics say the council approved the budget.",
        "attribution",
    ),
    (
        "The council approved the budget.",
        "According to residents, the council approved the budget.",
        "attribution",
    ),
    (
        "The council approved the budget.",
        "The council may approve the budget next month.",
        "certainty added",
    ),
    (
        "The council approved the budget.",
        "The council has yet to approve the budget.",
        "certainty added",
    ),
    (
        "The council approved the budget.",
        "The council was urged to approve the budget.",
        "certainty added",
    ),
    (
        "The council approved the budget.",
        "The council has been asked to approve the budget.",
        "certainty added",
    ),
    ("The council approved the budget.", "Did the council approve the budget?", "certainty added"),
    (
        "The council approved the budget.",
        "If the council approved the budget, taxes would rise.",
        "condition",
    ),
    (
        "The council approved the budget.",
        "Rumours that the council approved the budget were false.",
        "negation",
    ),
    ("The council approved the budget.", "The council denied it approved the budget.", "negation"),
    (
        "The council voted to cancel the bus service.",
        "The council voted to fund the bus service.",
        "contradicts",
    ),
    ("Prices rose sharply.", "Prices fell sharply in March.", "contradicts"),
    ("All staff were sacked.", "Some staff were sacked.", "unsupported"),
    ("The teacher was fired.", "The fire destroyed the teacher's car.", "unsupported"),
    ("The manager was sacked.", "The manager filled a sack with leaves.", "unsupported"),
    (
        "The mayor has resigned over the scandal.",
        "Mayor Ana Ruiz faced questions over the scandal.",
        "unsupported",
    ),
    (
        "Every item is checked against the article.",
        "The council voted to fund the bus service.",
        "instruction echo",
    ),
    ("Mr Marsh repaid £12,000.", "Mr Marsh's barrister said he had gambling debts.", "number"),
]


@pytest.mark.parametrize(("claim", "evidence", "check"), ATTACKS, ids=[a[0][:40] for a in ATTACKS])
def test_an_attack_is_dropped_by_the_check_that_should_catch_it(
    claim: str, evidence: str, check: str
) -> None:
    verdict = check_support(claim, [evidence])
    assert not verdict.supported
    assert verdict.reason.startswith(check), verdict.reason


def test_an_explainer_is_not_its_subjects_reported_speech() -> None:
    """ "Karen Holt: The board resigned." is what Holt said, not who she is."""
    said = "Karen Holt said that the board resigned."
    assert not check_support(
        "The board resigned.", [said], tags=False, subject="Karen Holt"
    ).supported
    title = "Chief Executive Karen Holt said profits rose."
    assert check_support("Chief Executive", [title], tags=False, subject="Karen Holt").supported


def test_the_same_claims_honestly_sourced_are_kept() -> None:
    """The controls: what each attack would be if it said only what the evidence says."""
    kept = [
        ("The council vetoed the mayor's plan.", "The council vetoed the mayor's plan."),
        (
            "Officials claim the council approved the budget.",
            "The council approved the budget, officials claim.",
        ),
        (
            "The council may approve the budget next month.",
            "The council may approve the budget next month.",
        ),
        (
            "The treasurer is accused of stealing money.",
            "The treasurer is accused of stealing money.",
        ),
        ("Reyes stepped down on Friday.", "Daniel Reyes resigned on Friday."),
        ("The plan was vetoed by the council.", "The council vetoed the mayor's plan."),
    ]
    for claim, evidence in kept:
        assert check_support(claim, [evidence]).supported, claim


@pytest.mark.parametrize("text", ["...", "—", "?!", "🙂", ""])
def test_an_item_without_words_is_dropped_not_a_crash(text: str) -> None:
    """A model's "..." used to crash the tokeniser and take the whole brief down."""
    evidence = "The council approved the plan."
    assert not check_support(text, [evidence]).supported
    article = Article(title="Plan approved", paragraphs=[evidence])
    point = SummaryPoint(text=text, evidence=[Evidence(text=evidence, paragraph=1)])
    brief = gate(article, Draft(summary=[point]), EngineInfo(engine="test"))
    assert brief.summary == []
    assert len(brief.dropped) == 1
