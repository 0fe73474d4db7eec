"""`verify`: every quotation, number and name of a draft, checked against the article."""

from __future__ import annotations

import pytest

from bot.grounding.plaintext import draft_units, is_title_case
from bot.grounding.verify import (
    FactCheck,
    QuoteCheck,
    VerifyReport,
    render_verify_report,
    verify,
)
from tests.grounding_support import load_article

ARTICLE = load_article(byline="By Sam Idris")


def quote_statuses(draft: str) -> list[tuple[str, str]]:
    return [(q.text, q.status) for q in verify(ARTICLE, draft).quotes]


# --- quotes -------------------------------------------------------------------------


def test_verbatim_quote_with_typed_marks_and_dashes() -> None:
    draft = (
        'Reyes said: "We are asking taxpayers to carry a load that Harlow County should '
        "share -- and I won't pretend otherwise.\""
    )
    report = verify(ARTICLE, draft)
    assert report.quotes == [
        QuoteCheck(
            text="We are asking taxpayers to carry a load that Harlow County should share -- "
            "and I won't pretend otherwise.",
            status="verbatim",
            article_text="We are asking taxpayers to carry a load that Harlow County should "
            "share \u2014 and I won\u2019t pretend otherwise",
            paragraph=4,
        )
    ]
    assert report.ok


def test_altered_quote_shows_the_articles_words_and_paragraph() -> None:
    report = verify(ARTICLE, "Chen said: “If people can’t reach us, we close.”")
    (quote,) = report.quotes
    assert quote.status == "altered"
    assert quote.article_text == "If people can\u2019t get to us, we close"
    assert quote.paragraph == 7
    assert not report.ok


def test_one_changed_word_is_altered() -> None:
    (quote,) = verify(
        ARTICLE, '"We cannot keep fixing a bridge that was built for horse carts," Lopez said.'
    ).quotes
    assert quote.status == "altered"
    assert quote.article_text == "We cannot keep patching a bridge that was built for horse carts"
    assert quote.paragraph == 3


def test_case_change_is_altered_not_verbatim() -> None:
    (quote,) = verify(ARTICLE, 'She was "Open To The Idea".').quotes
    assert (quote.status, quote.article_text, quote.paragraph) == (
        "altered",
        "open to the idea",
        9,
    )


def test_invented_quote_is_not_found() -> None:
    report = verify(ARTICLE, 'Lopez said "this bridge is a disgrace and a danger".')
    assert report.quotes == [
        QuoteCheck(text="this bridge is a disgrace and a danger", status="not_found")
    ]
    assert not report.ok


def test_ellipsis_marks_omitted_words() -> None:
    report = verify(ARTICLE, 'She is "not ready to promise money \u2026 we do not have."')
    (quote,) = report.quotes
    assert quote.status == "verbatim"
    assert quote.article_text == "not ready to promise money we do not have"
    assert quote.paragraph == 9
    assert quote_statuses('She is "not ready ... to promise"')[0][1] == "verbatim"
    # the parts must come in the article's order
    assert quote_statuses('She is "we do not have ... not ready"')[0][1] != "verbatim"


@pytest.mark.parametrize(
    ("draft", "article_text"),
    [
        # "not" left out by an ellipsis, inside or in front of the quote
        (
            'She is "… ready to promise money we do not have."',
            "ready to promise money we do not have",
        ),
        (
            'She is "not ready to promise money we do ... have."',
            "not ready to promise money we do not have",
        ),
        # an ellipsis in front of the quote, right after "won't"
        ('Reyes said he will "... pretend otherwise".', "pretend otherwise"),
    ],
)
def test_an_ellipsis_over_a_negation_is_altered(draft: str, article_text: str) -> None:
    (quote,) = verify(ARTICLE, draft).quotes
    assert (quote.status, quote.article_text) == ("altered", article_text)


def test_an_ellipsis_over_other_words_is_still_verbatim() -> None:
    (quote,) = verify(
        ARTICLE, "Chen said: \"If people can't get to us ... It's that simple.\""
    ).quotes
    assert quote.status == "verbatim"
    assert quote.article_text == "If people can\u2019t get to us, we close. It\u2019s that simple"


