"""The command line, in-process: `brief` and `verify`, exit codes, settings errors, the cache.

Settings come from the environment exactly as an operator sets them.
"""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from bot.cli import main
from bot.logs import configure_logging, request_context
from bot.text.normalize import find_verbatim
from tests.fakes.llm_replies import grounded_reply
from tests.fakes.openai_server import FakeOpenAIServer
from tests.fakes.page_server import PageServer, send

REPO = Path(__file__).parent.parent
EXAMPLE = REPO / "examples" / "harbour-flood-barrier.md"
FERRY = (Path(__file__).parent / "fixtures" / "pages" / "ferry-fares.html").read_bytes()


def run(
    argv: list[str], capsys: pytest.CaptureFixture[str], stdin: str = ""
) -> tuple[int, str, str]:
    code = main(argv, stdin=io.StringIO(stdin))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def site() -> Iterator[PageServer]:
    server = PageServer()
    server.routes["/ferry"] = lambda h: send(h, 200, FERRY)
    with server:
        yield server


def test_brief_of_the_example_prints_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["brief", str(EXAMPLE), "--engine", "extractive"], capsys)
    assert code == 0, err
    assert out.startswith("# Wrenmouth approves")
    for heading in ("## Summary", "## Key quotes", "## Explainers"):
        assert heading in out
    assert "AI-generated" in out
    assert "[¶1]" in out


@pytest.mark.parametrize("argv", [[str(EXAMPLE)], ["brief", str(EXAMPLE)]])
def test_a_source_alone_is_briefed(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*argv, "--engine", "extractive"], capsys)
    assert code == 0, err
    assert out.startswith("# Wrenmouth approves")


def test_the_installed_console_script_takes_a_source_alone(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "brief"
    result = subprocess.run(
        [str(script), str(EXAMPLE), "--engine", "extractive", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "REDIS_URL": ""},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["article"]["title"].startswith("Wrenmouth approves")


def test_brief_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["brief", str(EXAMPLE), "--engine", "extractive", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert {
        "article",
        "summary",
        "quotes",
        "explainers",
        "engine",
        "model",
        "prompt_version",
        "dropped",
    } <= set(data)
    assert {"title", "url", "byline", "published", "genre", "sha256", "paragraphs"} <= set(
        data["article"]
    )
    assert data["article"]["genre"] == "news"
    paragraphs = data["article"]["paragraphs"]
    assert 3 <= len(data["summary"]) <= 6
    for point in data["summary"]:
        assert point["paragraphs"]
        assert all(1 <= n <= len(paragraphs) for n in point["paragraphs"])
    assert data["quotes"]
    for quote in data["quotes"]:
        assert set(quote) >= {"text", "speaker", "paragraph"}
        assert quote["text"][0] not in '"“'
        assert quote["text"][-1] not in '"”'
        assert find_verbatim(quote["text"], paragraphs[quote["paragraph"] - 1]) is not None
    for explainer in data["explainers"]:
        assert set(explainer) >= {"term", "text", "paragraphs", "background"}
    assert data["engine"] == "extractive"
    assert data["prompt_version"].startswith("extractive-")


def test_brief_reads_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["brief", "-", "--json"], capsys, stdin=EXAMPLE.read_text())
    assert code == 0
    assert json.loads(out)["article"]["title"].startswith("Wrenmouth")


def test_missing_file_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["brief", "no-such-article.txt"], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("error: ")
    assert "Traceback" not in err


def test_private_address_is_refused_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["brief", "http://10.0.0.7/story"], capsys)
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "10.0.0.7" in err


def test_a_bad_setting_names_the_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_TIMEOUT", "soon")
    code, _, err = run(["brief", str(EXAMPLE)], capsys)
    assert code == 2
    assert "OPENAI_TIMEOUT" in err


def test_openai_engine_needs_a_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["brief", str(EXAMPLE), "--engine", "openai"], capsys)
    assert code == 2
    assert "OPENAI_API_KEY" in err


def test_auto_engine_uses_openai_when_a_key_is_set_and_caches_in_redis(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    site: PageServer,
    redis_url: str,
    redis_client: redis.Redis,
) -> None:
    with FakeOpenAIServer(api_key="test-key", default=grounded_reply) as llm:
        monkeypatch.setenv("OPENAI_API_KEY", "test-key")
        monkeypatch.setenv("OPENAI_BASE_URL", llm.base_url)
        monkeypatch.setenv("REDIS_URL", redis_url)
        monkeypatch.setenv("FETCH_ALLOWED_NETWORKS", "127.0.0.0/8")
        url = site.url("/ferry")

        code, out, err = run(["brief", url, "--json"], capsys)
        assert code == 0, err
        first = json.loads(out)
        assert first["engine"] == "openai"
        assert first["model"] == "gpt-4.1-mini"
        assert first["prompt_version"]
        assert first["article"]["title"].startswith("Port Alder ferry fares")
        assert len(llm.requests) == 1

        code, out, _ = run(["brief", url, "--json"], capsys)
        assert code == 0
        assert json.loads(out) == first
        assert len(llm.requests) == 1  # the second brief made no LLM call…
        assert sum(1 for s in site.seen if s["path"] == "/ferry") == 1  # …and no fetch


def test_verify_clean_draft_exits_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(
        "# Barrier approved\n\nWrenmouth Town Council approved a £38.5m barrier. "
        "Daniel Reyes said: “For 360 days a year you will not know it is there.”\n"
    )
    code, out, err = run(["verify", str(EXAMPLE), str(draft), "--json"], capsys)
    assert code == 0, out + err
    report = json.loads(out)
    assert report["ok"] is True
    assert report["quotes"][0]["status"] == "verbatim"


