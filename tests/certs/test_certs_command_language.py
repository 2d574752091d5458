"""`skm-bot cert inspect` in Japanese and Korean: --lang, else the locale; codes stay as they are."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta

import pytest

from skm_bot.certs.command import InspectOptions, configure_parser, run

DAY = timedelta(days=1)


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="skm-bot cert inspect")
    configure_parser(parser)
    return InspectOptions.from_args(parser.parse_args(argv))


@pytest.fixture
def expired_pem(pki, tmp_path):
    issued = pki.leaf(start=-100 * DAY, end=-3 * DAY)
    path = tmp_path / "client.pem"
    path.write_bytes(issued.cert_pem() + issued.key_pem())
    path.chmod(0o600)
    return path


@pytest.mark.parametrize(
    ("lang", "summary", "next_label"),
    [
        ("ja", "有効期限が切れています", "次の対処："),
        ("ko", "만료되었습니다", "다음 조치: "),
        ("en", "The certificate expired", "next: "),
    ],
)
def test_lang_words_the_report(expired_pem, capsys, lang, summary, next_label):
    code = run(parse(str(expired_pem), "--lang", lang))

    out = capsys.readouterr().out
    assert (code, "cert_expired" in out, summary in out, next_label in out) == (1, True, True, True)


@pytest.mark.parametrize(
    ("environ", "summary"), [("ja_JP.UTF-8", "有効期限"), ("ko_KR.UTF-8", "만료")]
)
def test_without_lang_the_locale_decides(expired_pem, monkeypatch, capsys, environ, summary):
    monkeypatch.setenv("LANG", environ)

    run(parse(str(expired_pem)))

    assert summary in capsys.readouterr().out


def test_lang_wins_over_the_locale(expired_pem, monkeypatch, capsys):
    monkeypatch.setenv("LC_ALL", "ja_JP.UTF-8")

    run(parse(str(expired_pem), "--lang", "en"))

    assert "The certificate expired" in capsys.readouterr().out


def test_json_keeps_codes_and_keys_and_words_the_texts(expired_pem, capsys):
    run(parse(str(expired_pem), "--json", "--lang", "ko"))

    data = json.loads(capsys.readouterr().out)
    finding = data["findings"][0]
    assert (data["language"], finding["code"], finding["severity"], finding["stage"]) == (
        "ko",
        "cert_expired",
        "error",
        "validity",
    )
    assert "만료" in finding["summary"]
    assert "새 인증서" in finding["next_action"]


def test_an_unreadable_file_is_reported_in_the_language(tmp_path, capsys):
    code = run(parse(str(tmp_path / "nope.p12"), "--lang", "ja"))

    err = capsys.readouterr().err
    assert (code, "証明書ファイル" in err, "ファイルまたはディレクトリがありません" in err) == (
        2,
        True,
        True,
    )


def test_an_unset_variable_is_reported_in_the_language(expired_pem, monkeypatch, capsys):
    monkeypatch.delenv("NO_SUCH_VAR", raising=False)

    run(parse(str(expired_pem), "--password-env", "NO_SUCH_VAR", "--lang", "ko"))

    assert "환경 변수 NO_SUCH_VAR" in capsys.readouterr().err


def test_an_unknown_lang_is_a_usage_error(expired_pem):
    with pytest.raises(SystemExit) as exited:
        parse(str(expired_pem), "--lang", "fr")

    assert exited.value.code == 2


def test_help_says_how_the_language_is_chosen():
    parser = argparse.ArgumentParser(prog="skm-bot cert inspect")
    configure_parser(parser)

    assert "LC_MESSAGES" in parser.format_help()
