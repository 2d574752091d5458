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
    title: str | None = None


def file_object(stored: StoredFile, origin: str) -> dict[str, Any]:
    """A file as Slack describes it in events, files.info and completed uploads."""
    url = f"{origin}/files-pri/{stored.id}/{stored.name}"
    return {
        "id": stored.id,
        "name": stored.name,
        "title": stored.title or stored.name,
        "mimetype": stored.mimetype,
        "size": len(stored.content),
        "user": stored.user,
        "url_private": url,
        "url_private_download": url + "?download=1",
    }


@dataclass
class Upload:
    """
    One file uploaded through files.getUploadURLExternal: what the call announced, the bytes
    posted to its upload URL, and where files.completeUploadExternal shared it.
    """

    file_id: str
    filename: str
    length: int
    alt_txt: str | None = None
    content: bytes | None = None
    title: str | None = None
    completed: bool = False
    channel: str | None = None
    thread_ts: str | None = None
    initial_comment: str | None = None
    blocks: list[dict[str, Any]] = field(default_factory=list)
    message_ts: str | None = None


@dataclass
class Person:
    """A workspace member as users.info describes them; `locale` like Slack's, `ja-JP`."""

    id: str
    name: str
    locale: str = "en-US"


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
    # The Home tab: enabled in the app's settings or not (views.publish: not_enabled), each
    # person's published view, and every publish in order (user_id, view).
    home_tab_enabled: bool = True
    home_views: dict[str, dict[str, Any]] = field(default_factory=dict)
    published: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    uploads: dict[str, Upload] = field(default_factory=dict)
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

    def add_person(self, user_id: str, locale: str = "en-US") -> Person:
        """Make a member known to users.info."""
        person = Person(user_id, user_id.lower(), locale)
        self.people[user_id] = person
        return person

    def shared_uploads(self) -> list[Upload]:
        """The uploads completed into a channel, in order."""
        return [u for u in self.uploads.values() if u.completed and u.channel]

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
