"""The editorial set: original articles labelled the way a newsroom standards editor reads them.

Each `tests/fixtures/editorial/<slug>.truth.toml` labels one article in the same folder (pasted
text or an HTML page): how many body paragraphs an editor counts, how the first and last start,
whether it is news or opinion, every quotation of five words or more with its speaker, the
headline fact, the page furniture that must never read as content, and the explainer terms that
are traps. `score_case` loads the article the way the CLI does, drafts a brief with the
extractive engine, passes it through the gate, and runs the language layer's quote parser over
the whole article; `CaseScore` holds what an editor would flag.

    python -m tests.editorial_score        # a table per case and the totals
    python -m tests.editorial_score -v     # and every offending item

`tests/test_editorial.py` turns the hard guarantees into tests.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.article.model import Article
from bot.article.sources import article_from_file
from bot.briefs import Brief
from bot.engines.extractive import ExtractiveEngine
from bot.grounding.gate import gate

__all__ = [
    "CASES",
    "EDITORIAL",
    "Case",
    "CaseScore",
    "Totals",
    "load_case",
    "same_speaker",
    "score_case",
    "totals",
]

EDITORIAL = Path(__file__).parent / "fixtures" / "editorial"

KINDS = frozenset({"pasted", "html"})
SECTIONS = frozenset(
    {"news", "courts", "business", "sports", "science", "opinion", "analysis", "breaking"}
)
GENRES = frozenset({"news", "opinion"})

_REQUIRED = {
    "source": str,
    "kind": str,
    "section": str,
    "genre": str,
    "author": str,
    "paragraphs": int,
    "first_paragraph_starts": str,
    "last_paragraph_starts": str,
    "headline_facts": list,
    "furniture": list,
    "explainer_traps": list,
}
_OPTIONAL = {"quotes": list, "explainers": list}


# --- the truth ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TruthQuote:
    """A quotation an editor sees: its first words, who said it, and where it starts."""

    starts: str
    speaker: str
    named: bool
    paragraph: int


@dataclass(frozen=True)
class TruthExplainer:
    """A term an editor would accept an explainer for, if its text says `must_contain`."""

    term: str
    must_contain: str


@dataclass(frozen=True, repr=False)
class Case:
    """One labelled article."""

    name: str
    truth_path: Path
    path: Path
    kind: str
    section: str
    genre: str
    author: str
    paragraphs: int
    first_paragraph_starts: str
    last_paragraph_starts: str
    headline_facts: tuple[str, ...]
    furniture: tuple[str, ...]
    explainer_traps: tuple[str, ...]
    quotes: tuple[TruthQuote, ...]
    explainers: tuple[TruthExplainer, ...]

    @property
    def source_text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def __repr__(self) -> str:
        return f"Case({self.name!r})"


def load_case(truth_path: Path) -> Case:
    """Read and check one truth file; `ValueError` names the file and what is wrong with it."""
    try:
        data = tomllib.loads(truth_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{truth_path.name}: {error}") from None

    def fail(message: str) -> ValueError:
        return ValueError(f"{truth_path.name}: {message}")

    unknown = set(data) - set(_REQUIRED) - set(_OPTIONAL)
    if unknown:
        raise fail(f"unknown keys {sorted(unknown)}")
    for key, kind in {**_REQUIRED, **_OPTIONAL}.items():
        if key not in data:
            if key in _REQUIRED:
                raise fail(f"missing {key!r}")
            continue
        if not isinstance(data[key], kind) or (kind is int and isinstance(data[key], bool)):
            raise fail(f"{key!r} must be a {kind.__name__}")
    if data["kind"] not in KINDS:
        raise fail(f"kind {data['kind']!r} is not one of {sorted(KINDS)}")
    if data["section"] not in SECTIONS:
        raise fail(f"section {data['section']!r} is not one of {sorted(SECTIONS)}")
    if data["genre"] not in GENRES:
        raise fail(f"genre {data['genre']!r} is not one of {sorted(GENRES)}")
    path = truth_path.parent / data["source"]
    if not path.is_file():
        raise fail(f"source {data['source']!r} does not exist")

    quotes = []
    for number, item in enumerate(data.get("quotes", []), start=1):
        if set(item) != {"starts", "speaker", "named", "paragraph"}:
            raise fail(f"quote {number} needs exactly starts, speaker, named, paragraph")
        if item["named"] and not item["speaker"]:
            raise fail(f"quote {number} is named but has no speaker")
        quotes.append(
            TruthQuote(
                starts=str(item["starts"]),
                speaker=str(item["speaker"]),
                named=bool(item["named"]),
                paragraph=int(item["paragraph"]),
            )
        )
    explainers = []
    for number, item in enumerate(data.get("explainers", []), start=1):
        if set(item) != {"term", "must_contain"}:
            raise fail(f"explainer {number} needs exactly term and must_contain")
        explainers.append(
            TruthExplainer(term=str(item["term"]), must_contain=str(item["must_contain"]))
        )

    return Case(
        name=truth_path.name.removesuffix(".truth.toml"),
        truth_path=truth_path,
        path=path,
        kind=data["kind"],
        section=data["section"],
        genre=data["genre"],
        author=data["author"],
        paragraphs=data["paragraphs"],
        first_paragraph_starts=data["first_paragraph_starts"],
        last_paragraph_starts=data["last_paragraph_starts"],
        headline_facts=tuple(map(str, data["headline_facts"])),
        furniture=tuple(map(str, data["furniture"])),
        explainer_traps=tuple(map(str, data["explainer_traps"])),
        quotes=tuple(quotes),
        explainers=tuple(explainers),
    )


CASES: list[Case] = [load_case(p) for p in sorted(EDITORIAL.glob("*.truth.toml"))]


# --- text helpers ------------------------------------------------------------------------

_FOLD = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "\u00a0": " ",
    }
)
_OPENING = "\"' …."


def fold(text: str) -> str:
    """Curly and straight quotes alike, whitespace collapsed, lower case."""
    return " ".join(text.translate(_FOLD).split()).casefold()


def _quote_key(text: str) -> str:
    """A quotation's folded text without the marks or ellipsis it may start with."""
    return fold(text).lstrip(_OPENING)


