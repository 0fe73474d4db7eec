"""Run Brief's real web process and worker in-process, and talk to them like Slack does.

- `WebServer`: the ASGI app from `runtime.build_web` under a real uvicorn on loopback.
- `WorkerThread`: the worker from `runtime.build_worker` (dramatiq threads, real Redis).
- `signed_command`: a form-encoded slash-command request signed with the signing secret,
  exactly as Slack sends it, posted over real HTTP.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import http.client
import ipaddress
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import uvicorn

from bot import runtime
from bot.settings import Settings
from tests.redis_server import free_port

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"


@dataclass
class HttpResult:
    status: int
    body: bytes
    headers: dict[str, str]
    elapsed: float


class WebServer:
    """uvicorn serving `runtime.build_web(settings)` on 127.0.0.1 in a thread."""

    def __init__(self, settings: Settings) -> None:
        self.port = free_port()
        self.web, _ = runtime.build_web(settings)
        config = uvicorn.Config(
            self.web.asgi,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            http=runtime.http_protocol(settings),  # as `python -m bot serve` runs it
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        async def main() -> None:
            try:
                await self.server.serve()
            finally:
                await self.web.aclose()

        asyncio.run(main())

    def __enter__(self) -> WebServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> HttpResult:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            started = time.perf_counter()
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read()
            elapsed = time.perf_counter() - started
            return HttpResult(response.status, data, dict(response.getheaders()), elapsed)
        finally:
            conn.close()


def sign(
    body: bytes, *, secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + ts.encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
    }


def command_body(
    text: str,
    *,
    response_url: str,
    channel_id: str = "C0NEWS",
    user_id: str = "U0REPORTER",
    team_id: str = "T0NEWSROOM",
    trigger_id: str | None = None,
) -> bytes:
    fields = {
        "token": "legacy-unused",
        "team_id": team_id,
        "team_domain": "newsroom",
        "channel_id": channel_id,
        "channel_name": "news",
        "user_id": user_id,
        "user_name": "reporter",
        "command": "/brief",
        "text": text,
        "api_app_id": "A0BRIEF",
        "response_url": response_url,
        "trigger_id": trigger_id or f"trig.{time.monotonic_ns()}",
    }
    return urllib.parse.urlencode(fields).encode()


def signed_command(server: WebServer, body: bytes, **sign_kwargs: object) -> HttpResult:
    headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(body, **sign_kwargs)}  # type: ignore[arg-type]
    return server.request("POST", "/slack/events", body, headers)


@contextmanager
def worker_running(settings: Settings) -> Iterator[runtime.Worker]:
    """A real worker (dramatiq threads on the real Redis) for the duration of the block."""
    worker = runtime.build_worker(settings)
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,), daemon=True)
    thread.start()
    try:
        yield worker
    finally:
        stop.set()
        thread.join(timeout=30)
        worker.close()


def wait_for(predicate: object, *, timeout: float = 15.0, interval: float = 0.02) -> None:
    """Poll until `predicate()` is truthy; fail the test with a clear message on timeout."""
    assert callable(predicate)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


def action_body(
    *,
    action_id: str,
    value: str,
    team_id: str,
    channel_id: str,
    message_ts: str,
    response_url: str,
    user_id: str = "U0REPORTER",
) -> bytes:
    """A `block_actions` payload as Slack sends it when a button is clicked (form-encoded)."""
    payload = {
        "type": "block_actions",
        "team": {"id": team_id, "domain": "newsroom"},
        "user": {"id": user_id, "team_id": team_id},
        "api_app_id": "A0BRIEF",
        "token": "legacy-unused",
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel_id,
            "is_ephemeral": False,
        },
        "trigger_id": "1.2.3",
        "channel": {"id": channel_id, "name": "news"},
        "message": {"type": "message", "ts": message_ts, "text": "brief"},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "brief-sources",
                "type": "button",
                "value": value,
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()


def event_body(
    event: dict[str, object],
    *,
    team_id: str = "T0NEWSROOM",
    event_id: str | None = None,
) -> bytes:
    """An Events API `event_callback` as Slack sends it (JSON)."""
    payload = {
        "token": "legacy-unused",
        "team_id": team_id,
        "api_app_id": "A0BRIEF",
        "event": {"event_ts": event.get("ts"), **event},
        "type": "event_callback",
        "event_id": event_id or f"Ev{time.monotonic_ns()}",
        "event_time": int(time.time()),
        "authorizations": [
            {
                "team_id": team_id,
                "user_id": "U0BRIEFBOT",
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }
    return json.dumps(payload).encode()


def mention_event(
    message: dict[str, object], *, channel: str = "C0NEWS", bot_user_id: str = "U0BRIEFBOT"
) -> dict[str, object]:
    """The `app_mention` event of a person's message (`FakeSlack.user_message`)."""
    event = {
        "type": "app_mention",
        "user": message["user"],
        "text": message["text"],
        "ts": message["ts"],
        "channel": channel,
    }
    if "thread_ts" in message:
        event["thread_ts"] = message["thread_ts"]
    assert f"<@{bot_user_id}>" in str(message["text"]), "a mention names the bot"
    return event


def signed_event(server: WebServer, body: bytes, *, retry_num: int | None = None) -> HttpResult:
    """POST an event as Slack does; `retry_num` marks a redelivery (`X-Slack-Retry-Num`)."""
    headers = {"Content-Type": "application/json", **sign(body)}
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return server.request("POST", "/slack/events", body, headers)


def shortcut_body(
    *,
    callback_id: str,
    team_id: str,
    channel_id: str,
    message_ts: str,
    response_url: str,
    user_id: str = "U0REPORTER",
) -> bytes:
    """A message shortcut (`message_action`) payload as Slack sends it (form-encoded)."""
    payload = {
        "type": "message_action",
        "callback_id": callback_id,
        "team": {"id": team_id, "domain": "newsroom"},
        "user": {"id": user_id, "team_id": team_id},
        "channel": {"id": channel_id, "name": "news"},
        "message": {"type": "message", "ts": message_ts, "text": "a message"},
        "message_ts": message_ts,
        "trigger_id": "1.2.3",
        "response_url": response_url,
        "token": "legacy-unused",
        "action_ts": f"{time.time():.6f}",
    }
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()


def fake_settings(
    redis_url: str, slack_api_url: str, slack_token: str, llm_url: str, **more: Any
) -> Settings:
    """Settings pointing Brief at the suite's Redis and the loopback fakes (Slack, a model,
    pages on 127.0.0.0/8), with limits that many test requests from one user never hit."""
    values: dict[str, Any] = {
        "redis_url": redis_url,
        "slack_bot_token": slack_token,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": slack_api_url,
        "engine": "openai",
        "openai_api_key": "test-key",
        "openai_base_url": llm_url,
        "openai_max_retries": 0,
        "openai_timeout": 5,
        "fetch_allowed_networks": [ipaddress.ip_network("127.0.0.0/8")],
        "fetch_timeout": 2,
        "worker_threads": 8,
        "slack_timeout": 2,
        "rate_limit_per_user": 1000,
        "rate_limit_per_channel": 1000,
    }
    values.update(more)
    return Settings(**values)
