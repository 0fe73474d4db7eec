"""The editorial failures an editor found, each reproduced with text written for it.

One test (or a few) per failure: pasted text that collapsed into one paragraph, a
quote credited to the wrong person, false or junk explainers, opinion stated as
fact, a summary that misses the story, `verify` passing a wrong score, and the
console script's usage.
"""

from __future__ import annotations

import pytest

from bot.article.extract import extract_html
from bot.article.model import Article
from bot.article.plaintext import article_from_text
from bot.briefs import EngineInfo, Quote, SummaryPoint
from bot.engines.extractive import ExtractiveEngine
from bot.grounding.gate import gate
from bot.grounding.verify import verify
from bot.prompts import genre_line, load_prompt
from bot.render.blocks import render_blocks
from bot.render.markdown import render_markdown
from tests.grounding_support import gate_draft, plain

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


def test_a_columnist_byline_counts_as_the_bio_but_a_reporters_does_not() -> None:
    """The author's voice alone (here about 1.4 "I" per 100 words) is one weak signal; a
    byline naming a columnist is the second, as a bio would be. A reporter's is not."""
    neutral = (
        "The county council will decide next month whether to withdraw the route as part of "
        "a wider review of rural transport, and its papers put the saving at £186,000 a year. "
    )
    text = (
        "Keep the 41 bus running\n"
        "By Nadia Okonkwo, columnist\n"
        f"{neutral}I think that would be a mistake the county pays for later.\n"
        f"{neutral}\n{neutral}\n"
    )
    column = article_from_text(text)
    assert column.genre == "opinion"
    assert column.byline == "Nadia Okonkwo"
    reporter = article_from_text(text.replace(", columnist", ", transport reporter"))
    assert reporter.genre == "news"


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
    assert plain(gate_draft(news, INFO, summary=[point]).summary) == [point]


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
    assert "opinion piece each point is the author's claim" in system


# --- 6. verify ---------------------------------------------------------------------------

VOTE = Article(
    title="Council splits on the ferry levy",
    paragraphs=[
        "The council voted 5-4 on Tuesday to approve the levy. Three members were absent.",
        "The levy will raise £3 a trip from April.",
    ],
)


def test_verify_checks_a_score_as_a_pair_not_as_two_numbers_found_apart() -> None:
    report = verify(VOTE, "The council voted 5-3 to approve the levy.")
    assert not report.ok
    assert [(n.text, n.status) for n in report.numbers] == [("5-3", "not_found")]
    assert verify(VOTE, "The council voted 5-4 to approve the levy.").ok


def test_the_gate_drops_a_point_whose_score_is_not_the_articles() -> None:
    point = SummaryPoint(text="The council voted 5-3 to approve the levy.", paragraphs=[1])
    brief = gate_draft(VOTE, INFO, summary=[point])
    assert plain(brief.summary) == []
    assert brief.dropped[0].reason == "number 5-3 not in paragraphs [1] (the article has 5-4)"


def test_verify_takes_a_headline_label_for_a_label_not_a_name() -> None:
    report = verify(VOTE, "# Analysis: a split council\n\nThe council voted 5-4.")
    assert report.names == []
    assert report.ok


# --- 1 (again): the same story pasted and as a web page ----------------------------------

STORY_PARAGRAPHS = [
    "Wrenford council approved a £2 ferry levy by 5-4 on Tuesday, after a debate of four hours.",
    "The levy will be charged on every adult return ticket from 1 April, the council said.",
    "“Two pounds is the least it takes to keep the boat in the water,” said Councillor Ruth Allard.",
    "Opponents said the charge would deter day visitors on whom the island's cafes depend.",
]
PASTED = "\n".join(
    [
        "Ferry levy approved after four-hour debate",
        "By Hannah Blake, Local Democracy Reporter",
        "12 March 2025",
        "WRENFORD (Coastline News) — " + STORY_PARAGRAPHS[0],
        "Advertisement",
        STORY_PARAGRAPHS[1],
        "A divided chamber",
        "Photo: Tom Hale/Coastline Images",
        STORY_PARAGRAPHS[2],
        "MORE: Island school to close in July",
        "If you have been affected by any of the issues in this story, call 0800 123 456.",
        STORY_PARAGRAPHS[3],
        "Hannah Blake is a local democracy reporter covering Wrenford.",
    ]
)
PAGE = f"""<!doctype html><html><head><title>Ferry levy approved after four-hour debate</title>
<meta name="author" content="Hannah Blake"></head><body><nav><a href="/">Home</a></nav>
<article><h1>Ferry levy approved after four-hour debate</h1>
<p>WRENFORD (Coastline News) — {STORY_PARAGRAPHS[0]}</p>
<div class="ad"><p>Advertisement</p></div>
<p>{STORY_PARAGRAPHS[1]}</p>
<h2>A divided chamber</h2>
<figure><figcaption>Photo: Tom Hale/Coastline Images</figcaption></figure>
<p>{STORY_PARAGRAPHS[2]}</p>
<p>MORE: Island school to close in July</p>
<p>If you have been affected by any of the issues in this story, call 0800 123 456.</p>
<p>{STORY_PARAGRAPHS[3]}</p>
</article><footer>© Coastline News</footer></body></html>"""


