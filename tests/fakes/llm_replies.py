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
