"""Escaping, ping and link neutralising, safe links and trimming (`bot.render.mrkdwn`)."""

from __future__ import annotations

import pytest

from bot.render.mrkdwn import (
    ELLIPSIS,
    MAX_LINK_URL,
    escape_mrkdwn,
    fit,
    isolate,
    link,
    neutralise,
    one_line,
    safe_plain,
    safe_text,
    safe_url,
    slack_len,
)

ZWSP, ZWJ = "\u200b", "\u200d"

MENTION_FORMS = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!here|here>",
    "<!subteam^S0123ABC|@night-desk>",
    "<!subteam^S0123ABC>",
    "<@U0123ABC>",
    "<@W0123ABC|ed>",
    "<#C0123ABC|newsroom>",
    "<#C0123ABC>",
    "<! channel>",
    "< !here >",
    "<!chan\nnel>",
    "<!date^1700000000^{date}|today>",
    "<https://evil.example|click>",
    "<mailto:desk@evil.example|mail us>",
]


def test_escape_mrkdwn_escapes_exactly_the_three_control_characters() -> None:
    assert escape_mrkdwn("Fish & chips <cheap> \"quoted\" 'single' *bold*") == (
        "Fish &amp; chips &lt;cheap&gt; \"quoted\" 'single' *bold*"
    )


def test_already_escaped_text_is_shown_as_typed_not_decoded_into_markup() -> None:
    assert safe_text("&lt;!channel&gt; &amp;") == "&amp;lt;!channel&amp;gt; &amp;amp;"


@pytest.mark.parametrize("form", MENTION_FORMS)
def test_no_angle_bracket_markup_survives_safe_text(form: str) -> None:
    out = safe_text(f"Councillor Vane said {form} twice.")
    assert "<" not in out
    assert ">" not in out


@pytest.mark.parametrize(
    "word", ["@channel", "@here", "@everyone", "@Channel", "@HERE", "@EveryOne"]
)
def test_broadcast_words_get_a_joiner_after_the_at_sign(word: str) -> None:
    out = safe_text(f"Ping {word} now, and x{word}")
    assert word not in out
    assert word.lower() not in out.lower().replace(ZWJ, "#")
    assert out.count("@" + ZWJ) == 2


def test_handles_at_a_word_start_are_neutralised_but_email_addresses_are_not() -> None:
    out = neutralise("Tell @night-desk or write to tips@portalder-gazette.example")
    assert "@" + ZWJ + "night-desk" in out
    assert "tips@portalder-gazette.example" in out


def test_bare_urls_and_www_hosts_are_broken_so_they_cannot_auto_link() -> None:
    out = neutralise("See https://evil.example/a, http://x.example and www.evil.example today")
    assert "://" not in out
    assert "https:" + ZWSP + "//evil.example/a" in out
    assert "www" + ZWSP + ".evil.example" in out


def test_backticks_cannot_open_code_spans_or_blocks() -> None:
    out = safe_text("```rm -rf``` and `inline`")
    assert "`" not in out
    assert out.count("\u02cb") == 8


def test_controls_and_bidi_overrides_are_removed_but_newlines_and_tabs_stay() -> None:
    out = neutralise("a\u202eb\u2066c\u2069d\x00e\x1bf\ufeffg\th\r\ni")
    assert out == "abcdefg\th\ni"


def test_neutralise_is_idempotent() -> None:
    text = "@channel https://x.example www.y.example `code` <!here> \u202e"
    once = neutralise(text)
    assert neutralise(once) == once


def test_safe_plain_keeps_ampersands_but_no_brackets_or_entities() -> None:
    out = safe_plain("Tom & Jerry <!channel> &lt;!here&gt; https://evil.example")
    assert "<" not in out
    assert ">" not in out
    assert "Tom & Jerry" in out
    assert "&lt;" not in out
    assert "&gt;" not in out
    assert "!channel" not in out  # Slack's control syntax is taken out, not shown
    assert "://" not in out


def test_one_line_collapses_all_whitespace() -> None:
    assert one_line("  a\n\nb\u2028c\t d  ") == "a b c d"


def test_slack_len_counts_utf16_units() -> None:
    assert slack_len("abc") == 3
    assert slack_len("🌊") == 2
    assert slack_len("é") == 1


