"""skm.reachable and skm.confirm: can the bot reach SKM, and what does SKM see of it?"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from skm_bot.checks.context import CheckContext
from skm_bot.checks.error_phrases import error_phrase
from skm_bot.checks.prefetch import early
from skm_bot.checks.verdicts import Verdict, live, localised, result, server_says
from skm_bot.core.check_ids import SKM_CONFIRM, SKM_REACHABLE
from skm_bot.core.check_result import Status
from skm_bot.core.phrases import Phrase, phrase
from skm_bot.errors import SkmApiError
from skm_bot.skm.probe import probe

MAX_SKEW_S = 60.0
SLOW_MS = 2000.0
OLD_HOST = "api-keymanager.cloud.toast.com"
NEW_HOST = "api-keymanager.nhncloudservice.com"
# Every documented SKM host (skm-api.md §1); a pasted endpoint elsewhere is not SKM.
KNOWN_HOSTS = frozenset(
    {
        NEW_HOST,
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


def endpoint_note(pasted: str | None, profile_endpoint: str) -> Phrase | None:
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
        return phrase("check.reachable.old_host", host=OLD_HOST, new_host=NEW_HOST)
    if pasted_host in KNOWN_HOSTS:
        return phrase(
            "check.reachable.other_environment", host=pasted_host, profile_host=profile_host
        )
    return phrase("check.reachable.unknown_host", host=pasted_host)


def skew_seconds(server: datetime, now: datetime) -> float:
    """Server time minus the bot's time, in seconds (naive values are read as UTC)."""
    server = server if server.tzinfo else server.replace(tzinfo=UTC)
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    return (server - now).total_seconds()


@localised
async def check_reachable(ctx: CheckContext) -> Verdict:
    """
    DNS, TCP, TLS and an HTTP round trip to the profile's endpoint, plus the clock skew.

    The round trip is made while the network is probed step by step; when a step fails, that
    step explains the failure and the round trip's answer is dropped.
    """
    gate = live(ctx, SKM_REACHABLE)
    if isinstance(gate, Verdict):
        return gate
    profile, api = gate
    host = host_of(profile.endpoint)
    async with early({"ping": api.ping()}) as started:
        steps = await probe(profile.endpoint, ca_bundle=profile.ca_bundle)
        lines = [
            phrase("check.reachable.step", step=s.name, detail=s.detail, ms=s.ms) for s in steps
        ]
        note = endpoint_note(ctx.facts.endpoint, profile.endpoint)
        lines += [note] if note else []
        failed = next((s for s in steps if not s.ok), None)
        if failed is not None:
            summary = phrase("check.reachable.failed", host=host, why=failed.detail)
            return result(SKM_REACHABLE, Status.FAIL, summary, *lines)
        try:
            ping = await started["ping"]
        except SkmApiError as err:
            summary = phrase("check.reachable.failed", host=host, why=error_phrase(err))
            return result(SKM_REACHABLE, Status.FAIL, summary, *lines)
    lines.append(phrase("check.reachable.http", status=ping.status_code, ms=ping.elapsed_ms))
    warnings = [note] if note else []
    if ping.elapsed_ms > SLOW_MS:
        warnings.append(phrase("check.reachable.slow", ms=ping.elapsed_ms))
    if ping.server_date is None:
        lines.append(phrase("check.reachable.no_date"))
    else:
        skew = skew_seconds(ping.server_date, ctx.now)
        lines.append(phrase("check.reachable.skew", seconds=skew))
        if abs(skew) > MAX_SKEW_S:
            warnings.append(phrase("check.reachable.clocks_differ", seconds=abs(skew)))
    if warnings:
        summary = phrase("check.reachable.reachable_but", host=host, warning=warnings[0])
        return result(SKM_REACHABLE, Status.WARN, summary, *lines)
    return result(SKM_REACHABLE, Status.PASS, phrase("check.reachable.ok", host=host), *lines)


_SENT = {
    True: phrase("check.confirm.sent_yes"),
    False: phrase("check.confirm.sent_no"),
    None: phrase("check.confirm.sent_unknown"),
}


@localised
async def check_confirm(ctx: CheckContext) -> Verdict:
    """What SKM sees of the bot's host: its IP, the MAC header, whether a certificate was sent."""
    gate = live(ctx, SKM_CONFIRM)
    if isinstance(gate, Verdict):
        return gate
    _, api = gate
    try:
        seen = await api.confirm()
    except SkmApiError as err:
        summary = phrase("check.confirm.failed", why=server_says(err))
        return result(SKM_CONFIRM, Status.FAIL, summary, error_phrase(err))
    sent = _SENT[seen.client_sent_certificate]
    ip, header = str(seen.client_ip), seen.client_mac_header
    return result(
        SKM_CONFIRM,
        Status.PASS,
        phrase("check.confirm.sees", ip=ip, header=header or "-"),
        phrase("check.confirm.client_ip", ip=ip),
        phrase("check.confirm.mac_header", header=header or phrase("check.confirm.no_header")),
        phrase("check.confirm.certificate_sent", sent=sent),
    )
