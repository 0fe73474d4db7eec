"""Build Redis and Slack clients from settings. Called only from composition roots.

(The OpenAI client is built by `bot.llm.build_openai_client`.)
"""

from __future__ import annotations

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry
from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.errors import ConfigError
from bot.settings import Settings


def build_redis(
    settings: Settings, *, timeout: float = 2.0, retries: int = 1, queue: bool = False
) -> redis.Redis | None:
    """A Redis client with short timeouts and few retries, or None when REDIS_URL is unset.
    `queue=True`: the job queue's (QUEUE_REDIS_URL, else REDIS_URL). `rediss://` URLs use
    TLS; a password goes in the URL.

    redis-py's defaults (5 s timeouts, 10 retries) are far too patient for a Slack
    ack path that must answer within 3 s.
    """
    url = (settings.queue_redis_url or settings.redis_url) if queue else settings.redis_url
    if url is None:
        return None
    return redis.Redis.from_url(
        url,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(ExponentialBackoff(cap=0.2, base=0.01), retries),
        health_check_interval=30,
    )


def build_slack_client(settings: Settings, *, posting: bool = False) -> WebClient:
    """The worker's Slack client: SLACK_API_URL, and retries for 429 (Retry-After) and 5xx.

    `posting=True` is the client for `chat.postMessage`, which is not idempotent: it
    retries only a 429 (a refusal: nothing was posted). A 5xx or a dropped connection
    may follow an accepted post, and `bot.outbox` looks in the channel before posting again.
    """
    if settings.slack_bot_token is None:
        raise ConfigError("SLACK_BOT_TOKEN is required to post to Slack.")
    retries: list[RetryHandler] = [RateLimitErrorRetryHandler(max_retry_count=3)]
    if not posting:
        retries = [
            ConnectionErrorRetryHandler(max_retry_count=2),
            *retries,
            ServerErrorRetryHandler(max_retry_count=2),
        ]
    return WebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        timeout=settings.slack_timeout,
        retry_handlers=retries,
    )
