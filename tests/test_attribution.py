"""Quote finding and attribution, one news-style pattern at a time."""

from __future__ import annotations

import pytest

from bot.text.attribution import FoundQuote, find_quotes
from bot.text.parsed import Parsed
from bot.text.people import PersonIndex


def quotes(*paragraphs: str) -> list[FoundQuote]:
    parsed = Parsed.read(list(paragraphs))
    return find_quotes(parsed, PersonIndex(parsed))


def only(*paragraphs: str) -> FoundQuote:
    (found,) = quotes(*paragraphs)
    return found


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        ('"The barrier will be finished by 2028," said Ana Lopez.', "Ana Lopez"),
        ('"The barrier will be finished by 2028," Ana Lopez said.', "Ana Lopez"),
        ('Ana Lopez said: "The barrier will be finished by 2028."', "Ana Lopez"),
        ('Ana Lopez said that "the barrier will be finished by 2028".', "Ana Lopez"),
        ('Ana Lopez told reporters: "The barrier will be finished by 2028."', "Ana Lopez"),
        ('"The barrier will be finished by 2028," Ana Lopez added.', "Ana Lopez"),
        ('"The barrier will be finished by 2028," according to Ana Lopez.', "Ana Lopez"),
        (
            'According to Ana Lopez, the barrier "will be finished by 2028 at the latest".',
            "Ana Lopez",
        ),
        ('"The barrier will be finished by 2028," said Mayor Ana Lopez.', "Ana Lopez"),
        (
            '"The barrier will be finished by 2028," said Ana Lopez, the harbour master.',
            "Ana Lopez",
        ),
        (
            '"The barrier will be finished by 2028," said the harbour master, Ana Lopez.',
            "Ana Lopez",
        ),
        ('"The barrier will be finished by 2028," said council spokesman Jo Finch.', "Jo Finch"),
        (
            '"The barrier will be finished by 2028," said Ana Lopez who chairs the board.',
            "Ana Lopez",
        ),
        ('"The barrier will be finished by 2028," Dr. Ana Lopez, 54, said.', "Ana Lopez"),
        ('Mr. Lopez said: "The barrier will be finished by 2028."', "Mr. Lopez"),
        (
            'The Harbour Authority said that "the barrier will be finished by 2028".',
            "Harbour Authority",
        ),
        ('"The barrier will be finished by 2028," a spokeswoman said.', None),
        ('"The barrier will be finished by 2028," said one official in the town.', None),
        ('"The barrier will be finished by 2028," she said.', None),
    ],
)
def test_attribution_patterns(paragraph: str, speaker: str | None) -> None:
    found = only(paragraph)
    assert found.speaker == speaker
    assert found.text in paragraph


def test_quote_text_is_the_words_inside_the_marks_without_a_dangling_comma() -> None:
    found = only("“It is a door we can close,” said Ana Lopez.")
    assert found.text == "It is a door we can close"
    assert (found.paragraph, found.start, found.end) == (1, 1, 26)


def test_scare_quotes_and_titles_are_not_quotes() -> None:
    assert (
        quotes(
            'Critics called it a "vanity project" and a "white elephant".',
            'The plan is set out in a report called "The Future of the Harbour and Its Town".',
        )
        == []
    )


def test_pronoun_takes_the_person_named_in_the_previous_paragraph() -> None:
    found = quotes(
        "Councillor Peter Lindqvist, who leads the opposition, said the cost would rise.",
        '"We are being asked to sign a blank cheque," he said.',
    )
    assert [q.speaker for q in found] == ["Peter Lindqvist"]


def test_pronoun_is_not_resolved_from_further_back() -> None:
    found = quotes(
        "Councillor Peter Lindqvist said the cost would rise.",
        "The vote is due next month.",
        '"We are being asked to sign a blank cheque," he said.',
    )
    assert found[0].speaker is None


def test_pronoun_skips_people_of_the_other_gender_and_objects() -> None:
    found = quotes(
        "Prosecuting, Nadia Frost told the court that Mr Pettit had ignored three letters. "
        "\"His reply was, in full: 'It is fine, it has been fine for years,'\" she said."
    )
    assert found[0].speaker == "Nadia Frost"


def test_surname_is_shown_as_the_full_name_given_earlier() -> None:
    found = quotes(
        "The authority's chief executive, Daniel Reyes, presented the design.",
        '"This is not a wall. It is a door we can close," Mr Reyes said.',
    )
    assert found[0].speaker == "Daniel Reyes"


def test_two_people_with_one_surname_keep_the_surname_as_written() -> None:
    found = quotes(
        "Mark Meadows said he would retire. His wife, Debbie Meadows, runs a campaign group.",
        '"It was very discourteous to everybody else," Meadows said.',
    )
    assert found[0].speaker == "Meadows"


def test_second_quote_in_a_paragraph_takes_the_first_ones_speaker() -> None:
    found = quotes(
        '"We watched the water come up through the drains," said Margaret Okafor. '
        '"I lost the ovens, the stock and six weeks of trade."'
    )
    assert [q.speaker for q in found] == ["Margaret Okafor", "Margaret Okafor"]


def test_quote_continued_into_the_next_paragraph() -> None:
    found = quotes(
        'The council leader, Ruth Adeyemi, said: "Tonight we chose to act rather than wait.',
        '"The cost of doing nothing is already written on the walls of Quay Street."',
        '"We will publish every invoice, every single month, until it is finished."',
    )
    assert [(q.paragraph, q.speaker, q.closed) for q in found] == [
        (1, "Ruth Adeyemi", False),
        (2, "Ruth Adeyemi", True),
        (3, None, True),  # named two paragraphs up: the gate would not accept it, so None
    ]


def test_a_quote_that_ends_its_sentence_is_not_attributed_by_the_next_sentence() -> None:
    found = quotes('"The barrier is finished and it works well." Ana Lopez said nothing else.')
    assert found[0].speaker is None
    assert found[0].attributed is False


def test_names_inside_a_quote_are_never_speakers() -> None:
    found = quotes(
        '"Ana Lopez told us the barrier would work," the owner said. '
        '"Nobody believed her, and now look at the walls," she added.'
    )
    assert [q.speaker for q in found] == [None, None]


def test_accented_names() -> None:
    found = only('"The crews will get two days of notice," said Siân Pritchard.')
    assert found.speaker == "Siân Pritchard"
