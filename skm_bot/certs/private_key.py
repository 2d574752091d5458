"""Load a PEM or DER private key: unencrypted, or decrypted once its derivation cost is known."""

from __future__ import annotations

from collections.abc import Callable

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from skm_bot.certs.findings import Code, Finding, corrupt
from skm_bot.certs.kdf_cost import key_derivations, too_costly
from skm_bot.certs.limits import Limits

KeyLoader = Callable[[bytes, bytes | None], PrivateKeyTypes]


def load_key(
    loader: KeyLoader, blob: bytes, password: bytes | None, limits: Limits
) -> tuple[PrivateKeyTypes | None, list[Finding]]:
    """Load a PEM or DER key; the library's TypeError (not its text) says it is encrypted."""
    try:
        key = loader(blob, None)
    except TypeError:
        return _decrypt(loader, blob, password, limits)
    except (ValueError, UnsupportedAlgorithm):
        return None, [corrupt("the private key does not parse", "a damaged private key")]
    if password is None:
        return key, []
    return key, [
        Finding(
            Code.KEY_PASSWORD_NOT_NEEDED,
            "A password was given, but the private key is not encrypted.",
            "an unencrypted private key",
            "no password",
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
                "The private key is encrypted, and no password was given.",
                "an encrypted private key",
                "its password",
            )
        ]
    derivations = key_derivations(blob)
    if derivations is None:
        return None, [corrupt("the private key does not parse", "a damaged private key")]
    refusal = too_costly(derivations, limits.kdf_iterations)
    if refusal is not None:
        return None, [refusal]
    try:
        return loader(blob, password), []
    except UnsupportedAlgorithm:
        observed = "a cipher or key type this OpenSSL does not support"
        return None, [corrupt("the private key's encryption is not supported", observed)]
    except (TypeError, ValueError):
        return None, [
            Finding(
                Code.KEY_WRONG_PASSWORD,
                "The password does not decrypt the private key.",
                "decryption fails with the given password",
                "the key's password",
            )
        ]
