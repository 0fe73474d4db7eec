"""The editorial set's hard guarantees, one test per article and guarantee.

The articles and their truth files live in `tests/fixtures/editorial/`; the scoring is in
`tests/editorial_score.py` (`python -m tests.editorial_score -v` shows every flagged item).
Each article is loaded, drafted with the extractive engine, gated and parsed once per run.
"""

from __future__ import annotations

import functools
import re

import pytest

from tests.editorial_score import CASES, Case, CaseScore, fold, score_case, totals

CASE_IDS = [case.name for case in CASES]
OPINION_CASES = [case for case in CASES if case.genre == "opinion"]
NAMED_RECALL_FLOOR = 0.8


@functools.cache
def scored(name: str) -> CaseScore:
    case = next(c for c in CASES if c.name == name)
    return score_case(case)


def bullets(items: list[str]) -> str:
    return "\n".join(f"  - {item}" for item in items)


# --- the truth files themselves ----------------------------------------------------------


def test_the_set_covers_every_kind_of_story() -> None:
    sections = {case.section for case in CASES}
    kinds = [case.kind for case in CASES]
    assert len(CASES) >= 10, f"only {len(CASES)} articles in the editorial set"
    missing = {"news", "courts", "business", "sports", "science", "opinion", "analysis"}
    missing = missing | {"breaking"}
    assert missing <= sections, f"no article for {sorted(missing - sections)}"
    assert kinds.count("pasted") >= 5, f"only {kinds.count('pasted')} pasted articles"
    assert kinds.count("html") >= 3, f"only {kinds.count('html')} HTML articles"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_truth_matches_its_article(case: Case) -> None:
    """Every quote start and furniture string is in the source; quotes are listed in order."""
    text = case.source_text
    missing_quotes = [q.starts for q in case.quotes if q.starts not in text]
    assert not missing_quotes, f"quote starts not in {case.path.name}:\n{bullets(missing_quotes)}"
    missing_furniture = [f for f in case.furniture if f not in text]
    assert not missing_furniture, (
        f"furniture not in {case.path.name}:\n{bullets(missing_furniture)}"
    )
    where = [text.find(q.starts) for q in case.quotes]
    assert where == sorted(where), f"{case.truth_path.name}: quotes are not in article order"
    paragraphs = [q.paragraph for q in case.quotes]
    assert paragraphs == sorted(paragraphs), f"{case.truth_path.name}: quote paragraphs go back"
    assert all(1 <= p <= case.paragraphs for p in paragraphs), (
        f"{case.truth_path.name}: a quote's paragraph is outside 1..{case.paragraphs}"
    )
    for truth in case.explainers:
        assert re.search(re.escape(truth.must_contain), text, re.IGNORECASE), (
            f"{case.truth_path.name}: “{truth.must_contain}” ({truth.term}) is not in the article"
        )


# --- paragraphs and genre ----------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_paragraph_count(case: Case) -> None:
    score = scored(case.name)
    numbered = [f"{n}: {p[:70]}" for n, p in enumerate(score.article.paragraphs, start=1)]
    assert score.paragraphs_ok, (
        f"{score.paragraphs} paragraphs, an editor counts {case.paragraphs}:\n{bullets(numbered)}"
    )


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_first_and_last_paragraph(case: Case) -> None:
    score = scored(case.name)
    assert score.first_ok, (
        f"paragraph 1 should start “{case.first_paragraph_starts}”, "
        f"not “{score.first_paragraph[:100]}”"
    )
    assert score.last_ok, (
        f"the last paragraph should start “{case.last_paragraph_starts}”, "
        f"not “{score.last_paragraph[:100]}”"
    )


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_genre(case: Case) -> None:
    score = scored(case.name)
    assert score.genre_ok, f"genre {score.genre!r}, an editor says {case.genre!r}"


# --- quotes ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_no_wrong_speaker_in_the_brief(case: Case) -> None:
    wrong = scored(case.name).wrong_speakers_brief
    assert not wrong, f"quotes credited to the wrong person in the brief:\n{bullets(wrong)}"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_no_wrong_speaker_from_the_parser(case: Case) -> None:
    wrong = scored(case.name).wrong_speakers_parser
    assert not wrong, f"quotes credited to the wrong person by read_quotes:\n{bullets(wrong)}"


def test_named_speaker_recall() -> None:
    scores = [scored(case.name) for case in CASES]
    total = totals(scores)
    missed = [f"{s.case.name}: {m}" for s in scores for m in s.named_missed]
    assert total.named_recall >= NAMED_RECALL_FLOOR, (
        f"read_quotes named the right person for {total.named_right} of {total.named_total} "
        f"quotes ({total.named_recall:.2f} < {NAMED_RECALL_FLOOR}); missed:\n{bullets(missed)}"
    )


# --- explainers, furniture, the lead, opinion --------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_no_wrong_or_junk_explainers(case: Case) -> None:
    bad = scored(case.name).bad_explainers
    assert not bad, f"explainers an editor rejects:\n{bullets(bad)}"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_no_furniture_in_paragraphs_or_summary(case: Case) -> None:
    found = scored(case.name).furniture
    assert not found, f"page furniture read as content:\n{bullets(found)}"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_headline_fact_comes_first(case: Case) -> None:
    score = scored(case.name)
    first = score.first_point
    assert first is not None, "the brief has no summary points"
    missing = [w for w in case.headline_facts if fold(w) not in fold(first)]
    assert score.headline_first, f"the first summary point lacks {missing}: “{first}”"


@pytest.mark.parametrize("case", OPINION_CASES, ids=[c.name for c in OPINION_CASES])
def test_opinion_points_are_the_authors_view(case: Case) -> None:
    score = scored(case.name)
    assert score.brief.summary, "the brief has no summary points"
    assert not score.unattributed_points, (
        f"points not stated as {case.author}'s view, or in the first person:\n"
        f"{bullets(score.unattributed_points)}"
    )
