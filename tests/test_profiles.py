"""Profiles: TOML plus secrets from the environment or files; never a secret in the TOML."""

from __future__ import annotations

import pytest

from skm_bot.errors import ConfigError
from skm_bot.profiles import load_profiles, parse_profiles

CANARY = "CANARY-profile-secret-91c"


def test_parse_profiles_reads_secrets_from_the_environment():
    text = (
        '[profiles.prod]\nappkey = "k"\nsecret_access_key_env = "SKM_SECRET"\nkeystore_ids = [3]\n'
    )

    prod = parse_profiles(text, environ={"SKM_SECRET": CANARY})["prod"]

    assert prod.secret_access_key is not None
    assert prod.secret_access_key.get_secret_value() == CANARY
    assert prod.keystore_ids == (3,)
    assert CANARY not in repr(prod)


def test_parse_profiles_reads_secrets_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(CANARY + "\n")
    text = f'[profiles.prod]\ncertificate_password_file = "{secret}"\n'

    prod = parse_profiles(text, environ={})["prod"]

    assert prod.certificate_password is not None
    assert prod.certificate_password.get_secret_value() == CANARY


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        (f'[profiles.p]\nsecret_access_key = "{CANARY}"\n', "must not be written"),
        (f'[profiles.p]\ncertificate_password = "{CANARY}"\n', "must not be written"),
        ('[profiles.p]\nsecret_access_key_env = "MISSING_VAR"\n', "MISSING_VAR"),
        ('[profiles.p]\ncertificate_password_file = "/nonexistent/x"\n', "cannot read"),
        ('[profiles.p]\napi_version = "v9"\n', "profiles.p.api_version"),
        ("[profiles.p]\nfrobnicate = 1\n", "frobnicate"),
        ("[profiles.p\n", "not valid TOML"),
        ('profiles = "x"\n', "must be a table"),
    ],
)
def test_parse_profiles_refuses_bad_input_clearly(text, complaint):
    with pytest.raises(ConfigError, match=complaint) as error:
        parse_profiles(text, environ={})

    assert CANARY not in error.value.message


def test_load_profiles_names_a_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read profiles file"):
        load_profiles(tmp_path / "nope.toml", environ={})
