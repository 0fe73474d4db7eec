"""The `openai` engine against servers that differ, as real ones do: the compatibility matrix.

Real SDK, real HTTP, the fake server on loopback behaving like each kind of server:
llama-cpp-python's (refuses `json_schema`, answers 500), one that takes only a forced tool
call, one that ignores `response_format` and answers prose around its JSON, one that only
answers prose, a model stuck in a loop, a server that refuses streaming, and one that
answers 200 with a body that is not JSON. Each case ends in a draft the gate can check, or
a clear `EngineError`; none in a traceback.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import openai
import pytest

from bot.engines.openai_chat import OpenAIEngine
from bot.errors import EngineError
from bot.llm.modes import ModeMemory, json_text, looping
from bot.prompts import load_prompt
from tests.fakes import FakeOpenAIServer, Reply
from tests.test_openai_engine import ANSWER, API_KEY, ARTICLE, MODEL

LLAMA_CPP_PYTHON = (
    500,
    "response_format type json_schema is not supported: use text or json_object",
)


@pytest.fixture
def fake() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(api_key=API_KEY) as server:
        yield server


def engine_for(
    fake: FakeOpenAIServer,
    *,
    modes: ModeMemory | None = None,
    stream: bool = True,
    max_retries: int = 2,
    **kwargs: Any,
) -> tuple[OpenAIEngine, openai.OpenAI]:
    client = openai.OpenAI(
        api_key=API_KEY, base_url=fake.base_url, max_retries=max_retries, timeout=5.0
    )
    engine = OpenAIEngine(
        client,
        model=MODEL,
        prompt=load_prompt("brief"),
        max_output_tokens=1500,
        modes=modes,
        stream=stream,
        **kwargs,
    )
    return engine, client


def kinds(fake: FakeOpenAIServer) -> list[str]:
    """The structured-output mode of each request, as the server saw it."""
    out = []
    for body in fake.requests:
        if body.get("tools"):
            out.append("tools")
        elif body.get("response_format"):
            out.append(body["response_format"]["type"])
        else:
            out.append("prompt")
    return out


def test_a_server_refusing_json_schema_gets_json_object_at_once_and_is_remembered(
    fake: FakeOpenAIServer,
) -> None:
    fake.rejects["json_schema"] = LLAMA_CPP_PYTHON
    fake.default = lambda body: Reply.structured(ANSWER)
    modes = ModeMemory()
    engine, client = engine_for(fake, modes=modes)
    with client:
        first = engine.draft(ARTICLE)
        second = engine.draft(ARTICLE)
    assert kinds(fake) == ["json_schema", "json_object", "json_object"]  # the 500: no retries
    system = fake.requests[1]["messages"][0]["content"]
    assert "JSON schema" in system  # the schema, in the prompt
    assert '"evidence"' in system
    assert first.summary == second.summary
    assert len(first.summary) == 3


def test_a_server_taking_only_a_forced_tool_call_gets_one(fake: FakeOpenAIServer) -> None:
    fake.rejects["json_schema"] = (400, "Unknown parameter: response_format")
    fake.rejects["json_object"] = (400, "Unknown parameter: response_format")
    fake.default = lambda body: Reply.structured(ANSWER)
    engine, client = engine_for(fake)
    with client:
        draft = engine.draft(ARTICLE)
    assert kinds(fake) == ["json_schema", "json_object", "tools"]
    assert fake.requests[2]["tool_choice"]["function"]["name"] == "BriefOutput"
    assert len(draft.summary) == 3


def test_a_server_refusing_every_mode_but_the_prompt_still_gets_a_brief(
    fake: FakeOpenAIServer,
) -> None:
    for mode in ("json_schema", "json_object", "tools"):
        fake.rejects[mode] = (422, f"{mode}: tool and response_format are not supported")
    fake.default = lambda body: Reply.structured(ANSWER)
    engine, client = engine_for(fake)
    with client:
        draft = engine.draft(ARTICLE)
    assert kinds(fake) == ["json_schema", "json_object", "tools", "prompt"]
    assert len(draft.summary) == 3


def test_a_pinned_mode_is_the_only_one_tried(fake: FakeOpenAIServer) -> None:
    fake.rejects["json_schema"] = LLAMA_CPP_PYTHON
    engine, client = engine_for(fake, structured="json_schema", max_retries=0)
    with client, pytest.raises(EngineError) as caught:
        engine.draft(ARTICLE)
    assert kinds(fake) == ["json_schema"]
    assert "internal error" in str(caught.value)


def test_prose_around_the_json_is_read_past(fake: FakeOpenAIServer) -> None:
    prose = (
        "Sure! Here is the brief you asked for:\n```json\n"
        + json.dumps(ANSWER)
        + "\n```\nHope it helps."
    )
    fake.enqueue(Reply.content(prose))
    engine, client = engine_for(fake)
    with client:
        draft = engine.draft(ARTICLE)
    assert len(draft.summary) == 3


def test_a_server_answering_only_prose_gets_a_clear_error_and_no_retry(
    fake: FakeOpenAIServer,
) -> None:
    fake.enqueue(Reply.content("The library reopened. It cost a lot. Children like it."))
    engine, client = engine_for(fake)
    with client, pytest.raises(EngineError) as caught:
        engine.draft(ARTICLE)
    assert "not in the expected format" in str(caught.value)
    assert "no JSON object" in caught.value.detail  # for the operator, not the user
    assert "no JSON" not in caught.value.user_message
    assert len(fake.requests) == 1


def test_a_looping_model_is_stopped_and_its_connection_closed(fake: FakeOpenAIServer) -> None:
    """Streamed slowly (5,000 repeats); the client must stop reading and hang up early:
    the server sees the disconnect, which it only can before the end of the answer."""
    fake.enqueue(Reply.looping())
    engine, client = engine_for(fake)
    with client, pytest.raises(EngineError) as caught:
        engine.draft(ARTICLE)
    assert "ran on without finishing" in str(caught.value)
    assert "repeating" in caught.value.detail
    fake_wait_for_disconnect(fake)
    assert len(fake.requests) == 1  # not retried: a loop would loop again


def fake_wait_for_disconnect(fake: FakeOpenAIServer) -> None:
    from tests.slack_harness import wait_for  # noqa: PLC0415

    wait_for(lambda: fake.disconnects == 1, timeout=10)


def test_a_server_refusing_streaming_is_asked_without_it(fake: FakeOpenAIServer) -> None:
    fake.rejects["stream"] = (400, "stream is not supported by this server")
    fake.default = lambda body: Reply.structured(ANSWER)
    engine, client = engine_for(fake)
    with client:
        draft = engine.draft(ARTICLE)
        engine.draft(ARTICLE)
    assert [bool(b.get("stream")) for b in fake.requests] == [True, False, False]
    assert len(draft.summary) == 3


@pytest.mark.parametrize("stream", [True, False], ids=["streamed", "whole"])
def test_a_200_whose_body_is_not_json_is_an_engine_error(
    fake: FakeOpenAIServer, stream: bool
) -> None:
    fake.enqueue(Reply.raw_body(b"<html><body>Bad gateway</body></html>"))
    engine, client = engine_for(fake, stream=stream, max_retries=0)
    with client, pytest.raises(EngineError):
        engine.draft(ARTICLE)


def test_the_model_that_answered_is_the_drafts(fake: FakeOpenAIServer) -> None:
    fake.enqueue(
        Reply.structured(ANSWER).__class__(
            **{**Reply.structured(ANSWER).__dict__, "model": "smollm2-135m-instruct-q8_0.gguf"}
        )
    )
    engine, client = engine_for(fake)
    with client:
        draft = engine.draft(ARTICLE)
    assert draft.model == "smollm2-135m-instruct-q8_0.gguf"


def test_json_is_found_in_prose_fences_and_braces_inside_strings() -> None:
    assert json_text('{"a": "}"}') == '{"a": "}"}'
    assert json_text('x ```json\n{"a": 1}\n``` y') == '{"a": 1}'
    assert json_text('Here: {"a": {"b": "{"}} and more') == '{"a": {"b": "{"}}'
    assert json_text("no braces here") is None
    assert json_text('{"never": "closed"') is None


def test_a_loop_is_told_from_a_long_honest_answer() -> None:
    assert looping('{"summary": [' + ' {"text": "the council"},' * 60)
    assert looping("x" + "ab" * 200)
    honest = json.dumps(
        {
            "summary": [
                {"text": f"Point {i} about a different fact number {i * 7}."} for i in range(40)
            ]
        }
    )
    assert not looping(honest)


def test_one_briefs_runaway_neither_outlives_its_deadline_nor_holds_up_another(
    fake: FakeOpenAIServer,
) -> None:
    """Two briefs at once: one answer dribbles on (never looping, never ending); the other
    answers at once. The quick one is back while the slow one still streams; the slow one
    is cut at the brief's total time, and the server sees the client hang up."""
    slow_text = " ".join(f"word{i}" for i in range(3000))
    other = ARTICLE.model_copy(update={"title": "Another article"})

    def answer(body: Any) -> Reply:
        if "Another article" in json.dumps(body):
            return Reply.structured(ANSWER)
        return replace(Reply.content(slow_text), chunk_chars=8, chunk_delay=0.05)

    fake.default = answer
    engine, client = engine_for(fake, total_seconds=1.5)
    finished: dict[str, float] = {}
    errors: list[EngineError] = []

    def slow() -> None:
        try:
            engine.draft(ARTICLE)
        except EngineError as error:
            errors.append(error)
        finished["slow"] = time.monotonic()

    def quick() -> None:
        engine.draft(other)
        finished["quick"] = time.monotonic()

    with client:
        threads = [threading.Thread(target=slow), threading.Thread(target=quick)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert finished["quick"] < finished["slow"]
    (error,) = errors
    assert "total time" in error.detail
    fake_wait_for_disconnect(fake)


def test_a_stream_of_keepalives_is_cut_at_the_deadline(fake: FakeOpenAIServer) -> None:
    """Comments reset the read time-out, so only the watchdog can end it: at the deadline."""
    fake.enqueue(Reply.keepalive_only(every=0.1))
    engine, client = engine_for(fake, total_seconds=1.0, max_retries=0)
    started = time.monotonic()
    with client, pytest.raises(EngineError) as caught:
        engine.draft(ARTICLE)
    assert "total time" in caught.value.detail
    assert caught.value.answered  # so the worker briefs the article extractively instead
    fake_wait_for_disconnect(fake)
    assert time.monotonic() - started < 10  # the stream itself would never end


def test_a_refusal_after_a_transient_error_still_moves_to_the_next_mode(
    fake: FakeOpenAIServer,
) -> None:
    """A model still loading answers 503; the retry then meets the real refusal."""
    seen: list[str] = []

    def answer(body: Any) -> Reply:
        kind = (body.get("response_format") or {}).get("type", "-")
        seen.append(kind)
        if kind == "json_schema" and len(seen) == 1:
            return Reply.server_error(503, retry_after_ms=5)
        if kind == "json_schema":
            return Reply.error(400, "response_format json_schema is not supported")
        return Reply.structured(ANSWER)

    fake.default = answer
    engine, client = engine_for(fake)
    with client:
        draft = engine.draft(ARTICLE)
    assert seen == ["json_schema", "json_schema", "json_object"]
    assert len(draft.summary) == 3


def test_the_first_candidate_that_parses_is_the_answer() -> None:
    assert json_text('Brief of {title}: {"summary": []} ok') == '{"summary": []}'
    assert json_text('```json\n{broken\n``` then {"a": 1}') == '{"a": 1}'
