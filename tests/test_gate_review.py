"""Holes a review found in the gate: each planted fabrication is dropped, true items are kept."""

from __future__ import annotations

import functools
import subprocess
import sys

import pytest

from bot.article.model import Article
from bot.briefs import Draft, Dropped, EngineInfo, Explainer, Quote, SummaryPoint
from bot.grounding.facts import ArticleFacts
from bot.grounding.gate import MAX_SUMMARY, Failed, check_facts, gate
from bot.grounding.quote_gate import QuoteGate, is_note
from tests.grounding_support import gate_draft, plain

ARTICLE = Article(
    title="Marlow approves flood barrier",
    paragraphs=[
        "The Marlow town council voted 7-2 on Tuesday to approve a $40 million flood "
        "barrier, Mayor Ana Lopez said.",
        "\u201cI do not think we should raise taxes for this,\u201d said councillor John Reed, "
        "responding to Mayor Lopez.",
        "Forty people attended the meeting, the third on the barrier this year. The barrier "
        "will be finished in 2030.",
        "Engineers from Harbour Works estimated the cost at 3 per cent of the annual budget. "
        "Half of it will come from a state grant.",
        "\u201cWe have held fares for eight years,\u201d Reed said. \u201cWe will never pass that "
        "cost on to riders, and I won\u2019t pretend otherwise.\u201d",
        "Residents can comment online until March 14 at the town hall website.",
    ],
)
INFO = EngineInfo(engine="test")
NO_TAX = "I do not think we should raise taxes for this"


run = functools.partial(gate_draft, ARTICLE, INFO)


def facts_reason(text: str, paragraphs: list[int]) -> str | None:
    """Why the gate's facts check (numbers, names, days) fails a point, or None: for
    points that test those rules alone, not whether their words are in the evidence."""
    try:
        check_facts(ARTICLE, ArticleFacts(ARTICLE), text, paragraphs)
    except Failed as failure:
        return str(failure)
    return None


def point_reason(text: str, paragraphs: list[int]) -> str | None:
    """Why the gate drops a summary point, or None when it keeps it."""
    brief = run(summary=[SummaryPoint(text=text, paragraphs=paragraphs)])
    if brief.summary:
        assert brief.dropped == []
        return None
    (dropped,) = brief.dropped
    assert (dropped.kind, dropped.text) == ("summary", text)
    return dropped.reason


# --- 1. repairs are listed -------------------------------------------------------------


def test_a_repaired_and_moved_quote_is_listed_and_still_kept() -> None:
    typed = "we have HELD fares for eight years"
    brief = run(quotes=[Quote(text=typed, speaker="Reed", paragraph=2)])
    assert brief.quotes == [
        Quote(text="We have held fares for eight years", speaker="Reed", paragraph=5)
    ]
    assert brief.dropped == [
        Dropped(
            kind="quote",
            text=typed,
            reason="repaired to the article's exact words: “We have held fares for eight "
            "years”; cited paragraph 2, found in paragraph 5",
        )
    ]
    assert all(is_note(d) for d in brief.dropped)


def test_typing_differences_are_not_repairs() -> None:
    typed = "\u201cWe have held fares for eight years.\u201d"
    brief = run(quotes=[Quote(text=typed, speaker="Reed", paragraph=5)])
    assert brief.quotes == [
        Quote(text="We have held fares for eight years", speaker="Reed", paragraph=5)
    ]
    assert brief.dropped == []


def test_a_duplicate_is_listed() -> None:
    brief = run(
        quotes=[
            Quote(text=NO_TAX, speaker="John Reed", paragraph=2),
            Quote(text=NO_TAX.replace("I do", "I  do"), speaker="Reed", paragraph=2),
        ]
    )
    assert len(brief.quotes) == 1
    assert brief.dropped == [
        Dropped(kind="quote", text=NO_TAX.replace("I do", "I  do"), reason="duplicate quote")
    ]


# --- 2. at most six summary points -------------------------------------------------------

TRUE_POINTS = [
    SummaryPoint(
        text="The Marlow town council approved a $40 million flood barrier, Mayor Ana Lopez said.",
        paragraphs=[1],
    ),
    SummaryPoint(text="The vote on Tuesday was 7-2, Mayor Lopez said.", paragraphs=[1]),
    SummaryPoint(
        text="Councillor John Reed said he did not think taxes should be raised for it.",
        paragraphs=[2],
    ),
    SummaryPoint(text="Forty people attended the meeting.", paragraphs=[3]),
    SummaryPoint(text="The barrier will be finished in 2030.", paragraphs=[3]),
    SummaryPoint(
        text="Engineers from Harbour Works estimated the cost at 3% of the budget.", paragraphs=[4]
    ),
    SummaryPoint(text="Half of it will come from a state grant.", paragraphs=[4]),
    SummaryPoint(text="Reed said fares have been held for eight years.", paragraphs=[5]),
]


