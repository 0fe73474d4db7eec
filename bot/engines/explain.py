"""Rank the article's entities and keep one grounded explainer for each of the best.

An entity is worth explaining when the article keeps coming back to it (how
often it is mentioned, in full or by surname or acronym), names it early, or
quotes it; it can only be explained when the article defines it
(`entities.find_definitions`). The extractive engine has no outside knowledge,
so every explainer is the article's own phrase and `background` is always False.
"""

from __future__ import annotations

import re
from collections import defaultdict

from bot.briefs import Evidence, Explainer
from bot.engines.entities import KIND_WEIGHT, Definition
from bot.text.names import is_org_name
from bot.text.people import PersonIndex
from bot.text.sentences import sentence_spans

__all__ = ["pick_explainers"]


def pick_explainers(
    paragraphs: list[str],
    people: PersonIndex,
    definitions: list[Definition],
    *,
    speakers: set[str],
    limit: int = 6,
) -> list[Explainer]:
    """Up to `limit` explainers, the most salient chosen first, in the order they are cited."""
    by_key: dict[str, list[Definition]] = defaultdict(list)
    for definition in definitions:
        by_key[definition.key].append(definition)
    terms: dict[str, str] = {}
    extra: dict[str, list[str]] = defaultdict(list)
    for acronym in [k for k, ds in by_key.items() if ds[0].kind == "acronym"]:
        expansion = by_key[acronym][0].text
        if expansion in by_key and acronym != expansion:
            best = _best(by_key[expansion])
            combined = f"{best.term} ({acronym})"
            if combined in paragraphs[best.paragraph - 1]:
                terms[expansion] = combined
                extra[expansion].append(acronym)
                del by_key[acronym]
    ranked: list[tuple[float, int, str, Definition]] = []
    for key, found in by_key.items():
        if _bare_surname(key, people):
            continue
        best = _best(found)
        surfaces = [best.term, *_short_forms(best.term), *extra[key]]
        first, count = _mentions(paragraphs, people, key, surfaces)
        if count == 0:
            continue
        salience = count + (2 if first <= 3 else 0) + (3 if key in speakers else 0)
        ranked.append((salience * KIND_WEIGHT[best.kind], first, key, best))
    ranked.sort(key=lambda r: (-r[0], r[1], r[2]))
    chosen = _mixed(ranked, people, limit)
    chosen.sort(key=lambda r: (r[3].paragraph, r[1], r[2]))
    return [
        Explainer(
            term=terms.get(key, best.term),
            text=best.text,
            paragraphs=[best.paragraph],
            background=False,
            evidence=[_evidence(paragraphs[best.paragraph - 1], best)],
        )
        for _, _, key, best in chosen
    ]


def _evidence(paragraph: str, definition: Definition) -> Evidence:
    """The sentence that holds the defining phrase (the whole paragraph if it is not found)."""
    at = paragraph.find(definition.text)
    for start, end in sentence_spans(paragraph):
        if at >= 0 and start <= at < end:
            return Evidence(text=paragraph[start:end], paragraph=definition.paragraph)
    return Evidence(text=paragraph, paragraph=definition.paragraph)


def _mixed(
    ranked: list[tuple[float, int, str, Definition]], people: PersonIndex, limit: int
) -> list[tuple[float, int, str, Definition]]:
    """The best of each sort first: at most half people, a third terms, while others wait."""
    caps = {"person": max(1, limit // 2), "term": max(1, limit // 3), "other": limit}
    chosen: list[tuple[float, int, str, Definition]] = []
    waiting: list[tuple[float, int, str, Definition]] = []
    taken = dict.fromkeys(caps, 0)
    for row in ranked:
        sort = _sort_of(row[3], people)
        if taken[sort] < caps[sort]:
            chosen.append(row)
            taken[sort] += 1
        else:
            waiting.append(row)
    return (chosen + waiting)[:limit]


def _sort_of(definition: Definition, people: PersonIndex) -> str:
    if people.is_person(definition.key):
        return "person"
    return "term" if definition.kind in ("copula", "jargon") else "other"


def _short_forms(term: str) -> list[str]:
    """ "Wrenmouth Harbour Authority" is also "Harbour Authority" and "the authority"."""
    words = term.split()
    if len(words) < 2 or not is_org_name(term):
        return []
    forms = [" ".join(words[i:]) for i in range(1, len(words) - 1)]
    return [*forms, f"the {words[-1].lower()}"]


def _bare_surname(key: str, people: PersonIndex) -> bool:
    """ "Anderson" when the article has two Andersons: ambiguous, and the full names cover it."""
    return " " not in key and any(n.endswith(" " + key) for n in people.names)


def _best(found: list[Definition]) -> Definition:
    """The strongest kind of definition; the earliest among equals."""
    return max(found, key=lambda d: (KIND_WEIGHT[d.kind], -d.paragraph, -len(d.text)))


def _mentions(
    paragraphs: list[str], people: PersonIndex, key: str, surfaces: list[str]
) -> tuple[int, int]:
    """(first paragraph, number of mentions) of an entity in any of its written forms."""
    if people.is_person(key):
        hits = [
            m.paragraph
            for number in range(1, len(paragraphs) + 1)
            for m in people.mentions(number)
            if people.full_name(m.run.name(paragraphs[number - 1])) == key
        ]
        if hits:
            return min(hits), len(hits)
    flags = re.IGNORECASE if surfaces[0][:1].islower() else 0
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in surfaces) + r")(?![\w-])", flags
    )
    first, count = 0, 0
    for number, paragraph in enumerate(paragraphs, start=1):
        found = len(pattern.findall(paragraph))
        if found and not first:
            first = number
        count += found
    return first, count
