"""Property-based tests (hypothesis): for any input, no crash, bounded time, and the invariants
that make Brief safe — a shown quote is the article's own words, escaped text never holds a
live mention or link, pasted text never gains words it did not have.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.article.model import Article
from bot.article.plaintext import article_from_text
from bot.briefs import Draft, EngineInfo, Quote
from bot.errors import BriefError, ExtractionError
from bot.grounding.gate import gate
from bot.render.mrkdwn import safe_text
from bot.slack.command import parse, unwrap_links
from bot.text.normalize import fold

FAST = settings(max_examples=300, deadline=500, suppress_health_check=[HealthCheck.too_slow])

# Text with the characters that matter here over-represented.
SLACKISH = st.text(
    alphabet=st.sampled_from(list("<>|@#!&:/ .abcHtps\n\u201c\u201d\"'-0123456789")),
    max_size=400,
)
ANY_TEXT = st.one_of(SLACKISH, st.text(max_size=400))


@FAST
@given(ANY_TEXT)
def test_the_slash_text_parser_answers_or_says_why(text: str) -> None:
    message = ""
    try:
        request = parse(text)
    except BriefError as exc:
        message = exc.user_message  # a plain message for the user, never a crash
    else:
        message = request.url or request.text or ""
    assert message


@FAST
@given(st.integers(min_value=1, max_value=4000), st.sampled_from(["<", "<a", "<@", "<http://"]))
def test_unwrapping_a_flood_of_brackets_stays_fast(count: int, unit: str) -> None:
    unwrap_links(unit * count)  # the deadline is the assertion: linear, not quadratic


_LIVE = re.compile(r"<[!@#]|<https?:|<mailto:", re.IGNORECASE)


@FAST
@given(ANY_TEXT)
def test_escaped_text_never_holds_a_live_mention_or_link(text: str) -> None:
    out = safe_text(text)
    assert not _LIVE.search(out)
    assert "<" not in out
    assert ">" not in out
    assert safe_text(out) == safe_text(out)  # stable


_WORD = re.compile(r"\w+")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))


@FAST
@given(st.lists(st.text(max_size=120), min_size=1, max_size=12).map("\n".join))
def test_pasted_text_is_structured_without_gaining_words(text: str) -> None:
    try:
        article = article_from_text(text)
    except ExtractionError:
        return
    # Invisible characters (soft hyphens, zero-width spaces) are dropped on purpose.
    source = set(_WORD.findall(text.translate(_INVISIBLE)))
    for paragraph in article.paragraphs:
        assert set(_WORD.findall(paragraph)) <= source
    assert article.paragraphs


PARAGRAPHS = st.lists(
    st.builds(
        lambda words, quoted: f"{words} “{quoted},” said Ana Lopez.",
        st.text(alphabet="abcdef ghijk", min_size=5, max_size=60),
        st.text(alphabet="lmnop qrstu vwxyz", min_size=5, max_size=60),
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=150, deadline=2000)
@given(PARAGRAPHS, st.data())
def test_a_quote_the_gate_shows_is_the_articles_own_words(
    paragraphs: list[str], data: st.DataObject
) -> None:
    article = Article(title="Property story", paragraphs=paragraphs)
    number = data.draw(st.integers(min_value=1, max_value=len(paragraphs)))
    source = paragraphs[number - 1]
    start = data.draw(st.integers(min_value=0, max_value=len(source)))
    end = data.draw(st.integers(min_value=start, max_value=len(source)))
    tweak = data.draw(st.sampled_from(["", "x", " not"]))
    claimed = Quote(text=source[start:end] + tweak, speaker="Ana Lopez", paragraph=number)
    brief = gate(article, Draft(quotes=[claimed]), EngineInfo(engine="property"))
    for quote in brief.quotes:
        assert fold(quote.text) in fold(article.text)