def starts_with(text: str, start: str) -> bool:
    """Whether quotation `text` starts with the truth's `start` (normalised)."""
    key = _quote_key(start)
    return bool(key) and _quote_key(text).startswith(key)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_HONORIFICS = _word_set(
    "mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend councillor cllr "
    "judge justice sergeant sgt inspector insp constable pc detective det chief supt "
    "superintendent officer captain capt coach manager mp mayor"
)
_DESCRIPTION_GLUE = _word_set("a an the of for from at in on by with and its their s")


def _words(text: str) -> list[str]:
    folded = fold(text).replace("'s ", " ").removesuffix("'s")
    return re.findall(r"[^\W_]+", folded)


def same_speaker(shown: str, truth: str, *, named: bool) -> bool:
    """Whether a shown speaker is the truth's speaker, leniently.

    A named speaker: the shown name carries the truth's surname, and when both give a first
    name it is the same one (Ellen Marsh is not Chloe Marsh). A described speaker ("a
    spokesperson for the prosecutor's office"): every content word shown is in the
    description. A truth speaker of "" has no right answer: any shown speaker is wrong.
    """
    if not truth.strip() or not shown.strip():
        return False
    shown_words = _words(shown)
    truth_words = [w for w in _words(truth) if w not in _HONORIFICS]
    if named:
        if not truth_words or truth_words[-1] not in shown_words:
            return False
        before = shown_words[: shown_words.index(truth_words[-1])]
        first = before[-1] if before and before[-1] not in _HONORIFICS else None
        return first is None or len(truth_words) == 1 or first == truth_words[0]
    content = {w for w in _words(shown) if w not in _DESCRIPTION_GLUE}
    return bool(content) and content <= set(_words(truth))


