"""The only folding allowed when comparing with the article: whitespace, quote marks, dashes."""

from __future__ import annotations

import random

import pytest

from bot.text.normalize import find_verbatim, fold, fold_with_map, quoted_spans, words


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("\u201cYes,\u201d she said", '"Yes," she said'),
        ("won\u2019t \u2018maybe\u2019", "won't 'maybe'"),
        ("share \u2014 and 10\u201312", "share - and 10-12"),
        ("  two\n\tlines\u00a0here  ", "two lines here"),
        ("\u00abBonjour\u00bb", '"Bonjour"'),
    ],
)
def test_fold_changes_only_marks_dashes_and_whitespace(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_keeps_case_and_other_punctuation() -> None:
    assert fold("Lopez said: WE WIN!") == "Lopez said: WE WIN!"


def test_fold_with_map_points_back_to_the_original_characters() -> None:
    text = "  \u201cWe  cannot\u201d \u2014 no "
    folded, index = fold_with_map(text)
    assert folded == fold(text)
    assert len(index) == len(folded)
    for char, at in zip(folded, index, strict=True):
        original = text[at]
        if original.isspace():
            assert char == " "
        else:
            assert fold(original) == char


def test_find_verbatim_returns_the_haystacks_own_words() -> None:
    haystack = "\u201cI won\u2019t pretend otherwise \u2014 ever,\u201d Reyes said."
    match = find_verbatim("I won't  pretend otherwise - ever", haystack)
    assert match is not None
    assert match.text == "I won\u2019t pretend otherwise \u2014 ever"
    assert haystack[match.start : match.end] == match.text


@pytest.mark.parametrize("needle", ["I will not pretend", "i won't pretend", "", "   "])
def test_find_verbatim_refuses_anything_else(needle: str) -> None:
    assert find_verbatim(needle, "I won\u2019t pretend otherwise.") is None


def test_find_verbatim_is_identity_on_random_slices() -> None:
    """Any slice of a text, refolded arbitrarily, is found as exactly that slice's words."""
    rng = random.Random(7)
    text = "We can\u2019t keep patching \u2014 not  again \u201cever\u201d, said the mayor of Westbrook."
    swaps = {"\u2019": "'", "\u2014": "-", "\u201c": '"', "\u201d": '"', "  ": " "}
    for _ in range(200):
        start = rng.randrange(len(text))
        end = rng.randrange(start, len(text)) + 1
        piece = text[start:end]
        if not piece.strip():
            continue
        typed = piece
        for old, new in swaps.items():
            if rng.random() < 0.5:
                typed = typed.replace(old, new)
        match = find_verbatim(typed, text)
        assert match is not None
        assert fold(match.text) == fold(piece)


def test_quoted_spans_straight_and_curly() -> None:
    text = 'He said "first" and then \u201csecond one,\u201d twice.'
    spans = quoted_spans(text)
    assert [s.text for s in spans] == ["first", "second one,"]
    assert all(s.closed for s in spans)
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_quoted_span_left_open_runs_to_the_end_of_the_paragraph() -> None:
    spans = quoted_spans("\u201cWe will rebuild it. And we will pay for it.")
    assert len(spans) == 1
    assert spans[0].text == "We will rebuild it. And we will pay for it."
    assert not spans[0].closed


def test_second_curly_opener_closes_an_unclosed_quote() -> None:
    spans = quoted_spans("\u201cOne part \u201cTwo part\u201d")
    assert [(s.text, s.closed) for s in spans] == [("One part", False), ("Two part", True)]


def test_inch_marks_are_not_quotes() -> None:
    assert quoted_spans('a 17" screen and a 6\'2" player') == []


def test_empty_quotes_are_skipped() -> None:
    assert quoted_spans('an empty "" pair and "  "') == []


def test_words_fold_and_lowercase() -> None:
    assert words("We can\u2019t, WON\u2019T; ok?") == ["we", "can't", "won't", "ok"]
