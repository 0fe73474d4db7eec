"""Scoring thread answers against a labelled question set (`tests/fixtures/qa/**.toml`).

Each question names its article and the paragraphs that answer it, or none. An answer is:

- right: it answers (with confidence) from a labelled paragraph;
- hedged: it shows a labelled paragraph as only "the nearest passage";
- wrong place: it answers with confidence from paragraphs that do not answer it;
- missed: it says the article doesn't say, though the article does;
- for an unanswerable question: said (the article doesn't say, or only a nearest passage
  labelled as such) or answered anyway (with confidence).

Every answer is the article's own sentences, so none is false; the measures are whether it
is the *answer*, and whether Brief says plainly when there is none.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.answers.extractive import ExtractiveAnswerer
from bot.article.plaintext import article_from_text

REPO = Path(__file__).parent.parent


@dataclass(frozen=True)
class Scored:
    question: str
    outcome: str


def score_set(folder: Path) -> tuple[Counter[str], list[Scored]]:
    answerer = ExtractiveAnswerer()
    counts: Counter[str] = Counter()
    scored: list[Scored] = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        article = article_from_text((REPO / data["article"]).read_text(), markdown=True)
        for item in data["questions"]:
            draft = answerer.answer(article, item["question"])
            cited = {e.paragraph for e in draft.excerpts}
            if item["answerable"]:
                if not draft.found:
                    outcome = "missed"
                elif cited & set(item["paragraphs"]):
                    outcome = "right" if draft.confident else "hedged"
                else:
                    outcome = "wrong place" if draft.confident else "hedged elsewhere"
            else:
                outcome = "answered anyway" if draft.found and draft.confident else "said"
            counts[outcome] += 1
            scored.append(Scored(item["question"], outcome))
    return counts, scored
