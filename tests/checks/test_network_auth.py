"""skm.ipv4 and skm.mac against the emulator."""

from __future__ import annotations

import pytest

from skm_bot.checks.network_auth import check_ipv4, check_mac, normalise_mac
from skm_bot.core.check_result import Status

from .conftest import ELSEWHERE, SYM


@pytest.mark.parametrize(
    ("address", "status", "phrase"),
    [
        ("203.0.113.7", Status.PASS, "is registered as 203.0.113.7"),
        ("198.51.100.42", Status.PASS, "is registered as 198.51.100.0/24"),
        ("192.0.2.10", Status.FAIL, "pending deletion"),
        ("192.0.2.99", Status.FAIL, "is not registered"),
        ("not-an-ip", Status.FAIL, "is not an IP address"),
    ],
)
@pytest.mark.anyio
async def test_ipv4(make_ctx, address, status, phrase):
    result = await check_ipv4(make_ctx(key_id=SYM, client_ip=address))

    assert result.status is status
    assert phrase in result.summary


@pytest.mark.anyio
async def test_ipv4_shows_what_skm_sees_from_the_bot(make_ctx):
    result = await check_ipv4(make_ctx(client_ip="203.0.113.7"))

    assert "from the bot's host SKM sees IP 203.0.113.7" in result.details


@pytest.mark.anyio
async def test_ipv4_hints_at_nat_for_a_private_address(make_ctx):
    result = await check_ipv4(make_ctx(client_ip="10.0.0.5"))

    assert result.status is Status.FAIL
    assert any("NAT" in line for line in result.details)


@pytest.mark.anyio
async def test_ipv4_checks_only_the_keys_keystore(make_ctx):
    result = await check_ipv4(make_ctx(client_ip="198.51.100.42", key_id=ELSEWHERE))

    assert result.status is Status.FAIL
    assert len([line for line in result.details if line.startswith("keystore")]) == 1


@pytest.mark.anyio
async def test_ipv4_skips_without_a_client_ip(make_ctx):
    result = await check_ipv4(make_ctx())

    assert (result.status, result.summary) == (Status.SKIP, "no client IP in the paste")


def make_mac_ctx(make_ctx, **facts):
    return make_ctx(key_id=SYM, **facts)


@pytest.mark.parametrize(
    ("facts", "status", "phrase"),
    [
        ({"client_mac": "aa:bb:cc:dd:ee:ff"}, Status.PASS, "is registered"),
        ({"client_mac": "AA-BB-CC-DD-EE-FF"}, Status.PASS, "is registered"),
        ({"client_mac": "aabb.ccdd.eeff"}, Status.PASS, "is registered"),
        ({"client_mac": "11:22:33:44:55:66"}, Status.WARN, "the spelling differs"),
        ({"client_mac": "de:ad:be:ef:00:01"}, Status.FAIL, "pending deletion"),
        ({"client_mac": "01:02:03:04:05:06"}, Status.FAIL, "is not registered"),
        ({"client_mac": "aa:bb:cc:dd:ee"}, Status.FAIL, "is not a MAC address"),
        (
            {"client_mac": "aa:bb:cc:dd:ee:ff", "mac_header": "X-NHN Cloud-CLIENT-MAC-ADDR"},
            Status.FAIL,
            "misspelling that stood in the docs",
        ),
        ({"mac_header": "X-CLIENT-MAC"}, Status.FAIL, "is not read by SKM"),
        ({"mac_header": "x-toast-client-mac-addr"}, Status.PASS, "X-TOAST-CLIENT-MAC-ADDR"),
        ({}, Status.SKIP, "no MAC address or MAC header"),
    ],
)
@pytest.mark.anyio
async def test_mac(make_ctx, facts, status, phrase):
    result = await check_mac(make_mac_ctx(make_ctx, **facts))

    assert result.status is status
    assert phrase in result.summary


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AA:BB:CC:DD:EE:FF", "aa:bb:cc:dd:ee:ff"),
        ("aa-bb-cc-dd-ee-ff", "aa:bb:cc:dd:ee:ff"),
        ("aabbccddeeff", "aa:bb:cc:dd:ee:ff"),
        ("aa:bb:cc:dd:ee", None),
        ("gg:bb:cc:dd:ee:ff", None),
    ],
)
def test_normalise_mac(text, expected):
    assert normalise_mac(text) == expected


@pytest.mark.parametrize(
    ("address", "hinted"),
    [
        ("10.1.2.3", True),
        ("100.64.0.9", True),
        ("192.168.0.4", True),
        ("192.0.2.10", False),
        ("203.0.113.9", False),
    ],
)
def test_nat_hint_only_for_addresses_that_never_reach_skm(address, hinted):
    """Documentation ranges (192.0.2.0/24) are routable examples, not NAT addresses."""
    import ipaddress

    from skm_bot.checks.network_auth import _behind_nat

    assert _behind_nat(ipaddress.ip_address(address)) is hinted
