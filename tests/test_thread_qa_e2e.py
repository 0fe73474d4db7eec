"""Thread Q&A end to end: signed `event_callback` requests to the real web process, a real
worker, real Redis, the fake Slack (threads, streams) and the fake OpenAI server.

Each test first briefs the ferry-fares page with `/brief`, as a reporter would, then
mentions Brief in that brief's thread as Slack delivers it (`app_mention`).
"""

from __future__ import annotations

import ctypes
import dataclasses
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis

from bot import runtime
from bot.job_messages import MentionJob
from bot.store import keys
from bot.store.posts import PostLedger, read_thread
from tests.fakes.llm_replies import grounded_default, is_qa
from tests.fakes.openai_server import FakeOpenAIServer, Reply
from tests.fakes.page_server import PageServer, send
from tests.fakes.slack_api import FakeSlack
from tests.slack_harness import (
    HttpResult,
    WebServer,
    command_body,
    event_body,
    fake_settings,
    mention_event,
    shortcut_body,
    signed_command,
    signed_event,
    wait_for,
    worker_running,
)

PAGES = Path(__file__).parent / "fixtures" / "pages"
FERRY = (PAGES / "ferry-fares.html").read_bytes()
CHANNEL = "C0NEWS"
TEAM = "T0NEWSROOM"
BOT = "U0BRIEFBOT"
ASKER = "U0REPORTER"
THINKING = "Looking in the article"


