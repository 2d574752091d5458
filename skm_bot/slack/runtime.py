"""What every listener needs, injected once: settings, the store, access, clock and background work."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, cast

import httpx
from slack_bolt.context.async_context import AsyncBoltContext

from skm_bot.certs.worker import InspectionPool
from skm_bot.core.alert_groups import AlertLookup, OpenAlert, ThreadRenderer
from skm_bot.core.catalogue import Catalogue, load_catalogue
from skm_bot.core.home import LastRun, RecentDiagnosis
from skm_bot.core.watch.threads import Tracked
from skm_bot.settings import Settings
from skm_bot.slack.access import AccessPolicy
from skm_bot.slack.first_replies import FirstReplies
from skm_bot.slack.locale import LocaleBook
from skm_bot.store.memory import InMemoryRepository
from skm_bot.store.protocol import DiagnosisRepository
from skm_bot.usecases.diagnose import CheckLimits
from skm_bot.usecases.watch_schedule import WatchNow

logger = logging.getLogger("skm_bot.slack")

CONTEXT_KEY = "skm_runtime"


def utc_now() -> datetime:
    """The wall clock, in UTC (tests inject their own)."""
    return datetime.now(UTC)


class Background:
    """
    The bot's work after the ack: tracked tasks, so shutdown and tests can wait for them.

    A task's exception is logged and kept in `errors`; it never reaches Slack's ack.
    """

    def __init__(self) -> None:
        self.tasks: set[asyncio.Task[Any]] = set()
        self.errors: list[BaseException] = []

    def spawn(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Start `work` now; keep a reference so it is neither collected nor forgotten."""
        task = asyncio.get_running_loop().create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def track_current(self) -> None:
        """
        Count the running listener itself as work in flight until it returns.

        Listeners claim the event and read the store before they spawn anything; tracked from
        their first line, that stretch is waited for too (by shutdown, and by tests).
        """
        task = asyncio.current_task()
        if task is not None and task not in self.tasks:
            self.tasks.add(task)
            task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            error = task.exception()
            assert error is not None
            self.errors.append(error)
            logger.error("background work failed", exc_info=error)

    async def drain(self, timeout: float = 30.0) -> None:
        """Wait until no work is left (work may start more work)."""
        me = asyncio.current_task()
        async with asyncio.timeout(timeout):
            while pending := [task for task in self.tasks if task is not me]:
                await asyncio.gather(*pending, return_exceptions=True)


class AlertReports(AlertLookup, Protocol):
    """
    The alert store as the Slack app needs it: find a firing group, count one more report.

    `SqlRepository` implements it.
    """

    async def record_report(
        self, group_id: int, *, user: str | None, at: datetime, render: ThreadRenderer
    ) -> OpenAlert | None:
        """Count one more person reporting an open group (its thread says so); the group now."""


class ReplyOutbox(Protocol):
    """
    Where a reply Slack could not take goes, for the outbox worker to deliver exactly once when
    Slack is back. `SqlRepository` implements it (`OutboxStore.enqueue`).
    """

    async def enqueue(
        self, channel: str, payload: dict[str, Any], *, now: datetime, kind: str = "post"
    ) -> int:
        """Queue a `post` (payload: the message and its thread_ts) or an `update` (its ts)."""


class HomeReader(Protocol):
    """The store as the Home tab reads it. `SqlRepository` implements it."""

    async def last_runs(self, profiles: Iterable[str]) -> list[LastRun]:
        """The last watch run of each of `profiles` that ran."""

    async def open_findings_of(self, profiles: Iterable[str]) -> list[Tracked]:
        """The open findings of `profiles`, most urgent first."""

    async def recent_diagnoses(self, user: str, *, limit: int = ...) -> list[RecentDiagnosis]:
        """A person's newest diagnoses, newest first."""


@dataclass
class SlackDeps:
    """The collaborators the Slack app is built with; tests pass fakes, `serve` the real ones."""

    repository: DiagnosisRepository = field(default_factory=InMemoryRepository)
    access: AccessPolicy = field(default_factory=AccessPolicy)
    catalogue: Catalogue = field(default_factory=load_catalogue)
    # Routes live checks to an in-process SKM emulator (tests, demo); None: the network.
    skm_transport: httpx.AsyncBaseTransport | None = None
    clock: Callable[[], datetime] = utc_now
    background: Background = field(default_factory=Background)
    # Open alert groups, for "known issue" replies; None: no alert store, no such replies.
    alerts: AlertReports | None = None
    # Uploaded certificates are inspected here, in worker threads, a few at a time.
    inspections: InspectionPool = field(default_factory=InspectionPool)
    # Replies Slack cannot take now wait here; None: such a reply fails (and is logged).
    outbox: ReplyOutbox | None = None
    # What the Home tab shows; None: no store, so no Home tab is published.
    home: HomeReader | None = None
    # Runs a profile's watch now from the Home tab; None: the watch is off, no such button.
    watch_now: WatchNow | None = None
    # Each person's Slack locale, for the Home tab's language.
    locales: LocaleBook = field(default_factory=LocaleBook)
    # First replies owed: live checks let them pass.
    first_replies: FirstReplies = field(default_factory=FirstReplies)


@dataclass(frozen=True)
class Runtime:
    """Settings and collaborators, as the listeners see them (through bolt's context)."""

    settings: Settings
    deps: SlackDeps

    @property
    def limits(self) -> CheckLimits:
        """How long the checks of one diagnosis may take."""
        return CheckLimits(self.settings.check_timeout, self.settings.check_deadline)


def runtime_of(context: AsyncBoltContext) -> Runtime:
    """The Runtime that `build_app` put in every request's context."""
    return cast(Runtime, context[CONTEXT_KEY])