def test_repeated_quote_is_reported_once() -> None:
    draft = 'Lopez was "open to the idea". Again: "open to the idea".'
    assert quote_statuses(draft) == [("open to the idea", "verbatim")]


def test_words_inside_quotes_are_not_checked_as_numbers_or_names() -> None:
    report = verify(ARTICLE, 'Lopez said "Governor Wright promised 99 new buses".')
    assert [q.status for q in report.quotes] == ["not_found"]
    assert report.numbers == []
    assert report.names == [FactCheck(text="Lopez", status="found")]


# --- numbers and names --------------------------------------------------------------


def test_numbers_found_and_not_found() -> None:
    report = verify(
        ARTICLE,
        "The $4.5 million plan passed 5-2. Traffic rose 54 per cent to 4500 vehicles; "
        "the build takes eighteen months and costs $3m in bonds, not $6m.",
    )
    assert [(n.text, n.status) for n in report.numbers] == [
        ("$4.5 million", "found"),
        ("5-2", "found"),  # a vote is checked as the pair it is
        ("54 per cent", "not_found"),
        ("4500", "found"),
        ("eighteen", "found"),
        ("$3m", "found"),
        ("$6m", "not_found"),
    ]
    assert not report.ok


def test_names_found_and_not_found() -> None:
    report = verify(
        ARTICLE,
        "Mayor Ana Lopez and Councillor Dan Reyes disagreed. Governor Paul Wright stayed "
        "out of it, as did Sam Idris. Smith said nothing.",
    )
    assert [(n.text, n.status) for n in report.names] == [
        ("Mayor Ana Lopez", "found"),
        ("Councillor Dan Reyes", "found"),
        ("Governor Paul Wright", "not_found"),
        ("Sam Idris", "found"),  # the byline is part of the article
        ("Smith", "not_found"),
    ]


def test_names_opening_a_sentence_days_and_reversed_pairs_are_flagged() -> None:
    report = verify(
        ARTICLE,
        "Smith praised the vote. The council voted 2-5 on Wednesday. Officials agreed. "
        "Councillors agreed. Construction starts in September.",
    )
    assert sorted((n.text, n.status) for n in report.names) == [
        ("September", "found"),
        ("Smith", "not_found"),
        ("Wednesday", "not_found"),
    ]
    assert ("2-5", "not_found") in [(n.text, n.status) for n in report.numbers]
    assert not report.ok


def test_one_and_two_word_labels_are_not_taken_for_names() -> None:
    report = verify(ARTICLE, "| Item | Total cost |\n|---|---|\n| Bond | $3 million |")
    assert report.names == []
    assert report.ok


def test_clean_draft_is_ok() -> None:
    draft = (
        "Westbrook City Council voted 5-2 on Tuesday to rebuild the Millbrook Bridge for "
        "$4.5m. “This is the safest choice for every family who crosses that river,” "
        "said Mayor Ana Lopez. Business owners such as Maria Chen fear lost trade."
    )
    report = verify(ARTICLE, draft)
    assert report.ok
    assert report.quotes[0].status == "verbatim"
    assert {n.text for n in report.names} == {
        "Westbrook City Council",
        "Tuesday",
        "Millbrook Bridge",
        "Mayor Ana Lopez",
        "Maria Chen",
    }


def test_the_article_verifies_against_itself() -> None:
    report = verify(ARTICLE, "\n\n".join(ARTICLE.paragraphs))
    assert report.ok
    assert len(report.quotes) == 7
    assert len(report.numbers) > 10
    assert len(report.names) > 10


# --- Markdown -----------------------------------------------------------------------

MARKDOWN_DRAFT = """\
# Westbrook Votes To Rebuild The Millbrook Bridge

**Westbrook City Council** approved a [$4.5m plan](https://example.com/2024/05/07/story-8812)
to rebuild the bridge, which is *92 years old*. See <https://example.com/2031/99>.

## What Reyes said

1. Councillor Dan Reyes wanted a state grant first.
2. He said taxpayers should not "carry a load that Harlow County should share".
3. `Traffic` grew 45% since 2015 [¶5].

> "If people can't get to us, we close," said Maria Chen.

| Item | Cost |
|------|------|
| Bond | $3 million |
"""


