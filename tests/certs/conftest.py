"""Certificate fixtures generated with cryptography (and openssl for RC2-40) into tmp_path."""

from __future__ import annotations

import base64
import functools
import os
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from skm_bot.certs.inspect import Inspection, inspect_certificate

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
DAY = timedelta(days=1)
PASSWORD = b"canary-Pa55w0rd-7f3e"
SHA256_RSA = bytes.fromhex("06092a864886f70d01010b")
SHA1_RSA = bytes.fromhex("06092a864886f70d010105")

Key = CertificateIssuerPrivateKeyTypes
PEM = serialization.Encoding.PEM
PKCS8 = serialization.PrivateFormat.PKCS8
NO_ENC = serialization.NoEncryption()


@functools.cache
def rsa_key(bits: int) -> rsa.RSAPrivateKey:
    """RSA keys are slow to make, so each size is made once per run."""
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


@dataclass
class Issued:
    """A certificate with its key."""

    cert: x509.Certificate
    key: Key = field(repr=False)

    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(PEM)

    def key_pem(self, password: bytes | None = None) -> bytes:
        enc = serialization.BestAvailableEncryption(password) if password else NO_ENC
        return self.key.private_bytes(PEM, PKCS8, enc)

    def p12(self, password: bytes | None, chain: list[x509.Certificate] | None = None) -> bytes:
        enc = serialization.BestAvailableEncryption(password) if password else NO_ENC
        return pkcs12.serialize_key_and_certificates(b"client", self.key, self.cert, chain, enc)  # type: ignore[arg-type]


class Pki:
    """A root CA, an intermediate, an unrelated CA, and a factory for client certificates."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.root = self._ca("SKM Test Root", rsa_key(2048), None)
        self.inter = self._ca("SKM Test Intermediate", ec_key(), self.root)
        self.other = self._ca("Other CA", ec_key(), None)

    def _ca(self, cn: str, key: Key, parent: Issued | None) -> Issued:
        builder = self._builder(cn, key, parent, -3650 * DAY, 3650 * DAY)
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        builder = builder.add_extension(_key_usage(digital=False, cert_sign=True), True)
        signer = parent.key if parent else key
        return Issued(builder.sign(signer, hashes.SHA256()), key)

    def _builder(
        self, cn: str, key: Key, parent: Issued | None, start: timedelta, end: timedelta
    ) -> x509.CertificateBuilder:
        issuer = parent.cert.subject if parent else name(cn)
        return (
            x509.CertificateBuilder()
            .subject_name(name(cn))
            .issuer_name(issuer)
            .public_key(key.public_key())  # type: ignore[arg-type]
            .serial_number(x509.random_serial_number())
            .not_valid_before(self.now + start)
            .not_valid_after(self.now + end)
        )

    def leaf(
        self,
        cn: str = "skm-client",
        *,
        issuer: str = "root",
        key: Key | None = None,
        start: timedelta = -DAY,
        end: timedelta = 365 * DAY,
        eku: tuple[x509.ObjectIdentifier, ...] | None = (ExtendedKeyUsageOID.CLIENT_AUTH,),
        digital: bool = True,
        ca: bool = False,
        ip_san: str | None = None,
    ) -> Issued:
        key = key or ec_key()
        parent = {"root": self.root, "inter": self.inter, "other": self.other, "self": None}[issuer]
        builder = self._builder(cn, key, parent, start, end)
        builder = builder.add_extension(x509.BasicConstraints(ca=ca, path_length=None), True)
        builder = builder.add_extension(_key_usage(digital=digital, cert_sign=ca), True)
        if eku is not None:
            builder = builder.add_extension(x509.ExtendedKeyUsage(list(eku)), False)
        if ip_san is not None:
            san = x509.SubjectAlternativeName([x509.IPAddress(IPv4Address(ip_san))])
            builder = builder.add_extension(san, False)
        signer = parent.key if parent else key
        return Issued(builder.sign(signer, hashes.SHA256()), key)

    def sha1_leaf(self) -> Issued:
        """Builders refuse SHA-1, so re-sign a SHA-256 certificate's TBS with SHA-1 by hand."""
        good = self.leaf()
        der = good.cert.public_bytes(serialization.Encoding.DER).replace(SHA256_RSA, SHA1_RSA)
        tbs = x509.load_der_x509_certificate(der).tbs_certificate_bytes
        root_key = self.root.key
        assert isinstance(root_key, rsa.RSAPrivateKey)
        signature = root_key.sign(tbs, padding.PKCS1v15(), hashes.SHA1())
        return Issued(x509.load_der_x509_certificate(der[: -len(signature)] + signature), good.key)

    def crl(self, *revoked: x509.Certificate) -> x509.CertificateRevocationList:
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.root.cert.subject)
            .last_update(self.now - DAY)
            .next_update(self.now + 7 * DAY)
        )
        for cert in revoked:
            entry = (
                x509.RevokedCertificateBuilder()
                .serial_number(cert.serial_number)
                .revocation_date(self.now - DAY)
                .build()
            )
            builder = builder.add_revoked_certificate(entry)
        return builder.sign(self.root.key, hashes.SHA256())  # type: ignore[arg-type]


