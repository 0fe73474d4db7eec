"""The brief as a Block Kit message (`bot.render.blocks`): layout, limits and safety.

`assert_within_slack_limits` walks a message and checks every Slack limit the
renderer must keep; `assert_cannot_ping_or_link` checks that no mention, broadcast
or link other than the source survives anywhere. Both are tested to fail on bad input.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk.models.blocks import Block

from bot.article.model import Article
from bot.briefs import Brief, Dropped, Explainer, Quote, SummaryPoint
from bot.render.blocks import Budget, RenderedMessage, render_blocks, render_explainer_answer
from bot.render.mrkdwn import link, slack_len

SOURCE = "https://portalder-gazette.example/news/2024/harbour-barrier?ref=home&utm=x"
SOURCE_LINK = link(SOURCE, "portalder-gazette.example")
AI_LABEL_TEXT = "AI-generated — check against the source before publishing"

HOSTILE = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam^S0123ABC|@night-desk>",
    "<@U0123ABC>",
    "<#C0123ABC|newsroom>",
    "<! channel>",
    "<!chan\nnel>",
    "< !here >",
    "@channel",
    "@Here",
    "@EVERYONE",
    "@night-desk",
    "&lt;!channel&gt;",
    "<https://evil.example|click here>",
    "https://evil.example/login",
    "http://evil.example",
    "www.evil.example",
    "<mailto:x@evil.example|mail>",
    "```",
    "`",
    "\u202eevil",
]
HOSTILE_TEXT = " ".join(HOSTILE)

# --- the checkers ------------------------------------------------------------------


def assert_within_slack_limits(message: RenderedMessage) -> None:
    """Every Block Kit limit the renderer promises, checked block by block."""
    blocks = message.blocks
    assert 1 <= len(blocks) <= 50, f"{len(blocks)} blocks"
    ids = [block["block_id"] for block in blocks if "block_id" in block]
    assert len(ids) == len(set(ids)), "duplicate block_id"
    total = 0
    for block in blocks:
        assert len(block.get("block_id", "")) <= 255, "block_id too long"
        kind = block["type"]
        if kind == "header":
            assert block["text"]["type"] == "plain_text"
            total += _check_text(block["text"], 150)
        elif kind == "section":
            assert "text" in block or "fields" in block, "empty section"
            if "text" in block:
                total += _check_text(block["text"], 3000)
            fields = block.get("fields", [])
            assert len(fields) <= 10, "more than 10 fields"
            total += sum(_check_text(field, 2000) for field in fields)
        elif kind == "context":
            assert 1 <= len(block["elements"]) <= 10, "context elements"
            total += sum(_check_text(element, 3000) for element in block["elements"])
        else:
            assert kind == "divider", f"unexpected block type {kind}"
        Block.parse(block).validate_json()  # type: ignore[union-attr]
    assert total <= 12_000, f"{total} units of text in all (msg_blocks_too_long)"
    assert 1 <= slack_len(message.text) <= 4000, "fallback text length"
    json.dumps({"text": message.text, "blocks": blocks})


def _check_text(obj: dict[str, Any], limit: int) -> int:
    assert obj["type"] in {"plain_text", "mrkdwn"}
    length = slack_len(obj["text"])
    assert 1 <= length <= limit, f"{obj['type']} text of {length} units (limit {limit})"
    if obj["type"] == "mrkdwn":
        assert obj.get("verbatim") is True, "mrkdwn must be verbatim"
    return length


def _strings(message: RenderedMessage) -> Iterator[tuple[str, str]]:
    """Every text in the message, with its kind: `plain_text` or `mrkdwn`."""

    def walk(node: Any, kind: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            kind = node.get("type", kind) if node.get("type") in {"plain_text", "mrkdwn"} else kind
            for key, value in node.items():
                if key in {"type", "block_id"}:
                    continue
                yield from walk(value, kind)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item, kind)
        elif isinstance(node, str):
            yield kind, node

    yield from walk(message.blocks, "mrkdwn")
    yield "mrkdwn", message.text


def assert_cannot_ping_or_link(message: RenderedMessage, source_link: str | None) -> None:
    """No mention, broadcast, bare URL or link survives, except the source's own link."""
    for kind, text in _strings(message):
        rest = text.replace(source_link, "") if source_link else text
        assert "<" not in rest, f"markup in {kind}: {text!r}"
        assert ">" not in rest, f"markup in {kind}: {text!r}"
        assert "://" not in rest, f"URL in {kind}: {text!r}"
        assert "`" not in text, f"backtick in {kind}: {text!r}"
        assert "\u202e" not in text
        assert not re.search(r"@(channel|here|everyone)", text, re.IGNORECASE), text
        assert not re.search(r"(?<!\w)@\w", text), f"handle in {kind}: {text!r}"
        if kind == "plain_text":
            assert "&lt;" not in text
            assert "&gt;" not in text


