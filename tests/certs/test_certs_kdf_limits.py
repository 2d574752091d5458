"""Key-derivation work is read and capped before anything is decrypted: PKCS#12 and PKCS#8."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from asn1crypto import cms, core, keys
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from skm_bot.certs.command import InspectOptions, configure_parser, run
from skm_bot.certs.findings import Code
from skm_bot.certs.inspect import inspect_certificate
from skm_bot.certs.kdf_cost import Derivation, key_derivations, pkcs12_derivations
from skm_bot.certs.limits import Limits
from skm_bot.core.phrases import phrase
from tests.certs.conftest import PASSWORD, Issued, write
from tests.certs.crafted import with_mac_iterations
from tests.deadlines import within

# OpenSSL refuses a count above INT_MAX at once; INT_MAX itself runs for minutes (twice, since a
# failed password is retried without one).
HOSTILE_COUNTS = pytest.mark.parametrize("count", [2**31 - 1, 2**31], ids=["int_max", "2^31"])


def codes(inspection) -> list[Code]:
    return [f.code for f in inspection.findings]


def p12_with_rounds(issued: Issued, rounds: int) -> bytes:
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder().kdf_rounds(rounds).build(PASSWORD)
    )
    return pkcs12.serialize_key_and_certificates(b"c", issued.key, issued.cert, None, encryption)  # type: ignore[arg-type]


def openssl(*argv: str, env: dict[str, str] | None = None) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    done = subprocess.run(["openssl", *argv], capture_output=True, env=env, check=False)
    if done.returncode != 0:
        pytest.skip(f"openssl refused: {done.stderr!r}")


def pkcs8(issued: Issued, directory: Path, *options: str, form: str = "PEM") -> bytes:
    """The key as encrypted PKCS#8, written by the openssl command with `options`."""
    plain = write(directory / "plain.pem", issued.key_pem())
    out = directory / f"key.{form.lower()}"
    env = {**os.environ, "KEY_PASS": PASSWORD.decode()}
    openssl(
        "pkcs8", "-topk8", "-in", str(plain), "-out", str(out), "-outform", form,
        "-passout", "env:KEY_PASS", *options, env=env,
    )  # fmt: skip
    return out.read_bytes()


@pytest.fixture
def crafted_p12(pki) -> bytes:
    """A real PKCS#12 whose MAC iteration count was rewritten to 2^31 - 1."""
    return with_mac_iterations(pki.leaf().p12(PASSWORD), 2**31 - 1)


def test_crafting_keeps_everything_but_the_count(pki):
    real = pki.leaf().p12(PASSWORD)

    assert with_mac_iterations(real, 2048) == real


@HOSTILE_COUNTS
@pytest.mark.parametrize("password", [PASSWORD, None], ids=["password", "no_password"])
def test_absurd_mac_iteration_count_is_refused_at_once(pki, now, count, password):
    data = with_mac_iterations(pki.leaf().p12(PASSWORD), count)

    inspection = within(
        10, lambda: inspect_certificate(data, filename="c.p12", password=password, now=now)
    )

    assert codes(inspection) == [Code.KDF_ITERATIONS_TOO_HIGH]


def test_refusal_names_each_count(crafted_p12, now):
    inspection = within(
        10, lambda: inspect_certificate(crafted_p12, filename="c.p12", password=None, now=now)
    )

    observed = inspection.findings[0].observed
    assert "the integrity check (MAC): 2,147,483,647" in observed.text("en")


def test_crafted_file_through_the_command_exits_1(crafted_p12, tmp_path, capsys):
    parser = argparse.ArgumentParser()
    configure_parser(parser)
    path = write(tmp_path / "client.p12", crafted_p12)

    code = within(10, lambda: run(InspectOptions.from_args(parser.parse_args([str(path)]))))

    assert (code, "kdf_iterations_too_high" in capsys.readouterr().out) == (1, True)


def test_ceiling_counts_every_derivation_together(pki, now):
    """MAC 2,048 + certificates 50,000 + key 50,000 is over a ceiling of 100,000."""
    data = p12_with_rounds(pki.leaf(), 50_000)

    inspection = inspect_certificate(
        data, filename="c.p12", password=PASSWORD, now=now, limits=Limits(kdf_iterations=100_000)
    )

    assert codes(inspection) == [Code.KDF_ITERATIONS_TOO_HIGH]


def test_file_within_the_ceiling_is_decrypted(pki, now):
    data = p12_with_rounds(pki.leaf(), 50_000)

    inspection = inspect_certificate(
        data, filename="c.p12", password=PASSWORD, now=now, limits=Limits(kdf_iterations=102_048)
    )

    assert (inspection.has_key, Code.KDF_ITERATIONS_TOO_HIGH in codes(inspection)) == (True, False)


