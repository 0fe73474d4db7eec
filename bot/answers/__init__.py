"""Thread Q&A's answers: find, draft and check an answer to a question about one article.

    retrieval.py   BM25 over the article's sentences, and how well the best fits the question
    extractive.py  the article's own sentences as the answer (no model, no key)
    llm.py         a model's answer with the `qa` prompt, streamed sentence by sentence
    check.py       every answer through the brief's gate
    service.py     `Answering`: the model's answer checked, else the article's words
    model.py       `AnswerDraft` (unchecked) and `Answer` (what a thread is shown)

Slack never appears here: `bot.mention_jobs` runs a mention and `bot.render.answer` draws
it. Import from the modules themselves: the package imports nothing, so reading or drawing
an answer never loads the model client (`llm.py` imports `bot.llm`, and with it openai).
"""