# Explainers.
_SENTENCE_ADVERBS = _word_set(
    "meanwhile nevertheless nonetheless however moreover furthermore therefore thus hence "
    "still instead otherwise indeed besides overall likewise yet also so then now here "
    "there this that these those it no yes but and or"
)
_ADVERB_SUFFIXES = (
    "ally",
    "ously",
    "ively",
    "fully",
    "lessly",
    "ently",
    "antly",
    "ably",
    "ibly",
    "edly",
    "ingly",
    "ately",
    "arly",
    "ily",
)
_CLAUSE_OPENERS = frozenset({"who", "whose", "which", "that", "and", "or", "but"})
_DANGLING = _word_set(
    "of the and a an to in for with or but by at from on as its their his her who which that whose"
)
_TERM_PREFIXES = frozenset({"the", *_HONORIFICS})


def _term_key(term: str) -> str:
    words = fold(term).strip(" .,:;!?\"'").split()
    while len(words) > 1 and words[0].strip(".") in _TERM_PREFIXES:
        words = words[1:]
    return " ".join(words)


def _contains(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(fold(phrase))}(?!\w)", fold(text)) is not None


def explainer_problems(case: Case, term: str, text: str) -> list[str]:
    """What an editor rejects in one explainer (empty when it is fine)."""
    problems = []
    key = _term_key(term)
    if key in {_term_key(t) for t in case.explainer_traps}:
        problems.append("a trap term")
    words = term.split()
    if len(words) == 1:
        word = words[0].strip(".,:;!?\"'").lower()
        if word in _SENTENCE_ADVERBS or (len(word) >= 7 and word.endswith(_ADVERB_SUFFIXES)):
            problems.append("a sentence adverb, not a term")
    text_words = fold(text).strip(" .,;:—–-").split()
    if text_words and text_words[0].strip(",") in _CLAUSE_OPENERS:
        problems.append("a clause fragment")
    if text_words and text_words[-1].strip(".,;:!?\"'") in _DANGLING:
        problems.append(f"ends on a dangling “{text_words[-1]}”")
    for truth in case.explainers:
        truth_key = _term_key(truth.term)
        surname = truth_key.split()[-1]
        if (key == truth_key or (len(truth_key.split()) == 2 and key == surname)) and not (
            _contains(text, truth.must_contain)
        ):
            problems.append(f"does not say “{truth.must_contain}”")
    return problems


# Opinion.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_FIRST_PERSON = re.compile(r"(?<![\w'])(?:I|I'm|I've|I'd|I'll)(?![\w'])")
_FIRST_PERSON_ANY_CASE = re.compile(
    r"(?<![\w'])(?:me|my|mine|myself|we|we're|we've|our|ours|us)(?![\w'])", re.IGNORECASE
)
_AUTHOR_WORDS = ("the author", "the writer", "the columnist")


def first_person_words(text: str) -> list[str]:
    """First-person words outside quotation marks ("US" the country is not "us")."""
    bare = _QUOTED.sub(" ", text.replace("’", "'").replace("‘", "'"))
    found = [m.group() for m in _FIRST_PERSON.finditer(bare)]
    found += [m.group() for m in _FIRST_PERSON_ANY_CASE.finditer(bare) if m.group() != "US"]
    return found


def opinion_problems(case: Case, point: str) -> list[str]:
    """What makes an opinion summary point read as fact or as the author's own voice."""
    problems = []
    surname = case.author.split()[-1] if case.author.strip() else None
    lowered = fold(point)
    named = (surname is not None and _contains(point, surname)) or any(
        phrase in lowered for phrase in _AUTHOR_WORDS
    )
    if not named:
        problems.append("not attributed to the author")
    first = first_person_words(point)
    if first:
        problems.append(f"first person ({', '.join(first)})")
    return problems


