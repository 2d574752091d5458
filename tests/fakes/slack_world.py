"""The Slack workspace the tests play in: its channels, people and a stand-in state holding them."""

from __future__ import annotations

from skm_bot.slack.scopes import BOT_SCOPES
from tests.fakes.slack_standin import SlackState

OPS = "C0OPS"  # served by the demo profile: live checks for anyone
WATCHED = "C0WATCH"  # watched for SKM errors without a mention; offline (no profile)
OTHER = "C0OTHER"  # neither
ALICE, BOB = "U0ALICE", "U0BOB"
DM_ALICE, DM_BOB = "D0ALICE", "D0BOB"  # alice may run live checks in DMs; bob may not


def new_state() -> SlackState:
    """A stand-in workspace with the test channels and the bot's scopes."""
    state = SlackState(scopes=tuple(sorted(BOT_SCOPES)))
    for channel in (OPS, WATCHED, OTHER, DM_ALICE, DM_BOB):
        state.add_channel(channel)
    return state
