"""skm.reachable and skm.confirm: can the bot reach SKM, and what does SKM see of it?"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from skm_bot.checks.context import CheckContext
from skm_bot.checks.prefetch import early
from skm_bot.checks.verdicts import live, result, server_says
from skm_bot.core.check_ids import SKM_CONFIRM, SKM_REACHABLE
from skm_bot.core.check_result import CheckResult, Status
from skm_bot.errors import SkmApiError
from skm_bot.skm.probe import probe

MAX_SKEW_S = 60.0
SLOW_MS = 2000.0
OLD_HOST = "api-keymanager.cloud.toast.com"
# Every documented SKM host (skm-api.md §1); a pasted endpoint elsewhere is not SKM.
KNOWN_HOSTS = frozenset(
    {
        "api-keymanager.nhncloudservice.com",
        "api-keymanager.gov-nhncloudservice.com",
        "api-keymanager.gncloud.go.kr",
        "api-keymanager.ngsc.go.kr",
        "api-keymanager.ninc.go.kr",
        "api-keymanager.ngoic.com",
        "api-keymanager.ngovc.com",
        OLD_HOST,
    }
)


def host_of(endpoint: str) -> str:
    """The host of an endpoint written with or without a scheme."""
    return httpx.URL(endpoint if "://" in endpoint else f"https://{endpoint}").host.lower()


def endpoint_note(pasted: str | None, profile_endpoint: str) -> str | None:
    """
    What is wrong with the endpoint in the paste, compared with the profile's.

    Only the profile's endpoint is probed: the bot never connects to a host taken from a paste.
    """
    if not pasted:
        return None
    pasted_host, profile_host = host_of(pasted), host_of(profile_endpoint)
    if pasted_host == profile_host:
        return None
    if pasted_host == OLD_HOST:
        return (
            f"the paste calls {OLD_HOST}, the old TOAST domain (replaced on 2022-12-27 by "
            "api-keymanager.nhncloudservice.com)"
        )
    if pasted_host in KNOWN_HOSTS:
        return f"the paste calls {pasted_host}, another SKM environment than {profile_host}"
    return f"the paste calls {pasted_host}, which is not a documented SKM host"


def skew_seconds(server: datetime, now: datetime) -> float:
    """Server time minus the bot's time, in seconds (naive values are read as UTC)."""
    server = server if server.tzinfo else server.replace(tzinfo=UTC)
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    return (server - now).total_seconds()


async def check_reachable(ctx: CheckContext) -> CheckResult:
    """
    DNS, TCP, TLS and an HTTP round trip to the profile's endpoint, plus the clock skew.

    The round trip is made while the network is probed step by step; when a step fails, that
    step explains the failure and the round trip's answer is dropped.
    """
    gate = live(ctx, SKM_REACHABLE)
    if isinstance(gate, CheckResult):
        return gate
    profile, api = gate
    host = host_of(profile.endpoint)
    async with early({"ping": api.ping()}) as started:
        steps = await probe(profile.endpoint, ca_bundle=profile.ca_bundle)
        lines = [f"{s.name}: {s.detail} ({s.ms:.0f} ms)" for s in steps]
        note = endpoint_note(ctx.facts.endpoint, profile.endpoint)
        lines += [note] if note else []
        failed = next((s for s in steps if not s.ok), None)
        if failed is not None:
            return result(SKM_REACHABLE, Status.FAIL, f"{host}: {failed.detail}", *lines)
        try:
            ping = await started["ping"]
        except SkmApiError as err:
            return result(SKM_REACHABLE, Status.FAIL, f"{host}: {err.message}", *lines)
    lines.append(f"http: /confirm answered HTTP {ping.status_code} in {ping.elapsed_ms:.0f} ms")
    warnings = [note] if note else []
    if ping.elapsed_ms > SLOW_MS:
        warnings.append(f"SKM answered slowly ({ping.elapsed_ms:.0f} ms)")
    if ping.server_date is None:
        lines.append("clock: the server sent no Date header")
    else:
        skew = skew_seconds(ping.server_date, ctx.now)
        lines.append(f"clock: the server is {skew:+.0f} s from the bot")
        if abs(skew) > MAX_SKEW_S:
            warnings.append(f"the clocks differ by {abs(skew):.0f} s")
    if warnings:
        return result(SKM_REACHABLE, Status.WARN, f"{host} is reachable, but {warnings[0]}", *lines)
    return result(SKM_REACHABLE, Status.PASS, f"{host} is reachable", *lines)


async def check_confirm(ctx: CheckContext) -> CheckResult:
    """What SKM sees of the bot's host: its IP, the MAC header, whether a certificate was sent."""
    gate = live(ctx, SKM_CONFIRM)
    if isinstance(gate, CheckResult):
        return gate
    _, api = gate
    try:
        seen = await api.confirm()
    except SkmApiError as err:
        return result(SKM_CONFIRM, Status.FAIL, f"/confirm failed: {server_says(err)}", err.message)
    sent = {True: "yes", False: "no", None: "unknown"}[seen.client_sent_certificate]
    summary = f"SKM sees IP {seen.client_ip}, MAC header {seen.client_mac_header or '-'}"
    return result(
        SKM_CONFIRM,
        Status.PASS,
        summary,
        f"client IP: {seen.client_ip}",
        f"MAC header: {seen.client_mac_header or '(none)'}",
        f"certificate sent: {sent}",
    )
