"""Thread answers, part by part: reading a mention, finding passages, checking and drawing
an answer, reading a streamed answer, and the thread's order on a real Redis."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import redis

from bot.answers.check import check_answer, check_sentence
from bot.answers.extractive import ExtractiveAnswerer
from bot.answers.llm import _Sentences, history_text
from bot.answers.model import Answer, AnswerDraft
from bot.answers.retrieval import Passages, question_kind
from bot.article.extract import article_from_text
from bot.briefs import EngineInfo, Evidence, Quote, SummaryPoint
from bot.render.answer import render_answer, stream_line
from bot.slack.mention import read_mention
from bot.store.conversation import Turn
from bot.store.thread_order import ThreadOrder
from tests.fakes.slack_blocks import block_errors

FIXTURES = Path(__file__).parent / "fixtures"
BUDGET = article_from_text(
    (FIXTURES / "articles" / "politics-budget-vote.md").read_text(), markdown=True
)
OPINION = article_from_text((FIXTURES / "editorial" / "opinion-bus-route.txt").read_text())
MODEL = EngineInfo(engine="openai", model="m", prompt_version="v")


# --- reading a mention -----------------------------------------------------------------


def test_a_mention_is_read_as_a_question_without_brief_s_own_name() -> None:
    mention = read_mention("<@U0BRIEF> who is <@U0ED|dana> quoting?", "U0BRIEF")
    assert mention.question == "who is @dana quoting?"
    assert mention.url is None


def test_a_link_anywhere_in_a_mention_is_what_to_brief() -> None:
    labelled = read_mention(
        "hey <@U0BRIEF> brief <https://news.example/a?x=1&amp;y=2|this>", "U0BRIEF"
    )
    assert labelled.url == "https://news.example/a?x=1&y=2"
    assert labelled.question == "hey brief"
    bare = read_mention("<@U0BRIEF> https://news.example/b please", "U0BRIEF")
    assert bare.url == "https://news.example/b"


def test_a_mention_of_nothing_but_brief_has_no_question() -> None:
    assert read_mention("<@U0BRIEF>  ", "U0BRIEF").question == ""


# --- finding passages ------------------------------------------------------------------


def test_questions_are_typed_by_what_they_ask_for() -> None:
    assert question_kind("how many jobs go?") == "number"
    assert question_kind("how long will it take?") == "time"
    assert question_kind("when does it start?") == "time"
    assert question_kind("who voted no?") == "person"
    assert question_kind("who is Rita Gomez?") is None  # an explainer, any sentence about her
    assert question_kind("why did they object?") is None


def test_and_after_that_searches_past_the_last_answer() -> None:
    passages = Passages(BUDGET)
    first = passages.search("what would the cuts have done to Route 9?")
    cited = [p.paragraph for p in first.best]
    after = passages.search(
        "and after that?",
        previous="what would the cuts have done to Route 9?",
        previous_paragraphs=cited,
    )
    assert after.follow_on
    assert after.best
    assert min(p.paragraph for p in after.best) > max(cited)


def test_a_pronoun_follow_up_is_searched_with_the_previous_question() -> None:
    answerer = ExtractiveAnswerer()
    history = [Turn(question="who is Rita Gomez?", answer="…", paragraphs=[7])]
    alone = answerer.answer(BUDGET, "what did she say?")
    followed = answerer.answer(BUDGET, "what did she say?", history)
    assert {e.paragraph for e in followed.excerpts} != {e.paragraph for e in alone.excerpts}
    assert any("Gomez" in BUDGET.paragraph(e.paragraph) for e in followed.excerpts)


def test_an_extractive_answer_is_the_articles_own_sentences() -> None:
    draft = ExtractiveAnswerer().answer(BUDGET, "who is Rita Gomez?")
    assert draft.found
    assert draft.confident
    for excerpt in draft.excerpts:
        assert excerpt.text in BUDGET.paragraph(excerpt.paragraph)


def test_a_question_about_something_absent_is_not_answered_with_confidence() -> None:
    draft = ExtractiveAnswerer().answer(BUDGET, "what is the mayor's salary?")
    assert not (draft.found and draft.confident)


# --- checking an answer ----------------------------------------------------------------


def _sentence(text: str, evidence: str, paragraph: int) -> SummaryPoint:
    return SummaryPoint(
        text=text, paragraphs=[paragraph], evidence=[Evidence(text=evidence, paragraph=paragraph)]
    )


def test_an_invented_quote_is_dropped_and_a_true_sentence_kept() -> None:
    lede = BUDGET.paragraph(1).split(", restoring")[0]
    draft = AnswerDraft(
        found=True,
        sentences=[_sentence(lede + ".", lede, 1)],
        quotes=[Quote(text="We will never cut a single bus", speaker="Marcus Bell", paragraph=3)],
    )
    answer = check_answer(BUDGET, "what happened?", draft, MODEL)
    assert answer.status == "answered"
    assert [s.paragraphs for s in answer.sentences] == [[1]]
    assert answer.quotes == []
    assert answer.dropped == 1


def test_a_quote_with_the_wrong_speaker_is_shown_without_it() -> None:
    said = "We heard from hundreds of people who cannot get to work without the Route 9 bus"
    wrong = AnswerDraft(found=True, quotes=[Quote(text=said, speaker="Elena Voss", paragraph=3)])
    answer = check_answer(BUDGET, "what did the mayor say?", wrong, MODEL)
    # the words are the article's; the speaker is not: shown unattributed, the drop counted
    assert [(q.speaker, q.paragraph) for q in answer.quotes] == [(None, 3)]
    assert answer.dropped == 1
    right = AnswerDraft(found=True, quotes=[Quote(text=said, speaker="Marcus Bell", paragraph=3)])
    kept = check_answer(BUDGET, "what did Bell say?", right, MODEL)
    assert [(q.speaker, q.paragraph) for q in kept.quotes] == [("Marcus Bell", 3)]


def test_a_sentence_the_evidence_contradicts_is_dropped() -> None:
    lede = BUDGET.paragraph(1).split(", restoring")[0]
    wrong = lede.replace("approved", "rejected")
    assert check_sentence(BUDGET, _sentence(wrong + ".", lede, 1), MODEL) is None
    assert check_sentence(BUDGET, _sentence(lede + ".", lede, 1), MODEL) is not None


def test_an_opinion_pieces_claims_are_kept_only_as_the_authors() -> None:
    claim = "Scrapping the 41 would be a mistake that the county pays for long after the savings have been spent"
    number = next(i for i, p in enumerate(OPINION.paragraphs, 1) if claim in p)
    bare = _sentence(claim + ".", claim, number)
    attributed = _sentence(
        "Okonkwo argues that " + claim[0].lower() + claim[1:] + ".", claim, number
    )
    assert check_sentence(OPINION, bare, MODEL) is None
    assert check_sentence(OPINION, attributed, MODEL) is not None


def test_an_excerpt_not_in_the_article_is_dropped() -> None:
    draft = AnswerDraft(
        found=True, excerpts=[Evidence(text="The council abolished buses.", paragraph=1)]
    )
    answer = check_answer(BUDGET, "what happened?", draft, ExtractiveAnswerer.info)
    assert answer.status == "not_found"
    assert answer.dropped == 1


def test_the_model_saying_the_article_doesnt_say_is_not_found() -> None:
    answer = check_answer(BUDGET, "q", AnswerDraft(found=False, nearest=[2, 99]), MODEL)
    assert answer.status == "not_found"
    assert answer.nearest == [2]  # paragraphs that exist only


# --- drawing an answer -----------------------------------------------------------------


def _answer(**fields: object) -> Answer:
    base: dict[str, object] = {"question": "q", "status": "answered", "engine": "openai"}
    return Answer.model_validate({**base, **fields})


def test_an_answer_cannot_ping_or_link_and_says_where_it_comes_from() -> None:
    text = "Bell told <!channel> and @here to see <https://evil.example|this> `now`."
    message = render_answer(_answer(sentences=[SummaryPoint(text=text, paragraphs=[3])]))
    body = json.dumps(message.blocks)
    assert "<!channel>" not in body
    assert "<https://" not in body
    assert "@here" not in body  # broken by a zero-width joiner
    assert "[¶3]" in message.text
    assert "From the article only" in body
    assert block_errors(message.blocks) == []


def test_an_answer_shows_at_most_four_sentences_and_two_quotes() -> None:
    lede = BUDGET.paragraph(1).split(", restoring")[0]
    said = "We heard from hundreds of people who cannot get to work without the Route 9 bus"
    draft = AnswerDraft(
        found=True,
        sentences=[_sentence(lede + ".", lede, 1) for _ in range(300)],
        quotes=[Quote(text=said, speaker="Marcus Bell", paragraph=3) for _ in range(50)],
    )
    answer = check_answer(BUDGET, "what happened?", draft, MODEL)
    assert len(answer.sentences) <= 4
    assert len(answer.quotes) <= 2
    assert block_errors(render_answer(answer).blocks) == []


def test_a_long_answer_fits_slacks_limits() -> None:
    sentences = [SummaryPoint(text="word " * 400, paragraphs=[n]) for n in range(1, 9)]
    quotes = [Quote(text="said " * 300, speaker="X", paragraph=2) for _ in range(3)]
    message = render_answer(_answer(sentences=sentences, quotes=quotes, note="n" * 900))
    assert block_errors(message.blocks) == []
    assert len(message.text) <= 3000


def test_not_found_says_so_plainly_with_the_nearest_paragraphs() -> None:
    message = render_answer(_answer(status="not_found", nearest=[4, 9]))
    assert message.text == "The article doesn't say that. The nearest it comes is ¶4 and ¶9."


def test_a_nearest_passage_is_labelled_as_not_an_answer() -> None:
    excerpt = Evidence(text="The 6-3 vote came after", paragraph=2)
    message = render_answer(_answer(status="nearest", excerpts=[excerpt], engine="extractive"))
    assert message.text.startswith("The article doesn't say that directly. The nearest passage:")


def test_an_opinion_excerpt_is_given_as_the_authors() -> None:
    excerpt = Evidence(text="Scrapping the 41 would be a mistake", paragraph=3)
    message = render_answer(
        _answer(excerpts=[excerpt], engine="extractive", author="Nadia Okonkwo")
    )
    assert message.text.startswith("The author, Nadia Okonkwo, writes:")


def test_a_streamed_line_carries_no_markup() -> None:
    text = "Tell <!here> and @channel about <@U1>: [docs](//evil.example/x) ![i](https://x.y/i.png) **now**"
    line = stream_line(SummaryPoint(text=text, paragraphs=[2]))
    assert "<" not in line
    assert "@channel" not in line  # a zero-width joiner after the @
    assert "](" not in line  # no Markdown link or image can form
    assert "https://" not in line
    assert "**" not in line
    assert line.endswith("[¶2]\n")


# --- reading a streamed answer ---------------------------------------------------------


def test_streamed_sentences_are_passed_on_once_each_and_only_when_whole() -> None:
    told: list[tuple[int, str]] = []
    reader = _Sentences(lambda i, s: told.append((i, s.text)))
    whole = json.dumps(
        {
            "found": True,
            "answer": [
                {"text": "One.", "evidence": [{"text": "One", "paragraph": 1}]},
                {"text": "Two.", "evidence": [{"text": "Two", "paragraph": 2}]},
            ],
            "quotes": [],
        }
    )
    for end in range(1, len(whole) + 1):
        reader(whole[:end])
    assert told == [(0, "One."), (1, "Two.")]


def test_a_streamed_answer_that_says_not_found_passes_nothing_on() -> None:
    told: list[int] = []
    reader = _Sentences(lambda i, s: told.append(i))
    reader(
        '{"found": false, "answer": [{"text": "x", "evidence": [{"text": "x", "paragraph": 1}]}], "quotes": []}'
    )
    assert told == []


def test_the_history_is_fenced_as_untrusted_thread_text() -> None:
    text = history_text([Turn(question="who?", answer="Bell [3]", paragraphs=[3])])
    assert text.startswith("<<<UNTRUSTED THREAD ")
    assert "Q: who?" in text
    assert history_text([]) == "(none)"


# --- a thread's order ------------------------------------------------------------------


def test_a_later_question_waits_for_the_earlier_one(redis_client: redis.Redis) -> None:
    order = ThreadOrder(redis_client)
    thread = ("T1", "C1", "1700000000.000100")
    now = time.time()
    first, second = f"{now:.6f}", f"{now + 1:.6f}"
    order.enter(*thread, second)
    order.enter(*thread, first)
    assert order.wait(*thread, first, timeout=1)
    assert not order.wait(*thread, second, timeout=0.2)  # the first is still being answered
    waited: list[bool] = []
    waiter = threading.Thread(target=lambda: waited.append(order.wait(*thread, second, timeout=5)))
    waiter.start()
    time.sleep(0.1)
    order.leave(*thread, first)
    waiter.join()
    assert waited == [True]


def test_a_question_whose_worker_died_is_passed_over_when_stale(redis_client: redis.Redis) -> None:
    order = ThreadOrder(redis_client, stale_seconds=60)
    thread = ("T1", "C1", "1700000000.000100")
    order.enter(*thread, f"{time.time() - 120:.6f}")  # asked two minutes ago, never answered
    assert order.wait(*thread, f"{time.time():.6f}", timeout=0.5)


def test_threads_in_other_workspaces_do_not_wait_for_each_other(redis_client: redis.Redis) -> None:
    order = ThreadOrder(redis_client)
    now = time.time()
    order.enter("T1", "C1", "1.0", f"{now:.6f}")
    assert order.wait("T2", "C1", "1.0", f"{now + 1:.6f}", timeout=0.2)
    assert not order.wait("T1", "C1", "1.0", f"{now + 1:.6f}", timeout=0.2)