@dataclass
class QA:
    web: WebServer
    slack: FakeSlack
    llm: FakeOpenAIServer
    site: PageServer
    redis: redis.Redis
    worker: runtime.Worker

    def brief(self) -> str:
        """Brief the ferry page with /brief; the brief's ts (its thread's root)."""
        body = command_body(
            self.site.url("/ferry"), response_url=self.slack.new_response_url(), team_id=TEAM
        )
        assert signed_command(self.web, body).status == 200
        wait_for(lambda: self._roots())
        root = str(self._roots()[0]["ts"])
        # The worker records the thread just after posting: a person can't ask sooner.
        wait_for(lambda: read_thread(self.redis, TEAM, CHANNEL, root) is not None)
        return root

    def _roots(self) -> list[dict[str, Any]]:
        return [m for m in self.slack.messages(CHANNEL) if "bot_id" in m and "thread_ts" not in m]

    def ask(
        self,
        text: str,
        *,
        thread_ts: str | None,
        user: str = ASKER,
        event_id: str | None = None,
        retry_num: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> tuple[dict[str, Any], HttpResult]:
        """A person's message mentioning Brief, stored in Slack and delivered as an event."""
        message = self.slack.user_message(CHANNEL, user, f"<@{BOT}> {text}", thread_ts=thread_ts)
        event = {**mention_event(message, channel=CHANNEL), **(extra or {})}
        result = signed_event(
            self.web, event_body(event, team_id=TEAM, event_id=event_id), retry_num=retry_num
        )
        return message, result

    def replies(self, thread_ts: str) -> list[dict[str, Any]]:
        """Brief's replies in a thread, oldest first (the brief itself excluded)."""
        return [
            m
            for m in self.slack.messages(CHANNEL)
            if m.get("thread_ts") == thread_ts and "bot_id" in m
        ]

    def answered(self, thread_ts: str, count: int = 1) -> list[dict[str, Any]]:
        """Wait until `count` replies in the thread are final (no placeholder, no stream)."""

        def done() -> bool:
            replies = self.replies(thread_ts)
            return len(replies) >= count and all(_final(r) for r in replies)

        wait_for(done)
        return self.replies(thread_ts)

    def remembered(self, thread_ts: str, count: int) -> list[Any]:
        """The thread's turns, once `count` are kept (a turn is kept just after its answer
        stands in the thread)."""
        key = keys.conversation(TEAM, CHANNEL, thread_ts)
        wait_for(lambda: self.redis.llen(key) >= count)
        return list(self.redis.lrange(key, 0, -1))

    def qa_requests(self) -> list[Any]:
        return [r for r in self.llm.requests if is_qa(r)]


def _final(reply: dict[str, Any]) -> bool:
    """An answer has its blocks; a short reply is plain text that is no placeholder."""
    if reply.get("blocks"):
        return True
    return "streaming_state" not in reply and THINKING not in reply["text"]


def shown(message: dict[str, Any]) -> str:
    return str(message["text"]) + json.dumps(message.get("blocks", []), ensure_ascii=False)


@pytest.fixture
def fakes() -> Iterator[tuple[FakeSlack, FakeOpenAIServer, PageServer]]:
    site = PageServer()
    site.routes["/ferry"] = lambda h: send(h, 200, FERRY)
    with (
        site,
        FakeSlack() as slack,
        FakeOpenAIServer(api_key="test-key", default=grounded_default) as llm,
    ):
        yield slack, llm, site


@pytest.fixture
def qa_settings() -> dict[str, Any]:
    """Settings a test changes, by `pytest.mark.parametrize("qa_settings", [{...}])`."""
    return {}


@pytest.fixture
def qa(
    fakes: tuple[FakeSlack, FakeOpenAIServer, PageServer],
    redis_url: str,
    redis_client: redis.Redis,
    qa_settings: dict[str, Any],
) -> Iterator[QA]:
    slack, llm, site = fakes
    settings = fake_settings(redis_url, slack.api_url, slack.token, llm.base_url, **qa_settings)
    with WebServer(settings) as web, worker_running(settings) as worker:
        yield QA(web=web, slack=slack, llm=llm, site=site, redis=redis_client, worker=worker)


# --- answers ---------------------------------------------------------------------------


def test_a_question_in_a_briefs_thread_is_answered_there_from_the_article(qa: QA) -> None:
    """The answer is a reply in the brief's thread, citing the paragraph it rests on; it was
    streamed (sentence by sentence, checked) and what stays is the checked answer; the
    placeholder is gone; the thread's memory holds the turn."""
    root = qa.brief()
    _, result = qa.ask("who chairs the harbour authority?", thread_ts=root)
    assert result.status == 200
    (answer,) = qa.answered(root)
    assert "Tobias Wren" in answer["text"]
    assert "[¶3]" in answer["text"]
    assert "From the article only" in shown(answer)
    assert qa.slack.calls_to("chat.startStream")
    assert qa.slack.calls_to("chat.appendStream")
    assert qa.slack.calls_to("chat.delete")  # the placeholder made way for the stream
    assert "Tobias Wren" in qa.slack.calls_to("chat.appendStream")[0].params["markdown_text"]
    memory = qa.remembered(root, 1)
    assert len(memory) == 1
    assert b"harbour authority" in memory[0]


def test_a_follow_up_is_asked_with_the_threads_memory(qa: QA) -> None:
    root = qa.brief()
    qa.ask("who is Ines Baptiste?", thread_ts=root)
    qa.answered(root, 1)
    qa.ask("and what did she say after the meeting?", thread_ts=root)
    qa.answered(root, 2)
    first, second = qa.qa_requests()
    assert "Q: who is Ines Baptiste?" not in json.dumps(first["messages"])
    history = json.dumps(second["messages"], ensure_ascii=False)
    assert "Q: who is Ines Baptiste?" in history
    assert "UNTRUSTED THREAD" in history


def test_a_question_the_article_cannot_answer_gets_the_article_doesnt_say(qa: QA) -> None:
    root = qa.brief()
    qa.llm.enqueue(Reply.structured({"found": False, "answer": [], "quotes": []}))
    qa.ask("how many passengers use the ferry each year?", thread_ts=root)
    (answer,) = qa.answered(root)
    assert "The article doesn't say that" in answer["text"]
    assert "¶" in answer["text"]  # the nearest paragraphs, from the extractive search


def test_when_a_model_misses_an_answer_the_article_states_its_words_are_given(qa: QA) -> None:
    """Small models often say "not found" for what the article plainly says: the article's
    own sentence, found with confidence, is shown instead, saying so."""
    root = qa.brief()
    qa.llm.enqueue(Reply.structured({"found": False, "answer": [], "quotes": []}))
    qa.ask("who is Tobias Wren?", thread_ts=root)
    (answer,) = qa.answered(root)
    assert "who chairs the Port Alder Harbour Authority" in answer["text"]
    assert "[¶3]" in answer["text"]
    assert "The language model found no answer in the article." in shown(answer)


def test_an_invented_quote_from_the_model_never_reaches_the_thread(qa: QA) -> None:
    root = qa.brief()
    sentence = "The authority has promised to review the residents’ pass in September"
    qa.llm.enqueue(
        Reply.structured(
            {
                "found": True,
                "answer": [
                    {
                        "text": "The authority has promised to review the residents’ pass in "
                        "September.",
                        "evidence": [{"text": sentence, "paragraph": 7}],
                    }
                ],
                "quotes": [
                    {
                        "text": "We will freeze fares for ten years",
                        "speaker": "Tobias Wren",
                        "paragraph": 3,
                    }
                ],
            }
        )
    )
    qa.ask("will the residents' pass be looked at again?", thread_ts=root)
    (answer,) = qa.answered(root)
    assert "review the residents’ pass in September" in answer["text"]
    assert "freeze fares" not in shown(answer)
    assert "1 item held back by checks" in shown(answer)


def test_a_model_sentence_the_article_contradicts_is_dropped_and_the_thread_still_answered(
    qa: QA,
) -> None:
    """Nothing of the model's answer passes: the article's own sentence is given instead,
    with a note, never the model's claim."""
    root = qa.brief()
    qa.llm.enqueue(
        Reply.structured(
            {
                "found": True,
                "answer": [
                    {
                        "text": "The harbour authority voted 5 to 2 to cut ferry fares.",
                        "evidence": [
                            {
                                "text": "Ferry fares between Port Alder and Greyholm Island "
                                "will rise by 18% from April 1",
                                "paragraph": 1,
                            }
                        ],
                    }
                ],
                "quotes": [],
            }
        )
    )
    qa.ask("what did the harbour authority vote for on Monday?", thread_ts=root)
    (answer,) = qa.answered(root)
    assert "cut ferry fares" not in shown(answer)
    assert "did not pass Brief's checks" in shown(answer)
    assert "rise by 18%" in answer["text"]


# --- mentions that are not questions about a brief --------------------------------------


def test_a_mention_with_a_link_briefs_it_in_the_mentions_thread(qa: QA) -> None:
    message, _ = qa.ask(f"can you brief <{qa.site.url('/ferry')}|this>?", thread_ts=None)
    thread = str(message["ts"])
    wait_for(lambda: qa.replies(thread))
    (brief,) = qa.replies(thread)
    assert "Port Alder ferry fares" in shown(brief)
    # the thread is now about that article: a question there is answered from it
    qa.ask("who chairs the harbour authority?", thread_ts=thread)
    wait_for(lambda: len(qa.answered(thread, 2)) == 2)
    assert "Tobias Wren" in qa.replies(thread)[1]["text"]


def test_a_mention_outside_any_brief_gets_the_help_reply(qa: QA) -> None:
    message, _ = qa.ask("what is this bot?", thread_ts=None)
    (reply,) = qa.answered(str(message["ts"]))
    assert "Ask me about the article in a brief's thread" in reply["text"]
    assert qa.qa_requests() == []


def test_a_redelivered_event_is_answered_once(qa: QA) -> None:
    root = qa.brief()
    message, first = qa.ask("who chairs the harbour authority?", thread_ts=root, event_id="Ev1")
    event = mention_event(message, channel=CHANNEL)
    again = signed_event(qa.web, event_body(event, team_id=TEAM, event_id="Ev1"), retry_num=1)
    assert first.status == 200
    assert again.status == 200
    qa.answered(root)
    # a different question after it is answered: the worker was free to answer a second
    qa.ask("what will the third vessel do?", thread_ts=root)
    replies = qa.answered(root, 2)
    assert len(replies) == 2
    assert len(qa.qa_requests()) == 2


def test_bots_messages_and_edits_are_not_answered(qa: QA) -> None:
    root = qa.brief()
    qa.ask("who chairs the harbour authority?", thread_ts=root, extra={"bot_id": "B0OTHER"})
    qa.ask("who chairs it?", thread_ts=root, extra={"subtype": "message_changed"})
    qa.ask("who chairs it now?", thread_ts=root, extra={"edited": {"user": ASKER, "ts": root}})
    qa.ask("who am I?", thread_ts=root, user=BOT)  # Brief's own user
    qa.ask("what will the third vessel do?", thread_ts=root)  # a person: answered
    (answer,) = qa.answered(root)
    assert "third vessel" in answer["text"]
    assert len(qa.qa_requests()) == 1


def test_two_mentions_at_once_are_answered_in_order(qa: QA) -> None:
    """The second question's prompt holds the first's answer: it waited its turn."""
    root = qa.brief()
    qa.llm.default = lambda body: dataclasses.replace(grounded_default(body), delay=0.5)
    first = qa.slack.user_message(CHANNEL, ASKER, f"<@{BOT}> who is Ines Baptiste?", thread_ts=root)
    second = qa.slack.user_message(
        CHANNEL, "U0EDITOR", f"<@{BOT}> what did she call it?", thread_ts=root
    )
    results: list[HttpResult] = []

    def send_event(message: dict[str, Any]) -> None:
        results.append(signed_event(qa.web, event_body(mention_event(message), team_id=TEAM)))

    threads = [threading.Thread(target=send_event, args=(m,)) for m in (second, first)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status for r in results] == [200, 200]
    qa.answered(root, 2)
    turns = qa.remembered(root, 2)
    assert [json.loads(t)["question"] for t in turns] == [
        "who is Ines Baptiste?",
        "what did she call it?",
    ]
    later = json.dumps(qa.qa_requests()[1]["messages"])
    assert "Q: who is Ines Baptiste?" in later
    # Both askers saw progress at once: the waiting question's placeholder went up before
    # the first answer was finished.
    thinking = [
        c.time
        for c in qa.slack.calls_to("chat.postMessage")
        if THINKING in str(c.params.get("text"))
    ]
    assert len(thinking) == 2
    first_final = min(c.time for c in qa.slack.calls_to("chat.update"))
    assert max(thinking) < first_final


@pytest.mark.parametrize("qa_settings", [{"qa_memory_ttl_seconds": 1}])
def test_memory_expires_after_its_ttl(qa: QA) -> None:
    root = qa.brief()
    qa.ask("who is Ines Baptiste?", thread_ts=root)
    qa.answered(root)
    key = keys.conversation(TEAM, CHANNEL, root)
    assert qa.remembered(root, 1)  # it was remembered ...
    wait_for(lambda: not qa.redis.exists(key), timeout=5)  # ... and then forgotten
    qa.ask("and what did she say?", thread_ts=root)
    qa.answered(root, 2)
    assert "Q: who is Ines Baptiste?" not in json.dumps(qa.qa_requests()[1]["messages"])


@pytest.mark.parametrize("qa_settings", [{"engine": "extractive", "openai_api_key": None}])
def test_the_extractive_engine_answers_with_the_articles_own_sentences(qa: QA) -> None:
    root = qa.brief()
    qa.ask("when is the third vessel due?", thread_ts=root)
    (answer,) = qa.answered(root)
    assert "> “Mr Wren said a third vessel, due in 2026" in answer["text"]
    assert "[¶8]" in answer["text"]
    assert qa.llm.requests == []
    assert not qa.slack.calls_to("chat.startStream")  # nothing to stream: one update


def test_a_stream_that_expires_midway_is_replaced_by_the_whole_answer(qa: QA) -> None:
    root = qa.brief()
    qa.slack.stream_expires_after = 1
    sentences = [
        "Ferry fares between Port Alder and Greyholm Island will rise by 18% from April 1, "
        "after the harbour authority voted 5 to 2 on Monday night to approve the first "
        "increase since 2016.",
        "Children under 12 will continue to travel free.",
        "The authority has promised to review the residents’ pass in September and to "
        "publish a breakdown of its fuel spending, which campaigners from the Greyholm "
        "Residents’ Association have requested for two years.",
    ]
    paragraphs = [1, 2, 7]
    reply = Reply.structured(
        {
            "found": True,
            "answer": [
                {"text": s, "evidence": [{"text": s, "paragraph": n}]}
                for s, n in zip(sentences, paragraphs, strict=True)
            ],
            "quotes": [],
        }
    )
    qa.llm.enqueue(dataclasses.replace(reply, chunk_chars=40, chunk_delay=0.02))
    qa.ask("what is changing for passengers?", thread_ts=root)
    (answer,) = qa.answered(root)
    failed = [c for c in qa.slack.calls_to("chat.appendStream") if not c.ok]
    assert failed
    assert failed[0].response["error"] == "message_not_in_streaming_state"
    for sentence in sentences:
        assert sentence[:60] in answer["text"]
    assert qa.slack.calls_to("chat.update")[-1].params["ts"] == answer["ts"]


def test_without_streaming_the_placeholder_becomes_the_answer(qa: QA) -> None:
    root = qa.brief()
    qa.slack.streaming = False
    qa.ask("who chairs the harbour authority?", thread_ts=root)
    (answer,) = qa.answered(root)
    assert "Tobias Wren" in answer["text"]
    posted = [c for c in qa.slack.calls_to("chat.postMessage") if c.params.get("thread_ts")]
    assert len(posted) == 1
    assert THINKING in str(posted[0].params["text"])
    assert not qa.slack.calls_to("chat.delete")


def test_memory_never_crosses_workspaces(qa: QA) -> None:
    """Two workspaces with a brief thread at the same channel id and ts: a follow-up in the
    second never sees the first's conversation; in the first, it does."""
    root = qa.brief()
    record = read_thread(qa.redis, TEAM, CHANNEL, root)
    assert record is not None
    assert record.brief is not None
    PostLedger(qa.redis, ttl_seconds=3600).remember_thread("T0OTHER", CHANNEL, root, record.brief)
    qa.ask("who is Ines Baptiste?", thread_ts=root)
    qa.answered(root, 1)
    other = qa.slack.user_message(CHANNEL, ASKER, f"<@{BOT}> what did she say?", thread_ts=root)
    signed_event(qa.web, event_body(mention_event(other), team_id="T0OTHER"))
    qa.answered(root, 2)
    qa.ask("what did she say?", thread_ts=root)
    qa.answered(root, 3)
    _, elsewhere, here = (json.dumps(r["messages"]) for r in qa.qa_requests())
    assert "Q: who is Ines Baptiste?" not in elsewhere
    assert "Q: who is Ines Baptiste?" in here


class _Killed(BaseException):
    """A worker dying mid-job, as dramatiq's time limit kills a thread (an async exception)."""


def _kill(thread: threading.Thread) -> None:
    assert thread.ident is not None
    killed = ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread.ident), ctypes.py_object(_Killed)
    )
    assert killed == 1


