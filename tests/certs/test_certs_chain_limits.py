"""The number of certificates read from one file is capped, and reading a PEM file is linear."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from skm_bot.certs.findings import Code
from skm_bot.certs.inspect import inspect_certificate
from skm_bot.certs.limits import MAX_CERTIFICATE_FILE_BYTES, MAX_CERTIFICATES, Limits
from skm_bot.certs.load import load_bundle
from skm_bot.certs.pem import pem_blocks
from tests.certs.conftest import PASSWORD
from tests.deadlines import within

# A block that parses as PEM but not as a certificate: reading it would be a file_corrupt.
DAMAGED = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"

Bundle = Callable[..., bytes]


@pytest.fixture
def bundle(pki) -> Bundle:
    """The client certificate and key, then `cas` copies of the root certificate, then `tail`."""
    client = pki.leaf()

    def make(cas: int, tail: bytes = b"") -> bytes:
        return client.cert_pem() + client.key_pem() + pki.root.cert_pem() * cas + tail

    return make


def codes(inspection) -> list[Code]:
    return [f.code for f in inspection.findings]


def inspect(data: bytes, now, limits: Limits | None = None, name: str = "c.pem"):
    extra = {"limits": limits} if limits else {}
    return inspect_certificate(data, filename=name, password=None, now=now, **extra)


def test_pem_over_the_cap_is_a_finding(bundle, now):
    inspection = inspect(bundle(10), now, Limits(certificates=4))

    assert codes(inspection)[0] is Code.BUNDLE_TOO_MANY_CERTIFICATES


def test_pem_at_the_cap_is_no_finding(bundle, now):
    inspection = inspect(bundle(3), now, Limits(certificates=4))

    assert Code.BUNDLE_TOO_MANY_CERTIFICATES not in codes(inspection)


def test_pem_blocks_past_the_cap_are_never_parsed(bundle, now):
    """Damaged certificates after the cap would be file_corrupt if anything parsed them."""
    inspection = inspect(bundle(3, tail=DAMAGED * 50), now, Limits(certificates=4))

    assert (Code.FILE_CORRUPT in codes(inspection), inspection.has_key) == (False, True)


def test_bundle_keeps_no_more_than_the_cap(bundle):
    loaded = load_bundle(bundle(40), filename="c.pem", password=None, limits=Limits(certificates=5))

    assert loaded.bundle is not None
    assert len(loaded.bundle.certificates) == 5


def test_default_cap_applies_to_a_large_pem_bundle(bundle, pki, now):
    """A bundle as large as the default file cap allows (some 3,000 certificates)."""
    data = bundle(MAX_CERTIFICATE_FILE_BYTES // len(pki.root.cert_pem()) - 2)
    assert len(data) <= MAX_CERTIFICATE_FILE_BYTES

    inspection = within(30, lambda: inspect(data, now))

    assert codes(inspection)[0] is Code.BUNDLE_TOO_MANY_CERTIFICATES
    assert len(inspection.chain) <= MAX_CERTIFICATES


def test_pkcs12_over_the_cap_is_a_finding_and_truncated(pki, now):
    leaf = pki.leaf()
    extra = [pki.root.cert, pki.inter.cert, pki.other.cert] * 3
    data = leaf.p12(None, extra)

    loaded = load_bundle(data, filename="c.p12", password=None, limits=Limits(certificates=4))

    assert loaded.bundle is not None
    assert [f.code for f in loaded.findings] == [Code.BUNDLE_TOO_MANY_CERTIFICATES]
    assert len(loaded.bundle.certificates) == 4


def test_pkcs12_message_uses_the_cap(pki, now):
    leaf = pki.leaf()
    data = leaf.p12(PASSWORD, [pki.root.cert, pki.inter.cert])

    inspection = inspect_certificate(
        data, filename="c.p12", password=PASSWORD, now=now, limits=Limits(certificates=2)
    )

    finding = next(f for f in inspection.findings if f.code is Code.BUNDLE_TOO_MANY_CERTIFICATES)
    assert finding.summary.text("en").startswith("The file holds more than 2 certificates")


@pytest.mark.parametrize(
    "text",
    [
        b"-----BEGIN CERTIFICATE-----\n" * 20_000,
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END KEY-----\n" * 5_000,
        b"-----BEGIN " * 20_000,
    ],
    ids=["begin_lines_only", "mismatched_end", "begin_without_label"],
)
def test_unterminated_blocks_are_corrupt(text, now):
    """Each of these once made the block pattern rescan the rest of the file: quadratic."""
    inspection = within(10, lambda: inspect(text, now))

    assert codes(inspection) == [Code.FILE_CORRUPT]


def test_pem_blocks_yield_labels_in_order(bundle):
    labels = [label for label, _ in pem_blocks(bundle(2))]

    assert labels == ["CERTIFICATE", "PRIVATE KEY", "CERTIFICATE", "CERTIFICATE"]


def test_pem_blocks_refuse_a_begin_inside_a_block():
    text = b"-----BEGIN A-----\n-----BEGIN B-----\n-----END B-----\n-----END A-----\n"

    with pytest.raises(ValueError, match="no END line"):
        list(pem_blocks(text))
