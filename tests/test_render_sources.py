"""Sources on request: the button's references, and what a click or `--sources` shows."""

from __future__ import annotations

from bot.article.model import Article
from bot.briefs import Brief, Evidence, Explainer, SummaryPoint
from bot.render.blocks import render_blocks
from bot.render.markdown import render_markdown
from bot.render.sources import MAX_VALUE, read_refs, refs, render_sources, sources_button

ARTICLE = Article(
    title="Ferry fares rise",
    paragraphs=[
        "Ferry fares will rise by 18% from April. The harbour authority said so on Monday.",
        "Tobias Wren chairs the authority. <!channel> was typed by a prankster in the page.",
    ],
)


def brief(summary: list[SummaryPoint], explainers: list[Explainer] | None = None) -> Brief:
    return Brief(
        article=ARTICLE,
        summary=summary,
        quotes=[],
        explainers=explainers or [],
        engine="test",
        model=None,
        prompt_version=None,
    )


FIRST = SummaryPoint(
    text="Fares rise 18% in April.",
    paragraphs=[1],
    evidence=[Evidence(text="Ferry fares will rise by 18% from April.", paragraph=1)],
)
WREN = Explainer(
    term="Tobias Wren",
    text="Chairs the authority.",
    paragraphs=[2],
    evidence=[Evidence(text="Tobias Wren chairs the authority.", paragraph=2)],
)


def test_references_round_trip_to_the_articles_own_sentences() -> None:
    value = refs(brief([FIRST], [WREN]))
    items = read_refs(value)
    assert [label for label, _ in items] == ["Summary 1", "Explainer 1"]
    lines = render_sources(ARTICLE, items)
    assert lines[0] == "• *Summary 1*: ¶1 “Ferry fares will rise by 18% from April.”"
    assert lines[1] == "• *Explainer 1*: ¶2 “Tobias Wren chairs the authority.”"


def test_a_sentence_shown_from_the_article_cannot_ping_the_channel() -> None:
    ping = Evidence(text="<!channel> was typed by a prankster in the page.", paragraph=2)
    point = FIRST.model_copy(update={"evidence": [ping]})
    (line,) = render_sources(ARTICLE, read_refs(refs(brief([point]))))
    assert "<!channel>" not in line
    assert "&lt;!channel&gt;" in line


def test_the_value_stays_within_slacks_limit_and_says_no_more_than_it_can() -> None:
    many = [FIRST] * 400
    value = refs(brief(many))
    assert len(value) <= MAX_VALUE
    assert 0 < len(read_refs(value)) < 400


def test_tampered_or_stale_references_show_nothing_wrong() -> None:
    items = read_refs("S1.0.9999|S9.0.5|Xjunk|E2.5.1|S1.0.abc")
    lines = render_sources(ARTICLE, items)
    assert lines == [
        "• *Summary 1*: _(no evidence shown)_",
        "• *Summary 2*: _(no evidence shown)_",
        "• *Explainer 1*: _(no evidence shown)_",
        "• *Summary 3*: _(no evidence shown)_",
    ]


def test_the_brief_has_a_sources_button_only_when_it_has_evidence() -> None:
    with_evidence = render_blocks(brief([FIRST]))
    assert with_evidence.blocks[-1] == sources_button(brief([FIRST]))
    bare = FIRST.model_copy(update={"evidence": []})
    assert sources_button(brief([bare])) is None
    assert all(b["type"] != "actions" for b in render_blocks(brief([bare])).blocks)


def test_markdown_lists_sources_only_on_request() -> None:
    shown = render_markdown(brief([FIRST], [WREN]), show_sources=True)
    assert "## Sources" in shown
    assert "- **Summary 1**: ¶1 “Ferry fares will rise by 18% from April.”" in shown
    assert "## Sources" not in render_markdown(brief([FIRST], [WREN]))
