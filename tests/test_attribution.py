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
        ('"The barrier will be finished by 2028," a spokeswoman said.', "a spokeswoman"),
        (
            '"The barrier will be finished by 2028," said one official in the town.',
            "one official in the town",
        ),
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
    assert [q.speaker for q in found] == ["the owner", None]


def test_accented_names() -> None:
    found = only('"The crews will get two days of notice," said Siân Pritchard.')
    assert found.speaker == "Siân Pritchard"


# --- the traps an editor checks (issue: right speakers) ------------------------------------


def test_a_name_with_a_who_clause_is_the_person_a_pronoun_refers_to() -> None:
    found = quotes(
        "“We were told it would be finished by spring,” Tom Beck said.",
        "Priya Nand, who chairs the Harbour Residents' Association, noted the cost. "
        "“Show us the audit first,” she said.",
    )
    assert [q.speaker for q in found] == ["Tom Beck", "Priya Nand"]


def test_a_surname_after_a_who_clause_names_the_full_person() -> None:
    found = quotes(
        "“We were told it would be finished by spring,” Tom Beck said.",
        "Priya Nand, who chairs the Harbour Residents' Association, noted the cost. "
        "“Show us the audit before anything else,” Nand said.",
    )
    assert [q.speaker for q in found] == ["Tom Beck", "Priya Nand"]


def test_a_pronoun_between_a_speaker_and_a_nearer_non_speaker_is_left_unnamed() -> None:
    found = quotes(
        "Detective Inspector Ruth Cole said the driver had fled. Mark Dale, 40, was arrested.",
        "“He did not stop to help anyone at all,” she said.",
    )
    assert [q.speaker for q in found] == [None]


def test_an_open_quote_takes_the_speaker_of_its_continuation() -> None:
    found = quotes(
        "Mayor Ana Lopez spoke first. “We have waited ten years for this money and we will "
        "spend it well.",
        "“Nobody should doubt that the works will start in May,” she said.",
    )
    assert [q.speaker for q in found] == ["Ana Lopez", "Ana Lopez"]


@pytest.mark.parametrize(
    "paragraph",
    [
        "“We will be reviewing the judgment carefully,” a spokesperson for the "
        "prosecutor's office said.",
        "“We will be reviewing the judgment carefully,” said a spokesperson for the "
        "prosecutor's office.",
    ],
)
def test_an_unnamed_speaker_is_shown_as_the_article_describes_them(paragraph: str) -> None:
    assert only(paragraph).speaker == "a spokesperson for the prosecutor's office"


def test_a_description_after_a_stacked_appositive_belongs_to_the_person() -> None:
    found = quotes(
        "Lena Ortiz, a senior adviser at the Treasury, a former banker, said the plan was "
        "sound. “The numbers add up for the first time in years,” she said."
    )
    assert [q.speaker for q in found] == ["Lena Ortiz"]


def test_the_title_of_the_articles_only_judge_names_her() -> None:
    found = quotes(
        "Passing sentence, Judge Margaret Holloway said the footage was distressing.",
        "“No sentence I pass can restore what the family has lost,” the judge added.",
    )
    assert [q.speaker for q in found] == ["Margaret Holloway"]


def test_a_pronoun_after_though_is_the_subject_not_the_paper_he_spoke_to() -> None:
    found = quotes(
        "No, the former mayor, Geoffrey Brant, told the Courier, though he added that the "
        "next six months would be “the hardest she has faced in her career”."
    )
    assert [q.speaker for q in found] == ["Geoffrey Brant"]


def test_two_people_before_the_pronoun_in_its_paragraph_leave_it_unresolved() -> None:
    found = quotes(
        "Chief executive Mark Renshaw said the firm had looked at every option. Finance "
        "director Alison Kerr told analysts the savings would be large. “We have not taken "
        "this decision lightly,” he said."
    )
    assert [q.speaker for q in found] == [None]
