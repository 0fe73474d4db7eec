"""The gate: planted fabrications are dropped with a reason, true items are kept as they are."""

from __future__ import annotations

import functools
import random

import pytest

from bot.article.model import Article
from bot.briefs import Brief, Draft, Dropped, EngineInfo, Explainer, Quote, SummaryPoint
from bot.grounding.gate import MAX_SUMMARY, gate
from bot.grounding.quote_gate import is_note
from bot.text.normalize import quoted_spans
from tests.grounding_support import evidenced, gate_draft, load_article, plain

INFO = EngineInfo(engine="test", model="fake-1", prompt_version="abc123")


ARTICLE = load_article()


run = functools.partial(gate_draft, ARTICLE, INFO)


def only_drop(brief: Brief) -> Dropped:
    assert len(brief.dropped) == 1, brief.dropped
    return brief.dropped[0]


def losses(brief: Brief) -> list[Dropped]:
    """What was really dropped: not the notes about repaired, moved or duplicate quotes."""
    return [d for d in brief.dropped if not is_note(d)]


def test_fixture_is_a_ten_paragraph_article() -> None:
    assert len(ARTICLE.paragraphs) == 10
    assert ARTICLE.title is not None


def test_brief_carries_engine_info_and_article() -> None:
    brief = run()
    assert (brief.engine, brief.model, brief.prompt_version) == ("test", "fake-1", "abc123")
    assert brief.article == ARTICLE
    assert (brief.summary, brief.quotes, brief.explainers, brief.dropped) == ([], [], [], [])


# --- summary points -----------------------------------------------------------------

TRUE_POINTS = [
    SummaryPoint(
        text="Westbrook City Council voted 5-2 on Tuesday to approve a $4.5m plan to "
        "rebuild the Millbrook Bridge.",
        paragraphs=[1],
    ),
    SummaryPoint(
        text="According to an engineering report, traffic on the 92-year-old bridge has grown "
        "45% since 2015, to about 4500 vehicles a day.",
        paragraphs=[1, 5],
    ),
    SummaryPoint(
        text="Construction is expected to begin in September and take 18 months.", paragraphs=[6]
    ),
    SummaryPoint(text="Mayor Lopez cast the deciding vote.", paragraphs=[3]),
    SummaryPoint(
        text="Lopez cast the deciding vote after nearly three hours of public comment.",
        paragraphs=[2, 3],
    ),
    # the full name is in paragraph 3; paragraph 9 says "Lopez"
    SummaryPoint(text="Ana Lopez said she is open to a relief fund.", paragraphs=[9]),
    SummaryPoint(
        text="Finance director Tom Okafor said a $3 million bond and $1.5m from reserves "
        "would pay for it over 20 years, without raising property taxes.",
        paragraphs=[8],
    ),
    SummaryPoint(
        text="Business owners on Quay Street, among them Maria Chen of the Harbour Lights "
        "Café, worry about lost trade.",
        paragraphs=[6, 7],
    ),
    SummaryPoint(
        text="The Westbrook Chamber of Commerce has asked the city to set up a $250,000 relief "
        "fund.",
        paragraphs=[9],
    ),
    SummaryPoint(text="Lopez called it “the safest choice for every family”.", paragraphs=[3]),
    SummaryPoint(text='Reyes said he "won\'t pretend otherwise."', paragraphs=[4]),
    SummaryPoint(
        text="A public meeting will be held on Oct. 3 at the Westbrook Public Library.",
        paragraphs=[10],
    ),
    SummaryPoint(
        text="Dan Reyes, one of two members who voted against the plan, said the city "
        "should have sought a state grant first.",
        paragraphs=[4],
    ),
]


@pytest.mark.parametrize("first", range(0, len(TRUE_POINTS), MAX_SUMMARY))
def test_true_summary_points_are_all_kept_unchanged(first: int) -> None:
    points = TRUE_POINTS[first : first + MAX_SUMMARY]
    brief = run(summary=points)
    assert brief.dropped == []
    assert plain(brief.summary) == points


