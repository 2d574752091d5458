"""A profile: one SKM project the bot may check live, and where its facts may be shown. Data only."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

ApiVersion = Literal["v1.0", "v1.1", "v1.2", "v1.3"]

PUBLIC_ENDPOINT = "https://api-keymanager.nhncloudservice.com"


class Profile(BaseModel):
    """
    Where and how to reach one SKM project.

    Secrets (the secret access key, the certificate password) are never written in the TOML
    file: the loader fills them from the environment or from secret files.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    endpoint: str = PUBLIC_ENDPOINT
    api_version: ApiVersion = "v1.2"
    appkey: str | None = None
    access_key_id: str | None = None
    secret_access_key: SecretStr | None = None
    token_endpoint: str | None = None
    keystore_ids: tuple[int, ...] = ()
    client_mac: str | None = None
    certificate_path: Path | None = None
    certificate_password: SecretStr | None = None
    ca_bundle: Path | None = None
    channels: tuple[str, ...] = Field(default=())
