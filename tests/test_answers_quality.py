"""Offline answer quality on the labelled question sets, as the README reports it.

The development set (`tests/fixtures/qa/*.toml`) was written before the answerer and then
used to tune it; the held-out set (`tests/fixtures/qa/heldout/`) was written by someone
else afterwards and scored once, blind. The floors are the measured figures: a change
that makes answers worse fails here, one that makes them better moves the floor up.
"""

from __future__ import annotations

from pathlib import Path

from tests.answers_score import score_set

QA = Path(__file__).parent / "fixtures" / "qa"


def test_development_set() -> None:
    counts, scored = score_set(QA)
    answerable = sum(
        counts[k] for k in ("right", "hedged", "wrong place", "hedged elsewhere", "missed")
    )
    unanswerable = counts["said"] + counts["answered anyway"]
    assert (answerable, unanswerable) == (25, 15)
    detail = "\n".join(f"{s.outcome}: {s.question}" for s in scored)
    assert counts["right"] >= 9, detail
    assert counts["right"] + counts["hedged"] >= 20, detail
    assert counts["wrong place"] == 0, detail
    assert counts["said"] >= 14, detail


def test_held_out_set() -> None:
    """Scored blind first: 4 right, 6 more shown as the nearest passage, 11 of 14 unanswerable
    said so, none answered with confidence from the wrong place. Since then one change,
    decided on the development set (a headline word no longer counts as found in every
    paragraph), moved one right answer to "nearest": 3 and 7 now."""
    counts, scored = score_set(QA / "heldout")
    detail = "\n".join(f"{s.outcome}: {s.question}" for s in scored)
    assert counts["right"] >= 3, detail
    assert counts["right"] + counts["hedged"] >= 10, detail
    assert counts["wrong place"] == 0, detail
    assert counts["said"] >= 11, detail
