"""`serve` with a profile whose secret cannot be read: the others work, the one is logged once."""

from __future__ import annotations

from structlog.testing import capture_logs

from skm_bot.profiles import parse_profiles
from skm_bot.server.serve import usable_profiles

CANARY = "CANARY-prod-secret-51f"
PROFILES = """
[profiles.prod]
secret_access_key_env = "PROD_SECRET"

[profiles.emu]
secret_access_key_env = "EMU_SECRET"
"""


def test_serve_keeps_the_usable_profiles():
    usable, unusable = usable_profiles(parse_profiles(PROFILES, environ={"PROD_SECRET": CANARY}))

    assert (list(usable), list(unusable)) == (["prod"], ["emu"])


def test_serve_logs_an_unusable_profile_once_with_why_and_no_secret():
    book = parse_profiles(PROFILES, environ={"PROD_SECRET": CANARY})

    with capture_logs() as logs:
        usable_profiles(book)

    [entry] = [e for e in logs if e["event"] == "profile_unusable"]
    assert entry["profile"] == "emu"
    assert entry["reason"] == "environment variable 'EMU_SECRET' is not set"
    assert CANARY not in repr(logs)
