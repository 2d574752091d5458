"""
CHECKS: every check id mapped to its check function, each module imported on first use.

The check modules bring the SKM client (httpx) and the certificate code (cryptography's x509,
the TLS probe); an offline diagnosis needs none of them, so a check's module is imported only
when that check is looked up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from skm_bot.checks.types import Check
from skm_bot.core import check_ids

Loader = Callable[[], Mapping[str, Check]]


def _reachability() -> Mapping[str, Check]:
    from skm_bot.checks.reachability import check_confirm, check_reachable

    return {check_ids.SKM_REACHABLE: check_reachable, check_ids.SKM_CONFIRM: check_confirm}


def _credentials() -> Mapping[str, Check]:
    from skm_bot.checks.credentials import check_appkey, check_credentials

    return {check_ids.SKM_APPKEY: check_appkey, check_ids.SKM_CREDENTIALS: check_credentials}


def _keys() -> Mapping[str, Check]:
    from skm_bot.checks.keys import check_key, check_key_version

    return {check_ids.SKM_KEY: check_key, check_ids.SKM_KEY_VERSION: check_key_version}


def _user_data() -> Mapping[str, Check]:
    from skm_bot.checks.user_data import check_user_data

    return {check_ids.SKM_USER_DATA: check_user_data}


def _network_auth() -> Mapping[str, Check]:
    from skm_bot.checks.network_auth import check_ipv4, check_mac

    return {check_ids.SKM_IPV4: check_ipv4, check_ids.SKM_MAC: check_mac}


def _certificates() -> Mapping[str, Check]:
    from skm_bot.checks.certificates import CERT_CHECKS

    return CERT_CHECKS


LOADERS: dict[str, Loader] = {
    check_ids.SKM_REACHABLE: _reachability,
    check_ids.SKM_CONFIRM: _reachability,
    check_ids.SKM_APPKEY: _credentials,
    check_ids.SKM_CREDENTIALS: _credentials,
    check_ids.SKM_KEY: _keys,
    check_ids.SKM_KEY_VERSION: _keys,
    check_ids.SKM_USER_DATA: _user_data,
    check_ids.SKM_IPV4: _network_auth,
    check_ids.SKM_MAC: _network_auth,
    check_ids.CERT_INSPECT: _certificates,
    check_ids.CERT_REGISTERED: _certificates,
    check_ids.CERT_HANDSHAKE: _certificates,
}


class LazyChecks(Mapping[str, Check]):
    """A read-only mapping of check ids to checks that imports a check's module when asked."""

    def __init__(self, loaders: Mapping[str, Loader]) -> None:
        self._loaders = dict(loaders)
        self._loaded: dict[str, Check] = {}

    def __getitem__(self, check_id: str) -> Check:
        if check_id not in self._loaded:
            self._loaded.update(self._loaders[check_id]())
        return self._loaded[check_id]

    def __contains__(self, check_id: object) -> bool:
        # Mapping's own __contains__ would look the check up, importing its module.
        return check_id in self._loaders

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaders)

    def __len__(self) -> int:
        return len(self._loaders)


CHECKS: Mapping[str, Check] = LazyChecks(LOADERS)
# The checks that ask SKM itself (the skm.* ids), without the certificate ones.
SKM_CHECKS: Mapping[str, Check] = LazyChecks(
    {check_id: load for check_id, load in LOADERS.items() if check_id.startswith("skm.")}
)