@pytest.mark.parametrize(
    ("point", "reason"),
    [
        (
            SummaryPoint(text="Traffic has grown 54% since 2015.", paragraphs=[5]),
            "number 54% not in paragraphs [5]",
        ),
        (
            SummaryPoint(text="The council voted 6-1 to approve the plan.", paragraphs=[1]),
            "number 6-1 not in paragraphs [1] (the article has 5-2)",
        ),
        (
            SummaryPoint(text="The plan costs $5.4m.", paragraphs=[1]),
            "number $5.4m not in paragraphs [1]",
        ),
        (
            SummaryPoint(text="Governor Paul Wright backed the plan.", paragraphs=[1]),
            "name “Governor Paul Wright” not in paragraphs [1]",
        ),
        (
            SummaryPoint(text="Businesses want a $250,000 relief fund.", paragraphs=[1]),
            "number $250,000 not in paragraphs [1]",
        ),
        (
            SummaryPoint(text="Maria Chen voted against the plan.", paragraphs=[4]),
            "name “Maria Chen” not in paragraphs [4]",
        ),
        (
            SummaryPoint(text="Carlos Lopez is open to a relief fund.", paragraphs=[9]),
            "name “Carlos Lopez” not in paragraphs [9]",
        ),
        (
            SummaryPoint(text="Mayor Ana Lopez criticised Quay Street traders.", paragraphs=[9]),
            "name “Quay Street” not in paragraphs [9]",
        ),
        (
            SummaryPoint(text="The bridge is old.", paragraphs=[40]),
            "evidence “a missing paragraph” is not in the article (paragraph 40 does not exist)",
        ),
        (
            SummaryPoint(text="The bridge is old.", paragraphs=[0, 11]),
            "evidence “a missing paragraph” is not in the article (paragraph 0 does not exist)",
        ),
        (
            SummaryPoint(text="The bridge is old.", paragraphs=[]),
            "no evidence: the item names no sentence of the article",
        ),
        (
            SummaryPoint(text="Lopez called the plan “the best choice”.", paragraphs=[3]),
            "quote “the best choice” not found in the article",
        ),
    ],
)
def test_planted_summary_fabrications_are_dropped(point: SummaryPoint, reason: str) -> None:
    brief = run(summary=[point])
    assert plain(brief.summary) == []
    assert only_drop(brief) == Dropped(kind="summary", text=point.text, reason=reason)


def test_missing_citation_is_dropped_but_the_point_kept_when_others_remain() -> None:
    point = SummaryPoint(text="Mayor Lopez cast the deciding vote.", paragraphs=[40, 3, 3])
    brief = run(summary=[point])
    assert [d.reason for d in brief.dropped] == [
        "evidence ignored: evidence “a missing paragraph” is not in the article "
        "(paragraph 40 does not exist)"
    ]
    assert all(is_note(d) for d in brief.dropped)
    assert plain(brief.summary) == [SummaryPoint(text=point.text, paragraphs=[3])]


def test_a_number_true_elsewhere_still_needs_its_cited_paragraph() -> None:
    point = SummaryPoint(
        text="According to an engineering report, traffic has grown to about 4,500 vehicles a day.",
        paragraphs=[5],
    )
    assert plain(run(summary=[point]).summary) == [point]
    assert plain(run(summary=[point.model_copy(update={"paragraphs": [6]})]).summary) == []


# --- quotes -------------------------------------------------------------------------

P3_FIRST = "We cannot keep patching a bridge that was built for horse carts"
P4 = (
    "We are asking taxpayers to carry a load that Harlow County should share "
    "\u2014 and I won\u2019t pretend otherwise"
)


def test_exact_quote_is_kept_with_its_speaker() -> None:
    brief = run(quotes=[Quote(text=P3_FIRST, speaker="Mayor Ana Lopez", paragraph=3)])
    assert brief.dropped == []
    assert brief.quotes == [Quote(text=P3_FIRST, speaker="Mayor Ana Lopez", paragraph=3)]


@pytest.mark.parametrize(
    "typed",
    [
        # straight apostrophe, hyphen for the em dash
        "We are asking taxpayers to carry a load that Harlow County should share - and "
        "I won't pretend otherwise",
        # two hyphens, no spaces around the dash, a line break
        "We are asking taxpayers to carry a load that Harlow County should\nshare--and I "
        "won't pretend otherwise",
        # surrounding quotation marks and extra whitespace
        "  \u201cWe are asking  taxpayers to carry a load that Harlow County should share "
        "\u2013 and I won\u2019t pretend otherwise\u201d ",
    ],
)
def test_trivially_typed_quote_is_kept_in_the_articles_exact_words(typed: str) -> None:
    brief = run(quotes=[Quote(text=typed, speaker="Reyes", paragraph=4)])
    assert brief.dropped == []
    assert brief.quotes == [Quote(text=P4, speaker="Reyes", paragraph=4)]


