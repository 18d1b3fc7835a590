"""Settings, read once from the environment (and `.env`) by pydantic-settings."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "secret", "dev-only-not-secret"}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["local", "test", "production"] = "local"
    database_url: str = "sqlite:///./data/tradeclaims.db"
    # Signs pagination cursors so a tampered cursor is refused rather than trusted.
    secret_key: str = "dev-only-not-secret"
    # auto: writes need a key as soon as one active key exists; on: always; off: never.
    auth_mode: Literal["auto", "on", "off"] = "auto"
    read_requires_key: bool = False
    max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    max_batch_items: int = Field(default=500, ge=1, le=10_000)
    max_official_rows: int = Field(default=10_000, ge=1, le=100_000)  # per POST /v1/official
    write_rate_per_minute: int = Field(default=600, ge=0)  # 0 turns the limit off
    # a comma-separated list in the environment, not JSON
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    log_level: str = "INFO"
    page_size_default: int = Field(default=100, ge=1, le=10_000)
    page_size_max: int = Field(default=1000, ge=1, le=10_000)
    idempotency_ttl_hours: int = Field(default=24, ge=1)
    # Extraction reads at most this many characters of an article (cut at the last sentence or
    # paragraph boundary before it); the whole text is stored. ~1 s of CPU at 10 us a character.
    extract_max_chars: int = Field(default=100_000, ge=1000)
    # Worker processes that run extraction, per server process; 0 runs it in the request's own
    # thread (as tests do to watch the engine), which holds the GIL the server needs.
    extract_workers: int = Field(default=1, ge=0, le=64)
    # Queue workers (PostgreSQL only) send a heartbeat this often; a worker silent for
    # QUEUE_STALLED_AFTER_SECONDS is taken for dead and its jobs are queued again.
    queue_heartbeat_seconds: float = Field(default=10.0, gt=0)
    queue_stalled_after_seconds: float = Field(default=30.0, gt=0)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip().startswith("["):
            return [o.strip() for o in value.split(",") if o.strip()]
        return value

    @model_validator(mode="after")
    def _no_placeholder_secret_in_production(self) -> Settings:
        if self.environment == "production" and self.secret_key in _PLACEHOLDER_SECRETS:
            raise ValueError("SECRET_KEY must be set to a real secret in production")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
