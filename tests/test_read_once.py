"""A zone file the fast scanner loaded is read once. Its suppression comments are collected in the
scanner's own pass, so neither the suppression check nor ZL008 (unused noqa) reads the file again
when it has no noqa comment (at 1M records that was 60 MB read back and lower-cased). A file with
noqa comments is still judged by ZL008 at its exact line."""

from __future__ import annotations

from zonelint import confine
from zonelint.config import Config
from zonelint.plugins import load_registry
from zonelint.runner import RunOptions, lint
from zonelint.selection import SelectionLevel

ZONE = (
    "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster ( 2024010101 7200 3600 1209600 3600 )\n"
    "@ IN NS ns1\nns1 IN A 192.0.2.53\n_xmpp-client._tcp IN SRV 5 0 5222 host\nhost IN CNAME ns1\n"
)


def run(tmp_path, monkeypatch, text: str):
    (tmp_path / "example.com.zone").write_text(text)
    reads = []
    real = confine.read_back

    def spy(path, root=None):
        reads.append(path)
        return real(path, root)

    monkeypatch.setattr(confine, "read_back", spy)
    opts = RunOptions(paths=[str(tmp_path)], select=SelectionLevel(["ZL008", "ZL101"], [], []), cwd=str(tmp_path))
    report = lint(opts, Config(root=str(tmp_path)), load_registry())
    return report, reads


def test_a_file_without_noqa_is_not_read_back(tmp_path, monkeypatch):
    report, reads = run(tmp_path, monkeypatch, ZONE)
    assert [(f.code, f.line) for f in report.findings] == [("ZL101", 6)]
    assert reads == []


def test_a_file_with_noqa_is_still_judged(tmp_path, monkeypatch):
    report, _ = run(tmp_path, monkeypatch, ZONE.replace("host\nhost", "host ; noqa: ZL101\nhost") + "x IN A 192.0.2.9 ; noqa: ZL101\n")
    assert [(f.code, f.line) for f in report.findings] == [("ZL008", 8)]
