"""Extraction from our own fixture pages and texts (tests/fixtures/pages)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from bot.article.content import decode, parse_content_type, sniff
from bot.article.extract import article_from_text, extract_html
from bot.article.model import content_hash
from bot.article.paragraphs import byline_names, clean, is_boilerplate
from bot.errors import ExtractionError

PAGES = Path(__file__).parent / "fixtures" / "pages"
FERRY_URL = "https://www.aldergazette.example/news/2024/03/12/ferry-fares-rise"


def read(name: str) -> bytes:
    return (PAGES / name).read_bytes()


# --- HTML ---------------------------------------------------------------------


def test_news_page_metadata_comes_from_the_page() -> None:
    article = extract_html(
        read("ferry-fares.html"), url="https://aldergazette.example/s/48213?utm=x"
    )
    assert article.title == "Port Alder ferry fares to rise 18% in spring"
    assert article.byline == "Marisol Okafor"
    assert article.published == "2024-03-12"
    assert article.url == FERRY_URL  # canonical, on the same site


def test_news_page_paragraphs_are_the_article_only() -> None:
    article = extract_html(read("ferry-fares.html"), url=None)
    assert len(article.paragraphs) == 8
    assert article.paragraph(1).startswith("Ferry fares between Port Alder and Greyholm Island")
    assert article.paragraph(3) == (
        "“We have held fares for eight years while fuel and crew costs climbed every single one "
        "of them,” said Tobias Wren, who chairs the Port Alder Harbour Authority. “This was not "
        "a decision anyone on the board wanted to make.”"
    )
    assert article.paragraph(8).endswith("“at least three years” after it enters service.")
    text = article.text
    for furniture in [
        "cookies",
        "Advertisement",
        "Share this",
        "Related stories",
        "newsletter",
        "All rights reserved",
        "Sport",
        "North channel to stay shut",
        "loadAd",
        "gtag",
        "Photo: Gazette staff",
        "By Marisol",
    ]:
        assert furniture not in text
    assert article.sha256 == content_hash(article.paragraphs)


def test_canonical_url_on_another_site_is_not_trusted() -> None:
    article = extract_html(read("ferry-fares.html"), url="https://mirror.example/ferry")
    assert article.url == "https://mirror.example/ferry"


def test_declared_charset_and_byline_line() -> None:
    article = extract_html(read("cafe-bandstand-cp1252.html"), url=None)
    assert article.title == "Café owner wins fight over Millbrook bandstand"
    assert article.byline == "Henrik Dahlén"
    assert article.published == "2023-09-04"
    assert article.url == "https://millbrookcourier.example/local/cafe-bandstand-ruling"
    assert len(article.paragraphs) == 6
    assert article.paragraph(2).startswith("Renée Castellanos, 46, who runs Café Verde")
    assert "£87,000" in article.paragraph(4)
    for furniture in [
        "Most read",
        "Comments",
        "flat white",
        "uses cookies",
        "Advertisement",
        "Tags:",
    ]:
        assert furniture not in article.text


def test_html_given_as_text_is_the_same_article() -> None:
    from_bytes = extract_html(read("ferry-fares.html"), url=None)
    from_text = extract_html(read("ferry-fares.html").decode("utf-8"), url=None)
    assert from_text.paragraphs == from_bytes.paragraphs


def test_paywalled_page_says_so_and_suggests_pasting() -> None:
    with pytest.raises(ExtractionError, match="paywall") as caught:
        extract_html(read("paywall.html"), url=None)
    assert "paste" in caught.value.user_message.lower()


@pytest.mark.parametrize(
    "html",
    [
        read("empty-shell.html"),
        b"",
        b"   \n  ",
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    ],
)
def test_nothing_extractable_is_an_extraction_error(html: str | bytes) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_html(html, url=None)
    assert "paste" in caught.value.user_message.lower()
    assert "\n" not in str(caught.value)


def test_inline_markup_and_invisible_characters_are_cleaned() -> None:
    body = "".join(
        f"<p>Paragraph {n} of the council story has <b>bold</b> words, a soft\u00adhyphen and "
        f"a line<br>break,   plus   spaces that collapse into one for the reader.</p>"
        for n in range(1, 5)
    )
    article = extract_html(f"<html><body><article>{body}</article></body></html>", url=None)
    assert article.paragraph(1) == (
        "Paragraph 1 of the council story has bold words, a softhyphen and a line break, "
        "plus spaces that collapse into one for the reader."
    )


def test_an_html_fragment_is_read_too() -> None:
    sentence = "The council voted on Tuesday to close the Elm Street library after a long debate."
    article = extract_html(
        f"<p>{sentence} {sentence}</p><p>{sentence} It closes in May.</p>", url=None
    )
    assert article.paragraphs == [f"{sentence} {sentence}", f"{sentence} It closes in May."]


# --- plain text and Markdown --------------------------------------------------


def test_text_file_title_byline_and_paragraphs() -> None:
    article = article_from_text(read("school-meals.txt").decode("utf-8"))
    assert article.title == "Ashby Vale schools to offer free breakfasts from January"
    assert article.byline == "Daniel Osei"
    assert article.paragraphs == [
        "Every primary school in Ashby Vale will offer a free breakfast club from January, the "
        "district's education board decided on Tuesday, in a scheme expected to cost £410,000 a year.",
        "The board voted unanimously after a pilot at four schools last spring found that attendance "
        "before 9am rose by 6%.",
        '"Children who have eaten learn better. It really is that simple," said board chair Lucinda Marsh.',
        "Parents will not need to register in advance. Schools will open their doors at 7:45am.",
        "Each school will receive a one-off grant of £2,500 for kitchen equipment.",
        "Menus will be agreed with the district's nutrition adviser.",
    ]


def test_markdown_title_subheads_links_and_lists() -> None:
    article = article_from_text(read("bridge-closure.md").decode("utf-8"), markdown=True)
    assert article.title == "Kestrel Bridge to close for six weeks of repairs"
    assert article.byline == "Priya Raman"
    assert len(article.paragraphs) == 7
    assert article.paragraph(2) == (
        "A diversion through the Orchard Lane industrial estate will add about 12 minutes to a "
        "typical crossing, according to the department's traffic assessment."
    )
    assert article.paragraph(3).startswith('"We know this is going to be painful')
    assert (
        article.paragraph(7)
        == "Fenwick Cycles plans to open a pop-up repair stand on the west bank for commuters."
    )
    for syntax in ["#", "**", "](", "![", "> ", "---", "What the council says"]:
        assert syntax not in article.text


def test_hard_wrapped_first_paragraph_is_not_a_title() -> None:
    text = (
        "The harbour authority voted on Monday to raise ferry fares for the\n"
        "first time since 2016, citing fuel costs and a longer route.\n\n"
        "The rise takes effect in April."
    )
    article = article_from_text(text)
    assert article.title is None
    assert article.paragraph(1).startswith(
        "The harbour authority voted on Monday to raise ferry fares for the first"
    )


def test_title_line_directly_above_the_text() -> None:
    article = article_from_text(
        "Library hours cut\nThe Elm Street library will close at 5pm on weekdays from May, the council said.\n"
    )
    assert article.title == "Library hours cut"
    assert article.paragraphs == [
        "The Elm Street library will close at 5pm on weekdays from May, the council said."
    ]


def test_one_sentence_lines_are_separate_paragraphs() -> None:
    text = "The vote was 5 to 2.\nTwo members abstained.\nThe rise starts in April."
    assert article_from_text(text).paragraphs == [
        "The vote was 5 to 2.",
        "Two members abstained.",
        "The rise starts in April.",
    ]


def test_single_paragraph_is_not_eaten_by_the_title_rule() -> None:
    article = article_from_text("Council closes the Elm Street library")
    assert article.title is None
    assert article.paragraphs == ["Council closes the Elm Street library"]


def test_sentence_starting_with_by_is_not_a_byline() -> None:
    article = article_from_text("By Tuesday, the council had voted.\n\nThe rise starts in April.")
    assert article.byline is None
    assert article.paragraph(1) == "By Tuesday, the council had voted."


@pytest.mark.parametrize("text", ["", "   \n\n \t ", "\ufeff"])
def test_empty_text_is_an_extraction_error(text: str) -> None:
    with pytest.raises(ExtractionError, match="no article text"):
        article_from_text(text)


def test_windows_line_endings_and_url() -> None:
    article = article_from_text(
        "First point made.\r\n\r\nSecond point made.", url="https://x.example/a"
    )
    assert article.paragraphs == ["First point made.", "Second point made."]
    assert article.url == "https://x.example/a"


# --- the helpers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Advertisement", True),
        ("Share this article", True),
        ("* * *", True),
        ("Image copyright Getty Images", True),
        ("Sign up for our free newsletter.", True),
        ("Published 3 March 2024", True),
        ("Read more: Harbour budget explained", True),
        ("A city upended", True),
        ("If you're on the Gazette app, click here to watch the meeting live", True),
        ("He declined.", False),
        ("“No,” she said.", False),
        ("Share prices fell sharply on Monday after the announcement.", False),
        ("Subscribers will pay $5 more a month from June, the company said.", False),
        ("Published reports suggest the mayor knew about the overspend.", False),
    ],
)
def test_boilerplate_lines(line: str, furniture: bool) -> None:
    assert is_boilerplate(line) is furniture


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Jane Roe", "Jane Roe"),
        ("BY JANE ROE", "JANE ROE"),
        ("By Jane Roe and Tom Ng | Oakridge Herald", "Jane Roe and Tom Ng"),
        ("By Jane Q.", "Jane Q."),
        ("By Tuesday, the council had voted.", None),
        ("By the time crews arrived the barn was gone", None),
        ("Jane Roe", None),
    ],
)
def test_byline_names(line: str, names: str | None) -> None:
    assert byline_names(line) == names


def test_clean_collapses_whitespace_and_drops_invisibles() -> None:
    assert clean(" a\u00a0 b\n\tc\u200bd\u00ade ") == "a b cde"


@pytest.mark.parametrize(
    ("body", "charset", "html", "text"),
    [
        ("café".encode(), None, False, "café"),
        ("café".encode("cp1252"), None, False, "café"),  # not UTF-8: windows-1252
        ("café".encode("cp1252"), "ISO-8859-1", False, "café"),
        ("café".encode(), "utf-8", False, "café"),
        ("“café”".encode("cp1252"), "latin1", False, "“café”"),  # browsers read latin1 as cp1252
        (codecs.BOM_UTF8 + "café".encode(), "cp1252", False, "café"),  # the BOM wins
        (
            "<meta charset='koi8-r'><p>мир".encode("koi8-r"),
            None,
            True,
            "<meta charset='koi8-r'><p>мир",
        ),
        (
            "<meta charset=utf-8><p>é".encode("cp1252"),
            "cp1252",
            True,
            "<meta charset=utf-8><p>é",
        ),  # HTTP wins
        ("<meta charset='utf-16'><p>é".encode(), None, True, "<meta charset='utf-16'><p>é"),
        ("é".encode(), "no-such-charset", False, "é"),
    ],
)
def test_decode(body: bytes, charset: str | None, html: bool, text: str) -> None:
    assert decode(body, charset, html=html) == text


def test_parse_content_type() -> None:
    assert parse_content_type('Text/HTML; Charset="UTF-8"') == ("text/html", "UTF-8")
    assert parse_content_type("text/plain") == ("text/plain", None)
    assert parse_content_type(None) == ("", None)


def test_sniff_refuses_binary() -> None:
    assert sniff(b"\xef\xbb\xbf<!doctype html><p>x") == "text/html"
    assert sniff("plain words".encode("utf-16")) == "text/plain"
    with pytest.raises(ExtractionError, match="PDF"):
        sniff(b"%PDF-1.7")


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("12 March 2025", "2025-03-12"),
        ("March 12, 2025", "2025-03-12"),
        ("2025-03-12", "2025-03-12"),
    ],
)
def test_a_dateline_near_the_top_is_the_publication_date(dateline: str, expected: str) -> None:
    text = f"# Barrier approved\n\nBy Helen Marsh\n\n{dateline}\n\nThe council approved the barrier on Tuesday night.\n"
    article = article_from_text(text, markdown=True)
    assert article.published == expected
    assert article.paragraphs == ["The council approved the barrier on Tuesday night."]


def test_no_dateline_means_no_date() -> None:
    article = article_from_text(
        "The council approved the barrier on Tuesday night.\n\nIt costs £38.5m.\n"
    )
    assert article.published is None


def test_an_undeclared_windows_1251_page_is_read_as_cyrillic_not_gibberish() -> None:
    title = "Городской совет утвердил новый бюджет"
    paragraphs = [
        "Депутаты городского совета во вторник утвердили бюджет на следующий год, "
        "после долгого обсуждения расходов на транспорт и школы.",
        "Большинство депутатов проголосовали за проект, а трое воздержались, сообщил "
        "секретарь совета после заседания.",
        "Новый бюджет вступит в силу с первого января и будет опубликован на сайте города.",
    ]
    page = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article></body></html>"
    ).encode("cp1251")
    article = extract_html(decode(page, None, html=True), url=None)
    assert article.title == title
    assert article.paragraphs == paragraphs
