"""Load a PEM or DER private key: unencrypted, or decrypted once its derivation cost is known."""

from __future__ import annotations

from collections.abc import Callable

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from skm_bot.certs.findings import Code, Finding, corrupt
from skm_bot.certs.kdf_cost import key_derivations, too_costly
from skm_bot.certs.limits import Limits
from skm_bot.core.phrases import phrase

KeyLoader = Callable[[bytes, bytes | None], PrivateKeyTypes]
_UNPARSED = (
    phrase("finding.file_corrupt.key_does_not_parse"),
    phrase("finding.file_corrupt.damaged_key"),
)


def load_key(
    loader: KeyLoader, blob: bytes, password: bytes | None, limits: Limits
) -> tuple[PrivateKeyTypes | None, list[Finding]]:
    """Load a PEM or DER key; the library's TypeError (not its text) says it is encrypted."""
    try:
        key = loader(blob, None)
    except TypeError:
        return _decrypt(loader, blob, password, limits)
    except (ValueError, UnsupportedAlgorithm):
        return None, [corrupt(*_UNPARSED)]
    if password is None:
        return key, []
    return key, [
        Finding(
            Code.KEY_PASSWORD_NOT_NEEDED,
            phrase("finding.key_password_not_needed.summary"),
            phrase("finding.key_password_not_needed.observed"),
            phrase("finding.no_password"),
        )
    ]


def _decrypt(
    loader: KeyLoader, blob: bytes, password: bytes | None, limits: Limits
) -> tuple[PrivateKeyTypes | None, list[Finding]]:
    """An encrypted key: the password is tried only once the derivation's cost is known."""
    if password is None:
        return None, [
            Finding(
                Code.KEY_ENCRYPTED_NO_PASSWORD,
                phrase("finding.key_encrypted_no_password.summary"),
                phrase("finding.key_encrypted_no_password.observed"),
                phrase("finding.key_password"),
            )
        ]
    derivations = key_derivations(blob)
    if derivations is None:
        return None, [corrupt(*_UNPARSED)]
    refusal = too_costly(derivations, limits.kdf_iterations)
    if refusal is not None:
        return None, [refusal]
    try:
        return loader(blob, password), []
    except UnsupportedAlgorithm:
        what = phrase("finding.file_corrupt.key_cipher")
        observed = phrase("finding.file_corrupt.key_cipher_seen")
        return None, [corrupt(what, observed)]
    except (TypeError, ValueError):
        return None, [
            Finding(
                Code.KEY_WRONG_PASSWORD,
                phrase("finding.key_wrong_password.summary"),
                phrase("finding.key_wrong_password.observed"),
                phrase("finding.key_password"),
            )
        ]
