"""The one call shape for asking a model: prompt + values + schema -> a parsed object.

The brief's engine is one user (tests/test_openai_engine.py); this is another prompt and
another schema through the same seam, over real HTTP to the fake server.
"""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest
from pydantic import BaseModel

from bot.errors import EngineError
from bot.llm import StructuredLLM
from bot.prompts import load_prompt
from tests.fakes import FakeOpenAIServer, Reply

API_KEY = "sk-test-llm"


class Answer(BaseModel):
    text: str
    paragraphs: list[int]


class LooseAnswer(BaseModel):
    text: str = ""
    paragraphs: list[int] = []


@pytest.fixture
def fake() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(api_key=API_KEY) as server:
        yield server


def ask(fake: FakeOpenAIServer) -> tuple[LooseAnswer, str | None, int]:
    client = openai.OpenAI(api_key=API_KEY, base_url=fake.base_url, max_retries=0)
    llm = StructuredLLM(client, model="qa-model", max_output_tokens=400)
    values = {
        "article": "[1] The ferry fare rose.",
        "genre": "It is a news report.",
        "history": "(none)",
        "question": "Why?",
    }
    with client:
        reply = llm.ask(load_prompt("qa"), values, schema=Answer, read_as=LooseAnswer)
    return reply.value, reply.model, reply.tokens


def test_another_prompt_and_schema_go_through_the_same_seam(fake: FakeOpenAIServer) -> None:
    fake.enqueue(Reply.structured({"text": "The article does not say.", "paragraphs": []}))
    value, model, tokens = ask(fake)
    assert value == LooseAnswer(text="The article does not say.", paragraphs=[])
    assert model == "qa-model"
    assert tokens > 0
    (body,) = fake.requests
    assert body["response_format"]["json_schema"]["name"] == "Answer"
    assert "Why?" in body["messages"][1]["content"]


def test_the_seams_errors_are_engine_errors_with_operator_detail(fake: FakeOpenAIServer) -> None:
    fake.enqueue(Reply.content("I think the fare rose because of fuel."))
    with pytest.raises(EngineError) as caught:
        ask(fake)
    assert caught.value.answered
    assert "no JSON object" in caught.value.detail
