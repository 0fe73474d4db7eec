"""An optional model-written overview of the day (`DIGEST_OVERVIEW`), checked like a brief.

    overview = Overview(llm, load_prompt("digest"))
    points = overview.write(digest)            # [] when off, failed, or nothing passed

One call per digest, with the `digest` prompt: the day's lines (headline and first point)
numbered as paragraphs, fenced as untrusted. The answer is sentences with evidence; each
goes through the brief's gate against those lines (evidence verbatim, every word, number
and name backed), so the overview says nothing the day's briefs do not. A failure of the
model leaves the digest without an overview, never without its lines.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from bot.article.model import Article
from bot.briefs import Draft, EngineInfo, Evidence, SummaryPoint
from bot.digest.model import Digest, DigestLine
from bot.errors import EngineError
from bot.grounding.gate import gate
from bot.llm import StructuredLLM
from bot.llm.shapes import BriefEvidence, LoosePoint, StrictModel
from bot.prompts import Prompt, fence_untrusted

__all__ = ["Overview"]

log = logging.getLogger(__name__)

MAX_LINES = 40
"""The overview reads the day's newest lines, at most this many."""
MAX_POINTS = 3


class OverviewSentence(StrictModel):
    text: str
    evidence: list[BriefEvidence]


class OverviewOutput(StrictModel):
    overview: list[OverviewSentence]


class _LooseOverview(BaseModel):
    model_config = ConfigDict(extra="ignore")
    overview: list[LoosePoint] = []


def day_article(lines: list[DigestLine]) -> Article:
    """The day's lines as the paragraphs the overview is checked against."""
    paragraphs = [
        f"{(line.title or 'Untitled').rstrip('.')}. {line.summary or ''}".strip() for line in lines
    ]
    return Article(title="The day's briefs", paragraphs=paragraphs)


class Overview:
    def __init__(self, llm: StructuredLLM, prompt: Prompt) -> None:
        self._llm = llm
        self._prompt = prompt
        self.info = EngineInfo(engine="openai", model=llm.model, prompt_version=prompt.version)

    @property
    def version(self) -> str:
        return self._prompt.version

    def values(self, digest: Digest) -> dict[str, str]:
        """The `digest` prompt's values: the day's lines, numbered and fenced."""
        article = day_article([*digest.briefed, *digest.from_feeds][:MAX_LINES])
        numbered = "\n".join(
            f"[{n}] {' '.join(p.split())}" for n, p in enumerate(article.paragraphs, 1)
        )
        return {"date": digest.date, "items": fence_untrusted("BRIEFS", numbered)}

    def write(
        self, digest: Digest, *, charge: Callable[[int], None] | None = None
    ) -> list[SummaryPoint]:
        lines = [*digest.briefed, *digest.from_feeds][:MAX_LINES]
        if len(lines) < 2:
            return []
        article = day_article(lines)
        try:
            reply = self._llm.ask(
                self._prompt,
                self.values(digest),
                schema=OverviewOutput,
                read_as=_LooseOverview,
            )
        except EngineError as exc:
            log.warning("digest overview: the model failed (%s)", exc)
            if charge is not None and exc.tokens:
                charge(exc.tokens)
            return []
        if charge is not None and reply.tokens:
            charge(reply.tokens)
        draft = Draft(
            summary=[
                SummaryPoint(
                    text=point.text.strip(),
                    paragraphs=list(dict.fromkeys(e.paragraph for e in point.evidence)),
                    evidence=[Evidence(text=e.text, paragraph=e.paragraph) for e in point.evidence],
                )
                for point in reply.value.overview
                if point.text.strip()
            ]
        )
        kept = gate(article, draft, self.info).summary[:MAX_POINTS]
        log.info("digest overview: %d of %d sentences kept", len(kept), len(draft.summary))
        return kept
