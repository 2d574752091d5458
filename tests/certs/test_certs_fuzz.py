"""`skm-bot cert inspect` on arbitrary and mangled bytes: an exit status and a message, never a crash."""

from __future__ import annotations

import argparse
import base64
import contextlib
import io
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skm_bot.certs.command import InspectOptions, configure_parser, run
from tests.certs.conftest import PASSWORD, Pki

# A sweep (fuzzing): in the full suite, not the fast loop.
pytestmark = pytest.mark.slow

SUFFIXES = [".p12", ".pfx", ".pem", ".crt", ".der", ".key"]
LABELS = [b"CERTIFICATE", b"PRIVATE KEY", b"ENCRYPTED PRIVATE KEY", b"RSA PRIVATE KEY", b"X"]


def corpus_of(pki: Pki) -> list[bytes]:
    """Real files of every format the inspector reads, to be mangled."""
    leaf = pki.leaf(issuer="inter")
    der = serialization.Encoding.DER
    return [
        leaf.p12(PASSWORD, [pki.inter.cert]),
        leaf.p12(None),
        leaf.cert_pem() + leaf.key_pem(PASSWORD) + pki.inter.cert_pem(),
        leaf.cert.public_bytes(der),
        leaf.key.private_bytes(
            der,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(PASSWORD),
        ),
        base64.encodebytes(leaf.p12(PASSWORD)),
    ]


@st.composite
def mangled(draw: st.DrawFn, corpus: list[bytes]) -> bytes:
    """A real file with bytes flipped, cut, inserted or repeated."""
    data = bytearray(draw(st.sampled_from(corpus)))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert", "repeat"]))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 256))] * draw(st.integers(1, 4))
        if not data:
            break
    return bytes(data)


@st.composite
def pem_wrapped(draw: st.DrawFn) -> bytes:
    """Random bytes in PEM armour, one block or several."""
    blocks = []
    for _ in range(draw(st.integers(1, 3))):
        label = draw(st.sampled_from(LABELS))
        body = base64.encodebytes(draw(st.binary(max_size=512)))
        blocks.append(b"-----BEGIN %s-----\n%s-----END %s-----\n" % (label, body, label))
    return b"".join(blocks)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory, pki: Pki) -> tuple[Path, list[bytes]]:
    """A folder for the files (one module-wide: Hypothesis reruns the test body) and the corpus."""
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "password").write_bytes(PASSWORD)
    return folder, corpus_of(pki)


def inspect_file(folder: Path, data: bytes, suffix: str, extra: list[str]) -> tuple[int, str, str]:
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    path.chmod(0o600)
    parser = argparse.ArgumentParser(prog="skm-bot cert inspect")
    configure_parser(parser)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(InspectOptions.from_args(parser.parse_args([str(path), *extra])))
    return code, out.getvalue(), err.getvalue()


# cryptography warns (not fails) when it falls back to BER for a PKCS#12 with trailing bytes;
# the warning is for the user's terminal, and this suite turns warnings into errors.
@pytest.mark.filterwarnings("ignore:PKCS#12 bundle could not be parsed as DER:UserWarning")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_bytes_give_an_exit_status_and_a_message(workdir, data):
    folder, corpus = workdir
    content = data.draw(
        st.one_of(st.binary(max_size=2048), mangled(corpus), pem_wrapped()), label="content"
    )
    suffix = data.draw(st.sampled_from(SUFFIXES), label="suffix")
    extra = data.draw(
        st.sampled_from([[], ["--json"], ["--password-file", str(folder / "password")]]),
        label="options",
    )

    code, out, err = inspect_file(folder, content, suffix, extra)

    assert code in (0, 1, 2)
    assert (out if code != 2 else err).strip()
    assert "Traceback" not in out + err


# The version field of a v3 certificate ([0] EXPLICIT INTEGER 2), and the same field saying 1:
# a value X.509 does not define, which cryptography refuses with InvalidVersion (no ValueError).
_V3 = b"\xa0\x03\x02\x01\x02"
_BAD_VERSION = b"\xa0\x03\x02\x01\x01"


def _with_bad_version(der: bytes) -> bytes:
    assert der.count(_V3) == 1
    return der.replace(_V3, _BAD_VERSION)


@pytest.mark.parametrize(
    ("suffix", "encode"),
    [
        (".der", lambda der, issued: der),
        (
            ".pem",
            lambda der, issued: (
                b"-----BEGIN CERTIFICATE-----\n"
                + base64.encodebytes(der)
                + b"-----END CERTIFICATE-----\n"
            ),
        ),
    ],
    ids=["der", "pem"],
)
def test_a_certificate_with_an_unknown_version_is_reported_damaged(
    pki: Pki, tmp_path: Path, suffix, encode
):
    issued = pki.leaf()
    der = _with_bad_version(issued.cert.public_bytes(serialization.Encoding.DER))

    code, out, err = inspect_file(tmp_path, encode(der, issued), suffix, [])

    assert (code, err) == (1, "")
    assert "ERROR file_corrupt" in out
