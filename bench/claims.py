"""The claims check's cost on a 1,500-word article: `python -m bench.claims`.

The issue's budget: the evidence and support checks add at most 20 ms p50 per brief.
Timed here, in one process after two warm-up runs (a worker's lemma caches are warm
after its first brief; the first brief's dictionary load is reported apart):
- `claims check`: for every summary point and explainer of the extractive draft, find
  its evidence verbatim and widen it to sentences (`EvidenceFinder`, fresh per run) and
  run `check_support` on it: the work the gate does beyond its older checks;
- `gate`: the whole gate on that draft, for scale.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

from bench._harness import ms, percentile, print_table, verdict
from bench.extractive import long_article, timings
from bot.article.model import Article
from bot.briefs import Draft
from bot.engines.extractive import ExtractiveEngine
from bot.grounding.claim_polarity import _numbers_in
from bot.grounding.claim_words import read_tokens
from bot.grounding.evidence import EvidenceFinder
from bot.grounding.gate import gate
from bot.grounding.quotes import search_form
from bot.grounding.support import _names, check_support

WORDS = 1_500
BUDGET = 0.020


def claims_check(article: Article, draft: Draft) -> int:
    _names.cache_clear()
    search_form.cache_clear()
    _numbers_in.cache_clear()
    read_tokens.cache_clear()  # a new article's sentences: read afresh (word lemmas stay warm)
    finder = EvidenceFinder(article)
    checked = 0
    items = [(p.text, p.evidence) for p in draft.summary]
    items += [(e.text, e.evidence) for e in draft.explainers]
    for text, evidence in items:
        found, _ = finder.locate_all(evidence)
        texts = [f.text for f in found]
        context = [article.paragraph(f.paragraph) for f in found]
        check_support(text, texts, context=context)
        checked += 1
    return checked


_COLD = (
    "import time; t = time.perf_counter(); from bot.text.lemmas import warm_up; warm_up(); "
    "print(time.perf_counter() - t)"
)


def main() -> int:
    article = long_article(WORDS)
    engine = ExtractiveEngine()
    draft = engine.draft(article)
    items = claims_check(article, draft)
    cold = float(
        subprocess.run(
            [sys.executable, "-c", _COLD], capture_output=True, text=True, check=True
        ).stdout
    )
    results = {
        "claims check (evidence + support)": timings(lambda: claims_check(article, draft)),
        "gate (all checks)": timings(lambda: gate(article, draft, engine.info)),
    }
    print("\n## claims: the evidence and support checks on a 1,500-word article\n")
    print(
        f"{article.word_count:,} words, {len(article.paragraphs)} paragraphs; {items} items "
        f"checked (summary points and explainers). Loading the lemma dictionaries once per "
        f"process: {ms(cold)} ms (the worker does it at start)."
    )
    rows = [
        [name, ms(statistics.median(v)), ms(percentile(v, 95)), ms(min(v)), ms(max(v))]
        for name, v in results.items()
    ]
    print_table(
        "Claims check, ~1,500-word article",
        ["step", "median ms", "p95 ms", "min ms", "max ms"],
        rows,
    )
    median = statistics.median(results["claims check (evidence + support)"])
    print(f"\nBudget {ms(BUDGET)} ms p50 for the claims check: {verdict(median <= BUDGET)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
