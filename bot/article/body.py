"""The article's body, told apart from what surrounds it on a page or in a paste.

    tidy(paragraphs, byline) -> Body

Both readers (HTML and plain text) hand over candidate paragraphs in order;
`tidy` keeps the body and sets aside what an editor would not count as one of
its paragraphs, keeping what that says about the article:

    "Opinion", "ANALYSIS", "BREAKING"          label lines    -> Body.labels
    "By Jane Roe", "Jane Roe, Health Editor"   a byline       -> Body.byline
    "LONDON (Reuters) — The ..."               a dateline     -> cut off the first paragraph
    "Advertisement", "Photo: …", "MORE: …"     furniture      -> dropped (`is_boilerplate`)
    "Jane Roe is a columnist for …" (at end)   an author bio  -> Body.bio
    "By Jane Roe, columnist" (at the top)      a byline, and its role as the bio

`bot.article.genre` reads the labels and the bio; the paragraphs that remain
are what citations count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.article.paragraphs import clean, dedupe, is_boilerplate, split_byline

__all__ = [
    "DESK_LABELS",
    "GENRE_LABELS",
    "Body",
    "desk_label",
    "split_title_label",
    "strip_dateline",
    "tidy",
]

GENRE_LABELS = frozenset(
    (
        "opinion", "opinions", "analysis", "column", "columns", "comment", "commentary",
        "editorial", "op-ed", "oped", "essay", "review", "perspective", "perspectives",
        "viewpoint", "viewpoints", "news analysis", "guest column", "guest essay", "our view",
    )
)  # fmt: skip
"""Labels a desk puts on a piece that is not straight news."""

DESK_LABELS = GENRE_LABELS | frozenset(
    (
        "breaking", "breaking news", "exclusive", "live", "update", "updated", "developing",
        "developing story", "just in", "watch", "video", "explainer", "fact check",
        "factcheck", "obituary", "interview", "feature", "news",
    )
)  # fmt: skip
"""Labels a desk puts above a headline; only `GENRE_LABELS` say the piece is opinion."""

_LABEL_LINE = re.compile(r"^[\s*_#]*(?P<label>[A-Za-z][A-Za-z -]{1,24}?)[\s*_:|•·—–-]*$")
_LABEL_PREFIX = re.compile(
    r"^(?P<label>[A-Za-z][A-Za-z -]{1,24}?)\s*(?::|\||—|–)\s+(?P<rest>\S.*)$"
)
_TITLE_SUFFIX = re.compile(r"\s+(?:\||—|–)\s+(?P<label>[A-Za-z][A-Za-z -]{1,24})$")

# "LONDON (Reuters) — ", "PORT CARVER — ", "WRENFORD, England (AP) - ", "LONDON (CNN)It was".
_PLACE = r"[A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+){0,3}"
_REGION = r"(?:,\s+[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){0,2})?"
_AGENCY = r"\((?:[A-Z][\w.&]*(?:\s+[A-Z][\w.&]*){0,3})\)"
_DASH = r"[—–-]{1,2}"
_DATELINE = re.compile(
    rf"^(?:{_PLACE}{_REGION}\s*(?:{_AGENCY}\s*(?:{_DASH}\s*)?|{_DASH}\s+)"
    rf"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?{_REGION}\s*{_AGENCY}\s*(?:{_DASH}\s*)?)"
    rf"(?=[\"“‘'A-Z0-9])"
)

_BIO_MAX_WORDS = 60
_BIO_NAME = re.compile(r"^[*_\s]*(?P<name>(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+)\s+(?P<rest>.*)$")
_BIO_VERB = re.compile(r"^(?:is|was|has been|writes|covers|reports)\b")
_BIO_WORDS = re.compile(
    r"\b(?:columnist|contributing|contributor|commentator|opinion writer|essayist|"
    r"author of|writes (?:about|on|a)\b|newsletter|latest book|new book|is a writer|"
    r"is a journalist|is a freelance|editor-at-large|senior fellow|follow (?:her|him|them))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Body:
    """The body paragraphs and what was set aside around them."""

    paragraphs: list[str]
    byline: str | None
    labels: tuple[str, ...] = ()
    bio: str | None = None


_COLUMNIST_BYLINE = re.compile(
    r"^by\s+[^.!?]{2,80}?,\s*(?:\w+\s+)?(?:columnist|commentator|contributing writer|"
    r"guest writer|contributor)\s*$",
    re.IGNORECASE,
)


def tidy(paragraphs: list[str], byline: str | None) -> Body:
    """Body paragraphs from candidates in page order; see the module docstring."""
    found = dedupe([p for p in (clean(p) for p in paragraphs) if p])
    labels: list[str] = []
    kept: list[str] = []
    for index, paragraph in enumerate(found):
        label = desk_label(paragraph) if index < 4 else None
        if label is not None:
            labels.append(label)
        else:
            kept.append(paragraph)
    role = next((p for p in kept[:3] if _COLUMNIST_BYLINE.match(p)), None)
    kept, byline = split_byline(kept, byline)
    kept, bio, bio_name = _split_bio(kept, byline)
    bio = bio or role  # "By Jane Roe, columnist" says what a bio would
    kept = [p for p in kept if not is_boilerplate(p)]
    if kept:
        kept[0] = strip_dateline(kept[0]) or kept[0]
    return Body(kept, byline or bio_name, tuple(labels), bio)


def desk_label(line: str) -> str | None:
    """ "Opinion", "ANALYSIS:", "BREAKING" alone on a line: the label, lower-cased."""
    match = _LABEL_LINE.match(line)
    if match is None:
        return None
    label = " ".join(match.group("label").lower().split())
    return label if label in DESK_LABELS else None


def split_title_label(title: str) -> tuple[str, str | None]:
    """ "Analysis: The harbour's gamble" -> ("The harbour's gamble", "analysis")."""
    match = _LABEL_PREFIX.match(title)
    if match is not None:
        label = " ".join(match.group("label").lower().split())
        if label in GENRE_LABELS:
            return match.group("rest").strip(), label
    match = _TITLE_SUFFIX.search(title)
    if match is not None:
        label = " ".join(match.group("label").lower().split())
        if label in GENRE_LABELS:
            return title[: match.start()].strip(), label
    return title, None


def strip_dateline(paragraph: str) -> str:
    """The paragraph without a wire-style dateline in front ("LONDON (Reuters) — ")."""
    match = _DATELINE.match(paragraph)
    if match is None:
        return paragraph
    return paragraph[match.end() :].lstrip()


def _split_bio(
    paragraphs: list[str], byline: str | None
) -> tuple[list[str], str | None, str | None]:
    """An author-bio line among the last two paragraphs: (rest, bio, the name it gives)."""
    for index in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 3), -1):
        paragraph = paragraphs[index]
        match = _BIO_NAME.match(paragraph)
        if match is None or len(paragraph.split()) > _BIO_MAX_WORDS:
            continue
        name, rest = match.group("name"), match.group("rest")
        if not _BIO_VERB.match(rest):
            continue
        by_author = byline is not None and name.split()[-1] in byline
        if by_author or _BIO_WORDS.search(paragraph):
            return paragraphs[:index] + paragraphs[index + 1 :], paragraph, name
    return paragraphs, None, None
