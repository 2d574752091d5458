"""skm.ipv4 and skm.mac: is the client's address registered, in service, and sent right?"""

from __future__ import annotations

import asyncio
import ipaddress
import re
from collections.abc import Awaitable, Callable

from skm_bot.checks.context import CheckContext
from skm_bot.checks.locate import candidate_keystores, search_key
from skm_bot.checks.prefetch import early
from skm_bot.checks.verdicts import Verdict, live, localised, result, server_says, skip, when
from skm_bot.core.check_ids import SKM_IPV4, SKM_MAC
from skm_bot.core.check_result import Status
from skm_bot.core.phrases import Phrase, phrase
from skm_bot.errors import SkmApiError
from skm_bot.skm.client import MAC_HEADER
from skm_bot.skm.models import AuthEntry, Keystore
from skm_bot.skm.reader import SkmReader

MISSPELT_MAC_HEADER = "X-NHN Cloud-CLIENT-MAC-ADDR"


async def _keystores(ctx: CheckContext, api: SkmReader) -> list[Keystore]:
    """The keystore holding the facts' key when it can be found, else every candidate."""
    assert ctx.profile is not None
    if not ctx.facts.key_id:
        return await candidate_keystores(ctx.profile, api)
    keystores, located = await search_key(ctx.profile, api, ctx.facts.key_id)
    return [located.keystore] if located is not None else keystores


Registered = list[tuple[Keystore, list[AuthEntry]]]


async def _registered(
    ctx: CheckContext,
    api: SkmReader,
    uses: Callable[[Keystore], bool],
    fetch: Callable[[int], Awaitable[list[AuthEntry]]],
) -> Registered:
    """
    The entries registered in each keystore `_keystores` picks that `uses` the authentication.

    Every keystore the profile names is asked at once, with the key lookup that picks among
    them; the answers of the keystores not picked are dropped.
    """
    assert ctx.profile is not None
    async with early({i: fetch(i) for i in ctx.profile.keystore_ids}) as started:
        stores = [k for k in await _keystores(ctx, api) if uses(k)]
        entries = await asyncio.gather(
            *(started.get(k.key_store_id) or fetch(k.key_store_id) for k in stores)
        )
    return list(zip(stores, entries, strict=True))


def _entry_line(entry: AuthEntry) -> Phrase:
    return phrase("check.auth.entry_pending", value=entry.value, date=when(entry.deletion_datetime))


def _verdict(
    check_id: str, what: str, per_store: list[tuple[Keystore, Status, Phrase]], *extra: Phrase
) -> Verdict:
    lines = [
        phrase(
            "check.auth.keystore_line", name=k.name or "?", keystore_id=k.key_store_id, line=line
        )
        for k, _, line in per_store
    ]
    if not per_store:
        return skip(check_id, phrase("check.auth.unused", what=what), *extra)
    statuses = [status for _, status, _ in per_store]
    best = next(s for s in (Status.PASS, Status.WARN, Status.FAIL) if s in statuses)
    summary = next(line for _, s, line in per_store if s is best)
    return result(check_id, best, summary, *lines, *extra)


async def _confirm_line(api: SkmReader) -> Phrase:
    try:
        seen = await api.confirm()
    except SkmApiError as err:
        return phrase("check.ipv4.confirm_failed", why=server_says(err))
    return phrase("check.ipv4.seen", ip=str(seen.client_ip))


def match_ipv4(address: str, entries: list[AuthEntry]) -> tuple[Status, Phrase]:
    """Whether an address is admitted by the entries (addresses or CIDR ranges)."""
    ip = ipaddress.ip_address(address)
    hits = []
    for entry in entries:
        try:
            if ip in ipaddress.ip_network(entry.value.strip(), strict=False):
                hits.append(entry)
        except ValueError:
            continue
    active = [e for e in hits if e.deletion_datetime is None]
    if active:
        return Status.PASS, phrase("check.ipv4.registered", address=address, value=active[0].value)
    if hits:
        return Status.FAIL, phrase(
            "check.ipv4.pending", address=address, entry=_entry_line(hits[0])
        )
    return Status.FAIL, phrase("check.ipv4.not_registered", address=address)


