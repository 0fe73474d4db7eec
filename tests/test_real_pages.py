"""The claims gate on real news pages: the extractive engine's items are the article's own
sentences, so an editor would keep every one; the gate must drop none of them.

The pages are the steering side's `shared/real-pages` (beside the repository in CI and on
a developer's machine); they are read, never copied into the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.article.extract import extract_html
from bot.engines.extractive import ExtractiveEngine
from bot.grounding.gate import gate
from bot.grounding.quote_gate import is_note

PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "real-pages"
FOUND = sorted(PAGES.glob("*.html"))


@pytest.mark.skipif(not FOUND, reason="shared/real-pages is not beside the repository")
@pytest.mark.parametrize("page", FOUND, ids=lambda p: p.stem)
def test_the_gate_keeps_every_extractive_item_of_a_real_page(page: Path) -> None:
    article = extract_html(page.read_bytes(), url="https://news.example/story")
    engine = ExtractiveEngine()
    draft = engine.draft(article)
    brief = gate(article, draft, engine.info)
    lost = [(d.text[:80], d.reason) for d in brief.dropped if not is_note(d)]
    assert lost == []
    assert len(brief.summary) == len(draft.summary) > 0
    assert all(p.evidence for p in brief.summary)
