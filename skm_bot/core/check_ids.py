"""The stable ids of every diagnostic check, defined once: the catalogue is validated against them."""

from __future__ import annotations

SKM_REACHABLE = "skm.reachable"
SKM_APPKEY = "skm.appkey"
SKM_CREDENTIALS = "skm.credentials"
SKM_KEY = "skm.key"
SKM_KEY_VERSION = "skm.key_version"
SKM_USER_DATA = "skm.user_data"
SKM_IPV4 = "skm.ipv4"
SKM_MAC = "skm.mac"
SKM_CONFIRM = "skm.confirm"
CERT_INSPECT = "cert.inspect"
CERT_REGISTERED = "cert.registered"
CERT_HANDSHAKE = "cert.handshake"

ALL_CHECK_IDS: frozenset[str] = frozenset(
    {
        SKM_REACHABLE,
        SKM_APPKEY,
        SKM_CREDENTIALS,
        SKM_KEY,
        SKM_KEY_VERSION,
        SKM_USER_DATA,
        SKM_IPV4,
        SKM_MAC,
        SKM_CONFIRM,
        CERT_INSPECT,
        CERT_REGISTERED,
        CERT_HANDSHAKE,
    }
)

# The checks that can do nothing without a profile (and, for most, an SKM client): offline, the
# runner answers `skip` for them from this set alone, without importing the check, its SKM
# client or its certificate code. skm.mac, skm.user_data and skm.key_version are not here: they
# look at the paste offline (the MAC header's spelling, a ciphertext's shape, whether the paste
# names a key version at all).
NEEDS_PROFILE: frozenset[str] = frozenset(
    {
        SKM_REACHABLE,
        SKM_APPKEY,
        SKM_CREDENTIALS,
        SKM_KEY,
        SKM_IPV4,
        SKM_CONFIRM,
        CERT_INSPECT,
        CERT_REGISTERED,
        CERT_HANDSHAKE,
    }
)

# The checks that apply to any failure: run when nothing specific was recognised in a paste
# about SKM and a profile is at hand.
GENERAL_CHECK_IDS: tuple[str, ...] = (SKM_REACHABLE, SKM_APPKEY, SKM_CREDENTIALS, SKM_CONFIRM)
