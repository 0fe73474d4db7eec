"""The command line, and Brief's composition root.

`main()` reads `Settings` once, builds the clients (Redis, OpenAI, fetcher) once
and passes them into the pipeline; nothing else constructs clients. Commands:

    [brief] SOURCE [--engine auto|openai|extractive] [--json]   (brief is the default)
    ask SOURCE QUESTION [--engine ...] [--json]   answer a question from the article
    verify ARTICLE DRAFT [--json] [--claims]
    serve        the Slack web process (HTTP on $PORT, or Socket Mode)
    worker       a job worker (run as many as needed, on any machine)
    clock        the daily digest's scheduler (it only queues the digest job)
    digest --now [--channel C]   post today's digest at once (it counts as today's)

Exit status: 0 fine, 1 a brief could not be made or a draft has problems,
2 bad input or configuration.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from bot.answers.extractive import ExtractiveAnswerer
from bot.answers.service import Answering
from bot.article.fetch import SafeFetcher
from bot.article.model import Article
from bot.article.sources import load_source
from bot.clients import build_redis
from bot.engines.factory import build_engine, build_fallback
from bot.errors import BriefError, ConfigError, InputError
from bot.grounding.claims import check_claims
from bot.grounding.verify import render_verify_report, verify
from bot.logs import configure_logging, request_context
from bot.pipeline import Pipeline
from bot.progress import Progress
from bot.prompts import load_prompt
from bot.render.answer import answer_text
from bot.render.markdown import render_markdown
from bot.settings import Settings, describe_settings_error
from bot.store import BriefCache, NullCache, RedisCache

log = logging.getLogger("bot")

EXIT_OK, EXIT_FLAGGED, EXIT_BAD_INPUT = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="brief", description="Grounded briefs of news articles, for newsrooms."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    brief = commands.add_parser(
        "brief",
        help="brief an article (URL, .txt/.md/.html file, or -)",
        description="Brief an article: summary points, verbatim quotes and explainers, each "
        "checked against the article and citing its paragraphs.",
        epilog="Exit status: 0 briefed; 1 the article could not be briefed; 2 bad input or "
        "configuration.",
    )
    brief.add_argument("source", help="an http(s) URL, a local file, or - for stdin")
    brief.add_argument("--engine", choices=["auto", "openai", "extractive"], default=None)
    brief.add_argument("--json", action="store_true", help="print the brief as JSON")
    brief.add_argument(
        "--sources", action="store_true", help="list the article's sentences each item rests on"
    )

    ask = commands.add_parser(
        "ask",
        help="answer a question from an article, as a thread does",
        description="Answer one question from the article only, citing its paragraphs, as "
        "Brief answers in a brief's Slack thread (without the thread's memory).",
        epilog="Exit status: 0 answered (including 'the article doesn't say'); 2 bad input or "
        "configuration.",
    )
    ask.add_argument("source", help="an http(s) URL, a local file, or - for stdin")
    ask.add_argument("question", help="the question, in quotes")
    ask.add_argument("--engine", choices=["auto", "openai", "extractive"], default=None)
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")

    check = commands.add_parser(
        "verify",
        help="check a draft's quotes, numbers and names",
        description="Check a draft against the article: quotes word for word, numbers and "
        "names present, and (--claims) whether the article supports each sentence.",
        epilog="Exit status: 0 the draft is clean; 1 something is flagged; 2 bad input "
        "(a missing file, an unreachable link, both read from stdin).",
    )
    check.add_argument("article", help="the article: URL, file, or -")
    check.add_argument("draft", help="the draft: a .txt/.md file, or -")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.add_argument(
        "--claims",
        action="store_true",
        help="also check that the article supports each sentence of the draft",
    )

    serve = commands.add_parser(
        "serve",
        help="run the Slack web process",
        description="Run the Slack web process: HTTP on $PORT (Slack's request URL "
        "/slack/events, /healthz, /readyz), or Socket Mode when SLACK_APP_TOKEN is set.",
    )
    serve.add_argument("--host", default="0.0.0.0", help="interface to listen on")  # noqa: S104
    commands.add_parser(
        "worker",
        help="run a job worker",
        description="Run a job worker: it takes briefs, answers and digests from the Redis "
        "queue (WORKER_THREADS at a time). Run as many as needed, on any machine.",
    )
    commands.add_parser(
        "clock",
        help="run the digest's scheduler (queues the daily digest)",
        description="Run the daily digest's scheduler: at DIGEST_TIME in DIGEST_TIMEZONE it "
        "queues the digest for DIGEST_CHANNEL; a worker posts it. More than one is harmless.",
    )
    digest = commands.add_parser(
        "digest",
        help="post today's digest now",
        description="Post today's digest at once; it counts as today's digest for the channel.",
    )
    digest.add_argument("--now", action="store_true", required=True, help="post it at once")
    digest.add_argument("--channel", default=None, help="channel ID (default DIGEST_CHANNEL)")
    return parser


COMMANDS = frozenset({"brief", "ask", "verify", "serve", "worker", "clock", "digest"})


def with_default_command(argv: Sequence[str]) -> list[str]:
    """`brief story.html` means `brief brief story.html`: a source alone is briefed."""
    args = list(argv)
    if args and args[0] not in COMMANDS and (args[0] == "-" or not args[0].startswith("-")):
        return ["brief", *args]
    return args


def main(argv: Sequence[str] | None = None, *, stdin: TextIO | None = None) -> int:
    args = build_parser().parse_args(with_default_command(sys.argv[1:] if argv is None else argv))
    try:
        settings = Settings()
    except ValidationError as exc:
        print(describe_settings_error(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.command in {"serve", "worker", "clock", "digest"}:
        # Imported here: Slack, uvicorn and dramatiq cost a second of start-up the CLI doesn't need.
        from bot import runtime  # noqa: PLC0415

        configure_logging(settings.log_level, settings.log_format)
        try:
            if args.command == "serve":
                runtime.serve(settings, host=args.host)
            elif args.command == "worker":
                runtime.work(settings)
            elif args.command == "clock":
                runtime.run_clock(settings)
            else:
                print(runtime.digest_now(settings, channel=args.channel))
        except ConfigError as exc:
            print(f"error: {exc.user_message}", file=sys.stderr)
            return EXIT_BAD_INPUT
        return EXIT_OK
    configure_logging(
        "WARNING" if settings.log_level == "INFO" else settings.log_level, settings.log_format
    )
    stdin = stdin if stdin is not None else sys.stdin
    with request_context() as request_id:
        try:
            if args.command == "brief":
                return _brief(settings, args, stdin)
            if args.command == "ask":
                return _ask(settings, args, stdin)
            return _verify(settings, args, stdin)
        except (InputError, ConfigError) as exc:
            print(f"error: {exc.user_message}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except BriefError as exc:
            print(f"error: {exc.user_message}", file=sys.stderr)
            if exc.detail:
                print(f"detail: {exc.detail}", file=sys.stderr)  # the CLI's user is its operator
            return EXIT_FLAGGED
        except Exception:
            log.exception("unexpected failure")
            print(
                f"error: something went wrong inside Brief (request {request_id}).", file=sys.stderr
            )
            return EXIT_FLAGGED


def _brief(settings: Settings, args: argparse.Namespace, stdin: TextIO) -> int:
    engine_name = settings.resolved_engine(args.engine)
    openai_client = None
    if engine_name == "openai":
        # Imported only when used: the openai package takes over a second to import.
        from bot.llm import build_openai_client  # noqa: PLC0415

        openai_client = build_openai_client(settings)
    redis_client = build_redis(settings)
    cache: BriefCache = (
        RedisCache(redis_client, ttl_seconds=settings.cache_ttl_seconds)
        if redis_client is not None
        else NullCache()
    )
    try:
        engine = build_engine(settings, name=engine_name, openai_client=openai_client)
        pipeline = Pipeline(
            fetcher=SafeFetcher.from_settings(settings),
            engine=engine,
            cache=cache,
            progress=Progress(sys.stderr),
            fallback=build_fallback(engine),
        )
        brief = pipeline.brief(args.source, stdin=stdin)
    finally:
        if openai_client is not None:
            openai_client.close()
        if redis_client is not None:
            redis_client.close()
    if args.json:
        print(json.dumps(brief.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print(render_markdown(brief, show_sources=args.sources), end="")
    return EXIT_OK


def _ask(settings: Settings, args: argparse.Namespace, stdin: TextIO) -> int:
    """One question about one article, answered as a thread would answer it (no memory)."""
    question = " ".join(str(args.question).split())
    if not question:
        raise InputError("Ask a question about the article.")
    article = load_source(args.source, fetcher=SafeFetcher.from_settings(settings), stdin=stdin)
    answering = Answering(ExtractiveAnswerer())
    openai_client = None
    if settings.resolved_engine(args.engine) == "openai":
        from bot.answers.llm import ModelAnswerer  # noqa: PLC0415
        from bot.llm import build_llm, build_openai_client  # noqa: PLC0415

        openai_client = build_openai_client(settings)
        model = ModelAnswerer(
            build_llm(settings, openai_client),
            load_prompt("qa"),
            max_article_chars=settings.openai_max_article_chars,
        )
        answering = Answering(ExtractiveAnswerer(), model=model)
    try:
        answer = answering.answer(article, question)
    finally:
        if openai_client is not None:
            openai_client.close()
    if args.json:
        print(json.dumps(answer.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print(answer_text(answer), end="")
    return EXIT_OK


def _verify(settings: Settings, args: argparse.Namespace, stdin: TextIO) -> int:
    if args.article == "-" and args.draft == "-":
        raise InputError("Only one of ARTICLE and DRAFT can be read from stdin.")
    article: Article = load_source(
        args.article, fetcher=SafeFetcher.from_settings(settings), stdin=stdin
    )
    draft_text = _read_draft(args.draft, stdin)
    report = verify(article, draft_text)
    if args.claims:
        report = report.with_claims(check_claims(article, draft_text))
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print(render_verify_report(report), end="")
    return EXIT_OK if report.ok else EXIT_FLAGGED


def _read_draft(source: str, stdin: TextIO) -> str:
    if source == "-":
        return stdin.read()
    path = Path(source)
    if not path.is_file():
        raise InputError(f"No such draft file: {source}")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"The draft {source} is not UTF-8 text.") from exc
