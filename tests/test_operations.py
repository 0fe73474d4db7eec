"""Operating Brief, end to end through the fakes (nothing patched): Prometheus metrics on the
web process's /metrics and a worker's port after real requests, and a separate Redis for
the job queue (QUEUE_REDIS_URL)."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.fakes.llm_replies import grounded_default
from tests.fakes.openai_server import FakeOpenAIServer
from tests.fakes.page_server import PageServer, send
from tests.fakes.slack_api import FakeSlack
from tests.redis_server import free_port, redis_server
from tests.slack_harness import (
    WebServer,
    command_body,
    fake_settings,
    signed_command,
    wait_for,
    worker_running,
)

FERRY = (Path(__file__).parent / "fixtures" / "pages" / "ferry-fares.html").read_bytes()


def sample(text: str, name: str, **labels: str) -> float | None:
    """A sample's value from Prometheus text; None when the line is absent."""
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    pattern = (
        rf"^{re.escape(name)}\{{{re.escape(wanted)}\}} (\S+)$"
        if labels
        else rf"^{re.escape(name)} (\S+)$"
    )
    found = re.search(pattern, text, re.MULTILINE)
    return float(found.group(1)) if found else None


@pytest.fixture
def stack(redis_url: str, redis_client: redis.Redis) -> Iterator[tuple[WebServer, int, str]]:
    site = PageServer()
    site.routes["/ferry"] = lambda h: send(h, 200, FERRY)
    site.routes["/missing"] = lambda h: send(h, 404, b"no")
    with (
        site,
        FakeSlack() as slack,
        FakeOpenAIServer(api_key="test-key", default=grounded_default) as llm,
    ):
        port = free_port()
        settings = fake_settings(
            redis_url, slack.api_url, slack.token, llm.base_url, worker_metrics_port=port
        )
        with WebServer(settings) as web, worker_running(settings):
            yield web, port, site.url("")


def test_acks_jobs_llm_calls_cache_and_failures_are_counted(
    stack: tuple[WebServer, int, str],
) -> None:
    web, port, base = stack

    def brief(path: str, channel: str) -> None:
        body = command_body(
            f"{base}{path}", response_url="http://127.0.0.1:9/r", channel_id=channel
        )
        assert signed_command(web, body).status == 200

    def worker_metrics() -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as page:
            return str(page.read().decode())

    brief("/ferry", "C1")
    brief("/ferry", "C2")  # the same story again: no second model call
    brief("/missing", "C1")  # a page that is not there
    signed_command(web, command_body("help", response_url="http://127.0.0.1:9/r"))
    wait_for(lambda: sample(worker_metrics(), "brief_jobs_total", kind="brief", outcome="ok") == 2)
    wait_for(
        lambda: sample(worker_metrics(), "brief_jobs_total", kind="brief", outcome="failed") == 1
    )
    worker = worker_metrics()
    assert sample(worker, "brief_llm_calls_total", model="gpt-4.1-mini", outcome="ok") == 1
    assert (sample(worker, "brief_llm_tokens_total", model="gpt-4.1-mini") or 0) > 0
    assert sample(worker, "brief_cache_total", result="miss") == 1  # one per request, not per look
    assert sample(worker, "brief_cache_total", result="hit") == 1  # the second channel's
    assert sample(worker, "brief_fetch_failures_total", reason="FetchError") == 1
    assert sample(worker, "brief_job_seconds_count", kind="brief") == 3

    response = web.request("GET", "/metrics")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/plain")
    page = response.body.decode()
    assert sample(page, "brief_acks_total", kind="brief", outcome="queued") == 3
    assert sample(page, "brief_acks_total", kind="brief", outcome="help") == 1
    assert sample(page, "brief_ack_seconds_count", kind="brief") == 4
    assert sample(page, "brief_queue_depth") == 0  # the worker took everything


def test_a_separate_queue_redis_holds_the_queue_and_nothing_else(
    redis_url: str, redis_client: redis.Redis, tmp_path: Path
) -> None:
    """QUEUE_REDIS_URL: jobs, heartbeats and readiness use the queue's Redis (a second
    redis-server); the cache, idempotency and records stay in REDIS_URL's."""
    site = PageServer()
    site.routes["/ferry"] = lambda h: send(h, 200, FERRY)
    with (
        redis_server(tmp_path) as queue_url,
        redis.Redis.from_url(queue_url) as queue,
        site,
        FakeSlack() as slack,
        FakeOpenAIServer(api_key="test-key", default=grounded_default) as llm,
    ):
        settings = fake_settings(
            redis_url, slack.api_url, slack.token, llm.base_url, queue_redis_url=queue_url
        )
        with WebServer(settings) as web, worker_running(settings):
            body = command_body(site.url("/ferry"), response_url="http://127.0.0.1:9/r")
            assert signed_command(web, body).status == 200
            wait_for(lambda: any(c.ok for c in slack.calls_to("chat.postMessage")))
            wait_for(lambda: web.request("GET", "/readyz").status == 200)
        assert queue.keys("brief-jobs:*")  # the queue lived here
        assert queue.keys("brief:workers")  # and the workers' heartbeat
        assert not redis_client.keys("brief-jobs:*")
        assert redis_client.keys("brief:draft:*")  # the cache did not move
        assert not queue.keys("brief:draft:*")


def test_metrics_need_the_token_when_one_is_set(redis_url: str, redis_client: redis.Redis) -> None:
    with FakeSlack() as slack:
        settings = fake_settings(
            redis_url, slack.api_url, slack.token, "http://127.0.0.1:9/v1", metrics_token="s3cret"
        )
        with WebServer(settings) as web:
            assert web.request("GET", "/metrics").status == 403
            wrong = web.request("GET", "/metrics", headers={"Authorization": "Bearer nope"})
            assert wrong.status == 403
            right = web.request("GET", "/metrics", headers={"Authorization": "Bearer s3cret"})
            assert right.status == 200
            assert sample(right.body.decode(), "brief_queue_depth") == 0
