"""Profiles: TOML plus secrets from the environment or files; never a secret in the TOML."""

from __future__ import annotations

import pytest

from skm_bot.errors import ConfigError
from skm_bot.profiles import UnusableProfile, load_profiles, parse_profiles

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
        ("[profiles.p]\nsecret_access_key_env = 3\n", "must name an environment variable"),
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


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ('[profiles.p]\nsecret_access_key_env = "MISSING_VAR"\n', "'MISSING_VAR' is not set"),
        ('[profiles.p]\ncertificate_password_file = "/nonexistent/x"\n', "cannot read"),
    ],
)
def test_a_secret_that_cannot_be_read_fails_when_its_profile_is_asked_for(text, complaint):
    book = parse_profiles(text, environ={})

    with pytest.raises(UnusableProfile, match=complaint) as error:
        book["p"]

    assert error.value.message.startswith("profile 'p': ")


TWO_PROFILES = """
[profiles.prod]
appkey = "prod-appkey"
secret_access_key_env = "PROD_SECRET"

[profiles.emu]
appkey = "emu-appkey"
secret_access_key_env = "EMU_SECRET"
channels = ["C0EMU"]
"""


def test_a_missing_secret_leaves_the_other_profiles_usable():
    book = parse_profiles(TWO_PROFILES, environ={"PROD_SECRET": CANARY})

    prod = book["prod"]

    assert prod.secret_access_key is not None
    assert prod.secret_access_key.get_secret_value() == CANARY


def test_asking_for_a_profile_whose_secret_is_missing_names_it_and_the_variable():
    book = parse_profiles(TWO_PROFILES, environ={"PROD_SECRET": CANARY})

    with pytest.raises(UnusableProfile) as error:
        book.choose("emu")

    assert error.value.message == "profile 'emu': environment variable 'EMU_SECRET' is not set"


def test_choosing_an_unknown_profile_lists_the_known_ones():
    book = parse_profiles(TWO_PROFILES, environ={}, source="p.toml")

    with pytest.raises(ConfigError, match=r"no profile 'dev' in p.toml \(known: emu, prod\)"):
        book.choose("dev")


def test_resolve_splits_usable_profiles_from_unusable_ones_with_why():
    book = parse_profiles(TWO_PROFILES, environ={"PROD_SECRET": CANARY})

    usable, unusable = book.resolve()

    assert list(usable) == ["prod"]
    assert unusable["emu"].reason == "environment variable 'EMU_SECRET' is not set"
    assert unusable["emu"].profile.channels == ("C0EMU",)


def test_a_profile_is_known_without_reading_its_secret():
    book = parse_profiles(TWO_PROFILES, environ={})

    assert "emu" in book
    assert list(book) == ["prod", "emu"]
    assert book.as_written()["emu"].secret_access_key is None


def test_a_secret_file_is_read_only_when_its_profile_is_used(tmp_path):
    secret = tmp_path / "secret"
    text = f'[profiles.p]\nsecret_access_key_file = "{secret}"\n'
    book = parse_profiles(text, environ={})
    secret.write_text(CANARY)

    key = book["p"].secret_access_key

    assert key is not None
    assert key.get_secret_value() == CANARY