# --- the parser --------------------------------------------------------------------------


def _read_quotes() -> Callable[[tuple[str, ...]], tuple[Any, Any, tuple[Any, ...]]]:
    """The language layer's `read_quotes`; from `bot.engines` until it has moved to `bot.text`."""
    for name in ("bot.text.attribution", "bot.engines.attribution"):
        try:
            module: Any = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name is not None and name.startswith(error.name):
                continue
            raise
        if hasattr(module, "read_quotes"):
            reader: Callable[[tuple[str, ...]], tuple[Any, Any, tuple[Any, ...]]]
            reader = module.read_quotes
            return reader
    raise ImportError("no read_quotes in bot.text.attribution or bot.engines.attribution")


@dataclass(frozen=True)
class Shown:
    """A quotation as the parser or the brief shows it."""

    text: str
    speaker: str | None
    paragraph: int


def _match(truth: TruthQuote, shown: Sequence[Shown]) -> Shown | None:
    """The shown quotation that starts like `truth`, preferring one in the same paragraph."""
    matches = [s for s in shown if starts_with(s.text, truth.starts)]
    same = [s for s in matches if s.paragraph == truth.paragraph]
    return (same or matches)[0] if matches else None


def _describe(truth: TruthQuote, shown: Shown) -> str:
    expected = truth.speaker or "no speaker"
    return f"p{shown.paragraph} “{truth.starts}…”: shown {shown.speaker!r}, truth {expected!r}"


# --- the score ---------------------------------------------------------------------------


@dataclass(repr=False)
class CaseScore:
    """What an editor would flag in one article's brief and parse."""

    case: Case
    article: Article
    brief: Brief
    parsed_quotes: list[Shown]
    paragraphs: int
    first_paragraph: str
    last_paragraph: str
    genre: str
    wrong_speakers_parser: list[str] = field(default_factory=list)
    wrong_speakers_brief: list[str] = field(default_factory=list)
    named_total: int = 0
    named_right: int = 0
    named_missed: list[str] = field(default_factory=list)
    bad_explainers: list[str] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)
    headline_first: bool = False
    unattributed_points: list[str] = field(default_factory=list)
    stray_quotes: list[str] = field(default_factory=list)

    @property
    def paragraphs_ok(self) -> bool:
        return self.paragraphs == self.case.paragraphs

    @property
    def first_ok(self) -> bool:
        return fold(self.first_paragraph).startswith(fold(self.case.first_paragraph_starts))

    @property
    def last_ok(self) -> bool:
        return fold(self.last_paragraph).startswith(fold(self.case.last_paragraph_starts))

    @property
    def genre_ok(self) -> bool:
        return self.genre == self.case.genre

    @property
    def first_point(self) -> str | None:
        return self.brief.summary[0].text if self.brief.summary else None

    def __repr__(self) -> str:
        return f"CaseScore({self.case.name!r})"