def test_pasted_text_and_its_web_page_give_the_same_body_paragraphs() -> None:
    pasted = article_from_text(PASTED)
    page = extract_html(PAGE, url="https://news.example/ferry-levy")
    assert pasted.paragraphs == STORY_PARAGRAPHS
    assert page.paragraphs == STORY_PARAGRAPHS
    assert pasted.title == page.title == "Ferry levy approved after four-hour debate"
    assert pasted.byline == page.byline == "Hannah Blake"
    assert pasted.published == "2025-03-12"


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        # hard-wrapped email text: lines joined within blank-line blocks
        (
            "Title of the story\n\nThe council voted on Monday to raise ferry fares for\n"
            "the first time since 2016.\n\nThe rise takes effect in April, the council said.",
            [
                "The council voted on Monday to raise ferry fares for the first time since 2016.",
                "The rise takes effect in April, the council said.",
            ],
        ),
        # one paragraph a line, no blank lines, a subhead between
        (
            "Title of the story\nFirst paragraph ends here.\nSubhead here\nSecond ends here.",
            ["First paragraph ends here.", "Second ends here."],
        ),
        # blank lines and single lines mixed
        (
            "Title of the story\n\nFirst paragraph ends here.\nSecond ends here.\n\nThird one.",
            ["First paragraph ends here.", "Second ends here.", "Third one."],
        ),
    ],
)
def test_paragraphs_are_right_for_each_shape_of_pasted_text(
    text: str, paragraphs: list[str]
) -> None:
    assert article_from_text(text).paragraphs == paragraphs


# --- 3. explainers -------------------------------------------------------------------------


def explainers_of(*paragraphs: str) -> dict[str, str]:
    story = Article(title="Budget row deepens", paragraphs=list(paragraphs))
    return {e.term: e.text for e in ExtractiveEngine().draft(story).explainers}


def test_a_stacked_appositive_describes_the_person_not_the_institution() -> None:
    found = explainers_of(
        "Lena Ortiz, a senior adviser at the Treasury, a former banker, said the plan was sound.",
        "Ortiz said the Treasury would publish its figures in May.",
        "Ortiz, 52, has advised three chancellors.",
    )
    assert "Treasury" not in found
    assert found.get("Lena Ortiz", "a senior adviser at the Treasury") in {
        "a senior adviser at the Treasury",
        "a former banker",
    }


def test_sentence_adverbs_and_clause_fragments_are_not_explainers() -> None:
    found = explainers_of(
        "Meanwhile, the union, which has long opposed the plan, called a strike ballot.",
        "Crucially, the Harbour Board, which meets on Friday, must approve the sale.",
        "Nevertheless, the vote exposed a split in the ruling group.",
        "The union said its members at the Harbour Board would vote next week.",
    )
    assert not {"Meanwhile", "Crucially", "Nevertheless"} & set(found)
    assert not any(text.startswith(("which", "who", "that")) for text in found.values())


# --- 5. the summary ------------------------------------------------------------------------


def test_the_summary_opens_with_the_headline_fact_and_skips_leaning_sentences() -> None:
    story = Article(
        title="Driver jailed for six years for killing cyclist",
        paragraphs=[
            "Residents of the Harrowmere bypass have long complained about speeding vans.",
            "A delivery driver who killed a cyclist while reading a text was jailed for six years "
            "at Wrenford Crown Court on Friday.",
            "It would be called the worst case the court had heard this year by one lawyer.",
            "Kieran Lomax, 34, admitted causing death by dangerous driving in January.",
            "No, the firm said, it had never told drivers to read messages on the road.",
        ],
    )
    summary = [p.text for p in ExtractiveEngine().draft(story).summary]
    assert summary[0].startswith("A delivery driver who killed a cyclist")
    assert not any(s.startswith(("It would", "No, the firm")) for s in summary)
