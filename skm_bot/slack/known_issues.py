"""Known issues: a pasted failure that a firing alert group already covers."""

from __future__ import annotations

from skm_bot.core.alert_groups import OpenAlert, find_open_alert_for
from skm_bot.core.diagnosis import Diagnosis
from skm_bot.render.slack.alert_thread import render_thread_message
from skm_bot.slack.runtime import AlertReports, Runtime


async def find_known_issue(
    alerts: AlertReports, diagnosis: Diagnosis, profiles: tuple[str, ...]
) -> OpenAlert | None:
    """
    The firing group about this failure for one of `profiles` (in order), else for no profile.

    An alert's title and thread are its profile's facts: a group of a profile not in `profiles`
    is never returned.
    """
    for profile in profiles:
        found = await find_open_alert_for(diagnosis, lookup=alerts, profile=profile)
        if found is not None:
            return found
    found = await find_open_alert_for(diagnosis, lookup=alerts, profile=None)
    return found if found is not None and found.profile is None else None


async def known_issue(
    rt: Runtime,
    diagnosis: Diagnosis,
    *,
    channel: str,
    user: str,
    profile: str | None,
    count: bool = True,
) -> OpenAlert | None:
    """
    The firing alert group this paste belongs to, with this person's report counted.

    Groups of the profile the checks ran with come first, then of any profile serving the
    channel (a person without live access still hears of the channel's incident). `count=False`
    (a re-run of the same reply) finds the group without counting the person twice.
    """
    alerts = rt.deps.alerts
    if alerts is None:
        return None
    serving = rt.deps.access.serving(channel=channel, user=user)
    profiles = tuple(dict.fromkeys([*([profile] if profile else []), *serving]))
    found = await find_known_issue(alerts, diagnosis, profiles)
    if found is None or not count:
        return found
    counted = await alerts.record_report(
        found.group_id, user=user, at=rt.deps.clock(), render=render_thread_message
    )
    return counted or found