def _key_usage(*, digital: bool, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=digital,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


@pytest.fixture(scope="session")
def pki() -> Pki:
    """A PKI on the fixed clock NOW, for offline inspection."""
    return Pki(NOW)


@dataclass
class Case:
    """One file to inspect, and what to inspect it with."""

    path: Path
    password: bytes | None = None
    ca_bundle: list[x509.Certificate] | None = None
    crl: x509.CertificateRevocationList | None = None


def write(path: Path, data: bytes, mode: int = 0o600) -> Path:
    path.write_bytes(data)
    path.chmod(mode)
    return path


def openssl_rc2_p12(issued: Issued, directory: Path, password: bytes) -> bytes:
    """A legacy RC2-40 PKCS#12 from the openssl command; skips where it cannot be made."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    cert = write(directory / "rc2-cert.pem", issued.cert_pem())
    key = write(directory / "rc2-key.pem", issued.key_pem())
    out = directory / "rc2.p12"
    env = {**os.environ, "RC2_PASS": password.decode()}
    command = ["openssl", "pkcs12", "-export", "-legacy", "-in", str(cert), "-inkey", str(key)]
    done = subprocess.run(
        [*command, "-out", str(out), "-passout", "env:RC2_PASS"],
        capture_output=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"openssl could not write RC2-40 (legacy provider missing?): {done.stderr!r}")
    return out.read_bytes()


CaseBuilder = Callable[[Pki, Path], Case]


def _good_p12(pki: Pki, d: Path) -> Case:
    return Case(write(d / "client.p12", pki.leaf().p12(PASSWORD)), PASSWORD, [pki.root.cert])


def _pem(pki: Pki, d: Path, issued: Issued, **kwargs: object) -> Case:
    data = issued.cert_pem() + issued.key_pem()
    kwargs.setdefault("ca_bundle", [pki.root.cert])
    return Case(write(d / "client.pem", data), **kwargs)  # type: ignore[arg-type]


def _truncated_p12(pki: Pki, d: Path) -> Case:
    data = pki.leaf().p12(PASSWORD)
    return Case(write(d / "client.p12", data[: len(data) // 2]), PASSWORD, [pki.root.cert])


def _p12_no_key(pki: Pki, d: Path) -> Case:
    enc = serialization.BestAvailableEncryption(PASSWORD)
    data = pkcs12.serialize_key_and_certificates(b"c", None, pki.leaf().cert, None, enc)
    return Case(write(d / "client.p12", data), PASSWORD, [pki.root.cert])


def _mismatch(pki: Pki, d: Path) -> Case:
    data = pki.leaf().cert_pem() + pki.leaf().key_pem()
    return Case(write(d / "client.pem", data), ca_bundle=[pki.root.cert])


def _wrong_order(pki: Pki, d: Path) -> Case:
    leaf = pki.leaf(issuer="inter")
    data = pki.inter.cert_pem() + leaf.cert_pem() + leaf.key_pem()
    return Case(write(d / "client.pem", data), ca_bundle=[pki.root.cert])


def _missing_intermediate(pki: Pki, d: Path) -> Case:
    return _pem(pki, d, pki.leaf(issuer="inter"), ca_bundle=[pki.root.cert, pki.inter.cert])


def _revoked(pki: Pki, d: Path) -> Case:
    leaf = pki.leaf()
    return _pem(pki, d, leaf, crl=pki.crl(leaf.cert))


def _base64_p12(pki: Pki, d: Path) -> Case:
    data = base64.encodebytes(pki.leaf().p12(PASSWORD))
    return Case(write(d / "client.p12", data), PASSWORD, [pki.root.cert])


def _der_named_pem(pki: Pki, d: Path) -> Case:
    data = pki.leaf().cert.public_bytes(serialization.Encoding.DER)
    return Case(write(d / "client.pem", data), ca_bundle=[pki.root.cert])


def _truncated_pem(pki: Pki, d: Path) -> Case:
    data = pki.leaf().cert_pem()
    return Case(write(d / "client.pem", data[: len(data) // 2]), ca_bundle=[pki.root.cert])


CASES: dict[str, CaseBuilder] = {
    "good_p12": _good_p12,
    "good_pem": lambda p, d: _pem(p, d, p.leaf()),
    "good_p12_no_password": lambda p, d: Case(
        write(d / "client.p12", p.leaf().p12(None)), None, [p.root.cert]
    ),
    "good_chain_with_intermediate": lambda p, d: Case(
        write(d / "client.p12", p.leaf(issuer="inter").p12(PASSWORD, [p.inter.cert])),
        PASSWORD,
        [p.root.cert],
    ),
    "empty": lambda p, d: Case(write(d / "client.p12", b""), PASSWORD),
    "garbage": lambda p, d: Case(write(d / "client.p12", os.urandom(64) + b"\x00"), PASSWORD),
    "truncated_p12": _truncated_p12,
    "truncated_pem": _truncated_pem,
    "p12_wrong_password": lambda p, d: Case(
        write(d / "client.p12", p.leaf().p12(PASSWORD)), b"not-it", [p.root.cert]
    ),
    "p12_no_password_given": lambda p, d: Case(
        write(d / "client.p12", p.leaf().p12(PASSWORD)), None, [p.root.cert]
    ),
    "p12_password_not_needed": lambda p, d: Case(
        write(d / "client.p12", p.leaf().p12(None)), PASSWORD, [p.root.cert]
    ),
    "p12_no_key": _p12_no_key,
    "der_named_pem": _der_named_pem,
    "base64_p12": _base64_p12,
    "pem_named_p12": lambda p, d: Case(
        write(d / "client.p12", (lf := p.leaf()).cert_pem() + lf.key_pem()), None, [p.root.cert]
    ),
    "key_only": lambda p, d: Case(write(d / "client.pem", p.leaf().key_pem())),
    "pem_key_encrypted_no_password": lambda p, d: Case(
        write(d / "client.pem", (lf := p.leaf()).cert_pem() + lf.key_pem(PASSWORD)),
    ),
    "pem_key_wrong_password": lambda p, d: Case(
        write(d / "client.pem", (lf := p.leaf()).cert_pem() + lf.key_pem(PASSWORD)), b"nope"
    ),
    "pem_key_password_not_needed": lambda p, d: _pem(p, d, p.leaf(), password=PASSWORD),
    "mismatched_key": _mismatch,
    "wrong_order": _wrong_order,
    "cert_only_pem": lambda p, d: Case(
        write(d / "c.pem", p.leaf().cert_pem()), None, [p.root.cert]
    ),
    "self_signed": lambda p, d: _pem(p, d, p.leaf(issuer="self")),
    "other_ca": lambda p, d: _pem(p, d, p.leaf(issuer="other")),
    "missing_intermediate": _missing_intermediate,
    "no_ca_bundle": lambda p, d: Case(write(d / "client.p12", p.leaf().p12(PASSWORD)), PASSWORD),
    "revoked": _revoked,
    "expired": lambda p, d: _pem(p, d, p.leaf(start=-100 * DAY, end=-3 * DAY)),
    "not_yet_valid": lambda p, d: _pem(p, d, p.leaf(start=2 * timedelta(hours=1))),
    "expiring_soon": lambda p, d: _pem(p, d, p.leaf(end=12 * DAY)),
    "no_client_auth": lambda p, d: _pem(p, d, p.leaf(eku=(ExtendedKeyUsageOID.SERVER_AUTH,))),
    "no_digital_signature": lambda p, d: _pem(p, d, p.leaf(digital=False)),
    "ca_flag": lambda p, d: _pem(p, d, p.leaf(ca=True)),
    "weak_rsa_1024": lambda p, d: _pem(p, d, p.leaf(key=rsa_key(1024))),
    "sha1_signature": lambda p, d: _pem(p, d, p.sha1_leaf()),
    "world_readable_key": lambda p, d: Case(
        write(d / "client.pem", (lf := p.leaf()).cert_pem() + lf.key_pem(), 0o644),
        ca_bundle=[p.root.cert],
    ),
}


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """`cert inspect` speaks the locale's language: the tests read English unless they say."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture
def make_case(pki: Pki, tmp_path: Path) -> Callable[[str], Case]:
    """Build a named case's file in tmp_path."""
    return lambda case: CASES[case](pki, tmp_path)


@pytest.fixture
def now() -> datetime:
    """The fixed clock the offline PKI was built on."""
    return NOW


@pytest.fixture
def canary() -> bytes:
    """The password every encrypted fixture uses; it must never appear in any output."""
    return PASSWORD


@pytest.fixture
def inspect_case(make_case: Callable[[str], Case]) -> Callable[..., Inspection]:
    """Build a named case and inspect it the way the CLI does: bytes, mode, fixed clock."""

    def run(case_name: str, **kwargs: object) -> Inspection:
        case = make_case(case_name)
        return inspect_certificate(
            case.path.read_bytes(),
            filename=case.path.name,
            password=case.password,
            now=NOW,
            ca_bundle=case.ca_bundle,
            crl=case.crl,
            file_mode=case.path.stat().st_mode,
            **kwargs,  # type: ignore[arg-type]
        )

    return run


@pytest.fixture
def rc2_p12(pki: Pki, tmp_path: Path) -> bytes:
    """A PKCS#12 encrypted with RC2-40 by `openssl pkcs12 -export -legacy`, password PASSWORD."""
    return openssl_rc2_p12(pki.leaf(), tmp_path, PASSWORD)


CONFIRM_BODY = (
    b'{"header":{"resultCode":0,"resultMessage":"SUCCESS","isSuccessful":true},'
    b'"body":{"clientIp":"127.0.0.1","clientMacHeader":null,"clientSentCertificate":%s}}'
)


class ConfirmServer:
    """
    A tiny threaded HTTPS server that verifies client certificates with its own test CA.

    It answers any request with SKM's /confirm envelope; `clientSentCertificate` says whether
    the client presented a certificate (meaningful with CERT_OPTIONAL).
    """

    def __init__(self, context: ssl.SSLContext) -> None:
        self.context = context
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def endpoint(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=10)
        self.listener.close()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(5)
                self._answer(conn)

    def _answer(self, conn: socket.socket) -> None:
        try:
            with self.context.wrap_socket(conn, server_side=True) as tls:
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = tls.recv(4096)
                    if not chunk:
                        return
                    request += chunk
                sent = b"true" if tls.getpeercert() else b"false"
                body = CONFIRM_BODY % sent
                head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                head += b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
                tls.sendall(head + body)
        except (ssl.SSLError, OSError):
            return  # The client was refused or went away: that is the point of most tests.


@dataclass
class LivePki:
    """A PKI on the real clock (the server checks dates against it) with files on disk."""

    pki: Pki
    directory: Path

    @property
    def ca_file(self) -> Path:
        return write(self.directory / "ca.pem", self.pki.root.cert_pem())

    def server_context(self, maximum: ssl.TLSVersion, mode: ssl.VerifyMode) -> ssl.SSLContext:
        server = self.pki.leaf(
            "127.0.0.1", eku=(ExtendedKeyUsageOID.SERVER_AUTH,), ip_san="127.0.0.1"
        )
        chain = write(self.directory / "server.pem", server.cert_pem() + server.key_pem())
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.maximum_version = maximum
        context.load_cert_chain(chain)
        context.verify_mode = mode
        context.load_verify_locations(cafile=self.ca_file)
        return context


@pytest.fixture(scope="session")
def live_pki(tmp_path_factory: pytest.TempPathFactory) -> LivePki:
    return LivePki(Pki(datetime.now(UTC)), tmp_path_factory.mktemp("live"))


@pytest.fixture(params=[ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3], ids=["tls12", "tls13"])
def tls_version(request: pytest.FixtureRequest) -> ssl.TLSVersion:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def mtls_server(live_pki: LivePki, tls_version: ssl.TLSVersion) -> Iterator[ConfirmServer]:
    """A server that requires a client certificate, pinned to one TLS version."""
    server = ConfirmServer(live_pki.server_context(tls_version, ssl.CERT_REQUIRED))
    yield server
    server.close()


@pytest.fixture
def optional_server(live_pki: LivePki) -> Iterator[ConfirmServer]:
    """A server that asks for, but does not require, a client certificate."""
    server = ConfirmServer(live_pki.server_context(ssl.TLSVersion.TLSv1_3, ssl.CERT_OPTIONAL))
    yield server
    server.close()