def _links(message: RenderedMessage) -> list[str]:
    return [link for _, text in _strings(message) for link in re.findall(r"<[^<>]*>", text)]


# --- building briefs ---------------------------------------------------------------


def make_brief(
    *,
    title: str | None = "Port Alder approves £11m harbour flood barrier",
    url: str | None = SOURCE,
    summary: list[SummaryPoint] | None = None,
    quotes: list[Quote] | None = None,
    explainers: list[Explainer] | None = None,
    **extra: Any,
) -> Brief:
    article = Article(
        title=title,
        url=url,
        byline=extra.pop("byline", "By Nia Okafor"),
        published="2024-03-14",
        paragraphs=[f"Paragraph {n} of the barrier story." for n in range(1, 9)],
    )
    return Brief(
        article=article,
        summary=summary
        if summary is not None
        else [
            SummaryPoint(text="Councillors voted 9–2 to build the barrier.", paragraphs=[1, 2]),
            SummaryPoint(text="Work starts in spring and lasts four years.", paragraphs=[4]),
        ],
        quotes=quotes
        if quotes is not None
        else [
            Quote(
                text="This barrier is the town's insurance policy.",
                speaker="Mayor Ruth Penhale",
                paragraph=3,
            ),
            Quote(text="Nobody asked the fishermen.", speaker=None, paragraph=5),
        ],
        explainers=explainers
        if explainers is not None
        else [
            Explainer(
                term="Harbour Board", text="The body that runs Port Alder's docks.", paragraphs=[2]
            ),
            Explainer(
                term="Tidal surge barrier",
                text="A gate that closes against storm tides.",
                background=True,
            ),
        ],
        engine=extra.pop("engine", "openai"),
        model=extra.pop("model", "gpt-4.1-mini"),
        prompt_version=extra.pop("prompt_version", "brief-3f9a2c"),
        dropped=extra.pop("dropped", []),
    )


def _section_texts(message: RenderedMessage, kind: str) -> list[str]:
    return [
        b["text"]["text"]
        for b in message.blocks
        if b.get("block_id", "").startswith(f"brief-{kind}-")
    ]


def _hostile_brief() -> Brief:
    return make_brief(
        title=f"Barrier vote {HOSTILE_TEXT}",
        url=SOURCE,
        summary=[SummaryPoint(text=f"Point {form} here", paragraphs=[1]) for form in HOSTILE],
        quotes=[
            Quote(text=f"Quote {form}", speaker=f"Cllr {form}", paragraph=2) for form in HOSTILE
        ],
        explainers=[
            Explainer(term=f"Term {form}", text=f"About {form}.", paragraphs=[3])
            for form in HOSTILE
        ],
        byline=f"By {HOSTILE_TEXT}",
        model=f"model {HOSTILE_TEXT}",
        prompt_version="<!here>",
    )


# --- the checkers can fail -----------------------------------------------------------


def _ok() -> dict[str, Any]:
    return {
        "type": "section",
        "block_id": "s",
        "text": {"type": "mrkdwn", "text": "ok", "verbatim": True},
    }


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