def test_a_job_killed_mid_stream_and_run_again_leaves_one_whole_answer(qa: QA) -> None:
    """The worker dies while the answer streams; the job runs again (as dramatiq redelivers
    it): the thread ends with exactly one reply, the whole checked answer, no placeholder,
    and one remembered turn; the rerun does not stream a second time."""
    root = qa.brief()
    sentences = [
        "Ferry fares between Port Alder and Greyholm Island will rise by 18% from April 1, "
        "after the harbour authority voted 5 to 2 on Monday night to approve the first "
        "increase since 2016.",
        "Children under 12 will continue to travel free.",
    ]
    slow = Reply.structured(
        {
            "found": True,
            "answer": [
                {"text": text, "evidence": [{"text": text, "paragraph": n}]}
                for text, n in zip(sentences, [1, 2], strict=True)
            ],
            "quotes": [],
        }
    )
    qa.llm.enqueue(dataclasses.replace(slow, chunk_chars=16, chunk_delay=0.05))
    question = "how much will ferry fares rise?"
    message = qa.slack.user_message(CHANNEL, ASKER, f"<@{BOT}> {question}", thread_ts=root)
    job = MentionJob(
        request_id="req-killed",
        team_id=TEAM,
        channel_id=CHANNEL,
        user_id=ASKER,
        thread_ts=root,
        message_ts=str(message["ts"]),
        question=question,
    )
    died: list[BaseException] = []

    def first_run() -> None:
        try:
            qa.worker.mentions.run(job)
        except _Killed as exc:
            died.append(exc)

    runner = threading.Thread(target=first_run)
    runner.start()
    wait_for(lambda: any(c.ok for c in qa.slack.calls_to("chat.appendStream")))
    _kill(runner)
    runner.join(timeout=10)
    assert died  # it died mid-stream: the stream is open, the answer half-written
    assert any(r.get("streaming_state") == "in_progress" for r in qa.replies(root))

    qa.worker.mentions.run(job)  # the redelivery
    (reply,) = qa.replies(root)
    assert reply.get("blocks")
    assert "Port Alder" in reply["text"]
    assert THINKING not in json.dumps(qa.slack.messages(CHANNEL))
    assert len(qa.slack.calls_to("chat.startStream")) == 1
    assert len(qa.remembered(root, 1)) == 1


