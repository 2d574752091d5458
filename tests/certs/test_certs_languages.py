"""
Certificate inspections and the cert.* checks, read in Japanese and Korean.

Every fixture case and a set of crafted files are inspected and reported (text and JSON) in ja
and ko; every outcome of cert.inspect, cert.registered and cert.handshake is worded in both.
No run of English words may remain but names, codes, identifiers and quoted system messages
(tests/untranslated.py), and together they reach every phrase of the inspector and the checks.
"""

from __future__ import annotations

import os
import socket
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec
from cryptography.hazmat.primitives.serialization import pkcs12
from pydantic import SecretStr

from skm_bot.certs.findings import Finding
from skm_bot.certs.handshake import ClientCredentials, probe_handshake
from skm_bot.certs.inspect import Inspection, inspect_certificate
from skm_bot.certs.limits import Limits
from skm_bot.certs.report import cert_label, headline, one_line, render_text
from skm_bot.certs.tls_alerts import ALERTS, ProbeCode, ProbeResult, classify
from skm_bot.checks.certificates import CERT_CHECKS, handshake_verdict
from skm_bot.checks.context import CheckContext
from skm_bot.checks.verdicts import Verdict
from skm_bot.core.check_result import Status
from skm_bot.core.facts import Facts
from skm_bot.core.phrases import Phrase, load_phrasebook, phrase, verbatim
from skm_bot.core.profile import Profile
from tests.certs.conftest import CASES, NOW, PASSWORD, Pki, name, rsa_key, write
from tests.certs.crafted import with_mac_iterations
from tests.untranslated import english_runs

# A sweep (every certificate finding in every language): in the full suite, not the fast loop.
pytestmark = pytest.mark.slow

LANGUAGES = ("ja", "ko")
DAY = timedelta(days=1)
DER = serialization.Encoding.DER
PEM = serialization.Encoding.PEM


@dataclass
class Input:
    """A certificate file and what it is inspected with."""

    data: bytes
    filename: str = "client.pem"
    password: bytes | None = None
    ca_bundle: list[x509.Certificate] | None = None
    crl: x509.CertificateRevocationList | None = None
    limits: Limits = field(default_factory=Limits)
    mode: int = 0o600


def _damaged_key_cert(pki: Pki) -> x509.Certificate:
    """A certificate whose EC point starts 05, not 04: it loads, but its public key does not."""
    der = pki.leaf().cert.public_bytes(DER)
    at = der.index(b"\x03\x42\x00\x04") + 3
    return x509.load_der_x509_certificate(der[:at] + b"\x05" + der[at + 1 :])


def _csr(pki: Pki) -> Input:
    key = ec.generate_private_key(ec.SECP256R1())
    request = (
        x509.CertificateSigningRequestBuilder().subject_name(name("c")).sign(key, hashes.SHA256())
    )
    return Input(request.public_bytes(PEM))


def _key_cipher(pki: Pki) -> Input:
    """CBC lets one IV bit flip the first plaintext block: the key's algorithm OID."""
    iv = bytes.fromhex("060960864801650304012a0410")
    key = bytearray(
        pki.leaf().key.private_bytes(
            DER, serialization.PrivateFormat.PKCS8, serialization.BestAvailableEncryption(PASSWORD)
        )
    )
    key[key.index(iv) + len(iv) + 15] ^= 0x01
    return Input(bytes(key), "k.der", PASSWORD)


def _rotated_ca(pki: Pki) -> Input:
    """The bundle's CA has the issuer's name but another key: a rotated or different CA."""
    leaf = pki.leaf(issuer="inter")
    return Input(leaf.cert_pem() + leaf.key_pem(), ca_bundle=[Pki(NOW).inter.cert])


def _chain_ends_elsewhere(pki: Pki) -> Input:
    leaf = pki.leaf(issuer="other")
    data = leaf.cert_pem() + pki.other.cert_pem() + leaf.key_pem()
    return Input(data, ca_bundle=[pki.root.cert])


def _pem(issued: Any, **kwargs: Any) -> Input:
    return Input(issued.cert_pem() + issued.key_pem(), **kwargs)


