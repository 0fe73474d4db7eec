"""Facts the review found unchecked: ordinals, "half", ordered pairs, dates, names opening a sentence."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.grounding.dates import calendar_words
from bot.grounding.facts import ArticleFacts
from bot.grounding.names import find_names
from bot.grounding.numbers import find_numbers, find_pairs
from bot.text.openers import word_bases
from tests.grounding_support import VOCABULARY, backed, load_article, names_in

# --- ordinals and "half" ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "ordinal"),
    [
        ("the fifth vote", "5", True),
        ("its Third reading", "3", True),
        ("the tenth year", "10", True),
        ("the 2nd vote", "2", True),
        ("half the council", "0.5", False),
    ],
)
def test_ordinals_and_half_are_numbers(text: str, value: str, ordinal: bool) -> None:
    (mention,) = find_numbers(text)
    assert mention.values == (Decimal(value),)
    assert mention.ordinal is ordinal
    assert not mention.ambiguous


@pytest.mark.parametrize(
    "text",
    [
        "at first",
        "First, the council met",
        "first-time buyers",
        "a third of residents",
        "half-time",
    ],
)
def test_ordinals_that_count_nothing_are_not_checked(text: str) -> None:
    assert all(m.ambiguous for m in find_numbers(text))


@pytest.mark.parametrize(
    ("item", "article", "found"),
    [
        ("fifth", "the fifth vote", True),
        ("fifth", "the 5th vote", True),
        ("5th", "the fifth vote", True),
        ("5th", "5 votes", True),  # "May 5th" for "May 5"
        ("fifth", "five votes", False),  # a rank is not a count
        ("third", "three votes", False),
        ("half", "half the cost", True),
        ("half", "a 50% share", False),
    ],
)
def test_ordinals_need_ordinals(item: str, article: str, found: bool) -> None:
    assert backed(item, article) is found


# --- ordered pairs and dates ------------------------------------------------------


def test_ordered_pairs_are_read_with_their_order() -> None:
    pairs = find_pairs("voted 7-2; 10\u201312 members; from 5 to 10 people")
    assert [(p.text, int(p.first), int(p.second)) for p in pairs] == [
        ("7-2", 7, 2),
        ("10\u201312", 10, 12),
        ("5 to 10", 5, 10),
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [("It passed 5-2.", True), ("It passed 2-5.", False), ("It passed 2 to 5.", False)],
)
def test_a_pair_reversed_from_the_cited_paragraph_is_not_found(text: str, found: bool) -> None:
    facts = ArticleFacts(load_article())
    pair = [f for f in facts.check(text, [1]) if "5" in f.text and "2" in f.text]
    assert [f.found for f in pair] == [found]  # one finding: the pair, not its two numbers
    if not found:
        assert pair[0].detail == "the article has 5-2"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("On Wednesday, in March, the council met.", ["wednesday", "march"]),
        ("It opens Oct. 3 and closes Sept 30.", ["october", "september"]),
        ("May we go? March organisers agreed.", []),  # words, not months
        ("May 5 was wet.", ["may"]),
        ("The Sun reported it, and they wed.", []),
    ],
)
def test_weekdays_and_months_in_text(text: str, names: list[str]) -> None:
    assert [w.name for w in calendar_words(text)] == names


def test_dates_must_be_somewhere_in_the_article_whatever_is_cited() -> None:
    facts = ArticleFacts(load_article())
    findings = facts.check("On Tuesday it was set for September, not Wednesday or October.", [2])
    assert [(f.kind, f.text, f.found) for f in findings] == [
        ("date", "Tuesday", True),
        ("date", "September", True),
        ("date", "Wednesday", False),
        ("date", "October", True),  # the article's "Oct. 3"
    ]


# --- names opening a sentence -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Smith backed the plan.", ["Smith"]),
        ("Siemens will build it.", ["Siemens"]),
        ("Hale backed it. Westbrook agreed.", ["Hale", "Westbrook"]),
        ("Officials backed the plan.", []),  # the article uses "officials"
        ("Councillors backed the plan.", []),  # a common opener
        ("Funding backed the plan.", []),  # shaped like a common word
        ("Construction begins soon.", []),
        ("Ultimately it passed.", []),
        ("We're told it passed.", []),  # even before a speech verb
        ("Everyone said it passed.", []),
        ("Stay-at-home parents objected.", []),
        ("Bradley backed the plan.", ["Bradley"]),  # a name's ending, not an adverb's
        ("Irving backed the plan.", ["Irving"]),
    ],
)
def test_unknown_words_opening_a_sentence_are_names_unless_common(
    text: str, expected: list[str]
) -> None:
    assert names_in(text) == expected


def test_openers_can_be_left_to_the_articles_own_reasons() -> None:
    assert [n.text for n in find_names("Smith backed it.", VOCABULARY, openers=False)] == []
    assert [n.text for n in find_names("Smith said so.", VOCABULARY, openers=False)] == ["Smith"]


def test_word_bases_join_simple_forms() -> None:
    assert {"vote"} <= word_bases("votes") & word_bases("voting")
    assert "plan" in word_bases("planned")
    assert "approve" in word_bases("approval")
    assert "city" in word_bases("cities")
