"""Paragraph hygiene shared by the HTML and the plain-text readers.

`clean` collapses whitespace and drops invisible characters (soft hyphens,
zero-width spaces) that would break a verbatim quote match; `is_boilerplate`
spots lines that are page furniture rather than article text; `split_byline`
takes a "By Jane Roe" line off the top of the article.
"""

from __future__ import annotations

import re

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))
_TERMINAL = (".", "!", "?", "…", '"', "”", "’", "'", ")", ":")
_ALNUM = re.compile(r"\w", re.UNICODE)

# Page furniture, recognised at the start of a short line (case-insensitive).
_MONTH_OR_DAY = (
    r"(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)"
)
_FURNITURE = re.compile(
    rf"""^(?:
        advertisement | advertising \b | sponsored \s? (?:content|post|by|:|$)
      | (?:story|article) \s continues | continue \s reading
      | read \s (?:more|next|this \s next) | read \s? :
      | related (?:\s? : | \s (?:articles?|stories|coverage|content|links|topics) \b)
      | more \s (?:from|on) \s | recommended (?:\s? : | \s for \s you | \s reading)
      | most \s (?:read|popular|viewed) | trending (?:\s? : | \s now)
      | share \s (?:this|on|via|the \s (?:article|story)) \b | share \s? $
      | follow \s (?:us|@) | sign \s up \b | subscribe \b | (?:our|free) \s newsletter
      | click \s here | sources? \s? :
      | (?:image|photo|picture|video) \s (?:copyright|source|caption|credit)
      | (?:photo|image|picture|video|credit)s? \s? : | getty \s images | ap \s photo
      | copyright \s* (?:©|\(c\)|\d{{4}}) | © | all \s rights \s reserved
      | (?:we|this \s (?:site|website)) \s uses? \s cookies | accept \s (?:all \s)? cookies
      | skip \s to | listen \s to \s (?:this|the) \s (?:article|story)
      | download \s (?:our|the) \s app
      | (?:published|updated|posted|last \s updated) (?:\s (?:on|at))? \s? :? \s* {_MONTH_OR_DAY}
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Furniture whatever its length or punctuation: promo links, help-line boxes, credits, notes.
_ALWAYS_FURNITURE = re.compile(
    r"""^[\s*_(\[]*(?:
        (?:read \s)? more \s? : | (?:also \s)? read \s? :
      | (?:watch|listen|related|see \s also) \s? :
      | (?:photo(?:graph)?|picture|image|video|illustration|credit|source) s? \s? [:|]
      | (?:file \s)? photo \s (?:by|via|courtesy) \b
      | this \s (?:is \s a \s (?:developing|breaking) \s (?:news \s)? story
              | story \s (?:is \s developing|has \s been \s (?:updated|corrected|amended))
              | article \s (?:has \s been|was) \s (?:updated|corrected|amended))
      | if \s you (?:\s or \s someone \s you \s know)? \s (?:have \s been \s affected
              | are \s (?:struggling|having|in \s crisis|experiencing) | need \s (?:help|support))
      | (?:help|support) \s is \s available
      | (?:for \s (?:confidential \s)? support|need \s (?:help|support))
        \b .{0,80} \b (?:call|text|contact|visit)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_HELPLINE = re.compile(
    r"\b(?:samaritans|helpline|hotline|crisis (?:line|text)|lifeline|988)\b", re.IGNORECASE
)
_CREDIT_END = re.compile(
    r"(?:/|\s)(?:getty images|reuters|ap|afp|pa(?: media| wire)?|shutterstock|alamy|epa)\)?\.?$",
    re.IGNORECASE,
)
_PHONE = re.compile(r"\d{3}")
_HELPLINE_MAX_WORDS = 60

# Calls to action anywhere in a short line that does not end a sentence.
_CALL_TO_ACTION = re.compile(
    r"\b(?:click \s here|tap \s here|sign \s up|subscribe|newsletter|follow \s us"
    r"|download \s (?:our|the) \s app|watch \s live)\b",
    re.IGNORECASE | re.VERBOSE,
)
_CALL = re.compile(r"\b(?:call|text|phone|ring|contact|visit|dial)\b", re.IGNORECASE)
_FURNITURE_MAX_WORDS = 15
_FURNITURE_SENTENCE_WORDS = 10
_TINY_WORDS = 10

_BYLINE = re.compile(r"^by\s+(?P<names>\S.*)$", re.IGNORECASE)
# "Jane Roe, Health Correspondent", "Jane Roe | Staff Writer": a name, then a newsroom role.
_NAME_WITH_ROLE = re.compile(
    r"^(?P<names>[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|der|la|le)){1,3})"
    r"\s*(?:,|\||—|–|-)\s*(?P<role>[^.!?]{2,60})$"
)
_NEWSROOM_ROLE = re.compile(
    r"\b(?:correspondent|reporter|editor|writer|columnist|contributor|journalist|"
    r"staff|bureau|desk|chief|critic|commentator|analyst|in [A-Z][a-z]+)\b",
    re.IGNORECASE,
)
_BYLINE_CUT = re.compile(r"\s+(?:\||•|·|—|–|-)\s+")
_BYLINE_MAX_WORDS = 12
_NAME_GLUE = frozenset({"and", "of", "the", "de", "van", "von", "der", "la", "le", "&", "in"})


def clean(text: str) -> str:
    """Whitespace collapsed to single spaces, invisible characters removed."""
    return " ".join(text.translate(_INVISIBLE).split())


def is_boilerplate(paragraph: str) -> bool:
    """True for page furniture: no words, a tiny unpunctuated line, or a known phrase."""
    if not _ALNUM.search(paragraph):
        return True
    words = len(paragraph.split())
    if _ALWAYS_FURNITURE.match(paragraph):
        return True
    if (
        words <= _HELPLINE_MAX_WORDS
        and _HELPLINE.search(paragraph)
        and _CALL.search(paragraph)
        and _PHONE.search(paragraph)
    ):
        return True
    if words <= _FURNITURE_MAX_WORDS and _CREDIT_END.search(paragraph) and "/" in paragraph:
        return True
    ends_sentence = paragraph.rstrip().endswith(_TERMINAL)
    if words < _TINY_WORDS and not ends_sentence:
        return True
    if words > _FURNITURE_MAX_WORDS:
        return False
    if not ends_sentence and _CALL_TO_ACTION.search(paragraph):
        return True
    if not _FURNITURE.match(paragraph):
        return False
    # A full sentence that merely starts like furniture ("Subscribe now and…" is
    # furniture, "Subscribers will pay $5 more this year." is not) needs length.
    return not ends_sentence or words <= _FURNITURE_SENTENCE_WORDS


def dedupe(paragraphs: list[str]) -> list[str]:
    """Drop repeats (pull quotes, twice-rendered teasers), keeping the first."""
    seen: set[str] = set()
    kept = []
    for paragraph in paragraphs:
        key = paragraph.casefold()
        if key not in seen:
            seen.add(key)
            kept.append(paragraph)
    return kept


def byline_names(line: str) -> str | None:
    """`By Jane Roe | Staff` → `Jane Roe`; None when `line` is not a byline.

    A byline is short, does not end a sentence, and its words are capitalised
    names, so "By Tuesday, the council had voted." is not one.
    """
    match = _BYLINE.match(clean(line))
    if match is None or len(line.split()) > _BYLINE_MAX_WORDS:
        return _name_with_role(clean(line))
    names = _BYLINE_CUT.split(match.group("names"), maxsplit=1)[0].strip(" ,;")
    with_role = _NAME_WITH_ROLE.match(names)
    if with_role is not None and _NEWSROOM_ROLE.search(with_role.group("role")):
        names = with_role.group("names")
    if not names or (names.endswith((".", "!", "?")) and not _ends_with_initial(names)):
        return None
    words = [w.strip(",;") for w in names.split()]
    if not all(w[:1].isupper() or w.lower() in _NAME_GLUE for w in words if w):
        return None
    return names


def _name_with_role(line: str) -> str | None:
    """ "Jane Roe, Health Correspondent" -> "Jane Roe"; None for anything else."""
    match = _NAME_WITH_ROLE.match(line)
    if match is None or len(line.split()) > _BYLINE_MAX_WORDS:
        return None
    if not _NEWSROOM_ROLE.search(match.group("role")):
        return None
    return match.group("names")


def split_byline(paragraphs: list[str], byline: str | None) -> tuple[list[str], str | None]:
    """Take a byline line off the first few paragraphs; it names the byline if none is known."""
    for index, paragraph in enumerate(paragraphs[:3]):
        names = byline_names(paragraph)
        if names is not None:
            rest = paragraphs[:index] + paragraphs[index + 1 :]
            return rest, byline or names
    return paragraphs, byline


def _ends_with_initial(names: str) -> bool:
    """`Jane Q.` or `Bob Smith Jr.` end in a period without ending a sentence."""
    last = names.rsplit(maxsplit=1)[-1]
    return len(last) <= 3 and last[:1].isupper()
