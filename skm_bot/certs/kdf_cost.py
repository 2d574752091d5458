"""The key-derivation work a PKCS#12 file or an encrypted key asks for, read before decrypting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from asn1crypto import core, keys, pem
from asn1crypto import pkcs12 as asn1_pkcs12

from skm_bot.certs.findings import Code, Finding
from skm_bot.core.phrases import Phrase, listing, phrase

# A SafeContents bag may hold another SafeContents; real files nest one level, if any.
_MAX_NESTING = 4
# asn1crypto knows PBKDF2 but not scrypt (RFC 7914), which OpenSSL accepts in PBES2.
_SCRYPT = "1.3.6.1.4.1.11591.4.11"
_PRIVATE_KEY = phrase("cert.kdf.private_key")


class _ScryptParams(core.Sequence):  # type: ignore[misc]
    _fields = [  # noqa: RUF012 (asn1crypto's declared layout)
        ("salt", core.OctetString),
        ("cost_parameter", core.Integer),
        ("block_size", core.Integer),
        ("parallelization_parameter", core.Integer),
        ("key_length", core.Integer, {"optional": True}),
    ]


@dataclass(frozen=True)
class Derivation:
    """One password-based key derivation the loader would run: what it protects and its count."""

    protects: Phrase
    iterations: int


def pkcs12_derivations(data: bytes) -> list[Derivation] | None:
    """
    Every key derivation visible without the password (the MAC, encrypted bags, shrouded keys).

    None when the structure does not parse. Bags inside encrypted content are unseen until it is
    decrypted, and that happens only after the MAC has verified with the right password.
    """
    try:
        pfx = asn1_pkcs12.Pfx.load(data)
        found = _mac(pfx)
        for info in pfx.authenticated_safe:
            found.extend(_content(info))
    # asn1crypto raises assorted types (ValueError, TypeError, KeyError, ...) for malformed
    # input; whichever it is, the structure does not parse.
    except Exception:
        return None
    return found


def key_derivations(blob: bytes) -> list[Derivation] | None:
    """
    The derivation an encrypted PKCS#8 key (PEM or DER) asks for; None when it does not parse.

    A legacy PEM key (Proc-Type and DEK-Info headers) derives with one MD5 round: no list.
    """
    try:
        der = blob
        if pem.detect(blob):
            label, _, der = pem.unarmor(blob)
            if label != "ENCRYPTED PRIVATE KEY":
                return []
        algorithm = keys.EncryptedPrivateKeyInfo.load(der)["encryption_algorithm"]
        return [Derivation(_PRIVATE_KEY, _iterations(algorithm))]
    except Exception:  # As above: any asn1crypto exception means it does not parse.
        return None


def too_costly(derivations: list[Derivation], ceiling: int) -> Finding | None:
    """The refusal when the derivations add up to more than `ceiling` iterations, else None."""
    total = sum(d.iterations for d in derivations)
    if total <= ceiling:
        return None
    counts = [
        phrase("finding.kdf_iterations_too_high.count", what=d.protects, count=d.iterations)
        for d in derivations
    ]
    return Finding(
        Code.KDF_ITERATIONS_TOO_HIGH,
        phrase("finding.kdf_iterations_too_high.summary", total=total),
        listing(counts, separator="list.semicolon"),
        phrase("finding.kdf_iterations_too_high.expected", ceiling=ceiling),
    )


def _mac(pfx: Any) -> list[Derivation]:
    mac = pfx["mac_data"]
    if isinstance(mac, core.Void):
        return []
    return [Derivation(phrase("cert.kdf.mac"), int(mac["iterations"].native))]


def _content(info: Any) -> list[Derivation]:
    kind = info["content_type"].native
    if kind == "encrypted_data":
        algorithm = info["content"]["encrypted_content_info"]["content_encryption_algorithm"]
        return [Derivation(phrase("cert.kdf.certificates"), _iterations(algorithm))]
    if kind == "data":
        return _bags(asn1_pkcs12.SafeContents.load(info["content"].native), 0)
    return []  # enveloped_data: public-key encryption, no password derivation.


def _bags(contents: Any, depth: int) -> list[Derivation]:
    if depth > _MAX_NESTING:
        raise ValueError("SafeContents nested too deeply")
    found: list[Derivation] = []
    for bag in contents:
        kind = bag["bag_id"].native
        if kind == "pkcs8_shrouded_key_bag":
            algorithm = bag["bag_value"]["encryption_algorithm"]
            found.append(Derivation(_PRIVATE_KEY, _iterations(algorithm)))
        elif kind == "safe_contents":
            found.extend(_bags(bag["bag_value"], depth + 1))
    return found


def _iterations(algorithm: Any) -> int:
    """The iteration count of a password-based encryption; 0 for anything else."""
    name = algorithm["algorithm"].native
    if name == "pbes2":
        kdf = algorithm["parameters"]["key_derivation_func"]
        if kdf["algorithm"].native == "pbkdf2":
            return int(kdf["parameters"]["iteration_count"].native)
        if kdf["algorithm"].native == _SCRYPT:
            # scrypt's work grows with N x r x p; count it as that many iterations.
            params = kdf["parameters"].parse(_ScryptParams)
            return _product(params, "cost_parameter", "block_size", "parallelization_parameter")
        return 0  # A KDF OpenSSL does not know: it refuses the file before any work.
    if name.startswith(("pbes1_", "pkcs12_")):
        return int(algorithm["parameters"]["iterations"].native)
    return 0


def _product(params: Any, *names: str) -> int:
    result = 1
    for name in names:
        result *= int(params[name].native)
    return result
