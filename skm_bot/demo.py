"""
`skm-bot demo`: the whole bot against the embedded SKM emulator, no account and no network.

It starts the emulator with its demo project over real TLS, then runs realistic pasted errors
through redaction, matching and the live checks, and prints each reply as a user would see it.
It ends with the watch, which finds what is about to break before anyone pastes it.
"""

from __future__ import annotations

import asyncio
import base64
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from pydantic import SecretStr

from skm_bot.core.catalogue import load_catalogue
from skm_bot.core.check_result import CheckResult
from skm_bot.core.diagnosis import Diagnosis, diagnose
from skm_bot.core.paste import take_paste
from skm_bot.core.profile import Profile
from skm_bot.core.watch.evaluate import Evaluation, evaluate
from skm_bot.emulator import (
    EmulatorServer,
    EmulatorState,
    demo_seed_path,
    mint_client_certificate,
    serve_emulator,
    state_from_seed_file,
)
from skm_bot.render.support_email import DEFAULT_SUPPORT_EMAIL
from skm_bot.render.terminal import STATUS_MARK, render_text
from skm_bot.render.watch_report import watch_text
from skm_bot.skm.connect import open_live_target
from skm_bot.usecases.diagnose import CheckLimits, check_diagnosis
from skm_bot.usecases.watch import watch_profile

APPKEY = "DemoAppKey000001"
ACCESS_KEY_ID = "DEMO-ACCESS-KEY-ID-NOT-REAL"
# The demo seed's fake secret: shown here because the demo must run with no set-up at all.
ACCESS_KEY_SECRET = "demo-secret-access-key-not-real"
DEMO_P12_PASSWORD = "demo-only-password"

# A ciphertext made under version 1 of the demo AES key (its first four bytes carry the version).
_OLD_CIPHERTEXT = base64.b64encode(bytes([0, 0, 0, 1]) + bytes(range(44))).decode()


@dataclass(frozen=True)
class DemoCase:
    """One realistic paste, and which demo profile's project it concerns."""

    title: str
    text: str
    profile: str = "demo"


def demo_cases(endpoint: str) -> tuple[DemoCase, ...]:
    """The pastes the demo runs, as people really paste them."""
    base = f"{endpoint}/keymanager/v1.2/appkey/{APPKEY}"
    return (
        DemoCase(
            "Decrypting an old ciphertext (a log line with a leaked secret)",
            f"2026-11-25T10:00:01.123Z ERROR [worker-3] POST {base}/symmetric-keys/"
            "a0000000000000000000000000000001/decrypt\n"
            "  X-TC-AUTHENTICATION-SECRET: sk-live-0f9e8d7c6b5a\n"
            f'  request: {{"ciphertext": "{_OLD_CIPHERTEXT}"}}\n'
            '  response: {"header":{"resultCode":-6,"resultMessage":"Invalid Key Version Status",'
            '"isSuccessful":false},"body":null}\n  X-Request-Id: 7d2f9c1e-4b3a-4f6e-9a8b-2c1d0e9f8a7b',
        ),
        DemoCase(
            "A key scheduled for deletion (Japanese)",
            "暗号化APIを呼ぶと Invalid Key Id が返ってきます。昨日までは動いていました。\n"
            "keyId: d0000000000000000000000000000004",
        ),
        DemoCase(
            "An asymmetric key sent to the symmetric decrypt API",
            f"requests.post('{base}/symmetric-keys/b0000000000000000000000000000002/decrypt')"
            ' -> {"header": {"resultCode": -2, "resultMessage": "Invalid Key Id", '
            '"isSuccessful": false}}',
        ),
        DemoCase(
            "MAC authentication with the misspelt header (Korean)",
            "MAC 주소 인증 실패가 납니다. 콘솔에 MAC 주소를 등록했는데도 그렇습니다.\n"
            f"curl -X POST {base}/asymmetric-keys/b0000000000000000000000000000002/sign "
            "-H 'X-NHN Cloud-CLIENT-MAC-ADDR: AA-BB-CC-DD-EE-FF'",
        ),
        DemoCase(
            "IPv4 authentication from a retired server (Japanese)",
            "IPv4 Auth Failure になります。バッチサーバー clientIp: 192.0.2.10 から "
            f"{base}/secrets/c0000000000000000000000000000003 を呼んでいます。",
        ),
        DemoCase(
            "An expired client certificate (a Java stack trace)",
            "javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_expired\n"
            "\tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n"
            "\tat com.example.SkmClient.getSecret(SkmClient.java:88)  // GET "
            f"{base}/secrets/e0000000000000000000000000000005",
            profile="demo-cert",
        ),
        DemoCase(
            "Something skm-bot does not know",
            "Our nightly job died with exit code 137 after the deploy. Any idea?",
        ),
    )


def demo_profile(endpoint: str, **overrides: Any) -> Profile:
    """
    A profile for the emulator's demo project at `endpoint` (v1.2 with its fake access key).

    `overrides` set any other Profile field: the demo, the tests and the benchmarks share this
    one description of the demo project.
    """
    fields: dict[str, Any] = {
        "name": "demo",
        "endpoint": endpoint,
        "api_version": "v1.2",
        "appkey": APPKEY,
        "access_key_id": ACCESS_KEY_ID,
        "secret_access_key": SecretStr(ACCESS_KEY_SECRET),
        "keystore_ids": (1001, 1002, 1003),
        **overrides,
    }
    return Profile(**fields)


