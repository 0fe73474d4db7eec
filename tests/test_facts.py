"""Numbers and proper names: what counts, and when the article backs them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.article.model import Article
from bot.grounding.facts import ArticleFacts, mask_quotations
from bot.grounding.names import Vocabulary, WordIndex, find_names, name_in
from bot.grounding.numbers import find_numbers
from tests.grounding_support import VOCABULARY, backed, load_article, names_in

# --- numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4,500 vehicles", "4500"),
        ("a $4.5m plan", "4500000"),
        ("£20bn", "20000000000"),
        ("US$3 billion", "3000000000"),
        ("three million dollars", "3000000"),
        ("twelve minutes", "12"),
        ("a dozen eggs", "12"),
        ("two hundred and fifty homes", "250"),
        ("a forty-five-year-old man", "45"),
        ("a three-year plan", "3"),
        ("twenty-one members", "21"),
        ("the 1990s", "1990"),
        ("the 21st time", "21"),
        ("at 7:30 p.m.", "7.30"),
        ("0.5 per cent", "0.5"),
    ],
)
def test_numbers_are_read_as_values(text: str, value: str) -> None:
    (mention,) = find_numbers(text)
    assert Decimal(value) in mention.values


@pytest.mark.parametrize(
    ("item", "article"),
    [
        ("4,500", "about 4500 vehicles"),
        ("4500", "about 4,500 vehicles"),
        ("45%", "grew 45 per cent"),
        ("45 per cent", "grew 45 percent"),
        ("45 percent", "grew 45%"),
        ("$3m", "a $3 million bond"),
        ("$3 million", "a $3m bond"),
        ("$4.5m", "a $4,500,000 plan"),
        ("three million dollars", "a $3m bond"),
        ("three", "3 hours"),
        ("3", "three hours"),
        ("12", "a dozen cars"),
        ("18 months", "eighteen months"),
        ("£20bn", "£20 billion"),
        ("45", "a 45% rise"),
        ("5m", "a 5 million budget"),
        ("5m", "a 5 metre wall"),
        ("7:30", "at 7.30pm"),
    ],
)
def test_equal_numbers_in_different_spellings_match(item: str, article: str) -> None:
    assert backed(item, article)


@pytest.mark.parametrize(
    ("item", "article"),
    [
        ("54%", "grew 45 per cent"),
        ("45%", "45 residents"),  # a percentage needs a percentage
        ("$20bn", "£20bn"),  # a currency needs the same currency
        ("£3m", "3 million people"),
        ("4,600", "about 4,500 vehicles"),
        ("13", "a dozen cars"),
        ("three", "30 hours"),
        ("$3m", "$3 billion"),
    ],
)
def test_different_numbers_do_not_match(item: str, article: str) -> None:
    assert not backed(item, article)


@pytest.mark.parametrize(
    "text",
    [
        "one of the largest bridges",
        "no one came",
        "this one is older",
        "a one-off payment",
    ],
)
def test_pronoun_one_is_not_checked(text: str) -> None:
    assert all(m.ambiguous for m in find_numbers(text))


@pytest.mark.parametrize(
    "text",
    ["the twenty-first century", "thousands of people", "a million-dollar idea", "a vote"],
)
def test_not_numbers(text: str) -> None:
    assert find_numbers(text) == []


def test_one_that_counts_is_checked() -> None:
    (mention,) = find_numbers("Only one member voted against.")
    assert not mention.ambiguous
    assert mention.values == (Decimal(1),)


def test_ranges_and_scores_give_each_number() -> None:
    assert [m.text for m in find_numbers("voted 5-2; 10\u201312 members")] == ["5", "2", "10", "12"]


# --- names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mayor Ana Lopez opened the meeting.", ["Mayor Ana Lopez"]),
        ("On Tuesday, the council met.", []),
        ("The Westbrook Transit Authority met.", ["Westbrook Transit Authority"]),
        ("In May the Department of Parks met.", ["Department of Parks"]),
        ("Lopez said it would work.", ["Lopez"]),  # known name at sentence start
        ("Smith said it would fail.", ["Smith"]),  # looks like a name: followed by "said"
        ("Officials said it would fail.", []),  # the article uses "officials" in lower case
        ("Critics say it will fail.", []),
        ("Meanwhile Reyes voted no.", ["Reyes"]),
        ("Dr. Reyes met Mr. Lopez.", ["Reyes", "Lopez"]),
        ("It was built by J. R. Smith-Jones.", ["J. R. Smith-Jones"]),
        ("“We will win,” Lopez said.", ["Lopez"]),
        ("I think we will.", []),
    ],
)
def test_which_words_are_names(text: str, expected: list[str]) -> None:
    assert names_in(text) == expected


def test_name_words_are_what_must_be_found() -> None:
    (name,) = find_names("They met Dr. Ana Lopez's deputy.", VOCABULARY)
    assert name.words == ("Ana", "Lopez")


@pytest.mark.parametrize(
    ("name", "haystack", "found"),
    [
        ("Mayor Lopez", "the mayor, Ana Lopez, said", True),
        ("Ana Lopez", "Ana Lopez said", True),
        ("Ana Lopez", "Lopez said", False),
        ("Lopez's plan", "Lopez said", True),
        ("Lopez", "Lopez's plan", True),
        ("Westbrook City Council", "the city council in Westbrook", True),
        ("Jose Nunez", "José Núñez said", True),
        ("Nasa", "NASA said", True),
        ("Rose Lopez", "costs rose, Lopez said", False),  # names are case-sensitive
        ("Paul Wright", "Ana Lopez said", False),
        ("Westbrook-based Lopez", "Lopez, of Westbrook", True),
    ],
)
def test_name_found_word_by_word(name: str, haystack: str, found: bool) -> None:
    (mention,) = find_names(f"It was {name} again.", VOCABULARY)
    assert name_in(mention, WordIndex([haystack])) is found


# --- the article as a whole ---------------------------------------------------------


def test_check_against_cited_paragraphs() -> None:
    facts = ArticleFacts(load_article())
    text = "Finance director Tom Okafor said a $3m bond would pay for the bridge."
    assert all(f.found for f in facts.check(text, [8]))
    missing = [(f.kind, f.text) for f in facts.check(text, [1]) if not f.found]
    assert missing == [("number", "$3m"), ("name", "Tom Okafor")]


def test_check_against_the_whole_article_includes_the_title_when_given() -> None:
    article = load_article()
    facts = ArticleFacts(article, extra=[article.title, "Westbrook Gazette"])
    findings = facts.check("The Westbrook Gazette reported a $4.5m plan.")
    assert [(f.kind, f.text, f.found) for f in findings] == [
        ("number", "$4.5m", True),
        ("name", "Westbrook Gazette", True),
    ]
    assert not ArticleFacts(article).check("The Westbrook Gazette reported it.")[0].found


def test_names_can_be_left_out() -> None:
    facts = ArticleFacts(load_article())
    assert facts.check("Governor Paul Wright spoke.", names=False) == []


def test_mask_quotations_hides_quoted_words_only() -> None:
    masked = mask_quotations("Lopez said “we need 12 more” and Reyes agreed.")
    assert "12" not in masked
    assert masked == "Lopez said “\u2026” and Reyes agreed."


def test_one_word_name_opening_a_sentence_matches_in_any_case() -> None:
    vocabulary = Vocabulary(["Work by Westbrook Construction begins soon."])
    (name,) = find_names("Construction starts in May.", vocabulary)
    assert not name.exact_case
    assert name_in(name, WordIndex(["construction is expected to begin"]))
    (name,) = find_names("It was built by Westbrook Construction.", vocabulary)
    assert name.exact_case
    assert not name_in(name, WordIndex(["Westbrook said construction is expected"]))


@pytest.mark.parametrize(
    ("acronym", "found"),
    [("CPUC", True), ("PUC", True), ("ISO", True), ("CPSC", False), ("IBM", False)],
)
def test_acronyms_of_names_in_the_haystack(acronym: str, found: bool) -> None:
    index = WordIndex(
        [
            "Lynch led the California Public Utilities Commission, and the California "
            "Independent System Operator runs the grid."
        ]
    )
    (name,) = find_names(f"It was the {acronym} again.", VOCABULARY)
    assert name_in(name, index) is found


def test_word_the_article_writes_in_lower_case_matches_in_any_case() -> None:
    article = Article(paragraphs=["The plan reached Stage 3 in May.", "The final stage began."])
    facts = ArticleFacts(article)
    assert [(f.text, f.found) for f in facts.check("It reached Stage 3 again.", [2])] == [
        ("3", False),
        ("Stage", True),
    ]


def test_full_name_may_cite_a_paragraph_that_gives_only_the_surname() -> None:
    facts = ArticleFacts(load_article())
    assert facts.check("Then Ana Lopez spoke.", [9])[0].found  # "Lopez said" in 9
    assert not facts.check("Then Carlos Lopez spoke.", [9])[0].found  # no Carlos anywhere
    assert not facts.check("Then Ana Lopez spoke.", [8])[0].found  # no Lopez in 8