def test_quote_cited_to_the_wrong_paragraph_gets_the_right_number() -> None:
    brief = run(quotes=[Quote(text="open to the idea", speaker="Lopez", paragraph=2)])
    assert brief.quotes == [Quote(text="open to the idea", speaker="Lopez", paragraph=9)]
    brief = run(quotes=[Quote(text="open to the idea", speaker="Lopez", paragraph=99)])
    assert brief.quotes[0].paragraph == 9


@pytest.mark.parametrize(
    ("typed", "repaired", "paragraph"),
    [
        # case
        (P3_FIRST.lower(), P3_FIRST, 3),
        # one missing small word ("the")
        (
            "This is safest choice for every family who crosses that river",
            "This is the safest choice for every family who crosses that river",
            3,
        ),
        # one extra small word ("a")
        (
            "carry a load that a Harlow County should share",
            "carry a load that Harlow County should share",
            4,
        ),
    ],
)
def test_trivially_different_quote_is_repaired_and_the_repair_listed(
    typed: str, repaired: str, paragraph: int
) -> None:
    brief = run(quotes=[Quote(text=typed, paragraph=paragraph)])
    assert brief.quotes == [Quote(text=repaired, paragraph=paragraph)]
    assert brief.dropped == [
        Dropped(
            kind="quote", text=typed, reason=f"repaired to the article's exact words: “{repaired}”"
        )
    ]


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("It's that simple.", "It\u2019s that simple"),
        ("...we close. It's that simple!", "we close. It\u2019s that simple"),
    ],
)
def test_punctuation_at_the_ends_is_not_a_repair(typed: str, kept: str) -> None:
    brief = run(quotes=[Quote(text=typed, paragraph=7)])
    assert brief.quotes == [Quote(text=kept, paragraph=7)]
    assert brief.dropped == []


def test_quote_found_in_another_paragraph_is_listed_with_both_numbers() -> None:
    typed = P3_FIRST.lower()
    brief = run(quotes=[Quote(text=typed, speaker="Lopez", paragraph=1)])
    assert brief.quotes == [Quote(text=P3_FIRST, speaker="Lopez", paragraph=3)]
    (note,) = brief.dropped
    assert note.kind == "quote"
    assert note.text == typed
    assert note.reason == (
        f"repaired to the article's exact words: “{P3_FIRST}”; "
        "cited paragraph 1, found in paragraph 3"
    )
    assert is_note(note)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        # one content word changed
        (
            "We cannot keep fixing a bridge that was built for horse carts",
            "quote not found in the article",
        ),
        # a missing "not" is never trivial
        ("not ready to promise money we do have", "quote not found in the article"),
        # an invented quote
        ("Westbrook deserves a better bridge than this", "quote not found in the article"),
        # a fragment of a word
        ("ot ready to promise", "quote not found in the article"),
        # the reporter's words, not a quotation
        (
            "traffic on the bridge has grown 45 per cent since 2015",
            "words found in the article, but not inside quotation marks",
        ),
        # a quotation with its attribution glued on
        (
            "If people can\u2019t get to us, we close. It\u2019s that simple,\u201d said Maria Chen",
            "words found in the article, but not inside quotation marks",
        ),
        ("\u201c \u201d", "empty quote"),
    ],
)
def test_altered_or_invented_quotes_are_dropped(typed: str, reason: str) -> None:
    brief = run(quotes=[Quote(text=typed, speaker="Ana Lopez", paragraph=3)])
    assert brief.quotes == []
    assert only_drop(brief) == Dropped(kind="quote", text=typed, reason=reason)


def test_identical_quotes_are_kept_once_and_the_copies_listed() -> None:
    copies = [P4.replace("\u2019", "'"), f"\u201c{P4}\u201d"]
    brief = run(
        quotes=[
            Quote(text=P4, speaker="Reyes", paragraph=4),
            Quote(text=copies[0], speaker="Dan Reyes", paragraph=4),
            Quote(text=copies[1], speaker=None, paragraph=1),
        ]
    )
    assert brief.quotes == [Quote(text=P4, speaker="Reyes", paragraph=4)]
    assert brief.dropped == [
        Dropped(kind="quote", text=text, reason="duplicate quote") for text in copies
    ]


