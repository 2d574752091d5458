"""The reply flow: 👀, a "running checks…" message updated in place as checks finish, the result."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypeVar

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.checks.runner import OnResult
from skm_bot.core.check_result import CheckResult
from skm_bot.core.diagnosis import Diagnosis, diagnose
from skm_bot.core.language import Language, detect_language
from skm_bot.core.profile import Profile
from skm_bot.core.redaction import Redacted
from skm_bot.render.json_contract import diagnosis_json
from skm_bot.render.slack.diagnosis import render_redaction_warning, render_running
from skm_bot.render.slack.known_issue import render_known_issue
from skm_bot.skm.connect import LiveTarget, open_live_target
from skm_bot.slack.failures import describe, slack_unavailable
from skm_bot.slack.first_replies import Ticket
from skm_bot.slack.known_issues import known_issue
from skm_bot.slack.runtime import ReplyOutbox, Runtime, utc_now
from skm_bot.usecases.diagnose import check_diagnosis, plan_for

logger = logging.getLogger("skm_bot.slack")
T = TypeVar("T")

EYES = "eyes"
# Errors that mean "the bot cannot post here": the reply then goes privately via response_url.
_CANNOT_POST = frozenset({"channel_not_found", "not_in_channel", "is_archived"})


@dataclass(frozen=True)
class Request:
    """A paste to diagnose (already redacted), where it came from, and where the reply goes."""

    paste: Redacted
    channel: str
    user: str
    thread_ts: str | None = None
    react_ts: str | None = None
    update_ts: str | None = None
    watch_only: bool = False
    respond: AsyncRespond | None = None
    # A candidate picked ("Is it one of these?"): the failure, who picked it, and the id of
    # the diagnosis whose reply turns into the picked failure's (updated in place).
    chosen: str | None = None
    chosen_by: str | None = None
    diagnosis_id: str | None = None
    # Owed until the running message (or the result, with no checks) is posted.
    first_reply: Ticket | None = None


class Reply:
    """
    One bot message, posted once and then edited in place, or sent privately.

    A private reply (`private=True`, or the fallback where the bot cannot post) shows only its
    final message: through the command's response_url, else as an ephemeral message.

    When Slack cannot take a call (no answer, 5xx, 429), the progress updates stop and the final
    message goes to `outbox`, which posts it (or edits the running message) once Slack is back.
    """

    def __init__(
        self,
        client: AsyncWebClient,
        request: Request,
        *,
        private: bool = False,
        outbox: ReplyOutbox | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.client = client
        self.request = request
        self.ts = request.update_ts
        self.private = private
        self.outbox = outbox
        self.clock = clock
        self.slack_away = False

    @classmethod
    def of(cls, rt: Runtime, client: AsyncWebClient, request: Request, **kwargs: Any) -> Reply:
        """A reply with the runtime's outbox and clock."""
        return cls(client, request, outbox=rt.deps.outbox, clock=rt.deps.clock, **kwargs)

    async def show(self, message: dict[str, Any], *, final: bool) -> None:
        """
        Post or update. A failed progress update is logged; a final one that Slack cannot take
        now is queued in the outbox; any other failure of a final one raises.
        """
        if self.private:
            if final:
                await send_private(self.client, self.request, message)
            return
        if self.slack_away and not final:
            return  # Slack failed a moment ago: no progress updates, only the final message
        try:
            await self._send(message)
        except Exception as exc:
            if slack_unavailable(exc):
                await self._later(message, exc, final=final)
            elif isinstance(exc, SlackApiError):
                await self._refused(message, exc, final=final)
            else:
                raise

    async def _refused(self, message: dict[str, Any], exc: SlackApiError, *, final: bool) -> None:
        error = exc.response.get("error")
        if self.ts is None and error in _CANNOT_POST and self.request.respond is not None:
            self.private = True
            await self.show(message, final=final)
        elif final:
            raise exc
        else:
            logger.warning("progress update failed: %s", error)

    async def _later(self, message: dict[str, Any], exc: Exception, *, final: bool) -> None:
        """Slack cannot take the call now: skip progress; queue the final message."""
        self.slack_away = True
        if not final:
            logger.warning("progress update skipped, Slack unavailable: %s", describe(exc))
            return
        if self.outbox is None:
            raise exc
        channel = self.request.channel
        if self.ts is not None:
            payload, kind = {**message, "ts": self.ts}, "update"
        else:
            payload, kind = {**message, "thread_ts": self.request.thread_ts}, "post"
        queued = await self.outbox.enqueue(channel, payload, now=self.clock(), kind=kind)
        logger.warning(
            "reply queued in the outbox (id %s), Slack unavailable: %s", queued, describe(exc)
        )

    async def _send(self, message: dict[str, Any]) -> None:
        channel = self.request.channel
        if self.ts is not None:
            await self.client.chat_update(channel=channel, ts=self.ts, **message)
            return
        response = await self.client.chat_postMessage(
            channel=channel, thread_ts=self.request.thread_ts, **message
        )
        self.ts = str(response["ts"])