@pytest.mark.parametrize("qa_settings", [{"llm_daily_tokens_per_workspace": 1}])
def test_over_the_daily_budget_a_question_gets_the_articles_words_and_a_link_no_brief(
    qa: QA,
) -> None:
    root = qa.brief()  # the brief's model call spends the day's budget
    asked = len(qa.qa_requests())
    qa.ask("who chairs the harbour authority?", thread_ts=root)
    (answer,) = qa.answered(root)
    assert "Tobias Wren" in answer["text"]
    assert "today's language-model budget" in shown(answer)
    assert len(qa.qa_requests()) == asked  # no model call
    # another story (not briefed today, so it would need the model)
    qa.site.routes["/other"] = lambda h: send(h, 200, FERRY.replace(b"under 12", b"under 10"))
    message, _ = qa.ask(f"brief <{qa.site.url('/other')}>", thread_ts=None)
    (refused,) = qa.answered(str(message["ts"]))
    assert "today's language-model budget" in refused["text"]


@pytest.mark.parametrize("qa_settings", [{"rate_limit_per_user": 2}])
def test_a_mention_over_the_rate_limit_is_told_so_in_the_thread(qa: QA) -> None:
    root = qa.brief()  # 1
    qa.ask("who chairs the harbour authority?", thread_ts=root)  # 2
    qa.answered(root, 1)
    qa.ask("and who is Ines Baptiste?", thread_ts=root)  # 3: over
    replies = qa.answered(root, 2)
    assert "You've asked for 2 answers in a minute" in replies[1]["text"]
    assert len(qa.qa_requests()) == 1


