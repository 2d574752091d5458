"""Extraction: the facts of a failed call come out of any format people paste."""

from __future__ import annotations

import pytest

from skm_bot.core.extraction import extract_facts, normalize_mac

KEY = "071dcc5c25614dffa52357e5cae3471f"
HOST = "https://api-keymanager.nhncloudservice.com"


def test_extract_facts_reads_an_skm_envelope():
    facts = extract_facts(
        '{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version","isSuccessful":false}}'
    )

    assert (facts.result_code, facts.result_message) == (-3, "Invalid Key Version")


def test_extract_facts_reads_a_python_repr_envelope():
    facts = extract_facts("{'header': {'resultCode': 0, 'resultMessage': 'SUCCESS'}}")

    assert (facts.result_code, facts.result_message) == (0, "SUCCESS")


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        (  # a Java exception's message, key=value
            "com.example.SkmException: decrypt failed: resultCode=-3, "
            "resultMessage=Invalid Key Version\n\tat com.example.Skm.decrypt(Skm.java:42)",
            -3,
            "Invalid Key Version",
        ),
        (  # Lombok's toString
            "Header(isSuccessful=false, resultCode=-3, resultMessage=Invalid Key Version)",
            -3,
            "Invalid Key Version",
        ),
        (  # IntelliJ's toString quotes strings
            "Header{resultCode=-1, resultMessage='Invalid Appkey', isSuccessful=false}",
            -1,
            "Invalid Appkey",
        ),
        (  # logfmt-style pairs on one line
            "level=error resultCode=-3 resultMessage=Invalid Key Version isSuccessful=false",
            -3,
            "Invalid Key Version",
        ),
        (  # a log line, label and colon
            "ERROR skm call failed\n  resultCode: -6\n  resultMessage: Invalid Key Version Status",
            -6,
            "Invalid Key Version Status",
        ),
        (  # JSON written as a string inside a JSON log line
            '{"msg":"{\\"header\\":{\\"resultCode\\":-3,'
            '\\"resultMessage\\":\\"Invalid Key Version\\"}}"}',
            -3,
            "Invalid Key Version",
        ),
        (  # snake_case, as some clients log it
            'result_code=-1 result_message="Invalid Appkey"',
            -1,
            "Invalid Appkey",
        ),
        (  # an apostrophe inside a double-quoted message
            '{"header":{"resultCode":-9,"resultMessage":"Can\'t find the key"}}',
            -9,
            "Can't find the key",
        ),
    ],
)
def test_extract_facts_reads_the_result_in_every_form(text, code, message):
    facts = extract_facts(text)

    assert (facts.result_code, facts.result_message) == (code, message)


@pytest.mark.parametrize(
    "text",
    [
        "resultCode=-3, resultMessage=null",
        "resultCode=-3, resultMessage=None",
        '{"resultCode": -3, "resultMessage": ""}',
        "resultCode=-3, resultMessage=",
    ],
)
def test_extract_facts_takes_no_empty_result_message(text):
    assert extract_facts(text).result_message is None


def test_extract_facts_takes_the_first_result_message_that_has_a_value():
    text = "resultMessage=null\n" + '{"header":{"resultMessage":"Invalid Key Id"}}'

    assert extract_facts(text).result_message == "Invalid Key Id"


@pytest.mark.parametrize(
    ("path", "operation"),
    [
        ("/confirm", "confirm"),
        (f"/secrets/{KEY}", "secret.get"),
        (f"/symmetric-keys/{KEY}/encrypt", "symmetric.encrypt"),
        (f"/symmetric-keys/{KEY}/decrypt", "symmetric.decrypt"),
        (f"/symmetric-keys/{KEY}/create-local-key", "symmetric.create_local_key"),
        (f"/symmetric-keys/{KEY}/symmetric-key", "symmetric.get_key"),
        (f"/asymmetric-keys/{KEY}/sign", "asymmetric.sign"),
        (f"/asymmetric-keys/{KEY}/verify-standard", "asymmetric.verify"),
        (f"/asymmetric-keys/{KEY}/privateKey", "asymmetric.get_private_key"),
        (f"/asymmetric-keys/{KEY}/publicKey", "asymmetric.get_public_key"),
        ("/keystores/3/keys", "keystore.read"),
        (f"/keys/{KEY}/delete", "key.manage"),
        ("/auths/ipv4s", "auth.manage"),
    ],
)
def test_extract_facts_names_the_operation_from_the_url(path, operation):
    facts = extract_facts(f"POST {HOST}/keymanager/v1.2/appkey/qTQNj7LyHhdAazH3{path} failed")

    assert facts.operation == operation


def test_extract_facts_tells_secret_put_from_get():
    facts = extract_facts(f"PUT {HOST}/keymanager/v1.3/appkey/abc/secrets/{KEY}")

    assert facts.operation == "secret.put"