def score_case(case: Case) -> CaseScore:
    """Load, draft, gate and parse one article, and score it against its truth."""
    article = article_from_file(case.path)
    engine = ExtractiveEngine()
    brief = gate(article, engine.draft(article), engine.info)
    _, _, found = _read_quotes()(tuple(article.paragraphs))
    parsed = [Shown(q.text, q.speaker, q.paragraph) for q in found]
    briefed = [Shown(q.text, q.speaker, q.paragraph) for q in brief.quotes]

    score = CaseScore(
        case=case,
        article=article,
        brief=brief,
        parsed_quotes=parsed,
        paragraphs=len(article.paragraphs),
        first_paragraph=article.paragraphs[0] if article.paragraphs else "",
        last_paragraph=article.paragraphs[-1] if article.paragraphs else "",
        genre=getattr(article, "genre", "news"),
    )

    for truth in case.quotes:
        got = _match(truth, parsed)
        shown = got.speaker if got is not None else None
        right = bool(shown) and same_speaker(shown or "", truth.speaker, named=truth.named)
        if got is not None and shown and not right:
            score.wrong_speakers_parser.append(_describe(truth, got))
        if truth.named:
            score.named_total += 1
            if right:
                score.named_right += 1
            else:
                why = "not found" if got is None else f"shown {shown!r}"
                score.named_missed.append(f"“{truth.starts}…” ({truth.speaker}): {why}")

    for quote in briefed:
        truths = [t for t in case.quotes if starts_with(quote.text, t.starts)]
        if not truths:
            score.stray_quotes.append(f"p{quote.paragraph} “{quote.text}” ({quote.speaker!r})")
            continue
        truth = truths[0]
        if quote.speaker and not same_speaker(quote.speaker, truth.speaker, named=truth.named):
            score.wrong_speakers_brief.append(_describe(truth, quote))

    for explainer in brief.explainers:
        problems = explainer_problems(case, explainer.term, explainer.text)
        if problems:
            shown = f"{explainer.term}: {explainer.text}"
            score.bad_explainers.append(f"“{shown}” — {'; '.join(problems)}")

    for furniture in case.furniture:
        for number, paragraph in enumerate(article.paragraphs, start=1):
            if fold(furniture) in fold(paragraph):
                score.furniture.append(f"paragraph {number}: “{furniture}”")
        for number, point in enumerate(brief.summary, start=1):
            if fold(furniture) in fold(point.text):
                score.furniture.append(f"summary point {number}: “{furniture}”")

    first = score.first_point
    score.headline_first = first is not None and all(
        fold(word) in fold(first) for word in case.headline_facts
    )

    if case.genre == "opinion":
        for number, point in enumerate(brief.summary, start=1):
            problems = opinion_problems(case, point.text)
            if problems:
                score.unattributed_points.append(
                    f"point {number} “{point.text}” — {'; '.join(problems)}"
                )
    return score


@dataclass(frozen=True)
class Totals:
    """The set's figures, summed over cases."""

    cases: int
    paragraphs_ok: int
    first_ok: int
    last_ok: int
    genre_ok: int
    wrong_speakers_parser: int
    wrong_speakers_brief: int
    named_right: int
    named_total: int
    bad_explainers: int
    furniture: int
    headline_first: int
    opinion_cases: int
    unattributed_points: int
    stray_quotes: int

    @property
    def named_recall(self) -> float:
        return self.named_right / self.named_total if self.named_total else 1.0


def totals(scores: Sequence[CaseScore]) -> Totals:
    return Totals(
        cases=len(scores),
        paragraphs_ok=sum(s.paragraphs_ok for s in scores),
        first_ok=sum(s.first_ok for s in scores),
        last_ok=sum(s.last_ok for s in scores),
        genre_ok=sum(s.genre_ok for s in scores),
        wrong_speakers_parser=sum(len(s.wrong_speakers_parser) for s in scores),
        wrong_speakers_brief=sum(len(s.wrong_speakers_brief) for s in scores),
        named_right=sum(s.named_right for s in scores),
        named_total=sum(s.named_total for s in scores),
        bad_explainers=sum(len(s.bad_explainers) for s in scores),
        furniture=sum(len(s.furniture) for s in scores),
        headline_first=sum(s.headline_first for s in scores),
        opinion_cases=sum(s.case.genre == "opinion" for s in scores),
        unattributed_points=sum(len(s.unattributed_points) for s in scores),
        stray_quotes=sum(len(s.stray_quotes) for s in scores),
    )


# --- the table ---------------------------------------------------------------------------

_COLUMNS = (
    ("case", 25),
    ("paras", 7),
    ("1st", 3),
    ("last", 4),
    ("genre", 5),
    ("spk parse", 9),
    ("spk brief", 9),
    ("named", 7),
    ("expl", 4),
    ("furn", 4),
    ("head", 4),
    ("op pts", 6),
    ("stray", 5),
)


