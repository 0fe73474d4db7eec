"""The editorial failures an editor found, each reproduced with text written for it.

One test (or a few) per failure: pasted text that collapsed into one paragraph, a
quote credited to the wrong person, false or junk explainers, opinion stated as
fact, a summary that misses the story, `verify` passing a wrong score, and the
console script's usage.
"""

from __future__ import annotations

from bot.article.model import Article
from bot.article.plaintext import article_from_text
from bot.briefs import EngineInfo, Quote, SummaryPoint
from bot.engines.extractive import ExtractiveEngine
from bot.grounding.gate import gate
from bot.prompts import genre_line, load_prompt
from bot.render.blocks import render_blocks
from bot.render.markdown import render_markdown
from tests.grounding_support import gate_draft

INFO = EngineInfo(engine="test")


def article(*paragraphs: str, **fields: object) -> Article:
    return Article(paragraphs=list(paragraphs), **fields)


# --- 1. pasted text ----------------------------------------------------------------------


def test_single_newline_text_keeps_its_paragraphs_and_drops_the_subhead() -> None:
    pasted = article_from_text(
        "Title here\nFirst para ends with a sentence.\nA subhead\nSecond para ends here.\n"
    )
    assert pasted.title == "Title here"
    assert pasted.paragraphs == ["First para ends with a sentence.", "Second para ends here."]


# --- 2. speakers -------------------------------------------------------------------------

BECK = "“We were told it would be finished by spring,” Tom Beck said."
NAND = (
    "Priya Nand, who chairs the Harbour Residents' Association, noted the cost. "
    "“Show us the audit first,” she said."
)


def test_the_gate_drops_a_speaker_the_article_does_not_credit_though_named_nearby() -> None:
    story = article(BECK, NAND)
    brief = gate_draft(
        story, INFO, quotes=[Quote(text="Show us the audit first", speaker="Tom Beck", paragraph=2)]
    )
    assert brief.quotes[0].speaker is None
    assert "attributes this quote to Priya Nand" in brief.dropped[0].reason


def test_the_gate_keeps_the_speaker_the_article_credits() -> None:
    story = article(BECK, NAND)
    brief = gate_draft(
        story,
        INFO,
        quotes=[Quote(text="Show us the audit first", speaker="Priya Nand", paragraph=2)],
    )
    assert brief.quotes[0].speaker == "Priya Nand"
    assert brief.dropped == []


def test_the_gate_shows_no_speaker_where_the_pronoun_is_ambiguous() -> None:
    story = article(
        "Detective Inspector Ruth Cole said the driver had fled. Mark Dale, 40, was arrested.",
        "“He did not stop to help anyone at all,” she said.",
    )
    claimed = Quote(text="He did not stop to help anyone at all", speaker="Mark Dale", paragraph=2)
    brief = gate_draft(story, INFO, quotes=[claimed])
    assert brief.quotes[0].speaker is None
    assert "ambiguous" in brief.dropped[0].reason


# --- 4. opinion ------------------------------------------------------------------------

COLUMN = (
    "Opinion\n"
    "Why I stopped driving to work\n"
    "By Nadia Okonkwo\n"
    "When I moved to Wrenford in 2019, I drove everywhere and thought nothing of it.\n"
    "The 41 bus changed my mind, and the county should stop trying to scrap it.\n"
    "Scrapping the 41 would be a mistake that the county pays for long after the savings.\n"
    "Nadia Okonkwo is a columnist for the Wrenford Gazette.\n"
)


def test_an_opinion_column_is_recognised_and_its_bio_is_not_body() -> None:
    column = article_from_text(COLUMN)
    assert column.genre == "opinion"
    assert column.byline == "Nadia Okonkwo"
    assert column.title == "Why I stopped driving to work"
    assert len(column.paragraphs) == 3
    assert not any("columnist" in p for p in column.paragraphs)


def test_the_gate_drops_opinion_points_that_are_not_the_authors() -> None:
    column = article_from_text(COLUMN)
    points = [
        SummaryPoint(text="Scrapping the 41 would be a mistake.", paragraphs=[3]),  # as fact
        SummaryPoint(text="When I moved to Wrenford in 2019, I drove everywhere.", paragraphs=[1]),
        SummaryPoint(text="Okonkwo argues that I should keep the 41.", paragraphs=[2]),
        SummaryPoint(
            text="Okonkwo argues that scrapping the 41 would be a mistake.", paragraphs=[3]
        ),
        SummaryPoint(text="The author writes: “I drove everywhere”", paragraphs=[1]),
    ]
    brief = gate_draft(column, INFO, summary=points)
    assert [p.text for p in brief.summary] == [
        "Okonkwo argues that scrapping the 41 would be a mistake.",
        "The author writes: “I drove everywhere”",
    ]
    reasons = [d.reason for d in brief.dropped]
    assert reasons[0] == "opinion piece: the point does not attribute the claim to the author"
    assert reasons[1] == reasons[0]
    assert reasons[2].startswith("opinion piece: the author's first person (“I”)")


def test_the_same_points_of_a_news_story_need_no_author() -> None:
    news = Article(paragraphs=["Scrapping the 41 would be a mistake, the union said."])
    point = SummaryPoint(
        text="Scrapping the 41 would be a mistake, the union said.", paragraphs=[1]
    )
    assert gate_draft(news, INFO, summary=[point]).summary == [point]


def test_the_extractive_engine_gives_an_opinion_column_as_the_authors_words() -> None:
    column = article_from_text(COLUMN)
    engine = ExtractiveEngine()
    brief = gate(column, engine.draft(column), engine.info)
    assert brief.summary
    assert "41" in brief.summary[0].text  # the thesis first, not the anecdote that opens it
    assert all(p.text.startswith("Okonkwo writes: “") for p in brief.summary)
    assert [d for d in brief.dropped if d.kind == "summary"] == []


def test_an_opinion_brief_says_so_at_the_top() -> None:
    column = article_from_text(COLUMN)
    engine = ExtractiveEngine()
    brief = gate(column, engine.draft(column), engine.info)
    markdown = render_markdown(brief)
    assert markdown.splitlines()[2].startswith("**Opinion — by Nadia Okonkwo**")
    message = render_blocks(brief)
    assert message.blocks[1]["block_id"] == "brief-genre"
    assert "Opinion — by Nadia Okonkwo" in message.blocks[1]["elements"][0]["text"]
    assert "Opinion — by Nadia Okonkwo" in message.text.splitlines()[1]
    news = Article(
        title="Bus fares rise", paragraphs=["Bus fares rise by 5% in May, the county said."]
    )
    news_brief = gate(news, engine.draft(news), engine.info)
    assert "Opinion" not in render_markdown(news_brief)
    assert [b["block_id"] for b in render_blocks(news_brief).blocks][:2] == [
        "brief-header",
        "brief-context",
    ]


def test_the_openai_prompt_asks_for_the_authors_voice_only_for_opinion() -> None:
    column = article_from_text(COLUMN)
    assert "attribute every summary point" in genre_line(column)
    assert "Okonkwo" not in genre_line(column)  # the byline is page data: it stays fenced
    assert genre_line(Article(paragraphs=["A fact."])) == "It is a news report."
    system = load_prompt("brief").system
    assert "opinion piece every point is the author's claim" in system