async def reply_to_paste(rt: Runtime, client: AsyncWebClient, request: Request) -> Diagnosis | None:
    """
    Diagnose a paste once and answer it in place; None when a watched channel's message is not
    SKM's.

    Order: the offline diagnosis decides whether to answer at all, then the private redaction
    note, 👀 (not waited for), the running message, the checks (each one updating it, once no
    other message's first reply is owed), the save, the known-issue lookup (an open alert
    group about the same failure), the result.
    """
    diagnosis = diagnose(
        request.paste,
        now=rt.deps.clock(),
        catalogue=rt.deps.catalogue,
        language=None,
        chosen=request.chosen,
    )
    if request.diagnosis_id is not None:
        diagnosis = replace(diagnosis, diagnosis_id=request.diagnosis_id)
    if request.watch_only and not worth_answering_unasked(diagnosis):
        return None
    if diagnosis.redactions:
        await warn_redacted(client, request, diagnosis.kinds, diagnosis.language)
    if request.react_ts is not None:
        # Beside the running message, not before it: a round trip less before the first reply.
        rt.deps.background.spawn(react(client, request.channel, request.react_ts))
    live = choose_live(rt, request, appkey=diagnosis.facts.appkey)
    name = live.name
    diagnosis = plan_for(diagnosis, live.profile)
    reply = Reply.of(rt, client, request)

    async def check(target: LiveTarget | None, on_result: OnResult | None) -> Diagnosis:
        return await check_diagnosis(
            diagnosis, target=target, limits=rt.limits, on_result=on_result
        )

    diagnosis = await with_live_progress(rt, reply, diagnosis, live, check)
    await rt.deps.repository.save_diagnosis(
        diagnosis,
        document=diagnosis_json(diagnosis, support_email=rt.settings.support_email),
        profile=name,
        channel=request.channel,
        thread_ts=request.thread_ts,
        user=request.user,
        chosen_by=request.chosen_by,
    )
    # A re-run (update_ts) is the same reply again: its person was counted the first time.
    alert = await known_issue(
        rt,
        diagnosis,
        channel=request.channel,
        user=request.user,
        profile=name,
        count=request.update_ts is None,
    )
    final = render_known_issue(
        diagnosis,
        profile=name,
        alert=alert,
        chosen_by=request.chosen_by,
        unusable=live.unusable,
    )
    await reply.show(final, final=True)
    return diagnosis


def worth_answering_unasked(diagnosis: Diagnosis) -> bool:
    """
    A watched channel's message is answered only when it shows an SKM failure: one claimed,
    or candidates in a message that names SKM. Other systems and chat are left alone.
    """
    return bool(diagnosis.reported) or (diagnosis.stance == "ask" and diagnosis.about_skm)


@dataclass(frozen=True)
class Live:
    """The profile the checks run with here (None: offline), and those set up here but unusable."""

    profile: Profile | None
    unusable: tuple[str, ...] = ()

    @property
    def name(self) -> str | None:
        """The profile's name, None when offline."""
        return self.profile.name if self.profile else None


def choose_live(rt: Runtime, request: Request, *, appkey: str | None) -> Live:
    """The access policy's choice for this channel and person (and the paste's appkey)."""
    access = rt.deps.access
    profile = access.profile_for(channel=request.channel, user=request.user, appkey=appkey)
    if profile is not None:
        return Live(profile)
    return Live(None, access.unusable_here(channel=request.channel, user=request.user))


async def with_live_progress(
    rt: Runtime,
    reply: Reply,
    diagnosis: Diagnosis,
    live: Live,
    work: Callable[[LiveTarget | None, OnResult | None], Awaitable[T]],
) -> T:
    """
    Run `work` (the checks of `diagnosis`) live when a profile is allowed, showing the running
    message first and updating it as each check ends. Nothing planned: no running message.

    The checks start once no other message's first reply is owed (see `first_replies.py`).
    """
    if not diagnosis.planned_checks:
        return await work(None, None)
    done: list[CheckResult] = []

    def running() -> dict[str, Any]:
        return render_running(diagnosis, done, profile=live.name, unusable=live.unusable)

    await reply.show(running(), final=False)
    if reply.request.first_reply is not None:
        reply.request.first_reply.done()
    await rt.deps.first_replies.wait_turn()

    async def on_result(result: CheckResult) -> None:
        done.append(result)
        await reply.show(running(), final=False)

    async with open_live_target(live.profile, transport=rt.deps.skm_transport) as target:
        return await work(target, on_result)


async def warn_redacted(
    client: AsyncWebClient,
    request: Request,
    kinds: Sequence[str],
    language: Language | None = None,
) -> None:
    """Tell the poster, privately, that the paste held secrets: delete it and rotate them."""
    warning = render_redaction_warning(kinds, language or detect_language(request.paste.text))
    try:
        await client.chat_postEphemeral(
            channel=request.channel, user=request.user, thread_ts=request.thread_ts, **warning
        )
    except Exception as exc:
        if not (isinstance(exc, SlackApiError) or slack_unavailable(exc)):
            raise
        logger.warning("redaction warning not delivered: %s", describe(exc))


async def send_private(client: AsyncWebClient, request: Request, message: dict[str, Any]) -> None:
    """A message only the person who asked sees: via the command's response_url, else ephemeral."""
    if request.respond is not None:
        await request.respond(**message, response_type="ephemeral")
        return
    await client.chat_postEphemeral(
        channel=request.channel, user=request.user, thread_ts=request.thread_ts, **message
    )


async def react(client: AsyncWebClient, channel: str, ts: str) -> None:
    """👀 on the message being worked on; a failure here must not stop the reply."""
    try:
        await client.reactions_add(channel=channel, timestamp=ts, name=EYES)
    except Exception as exc:
        if not (isinstance(exc, SlackApiError) or slack_unavailable(exc)):
            raise
        logger.info("reaction not added: %s", describe(exc))
