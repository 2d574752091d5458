"""The access policy: which profile serves which channel and user; the rest is offline."""

from __future__ import annotations

import pytest

from skm_bot.core.profile import Profile
from skm_bot.errors import ConfigError
from skm_bot.profiles import Unusable
from skm_bot.slack.access import load_access, parse_access

DEMO = Profile(name="demo", appkey="AAAA", channels=("C0PROFILE",))
PROD = Profile(name="prod", appkey="BBBB")
PROFILES = {"demo": DEMO, "prod": PROD}
ACCESS = """
watch_channels = ["C0WATCH"]

[profiles.demo]
channels = ["C0OPS", "C0SHARED"]
users = []

[profiles.prod]
channels = ["C0PROD", "C0SHARED"]
users = ["U0ALICE"]
"""


@pytest.fixture(name="policy")
def _policy():
    """The demo and prod grants above."""
    return parse_access(ACCESS, profiles=PROFILES)


def test_channel_served_by_profile_gets_it(policy):
    assert policy.profile_for(channel="C0OPS", user="U0ANY") == DEMO


def test_profiles_own_channels_count(policy):
    assert policy.profile_for(channel="C0PROFILE", user="U0ANY") == DEMO


def test_unserved_channel_is_offline(policy):
    assert policy.profile_for(channel="C0RANDOM", user="U0ALICE") is None


def test_listed_users_restrict_a_channel(policy):
    assert policy.profile_for(channel="C0PROD", user="U0BOB") is None
    assert policy.profile_for(channel="C0PROD", user="U0ALICE") == PROD


def test_dm_needs_a_listed_user(policy):
    assert policy.profile_for(channel="D0123", user="U0ALICE") == PROD
    assert policy.profile_for(channel="D0123", user="U0BOB") is None


def test_serving_names_every_profile_of_a_channel_whoever_asks(policy):
    """Bob may not run prod's checks in C0PROD, but prod's facts (its alerts) belong there."""
    assert policy.serving(channel="C0SHARED", user="U0BOB") == ("demo", "prod")
    assert policy.serving(channel="C0PROD", user="U0BOB") == ("prod",)
    assert policy.serving(channel="C0RANDOM", user="U0ALICE") == ()


def test_serving_in_a_dm_names_the_profiles_listing_the_person(policy):
    assert policy.serving(channel="D0123", user="U0ALICE") == ("prod",)
    assert policy.serving(channel="D0123", user="U0BOB") == ()


def test_paste_appkey_picks_among_allowed_profiles(policy):
    assert policy.profile_for(channel="C0SHARED", user="U0ALICE", appkey="BBBB") == PROD
    assert policy.profile_for(channel="C0SHARED", user="U0ALICE") == DEMO


def test_appkey_never_picks_a_profile_that_does_not_serve_the_channel(policy):
    assert policy.profile_for(channel="C0OPS", user="U0ALICE", appkey="BBBB") == DEMO


def test_watch_channels(policy):
    assert policy.watches("C0WATCH")
    assert not policy.watches("C0OPS")


def test_unknown_profile_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown profile"):
        parse_access("[profiles.nope]\nchannels=[]", profiles=PROFILES)


def test_unknown_key_is_a_config_error():
    with pytest.raises(ConfigError, match="chanels"):
        parse_access("[profiles.demo]\nchanels=[]", profiles=PROFILES)


def test_no_access_file_uses_profile_channels_only():
    policy = load_access(None, profiles=PROFILES)

    assert policy.profile_for(channel="C0PROFILE", user="U1") == DEMO
    assert policy.profile_for(channel="D0123", user="U1") is None
    assert not policy.watch_channels


EMU = Profile(name="emu", appkey="CCCC", channels=("C0EMU",))
UNUSABLE = {"emu": Unusable(EMU, "environment variable 'EMU_SECRET' is not set")}
WITH_EMU = (
    ACCESS
    + """
[profiles.emu]
channels = ["C0SHARED"]
"""
)


@pytest.fixture(name="with_emu")
def _with_emu():
    """The grants above, plus emu, whose secret cannot be read."""
    return parse_access(WITH_EMU, profiles=PROFILES, unusable=UNUSABLE)


def test_unusable_profile_leaves_its_channel_offline(with_emu):
    assert with_emu.profile_for(channel="C0EMU", user="U0ANY", appkey="CCCC") is None


def test_unusable_profile_is_named_where_it_would_serve(with_emu):
    assert with_emu.unusable_here(channel="C0EMU", user="U0ANY") == ("emu",)
    assert with_emu.unusable_here(channel="C0RANDOM", user="U0ANY") == ()


def test_unusable_profile_never_hides_a_usable_one_in_a_shared_channel(with_emu):
    assert with_emu.profile_for(channel="C0SHARED", user="U0ANY", appkey="CCCC") == DEMO


def test_unusable_profile_still_owns_its_channels_facts(with_emu):
    assert with_emu.serving(channel="C0EMU", user="U0ANY") == ("emu",)


def test_access_file_may_name_an_unusable_profile():
    policy = parse_access(WITH_EMU, profiles=PROFILES, unusable=UNUSABLE)

    assert [g.profile.name for g in policy.grants] == ["demo", "prod", "emu"]