def test_extract_facts_reads_the_url_parts():
    facts = extract_facts(f"{HOST}/keymanager/v1.3/appkey/qTQNj7LyHhdAazH3/secrets/{KEY}")

    assert (facts.endpoint, facts.api_version, facts.appkey, facts.key_id) == (
        HOST,
        "v1.3",
        "qTQNj7LyHhdAazH3",
        KEY,
    )


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ('{"keyVersion": 4}', 4),
        ("keyVersion=2", 2),
        ("failed with key version 7", 7),
        ("鍵バージョン 3 で暗号化", 3),
        ("키 버전 5 로 서명", 5),
        ("TLS version 1.3 negotiated", None),
    ],
)
def test_extract_facts_reads_the_key_version_as_an_integer(text, version):
    assert extract_facts(text).key_version == version


@pytest.mark.parametrize(
    ("text", "ip"),
    [
        ("clientIp: 203.0.113.7", "203.0.113.7"),
        ('{"clientIp":"10.0.0.4"}', "10.0.0.4"),
        ("request from 192.168.10.20 refused", "192.168.10.20"),
        ("version 1.2.3.400 is not an address", None),
    ],
)
def test_extract_facts_finds_the_client_ipv4(text, ip):
    assert extract_facts(text).client_ip == ip


def test_extract_facts_skips_the_endpoint_host_address():
    facts = extract_facts("http://127.0.0.1:8443/keymanager/v1.0/appkey/abc/confirm from 10.1.1.1")

    assert facts.client_ip == "10.1.1.1"


@pytest.mark.parametrize(
    "text",
    [
        "X-TOAST-CLIENT-MAC-ADDR: AA:BB:CC:DD:EE:0F",
        "x-toast-client-mac-addr: aa-bb-cc-dd-ee-0f",
        "X-TOAST-CLIENT-MAC-ADDR=aabb.ccdd.ee0f",
    ],
)
def test_extract_facts_normalises_any_mac_format(text):
    facts = extract_facts(text)

    assert facts.client_mac == "aa:bb:cc:dd:ee:0f"
    assert (facts.mac_header or "").upper() == "X-TOAST-CLIENT-MAC-ADDR"


def test_extract_facts_keeps_a_misspelt_mac_header_name():
    facts = extract_facts("X-NHN Cloud-CLIENT-MAC-ADDR: AA:BB:CC:DD:EE:FF")

    assert facts.mac_header == "X-NHN Cloud-CLIENT-MAC-ADDR"


@pytest.mark.parametrize(
    ("text", "request_id"),
    [
        ("X-Request-Id: req-7f3a9b2c", "req-7f3a9b2c"),
        ('{"requestId": "abc123def456"}', "abc123def456"),
        (
            "trace 3F1C2A9E-1111-2222-3333-444455556666 failed",
            "3f1c2a9e-1111-2222-3333-444455556666",
        ),
        ("see skm-abcdefgh2345", "skm-abcdefgh2345"),
        ("リクエストID: a1b2c3d4e5", "a1b2c3d4e5"),
    ],
)
def test_extract_facts_finds_request_ids(text, request_id):
    assert extract_facts(text).request_id == request_id


def test_extract_facts_finds_the_timestamp():
    facts = extract_facts("2026-11-25T10:00:01.123+09:00 ERROR boom")

    assert facts.timestamp == "2026-11-25T10:00:01.123+09:00"


def test_extract_facts_finds_ciphertext_and_signature():
    facts = extract_facts('{"ciphertext": "AAAAAQxyz=", "signature": "c2ln"}')

    assert (facts.ciphertext, facts.signature) == ("AAAAAQxyz=", "c2ln")


@pytest.mark.parametrize(
    ("text", "operation"),
    [
        ("復号に失敗しました", "symmetric.decrypt"),
        ("서명 검증이 실패", "asymmetric.verify"),
        ("decrypt call fails", "symmetric.decrypt"),
    ],
)
def test_extract_facts_names_the_operation_from_words(text, operation):
    assert extract_facts(text).operation == operation


def test_extract_facts_of_unrelated_text_is_empty():
    facts = extract_facts("the weather is nice today")

    assert facts == type(facts)()


def test_normalize_mac_lowercases_and_uses_colons():
    assert normalize_mac("AA-BB-CC-DD-EE-FF") == "aa:bb:cc:dd:ee:ff"


def test_extract_facts_finds_a_bare_key_id_at_the_end_of_a_long_paste():
    """Unlabelled facts are searched at both ends of a long paste, where the call sits."""
    text = "INFO ok\n" * 40_000 + f"failed for {KEY}"

    assert extract_facts(text).key_id == KEY


def test_extract_facts_ignores_a_diagnosis_id_inside_a_longer_word():
    assert extract_facts("xskm-abcdefgh2345").request_ids == ()


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("SKMの鍵バージョン2で暗号化したデータ", 2),
        ("키 버전3이 없다고 나와요", 3),
        ("keyVersion=7がない", 7),
    ],
)
def test_extract_facts_reads_a_number_followed_by_cjk(text, version):
    """ASCII boundaries: `\\b` never fired between a digit and a Japanese or Korean letter."""
    assert extract_facts(text).key_version == version


