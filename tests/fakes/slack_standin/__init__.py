"""
A local Slack stand-in on 127.0.0.1 that speaks Slack's real protocols, for tests, demos and benchmarks.

Public API:
    SlackStandIn(state=None) -> `async with` it; `.base_url` for the bot, `.state` for what it got
    SlackState: channels, messages (`ts`, attachments, metadata), reactions, views, files,
        faults (errors, 429), calls; conversations.history/replies page through the messages;
        Home tabs (views.publish), people and their locales (users.info), file uploads v2
        (files.getUploadURLExternal, the upload URL, files.completeUploadExternal)
    payloads: user_says, user_uploads, command, message_shortcut, block_action, view_submission,
        app_home_opened, home_action
    HttpDelivery(url, signing_secret, session) / SocketDelivery(hub): deliver them, get the Ack
    sign(secret, timestamp, body) / signed_headers(...): Slack's v0 request signature
"""

from __future__ import annotations

from tests.fakes.slack_standin import payloads
from tests.fakes.slack_standin.delivery import Ack, Delivery, HttpDelivery, SocketDelivery
from tests.fakes.slack_standin.server import SlackStandIn
from tests.fakes.slack_standin.signing import sign, signed_headers
from tests.fakes.slack_standin.state import Fault, Posted, SlackState

__all__ = [
    "Ack",
    "Delivery",
    "Fault",
    "HttpDelivery",
    "Posted",
    "SlackStandIn",
    "SlackState",
    "SocketDelivery",
    "payloads",
    "sign",
    "signed_headers",
]
