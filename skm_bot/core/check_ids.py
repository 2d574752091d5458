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

# The checks that apply to any failure: run when nothing specific was recognised in a paste
# about SKM and a profile is at hand.
GENERAL_CHECK_IDS: tuple[str, ...] = (SKM_REACHABLE, SKM_APPKEY, SKM_CREDENTIALS, SKM_CONFIRM)
