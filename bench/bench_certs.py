"""
Benchmark of certificate inspection under its limits: hostile files, big files, the event loop.

Prints, each beside its target:
- the time to refuse a PKCS#12 whose MAC iteration count is 2^31 - 1 (OpenSSL would run minutes);
- the time to refuse a link to /dev/zero and a file over the 4 MiB cap;
- the time to inspect a PEM bundle filling the 4 MiB cap (thousands of certificates), and a
  4 MiB file of unterminated PEM BEGIN lines (quadratic with a back-referencing regex);
- the time to open a PKCS#12 just under the key-derivation ceiling (what the ceiling costs);
- a typical client certificate's inspection time;
- the event loop's worst stall while eight 256 KiB uploads are inspected by the InspectionPool.

Targets: refusals < 50 ms; a 4 MiB bundle < 500 ms; a typical file < 20 ms; the loop's worst
stall < 50 ms; the ceiling < 5 s.

    python bench/bench_certs.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from figures import Figure, record

from skm_bot.certs.bounded_read import read_regular_file
from skm_bot.certs.inspect import inspect_certificate
from skm_bot.certs.limits import MAX_CERTIFICATE_FILE_BYTES, MAX_KDF_ITERATIONS
from skm_bot.certs.worker import InspectionPool

NOW = datetime(2026, 11, 26, tzinfo=UTC)
PASSWORD = b"bench-password"


def client() -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "skm-client")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=1))
        .not_valid_after(NOW + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    return cert, key


def p12(cert: x509.Certificate, key: ec.EllipticCurvePrivateKey, rounds: int) -> bytes:
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder().kdf_rounds(rounds).build(PASSWORD)
    )
    return pkcs12.serialize_key_and_certificates(b"c", key, cert, None, encryption)


def with_mac_iterations(data: bytes, iterations: int) -> bytes:
    pfx = asn1_pkcs12.Pfx.load(data)
    pfx["mac_data"]["iterations"] = iterations
    return bytes(pfx.dump(force=True))


def ms(work: Callable[[], object], repeat: int = 5) -> float:
    """The median wall time of `work()` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def inspect(data: bytes, name: str, password: bytes | None = None) -> object:
    return inspect_certificate(data, filename=name, password=password, now=NOW)


def refused(path: Path) -> None:
    try:
        read_regular_file(path, limit=MAX_CERTIFICATE_FILE_BYTES)
    except OSError:
        return
    raise AssertionError(f"{path} was read")


async def worst_stall(pool: InspectionPool, uploads: list[bytes]) -> float:
    """The longest gap, in ms, between two ticks of a 1 ms heartbeat while the uploads run."""
    gaps: list[float] = []
    done = asyncio.Event()

    async def heartbeat() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            gaps.append((now - last) * 1000)
            last = now

    beat = asyncio.create_task(heartbeat())
    await asyncio.gather(*(pool.inspect(u, filename="u.pem", now=NOW) for u in uploads))
    done.set()
    await beat
    return max(gaps)


def row(label: str, value: float, target: float, unit: str = "ms", detail: str = "") -> bool:
    """One figure, printed beside its target and kept for the summary; True when met."""
    return record(Figure("certs", label, value, "<", target, unit, detail))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    repeat = 3 if args.quick else 7
    median = f"median of {repeat}"
    cert, key = client()
    pem = cert.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    crafted = with_mac_iterations(p12(cert, key, 2048), 2**31 - 1)
    bundle = (pem + key_pem + pem * (MAX_CERTIFICATE_FILE_BYTES // len(pem)))[
        :MAX_CERTIFICATE_FILE_BYTES
    ]
    unterminated = b"-----BEGIN CERTIFICATE-----\n" * (MAX_CERTIFICATE_FILE_BYTES // 28)
    # MAC 2,048 plus two derivations of `rounds` each: just under the ceiling.
    at_ceiling = p12(cert, key, (MAX_KDF_ITERATIONS - 2048) // 2)
    uploads = [(pem * (256 * 1024 // len(pem)))[: 256 * 1024] for _ in range(8)]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        zero = Path(folder) / "zero.pem"
        zero.symlink_to("/dev/zero")
        huge = Path(folder) / "huge.pem"
        with huge.open("wb") as handle:
            handle.truncate(MAX_CERTIFICATE_FILE_BYTES + 1)
        results.append(
            row("refuse a link to /dev/zero", ms(lambda: refused(zero), repeat), 50, detail=median)
        )
        results.append(
            row("refuse a 4 MiB + 1 file", ms(lambda: refused(huge), repeat), 50, detail=median)
        )
    results.append(
        row(
            "refuse a PKCS#12 with MAC iterations 2^31 - 1",
            ms(lambda: inspect(crafted, "c.p12", PASSWORD), repeat),
            50,
            detail=median,
        )
    )
    results.append(
        row(
            "inspect a 4 MiB PEM bundle (3,000+ certificates)",
            ms(lambda: inspect(bundle, "b.pem"), repeat),
            500,
            detail=median,
        )
    )
    results.append(
        row(
            "inspect 4 MiB of unterminated BEGIN lines",
            ms(lambda: inspect(unterminated, "u.pem"), repeat),
            500,
            detail=median,
        )
    )
    results.append(
        row(
            "inspect a typical PEM client certificate and key",
            ms(lambda: inspect(pem + key_pem, "c.pem"), repeat),
            20,
            detail=median,
        )
    )
    ceiling = ms(lambda: inspect(at_ceiling, "c.p12", PASSWORD), 1) / 1000
    results.append(
        row("open a PKCS#12 just under the 10,000,000 ceiling", ceiling, 5, "s", "one run")
    )
    stall = asyncio.run(worst_stall(InspectionPool(), uploads))
    results.append(row("worst event-loop stall, 8 uploads of 256 KiB in the pool", stall, 50))
    print("targets:", "met" if all(results) else "NOT met")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
