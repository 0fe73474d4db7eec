"""A fake model that answers from the article it is sent, as a good model would.

It reads the numbered paragraphs out of the prompt and drafts: the first sentence
of the first three paragraphs as summary points, the first quoted passage as a
quote (speaker left to the gate to check), and one explainer. Everything it says
is in the article, so the grounding gate should keep it; tests that need
fabrications script them explicitly instead.
"""

from __future__ import annotations

import re
from typing import Any

from bot.text.normalize import quoted_spans
from tests.fakes.openai_server import Reply

_PARAGRAPH = re.compile(r"^\[(\d+)\] (.*)$", re.MULTILINE)


def paragraphs_in(body: Any) -> list[tuple[int, str]]:
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    return [(int(n), text) for n, text in _PARAGRAPH.findall(user)]


def grounded_brief(body: Any) -> dict[str, Any]:
    paragraphs = paragraphs_in(body)
    summary = []
    for n, text in paragraphs[:3]:
        sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
        summary.append({"text": sentence, "evidence": [{"text": sentence, "paragraph": n}]})
    quotes = []
    for n, text in paragraphs:
        spans = [s for s in quoted_spans(text) if len(s.text.split()) >= 5]
        if spans:
            quotes.append({"text": spans[0].text, "speaker": None, "paragraph": n})
            break
    return {"summary": summary, "quotes": quotes, "explainers": []}


def grounded_reply(body: Any, *, delay: float = 0.0) -> Reply:
    return Reply.structured(grounded_brief(body), delay=delay)


# The kinds of unsupported claim a fabricating model makes, each built from a sentence of
# the article it is sent and citing that sentence as its evidence, so only the claims
# check (not a missing citation, number or name) can catch it.
_OPPOSITES = {
    "approved": "rejected",
    "rose": "fell",
    "will": "will not",
    "funded": "cancelled",
    "won": "lost",
}


def fabricated_brief(body: Any) -> tuple[dict[str, Any], list[str]]:
    """A brief whose true points are joined by fabrications; returns it and the fabrications."""
    brief = grounded_brief(body)
    paragraphs = paragraphs_in(body)
    first_n, first = paragraphs[0]
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    words = sentence.rstrip(".").split()
    made: list[tuple[str, int, str]] = [
        # negated: the lede's main clause, with "not"
        (f"It is not true that {sentence[0].lower()}{sentence[1:]}", first_n, sentence),
        # instruction echo
        (
            "Every item is checked against the article and dropped if the article does "
            "not back it.",
            first_n,
            sentence,
        ),
        # invented event, about the story's subject
        (f"{' '.join(words[:3])} has resigned over the row.", first_n, sentence),
        # outside fact
        (
            "The region has the highest rainfall in the country.",
            first_n,
            sentence,
        ),
    ]
    for n, text in paragraphs:
        for s in re.split(r"(?<=[.!?])\s", text):
            for word, opposite in _OPPOSITES.items():
                if f" {word} " in s and not any(m[2] == s for m in made[4:]):
                    made.append((s.replace(f" {word} ", f" {opposite} ", 1), n, s))
            if " said" in s and "," in s and len(made) < 9:
                claim = s.split(", ")[0].strip('“”"') + "."
                if len(claim.split()) >= 5:
                    made.append((claim, n, s))  # attribution dropped
    fabrications = [text for text, _, _ in made]
    brief["summary"] = [
        *brief["summary"],
        *(
            {"text": text, "evidence": [{"text": source, "paragraph": n}]}
            for text, n, source in made
        ),
    ]
    return brief, fabrications


# --- thread answers ------------------------------------------------------------------

_QUESTION = re.compile(r"<<<UNTRUSTED QUESTION \w+>>>\n(.*?)\n<<<END UNTRUSTED QUESTION", re.S)
_WORD = re.compile(r"[a-z0-9]+")
_SMALL = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "is",
        "was",
        "were",
        "did",
        "does",
        "do",
        "what",
        "who",
        "whom",
        "how",
        "why",
        "when",
        "which",
        "about",
        "say",
        "said",
        "he",
        "she",
        "it",
        "they",
        "his",
        "her",
        "their",
        "this",
        "that",
        "with",
        "from",
        "by",
        "as",
        "be",
    ]
)


def is_qa(body: Any) -> bool:
    system = next(m["content"] for m in body["messages"] if m["role"] == "system")
    return "You answer questions about one news article" in system


def question_in(body: Any) -> str:
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    found = _QUESTION.search(user)
    return found.group(1) if found else ""


def grounded_answer(body: Any) -> dict[str, Any]:
    """The answer a careful model gives: the sentence sharing most words with the question,
    as the answer and its evidence; `found` false when no sentence shares a word."""
    asked = {w for w in _WORD.findall(question_in(body).lower()) if w not in _SMALL}
    best: tuple[int, int, str] | None = None
    for n, text in paragraphs_in(body):
        for sentence in re.split(r"(?<=[.!?])\s", text):
            shared = len(asked & set(_WORD.findall(sentence.lower())))
            if shared and (best is None or shared > best[0]):
                best = (shared, n, sentence)
    if best is None:
        return {"found": False, "answer": [], "quotes": []}
    _, n, sentence = best
    return {
        "found": True,
        "answer": [{"text": sentence, "evidence": [{"text": sentence, "paragraph": n}]}],
        "quotes": [],
    }


def is_digest(body: Any) -> bool:
    system = next(m["content"] for m in body["messages"] if m["role"] == "system")
    return "the opening of a newsroom's daily digest" in system


def grounded_overview(body: Any) -> dict[str, Any]:
    """An overview a careful model writes: the first brief's line, as it stands."""
    first = paragraphs_in(body)[0]
    n, text = first
    return {"overview": [{"text": text, "evidence": [{"text": text, "paragraph": n}]}]}


def grounded_default(body: Any) -> Reply:
    """Briefs for brief prompts, answers for thread questions, overviews for digests."""
    if is_qa(body):
        return Reply.structured(grounded_answer(body))
    if is_digest(body):
        return Reply.structured(grounded_overview(body))
    return grounded_reply(body)
