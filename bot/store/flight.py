"""Single-flight across processes: one computation per key, however many ask at once.

A breaking story briefed by 50 people must cost one fetch and one LLM call. The
first worker to ask takes a Redis lease (`SET NX PX`) and computes; the others
poll the cache until the result lands. If the leader fails, its user-safe message
(or a generic one, for a bug) is kept for a few seconds (`failure_ttl_seconds`)
so the waiters, and anyone asking in that time, fail the same way instead of
retrying a dead link one after another. The lease is short (15 s) and renewed while
the leader works, so if the leader dies a waiter takes over within seconds.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections.abc import Callable
from typing import Protocol, TypeVar

import redis

from bot import errors
from bot.errors import BriefError
from bot.store import keys

log = logging.getLogger(__name__)

T = TypeVar("T")

# Waiters re-raise the leader's failure as the same class, so edges word it the same way.
_ERROR_CLASSES: dict[str, type[BriefError]] = {
    name: cls
    for name in errors.__all__
    if isinstance(cls := getattr(errors, name), type) and issubclass(cls, BriefError)
}

GENERIC_FAILURE = "Something went wrong while briefing this article. Please try again in a minute."

# Delete the lease only if we still hold it (it may have expired and been taken over).
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""
# Extend the lease only if we still hold it.
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""


class Flight(Protocol):
    def run(self, name: str, load: Callable[[], T | None], compute: Callable[[], T]) -> T:
        """`load()` if it has the result, else `compute()` once across all callers."""
        ...


class NoFlight:
    """No coordination (one process, e.g. the CLI): just load or compute."""

    def run(self, name: str, load: Callable[[], T | None], compute: Callable[[], T]) -> T:
        cached = load()
        return cached if cached is not None else compute()


class RedisFlight:
    """Single-flight on a Redis lease. `compute` must store its result where `load` finds it."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        lease_seconds: float = 15.0,
        wait_seconds: float = 150.0,
        poll_seconds: float = 0.025,
        failure_ttl_seconds: int = 15,
    ) -> None:
        self._redis = client
        self._lease_ms = int(lease_seconds * 1000)
        self._wait = wait_seconds
        self._poll = poll_seconds
        self._failure_ttl = failure_ttl_seconds
        self._release = client.register_script(_RELEASE)
        self._renew = client.register_script(_RENEW)
        self._guard = threading.Lock()
        self._local: dict[str, threading.Lock] = {}

    def run(self, name: str, load: Callable[[], T | None], compute: Callable[[], T]) -> T:
        cached = load()
        if cached is not None:
            return cached
        # Threads of this process asking for the same name queue on a local lock instead of
        # all polling Redis (and competing for the GIL with the one doing the work).
        with self._guard:
            local = self._local.setdefault(name, threading.Lock())
        try:
            with local:
                return self._run(name, load, compute)
        finally:
            with self._guard:
                if self._local.get(name) is local and not local.locked():
                    del self._local[name]

    def _run(self, name: str, load: Callable[[], T | None], compute: Callable[[], T]) -> T:
        deadline = time.monotonic() + self._wait
        lock_key = keys.flight_lock(name)
        while True:
            cached = load()
            if cached is not None:
                return cached
            self._raise_recent_failure(name)
            token = secrets.token_hex(8)
            if self._redis.set(lock_key, token, nx=True, px=self._lease_ms):
                return self._lead(name, lock_key, token, load, compute)
            self._wait_for_leader(name, lock_key, load, deadline)
            cached = load()
            if cached is not None:
                return cached
            if time.monotonic() >= deadline:
                raise BriefError("This article is taking too long to brief. Please try again.")

    def _lead(
        self,
        name: str,
        lock_key: str,
        token: str,
        load: Callable[[], T | None],
        compute: Callable[[], T],
    ) -> T:
        done = threading.Event()
        renewer = threading.Thread(
            target=self._keep_lease, args=(lock_key, token, done), daemon=True
        )
        renewer.start()
        try:
            cached = load()  # someone may have finished between our load and our lease
            if cached is not None:
                return cached
            self._redis.delete(keys.flight_failure(name))
            return compute()
        except BriefError as exc:
            self._record_failure(name, type(exc).__name__, str(exc), exc.hint, exc.answered)
            raise
        except Exception:
            # A bug or an outage, not the article: waiters must not all retry it one by one.
            self._record_failure(name, BriefError.__name__, GENERIC_FAILURE, "")
            raise
        finally:
            done.set()
            self._release(keys=[lock_key], args=[token])

    def _keep_lease(self, lock_key: str, token: str, done: threading.Event) -> None:
        """Renew the lease every third of its length while the leader works.

        The lease is short so that a leader that dies (a killed worker) is replaced
        within seconds, not minutes; a live one keeps it however long the LLM takes.
        """
        while not done.wait(self._lease_ms / 3000):
            try:
                if not self._renew(keys=[lock_key], args=[token, self._lease_ms]):
                    return  # lost it (expired and taken): nothing left to renew
            except redis.RedisError as exc:
                log.warning("could not renew the lease %s: %s", lock_key, exc)

    def _raise_recent_failure(self, name: str) -> None:
        """Fail like the last attempt did, if it failed in the last few seconds."""
        failure = self._redis.get(keys.flight_failure(name))
        if failure is not None:
            data = json.loads(failure)
            error_class = _ERROR_CLASSES.get(data.get("kind", ""), BriefError)
            raise error_class(
                data["message"], hint=data.get("hint") or "", answered=bool(data.get("answered"))
            )

    def _record_failure(
        self, name: str, kind: str, message: str, hint: str, answered: bool = False
    ) -> None:
        """`answered`: the model answered unusably, so a waiter can brief extractively too."""
        failure = json.dumps({"kind": kind, "message": message, "hint": hint, "answered": answered})
        try:
            self._redis.set(keys.flight_failure(name), failure, ex=self._failure_ttl)
        except redis.RedisError:
            log.warning("could not record the failure of %s", name)

    def _wait_for_leader(
        self, name: str, lock_key: str, load: Callable[[], T | None], deadline: float
    ) -> None:
        """Poll until the leader's result lands, its lease goes, or it reports a failure."""
        while time.monotonic() < deadline:
            time.sleep(self._poll)
            if load() is not None:
                return
            self._raise_recent_failure(name)
            if not self._redis.exists(lock_key):
                return
