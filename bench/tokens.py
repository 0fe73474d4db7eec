"""Model tokens per brief, answer and digest overview, counted by a model's own tokenizer.

    python -m bench.tokens --url http://127.0.0.1:8080        # llama-cpp-python's server

No OpenAI tokenizer can be installed offline (tiktoken downloads its files), so the count
uses SmolLM2-135M-Instruct's own tokenizer, asked of llama-cpp-python's server
(`/extras/tokenize`; `make test-real-model` builds it): exact for that model, and within a
few percent of other BPE tokenizers on English news text. For each request Brief sends:
the prompt (system + user), the part of it that is not the article or the thread (the
fixed cost), the JSON schema sent as `response_format`, and the completion a careful
model writes (the fakes' grounded answers: the article's own sentences as JSON).
Also shown: `bench.prompt_tokens`'s heuristic estimate of the same prompts, for scale.
"""

from __future__ import annotations

import argparse
import json
import urllib.request
from pathlib import Path
from typing import Any

import openai
from openai.lib._pydantic import to_strict_json_schema

from bench._harness import REPO, print_table
from bench.prompt_tokens import estimate_tokens
from bot.answers.llm import ModelAnswerer, QAOutput
from bot.article.plaintext import article_from_text
from bot.digest.model import Digest, DigestLine
from bot.digest.overview import Overview, OverviewOutput
from bot.engines.openai_chat import BriefOutput, OpenAIEngine
from bot.llm import StructuredLLM
from bot.prompts import fence_untrusted, load_prompt
from bot.store.conversation import Turn
from tests.fakes.llm_replies import grounded_answer, grounded_brief, grounded_overview

EXAMPLE = REPO / "examples" / "harbour-flood-barrier.md"


def count(url: str, text: str) -> int:
    request = urllib.request.Request(
        f"{url.rstrip('/')}/extras/tokenize",
        data=json.dumps({"input": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return len(json.loads(response.read())["tokens"])


def _text(messages: list[Any]) -> str:
    return "\n".join(str(m["content"]) for m in messages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="llama-cpp-python server (no /v1)")
    args = parser.parse_args(argv)
    article = article_from_text(Path(EXAMPLE).read_text(), markdown=True)
    client = openai.OpenAI(api_key="unused", base_url="http://127.0.0.1:9/v1")
    llm = StructuredLLM(client, model="m", max_output_tokens=2000)
    engine = OpenAIEngine(
        client, model="m", prompt=load_prompt("brief"), max_output_tokens=2000, llm=llm
    )
    blank = article.model_copy(update={"paragraphs": [""], "title": None, "byline": None})

    brief_messages = engine.messages(article)
    body = {"messages": brief_messages}
    rows: list[list[object]] = []

    def row(name: str, messages: list[Any], fixed: list[Any], schema: Any, reply: Any) -> None:
        prompt = _text(messages)
        schema_text = json.dumps(to_strict_json_schema(schema), separators=(",", ":"))
        rows.append(
            [
                name,
                count(args.url, prompt),
                count(args.url, _text(fixed)),
                count(args.url, schema_text),
                count(args.url, json.dumps(reply, ensure_ascii=False)),
                estimate_tokens(prompt),
            ]
        )

    row(
        f"brief ({article.word_count}-word article)",
        brief_messages,
        engine.messages(blank),
        BriefOutput,
        grounded_brief(body),
    )
    answerer = ModelAnswerer(llm, load_prompt("qa"))
    history = [
        Turn(question=f"question {n} about the barrier?", answer="An answer [3]", paragraphs=[3])
        for n in range(8)
    ]
    for turns in (0, 8):
        values = answerer.values(article, "who is Carys Pritchard?", history[:turns])
        messages = StructuredLLM.messages(load_prompt("qa"), values)
        fixed_values = answerer.values(blank, "", [])
        fixed = StructuredLLM.messages(load_prompt("qa"), fixed_values)
        question = {"messages": messages}
        row(f"answer ({turns} earlier turns)", messages, fixed, QAOutput, grounded_answer(question))
    lines = [
        DigestLine(
            title=f"Story {n}: council acts on ferry fares",
            url=f"https://news.example/{n}",
            summary=f"The council voted 5 to 2 to raise fares by {n}% from April, officials said.",
        )
        for n in range(20)
    ]  # fmt: skip
    digest = Digest(date="2026-12-01", since=0, until=1, briefed=lines)
    overview = Overview(llm, load_prompt("digest"))
    messages = StructuredLLM.messages(load_prompt("digest"), overview.values(digest))
    fixed = StructuredLLM.messages(
        load_prompt("digest"), {"date": digest.date, "items": fence_untrusted("BRIEFS", "")}
    )
    row(
        "digest overview (20 lines)",
        messages,
        fixed,
        OverviewOutput,
        grounded_overview({"messages": messages}),
    )
    client.close()
    print_table(
        "Tokens per request, by SmolLM2-135M-Instruct's tokenizer",
        [
            "request",
            "prompt",
            "of which fixed",
            "response_format schema",
            "completion",
            "heuristic estimate of the prompt",
        ],
        rows,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
