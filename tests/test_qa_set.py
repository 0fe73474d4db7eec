"""The labelled questions for thread Q&A (issue 10), written ahead of the feature: each
names a bundled article and the paragraphs that answer it, or none. Kept valid here so the
set cannot rot before the answers that will be scored on it exist."""

from __future__ import annotations

import tomllib
from pathlib import Path

from bot.article.plaintext import article_from_text

REPO = Path(__file__).parent.parent
SETS = sorted((Path(__file__).parent / "fixtures" / "qa").rglob("*.toml"))


def test_every_question_points_at_paragraphs_that_exist() -> None:
    assert len(SETS) >= 5
    total = answerable = 0
    for path in SETS:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        article = article_from_text((REPO / data["article"]).read_text(), markdown=True)
        for question in data["questions"]:
            total += 1
            cited = question["paragraphs"]
            assert bool(cited) == question["answerable"], question["question"]
            assert all(article.has_paragraph(n) for n in cited), question["question"]
            answerable += question["answerable"]
    assert total >= 75  # 40 to tune on, 35 held out
    assert 0 < answerable < total  # both halves: answers, and "the article doesn't say"
