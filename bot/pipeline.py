"""brief(source) -> Brief: the one path the CLI, the worker and the tests all call.

    source --load--> Article --engine.draft--> Draft --gate--> Brief
               (cache by URL)          (cache by content + engine)

Both slow steps run through a `Flight`: with Redis, many workers asking for the
same article at once cause one fetch and one LLM call, and all get the result.

The pipeline never imports Slack; the edges render the `Brief` as they need.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO, TypeVar

from bot.article.fetch import Fetcher
from bot.article.model import Article
from bot.article.sources import is_url, load_source
from bot.briefs import Brief, Draft, EngineInfo, Explainer, Quote, SummaryPoint
from bot.engines.base import Engine
from bot.errors import EngineError, ExtractionError, InputError
from bot.grounding.gate import gate
from bot.grounding.quote_gate import is_note
from bot.metrics import Metrics
from bot.progress import NoProgress, Progress
from bot.store import BriefCache, NullCache
from bot.store.flight import Flight, NoFlight

log = logging.getLogger(__name__)

GATED_MEMO_SIZE = 256
MIN_ARTICLE_WORDS = 40
"""Less is a teaser, a paywall stub or a caption: a model briefing it summarises its own
instructions, so Brief says there is too little text instead."""

MIN_POINTS = 2
"""A brief with fewer summary points than this is not a brief: the fallback fills it in."""
FAILED_DRAFT_TTL_SECONDS = 60
"""A model draft that leaves fewer than `MIN_POINTS` after the checks is kept only this long:
long enough for requests waiting on the same call, short enough that "try again" asks anew."""

Charge = Callable[[int], None]
"""Told the tokens of a model call this request made (for a workspace's daily budget)."""


@dataclass
class Pipeline:
    """Loads articles and briefs them with one engine, through a cache."""

    fetcher: Fetcher
    engine: Engine
    cache: BriefCache = field(default_factory=NullCache)
    flight: Flight = field(default_factory=NoFlight)
    progress: Progress = field(default_factory=NoProgress)
    fallback: Engine | None = None
    """The extractive engine, when `engine` is a model: it fills in a brief the model's
    draft left with fewer than `MIN_POINTS` summary points after the checks."""
    metrics: Metrics | None = None
    """Draft cache hits and misses, and what the gate held back (the worker's metrics)."""
    _gated: OrderedDict[tuple[str, str | None, EngineInfo], Brief] = field(
        default_factory=OrderedDict, init=False, repr=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _key_locks: dict[tuple[str, str | None, EngineInfo], threading.Lock] = field(
        default_factory=dict, init=False, repr=False
    )

    def load(self, source: str, *, stdin: TextIO | None = None) -> Article:
        """An article from a URL (cached by URL), a file, or `-` for stdin."""
        if is_url(source):
            return self.load_url(source)
        return load_source(source, fetcher=self.fetcher, stdin=stdin)

    def load_url(self, url: str) -> Article:
        """An article from an http(s) URL only: text from Slack never names a local file."""
        if not is_url(url):
            raise InputError("That is not an http:// or https:// link.")

        def fetch() -> Article:
            with self.progress.step(f"Fetching {url}"):
                article = load_source(url, fetcher=self.fetcher)
            self.cache.put_article(url, article)
            return article

        return self.flight.run(f"url:{url}", lambda: self.cache.get_article(url), fetch)

    def needs_model(self, article: Article) -> bool:
        """Would briefing `article` now call the language model (nothing cached or in memory)?"""
        info = self.engine.info
        if info.model is None:
            return False
        with self._lock:
            if self._memo_key(article) in self._gated:
                return False
        return self.cache.get_draft(article.draft_key, info) is None

    def draft(self, article: Article, *, charge: Charge | None = None) -> Draft:
        """The engine's draft for this article, from the cache when it has one.

        `charge(tokens)` is called when this call made a model call, with its tokens.
        """
        return self._drafted(article, charge)[0]

    def _drafted(self, article: Article, charge: Charge | None) -> tuple[Draft, Brief | None]:
        """The draft, and its gated brief when this call drafted it (the gate that decided
        how long to cache it is not run twice)."""
        info = self.engine.info
        gated: Brief | None = None

        def compute() -> Draft:
            nonlocal gated
            with self.progress.step(f"Drafting with the {info.engine} engine"):
                try:
                    draft = self.engine.draft(article)
                except EngineError as error:
                    if charge is not None and error.tokens:  # an unusable answer still cost
                        charge(error.tokens)
                    raise
            if charge is not None and draft.tokens_used:
                charge(draft.tokens_used)
            gated = gate(article, draft, info)
            if self.metrics is not None:
                for dropped in gated.dropped:
                    if not is_note(dropped):
                        self.metrics.gate_drops.labels(dropped.kind).inc()
            useful = len(gated.summary) >= MIN_POINTS
            ttl = None if useful or info.model is None else FAILED_DRAFT_TTL_SECONDS
            self.cache.put_draft(article.draft_key, info, draft, ttl_seconds=ttl)
            log.info("drafted %s with %s", article.draft_key[:12], info.engine)
            return draft

        def load() -> Draft | None:
            return self.cache.get_draft(article.draft_key, info)

        name = f"draft:{article.draft_key}:{info.engine}:{info.model}:{info.prompt_version}"
        drafted = self.flight.run(name, load, compute)
        if self.metrics is not None:  # once per request: the flight may `load` many times
            self.metrics.cache.labels("miss" if gated is not None else "hit").inc()
        return drafted, gated

    def _memo_key(self, article: Article) -> tuple[str, str | None, EngineInfo]:
        """What a gated brief is: the text and its framing, its link, and the engine."""
        return (article.draft_key, article.url, self.engine.info)

    def brief_article(self, article: Article, *, charge: Charge | None = None) -> Brief:
        """The gated brief. Gating is deterministic, so one per (article, engine) is kept in
        memory, and threads asking for the same one at once wait for the first: a burst of
        requests for one story in a worker drafts and gates it once, not 50 times. The key
        holds everything the brief shows, so no request is handed another's link or title."""
        if article.word_count < MIN_ARTICLE_WORDS:
            raise ExtractionError(
                f"There is too little article text to brief ({article.word_count} words; "
                f"Brief needs at least {MIN_ARTICLE_WORDS})."
            )
        key = self._memo_key(article)
        with self._lock:
            if key in self._gated:
                self._gated.move_to_end(key)
                self._count_hit()
                return self._gated[key]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._gated:
                    self._count_hit()
                    return self._gated[key]
            try:
                brief = self._gated_brief(article, charge)
            except BaseException:
                with self._lock:
                    self._key_locks.pop(key, None)
                raise
            with self._lock:
                if brief.note is None:  # a filled-in brief is not kept: "try again" re-asks
                    self._gated[key] = brief
                self._key_locks.pop(key, None)
                while len(self._gated) > GATED_MEMO_SIZE:
                    self._gated.popitem(last=False)
        return brief

    def _count_hit(self) -> None:
        """A brief served from this process's memory: a cache hit, as much as Redis's."""
        if self.metrics is not None:
            self.metrics.cache.labels("hit").inc()

    def _gated_brief(self, article: Article, charge: Charge | None) -> Brief:
        """The engine's draft, gated and filled in; when the model answered but unusably
        (cut off, not JSON, a loop, a refusal), the extractive brief with a note instead."""
        try:
            draft, gated = self._drafted(article, charge)
        except EngineError as error:
            if self.fallback is None or not error.answered:
                raise
            log.warning("model answer unusable (%s); briefing extractively", error.detail or error)
            return self.instead(article, str(error))
        return self.fill_in(article, gated or gate(article, draft, self.engine.info))

    def instead(self, article: Article, why: str) -> Brief:
        """The fallback engine's brief, every item marked extracted, saying why."""
        if self.fallback is None:
            raise EngineError(why)
        brief = gate(article, self.fallback.draft(article), self.fallback.info)
        if not brief.summary:
            raise EngineError(why)
        note = f"{why} Every item below is the article's own words, extracted."
        return brief.model_copy(
            update={
                "summary": _extracted(brief.summary),
                "quotes": _extracted(brief.quotes),
                "explainers": _extracted(brief.explainers),
                "note": note,
            }
        )

    def fill_in(self, article: Article, brief: Brief) -> Brief:
        """A model brief with fewer than `MIN_POINTS` points, filled in from the extractive
        engine, each filled item marked `extracted`; never an empty brief posted as one."""
        if self.fallback is None or len(brief.summary) >= MIN_POINTS:
            return brief
        extracted = gate(article, self.fallback.draft(article), self.fallback.info)
        if not extracted.summary and brief.summary:
            return brief  # one point the model got right beats nothing
        if not extracted.summary:
            raise EngineError(
                "The language model's draft did not pass Brief's checks, and the article "
                "gave nothing to extract instead.",
                detail=f"{len(brief.summary)} point(s) kept of the model's draft",
            )
        used = {(e.paragraph, e.text) for p in brief.summary for e in p.evidence}
        summary = [p.model_copy(update={"origin": "model"}) for p in brief.summary]
        for point in extracted.summary:
            if len(summary) >= max(MIN_POINTS, len(extracted.summary)):
                break
            if not used & {(e.paragraph, e.text) for e in point.evidence}:
                summary += _extracted([point])
        quotes = brief.quotes or _extracted(extracted.quotes)
        explainers = brief.explainers or _extracted(extracted.explainers)
        kept = len(brief.summary)
        log.info("model draft kept %d point(s); filled in from the extractive engine", kept)
        note = (
            f"The model's draft kept {kept} summary point{'s' if kept != 1 else ''} after "
            "Brief's checks; items marked “extracted” are the article's own sentences."
        )
        return brief.model_copy(
            update={"summary": summary, "quotes": quotes, "explainers": explainers, "note": note}
        )

    def brief(self, source: str, *, stdin: TextIO | None = None) -> Brief:
        return self.brief_article(self.load(source, stdin=stdin))


Item = TypeVar("Item", SummaryPoint, Quote, Explainer)


def _extracted(items: list[Item]) -> list[Item]:
    """The items, each marked as the extractive engine's."""
    return [item.model_copy(update={"origin": "extracted"}) for item in items]