# --- speakers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (P3_FIRST, "Ana Lopez"),
        (P3_FIRST, "Lopez"),
        (P3_FIRST, "Mayor Ana Lopez"),
        (P3_FIRST, "the mayor"),
        (P3_FIRST, "Mayor Lopez"),
        (P4, "Councillor Dan Reyes"),
        ("open to the idea", "Lopez"),
        ("It\u2019s that simple", "Maria Chen"),
    ],
)
def test_speaker_named_nearby_is_kept(text: str, speaker: str) -> None:
    brief = run(quotes=[Quote(text=text, speaker=speaker, paragraph=1)])
    assert losses(brief) == []
    assert brief.quotes[0].speaker == speaker


NOT_NAMED = "speaker not named in paragraph {} or {}; not guessed"
OTHER = "the article attributes this quote to {}; not guessed"


@pytest.mark.parametrize(
    ("text", "speaker", "reason"),
    [
        ("It\u2019s that simple", "Dan Reyes", OTHER.format("Maria Chen")),  # named elsewhere
        ("It\u2019s that simple", "Reyes", OTHER.format("Maria Chen")),
        # too short for the attribution parser: the "named nearby" rule decides
        ("open to the idea", "Maria Chen", NOT_NAMED.format(8, 9)),
        ("open to the idea", "John Lopez", NOT_NAMED.format(8, 9)),  # invented first name
        ("open to the idea", "Ana Lopez's aide", NOT_NAMED.format(8, 9)),  # not named near
        (P3_FIRST, "she", OTHER.format("Ana Lopez")),  # a pronoun is not a speaker
        (P3_FIRST, "Governor Paul Wright", OTHER.format("Ana Lopez")),
        (P3_FIRST, "a council spokesperson", OTHER.format("Ana Lopez")),
        (P3_FIRST, "lopez", OTHER.format("Ana Lopez")),  # names are case-sensitive
        (P3_FIRST, "the", OTHER.format("Ana Lopez")),
    ],
)
def test_wrong_speaker_is_dropped_not_guessed(text: str, speaker: str, reason: str) -> None:
    brief = run(quotes=[Quote(text=text, speaker=speaker, paragraph=1)])
    (quote,) = brief.quotes
    assert quote.speaker is None
    assert quote.text == text
    assert losses(brief) == [Dropped(kind="speaker", text=speaker, reason=reason)]


# --- explainers ---------------------------------------------------------------------


def test_explainer_from_the_article_is_kept() -> None:
    explainer = Explainer(
        term="Castell & Pike Engineering",
        text="Prepared the engineering report commissioned by the city.",
        paragraphs=[5],
    )
    brief = run(explainers=[explainer])
    assert brief.dropped == []
    assert plain(brief.explainers) == [explainer]


def test_background_explainer_without_new_names_or_numbers_is_kept() -> None:
    explainer = Explainer(
        term="Structurally deficient",
        text="A rating engineers give a bridge when a key part of it is in poor condition.",
        paragraphs=[5],
        background=True,
    )
    assert plain(run(explainers=[explainer]).explainers) == [explainer]


def test_background_about_a_name_in_the_story_is_dropped() -> None:
    """Outside knowledge is for terms; the story's people, bodies and places are described
    by the article only (a model's "background" on them is where defamation creeps in)."""
    explainer = Explainer(
        term="Harlow County",
        text="The county that includes Westbrook and the Millbrook Bridge.",
        paragraphs=[4],
        background=True,
    )
    brief = run(explainers=[explainer])
    assert brief.explainers == []
    assert "a name in the story" in only_drop(brief).reason


@pytest.mark.parametrize(
    ("explainer", "reason"),
    [
        (
            Explainer(
                term="Harlow County",
                text="The county that includes Westbrook; its seat is Marlow.",
                paragraphs=[4],
                background=True,
            ),
            "name “Marlow” not in the article",
        ),
        (
            Explainer(
                term="Structurally deficient",
                text="Bridges with this rating are inspected every 7 years.",
                paragraphs=[5],
                background=True,
            ),
            "number 7 not in the article",
        ),
        (
            Explainer(term="Millbrook Tunnel", text="A road tunnel.", paragraphs=[1]),
            "term “Millbrook Tunnel” not in paragraphs [1]",
        ),
        (
            Explainer(term="Quay Street", text="A street by the bridge.", paragraphs=[]),
            "no evidence: the item names no sentence of the article",
        ),
        (
            Explainer(term="Tom Okafor", text="The city's finance director.", paragraphs=[80]),
            "evidence “a missing paragraph” is not in the article (paragraph 80 does not exist)",
        ),
        (
            Explainer(
                term="Tom Okafor",
                text="The city's finance director since 2009.",
                paragraphs=[8],
            ),
            "number 2009 not in paragraphs [8]",
        ),
    ],
)
def test_planted_explainer_fabrications_are_dropped(explainer: Explainer, reason: str) -> None:
    brief = run(explainers=[explainer])
    assert plain(brief.explainers) == []
    dropped = only_drop(brief)
    assert dropped == Dropped(
        kind="explainer", text=f"{explainer.term}: {explainer.text}", reason=reason
    )