MORE: dict[str, Callable[[Pki], Input]] = {
    "too_many_certificates": lambda p: Input(
        p.leaf().cert_pem() + p.root.cert_pem() * 3, limits=Limits(certificates=2)
    ),
    "kdf_iterations": lambda p: Input(
        with_mac_iterations(p.leaf().p12(PASSWORD), 2**31 - 1), "c.p12", PASSWORD
    ),
    "crl_of_another_ca": lambda p: _pem(
        p.leaf(issuer="inter"), ca_bundle=[p.root.cert], crl=p.crl()
    ),
    "chain_ends_elsewhere": _chain_ends_elsewhere,
    "rotated_ca": _rotated_ca,
    "csr_only": _csr,
    "private_key_garbage": lambda p: Input(
        p.leaf().cert_pem() + b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
    ),
    "damaged_pem_block": lambda p: Input(
        p.leaf().cert_pem() + b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    ),
    "damaged_der_certificate": lambda p: Input(_damaged_key_cert(p).public_bytes(DER), "c.der"),
    "damaged_p12_certificate": lambda p: Input(
        pkcs12.serialize_key_and_certificates(
            b"c", None, _damaged_key_cert(p), None, serialization.NoEncryption()
        ),
        "c.p12",
    ),
    "not_pkcs12": lambda p: Input(
        (real := p.leaf().p12(PASSWORD))[:4] + b"\x02\x01\x03" + b"\xff" * (len(real) - 7),
        "c.p12",
        PASSWORD,
    ),
    "key_cipher": _key_cipher,
    "der_private_key": lambda p: Input(
        p.leaf().key.private_bytes(
            DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        "k.der",
    ),
    "leaf_not_first": lambda p: Input(
        p.leaf("someone-else").cert_pem() + (lf := p.leaf()).cert_pem() + lf.key_pem()
    ),
    "p12_key_only": lambda p: Input(
        pkcs12.serialize_key_and_certificates(
            b"k", p.leaf().key, None, None, serialization.NoEncryption()
        ),
        "k.p12",
    ),
    "weak_ec": lambda p: _pem(p.leaf(key=ec.generate_private_key(ec.SECP192R1()))),
    "dsa": lambda p: _pem(p.leaf(key=dsa.generate_private_key(2048))),
}


def _inspect(given: Input) -> Inspection:
    return inspect_certificate(
        given.data,
        filename=given.filename,
        password=given.password,
        now=NOW,
        ca_bundle=given.ca_bundle,
        crl=given.crl,
        file_mode=given.mode,
        limits=given.limits,
    )


def _case_input(make_case: Callable[[str], Any], case: str) -> Input:
    made = make_case(case)
    return Input(
        made.path.read_bytes(),
        made.path.name,
        made.password,
        made.ca_bundle,
        made.crl,
        mode=made.path.stat().st_mode,
    )


def report_texts(inspection: Inspection, language: str) -> list[str]:
    """Everything a reader sees of an inspection: the text report and the JSON's texts."""
    texts = render_text(inspection, language).splitlines()  # type: ignore[arg-type]
    for found in inspection.to_json(language)["findings"]:  # type: ignore[arg-type]
        texts += [found["summary"], found["observed"], found["expected"], found["next_action"]]
    return texts


def left_in_english(texts: list[str]) -> list[str]:
    return [run for text in texts for run in english_runs(text)]


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_fixture_case_reads_in_the_language(make_case, case, language):
    inspection = _inspect(_case_input(make_case, case))

    assert left_in_english(report_texts(inspection, language)) == []


@pytest.mark.parametrize("case", sorted(MORE))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_crafted_file_reads_in_the_language(pki, case, language):
    inspection = _inspect(MORE[case](pki))

    assert (inspection.findings != (), left_in_english(report_texts(inspection, language))) == (
        True,
        [],
    )


def test_the_legacy_rc2_file_reads_in_japanese_and_korean(rc2_p12):
    inspection = _inspect(Input(rc2_p12, "c.p12", PASSWORD))

    assert [left_in_english(report_texts(inspection, lang)) for lang in LANGUAGES] == [[], []]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ja", ("実際：", "期待：", "次の対処：", "問題は見つかりませんでした")),
        ("ko", ("실제: ", "기대: ", "다음 조치: ", "문제가 발견되지")),
    ],
)
def test_the_reports_own_words_are_in_the_language(make_case, pki, language, words):
    """The lines around the findings; `No problems found.` only for a clean file."""
    text = render_text(_inspect(_case_input(make_case, "expired")), language)  # type: ignore[arg-type]
    text += render_text(_inspect(_case_input(make_case, "good_pem")), language)  # type: ignore[arg-type]

    assert [word for word in words if word not in text] == []


def _finding_keys(finding: Finding) -> set[str]:
    said = [finding.summary, finding.next_action, one_line(finding)]
    said += [p for p in (finding.observed, finding.expected) if p is not None]
    if finding.cert is not None:
        said.append(cert_label(finding.cert, validity=True))
    return {key for p in said for key in p.keys_used()}


