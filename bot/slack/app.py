"""Build the Bolt app from settings and the clients the composition root made."""

from __future__ import annotations

import redis
from dramatiq.brokers.redis import RedisBroker
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.errors import ConfigError
from bot.settings import Settings
from bot.slack.access import Access
from bot.slack.listeners import Listeners
from bot.slack.offload import Offload
from bot.slack.routes import register_routes
from bot.slack.watch import QueueWatch
from bot.store.limits import RateLimits


def build_app(
    settings: Settings,
    *,
    redis_client: redis.Redis,
    broker: RedisBroker,
    offload: Offload,
    watch: QueueWatch,
) -> AsyncApp:
    """The Bolt app. Acks happen inside the request (`process_before_response`): no lazy polling."""
    if settings.slack_bot_token is None:
        raise ConfigError("SLACK_BOT_TOKEN is required to serve Slack.")
    if settings.slack_signing_secret is None and settings.slack_app_token is None:
        raise ConfigError("SLACK_SIGNING_SECRET is required (or SLACK_APP_TOKEN for Socket Mode).")
    token = settings.slack_bot_token.get_secret_value()
    app = AsyncApp(
        signing_secret=(
            settings.slack_signing_secret.get_secret_value()
            if settings.slack_signing_secret
            else None
        ),
        client=AsyncWebClient(token=token, base_url=settings.slack_api_url, timeout=5),
        process_before_response=True,
        # Socket Mode requests are not signed; HTTP requests always are.
        request_verification_enabled=settings.slack_app_token is None,
    )
    limits = RateLimits(
        redis_client,
        per_user=settings.rate_limit_per_user,
        per_channel=settings.rate_limit_per_channel,
    )
    access = Access(
        channels=frozenset(settings.allowed_channels), users=frozenset(settings.allowed_users)
    )
    listeners = Listeners.build(
        redis=redis_client,
        broker=broker,
        offload=offload,
        limits=limits,
        watch=watch,
        access=access,
    )
    register_routes(app, listeners)
    return app