# --- properties ---------------------------------------------------------------------


def all_quotations() -> list[tuple[int, str]]:
    return [(n, s.text) for n, p in enumerate(ARTICLE.paragraphs, 1) for s in quoted_spans(p)]


def test_every_quotation_in_the_article_passes_from_any_cited_paragraph() -> None:
    rng = random.Random(3)
    quotations = all_quotations()
    assert len(quotations) == 7
    quotes = [Quote(text=text, paragraph=rng.randint(-2, 14)) for _, text in quotations]
    brief = run(quotes=quotes)
    assert [(q.paragraph, q.text) for q in brief.quotes] == [
        (n, text.strip(" ,;:")) for n, text in quotations
    ]
    moved = [
        Dropped(
            kind="quote",
            text=q.text,
            reason=f"cited paragraph {q.paragraph}, found in paragraph {n}",
        )
        for q, (n, _) in zip(quotes, quotations, strict=True)
        if q.paragraph != n
    ]
    assert moved  # the random citations did miss
    assert brief.dropped == moved


def test_kept_quotes_are_always_the_articles_exact_words() -> None:
    """Mutate real quotations at random: whatever survives is verbatim article text."""
    rng = random.Random(11)
    replacements = ["bridge", "river", "money", "Westbrook", "never", "always", "people"]
    quotations = all_quotations()
    kept_after_content_change = kept = 0
    for _ in range(150):
        n, text = rng.choice(quotations)
        words = text.split()
        i = rng.randrange(len(words))
        kind = rng.choice(["replace", "case", "curly", "delete"])
        if kind == "replace":
            new = rng.choice([w for w in replacements if w.lower() != words[i].lower()])
            words[i] = new
        elif kind == "case":
            words[i] = words[i].swapcase()
        elif kind == "delete" and len(words) > 3:
            del words[i]
        typed = " ".join(words)
        if kind == "curly":
            typed = typed.replace("\u2019", "'")
        brief = run(quotes=[Quote(text=typed, paragraph=n)])
        for quote in brief.quotes:
            kept += 1
            paragraph = ARTICLE.paragraph(quote.paragraph)
            assert quote.text in paragraph
            assert any(quote.text in span.text for span in quoted_spans(paragraph))
            if kind == "replace":
                kept_after_content_change += 1
    assert kept_after_content_change == 0
    assert kept > 50  # the repairs were exercised, not only the drops


def test_article_without_quotation_marks_still_allows_exact_quotes() -> None:
    article = Article(
        paragraphs=[
            "The library will close in June, the council said.",
            "We have no choice, said Ana Lopez, the mayor.",
        ]
    )
    draft = Draft(quotes=[Quote(text="We have no choice", speaker="Ana Lopez", paragraph=1)])
    brief = gate(article, evidenced(article, draft), INFO)
    assert brief.quotes == [Quote(text="We have no choice", speaker="Ana Lopez", paragraph=2)]


def test_accented_speaker_is_kept_and_possessive_is_not() -> None:
    article = Article(
        paragraphs=[
            "The harbour master, Siân Pritchard, spoke after the vote.",
            '"We will open the barrier only in a storm," Siân Pritchard said.',
        ]
    )
    draft = Draft(
        quotes=[
            Quote(
                text="We will open the barrier only in a storm",
                speaker="Siân Pritchard",
                paragraph=2,
            ),
        ]
    )
    brief = gate(article, evidenced(article, draft), EngineInfo(engine="test"))
    assert [q.speaker for q in brief.quotes] == ["Siân Pritchard"]

    possessive = Draft(
        quotes=[
            Quote(
                text="We will open the barrier only in a storm",
                speaker="Pritchard's deputy",
                paragraph=2,
            )
        ]
    )
    brief = gate(article, evidenced(article, possessive), EngineInfo(engine="test"))
    assert brief.quotes[0].speaker is None