def test_points_beyond_the_sixth_are_dropped() -> None:
    brief = run(summary=TRUE_POINTS)
    assert plain(brief.summary) == TRUE_POINTS[:MAX_SUMMARY]
    assert brief.dropped == [
        Dropped(kind="summary", text=p.text, reason="more than 6 summary points")
        for p in TRUE_POINTS[MAX_SUMMARY:]
    ]


def test_a_failed_point_does_not_count_towards_six() -> None:
    invented = SummaryPoint(text="The vote was 6-3.", paragraphs=[1])
    brief = run(summary=[invented, *TRUE_POINTS[:MAX_SUMMARY]])
    assert plain(brief.summary) == TRUE_POINTS[:MAX_SUMMARY]
    assert [d.text for d in brief.dropped] == [invented.text]


def test_fewer_than_three_points_are_left_alone() -> None:
    assert plain(run(summary=TRUE_POINTS[:2]).summary) == TRUE_POINTS[:2]


# --- 3. made-up names opening a sentence ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Smith backed the plan.", "Smith"),
        ("Siemens will build it.", "Siemens"),
        ("The plan passed. Hale backed it.", "Hale"),
        ("Microsoft's engineers will build it.", "Microsoft's"),
    ],
)
def test_an_invented_name_opening_a_sentence_is_dropped(text: str, name: str) -> None:
    assert point_reason(text, [1]) == f"name “{name}” not in paragraphs [1]"


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        ("Councillors approved the flood barrier 7-2.", [1]),
        ("Officials expect the barrier to be finished in 2030.", [3]),
        ("Residents can comment online until March 14.", [6]),
        ("Opponents said taxes should not rise.", [2]),
        ("Engineers put the cost at 3% of the budget.", [4]),
        ("Funding will partly come from a state grant.", [4]),
        ("Construction ends in 2030.", [3]),
        ("Attendance reached forty people.", [3]),
        ("Approval came on Tuesday.", [1]),
        ("Critics fear higher taxes.", [2]),
        ("Riders will not pay more, Reed said.", [5]),
        ("Ultimately, the council backed the barrier.", [1]),
        ("Taxpayers may still face costs.", [2]),
        ("Flooding prompted the barrier plan.", [1]),
        ("Nobody voted to raise fares.", [5]),
        ("Lopez announced the 7-2 vote.", [1]),
    ],
)
def test_common_words_opening_a_point_are_not_taken_for_names(
    text: str, paragraphs: list[int]
) -> None:
    assert facts_reason(text, paragraphs) is None


def test_an_invented_name_opening_an_explainer_is_dropped() -> None:
    explainer = Explainer(
        term="Harbour Works", text="Siemens owns the firm.", paragraphs=[4], background=True
    )
    (dropped,) = run(explainers=[explainer]).dropped
    assert dropped.reason == "name “Siemens” not in the article"


# --- 4. the speaker the article gives ------------------------------------------------------


@pytest.mark.parametrize(
    ("speaker", "paragraph"),
    [("Ana Lopez", 2), ("Mayor Lopez", 2), ("Lopez", 2), ("Ana Lopez", 5)],
)
def test_a_speaker_merely_mentioned_nearby_is_dropped(speaker: str, paragraph: int) -> None:
    text = NO_TAX if paragraph == 2 else "We have held fares for eight years"
    brief = run(quotes=[Quote(text=text, speaker=speaker, paragraph=paragraph)])
    assert [q.speaker for q in brief.quotes] == [None]
    assert brief.dropped == [
        Dropped(
            kind="speaker",
            text=speaker,
            reason="the article attributes this quote to John Reed; not guessed",
        )
    ]


@pytest.mark.parametrize("speaker", ["John Reed", "Reed", "councillor John Reed", "Mr Reed"])
def test_the_attributed_speaker_is_kept_however_named(speaker: str) -> None:
    brief = run(quotes=[Quote(text=NO_TAX, speaker=speaker, paragraph=2)])
    assert [q.speaker for q in brief.quotes] == [speaker]
    assert brief.dropped == []


def test_accents_do_not_make_a_different_speaker() -> None:
    article = Article(
        paragraphs=[
            "The harbour master, Siân Pritchard, spoke after the vote with Mayor Lopez.",
            "\u201cWe will open the barrier only in a storm,\u201d said Siân Pritchard.",
        ]
    )
    text = "We will open the barrier only in a storm"
    for speaker, kept in [("Sian Pritchard", "Sian Pritchard"), ("Mayor Lopez", None)]:
        brief = gate(article, Draft(quotes=[Quote(text=text, speaker=speaker, paragraph=2)]), INFO)
        assert [q.speaker for q in brief.quotes] == [kept]