@localised
async def check_ipv4(ctx: CheckContext) -> Verdict:
    """Is the client's IPv4 address registered (directly or by CIDR) and in service?"""
    gate = live(ctx, SKM_IPV4)
    if isinstance(gate, Verdict):
        return gate
    _, api = gate
    address = (ctx.facts.client_ip or "").strip()
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        seen = await _confirm_line(api)
        if not address:
            return skip(SKM_IPV4, phrase("check.ipv4.no_ip"), seen)
        return result(SKM_IPV4, Status.FAIL, phrase("check.ipv4.not_an_ip", address=address), seen)
    seen, registered = await asyncio.gather(
        _confirm_line(api), _registered(ctx, api, _uses_ipv4, api.list_ipv4s)
    )
    extra = [seen]
    if _behind_nat(ip):
        extra.append(phrase("check.ipv4.behind_nat", address=address))
    per_store = [(k, *match_ipv4(address, entries)) for k, entries in registered]
    return _verdict(SKM_IPV4, "IPv4", per_store, *extra)


# Addresses that never reach SKM as they are: RFC 1918, carrier-grade NAT, loopback, link-local.
_NAT_RANGES = tuple(
    ipaddress.ip_network(n)
    for n in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
    )
)


def _behind_nat(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for an address SKM cannot see directly, so the egress address is what counts."""
    return any(ip in network for network in _NAT_RANGES if network.version == ip.version)


def _uses_ipv4(keystore: Keystore) -> bool:
    return keystore.ip4_auth_use


def _uses_mac(keystore: Keystore) -> bool:
    return keystore.mac_auth_use


_MAC = re.compile(r"^[0-9a-f]{12}$")


def normalise_mac(text: str) -> str | None:
    """Lower-case colon form of a MAC written with any separator and case, else None."""
    digits = re.sub(r"[\s:.\-]", "", text.strip().lower())
    if not _MAC.match(digits):
        return None
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def match_mac(mac: str, entries: list[AuthEntry]) -> tuple[Status, Phrase]:
    """Whether a (normalised) MAC is admitted by the entries; a spelling-only match warns."""
    hits = [e for e in entries if normalise_mac(e.value) == mac]
    active = [e for e in hits if e.deletion_datetime is None]
    if any(e.value.strip() == mac for e in active):
        return Status.PASS, phrase("check.mac.registered", mac=mac)
    if active:
        return Status.WARN, phrase("check.mac.spelling", mac=mac, value=active[0].value)
    if hits:
        return Status.FAIL, phrase("check.mac.pending", mac=mac, entry=_entry_line(hits[0]))
    return Status.FAIL, phrase("check.mac.not_registered", mac=mac)


def header_problem(header: str | None) -> Phrase | None:
    """What is wrong with the MAC header name the client sent, None when it is right."""
    if header is None or header.strip().lower() == MAC_HEADER.lower():
        return None
    if header.strip().lower() == MISSPELT_MAC_HEADER.lower():
        return phrase("check.mac.header_misspelt", header=header, expected=MAC_HEADER)
    return phrase("check.mac.header_unknown", header=header, expected=MAC_HEADER)


@localised
async def check_mac(ctx: CheckContext) -> Verdict:
    """Is the MAC well-formed, sent in the right header, registered and in service?"""
    gate = live(ctx, SKM_MAC)
    facts = ctx.facts
    if facts.client_mac is None and facts.mac_header is None:
        return skip(SKM_MAC, phrase("check.mac.none"))
    problem = header_problem(facts.mac_header)
    if problem:
        return result(SKM_MAC, Status.FAIL, problem)
    if facts.client_mac is None:
        return result(SKM_MAC, Status.PASS, phrase("check.mac.header_ok", header=MAC_HEADER))
    mac = normalise_mac(facts.client_mac)
    if mac is None:
        return result(SKM_MAC, Status.FAIL, phrase("check.mac.not_a_mac", mac=facts.client_mac))
    if isinstance(gate, Verdict):
        return skip(SKM_MAC, phrase("check.mac.offline_well_formed", reason=gate.summary, mac=mac))
    _, api = gate
    registered = await _registered(ctx, api, _uses_mac, api.list_macs)
    per_store = [(k, *match_mac(mac, entries)) for k, entries in registered]
    return _verdict(SKM_MAC, "MAC", per_store)
