"""Thread Q&A's answers: find, draft and check an answer to a question about one article.

    retrieval.py   BM25 over the article's sentences, and how well the best fits the question
    extractive.py  the article's own sentences as the answer (no model, no key)
    llm.py         a model's answer with the `qa` prompt, streamed sentence by sentence
    check.py       every answer through the brief's gate
    service.py     `Answering`: the model's answer checked, else the article's words
    model.py       `AnswerDraft` (unchecked) and `Answer` (what a thread is shown)

Slack never appears here: `bot.qa_jobs` runs a mention and `bot.render.answer` draws it.
"""

from bot.answers.extractive import ExtractiveAnswerer
from bot.answers.llm import ModelAnswerer
from bot.answers.model import Answer, AnswerDraft
from bot.answers.service import Answering

__all__ = ["Answer", "AnswerDraft", "Answering", "ExtractiveAnswerer", "ModelAnswerer"]
