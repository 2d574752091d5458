"""The crypto module's pure functions: layout, versions, and the user-data errors."""

from __future__ import annotations

import base64

import pytest

from skm_bot.emulator import crypto

KEY = bytes(range(32))


def test_ciphertext_round_trips_with_its_version():
    sealed = crypto.encrypt(KEY, 7, b"data")

    version, body = crypto.ciphertext_version(sealed)
    assert (version, crypto.decrypt(KEY, body)) == (7, b"data")


def test_decrypt_with_another_key_is_user_data_error():
    _, body = crypto.ciphertext_version(crypto.encrypt(KEY, 0, b"data"))

    with pytest.raises(crypto.UserDataError):
        crypto.decrypt(bytes(32), body)


def test_derived_material_is_deterministic_per_seed_text():
    assert crypto.new_symmetric_material("k:0") == crypto.new_symmetric_material("k:0")
    assert crypto.new_symmetric_material("k:0") != crypto.new_symmetric_material("k:1")


def test_signature_carries_its_version_and_verifies():
    key = crypto.new_rsa_key()
    signature = crypto.sign(key, 3, b"text")

    version, raw = crypto.signature_version(signature)
    assert (version, crypto.verify(key, raw, b"text")) == (3, True)


def test_short_signature_is_user_data_error():
    with pytest.raises(crypto.UserDataError):
        crypto.signature_version(base64.b64encode(b"\x00" * 10).decode())


def test_hex_list_renders_bytes_like_skm():
    assert crypto.hex_list(b"\x00\x20\xff") == "0x00, 0x20, 0xff"
