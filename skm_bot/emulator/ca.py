"""The emulator's own CA: its server certificate and (sometimes deliberately flawed) client ones."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_CA_FILE = "ca.pem"
_CA_KEY_FILE = "ca-key.pem"


class ClientCertKind(Enum):
    """The client certificates tests and demos can ask for."""

    GOOD = "good"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    NO_CLIENT_AUTH = "no_client_auth"
    OTHER_CA = "other_ca"


@dataclass(frozen=True)
class IssuedCertificate:
    """A leaf certificate, its private key, and the CA that signed it."""

    certificate: x509.Certificate
    private_key: ec.EllipticCurvePrivateKey
    issuer: x509.Certificate

    @property
    def cert_pem(self) -> str:
        """The leaf in PEM."""
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")

    @property
    def key_pem(self) -> str:
        """The unencrypted PKCS#8 private key in PEM."""
        return self.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode("ascii")

    @property
    def issuer_pem(self) -> str:
        """The issuing CA's certificate in PEM."""
        return self.issuer.public_bytes(serialization.Encoding.PEM).decode("ascii")

    @property
    def fingerprint_sha256(self) -> str:
        """Hex SHA-256 of the leaf's DER: how the emulator recognises a presented certificate."""
        return self.certificate.fingerprint(hashes.SHA256()).hex()

    def pkcs12(self, password: str, name: str = "skm-client") -> bytes:
        """A password-protected PKCS#12 bundle (key, leaf, issuing CA), as SKM hands out."""
        return pkcs12.serialize_key_and_certificates(
            name.encode(),
            self.private_key,
            self.certificate,
            [self.issuer],
            serialization.BestAvailableEncryption(password.encode()),
        )


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "SKM Emulator"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


class EmulatorCA:
    """A self-signed EC P-256 CA that issues the server certificate and client certificates."""

    def __init__(self, certificate: x509.Certificate, private_key: ec.EllipticCurvePrivateKey):
        self.certificate = certificate
        self.private_key = private_key

    @classmethod
    def generate(
        cls, common_name: str = "SKM Emulator CA", now: datetime | None = None
    ) -> EmulatorCA:
        """A new CA valid from a day ago for ten years."""
        moment = now or datetime.now(UTC)
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name))
            .issuer_name(_name(common_name))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(moment - timedelta(days=1))
            .not_valid_after(moment + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_ca_key_usage(), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        )
        return cls(builder.sign(key, hashes.SHA256()), key)

    @classmethod
    def load(cls, directory: Path) -> EmulatorCA:
        """Read a CA saved by `save`."""
        cert = x509.load_pem_x509_certificate((directory / _CA_FILE).read_bytes())
        key = serialization.load_pem_private_key((directory / _CA_KEY_FILE).read_bytes(), None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError("the saved CA key is not an EC key")
        return cls(cert, key)

    def save(self, directory: Path) -> Path:
        """Write ca.pem and ca-key.pem (0600) into `directory`; returns the ca.pem path."""
        directory.mkdir(parents=True, exist_ok=True)
        cert_path = directory / _CA_FILE
        cert_path.write_text(self.cert_pem)
        key_path = directory / _CA_KEY_FILE
        key_path.touch(mode=0o600)
        key_path.write_bytes(
            self.private_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        return cert_path

    @property
    def cert_pem(self) -> str:
        """The CA certificate in PEM (what clients trust)."""
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")

    def issue(
        self,
        common_name: str,
        *,
        not_before: datetime,
        not_after: datetime,
        usage: x509.ObjectIdentifier = ExtendedKeyUsageOID.CLIENT_AUTH,
        hosts: tuple[str, ...] = (),
    ) -> IssuedCertificate:
        """Sign a new leaf with its own EC key; `hosts` become DNS/IP subject alternative names."""
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name))
            .issuer_name(self.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_leaf_key_usage(), critical=True)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.private_key.public_key()),
                critical=False,
            )
        )
        if hosts:
            builder = builder.add_extension(x509.SubjectAlternativeName(_sans(hosts)), False)
        return IssuedCertificate(
            builder.sign(self.private_key, hashes.SHA256()), key, self.certificate
        )

    def issue_server_certificate(
        self, hosts: tuple[str, ...] = ("localhost", "127.0.0.1"), now: datetime | None = None
    ) -> IssuedCertificate:
        """The emulator's own TLS server certificate."""
        moment = now or datetime.now(UTC)
        return self.issue(
            hosts[0],
            not_before=moment - timedelta(days=1),
            not_after=moment + timedelta(days=825),
            usage=ExtendedKeyUsageOID.SERVER_AUTH,
            hosts=hosts,
        )


def mint_client_certificate(
    ca: EmulatorCA,
    kind: ClientCertKind | str = ClientCertKind.GOOD,
    *,
    common_name: str = "skm-emulator-client",
    lifetime_days: int = 365,
    now: datetime | None = None,
) -> IssuedCertificate:
    """Issue a client certificate of the given kind.

    Args:
        ca: the emulator CA (ignored for `other_ca`, which uses a throwaway CA of the same name).
        kind: good, expired (ended a day ago), not_yet_valid (starts tomorrow), no_client_auth
            (EKU serverAuth only, so the TLS layer refuses it) or other_ca.
        common_name: the subject CN.
        lifetime_days: validity of a good certificate.
        now: the reference time (defaults to the wall clock).
    """
    moment = now or datetime.now(UTC)
    chosen = ClientCertKind(kind)
    day = timedelta(days=1)
    start, end = moment - day, moment + timedelta(days=lifetime_days)
    usage = ExtendedKeyUsageOID.CLIENT_AUTH
    issuer = ca
    if chosen is ClientCertKind.EXPIRED:
        start, end = moment - timedelta(days=lifetime_days + 1), moment - day
    elif chosen is ClientCertKind.NOT_YET_VALID:
        start, end = moment + day, moment + timedelta(days=lifetime_days)
    elif chosen is ClientCertKind.NO_CLIENT_AUTH:
        usage = ExtendedKeyUsageOID.SERVER_AUTH
    elif chosen is ClientCertKind.OTHER_CA:
        subject_cn = ca.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
        issuer = EmulatorCA.generate(str(subject_cn), now=moment)
    return issuer.issue(common_name, not_before=start, not_after=end, usage=usage)


def _ca_key_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )


def _leaf_key_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def _sans(hosts: tuple[str, ...]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return names
