"""``--tsig-key FILE[:NAME]``: zonelint's strict parser of a BIND ``key`` clause
(``zonelint.net.tsig``); every mistake is one line naming the file and line."""

from __future__ import annotations

import pytest
from zonelint.net import SourceError
from zonelint.net.tsig import load, parse

GOOD = '''# written by tsig-keygen
key "transfer-key" {
\talgorithm hmac-sha256;   // the default
\tsecret "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";
};
/* a second one,
   over two lines */
key other.example. { algorithm HMAC-SHA512; secret c2VjcmV0/+8=; };
'''


def test_parses_bind_key_clauses_with_comments():
    keys = parse(GOOD)
    assert [(k.name, k.algorithm, k.secret) for k in keys] == [
        ("transfer-key", "hmac-sha256", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI="),
        ("other.example.", "hmac-sha512", "c2VjcmV0/+8="),
    ]
    ring, name = keys[0].keyring()
    assert name.to_text() == "transfer-key." and name in ring


def test_file_and_name(tmp_path):
    f = tmp_path / "keys.conf"
    f.write_text(GOOD)
    assert load(f"{f}:other.example").name == "other.example."
    with pytest.raises(SourceError, match=r"2 keys; choose one with .*keys.conf:NAME$"):
        load(str(f))
    with pytest.raises(SourceError, match=r"no key named 'nope' \(the file has transfer-key, other.example.\)"):
        load(f"{f}:nope")
    with pytest.raises(SourceError, match=r"--tsig-key .*missing.key: cannot read: No such file or directory"):
        load(str(tmp_path / "missing.key"))


@pytest.mark.parametrize("text, message", [
    ("", "no key clause"),
    ('key "k" { algorithm hmac-sha256; };', "line 1: key 'k' has no secret"),
    ('key "k" { secret "c2VjcmV0"; };', "line 1: key 'k' has no algorithm"),
    ('key "k" {\n algorithm hmac-sha256;\n secret "c2VjcmV0";\n};\nkey "k" { algorithm hmac-sha1; secret "c2VjcmV0"; };',
     "line 5: a second key named 'k'"),
    ('key "k" {\n algorithm rot13;\n secret "c2VjcmV0";\n};', "line 2: algorithm 'rot13' is not one of hmac-md5"),
    ('key "k" {\n algorithm hmac-sha256;\n secret "not base64!";\n};', "line 3: the secret of key 'k' is not base64"),
    ('key "k" { algorithm hmac-sha256; secret "c2VjcmV0"; primaries { 192.0.2.1; }; };',
     "line 1: unknown statement 'primaries' in key 'k' (only algorithm and secret)"),
    ('key "k" { algorithm hmac-sha256; algorithm hmac-sha1; secret "c2VjcmV0"; };', "a second 'algorithm'"),
    ('key "k" { algorithm hmac-sha256; secret "c2VjcmV0"; }', "unexpected end of file, expected ';' after the key clause"),
    ('options { directory "/tmp"; };', "line 1: expected 'key', found 'options'"),
    ('key "k" { algorithm hmac-sha256 secret "c2VjcmV0"; };', "line 1: expected ';', found 'secret'"),
    ('/* never closed\nkey "k" {};', "line 1: unterminated /* comment"),
    ('key "bad..name" { algorithm hmac-sha256; secret "c2VjcmV0"; };', "'bad..name' is not a valid key name"),
])
def test_mistakes_are_one_line_with_the_line(text, message):
    with pytest.raises(SourceError) as e:
        parse(text, "k.conf")
    assert str(e.value).startswith("--tsig-key k.conf: ") and message in str(e.value), str(e.value)
    assert "\n" not in str(e.value)


def test_a_large_or_binary_file_is_refused(tmp_path):
    big = tmp_path / "big.key"
    big.write_bytes(b"#" * (65 * 1024))
    with pytest.raises(SourceError, match="larger than 64 KiB"):
        load(str(big))
    binary = tmp_path / "bin.key"
    binary.write_bytes(b"\xff\xfe key")
    with pytest.raises(SourceError, match="not UTF-8 text"):
        load(str(binary))
