"""How many tokens the brief prompt costs before the article: run `python -m bench.prompt_tokens`.

Counts the system message, the user template without the article, the fence
lines around the article, and the JSON schema sent as `response_format`.

These are ESTIMATES. A real tokenizer needs its BPE files from the internet
(tiktoken downloads them), which Brief's offline setup cannot do, so the
count uses a heuristic: tokens ≈ max(chars / 4, words × 1.3), rounded up. For
English prose that lands within roughly 15% of OpenAI's o200k tokenizer. JSON
is denser (about 3 characters a token), so the schema is counted at chars / 3.
The chat format adds a few tokens per message on top, not counted here.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass

from openai.lib._pydantic import to_strict_json_schema

from bot.engines.openai_chat import BriefOutput
from bot.prompts import Prompt, fence_untrusted, load_prompt

BUDGET = 800
SCHEMA = "response_format schema"
HEURISTIC = "tokens ≈ max(chars/4, words×1.3) for prose; chars/3 for JSON (no tokenizer offline)"


def estimate_tokens(text: str) -> int:
    """Prose estimate: max(chars/4, words*1.3), rounded up."""
    return math.ceil(max(len(text) / 4, len(text.split()) * 1.3))


def estimate_json_tokens(text: str) -> int:
    """JSON estimate: chars/3, rounded up (punctuation-heavy text packs fewer chars a token)."""
    return math.ceil(len(text) / 3)


@dataclass(frozen=True)
class Part:
    name: str
    chars: int
    words: int
    tokens: int


def measure(prompt: Prompt) -> list[Part]:
    """The parts of a brief request that do not depend on the article, with estimates."""
    rendered = prompt.render(article="", genre="It is a news report.")
    # Compact, as the SDK's HTTP client sends it.
    schema = json.dumps(
        {
            "name": BriefOutput.__name__,
            "strict": True,
            "schema": to_strict_json_schema(BriefOutput),
        },
        separators=(",", ":"),
    )
    texts = [
        ("system message", rendered.system, estimate_tokens),
        ("user template (no article)", rendered.user, estimate_tokens),
        ("article fence lines", fence_untrusted("ARTICLE", ""), estimate_tokens),
        (SCHEMA, schema, estimate_json_tokens),
    ]
    return [Part(name, len(text), len(text.split()), count(text)) for name, text, count in texts]


def main() -> int:
    prompt = load_prompt("brief")
    parts = measure(prompt)
    messages = sum(p.tokens for p in parts if p.name != SCHEMA)
    total = sum(p.tokens for p in parts)
    print(f"brief prompt {prompt.version}: tokens before the article (ESTIMATES: {HEURISTIC})")
    print(f"{'part':<30} {'chars':>6} {'words':>6} {'~tokens':>8}")
    for p in parts:
        print(f"{p.name:<30} {p.chars:>6} {p.words:>6} {p.tokens:>8}")
    print(f"{'messages (system + user)':<30} {'':>6} {'':>6} {messages:>8}")
    print(f"{'total with schema':<30} {'':>6} {'':>6} {total:>8}")
    verdict = "within" if total <= BUDGET else "OVER"
    print(f"budget {BUDGET}: {verdict} ({total}/{BUDGET}, estimated)")
    return 0 if total <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