def test_markdown_syntax_is_not_checked() -> None:
    report = verify(ARTICLE, MARKDOWN_DRAFT)
    assert report.ok, render_verify_report(report)
    numbers = [n.text for n in report.numbers]
    # no list numbers, URLs, ¶5; "first" is an ordinal
    assert numbers == ["$4.5m", "92", "first", "45%", "2015", "$3 million"]
    assert [q.status for q in report.quotes] == ["verbatim", "verbatim"]


def test_markdown_link_text_is_checked_but_not_its_url() -> None:
    report = verify(ARTICLE, "Read about the [$7m plan by Paul Wright](https://x.example/4.5m).")
    assert [(n.text, n.status) for n in report.numbers] == [("$7m", "not_found")]
    assert [(n.text, n.status) for n in report.names] == [("Paul Wright", "not_found")]


def test_sentence_case_heading_names_are_checked() -> None:
    report = verify(ARTICLE, "## Governor Wright backs the bridge plan\n\nText.")
    assert [(n.text, n.status) for n in report.names] == [("Governor Wright", "not_found")]


def test_draft_units_join_wrapped_lines_and_split_items() -> None:
    units = draft_units(
        '# Title\n\nOne line\ncontinued "here\n and there".\n\n- item one\n- item two\n'
    )
    assert [(u.text, u.heading) for u in units] == [
        ("Title", True),
        ('One line continued "here and there".', False),
        ("item one", False),
        ("item two", False),
    ]


def test_draft_units_skip_code_blocks_and_setext_headings() -> None:
    units = draft_units("Big News\n========\n\n```\nx = 42\n```\n\nBody text.")
    assert [(u.text, u.heading) for u in units] == [("Big News", True), ("Body text.", False)]


@pytest.mark.parametrize(
    ("text", "title_case"),
    [
        ("What The Council Decided About The Bridge", True),
        ("What the council decided about the bridge", False),
        ("Lopez", False),
    ],
)
def test_title_case(text: str, title_case: bool) -> None:
    assert is_title_case(text) is title_case


# --- the report ---------------------------------------------------------------------


def test_json_shape_is_the_public_contract() -> None:
    report = verify(ARTICLE, 'Lopez said "open to the idee". It cost $9m.')
    data = report.as_json()
    assert list(data) == ["ok", "quotes", "numbers", "names"]
    assert data["ok"] is False
    assert data["quotes"] == [
        {
            "text": "open to the idee",
            "status": "altered",
            "article_text": "open to the idea",
            "paragraph": 9,
        }
    ]
    assert data["numbers"] == [{"text": "$9m", "status": "not_found"}]
    assert data["names"] == [{"text": "Lopez", "status": "found"}]
    assert VerifyReport.model_validate(data) == report


def test_ok_follows_the_items() -> None:
    found = FactCheck(text="Lopez", status="found")
    assert VerifyReport.of([], [], [found]).ok
    assert not VerifyReport.of([], [FactCheck(text="9", status="not_found")], [found]).ok
    assert not VerifyReport.of([QuoteCheck(text="x", status="not_found")], [], []).ok


def test_render_lists_problems_with_the_articles_words() -> None:
    report = verify(
        ARTICLE,
        'Chen said "If people can\'t reach us, we close." Lopez said "we are broke". '
        'It costs $9m. Paul Wright agreed. Reyes said "open to the idea".',
    )
    text = render_verify_report(report)
    assert text.startswith("Draft check: 4 problems found.\n")
    assert "ALTERED   “If people can't reach us, we close.”" in text
    assert "the article says (paragraph 7): “If people can’t get to us, we close”" in text
    assert "NOT FOUND “we are broke”" in text
    assert "NOT FOUND $9m  (not in the article)" in text
    assert "NOT FOUND Paul Wright  (not in the article)" in text
    assert "ok        “open to the idea” (paragraph 9)" in text


def test_render_clean_report() -> None:
    text = render_verify_report(verify(ARTICLE, "Nothing to check here."))
    assert text == (
        "Draft check: no problems found.\n\nQuotes:\n  (none)\n\nNumbers:\n  (none)\n\n"
        "Names:\n  (none)\n"
    )
