"""Who may run live checks for which profile, and where: the Slack access policy (docs/slack.md)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from skm_bot.core.profile import Profile
from skm_bot.errors import ConfigError
from skm_bot.profiles import Unusable


class _GrantFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    channels: tuple[str, ...] = ()
    users: tuple[str, ...] = ()


class _AccessFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    watch_channels: tuple[str, ...] = ()
    profiles: dict[str, _GrantFile] = {}


@dataclass(frozen=True)
class Grant:
    """
    One profile's reach: the channels it serves and the users who may use it.

    A profile whose secret cannot be read keeps its reach with the `problem` noted: its
    channels get offline diagnoses that say so, never another profile's live checks.
    """

    profile: Profile
    channels: frozenset[str]
    users: frozenset[str]
    problem: str | None = None

    def allows(self, *, channel: str, user: str) -> bool:
        """
        In a channel: the channel is served (and, when users are listed, the user is one).

        In a DM (a `D…` id) only a listed user may: a DM has no channel to serve.
        """
        if channel.startswith("D"):
            return user in self.users
        return channel in self.channels and (not self.users or user in self.users)


@dataclass(frozen=True)
class AccessPolicy:
    """Profiles the bot may use live, where, for whom; and the channels it watches unasked."""

    grants: tuple[Grant, ...] = ()
    watch_channels: frozenset[str] = field(default_factory=frozenset)

    def profile_for(self, *, channel: str, user: str, appkey: str | None = None) -> Profile | None:
        """
        The profile for live checks here, or None (the diagnosis is then offline).

        Among allowed profiles, one whose appkey is the paste's wins; else the first listed.
        A profile is never chosen for a channel it does not serve, so its facts stay there.
        """
        allowed = [
            g.profile
            for g in self.grants
            if g.problem is None and g.allows(channel=channel, user=user)
        ]
        for profile in allowed:
            if appkey is not None and profile.appkey == appkey:
                return profile
        return allowed[0] if allowed else None

    def unusable_here(self, *, channel: str, user: str) -> tuple[str, ...]:
        """The profiles that would serve here but cannot be used now (a secret is missing)."""
        return tuple(
            g.profile.name
            for g in self.grants
            if g.problem is not None and g.allows(channel=channel, user=user)
        )

    def serving(self, *, channel: str, user: str) -> tuple[str, ...]:
        """
        The names of the profiles whose facts may show here, live checks or not.

        In a channel: every profile serving it (whoever asks). In a DM: those listing the person.
        """
        if channel.startswith("D"):
            return tuple(g.profile.name for g in self.listing(user))
        return tuple(g.profile.name for g in self.grants if channel in g.channels)

    def listing(self, user: str) -> tuple[Grant, ...]:
        """
        The grants that name `user` among their users: what the person may see where no
        channel says more, as in a DM (`serving`) and on the Home tab. A profile open to anyone
        in its channels (no users listed) names nobody, so it shows in its channels only.
        """
        return tuple(g for g in self.grants if user in g.users)

    def watches(self, channel: str) -> bool:
        """True when SKM errors posted in `channel` get a reply without a mention."""
        return channel in self.watch_channels


def parse_access(
    text: str,
    *,
    profiles: Mapping[str, Profile],
    unusable: Mapping[str, Unusable] | None = None,
    source: str = "access",
) -> AccessPolicy:
    """
    The policy from access TOML text over the usable profiles and the `unusable` ones.

    A profile's own `channels` (profiles file) count too; the access file adds channels, the
    users allowed, and `watch_channels`. An unusable profile keeps its channels, offline.
    """
    unusable = unusable or {}
    try:
        data = _AccessFile.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{source}: {where}: {first['msg']}") from None
    unknown = sorted(set(data.profiles) - set(profiles) - set(unusable))
    if unknown:
        raise ConfigError(f"{source}: unknown profile(s): {', '.join(unknown)}")
    everyone: list[tuple[Profile, str | None]] = [(p, None) for p in profiles.values()]
    everyone += [(u.profile, u.reason) for u in unusable.values()]
    grants = []
    for profile, problem in everyone:
        granted = data.profiles.get(profile.name, _GrantFile())
        channels = frozenset(profile.channels) | frozenset(granted.channels)
        grants.append(Grant(profile, channels, frozenset(granted.users), problem))
    return AccessPolicy(tuple(grants), frozenset(data.watch_channels))


def load_access(
    path: Path | None,
    *,
    profiles: Mapping[str, Profile],
    unusable: Mapping[str, Unusable] | None = None,
) -> AccessPolicy:
    """The policy from the access file at `path` (None: profiles' own channels, no watching)."""
    if path is None:
        return parse_access("", profiles=profiles, unusable=unusable)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read access file {path}: {exc.strerror}") from None
    return parse_access(text, profiles=profiles, unusable=unusable, source=str(path))
