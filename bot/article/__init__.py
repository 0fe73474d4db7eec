"""Articles: the model, SSRF-safe fetching, and extraction of the text from a page."""

from bot.article.model import Article

__all__ = ["Article"]
