"""The OAuth scopes and events the app needs, defined once: the manifests are tested against them."""

from __future__ import annotations

# Each bot scope, and the code that needs it (docs/slack.md repeats this table).
BOT_SCOPES: dict[str, str] = {
    "app_mentions:read": "app_mention events: `@skm-bot <paste>` (mentions.py)",
    "channels:history": "message.channels: watched public channels and file uploads (messages.py, files.py)",
    "groups:history": "message.groups: the same in private channels the bot is invited to",
    "im:history": "message.im: pastes and uploads in a DM with the bot",
    "chat:write": "chat.postMessage, chat.update, chat.postEphemeral (replies.py)",
    "commands": "the /skm slash command and the message shortcut",
    "reactions:write": "reactions.add: the 👀 on the message being worked on",
    "files:read": "downloading a shared certificate with the bot token (files.py)",
    "files:write": "files.getUploadURLExternal, files.completeUploadExternal: the weekly digest's chart (digest_post.py)",
    "users:read": "users.info with include_locale: the Home tab in the viewer's Slack language (locale.py)",
}

# app_home_opened needs no scope: views.publish answers it with the Home tab (home.py).
BOT_EVENTS: tuple[str, ...] = (
    "app_home_opened",
    "app_mention",
    "message.channels",
    "message.groups",
    "message.im",
)

# The app-level token (xapp-…) for Socket Mode.
APP_TOKEN_SCOPES: tuple[str, ...] = ("connections:write",)