# Reached only where the test machine allows, and checked there: the openssl command with its
# legacy provider makes RC2 files (test above, and test_certs_kdf_limits.py); whether this
# OpenSSL decrypts RC2 decides which of the two codes a file gets.
ENVIRONMENT_BOUND = {
    "finding.p12_legacy_rc2.summary",
    "finding.p12_legacy_rc2.observed",
    "finding.p12_legacy_rc2.expected",
    "finding.p12_legacy_rc2_unsupported.summary",
    "finding.p12_legacy_rc2_unsupported.observed",
    "cert.fix.reexport_aes",
    # An extendedKeyUsage with no usage at all cannot be built with cryptography.
    "finding.eku_no_client_auth.none",
}
REPORT_WORDS = {
    "cert.report.certificate",
    "cert.report.observed",
    "cert.report.expected",
    "cert.report.next",
    "cert.report.no_problems",
}


def test_the_inspections_reach_every_finding_phrase(make_case, pki):
    """A finding phrase added without a case that shows it fails here."""
    reached: set[str] = set()
    inputs = [_case_input(make_case, case) for case in CASES] + [m(pki) for m in MORE.values()]
    for given in inputs:
        inspection = _inspect(given)
        reached |= headline(inspection).keys_used()
        for found in inspection.findings:
            reached |= _finding_keys(found)
    wanted = {
        key
        for key in load_phrasebook()
        if key.startswith(
            (
                "finding.",
                "cert.fix.",
                "cert.kdf.",
                "cert.container.",
                "cert.report.",
                "cert.severity.",
            )
        )
    }

    assert sorted(wanted - reached - ENVIRONMENT_BOUND - REPORT_WORDS) == []


# ── cert.inspect, cert.registered, cert.handshake ──────────────────────────────────────────


@dataclass(frozen=True)
class Registered:
    name: str
    expiration_date: datetime | None
    deletion_datetime: datetime | None = None


class FakeSkm:
    """Answers list_certificates from keystore 7's entries."""

    def __init__(self, *entries: Registered) -> None:
        self.entries = list(entries)

    async def list_certificates(self, keystore_id: int) -> list[Registered]:
        return self.entries


@dataclass
class Files:
    """Where the outcomes' files live, made on demand."""

    pki: Pki
    tmp_path: Path

    def p12(self, issued: Any = None) -> Path:
        issued = issued or self.pki.leaf("skm-prod")
        return write(self.tmp_path / "skm-prod.p12", issued.p12(PASSWORD))

    def cert_only(self) -> Path:
        return write(self.tmp_path / "c.pem", self.pki.leaf().cert_pem())

    def key_only(self) -> Path:
        return write(self.tmp_path / "k.pem", self.pki.leaf().key_pem())

    def zero_link(self) -> Path:
        link = self.tmp_path / "zero.pem"
        link.symlink_to("/dev/zero")
        return link

    def fifo(self) -> Path:
        path = self.tmp_path / "fifo.pem"
        os.mkfifo(path)
        return path

    def socket_file(self) -> Path:
        path = self.tmp_path / "s.pem"
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(str(path))
        return path

    def loop(self) -> Path:
        path = self.tmp_path / "loop.pem"
        path.symlink_to(path)
        return path

    def too_large(self) -> Path:
        return write(self.tmp_path / "big.pem", b"\0" * (4 * 1024 * 1024 + 1))

    def not_pem(self) -> Path:
        return write(self.tmp_path / "ca.pem", b"not a certificate")


Make = Callable[[Files], CheckContext]


def ctx(
    path: Path | None = None, api: Any = None, *, live: bool = True, **profile: Any
) -> CheckContext:
    settings = Profile(
        name="test",
        certificate_path=path,
        certificate_password=SecretStr(PASSWORD.decode()),
        keystore_ids=(7,),
        **profile,
    )
    return CheckContext(facts=Facts(), now=NOW, profile=settings, api=api if live else None)


@dataclass(frozen=True)
class Outcome:
    name: str
    check_id: str
    status: Status
    make: Make


def _registered(*entries: Registered) -> Make:
    return lambda files: ctx(files.p12(), FakeSkm(*entries))


def _expiry(files: Files) -> datetime:
    return files.pki.leaf("skm-prod").cert.not_valid_after_utc


def _matching(**kwargs: Any) -> Make:
    def make(files: Files) -> CheckContext:
        issued = files.pki.leaf("skm-prod")
        path = files.p12(issued)
        entry = Registered("skm-prod", issued.cert.not_valid_after_utc, **kwargs)
        return ctx(path, FakeSkm(entry))

    return make