def test_extract_facts_reads_a_labelled_key_id_followed_by_cjk():
    assert extract_facts(f"キーID:{KEY}が無効です").key_id == KEY


def test_extract_facts_skips_a_uuid_inside_an_aws_arn():
    arn = "arn:aws:kms:ap-northeast-1:111122223333:key/4d5e6f70-8192-a3b4-c5d6-e7f8091a2b3c"

    assert extract_facts(f"decrypt failed on {arn}").request_ids == ()


def test_extract_facts_takes_nothing_from_another_systems_paste():
    text = f"X-Request-Id: req-12345678 keyId={KEY} from 10.0.0.7"

    assert extract_facts(text, skm=False) == type(extract_facts(""))()


def test_result_message_labels_without_a_separator_are_not_read_one_by_one():
    """The word alone labels nothing: the search passes over it, however often it is written."""
    from skm_bot.core.extraction import _MESSAGE_LABEL

    assert list(_MESSAGE_LABEL.finditer("resultmessage " * 1_000)) == []


def test_the_result_message_after_bare_labels_is_found():
    facts = extract_facts("resultMessage " * 1_000 + 'resultMessage: "Invalid Appkey"')

    assert facts.result_message == "Invalid Appkey"


# Every way a label meets its value: quotes, blanks, separators (ASCII and full-width), none.
_JOINS = ("=", ": ", ' : "', '":"', "'='", "：", " ", "\t=\t", "")


@pytest.mark.parametrize("join", _JOINS)
@pytest.mark.parametrize("label", ["keyId", "key_id", "Key ID", "キーID", "鍵ID", "키 ID", "키ID"])
def test_extract_facts_reads_a_key_id_however_its_label_is_joined(label, join):
    assert extract_facts(f"{label}{join}{KEY} rejected").key_id == KEY


@pytest.mark.parametrize("join", _JOINS)
@pytest.mark.parametrize("label", ["clientIp", "X-Forwarded-For", "source_ip", "remote addr"])
def test_extract_facts_reads_a_client_ip_however_its_label_is_joined(label, join):
    assert extract_facts(f"{label}{join}198.51.100.23 refused").client_ip == "198.51.100.23"


@pytest.mark.parametrize("join", _JOINS)
@pytest.mark.parametrize("label", ["X-Request-Id", "traceId", "요청 ID", "リクエストID"])
def test_extract_facts_reads_a_request_id_however_its_label_is_joined(label, join):
    assert extract_facts(f"{label}{join}req-7f3a9b2c failed").request_id == "req-7f3a9b2c"


@pytest.mark.parametrize("join", ["", " ", ": ", " = ", "#", "  :  ", "：", " ："])
@pytest.mark.parametrize("label", ["key version", "keyversion", "version", "バージョン", "버전"])
def test_extract_facts_reads_a_key_version_however_its_label_is_joined(label, join):
    assert extract_facts(f"{label}{join}12 disabled").key_version == 12


@pytest.mark.parametrize("label", ["鍵id", "키 id", "key version", "client ip"])
def test_a_label_repeated_without_a_value_gives_nothing(label):
    assert extract_facts(f"{label} " * 5_000) == extract_facts("")


@pytest.mark.parametrize(
    ("text", "mac"),
    [
        ("AA:BB:CC:DD:EE:0F is our MAC", "aa:bb:cc:dd:ee:0f"),
        ("MAC aabb.ccdd.ee0f", "aa:bb:cc:dd:ee:0f"),
        ("mac=(aa-bb-cc-dd-ee-0f)", "aa:bb:cc:dd:ee:0f"),
        # Part of a longer run of hex pairs (an IPv6 address, a fingerprint): not a MAC.
        ("MAC 11:aa:bb:cc:dd:ee:0f", None),
        ("MAC 1aa:bb:cc:dd:ee:0f", None),
        ("MAC aa:bb:cc:dd:ee:0f:11", None),
        ("MAC -aa-bb-cc-dd-ee-0f", None),
        ("MAC aa:bb-cc:dd:ee:0f", None),
    ],
)
def test_extract_facts_takes_a_mac_only_standing_alone(text, mac):
    assert extract_facts(text).client_mac == mac


@pytest.mark.parametrize(
    ("text", "request_id"),
    [
        ("X-Request-Id X-Request-Id", None),
        ("traceId traceId", None),
        ("requestId requestId: r-123456", "r-123456"),
        ("request id: trace-id=abc123def", "abc123def"),
        ("X-Request-Id: x-request-id-7f3a9b", "x-request-id-7f3a9b"),
        ("requestId: request-id-123456", "request-id-123456"),
    ],
)
def test_extract_facts_never_takes_a_label_for_a_request_id(text, request_id):
    assert extract_facts(text).request_id == request_id
