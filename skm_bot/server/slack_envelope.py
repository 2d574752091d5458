"""
The shape of a Slack payload, as Slack documents it, checked before bolt dispatches it.

Bolt reads a payload's envelope as it routes it (the team, user and channel it came from, the
event's type, whether it is the bot's own message) and assumes the types Slack sends: a number
where Slack sends an object fails inside bolt, which answers 500. Only Slack, or whoever holds the
signing secret, can send a verified payload, so this is about a clear 400 rather than an attack:
every field bolt or the listeners read must have Slack's type. Fields not listed pass as they are.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

# Fields Slack sends as objects or lists: bolt reads them with `.get(name, {})`, so a null there
# fails as surely as a number does. Absent is fine; null is not.
_NOT_NULL = frozenset(
    {
        "event",
        "message",
        "previous_message",
        "item",
        "assistant_thread",
        "authorizations",
        "actions",
        "container",
        "view",
        "state",
        "files",
        "function_data",
    }
)


class _Shape(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)

    @model_validator(mode="before")
    @classmethod
    def _objects_are_not_null(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for name in _NOT_NULL.intersection(data):
                if data[name] is None:
                    raise ValueError(f"{name} is null where Slack sends an object")
        return data


class Ref(_Shape):
    """A team, user, channel or enterprise given as an object (`{"id": ...}`)."""

    id: str | None = None
    team_id: str | None = None
    enterprise_id: str | None = None
    name: str | None = None


Reference = str | Ref | None


class Authorization(_Shape):
    """One of `authorizations`: who the event was delivered for."""

    enterprise_id: str | None = None
    team_id: str | None = None
    user_id: str | None = None
    is_bot: bool | None = None
    is_enterprise_install: bool | None = None


class Item(_Shape):
    """An event, a message or an item inside a payload: the fields read from each."""

    type: str | None = None
    subtype: str | None = None
    text: str | None = None
    ts: str | None = None
    thread_ts: str | None = None
    event_ts: str | None = None
    bot_id: str | None = None
    user: Reference = None
    user_id: str | None = None
    user_team: str | None = None
    team: Reference = None
    team_id: str | None = None
    channel: Reference = None
    channel_id: str | None = None
    channel_type: str | None = None
    enterprise: Reference = None
    enterprise_id: str | None = None
    files: list[dict[str, Any]] | None = None
    message: Item | None = None
    previous_message: Item | None = None
    item: Item | None = None
    assistant_thread: Item | None = None


class Action(_Shape):
    """One of `actions` in a block_actions payload."""

    action_id: str | None = None
    block_id: str | None = None
    value: str | None = None
    type: str | None = None


class View(_Shape):
    """A modal's view, as view_submission sends it."""

    id: str | None = None
    callback_id: str | None = None
    private_metadata: str | None = None
    team_id: str | None = None
    app_installed_team_id: str | None = None
    state: dict[str, dict[str, dict[str, Any]]] | None = None


class Envelope(Item):
    """A whole payload: an Events API envelope, a command, or an interactive payload."""

    event: Item | None = None
    authorizations: list[Authorization] | None = None
    is_enterprise_install: bool | str | None = None
    is_ext_shared_channel: bool | None = None
    context_team_id: str | None = None
    context_enterprise_id: str | None = None
    event_id: str | None = None
    api_app_id: str | None = None
    callback_id: str | None = None
    command: str | None = None
    trigger_id: str | None = None
    response_url: str | None = None
    challenge: str | None = None
    token: str | None = None
    message_ts: str | None = None
    actions: list[Action] | None = None
    container: dict[str, Any] | None = None
    view: View | None = None
    function_data: dict[str, Any] | None = None
    function_execution_id: str | None = None
    bot_access_token: str | None = None


def envelope_problem(payload: object) -> str | None:
    """None when `payload` has Slack's shape; else the first field that does not, in words."""
    if not isinstance(payload, dict):
        return "the payload is not a JSON object"
    try:
        Envelope.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(payload)"
        return f"{where[:100]}: {first['msg']}"
    return None
