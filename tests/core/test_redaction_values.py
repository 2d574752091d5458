"""Where a secret's value ends, format by format: exactly what is removed and what stays."""

from __future__ import annotations

import pytest

from skm_bot.core.redaction import redact

P = "[REDACTED:password]"

CASES = [
    # Unquoted: to the end of the line, through spaces, ";", ")" and ","...
    ("password=two words; and) more, here", f"password={P}"),
    # ...but not through the next name=value of a logfmt line.
    ("password=s3cret keyId=071dcc5c", f"password={P} keyId=071dcc5c"),
    ('{"password":"s3cret","keyId":"1"}', f'{{"password":"{P}","keyId":"1"}}'),
    ('{"password":"s\\"3cret","keyId":"1"}', f'{{"password":"{P}","keyId":"1"}}'),
    ('{"password":"unterminated', f'{{"password":"{P}'),
    (
        '{\\"password\\":\\"s3cret\\",\\"keyId\\":\\"1\\"}',
        f'{{\\"password\\":\\"{P}\\",\\"keyId\\":\\"1\\"}}',
    ),
    ("{'password': 'it''s', 'keyId': '1'}", f"{{'password': '{P}', 'keyId': '1'}}"),
    ("-storepass 'a b' -keystore x.p12", f"-storepass '{P}' -keystore x.p12"),
    ("--password=s3cret --verbose", f"--password={P} --verbose"),
    ("docker run -e DB_PASSWORD=s3cret image", f"docker run -e DB_PASSWORD={P} image"),
    (
        "GET /x?token=s3cret&keyId=1 HTTP/1.1",
        "GET /x?token=[REDACTED:bearer_token]&keyId=1 HTTP/1.1",
    ),
    ("Cookie: a=1; b=2", "Cookie: [REDACTED:cookie]"),
    ("<password>s3cret</password><keyId>1</keyId>", f"<password>{P}</password><keyId>1</keyId>"),
    ('<entry key="db.password">s3cret</entry>', f'<entry key="db.password">{P}</entry>'),
    ("password: |\n  line one\n  line two\nkeyId: 1", f"password: |\n  {P}\nkeyId: 1"),
    ("password:\n  s3cret\nkeyId: 1", f"password:\n  {P}\nkeyId: 1"),
    ("password:\ns3cret\nkeyId: 1", f"password:\n{P}\nkeyId: 1"),
    ("credentials: {user: a, key: b}, keyId: 1", "credentials: [REDACTED:credential], keyId: 1"),
    ("パスワード：s3cret", f"パスワード：{P}"),
    ("パスワードは「s3cret」です", f"パスワードは「{P}」です"),
    ("Secret key: s3cret", "Secret key: [REDACTED:access_key_secret]"),
    ("*password*: s3cret", f"*password*: {P}"),
    ("https://user:p@ss/w@host:5432/db", "https://user:[REDACTED:url_credentials]@host:5432/db"),
    ("curl -u id:s3cret https://x", f"curl -u id:{P} https://x"),
    ("mysql -ps3cret db", f"mysql -p{P} db"),
    ("mysql -u root\t-p s3cret db", f"mysql -u root\t-p {P} db"),
    ("mariadb -h db -p=s3cret", f"mariadb -h db -p={P}"),
    ("redis-cli -h cache -a s3cret ping", f"redis-cli -h cache -a {P} ping"),
    ("sshpass -p 's3cret' ssh host", f"sshpass -p '{P}' ssh host"),
    ("mysql-p s3cret", "mysql-p s3cret"),
    # Values that are one word by nature stop at the first space: prose goes on after them.
    ("X-Api-Key: abc def", "X-Api-Key: [REDACTED:api_key] def"),
    # Already redacted: nothing more, unless more of the value was glued on.
    (f"password={P}", f"password={P}"),
    (f"password={P}more", f"password={P}{P}"),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_redact_removes_exactly_the_value(text, expected):
    assert redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "pkcs12: decryption password incorrect",
        "java.io.IOException: keystore password was incorrect",
        "Password verification failed",
        "SKM v1.3 uses Bearer authentication",
        "POST https://api-keymanager.nhncloudservice.com:443/keymanager/v1.2/appkey/qTQNj7LyHhdAazH3",
        "2025-02-02 ERROR j.e.skm.SecretRepository - 秘密データの取得に失敗しました: Invalid Key Id",
        "암호화 요청: Invalid Key Version",
    ],
)
def test_redact_leaves_prose_about_secrets_alone(text):
    assert redact(text).text == text
