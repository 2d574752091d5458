"""`skm-bot cert inspect`: reading files, env and clock at the edge; report, JSON, exit codes."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from skm_bot.certs.command import InspectOptions, configure_parser, run

DAY = timedelta(days=1)


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="skm-bot cert inspect")
    configure_parser(parser)
    return InspectOptions.from_args(parser.parse_args(argv))


@pytest.fixture
def good_p12(live_pki, tmp_path, canary):
    path = tmp_path / "client.p12"
    path.write_bytes(live_pki.pki.leaf().p12(canary))
    path.chmod(0o600)
    return path


@pytest.fixture
def expired_pem(live_pki, tmp_path):
    issued = live_pki.pki.leaf(start=-100 * DAY, end=-3 * DAY)
    path = tmp_path / "client.pem"
    path.write_bytes(issued.cert_pem() + issued.key_pem())
    path.chmod(0o600)
    return path


def test_run_exits_0_for_a_good_file(good_p12, live_pki, monkeypatch, capsys, canary):
    monkeypatch.setenv("CERT_PASS", canary.decode())

    code = run(
        parse(str(good_p12), "--password-env", "CERT_PASS", "--ca-bundle", str(live_pki.ca_file))
    )

    assert (code, "No problems found." in capsys.readouterr().out) == (0, True)


def test_run_exits_1_with_an_error_finding(expired_pem, capsys):
    code = run(parse(str(expired_pem)))

    assert (code, "cert_expired" in capsys.readouterr().out) == (1, True)


def test_run_prints_one_json_object(expired_pem, capsys):
    run(parse(str(expired_pem), "--json"))

    assert json.loads(capsys.readouterr().out)["findings"][0]["code"] == "cert_expired"


def test_run_reads_the_password_file_without_its_newline(good_p12, tmp_path, capsys, canary):
    secret = tmp_path / "pass.txt"
    secret.write_bytes(canary + b"\n")

    assert run(parse(str(good_p12), "--password-file", str(secret))) == 0


def test_run_missing_file_is_a_usage_error(tmp_path, capsys):
    code = run(parse(str(tmp_path / "nope.p12")))

    err = capsys.readouterr().err
    assert (code, "cannot read certificate file" in err, "Traceback" in err) == (2, True, False)


def test_run_missing_env_var_is_a_usage_error(good_p12, monkeypatch, capsys):
    monkeypatch.delenv("NO_SUCH_VAR", raising=False)

    code = run(parse(str(good_p12), "--password-env", "NO_SUCH_VAR"))

    assert (code, "NO_SUCH_VAR is not set" in capsys.readouterr().err) == (2, True)


def test_run_bad_ca_bundle_is_a_usage_error(good_p12, tmp_path, capsys):
    bogus = tmp_path / "ca.pem"
    bogus.write_text("not a certificate")

    assert run(parse(str(good_p12), "--ca-bundle", str(bogus))) == 2


def test_run_never_prints_the_password(good_p12, monkeypatch, capsys, canary):
    monkeypatch.setenv("CERT_PASS", canary.decode() + "-wrong")

    run(parse(str(good_p12), "--password-env", "CERT_PASS", "--json"))

    captured = capsys.readouterr()
    assert canary.decode() not in captured.out + captured.err


def test_run_checks_revocation_with_a_crl(live_pki, tmp_path, capsys):
    issued = live_pki.pki.leaf()
    path = tmp_path / "client.pem"
    path.write_bytes(issued.cert_pem() + issued.key_pem())
    path.chmod(0o600)
    crl = tmp_path / "ca.crl"
    crl.write_bytes(live_pki.pki.crl(issued.cert).public_bytes(Encoding.DER))

    run(parse(str(path), "--crl", str(crl), "--json"))

    assert json.loads(capsys.readouterr().out)["findings"][0]["code"] == "cert_revoked"


def test_help_documents_the_exit_status():
    parser = argparse.ArgumentParser(prog="skm-bot cert inspect")
    configure_parser(parser)

    assert "1  inspected, at least one error finding" in parser.format_help()