def test_isolate_wraps_only_right_to_left_text() -> None:
    assert isolate("Port Alder") == "Port Alder"
    assert isolate("שלום עולם") == "\u2068שלום עולם\u2069"
    assert isolate("مرحبا") == "\u2068مرحبا\u2069"


# --- fit ---------------------------------------------------------------------------


def test_fit_leaves_short_text_alone() -> None:
    assert fit("Short & sweet", 100) == ("Short &amp; sweet", False)


@pytest.mark.parametrize("limit", [1, 2, 5, 10, 150, 999])
def test_fit_never_passes_the_limit_and_never_splits_an_entity(limit: int) -> None:
    text = "&<>" * 2000
    fitted = fit(text, limit)
    assert fitted.trimmed
    assert slack_len(fitted.text) <= limit
    assert fitted.text.endswith(ELLIPSIS)
    body = fitted.text.removesuffix(ELLIPSIS)
    assert body.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "") == ""


def test_fit_prefers_a_word_boundary_near_the_cut() -> None:
    text = "The harbour barrier will cost eleven million pounds over four years " * 5
    fitted = fit(text, 100)
    assert fitted.trimmed
    assert fitted.text.endswith(ELLIPSIS)
    assert not fitted.text.removesuffix(ELLIPSIS).endswith(" ")
    assert text.startswith(fitted.text.removesuffix(ELLIPSIS))
    assert text[len(fitted.text) - 1] == " "


def test_fit_does_not_split_emoji_sequences() -> None:
    family = "👩\u200d👩\u200d👧"
    fitted = fit(family * 100, 50)
    assert slack_len(fitted.text) <= 50
    body = fitted.text.removesuffix(ELLIPSIS)
    assert not body.endswith(ZWJ)
    assert body.endswith("👧")


def test_fit_plain_cuts_without_escaping() -> None:
    fitted = fit("R&D <budget> " * 40, 30, plain=True)
    assert slack_len(fitted.text) <= 30
    assert "&amp;" not in fitted.text
    assert "<" not in fitted.text


def test_fit_rejects_a_limit_below_one() -> None:
    with pytest.raises(ValueError):
        fit("x", 0)


def test_fit_stays_safe_when_the_cut_lands_inside_a_mention_or_url() -> None:
    for cut in range(1, 40):
        out = fit("xx <!channel> @channel https://evil.example", cut).text
        assert "<" not in out
        assert "@channel" not in out
        assert "://" not in out


# --- links -------------------------------------------------------------------------


def test_link_builds_one_slack_link_with_an_escaped_label() -> None:
    out = link("https://portalder-gazette.example/news/barrier", "Gazette <b> & co")
    assert out == "<https://portalder-gazette.example/news/barrier|Gazette &lt;b&gt; &amp; co>"


def test_link_encodes_the_characters_that_would_end_or_split_the_link() -> None:
    out = link("https://gazette.example/a?x=1&y=2|<!channel>#f g", "src")
    assert out.startswith("<https://gazette.example/a?x=1&amp;y=2%7C%3C!channel%3E#f%20g|")
    assert (out.count("<"), out.count(">"), out.count("|")) == (1, 1, 1)
    assert out.endswith("|src>")


def test_link_label_cannot_hold_a_pipe_or_markup() -> None:
    out = link("https://gazette.example/", "a|b <@U1> <b>")
    assert out == "<https://gazette.example/|a¦b  &lt;b&gt;>"  # no mention, no markup


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<b>hi</b>",
        "ftp://files.example/a",
        "slack://channel?id=C1",
        "/relative/path",
        "https://",
        "https://gazette.example:99999/",
        "http://[::1",
        "",
    ],
)
def test_only_http_and_https_urls_become_links(url: str) -> None:
    assert safe_url(url) is None
    out = link(url, "the source")
    assert out == "the source"


def test_safe_url_drops_user_info_and_punycodes_the_host() -> None:
    assert safe_url("https://trusted.example@evil.example/x") == "https://evil.example/x"
    assert safe_url("HTTPS://Bücher.example/ä") == "https://xn--bcher-kva.example/%C3%A4"
    assert safe_url("http://[2001:db8::1]:8080/a") == "http://[2001:db8::1]:8080/a"


def test_overlong_urls_are_not_linked() -> None:
    url = "https://gazette.example/" + "a" * MAX_LINK_URL
    assert safe_url(url) is None
    assert link(url, "gazette.example") == "gazette.example"
