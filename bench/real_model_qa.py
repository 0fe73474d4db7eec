"""Thread answers from a real small model: `make test-real-model` (on demand, not CI).

Asks SmolLM2-135M-Instruct on llama-cpp-python's server (as `bench.real_model` starts it)
every question of the labelled development set (`tests/fixtures/qa/*.toml`), exactly as a
thread answers it (`Answering`: the model's answer through the gate, else the article's own
sentences), and reports for each whether the model's own answer stood, whether the article's
words were given instead, or "the article doesn't say", and whether what was shown cites a
labelled paragraph. Nothing shown can be unbacked: the measure is how much the model adds.

    python -m bench.real_model_qa --python .venv-real/bin/python [--model PATH] [--limit N]
    python -m bench.real_model_qa --url http://127.0.0.1:8080/v1
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

import openai

from bench._harness import REPO, print_table
from bench.real_model import default_model, start_server
from bot.answers.extractive import ExtractiveAnswerer
from bot.answers.llm import ModelAnswerer
from bot.answers.service import Answering
from bot.article.plaintext import article_from_text
from bot.llm import StructuredLLM
from bot.prompts import load_prompt
from tests.redis_server import free_port

SETS = REPO / "tests" / "fixtures" / "qa"


def ask_all(url: str, model_name: str, limit: int | None) -> list[list[object]]:
    client = openai.OpenAI(api_key="local", base_url=url, timeout=240, max_retries=0)
    llm = StructuredLLM(client, model=model_name, max_output_tokens=800, total_seconds=300)
    answering = Answering(ExtractiveAnswerer(), model=ModelAnswerer(llm, load_prompt("qa")))
    rows: list[list[object]] = []
    for path in sorted(SETS.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        article = article_from_text((REPO / data["article"]).read_text(), markdown=True)
        for item in data["questions"]:
            if limit is not None and len(rows) >= limit:
                break
            started = time.monotonic()
            answer = answering.answer(article, item["question"])
            seconds = time.monotonic() - started
            by = "model" if answer.engine == "openai" else "article's words"
            shown = "doesn't say" if answer.status == "not_found" else f"{by} ({answer.status})"
            cited = set(answer.paragraphs)
            if not item["answerable"]:
                right = "right" if answer.status != "answered" else "answered anyway"
            elif answer.status == "not_found":
                right = "missed"
            else:
                right = "right" if cited & set(item["paragraphs"]) else "other paragraphs"
            rows.append([item["question"], shown, right, answer.dropped, f"{seconds:.1f}"])
            print(f"  {item['question']}: {shown}, {right} in {seconds:.1f} s", flush=True)
    client.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="interpreter with llama_cpp")
    parser.add_argument("--model", type=Path, default=None, help="a GGUF file")
    parser.add_argument("--url", default=None, help="use a running server (its /v1 URL)")
    parser.add_argument("--limit", type=int, default=None, help="ask only the first N")
    args = parser.parse_args(argv)
    server = None
    url = args.url
    if url is None:
        port = free_port()
        server = start_server(args.python, args.model or default_model(), port)
        url = f"http://127.0.0.1:{port}/v1"
    try:
        rows = ask_all(url, "smollm2-135m-instruct", args.limit)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    print_table(
        "Thread answers from SmolLM2-135M-Instruct (Q4_1), labelled development set",
        ["question", "shown", "against the label", "held back", "seconds"],
        rows,
    )
    shown = Counter(str(row[1]).split(" (")[0] for row in rows)
    graded = Counter(str(row[2]) for row in rows)
    times = [float(str(row[4])) for row in rows]
    print(
        f"\n{len(rows)} questions: shown {dict(shown)}; against the labels {dict(graded)}; "
        f"items held back by the checks {sum(int(str(row[3])) for row in rows)}; "
        f"median {statistics.median(times):.1f} s, worst {max(times):.1f} s."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