def test_the_attribution_parser_runs_only_for_quotes_with_speakers() -> None:
    checker = QuoteGate(ARTICLE)
    checker.check(Quote(text=NO_TAX, paragraph=2))
    assert not checker.attributions.loaded
    checker.check(Quote(text=NO_TAX, speaker="Reed", paragraph=2))
    assert checker.attributions.loaded


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("bot.grounding.gate", ("bot.engines", "bot.slack", "bot.render")),
        ("bot.grounding.verify", ("bot.engines", "bot.slack", "bot.render")),
        ("bot.text.attribution", ("bot.engines", "bot.grounding", "bot.slack", "bot.article")),
    ],
)
def test_lower_layers_never_import_higher_ones(module: str, forbidden: tuple[str, ...]) -> None:
    code = (
        f"import sys, {module}; "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('bot.'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = result.stdout.split()
    assert module in loaded
    assert [m for m in loaded if m.startswith(forbidden)] == []


# --- 5. cut-down quotes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        (
            "we should raise taxes for this",
            "cut from a longer quotation right after “I do not think”: "
            "on its own it can say the opposite",
        ),
        (
            "raise taxes for this",
            "cut from a longer quotation right after “I do not think we should”: "
            "on its own it can say the opposite",
        ),
        (
            "pass that cost on to riders",
            "cut from a longer quotation right after “We will never”: "
            "on its own it can say the opposite",
        ),
        (
            "pretend otherwise",  # after a curly "won’t"
            "cut from a longer quotation right after “and I won't”: "
            "on its own it can say the opposite",
        ),
        ("not", "fewer than 2 words: too short to quote on its own"),
        ("\u201cthink\u201d", "fewer than 2 words: too short to quote on its own"),
    ],
)
def test_a_quote_cut_after_a_negation_or_too_short_is_dropped(typed: str, reason: str) -> None:
    brief = run(quotes=[Quote(text=typed, speaker="Reed", paragraph=5)])
    assert brief.quotes == []
    assert brief.dropped == [Dropped(kind="quote", text=typed, reason=reason)]


@pytest.mark.parametrize(
    ("typed", "paragraph"),
    [
        ("We have held fares", 5),  # cut at the end: the words before it are kept
        ("We will never pass that cost on to riders", 5),  # the negation is inside
        ("held fares for eight years", 5),  # cut after "We have"
        ("I do not think", 2),
    ],
)
def test_fair_partial_quotes_are_kept(typed: str, paragraph: int) -> None:
    brief = run(quotes=[Quote(text=typed, paragraph=paragraph)])
    assert brief.quotes == [Quote(text=typed, paragraph=paragraph)]
    assert brief.dropped == []


# --- 6. ordered pairs ----------------------------------------------------------------------


@pytest.mark.parametrize("vote", ["2-7", "2\u20137", "2 to 7"])
def test_a_reversed_vote_is_dropped(vote: str) -> None:
    reason = point_reason(f"The council voted {vote} for the barrier.", [1])
    assert reason == f"number {vote} not in paragraphs [1] (the article has 7-2)"


@pytest.mark.parametrize("vote", ["7-2", "7\u20132", "7 to 2", "seven to two"])
def test_the_vote_in_its_order_is_kept(vote: str) -> None:
    assert facts_reason(f"The council voted {vote} for the barrier.", [1]) is None


# --- 7. days, months, ordinals, "half" -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "paragraphs", "reason"),
    [
        ("On Wednesday the council voted 7-2.", [1], "date “Wednesday” not in the article"),
        ("Comments close in April.", [6], "date “April” not in the article"),
        ("It was the fifth meeting on the barrier.", [3], "number fifth not in paragraphs [3]"),
        ("It was the 5th meeting on the barrier.", [3], "number 5th not in paragraphs [3]"),
        ("Half the council voted no.", [1], "number Half not in paragraphs [1]"),
        ("Reed spoke first, opposing higher taxes.", [2], "number first not in paragraphs [2]"),
    ],
)
def test_wrong_days_months_ordinals_and_halves_are_dropped(
    text: str, paragraphs: list[int], reason: str
) -> None:
    assert point_reason(text, paragraphs) == reason


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        ("On Tuesday, the council approved the barrier.", [1]),
        ("Comments close on March 14.", [6]),
        ("The council voted on Tuesday; people can comment until March 14.", [1, 6]),
        ("It was the council's third meeting on the barrier.", [3]),
        ("Half of the cost will come from a state grant.", [4]),
        ("At first, Reed objected to higher taxes.", [2]),
    ],
)
def test_true_days_months_ordinals_and_halves_are_kept(text: str, paragraphs: list[int]) -> None:
    assert facts_reason(text, paragraphs) is None


def test_a_day_is_checked_against_the_whole_article_in_an_explainer() -> None:
    kept = Explainer(
        term="John Reed",
        text="A councillor who responded to Mayor Lopez on Tuesday.",
        paragraphs=[1, 2],
    )
    wrong = kept.model_copy(update={"text": "A councillor who responded to Mayor Lopez on Friday."})
    brief = run(explainers=[kept, wrong])
    assert plain(brief.explainers) == [kept]
    assert [d.reason for d in brief.dropped] == ["date “Friday” not in the article"]


# --- 8. numbers inside a quote left open ---------------------------------------------------


def test_a_number_in_an_unclosed_quote_needs_the_cited_paragraph() -> None:
    text = "The barrier's cost was put at \u201c$40 million"
    assert point_reason(text, [3]) == "number $40 million not in paragraphs [3]"
    assert facts_reason(text, [1]) is None
