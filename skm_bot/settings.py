"""The bot's settings: one frozen object, built once at the entry point from the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from skm_bot.core.language import Language
from skm_bot.errors import ConfigError
from skm_bot.render.support_email import DEFAULT_SUPPORT_EMAIL, SUPPORT_EMAIL_PATTERN
from skm_bot.store.location import default_cache_dir, default_database_url
from skm_bot.usecases.diagnose import CHECK_DEADLINE, CHECK_TIMEOUT

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)


class Settings(BaseSettings):
    """
    Settings read from `SKM_BOT_*` environment variables.

    Profiles (where SKM is and how to reach it) live in their own TOML file, named by
    `SKM_BOT_PROFILES`.
    """

    model_config = SettingsConfigDict(env_prefix="SKM_BOT_", frozen=True, extra="ignore")

    profiles: Path | None = None
    # `skm-bot diagnose` reads these too, without pydantic (cli/diagnose_settings.py).
    support_email: str = Field(default=DEFAULT_SUPPORT_EMAIL, pattern=SUPPORT_EMAIL_PATTERN)
    check_timeout: float = Field(
        default=CHECK_TIMEOUT.default, gt=CHECK_TIMEOUT.above, le=CHECK_TIMEOUT.at_most
    )
    check_deadline: float = Field(
        default=CHECK_DEADLINE.default, gt=CHECK_DEADLINE.above, le=CHECK_DEADLINE.at_most
    )
    # Slack: tokens under Slack's own variable names; docs/slack.md explains each.
    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "slack_bot_token")
    )
    slack_app_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN", "slack_app_token")
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "slack_signing_secret")
    )
    slack_api_url: str = Field(default="https://slack.com/api/", pattern=r"^https?://.+/$")
    slack_access_file: Path | None = None
    # The store and the alert webhooks: one SQLite file by default, PostgreSQL by URL.
    database_url: str = Field(default_factory=default_database_url)
    webhook_token: SecretStr | None = None
    webhook_basic_user: str | None = None
    webhook_basic_password: SecretStr | None = None
    grafana_hmac_secret: SecretStr | None = None
    webhook_hmac_secret: SecretStr | None = None
    alert_channel: str | None = None
    webhook_max_body: int = Field(default=1024 * 1024, gt=0, le=16 * 1024 * 1024)
    # Limits at the HTTP edge: docs/security.md ("Limits and refusals") lists each refusal.
    # Slack's own payloads are a few KB; 1 MiB is generous, and bounds what an unsigned post costs.
    slack_max_body: int = Field(default=1024 * 1024, gt=0, le=16 * 1024 * 1024)
    # Seconds a client has to send a whole body (both edges); a slower one gets 408.
    body_timeout: float = Field(default=10.0, gt=0, le=300)
    # Workers for the CPU-bound part of a webhook (redaction, diagnosis), off the event loop,
    # and how many more requests may wait for one before the next is answered 503. Processes
    # keep the event loop's CPU free (a regex over 1 MiB holds a thread's GIL); each is about
    # 50 MB, plus a few times the body while it works. A queued request holds only its body
    # (already bounded by max_concurrency below), so the queue takes a burst of Alertmanager
    # groups flushing together; a typical alert takes milliseconds, so it drains fast.
    workers: int = Field(default=2, ge=1, le=64)
    work_queue: int = Field(default=64, ge=0, le=10_000)
    worker_kind: Literal["process", "thread"] = "process"
    # Requests in progress at once (uvicorn's limit_concurrency); past it, 503. With the body
    # caps above, this bounds the memory that bodies in flight can take.
    max_concurrency: int = Field(default=100, ge=1, le=100_000)
    outbox_pace_seconds: float = Field(default=1.0, ge=0, le=60)
    # A dead worker's claimed rows wait this long before another worker retries them.
    outbox_lease_seconds: float = Field(default=60.0, ge=1, le=3600)
    # The watch in `serve`: every profile looked at once per interval (0 turns it off), its
    # Slack threads written in this language.
    watch_interval_seconds: float = Field(default=3600.0, ge=0, le=7 * 86400)
    watch_language: Language = "en"
    # The weekly digest in `serve`: each channel with news gets last week's on this weekday at
    # this hour (UTC), in this language; "off" turns it off.
    digest_weekday: Weekday | Literal["off"] = "monday"
    digest_hour: int = Field(default=9, ge=0, le=23)
    digest_language: Language = "en"
    # Where `skm-bot diagnose` keeps the catalogue ready between runs (a quicker start); empty
    # turns the cache off.
    cache_dir: Path | None = Field(default_factory=default_cache_dir)

    @field_validator("cache_dir", mode="before")
    @classmethod
    def _empty_cache_dir_is_off(cls, value: object) -> object:
        return None if value == "" else value


def load_settings() -> Settings:
    """The settings from the environment; ConfigError naming the variable that is wrong."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "SKM_BOT_" + ".".join(str(p) for p in first["loc"]).upper()
        raise ConfigError(f"{name}: {first['msg']}") from None
