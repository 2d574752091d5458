"""
Names that say secret, in the languages the bot meets, and the kind of secret each one names.

A name is secret when it holds one of the words below anywhere, in any case, with any prefix or
suffix: `SKM_SECRET_ACCESS_KEY`, `x-auth-token`, `db.password`, `パスワード`. A few short words
(`pw`, `sig`, `auth`) count only as the last part of a name, because inside longer words they
mean other things (signal, author). The table is ordered: the first kind whose words are all in
the name names it, so `secretAccessKey` is an access key secret and `clientSecret` a secret value.
"""

from __future__ import annotations

import functools
import re

from skm_bot.core.redaction.engine import lower_keeping_length

# (kind, words): the name is of `kind` when it holds one of the words ("a+b": both a and b).
SECRET_NAME_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("access_key_secret", ("x-tc-authentication-secret", "secret+access", "secret+key")),
    ("bearer_token", ("x-nhn-authorization",)),
    ("authorization_header", ("authoriz",)),
    ("local_key", ("localkeyplaintext",)),
    ("plaintext", ("plaintext",)),
    ("symmetric_key", ("symmetrickey",)),
    ("private_key", ("private+key", "privkey", "秘密鍵", "개인키", "개인 키", "私钥", "私鑰")),
    ("cookie", ("cookie",)),
    ("api_key", ("apikey", "api_key", "api-key", "api.key", "api key", "apiキー", "api키")),
    ("signature", ("signature", "署名", "서명")),
    ("credential", ("credential", "認証情報", "자격 증명", "자격증명", "凭证")),
    ("bearer_token", ("token", "トークン", "토큰", "令牌")),
    (
        "password",
        (
            "pass",  # password, passwd, passphrase, passwort, mot de passe, passord
            "pwd",
            "パスワード",
            "パスフレーズ",
            "暗証番号",
            "비밀번호",
            "비번",
            "암호",
            "密码",
            "密碼",
            "口令",
            "пароль",
            "contraseña",
            "contrasena",
            "senha",
            "hasło",
            "haslo",
            "heslo",
            "wachtwoord",
            "lösenord",
            "losenord",
            "adgangskode",
            "salasana",
            "jelszó",
            "jelszo",
            "şifre",
            "sifre",
            "parola",
            "kata sandi",
            "mật khẩu",
            "รหัสผ่าน",
            "סיסמה",
            "كلمة المرور",
            "كلمة السر",
            "पासवर्ड",
        ),
    ),
    ("secret_value", ("secret", "シークレット", "秘密", "시크릿", "비밀", "機密", "机密")),
)

# Short words that are secret only as the last part of a name: `db_pw`, `sig`, `basicAuth`.
SECRET_LAST_PARTS: dict[str, str] = {"pw": "password", "sig": "signature", "auth": "credential"}

# Words that hold a secret word but name no secret: SKM's own host name starts with "api-key"
# (api-keymanager.nhncloudservice.com), and Korean 암호화 / 암호문 are encryption / ciphertext.
_NOT_SECRET = re.compile(r"api[-_.]?keymanager|암호[화문]")
_PARTS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])|[^\W\d_]+")


def _minimal(words: set[str]) -> tuple[str, ...]:
    """The words, without any that contains another (finding "pass" finds "password")."""
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


# The table flattened, in order: (kind, words that must all be in the name).
_ALTERNATIVES = tuple(
    (kind, tuple(word.split("+"))) for kind, words in SECRET_NAME_KINDS for word in words
)


def name_literals() -> tuple[str, ...]:
    """
    Lower-case literals at least one of which is in every secret name: the table's words (none
    that holds another), then the last-part words, searched for on their own terms.
    """
    return _minimal({words[0] for _, words in _ALTERNATIVES}) + tuple(sorted(SECRET_LAST_PARTS))


def _last_part(name: str) -> str:
    parts = _PARTS.findall(name)
    return parts[-1].lower() if parts else ""


@functools.lru_cache(maxsize=4096)
def secret_name_kind(name: str) -> str | None:
    """The kind of secret `name` names, or None when it names no secret."""
    lowered = lower_keeping_length(name)
    if "keymanager" in lowered or "암호" in lowered:
        lowered = _NOT_SECRET.sub("", lowered)
    for kind, words in _ALTERNATIVES:
        if words[0] in lowered and (len(words) == 1 or all(w in lowered for w in words[1:])):
            return kind
    return SECRET_LAST_PARTS.get(_last_part(name))


def is_secret_name(name: str) -> bool:
    """True when `name` says its value is a secret."""
    return secret_name_kind(name) is not None