def test_verify_flags_altered_quote_and_wrong_number(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "The council approved a £40m barrier. Reyes said: "
        '"For 300 days a year you will not notice it is there."\n'
    )
    code, out, _ = run(["verify", str(EXAMPLE), str(draft), "--json"], capsys)
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False
    quote = report["quotes"][0]
    assert quote["status"] == "altered"
    assert "For 360 days a year you will not know it is there" in quote["article_text"]
    assert {"text": "£40m", "status": "not_found"} in [
        {"text": n["text"], "status": n["status"]} for n in report["numbers"]
    ]


def test_verify_bad_input_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["verify", str(EXAMPLE), "missing-draft.md"], capsys)
    assert code == 2
    assert "missing-draft.md" in err


def test_a_queue_message_in_a_log_line_shows_its_id_not_its_payload(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import dramatiq  # noqa: PLC0415

    configure_logging("INFO")
    message: dramatiq.Message[object] = dramatiq.Message(
        queue_name="briefs",
        actor_name="brief",
        args=({"text": "SECRET PASTED TEXT", "response_url": "https://hooks.example/SECRET"},),
        kwargs={},
        options={},
    )
    logging.getLogger("dramatiq.worker.WorkerThread").warning("Message %s was skipped.", message)
    err = capsys.readouterr().err
    assert f"<job {message.message_id}>" in err
    assert "SECRET" not in err


def test_json_logs_are_one_object_per_line_with_the_request_and_where(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """LOG_FORMAT=json: each line parses, and carries the request id, team and channel."""
    import dramatiq  # noqa: PLC0415

    configure_logging("INFO", "json")
    try:
        message: dramatiq.Message[object] = dramatiq.Message(
            queue_name="briefs",
            actor_name="brief",
            args=({"text": "SECRET"},),
            kwargs={},
            options={},
        )
        with request_context("req42", team="T1", channel="C1"):
            logging.getLogger("bot.jobs").info("posted in %.2f s", 1.25, extra={"seconds": 1.25})
            logging.getLogger("dramatiq").warning("Message %s was skipped.", message)
        lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line]
    finally:
        configure_logging("INFO")
    first, second = lines
    assert first["message"] == "posted in 1.25 s"
    assert (first["request_id"], first["team"], first["channel"]) == ("req42", "T1", "C1")
    assert first["level"] == "INFO"
    assert first["seconds"] == 1.25
    assert "SECRET" not in json.dumps(second)


def test_verify_claims_judges_each_sentence_and_exits_1_on_an_unsupported_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(
        "# Harbour barrier\n\n"
        "Wrenmouth Town Council has approved a £38.5m tidal barrier across the harbour mouth. "
        "The council voted to cancel the barrier.\n\n"
        "“For 360 days a year you will not know it is there.”\n"
    )
    code, out, _ = run(["verify", str(EXAMPLE), str(draft), "--json", "--claims"], capsys)
    assert code == 1
    claims = json.loads(out)["claims"]
    assert [c["status"] for c in claims] == ["supported", "unsupported", "supported"]
    assert "Harbour barrier" not in [c["text"] for c in claims]  # headings are skipped
    assert claims[0]["paragraphs"] == [1]
    assert claims[1]["reason"]  # which check failed
    assert claims[2]["reason"] == "a verbatim quotation"
    assert set(claims[0]) == {"text", "status", "reason", "paragraphs"}


def test_verify_without_claims_is_unchanged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """No `claims` key, and an unsupported sentence does not change the exit code."""
    draft = tmp_path / "draft.md"
    draft.write_text("The council voted to cancel the barrier.\n")
    code, out, _ = run(["verify", str(EXAMPLE), str(draft), "--json"], capsys)
    assert code == 0
    assert "claims" not in json.loads(out)
    code, out, _ = run(["verify", str(EXAMPLE), str(draft), "--claims"], capsys)
    assert code == 1
    assert "UNSUPPORTED" in out


def test_brief_sources_lists_each_items_sentences(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["brief", str(EXAMPLE), "--engine", "extractive", "--sources"], capsys)
    assert code == 0
    sources = out.split("## Sources", 1)[1]
    assert "- **Summary 1**: ¶1 “Wrenmouth Town Council has approved" in sources


def test_ask_answers_from_the_article_offline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["ask", str(EXAMPLE), "who is Carys Pritchard?"], capsys)
    assert code == 0, err
    assert out.startswith("From the article:\n> “The harbour master, Carys Pritchard,")
    assert "[¶14]" in out
    assert "(From the article only · extractive)" in out


def test_ask_says_plainly_when_the_article_doesnt_say(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["ask", str(EXAMPLE), "what is the mayor's favourite football team?", "--json"], capsys
    )
    assert code == 0
    answer = json.loads(out)
    assert answer["status"] in {"not_found", "nearest"}
    assert answer["engine"] == "extractive"


def test_ask_falls_back_to_the_articles_words_when_the_model_fails(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The model fails (nothing scripted, so the fake server answers 500): the CLI answers
    with the article's own words and says why."""
    with FakeOpenAIServer(api_key="test-key") as llm:
        monkeypatch.setenv("OPENAI_API_KEY", "test-key")
        monkeypatch.setenv("OPENAI_BASE_URL", llm.base_url)
        code, out, _ = run(["ask", str(EXAMPLE), "who approved it?", "--json"], capsys)
        assert code == 0  # the model failed (no scripted answer): the article's words instead
        failed = json.loads(out)
        assert failed["engine"] == "extractive"
        assert "could not answer" in failed["note"]


def test_ask_needs_a_question(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["ask", str(EXAMPLE), "  "], capsys)
    assert code == 2
    assert "Ask a question" in err
