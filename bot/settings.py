"""Every knob Brief has, read once from the environment (and `.env`) at start.

`Settings` is built in the composition root (`bot.cli`) and passed down; nothing
else reads the environment. Secrets are `SecretStr` so they never show up in a
repr or a log line. A bad value fails at start with the variable's name
(`describe_settings_error`).
"""

from __future__ import annotations

import ipaddress
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

EngineName = Literal["auto", "openai", "extractive"]


class Settings(BaseSettings):
    """Brief's configuration. Field names map to upper-case environment variables."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )

    # --- engines -------------------------------------------------------------
    engine: EngineName = "auto"
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4.1-mini"
    openai_timeout: float = Field(default=30.0, gt=0, le=600)
    openai_max_retries: int = Field(default=2, ge=0, le=10)
    openai_max_output_tokens: int = Field(default=2000, ge=256, le=32000)
    openai_max_article_chars: int = Field(default=60_000, ge=2_000, le=2_000_000)
    openai_structured_output: Literal["auto", "json_schema", "json_object", "tools", "prompt"] = (
        "auto"
    )
    openai_total_seconds: float = Field(default=180.0, gt=0, le=3600)
    openai_stream: bool = True

    # --- fetching ------------------------------------------------------------
    fetch_timeout: float = Field(default=10.0, gt=0, le=60)
    fetch_max_bytes: int = Field(default=5_000_000, ge=10_000, le=50_000_000)
    fetch_max_redirects: int = Field(default=5, ge=0, le=10)
    fetch_allowed_networks: Annotated[list[IPNetwork], NoDecode] = Field(default_factory=list)
    fetch_user_agent: str = "BriefBot/0.1 (+newsroom article briefs)"

    # --- state ---------------------------------------------------------------
    redis_url: str | None = None
    queue_redis_url: str | None = None
    cache_ttl_seconds: int = Field(default=86_400, ge=60)
    thread_ttl_seconds: int = Field(default=7 * 86_400, ge=60)
    qa_memory_ttl_seconds: int = Field(default=7 * 86_400, ge=1)
    qa_memory_tokens: int = Field(default=1500, ge=100, le=100_000)

    # --- slack ---------------------------------------------------------------
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    slack_timeout: int = Field(default=10, ge=1, le=60)
    port: int = Field(default=3000, ge=1, le=65535)
    web_concurrency: int = Field(default=1, ge=1, le=64)
    http_header_timeout: float = Field(default=10.0, gt=0, le=120)
    worker_threads: int = Field(default=32, ge=1, le=256)
    worker_metrics_port: int = Field(default=0, ge=0, le=65535)
    worker_metrics_address: str = "127.0.0.1"
    metrics_token: SecretStr | None = None
    still_working_seconds: float = Field(default=20.0, gt=0, le=600)
    slack_stream_answers: bool = True
    rate_limit_per_user: int = Field(default=10, ge=1, le=10_000)
    rate_limit_per_channel: int = Field(default=30, ge=1, le=10_000)
    llm_daily_tokens_per_workspace: int = Field(default=0, ge=0)
    allowed_channels: Annotated[list[str], NoDecode] = Field(default_factory=list)
    allowed_users: Annotated[list[str], NoDecode] = Field(default_factory=list)

    # --- the daily digest -------------------------------------------------------
    digest_channel: str | None = None
    digest_time: str = Field(default="08:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    digest_timezone: str = "UTC"
    digest_feeds: Annotated[list[str], NoDecode] = Field(default_factory=list)
    digest_max_new_briefs: int = Field(default=10, ge=0, le=200)
    digest_grace_hours: float = Field(default=6.0, ge=0.1, le=23)
    digest_quiet_day: bool = False
    digest_overview: bool = False

    # --- logging -------------------------------------------------------------
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"

    @field_validator("fetch_allowed_networks", mode="before")
    @classmethod
    def _split_networks(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("digest_feeds", "allowed_channels", "allowed_users", mode="before")
    @classmethod
    def _split_feeds(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("digest_timezone", mode="after")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (use an IANA name such as Europe/London)"
            ) from None
        return value

    @field_validator("digest_channel", mode="before")
    @classmethod
    def _blank_channel(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("fetch_allowed_networks", mode="after")
    @classmethod
    def _strict_networks(cls, value: list[IPNetwork]) -> list[IPNetwork]:
        return [ipaddress.ip_network(str(net), strict=False) for net in value]

    @field_validator("slack_api_url", mode="after")
    @classmethod
    def _api_url_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @field_validator(
        "openai_api_key",
        "slack_bot_token",
        "slack_signing_secret",
        "slack_app_token",
        "metrics_token",
        mode="before",
    )
    @classmethod
    def _blank_key_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("openai_base_url", "redis_url", "queue_redis_url", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def resolved_engine(
        self, override: EngineName | None = None
    ) -> Literal["openai", "extractive"]:
        """`auto` means openai when a key is configured, extractive otherwise."""
        engine = override or self.engine
        if engine == "auto":
            return "openai" if self.openai_api_key is not None else "extractive"
        return engine


def describe_settings_error(error: ValidationError) -> str:
    """One line per bad variable, named as the operator sets it (upper case)."""
    lines = []
    for item in error.errors():
        name = ".".join(str(part) for part in item["loc"]).upper() or "SETTINGS"
        lines.append(f"{name}: {item['msg']}")
    return "configuration error: " + "; ".join(lines)
