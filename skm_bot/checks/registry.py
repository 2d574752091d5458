"""CHECKS: every check id mapped to its check function."""

from __future__ import annotations

from skm_bot.checks.certificates import CERT_CHECKS
from skm_bot.checks.credentials import check_appkey, check_credentials
from skm_bot.checks.keys import check_key, check_key_version
from skm_bot.checks.network_auth import check_ipv4, check_mac
from skm_bot.checks.reachability import check_confirm, check_reachable
from skm_bot.checks.types import Check
from skm_bot.checks.user_data import check_user_data
from skm_bot.core import check_ids

SKM_CHECKS: dict[str, Check] = {
    check_ids.SKM_REACHABLE: check_reachable,
    check_ids.SKM_CONFIRM: check_confirm,
    check_ids.SKM_APPKEY: check_appkey,
    check_ids.SKM_CREDENTIALS: check_credentials,
    check_ids.SKM_KEY: check_key,
    check_ids.SKM_KEY_VERSION: check_key_version,
    check_ids.SKM_USER_DATA: check_user_data,
    check_ids.SKM_IPV4: check_ipv4,
    check_ids.SKM_MAC: check_mac,
}

CHECKS: dict[str, Check] = {**SKM_CHECKS, **CERT_CHECKS}