def test_real_world_count_passes_the_default_ceiling(pki, now):
    """600,000 iterations (today's strong setting) for certificates and key alike."""
    inspection = inspect_certificate(
        p12_with_rounds(pki.leaf(), 600_000), filename="c.p12", password=PASSWORD, now=now
    )

    assert (inspection.has_key, Code.KDF_ITERATIONS_TOO_HIGH in codes(inspection)) == (True, False)


def test_legacy_rc2_file_still_opens(rc2_p12, now):
    inspection = inspect_certificate(rc2_p12, filename="c.p12", password=PASSWORD, now=now)

    assert (inspection.has_key, codes(inspection)[0]) == (True, Code.P12_LEGACY_RC2)


def test_derivations_of_an_openssl_legacy_file(rc2_p12):
    assert pkcs12_derivations(rc2_p12) == [
        Derivation(phrase("cert.kdf.mac"), 2048),
        Derivation(phrase("cert.kdf.certificates"), 2048),
        Derivation(phrase("cert.kdf.private_key"), 2048),
    ]


def test_derivations_of_an_unencrypted_file_is_the_mac_only(pki):
    assert pkcs12_derivations(pki.leaf().p12(None)) == [Derivation(phrase("cert.kdf.mac"), 2048)]


@pytest.mark.parametrize("data", [b"", b"\x30\x03\x02\x01\x03", b"\x30\x82\x01\x00" + b"\x00" * 8])
def test_derivations_of_a_broken_structure_is_none(data):
    assert pkcs12_derivations(data) is None


def test_unparseable_pkcs12_is_corrupt_and_not_handed_on(pki, now):
    real = pki.leaf().p12(PASSWORD)
    broken = real[:4] + b"\x02\x01\x03" + b"\xff" * (len(real) - 7)

    inspection = inspect_certificate(broken, filename="c.p12", password=PASSWORD, now=now)

    assert codes(inspection) == [Code.FILE_CORRUPT]


def test_scrypt_key_bag_counts_n_times_r_times_p(pki, tmp_path):
    """scrypt (RFC 7914) is unknown to asn1crypto but accepted by OpenSSL inside PBES2."""
    der = pkcs8(pki.leaf(), tmp_path, "-scrypt", form="DER")
    bag = asn1_pkcs12.SafeBag(
        {"bag_id": "pkcs8_shrouded_key_bag", "bag_value": keys.EncryptedPrivateKeyInfo.load(der)}
    )
    inner = cms.ContentInfo(
        {"content_type": "data", "content": asn1_pkcs12.SafeContents([bag]).dump()}
    )
    safe = asn1_pkcs12.AuthenticatedSafe([inner]).dump()
    pfx = asn1_pkcs12.Pfx(
        {"version": 3, "auth_safe": {"content_type": "data", "content": core.OctetString(safe)}}
    )

    # openssl's -scrypt defaults: N = 16384, r = 8, p = 1.
    assert pkcs12_derivations(pfx.dump()) == [Derivation(phrase("cert.kdf.private_key"), 16384 * 8)]


@pytest.mark.parametrize(("form", "name"), [("PEM", "c.pem"), ("DER", "c.der")])
def test_encrypted_key_over_the_ceiling_is_not_decrypted(pki, tmp_path, now, form, name):
    issued = pki.leaf()
    key = pkcs8(issued, tmp_path, "-v2", "aes-256-cbc", "-iter", "200000", form=form)
    data = key if form == "DER" else issued.cert_pem() + key

    inspection = inspect_certificate(
        data, filename=name, password=PASSWORD, now=now, limits=Limits(kdf_iterations=100_000)
    )

    assert Code.KDF_ITERATIONS_TOO_HIGH in codes(inspection)


def test_encrypted_key_within_the_ceiling_is_decrypted(pki, tmp_path, now):
    issued = pki.leaf()
    key = pkcs8(issued, tmp_path, "-v2", "aes-256-cbc", "-iter", "200000")

    inspection = inspect_certificate(
        issued.cert_pem() + key, filename="c.pem", password=PASSWORD, now=now
    )

    assert inspection.has_key


def test_legacy_pem_key_has_no_counted_derivation(pki):
    """Proc-Type/DEK-Info keys derive with one MD5 round, whatever the password."""
    key = pki.leaf().key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.BestAvailableEncryption(PASSWORD),
    )

    assert key_derivations(key) == []