def _other_download(files: Files) -> CheckContext:
    return ctx(files.p12(), FakeSkm(Registered("skm-prod", NOW + 900 * DAY)))


OFFLINE = CheckContext(facts=Facts(), now=NOW)
NO_CLIENT = CheckContext(facts=Facts(), now=NOW, profile=Profile(name="test"))
P, F, W, S = Status.PASS, Status.FAIL, Status.WARN, Status.SKIP

CHECK_OUTCOMES = [
    Outcome("inspect_offline", "cert.inspect", S, lambda f: OFFLINE),
    Outcome("inspect_not_configured", "cert.inspect", S, lambda f: ctx()),
    Outcome("inspect_good", "cert.inspect", P, lambda f: ctx(f.p12())),
    Outcome(
        "inspect_good_with_ca",
        "cert.inspect",
        P,
        lambda f: ctx(f.p12(), ca_bundle=write(f.tmp_path / "root.pem", f.pki.root.cert_pem())),
    ),
    Outcome("inspect_missing", "cert.inspect", F, lambda f: ctx(f.tmp_path / "nope.p12")),
    Outcome("inspect_not_a_directory", "cert.inspect", F, lambda f: ctx(f.p12() / "x")),
    Outcome("inspect_link_loop", "cert.inspect", F, lambda f: ctx(f.loop())),
    Outcome("inspect_directory", "cert.inspect", F, lambda f: ctx(f.tmp_path)),
    Outcome("inspect_device_link", "cert.inspect", F, lambda f: ctx(f.zero_link())),
    Outcome("inspect_fifo", "cert.inspect", F, lambda f: ctx(f.fifo())),
    Outcome("inspect_socket", "cert.inspect", F, lambda f: ctx(f.socket_file())),
    Outcome("inspect_too_large", "cert.inspect", F, lambda f: ctx(f.too_large())),
    Outcome("inspect_ca_not_pem", "cert.inspect", F, lambda f: ctx(f.p12(), ca_bundle=f.not_pem())),
    Outcome("inspect_key_only", "cert.inspect", F, lambda f: ctx(f.key_only())),
    Outcome("registered_offline", "cert.registered", S, lambda f: OFFLINE),
    Outcome("registered_no_client", "cert.registered", S, lambda f: NO_CLIENT),
    Outcome(
        "registered_no_keystores",
        "cert.registered",
        S,
        lambda f: CheckContext(
            facts=Facts(),
            now=NOW,
            profile=Profile(name="t", certificate_path=f.p12()),
            api=FakeSkm(),  # type: ignore[arg-type]
        ),
    ),
    Outcome("registered_unreadable", "cert.registered", F, lambda f: ctx(f.zero_link(), FakeSkm())),
    Outcome(
        "registered_no_certificate", "cert.registered", S, lambda f: ctx(f.key_only(), FakeSkm())
    ),
    Outcome("registered", "cert.registered", P, _matching()),
    Outcome(
        "registered_pending_deletion",
        "cert.registered",
        F,
        _matching(deletion_datetime=NOW + 6 * DAY),
    ),
    Outcome("registered_other_download", "cert.registered", W, _other_download),
    Outcome(
        "registered_none_matches",
        "cert.registered",
        F,
        _registered(Registered("someone-else", None), Registered("x", NOW, NOW + DAY)),
    ),
    Outcome("handshake_offline", "cert.handshake", S, lambda f: OFFLINE),
    Outcome("handshake_not_configured", "cert.handshake", S, lambda f: ctx(api=FakeSkm())),
    Outcome("handshake_unreadable", "cert.handshake", F, lambda f: ctx(f.fifo(), FakeSkm())),
    Outcome("handshake_no_key", "cert.handshake", S, lambda f: ctx(f.cert_only(), FakeSkm())),
]


async def verdict_of(outcome: Outcome, files: Files) -> Verdict:
    context = outcome.make(files)
    check = CERT_CHECKS[outcome.check_id]
    verdict: Verdict = await check.__wrapped__(context)  # type: ignore[attr-defined]
    return verdict


def worded(verdict: Verdict, language: str) -> list[str]:
    result = verdict.worded(language)  # type: ignore[arg-type]
    return [result.summary, *result.details]


@pytest.mark.parametrize("outcome", CHECK_OUTCOMES, ids=lambda o: o.name)
@pytest.mark.anyio
async def test_every_certificate_check_outcome_reads_in_the_language(pki, tmp_path, outcome):
    verdict = await verdict_of(outcome, Files(pki, tmp_path))

    assert verdict.status is outcome.status
    assert [left_in_english(worded(verdict, lang)) for lang in LANGUAGES] == [[], []]