def _mark(ok: bool) -> str:
    return "ok" if ok else "NO"


def _row(cells: Sequence[str]) -> str:
    return "  ".join(
        cell.ljust(width) if i == 0 else cell.rjust(width)
        for i, (cell, (_, width)) in enumerate(zip(cells, _COLUMNS, strict=True))
    )


def _case_row(score: CaseScore) -> list[str]:
    opinion = score.case.genre == "opinion"
    return [
        score.case.name,
        f"{score.paragraphs}/{score.case.paragraphs}",
        _mark(score.first_ok),
        _mark(score.last_ok),
        _mark(score.genre_ok),
        str(len(score.wrong_speakers_parser)),
        str(len(score.wrong_speakers_brief)),
        f"{score.named_right}/{score.named_total}",
        str(len(score.bad_explainers)),
        str(len(score.furniture)),
        _mark(score.headline_first),
        str(len(score.unattributed_points)) if opinion else "-",
        str(len(score.stray_quotes)),
    ]


def _details(score: CaseScore) -> list[str]:
    lines = []
    if not score.paragraphs_ok:
        lines.append(f"paragraphs: {score.paragraphs}, an editor counts {score.case.paragraphs}")
    if not score.first_ok:
        lines.append(f"first paragraph: “{score.first_paragraph[:90]}”")
    if not score.last_ok:
        lines.append(f"last paragraph: “{score.last_paragraph[:90]}”")
    if not score.genre_ok:
        lines.append(f"genre: {score.genre}, truth {score.case.genre}")
    if not score.headline_first:
        lines.append(f"first point lacks {list(score.case.headline_facts)}: {score.first_point!r}")
    groups = (
        ("wrong speaker (parser)", score.wrong_speakers_parser),
        ("wrong speaker (brief)", score.wrong_speakers_brief),
        ("named speaker missed", score.named_missed),
        ("explainer", score.bad_explainers),
        ("furniture", score.furniture),
        ("opinion point", score.unattributed_points),
        ("stray quote", score.stray_quotes),
    )
    for label, items in groups:
        lines += [f"{label}: {item}" for item in items]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.editorial_score", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every flagged item")
    args = parser.parse_args(argv)

    print(_row([name for name, _ in _COLUMNS]))
    scores = []
    for case in CASES:
        try:
            score = score_case(case)
        except Exception as error:  # one broken case must not hide the others' figures
            print(f"{case.name:25s}  ERROR {type(error).__name__}: {error}")
            continue
        scores.append(score)
        print(_row(_case_row(score)))
        if args.verbose:
            for line in _details(score):
                print(f"    {line}")

    t = totals(scores)
    print()
    print(f"cases scored                {t.cases}/{len(CASES)}")
    print(f"paragraph count right       {t.paragraphs_ok}/{t.cases}")
    print(f"first paragraph right       {t.first_ok}/{t.cases}")
    print(f"last paragraph right        {t.last_ok}/{t.cases}")
    print(f"genre right                 {t.genre_ok}/{t.cases}")
    print(f"wrong speakers (parser)     {t.wrong_speakers_parser}")
    print(f"wrong speakers (brief)      {t.wrong_speakers_brief}")
    print(f"named-speaker recall        {t.named_right}/{t.named_total} = {t.named_recall:.2f}")
    print(f"wrong or junk explainers    {t.bad_explainers}")
    print(f"furniture as content        {t.furniture}")
    print(f"headline fact first         {t.headline_first}/{t.cases}")
    print(f"opinion points unattributed {t.unattributed_points} (in {t.opinion_cases} pieces)")
    print(f"stray brief quotes          {t.stray_quotes} (not a truth quotation; not tested)")
    return 0 if t.cases == len(CASES) else 1


if __name__ == "__main__":
    sys.exit(main())