@pytest.mark.parametrize(
    "blocks",
    [
        [{**_ok(), "block_id": f"b{i}"} for i in range(51)],
        [{"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}],
        [{"type": "header", "text": {"type": "plain_text", "text": "🌊" * 76}}],
        [{"type": "section", "text": _mrkdwn("x" * 3001)}],
        [{"type": "section", "fields": [_mrkdwn("f")] * 11}],
        [{"type": "section", "fields": [_mrkdwn("f" * 2001)]}],
        [{"type": "context", "elements": [_mrkdwn("c")] * 11}],
        [{"type": "context", "elements": [_mrkdwn("c" * 3001)]}],
        [{**_ok(), "block_id": "x" * 256}],
        [_ok(), _ok()],
        [{"type": "section", "text": _mrkdwn("")}],
        [{"type": "section", "text": {"type": "mrkdwn", "text": "not verbatim"}}],
        [{"type": "image", "image_url": "https://x.example/a.png", "alt_text": "a"}],
        [{**_ok(), "block_id": f"b{i}", "text": _mrkdwn("x" * 2900)} for i in range(5)],
    ],
)
def test_limit_checker_fails_on_oversized_blocks(blocks: list[dict[str, Any]]) -> None:
    with pytest.raises(AssertionError):
        assert_within_slack_limits(RenderedMessage(text="fallback", blocks=blocks))


def test_limit_checker_fails_on_an_oversized_fallback_text() -> None:
    with pytest.raises(AssertionError):
        assert_within_slack_limits(RenderedMessage(text="x" * 4001, blocks=[_ok()]))


@pytest.mark.parametrize(
    "text",
    [
        "<!channel>",
        "<@U1>",
        "@here",
        "<https://evil.example|x>",
        "https://evil.example",
        "`x`",
        "cc @desk",
    ],
)
def test_safety_checker_fails_on_each_ping_or_link_form(text: str) -> None:
    message = RenderedMessage(
        text="ok", blocks=[{**_ok(), "text": _mrkdwn(f"{SOURCE_LINK} {text}")}]
    )
    with pytest.raises(AssertionError):
        assert_cannot_ping_or_link(message, SOURCE_LINK)


def test_safety_checker_passes_the_source_link_alone() -> None:
    message = RenderedMessage(
        text="ok", blocks=[{**_ok(), "text": _mrkdwn(f"Source: {SOURCE_LINK}")}]
    )
    assert_cannot_ping_or_link(message, SOURCE_LINK)
    with pytest.raises(AssertionError):
        assert_cannot_ping_or_link(message, None)


# --- layout --------------------------------------------------------------------------


def test_a_brief_renders_header_context_and_three_parts() -> None:
    message = render_blocks(make_brief())
    assert_within_slack_limits(message)
    assert_cannot_ping_or_link(message, SOURCE_LINK)
    types = [block["type"] for block in message.blocks]
    assert types == ["header", "context", "section", "divider", "section", "divider", "section"]
    assert message.blocks[0]["text"]["text"] == "Port Alder approves £11m harbour flood barrier"
    context = " | ".join(element["text"] for element in message.blocks[1]["elements"])
    assert f"Source: {SOURCE_LINK}" in context
    assert "By Nia Okafor · 2024-03-14" in context
    assert "Engine: openai (gpt-4.1-mini) · prompt brief-3f9a2c" in context
    assert AI_LABEL_TEXT in context
    summary, quotes, explainers = (
        _section_texts(message, k)[0] for k in ("summary", "quotes", "explainers")
    )
    assert summary == (
        "*Summary*\n• Councillors voted 9–2 to build the barrier. [¶1, ¶2]\n"
        "• Work starts in spring and lasts four years. [¶4]"
    )
    assert "• “This barrier is the town's insurance policy.” — Mayor Ruth Penhale [¶3]" in quotes
    assert "• “Nobody asked the fishermen.” — _speaker not named_ [¶5]" in quotes
    assert "• *Harbour Board*: The body that runs Port Alder's docks. [¶2]" in explainers
    assert (
        "• *Tidal surge barrier* _(background knowledge, not from the article)_: "
        "A gate that closes against storm tides." in explainers
    )


def test_the_fallback_text_carries_the_label_the_items_and_the_source() -> None:
    text = render_blocks(make_brief()).text
    assert text.startswith(
        "Brief: Port Alder approves £11m harbour flood barrier\n" + AI_LABEL_TEXT
    )
    assert "• Nobody asked the fishermen.” — speaker not named [¶5]" not in text  # unstyled form:
    assert "• “Nobody asked the fishermen.” — speaker not named [¶5]" in text
    assert "Tidal surge barrier (background knowledge, not from the article)" in text
    assert text.endswith(f"Source: {SOURCE_LINK}")
    assert "*" not in text.replace(AI_LABEL_TEXT, "")


def test_empty_parts_say_so() -> None:
    message = render_blocks(make_brief(summary=[], quotes=[], explainers=[]))
    assert_within_slack_limits(message)
    assert _section_texts(message, "quotes") == ["*Key quotes*\n_(no quotes in the article)_"]
    assert "(no summary)" in _section_texts(message, "summary")[0]
    assert "(none)" in _section_texts(message, "explainers")[0]


def test_dropped_items_are_counted_in_the_context() -> None:
    dropped = [Dropped(kind="quote", text="Invented line", reason="not in the article")] * 3
    dropped += [
        Dropped(
            kind="quote", text="we held fares", reason="repaired to the article's exact words: “x”"
        ),
        Dropped(kind="quote", text="We held fares", reason="duplicate quote"),
    ]
    context = render_blocks(make_brief(dropped=dropped)).blocks[1]
    assert any(
        e["text"] == "3 draft items left out by the grounding check" for e in context["elements"]
    )


@pytest.mark.parametrize(
    ("parts", "kinds"),
    [
        (frozenset({"quotes"}), ["quotes"]),
        (frozenset({"explainers"}), ["explainers"]),
        (frozenset({"summary", "explainers"}), ["summary", "explainers"]),
        (None, ["summary", "quotes", "explainers"]),
    ],
)
def test_parts_limit_the_message_to_the_parts_asked_for(
    parts: frozenset[str] | None, kinds: list[str]
) -> None:
    message = render_blocks(make_brief(), parts=parts)
    assert_within_slack_limits(message)
    shown = [k for k in ("summary", "quotes", "explainers") if _section_texts(message, k)]
    assert shown == kinds
    assert message.blocks[0]["type"] == "header"
    assert any(AI_LABEL_TEXT in e["text"] for e in message.blocks[1]["elements"])
    assert ("Mayor Ruth Penhale" in message.text) == ("quotes" in kinds)


@pytest.mark.parametrize("parts", [frozenset(), frozenset({"quotes", "gossip"})])
def test_unknown_or_no_parts_are_a_programming_error(parts: frozenset[str]) -> None:
    with pytest.raises(ValueError):
        render_blocks(make_brief(), parts=parts)


# --- hostile and oversized input -----------------------------------------------------


def test_hostile_text_everywhere_cannot_ping_or_link() -> None:
    message = render_blocks(_hostile_brief())
    assert_within_slack_limits(message)
    assert_cannot_ping_or_link(message, SOURCE_LINK)
    assert _links(message) == [SOURCE_LINK, SOURCE_LINK]  # the context and the fallback text


def test_pre_escaped_text_shows_as_typed() -> None:
    message = render_blocks(make_brief(summary=[SummaryPoint(text="&lt;!channel&gt; &amp; co")]))
    assert "• &amp;lt;!channel&amp;gt; &amp;amp; co" in _section_texts(message, "summary")[0]


def test_a_hostile_source_url_is_encoded_inside_the_one_link() -> None:
    url = "https://gazette.example/a|<!channel>?q=1&r=<@U1>"
    message = render_blocks(make_brief(url=url))
    assert_within_slack_limits(message)
    only = link(url, "gazette.example")
    assert (
        only == "<https://gazette.example/a%7C%3C!channel%3E?q=1&amp;r=%3C@U1%3E|gazette.example>"
    )
    assert_cannot_ping_or_link(message, only)


@pytest.mark.parametrize("url", [None, "javascript:alert(1)", "ftp://files.example/story.txt"])
def test_no_link_at_all_without_an_http_source(url: str | None) -> None:
    message = render_blocks(make_brief(url=url))
    assert_within_slack_limits(message)
    assert_cannot_ping_or_link(message, None)
    assert _links(message) == []
    context = message.blocks[1]["elements"][0]["text"]
    assert context == "Source: pasted text" if url is None else context.endswith("(not linked)")


def test_the_fallback_text_stays_within_4000_with_a_long_url_and_a_huge_brief() -> None:
    url = "https://portalder-gazette.example/" + "a/" * 900
    brief = make_brief(
        url=url,
        title="T" * 400,
        summary=[SummaryPoint(text="detail " * 140, paragraphs=[1]) for _ in range(30)],
    )
    message = render_blocks(brief)
    assert_within_slack_limits(message)
    assert_cannot_ping_or_link(message, link(url, "portalder-gazette.example"))
    assert message.text.endswith(f"Source: {link(url, 'portalder-gazette.example')}")
    assert re.search(r"\n… \(trimmed: \d+ more items; see the source\)\n", message.text)


def test_engine_details_stay_on_one_line() -> None:
    context = render_blocks(make_brief(model="gpt\nmini", prompt_version="v1\n\nv2")).blocks[1]
    assert "Engine: openai (gpt mini) · prompt v1 v2" in [e["text"] for e in context["elements"]]


def test_a_10000_char_quote_is_trimmed_visibly() -> None:
    long_quote = "We will not let the sea decide our future, " * 240
    message = render_blocks(
        make_brief(quotes=[Quote(text=long_quote, speaker="Ruth Penhale", paragraph=3)])
    )
    assert_within_slack_limits(message)
    quotes = _section_texts(message, "quotes")[0]
    assert "“We will not let the sea decide our future," in quotes
    assert quotes.endswith("…” — Ruth Penhale [¶3] _(trimmed; see the source)_")
    assert slack_len(quotes) < 1200


def test_200_explainers_fit_and_the_rest_are_counted() -> None:
    explainers = [
        Explainer(
            term=f"Committee {n}",
            text=f"A council committee, number {n}, that meets monthly. " * 4,
            paragraphs=[n % 8 + 1],
        )
        for n in range(200)
    ]
    message = render_blocks(make_brief(explainers=explainers))
    assert_within_slack_limits(message)
    texts = "\n".join(_section_texts(message, "explainers"))
    shown = texts.count("\n• ") + texts.startswith("• ")
    match = re.search(r"_… \(trimmed: (\d+) more explainers; see the source\)_$", texts)
    assert match, texts[-200:]
    assert shown + int(match.group(1)) == 200
    assert 0 < shown < 200
    assert "Work starts in spring" in "\n".join(_section_texts(message, "summary"))


def test_every_part_gets_room_when_all_are_huge() -> None:
    many = 300
    brief = make_brief(
        summary=[
            SummaryPoint(text=f"Point {n}: " + "detail " * 120, paragraphs=[1]) for n in range(many)
        ],
        quotes=[
            Quote(text=f"Quote {n}: " + "words " * 200, speaker="Ruth Penhale", paragraph=2)
            for n in range(many)
        ],
        explainers=[Explainer(term=f"Term {n}", text="meaning " * 150) for n in range(many)],
    )
    message = render_blocks(brief)
    assert_within_slack_limits(message)
    for kind, noun in (
        ("summary", "summary points"),
        ("quotes", "quotes"),
        ("explainers", "explainers"),
    ):
        texts = "\n".join(_section_texts(message, kind))
        assert f"more {noun}; see the source)_" in texts, kind
    assert "(trimmed: " in message.text


def test_a_tight_block_budget_ends_with_a_final_notice() -> None:
    brief = make_brief(
        summary=[SummaryPoint(text="s " * 600) for _ in range(20)],
        quotes=[Quote(text="q " * 400, paragraph=2) for _ in range(7)],
        explainers=[Explainer(term=f"T{n}", text="e " * 400) for n in range(9)],
    )
    message = render_blocks(brief, budget=Budget(blocks=4))
    assert_within_slack_limits(message)
    assert len(message.blocks) <= 4
    notice = message.blocks[-1]
    assert notice["type"] == "context"
    assert (
        notice["elements"][0]["text"]
        == "_… (trimmed: 16 more items (7 quotes, 9 explainers); see the source)_"
    )


@pytest.mark.parametrize(("blocks", "chars"), [(3, 8000), (51, 8000), (50, 3999), (50, 12_001)])
def test_a_budget_cannot_pass_slacks_limits_or_starve_the_message(blocks: int, chars: int) -> None:
    with pytest.raises(ValueError):
        Budget(blocks=blocks, chars=chars)


def test_an_untitled_article_gets_a_header_all_the_same() -> None:
    for title in (None, "", "  \n\u202e "):
        message = render_blocks(make_brief(title=title))
        assert message.blocks[0]["text"]["text"] == "Untitled article"
        assert message.text.startswith("Brief: Untitled article\n")


def test_a_300_char_title_is_trimmed_in_the_header() -> None:
    title = "Port Alder council " + "debates the harbour barrier again " * 9
    header = render_blocks(make_brief(title=title)).blocks[0]["text"]["text"]
    assert slack_len(header) <= 150
    assert header.endswith("…")
    assert title.startswith(header.removesuffix("…"))


def test_emoji_and_right_to_left_text_survive_within_limits() -> None:
    family = "👩\u200d👩\u200d👧"
    brief = make_brief(
        title=family * 80,
        summary=[SummaryPoint(text="🌊 The tide gauge read 4.2m 🌊", paragraphs=[1])],
        quotes=[Quote(text="נבנה את החומה עכשיו", speaker="רות פנהייל", paragraph=2)],
        explainers=[Explainer(term="المجلس", text="مجلس المدينة", paragraphs=[3])],
    )
    message = render_blocks(brief)
    assert_within_slack_limits(message)
    header = message.blocks[0]["text"]["text"]
    assert header.removesuffix("…").endswith("👧")
    assert "• 🌊 The tide gauge read 4.2m 🌊 [¶1]" in _section_texts(message, "summary")[0]
    quotes = _section_texts(message, "quotes")[0]
    assert "“\u2068נבנה את החומה עכשיו\u2069” — \u2068רות פנהייל\u2069 [¶2]" in quotes
    assert "*\u2068المجلس\u2069*" in _section_texts(message, "explainers")[0]


def test_a_term_with_asterisks_cannot_break_its_bold() -> None:
    message = render_blocks(make_brief(explainers=[Explainer(term="A*B*C", text="x")]))
    assert "• *A∗B∗C*: x" in _section_texts(message, "explainers")[0]


def test_many_citations_are_shortened() -> None:
    message = render_blocks(
        make_brief(summary=[SummaryPoint(text="Long story.", paragraphs=list(range(1, 41)))])
    )
    assert "[¶1, ¶2, ¶3, ¶4, ¶5, ¶6, ¶7, ¶8, ¶9, ¶10, ¶11, ¶12, +28 more]" in message.text


# --- /brief explain <term> -------------------------------------------------------------


def test_explainer_answer_matches_the_term_case_insensitively() -> None:
    message = render_explainer_answer(make_brief(), "harbour BOARD")
    assert_within_slack_limits(message)
    assert_cannot_ping_or_link(message, SOURCE_LINK)
    assert (
        message.blocks[0]["text"]["text"]
        == "• *Harbour Board*: The body that runs Port Alder's docks. [¶2]"
    )
    assert any(AI_LABEL_TEXT in e["text"] for e in message.blocks[-1]["elements"])
    assert "Tidal surge" not in message.text


def test_explainer_answer_finds_a_term_inside_a_longer_question() -> None:
    message = render_explainer_answer(make_brief(), "the tidal surge barrier")
    assert "Tidal surge barrier" in message.blocks[0]["text"]["text"]
    assert "background knowledge, not from the article" in message.blocks[0]["text"]["text"]


def test_explainer_answer_says_what_it_does_explain() -> None:
    message = render_explainer_answer(make_brief(), "<!channel> quango")
    assert_within_slack_limits(message)
    assert_cannot_ping_or_link(message, SOURCE_LINK)
    assert message.blocks[0]["text"]["text"] == (
        "The article doesn't explain “ quango”. It explains: Harbour Board, Tidal surge barrier."
    )
    assert message.text.startswith("The article doesn't explain “ quango”.\n")
    assert message.text.endswith(f"{AI_LABEL_TEXT}.\nSource: {SOURCE_LINK}")


def test_explainer_answer_without_explainers_or_term() -> None:
    none = render_explainer_answer(make_brief(explainers=[]), "Harbour Board")
    assert none.blocks[0]["text"]["text"].endswith("This brief has no explainers.")
    blank = render_explainer_answer(make_brief(), "   ")
    assert blank.blocks[0]["text"]["text"].startswith("Name a term.")


def test_explainer_answer_with_hostile_explainers_and_many_terms() -> None:
    brief = _hostile_brief()
    found = render_explainer_answer(brief, "term")
    assert_within_slack_limits(found)
    assert_cannot_ping_or_link(found, SOURCE_LINK)
    many = make_brief(
        explainers=[Explainer(term=f"Committee {n} " + "x" * 40, text="t") for n in range(200)]
    )
    missing = render_explainer_answer(many, "quango")
    assert_within_slack_limits(missing)
    assert re.search(r"and \d+ more\.$", missing.blocks[0]["text"]["text"])