def _ssl_error(reason: str) -> ssl.SSLError:
    error = ssl.SSLError(1, f"[SSL: {reason}] {reason.lower()}")
    error.reason = reason  # type: ignore[misc]
    return error


def _verify_error() -> ssl.SSLCertVerificationError:
    error = ssl.SSLCertVerificationError(1, "certificate verify failed")
    error.verify_code = 20  # type: ignore[misc]
    error.verify_message = "unable to get local issuer certificate"  # type: ignore[misc]
    return error


async def _refused_locally() -> ProbeResult:
    weak = Pki(NOW).leaf(key=rsa_key(1024))
    return await probe_handshake(
        "https://127.0.0.1:9", credentials=ClientCredentials(weak.cert, weak.key), ca_bundle=None
    )


CONFIRMED = verbatim("HTTP 200, resultMessage 'SUCCESS', clientSentCertificate True")
PROBES: dict[str, Callable[[], Awaitable[ProbeResult]] | Callable[[], ProbeResult]] = {
    "accepted": lambda: ProbeResult(ProbeCode.ACCEPTED, CONFIRMED, "TLSv1.3", True),
    "client_cert_unusable": lambda: ProbeResult(ProbeCode.CLIENT_CERT_UNUSABLE, verbatim("-")),
    "client_cert_refused_locally": _refused_locally,
    "endpoint_unreachable": lambda: classify(ConnectionRefusedError(111, "Connection refused")),
    "server_not_trusted": lambda: classify(_verify_error()),
    "closed_without_alert": lambda: classify(ConnectionResetError()),
    "broken_pipe": lambda: classify(BrokenPipeError()),
    "tls_error": lambda: classify(_ssl_error("WRONG_VERSION_NUMBER")),
    "alert_other": lambda: classify(_ssl_error("TLSV1_ALERT_PROTOCOL_VERSION")),
    **{
        code.value: (lambda reason=reason: classify(_ssl_error(reason)))
        for reason, code in ALERTS.items()
    },
    "confirm_certificate_not_sent": lambda: ProbeResult(
        ProbeCode.CONFIRM_CERT_NOT_SENT, CONFIRMED, "TLSv1.3", False
    ),
    "confirm_refused": lambda: ProbeResult(ProbeCode.CONFIRM_REFUSED, CONFIRMED, "TLSv1.2", True),
    "confirm_failed": lambda: ProbeResult(
        ProbeCode.CONFIRM_FAILED, phrase("cert.probe.confirm_not_json", status=502)
    ),
    "accepted_without_confirm": lambda: ProbeResult(
        ProbeCode.ACCEPTED, phrase("cert.probe.no_alert"), "TLSv1.3"
    ),
}


async def _probe(name: str) -> ProbeResult:
    made = PROBES[name]()
    return await made if isinstance(made, Awaitable) else made  # type: ignore[return-value]


@pytest.mark.parametrize("name", sorted(PROBES))
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.anyio
async def test_every_probe_outcome_reads_in_the_language(name, language):
    probe = await _probe(name)
    verdict = handshake_verdict(probe, confirmed=name != "accepted_without_confirm")

    assert left_in_english(worded(verdict, language)) == []


@pytest.mark.anyio
async def test_the_outcomes_reach_every_certificate_check_phrase(pki, tmp_path):
    """A phrase added without an outcome that shows it fails here."""
    reached: set[str] = set()
    said: list[Phrase] = []
    for number, outcome in enumerate(CHECK_OUTCOMES):
        directory = tmp_path / str(number)
        directory.mkdir()
        verdict = await verdict_of(outcome, Files(pki, directory))
        said += [verdict.summary, *verdict.details]
    for probe_name in PROBES:
        probe = await _probe(probe_name)
        verdict = handshake_verdict(probe, confirmed=probe_name != "accepted_without_confirm")
        said += [verdict.summary, *verdict.details]
    for p in said:
        reached |= p.keys_used()
    wanted = {
        key
        for key in load_phrasebook()
        if key.startswith(("check.cert.", "cert.probe.", "cert.file."))
    }
    # The operating system's reasons a test running as root, on any machine, cannot meet:
    # a permission refused, an operation not permitted, a block device, a file type stat
    # knows no name for; and EISDIR, which the type check reports first as "a directory".
    unreachable = {
        "cert.file.permission_denied",
        "cert.file.not_permitted",
        "cert.file.block_device",
        "cert.file.irregular",
        "cert.file.is_a_directory",
    }

    assert sorted(wanted - reached - unreachable) == []