def demo_profiles(server: EmulatorServer, certificate: Path) -> dict[str, Profile]:
    """Profiles for the emulator's demo project: one per authentication style it shows."""
    demo = demo_profile(
        server.base_url,
        ca_bundle=server.ca_cert_path,
        keystore_ids=(1001, 1002),
        client_mac="aa:bb:cc:dd:ee:ff",
    )
    with_certificate = demo_profile(
        server.base_url,
        name="demo-cert",
        ca_bundle=server.ca_cert_path,
        keystore_ids=(1003,),
        certificate_path=certificate,
        certificate_password=SecretStr(DEMO_P12_PASSWORD),
    )
    return {"demo": demo, "demo-cert": with_certificate}


def watched_profiles(profiles: dict[str, Profile]) -> dict[str, Profile]:
    """
    The demo profiles as the watch sees them: `demo` also watches the certificate keystore
    (listing a keystore needs no keystore authentication, only the access key).
    """
    demo = profiles["demo"].model_copy(update={"keystore_ids": (1001, 1002, 1003)})
    return {**profiles, "demo": demo}


@contextmanager
def expired_certificate(state: EmulatorState) -> Iterator[Path]:
    """An expired client certificate from the emulator's CA, as a PKCS#12 file in a 0700 folder."""
    folder = Path(tempfile.mkdtemp(prefix="skm-demo-"))
    try:
        issued = mint_client_certificate(state.ca, "expired", common_name="demo-client")
        path = folder / "demo-client.p12"
        path.write_bytes(issued.pkcs12(DEMO_P12_PASSWORD, name="demo-client"))
        path.chmod(0o600)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class Progress:
    """Shows each check as it finishes, so a slow check is visibly still running."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.started = False

    def __call__(self, result: CheckResult) -> None:
        if not self.started:
            self.out.write("  running checks…\n")
            self.started = True
        mark = STATUS_MARK[result.status].strip()
        self.out.write(f"    … {result.id} finished: {mark} ({result.duration_ms:.0f} ms)\n")
        self.out.flush()


async def run_case(case: DemoCase, profile: Profile, out: TextIO) -> Diagnosis:
    """Diagnose one paste with live checks, showing progress; the diagnosis."""
    paste = take_paste(case.text)
    diagnosis = diagnose(paste, now=datetime.now(UTC), catalogue=load_catalogue())
    async with open_live_target(profile) as target:
        return await check_diagnosis(
            diagnosis, target=target, limits=CheckLimits(), on_result=Progress(out)
        )


async def run_demo(out: TextIO, *, show_email: str = "first") -> list[Diagnosis]:
    """Start the emulator, run every demo case and print the replies; returns the diagnoses."""
    diagnoses: list[Diagnosis] = []
    state = state_from_seed_file(demo_seed_path())
    async with serve_emulator(state, tls=True) as server:
        with expired_certificate(state) as certificate:
            profiles = demo_profiles(server, certificate)
            out.write(f"SKM emulator (demo project) on {server.base_url}\n\n")
            cases = demo_cases(server.base_url)
            for number, case in enumerate(cases, 1):
                out.write(f"━━ {number}/{len(cases)} {case.title} ━━\n")
                # Echo the paste as the bot sees it: redacted, like everything it shows.
                shown = take_paste(case.text).text
                out.write("".join(f"  │ {line}\n" for line in shown.splitlines()))
                diagnosis = await run_case(case, profiles[case.profile], out)
                diagnoses.append(diagnosis)
                # The first reply shows the email, and so does one that recognised nothing.
                first = show_email == "first" and (number == 1 or not diagnosis.matches)
                email = show_email == "all" or first
                support_email = DEFAULT_SUPPORT_EMAIL if email else None
                out.write("\n" + render_text(diagnosis, support_email=support_email) + "\n\n")
            out.write("Every reply above ran its checks live against the emulator.\n\n")
            await run_watch(watched_profiles(profiles), out)
    return diagnoses


async def run_watch(profiles: dict[str, Profile], out: TextIO) -> list[Evaluation]:
    """The watch over the demo profiles, once, as `skm-bot watch --once` prints it."""
    out.write("━━ Looking ahead: skm-bot watch --once ━━\n")
    now = datetime.now(UTC)
    evaluations = []
    for profile in profiles.values():
        facts = await watch_profile(profile, now=now)
        evaluation = evaluate(facts, now=now, previous={})
        evaluations.append(evaluation)
        out.write(watch_text(evaluation, language="en") + "\n\n")
    out.write("In `skm-bot serve` the watch runs every hour and posts each finding as a thread.\n")
    return evaluations


def run(*, show_email: str = "first") -> int:
    """Run the demo; exit 0 once every case was diagnosed."""
    asyncio.run(run_demo(sys.stdout, show_email=show_email))
    return 0