def test_a_signed_shortcut_reaches_bolt_and_an_unsigned_one_does_not(qa: QA) -> None:
    body = shortcut_body(
        callback_id="no_such_shortcut",
        team_id=TEAM,
        channel_id=CHANNEL,
        message_ts=f"{time.time():.6f}",
        response_url=qa.slack.new_response_url(),
    )
    signed = signed_command(qa.web, body)
    unsigned = qa.web.request(
        "POST", "/slack/events", body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert unsigned.status == 401
    assert signed.status == 404  # verified, then no listener for it: Bolt's "not found"


@pytest.mark.parametrize("qa_settings", [{"allowed_channels": [CHANNEL], "allowed_users": [ASKER]}])
def test_allowlists_refuse_others_plainly_and_spend_nothing(qa: QA) -> None:
    root = qa.brief()  # an allowed person in an allowed channel
    qa.ask("who chairs the harbour authority?", thread_ts=root, user="U0EDITOR")
    wait_for(lambda: qa.slack.ephemerals(CHANNEL))
    (refused,) = qa.slack.ephemerals(CHANNEL)  # only the asker sees it
    assert "limited to some people" in refused["text"]
    assert refused["for_user"] == "U0EDITOR"
    assert qa.qa_requests() == []
    qa.ask("who chairs the harbour authority?", thread_ts=root)  # the allowed asker
    (answer,) = qa.answered(root)
    assert "Tobias Wren" in answer["text"]
    body = command_body(
        qa.site.url("/ferry"),
        response_url=qa.slack.new_response_url(),
        channel_id="C0ELSEWHERE",
        team_id=TEAM,
    )
    result = signed_command(qa.web, body)
    assert "isn't switched on in this channel" in result.body.decode()
    assert len(qa.llm.requests) == 2  # the brief and one answer: nothing for the refused
