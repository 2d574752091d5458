"""Every certificate, CA bundle and secret read outside the command is bounded too."""

from __future__ import annotations

import os
import ssl
from pathlib import Path

import pytest

from skm_bot.certs.bounded_read import UnreadableFile
from skm_bot.certs.trust import certificates_text, trusting
from skm_bot.checks.certificates import CERT_CHECKS
from skm_bot.checks.context import CheckContext
from skm_bot.core.check_ids import CERT_INSPECT, CERT_REGISTERED
from skm_bot.core.check_result import Status
from skm_bot.core.facts import Facts
from skm_bot.errors import ConfigError
from skm_bot.profiles import Profile, parse_profiles
from skm_bot.skm.connect import client_credentials
from tests.deadlines import within


def zero_link(tmp_path: Path, name: str = "client.p12") -> Path:
    path = tmp_path / name
    path.symlink_to("/dev/zero")
    return path


def fifo(tmp_path: Path, name: str = "client.p12") -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


def profile(**fields: object) -> Profile:
    return Profile(name="test", keystore_ids=(7,), **fields)  # type: ignore[arg-type]


class NoSkm:
    """cert.registered must fail on the file before it asks SKM anything."""

    async def list_certificates(self, keystore_id: int) -> list[object]:
        raise AssertionError("SKM was asked")


@pytest.mark.anyio
@pytest.mark.parametrize("make", [zero_link, fifo], ids=["dev_zero", "fifo"])
async def test_inspect_check_fails_on_a_special_certificate_file(tmp_path, now, make):
    path = make(tmp_path)
    ctx = CheckContext(facts=Facts(), now=now, profile=profile(certificate_path=path))

    result = await CERT_CHECKS[CERT_INSPECT](ctx)

    assert result.status is Status.FAIL
    assert f"{path}: it" in result.summary
    assert "not a regular file" in result.summary


@pytest.mark.anyio
async def test_inspect_check_fails_on_a_special_ca_bundle(tmp_path, now, pki):
    path = tmp_path / "client.pem"
    path.write_bytes(pki.leaf().cert_pem())
    settings = profile(certificate_path=path, ca_bundle=zero_link(tmp_path, "ca.pem"))
    ctx = CheckContext(facts=Facts(), now=now, profile=settings)

    result = await CERT_CHECKS[CERT_INSPECT](ctx)

    assert (result.status, "character device" in result.summary) == (Status.FAIL, True)


@pytest.mark.anyio
async def test_registered_check_fails_on_a_special_file(tmp_path, now):
    settings = profile(certificate_path=zero_link(tmp_path))
    ctx = CheckContext(facts=Facts(), now=now, profile=settings, api=NoSkm())  # type: ignore[arg-type]

    result = await CERT_CHECKS[CERT_REGISTERED](ctx)

    assert (result.status, "character device" in result.summary) == (Status.FAIL, True)


@pytest.mark.parametrize("make", [zero_link, fifo], ids=["dev_zero", "fifo"])
def test_client_credentials_are_none_for_a_special_file(tmp_path, make):
    settings = profile(certificate_path=make(tmp_path))

    assert within(5, lambda: client_credentials(settings)) is None


@pytest.mark.parametrize("make", [zero_link, fifo], ids=["dev_zero", "fifo"])
def test_trusting_refuses_a_special_ca_bundle(tmp_path, make):
    """Given the path, OpenSSL would read a FIFO or /dev/zero without end."""
    path = make(tmp_path, "ca.pem")

    with pytest.raises(UnreadableFile, match="not a regular file"):
        within(5, lambda: trusting(path))


def test_trusting_loads_a_bundle_with_utf8_comments(tmp_path, pki):
    """System bundles name issuers in UTF-8 comments; cadata takes ASCII only."""
    path = tmp_path / "ca.pem"
    path.write_bytes("# Issuer: CN=Főtanúsítvány\n".encode() + pki.root.cert_pem())

    context = trusting(path)

    assert len(context.get_ca_certs()) == 1


@pytest.mark.parametrize(
    "data",
    [b"", b"no certificate here", b"-----BEGIN CERTIFICATE-----\nAAAA\n"],
    ids=["empty", "text", "unterminated"],
)
def test_certificates_text_refuses_a_bundle_without_certificates(data):
    with pytest.raises(ssl.SSLError, match=r"CA bundle ca\.pem"):
        certificates_text(data, Path("ca.pem"))


@pytest.mark.parametrize("make", [zero_link, fifo], ids=["dev_zero", "fifo"])
def test_profile_secret_file_must_be_a_regular_file(tmp_path, make):
    path = make(tmp_path, "secret")
    text = f'[profiles.prod]\ncertificate_password_file = "{path}"\n'

    with pytest.raises(ConfigError, match=r"cannot read certificate_password_file .*not a regular"):
        within(5, lambda: parse_profiles(text, environ={})["prod"])


def test_profile_secret_file_over_the_cap_is_refused(tmp_path):
    path = tmp_path / "secret"
    path.write_bytes(b"x" * (64 * 1024 + 1))
    text = f'[profiles.prod]\nsecret_access_key_file = "{path}"\n'

    with pytest.raises(ConfigError, match="larger than 64 KiB"):
        parse_profiles(text, environ={})["prod"]


@pytest.mark.parametrize(
    ("content", "secret"),
    [(b"s3cret\n", "s3cret"), (b"s3cret\r\n", "s3cret"), (b"s3cret", "s3cret")],
    ids=["lf", "crlf", "no_newline"],
)
def test_profile_secret_file_loses_its_final_newline(tmp_path, content, secret):
    path = tmp_path / "secret"
    path.write_bytes(content)
    text = f'[profiles.prod]\nsecret_access_key_file = "{path}"\n'

    loaded = parse_profiles(text, environ={})["prod"].secret_access_key

    assert loaded is not None
    assert loaded.get_secret_value() == secret


def test_profile_secret_file_that_is_not_utf8_is_a_config_error(tmp_path):
    path = tmp_path / "secret"
    path.write_bytes(b"\xff\xfe")
    text = f'[profiles.prod]\nsecret_access_key_file = "{path}"\n'

    with pytest.raises(ConfigError, match="is not UTF-8 text"):
        parse_profiles(text, environ={})["prod"]
