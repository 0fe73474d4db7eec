"""The extractive engine's readers: sentences, names and defining phrases."""

from __future__ import annotations

import pytest

from bot.engines.entities import Definition, find_definitions
from bot.text.names import find_names
from bot.text.parsed import Parsed
from bot.text.people import PersonIndex
from bot.text.sentences import sentence_spans


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def definitions(*paragraphs: str) -> list[Definition]:
    parsed = Parsed.read(list(paragraphs))
    return find_definitions(parsed, PersonIndex(parsed))


def defined(*paragraphs: str) -> dict[str, str]:
    return {d.term: d.text for d in definitions(*paragraphs)}


def test_sentences_keep_abbreviations_initials_and_numbers_together() -> None:
    text = (
        "Rep. Mark Meadows left on Dec. 19 for the U.S. Capitol at 5:30 a.m. "
        "J. R. Smith paid $2.5 million. Was it worth it? Nobody knows!"
    )
    assert sentences(text) == [
        "Rep. Mark Meadows left on Dec. 19 for the U.S. Capitol at 5:30 a.m.",
        "J. R. Smith paid $2.5 million.",
        "Was it worth it?",
        "Nobody knows!",
    ]


def test_sentences_never_break_inside_a_closed_quotation() -> None:
    text = '"It is late. Go home," said Ana Lopez. "We start at six." Then she left.'
    assert sentences(text) == [
        '"It is late. Go home," said Ana Lopez.',
        '"We start at six."',
        "Then she left.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("New York City Mayor Bill de Blasio spoke.", [("Bill de Blasio", "Bill de Blasio")]),
        ("His Honour Judge Neil Ford QC sentenced him.", [("Neil Ford", "Neil Ford")]),
        ("Mr. Marcus said so.", [("Marcus", "Mr. Marcus")]),
        (
            "The University of the Highlands and the Port.",
            [("University of the Highlands", "University of the Highlands"), ("Port", "Port")],
        ),
        (
            "Karen Holt of Halvorsen Foods met Bill and Hillary Clinton.",
            [
                ("Karen Holt", "Karen Holt"),
                ("Halvorsen Foods", "Halvorsen Foods"),
                ("Bill", "Bill"),
                ("Hillary Clinton", "Hillary Clinton"),
            ],
        ),
        ("Meadows’ retirement shocked It's colleagues.", [("Meadows", "Meadows")]),
    ],
)
def test_names_split_titles_and_joins(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(r.name(text), r.speaker(text)) for r in find_names(text)] == expected


def test_appositives_before_and_after_a_name() -> None:
    found = defined(
        "The barrier will be run by the Wrenmouth Harbour Authority, the body that manages "
        "the port, with help from Jeff Miller, a city councilman in Hendersonville, who said so.",
        "The harbour master, Carys Pritchard, said crews would get notice.",
    )
    assert found["Wrenmouth Harbour Authority"] == "the body that manages the port"
    assert found["Jeff Miller"] == "a city councilman in Hendersonville"
    assert found["Carys Pritchard"] == "The harbour master"


def test_roles_in_front_of_a_name_and_job_titles() -> None:
    found = defined(
        "Burials increased, said Department of Correction spokesman Jason Kersten.",
        "Registered gas fitter Hartley, 37, said the flue was fitted.",
        "Chief Executive Karen Holt said costs rose.",
        "Mr Ford said nothing.",
    )
    assert found["Jason Kersten"] == "Department of Correction spokesman"
    assert found["Hartley"] == "Registered gas fitter"
    assert found["Karen Holt"] == "Chief Executive"
    assert "Ford" not in found  # "Mr" explains nothing


def test_acronyms_with_capitalised_and_lower_case_expansions() -> None:
    found = definitions(
        "The Coastal Resilience Fund (CRF), a national programme, paid for it.",
        "Adjusted earnings before interest, taxes, depreciation and amortization (EBITDA) fell.",
    )
    as_pairs = {(d.term, d.text, d.kind) for d in found}
    assert ("CRF", "Coastal Resilience Fund", "acronym") in as_pairs
    assert ("Coastal Resilience Fund", "a national programme", "appositive") in as_pairs
    assert (
        "EBITDA",
        "earnings before interest, taxes, depreciation and amortization",
        "acronym",
    ) in as_pairs


def test_jargon_explained_in_the_text() -> None:
    found = defined(
        "A storm surge is a temporary rise in sea level caused by wind.",
        'Engineers call it a "1-in-200-year" flood — an event with a 0.5% chance each year.',
        "Skippers fear the sill (the concrete base the gates rest on) will silt up.",
        "Carbon monoxide is a colourless gas, and it kills. Carbon monoxide alarms are cheap.",
        "The result is a victory for the town. It is a good day.",
    )
    assert found == {
        "storm surge": "a temporary rise in sea level caused by wind",
        "1-in-200-year": "an event with a 0.5% chance each year",
        "sill": "the concrete base the gates rest on",
        "Carbon monoxide": "a colourless gas",
    }


def test_what_is_not_a_definition() -> None:
    found = defined(
        '"Ana Lopez, the new harbour master, has my full support," said Tom Reed.',
        "According to Hasib, his mother built the business from nothing.",
        "Residents can see the plans from 20 March, the council said.",
        "Ultimately, a dozen candidates filed before the deadline.",
        "But he admitted his relationship with his brother, Prince William, is strained.",
    )
    assert found == {}


def test_long_definitions_are_cut_at_a_clause_boundary() -> None:
    found = defined(
        "Lynda Bennett, a local activist and real estate agent who is friendly with many of "
        "the people who run the party in the county and who has raised money for them for "
        "years, announced her campaign."
    )
    text = found["Lynda Bennett"]
    assert text == (
        "a local activist and real estate agent who is friendly with many of the people who run "
        "the party in the county"
    )
    assert len(text.split()) <= 25
