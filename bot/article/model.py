"""The `Article`: what every later step reads. Paragraphs are numbered from 1."""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field


def content_hash(paragraphs: list[str]) -> str:
    """SHA-256 of the paragraphs: the same text gives the same hash wherever it came from."""
    digest = hashlib.sha256()
    for paragraph in paragraphs:
        digest.update(paragraph.encode("utf-8"))
        digest.update(b"\n\n")
    return digest.hexdigest()


class Article(BaseModel):
    """An article's text and metadata. `paragraphs[0]` is paragraph 1."""

    model_config = ConfigDict(frozen=True)

    title: str | None = None
    url: str | None = None
    byline: str | None = None
    published: str | None = None
    genre: Literal["news", "opinion"] = "news"
    """ "opinion" for columns, analysis, editorials, reviews (`bot.article.genre`)."""
    paragraphs: list[str] = Field(min_length=1)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def sha256(self) -> str:
        return content_hash(self.paragraphs)

    @property
    def draft_key(self) -> str:
        """What an engine's draft depends on: the text, and the headline, author and genre
        that frame it (the link does not: the same story pasted or linked drafts the same)."""
        frame = "\n".join([self.title or "", self.byline or "", self.genre, self.sha256])
        return hashlib.sha256(frame.encode("utf-8")).hexdigest()

    def paragraph(self, number: int) -> str:
        """Paragraph `number` (1-based); IndexError when it does not exist."""
        if not 1 <= number <= len(self.paragraphs):
            raise IndexError(number)
        return self.paragraphs[number - 1]

    def has_paragraph(self, number: int) -> bool:
        return 1 <= number <= len(self.paragraphs)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)
