"""What the Slack stand-in remembers: channels, messages and their `ts`, files, faults, every call."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Channel:
    """A channel or DM the stand-in knows; an unknown id gets `channel_not_found`."""

    id: str
    name: str
    is_im: bool = False


@dataclass
class Posted:
    """
    One message in a channel, with every edit made to it by chat.update.

    `metadata` is Slack's message metadata (`event_type`, `event_payload`): kept with the
    message and shown by conversations.history/replies only with `include_all_metadata`.
    """

    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    user: str
    thread_ts: str | None = None
    bot_id: str | None = None
    files: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)
    metadata: dict[str, Any] | None = None
    edits: list[dict[str, Any]] = field(default_factory=list)
    posted_at: float = 0.0
    updated_at: float = 0.0


@dataclass
class Call:
    """One Web API call as received: method, parsed arguments, answer, and when (monotonic)."""

    method: str
    args: dict[str, Any]
    status: int
    error: str | None
    at: float


@dataclass
class Fault:
    """Answer the next `times` calls of `method` with `error` (and 429 + Retry-After if asked)."""

    method: str
    error: str
    times: int = 1
    status: int = 200
    retry_after: int | None = None


@dataclass
class StoredFile:
    """An uploaded file: what files.info and `url_private_download` serve."""

    id: str
    name: str
    content: bytes
    user: str
    mimetype: str = "application/octet-stream"


@dataclass
class SlackState:
    """The whole workspace as the stand-in sees it."""

    team_id: str = "T0STANDIN"
    bot_user_id: str = "U0SKMBOT"
    bot_id: str = "B0SKMBOT"
    bot_token: str = "xoxb-standin-bot-token"
    app_token: str = "xapp-standin-app-token"
    scopes: tuple[str, ...] = ()
    channels: dict[str, Channel] = field(default_factory=dict)
    messages: dict[tuple[str, str], Posted] = field(default_factory=dict)
    ephemerals: list[dict[str, Any]] = field(default_factory=list)
    reactions: list[tuple[str, str, str]] = field(default_factory=list)
    views: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, StoredFile] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    triggers: dict[str, float] = field(default_factory=dict)
    trigger_lifetime: float = 3.0
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _last_ts: int = 0

    def next_id(self, prefix: str) -> str:
        """A fresh id like Slack's: a prefix letter and upper-case digits."""
        return f"{prefix}{next(self._counter):08d}"

    def next_ts(self) -> str:
        """
        A unique, increasing message timestamp ("seconds.micro") from the wall clock, as Slack's.

        Real time matters: conversations.history's `oldest`/`latest` are compared with it.
        """
        micros = max(time.time_ns() // 1000, self._last_ts + 1)
        self._last_ts = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def add_channel(self, channel_id: str, name: str | None = None) -> Channel:
        """Make a channel (or a DM, for an id starting with D) known."""
        channel = Channel(channel_id, name or channel_id.lower(), channel_id.startswith("D"))
        self.channels[channel_id] = channel
        return channel

    def post(self, channel: str, user: str, text: str, **extra: Any) -> Posted:
        """Store a new message and return it."""
        now = time.monotonic()
        posted = Posted(channel, self.next_ts(), text, [], user, posted_at=now, updated_at=now)
        for key, value in extra.items():
            setattr(posted, key, value)
        self.messages[(channel, posted.ts)] = posted
        return posted

    def thread(self, channel: str, thread_ts: str) -> list[Posted]:
        """The replies in a thread, oldest first (the parent not included)."""
        return [
            m
            for (c, _), m in sorted(self.messages.items())
            if c == channel and m.thread_ts == thread_ts and m.ts != thread_ts
        ]

    def bot_posts(self) -> list[Posted]:
        """Every message the bot posted, oldest first."""
        return [m for m in self.messages.values() if m.bot_id == self.bot_id]

    def take_fault(self, method: str) -> Fault | None:
        """The next fault planned for `method`, used up once."""
        for fault in self.faults:
            if fault.method == method and fault.times > 0:
                fault.times -= 1
                return fault
        return None

    def issue_trigger(self) -> str:
        """A trigger_id for an interactive payload; views.open takes it for 3 seconds."""
        trigger = f"{next(self._counter)}.{self.team_id}.standin"
        self.triggers[trigger] = time.monotonic()
        return trigger

    def trigger_valid(self, trigger: str) -> bool:
        """True while `trigger` is known and younger than its lifetime."""
        issued = self.triggers.get(trigger)
        return issued is not None and time.monotonic() - issued <= self.trigger_lifetime

    def sent_messages(self) -> list[dict[str, Any]]:
        """Every message body the bot sent (post, update, ephemeral, response_url), in order."""
        kinds = {"chat.postMessage", "chat.update", "chat.postEphemeral", "response_url"}
        return [c.args for c in self.calls if c.method in kinds]
