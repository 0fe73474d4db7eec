"""Parsing `/brief` text: links as Slack sends them, parts, pasted text, and mistakes."""

from __future__ import annotations

import pytest

from bot.errors import InputError
from bot.slack.command import MIN_PASTED_WORDS, BriefRequest, is_help, parse, unwrap_links

ARTICLE = " ".join(["The council voted on the harbour barrier on Tuesday night."] * 8)


@pytest.mark.parametrize(
    "text",
    [
        "https://news.example/a?x=1",
        "<https://news.example/a?x=1>",
        "<https://news.example/a?x=1|news.example/a>",
        "  <https://news.example/a?x=1|Harbour story>  ",
    ],
)
def test_links_in_every_form_slack_sends(text: str) -> None:
    assert parse(text) == BriefRequest(kind="full", url="https://news.example/a?x=1")


def test_quotes_part() -> None:
    assert parse("quotes <https://news.example/a>") == BriefRequest(
        kind="quotes", url="https://news.example/a"
    )


def test_explain_part_with_a_multi_word_term() -> None:
    request = parse("explain tidal surge barrier <https://news.example/a|a>")
    assert request == BriefRequest(
        kind="explain", url="https://news.example/a", term="tidal surge barrier"
    )


def test_explain_without_a_link_says_how() -> None:
    with pytest.raises(InputError, match="explain <term> <article link>"):
        parse("explain IMF")


def test_pasted_article_text() -> None:
    request = parse(ARTICLE)
    assert request.kind == "full"
    assert request.url is None
    assert request.text == ARTICLE
    assert request.source_label == "the pasted text"


def test_too_short_to_be_an_article() -> None:
    short = " ".join(["word"] * (MIN_PASTED_WORDS - 1))
    with pytest.raises(InputError, match="neither a link"):
        parse(short)


@pytest.mark.parametrize("text", ["ftp://news.example/a", "file:///etc/passwd", "news.example/a"])
def test_non_http_links_are_not_links(text: str) -> None:
    with pytest.raises(InputError):
        parse(text)


@pytest.mark.parametrize(
    ("text", "expected"), [("", True), (" help ", True), ("HELP", True), ("helpful", False)]
)
def test_help(text: str, expected: bool) -> None:
    assert is_help(text) is expected


def test_unwrap_turns_slack_markup_into_plain_text() -> None:
    text = (
        "see <https://a.example/x?a=1&amp;b=2|x> and <@U123|jane> <@U9> <#C1|news> <!here> "
        "<!subteam^S1|@desk> <mailto:a@b.example|a@b.example> &lt;IMF&gt; R&amp;D"
    )
    assert unwrap_links(text) == (
        "see https://a.example/x?a=1&b=2 and @jane @U9 #news @here @desk a@b.example <IMF> R&D"
    )


def test_escaped_ampersands_in_links_are_unescaped() -> None:
    request = parse("<https://news.example/story?id=12&amp;page=2>")
    assert request.url == "https://news.example/story?id=12&page=2"


def test_escaped_term_is_unescaped() -> None:
    assert parse("explain &lt;IMF&gt; <https://n.example/a>").term == "IMF"
