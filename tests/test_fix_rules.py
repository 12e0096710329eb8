"""The rule fixes of issue 16 point 3 through the real ``zonelint --fix`` / ``--diff``: ZL105/ZL107
(origin doubled: the missing dot, or the relative ``$ORIGIN``/``$INCLUDE`` origin), ZL704 (the
later copy of a duplicate) and ZL110 (SPF type 99: delete beside the same TXT, or rewrite as TXT).

Each case of ``tests/fixcases.py`` is a hand-written lint root with the exact bytes every file
must have after ``--fix`` (CRLF, tabs, Latin-1 octets, comments inside parentheses and
``$INCLUDE``d files kept byte for byte outside the edited token). After the fix the run lints
again: the fixed findings are gone, the others remain, nothing fails to parse, and the records
are the ones that were meant; a second ``--fix`` changes nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixcases import CASES, COM, Case, crlf
from zonelint.cli import main
from zonelint.load import load_text


def materialise(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)).replace(os.sep, "/"): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def run(root: Path, args: list[str], capsys) -> tuple[int, list[dict], str, str]:
    """``zonelint --no-config --format json ARGS`` in ``root``: exit code, findings, stdout, stderr."""
    old = os.getcwd()
    os.chdir(root)
    try:
        code = main(["--no-config", "--no-progress", *args])
    finally:
        os.chdir(old)
    out, err = capsys.readouterr()
    findings = []
    if "--diff" not in args and "json" in args:
        findings = json.loads(out)["findings"]
    return code, findings, out, err


def lint(root: Path, case: Case, capsys, *extra: str):
    return run(root, ["--format", "json", "--select", case.select, *extra, *case.lint], capsys)


def located(findings: list[dict]) -> list[tuple[str, str]]:
    return sorted((f["code"], f["path"]) for f in findings)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_fix_writes_exactly_the_expected_bytes(case: Case, tmp_path: Path, capsys):
    materialise(tmp_path, case.files)
    code, before, _, _ = lint(tmp_path, case, capsys)
    assert before and code in (0, 1)  # every case reports something

    code, after, _, err = lint(tmp_path, case, capsys, "--fix")
    assert "Traceback" not in err
    want = {**case.files, **case.after}
    assert snapshot(tmp_path) == want
    # the run lints again after fixing and reports what remains
    assert len(after) == len(before) - case.fixed, (before, after)
    assert code == (1 if any(f["severity"] != "info" for f in after) else 0)
    if case.after:
        assert "zonelint: fixed" in err

    # what remains is what a fresh run reports; nothing fails to parse
    code2, again, _, _ = run(tmp_path, ["--format", "json", "--select", f"ZL0,{case.select}", *case.lint], capsys)
    assert not [f for f in again if f["code"].startswith("ZL0") and f["code"] not in ("ZL007",)], again
    assert located([f for f in again if not f["code"].startswith("ZL0")]) == located(after)

    # a second --fix changes nothing
    code3, third, _, err3 = lint(tmp_path, case, capsys, "--fix")
    assert snapshot(tmp_path) == want
    assert "zonelint: fixed" not in err3
    assert located(third) == located(after)


@pytest.mark.parametrize("case", [c for c in CASES if c.after], ids=str)
def test_diff_writes_nothing_and_shows_the_edit(case: Case, tmp_path: Path, capsys):
    materialise(tmp_path, case.files)
    code, _, out, err = run(tmp_path, ["--select", case.select, "--diff", *case.lint], capsys)
    assert snapshot(tmp_path) == case.files
    assert code == 1
    for rel in case.after:
        assert f"--- a/{rel}" in out and f"+++ b/{rel}" in out
    assert "would fix" in err


@pytest.mark.parametrize("case", [c for c in CASES if not c.after], ids=str)
def test_no_fix_offered_diff_is_empty(case: Case, tmp_path: Path, capsys):
    materialise(tmp_path, case.files)
    code, _, out, err = run(tmp_path, ["--select", case.select, "--diff", *case.lint], capsys)
    assert out == "" and code == 0
    assert snapshot(tmp_path) == case.files
    if case.why:  # the fix exists, the engine leaves it out, and says why
        notes = [line for line in err.splitlines() if " not fixed: " in line]
        assert notes and all(case.why in line for line in notes), err


def records(raw: bytes, origin: str = "example.com.") -> list[tuple]:
    zone = load_text(raw, origin)
    assert not [p for p in zone.problems if p.code in ("ZL001", "ZL002", "ZL003")], zone.problems
    return [(r.owner.lower(), r.ttl, r.rdclass, r.rdtype, r.rdata_text.lower()) for r in zone.records]


@pytest.mark.parametrize("case", [c for c in CASES if c.id.startswith(("ZL105", "ZL107")) and c.after
                                  and len(c.files) == 1], ids=str)
def test_origin_fix_gives_the_names_that_were_meant(case: Case, tmp_path: Path, capsys):
    """After the dot, the zone holds the same records with the doubled origin taken off (and
    nothing else changed): the name that was meant."""
    (rel, raw), = case.files.items()
    origin = rel[: -len("zone")]
    old, new = records(raw, origin), records(case.after[rel], origin)
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new) if a != b]
    assert changed
    for a, b in changed:  # the owner or the data lost what the origin added, nothing else
        assert a[1:4] == b[1:4], (a, b)
        for x, y in ((a[0], b[0]), (a[4], b[4])):
            if x != y:
                assert x.startswith(y[:-1]) and len(x) > len(y) and y.endswith(origin), (a, b)


def test_fix_refuses_a_zone_with_a_parse_error(tmp_path: Path, capsys):
    zone = COM + b"www IN CNAME web.example.com\nweb IN A 192.0.2.4\nbad IN A 999.0.2.1\n"
    materialise(tmp_path, {"example.com.zone": zone})
    code, after, _, err = run(tmp_path, ["--format", "json", "--select", "ZL0,ZL105", "--fix", "example.com.zone"],
                              capsys)
    assert (tmp_path / "example.com.zone").read_bytes() == zone
    assert {f["code"] for f in after} == {"ZL001", "ZL105"} and code == 1
    assert "parse error" in err


def test_same_deletion_asked_by_two_rules_is_made_once(tmp_path: Path, capsys):
    """Two SPF copies beside the same TXT: ZL110 deletes both, ZL704 the second too; the
    edits are the same bytes, applied once."""
    zone = COM + (b'@ 3600 IN TXT "v=spf1 -all"\n@ 3600 IN SPF "v=spf1 -all"\n@ 3600 IN SPF "v=spf1 -all"\n'
                  b"www 3600 IN A 192.0.2.1\n")
    materialise(tmp_path, {"example.com.zone": zone})
    want = COM + b'@ 3600 IN TXT "v=spf1 -all"\nwww 3600 IN A 192.0.2.1\n'
    from test_fix_sarif import apply_sarif

    _, _, out, _ = run(tmp_path, ["--format", "sarif", "--select", "ZL110,ZL704", "example.com.zone"], capsys)
    assert apply_sarif(json.loads(out), tmp_path) == {"example.com.zone": want}  # each deletion listed once
    code, after, _, _ = run(tmp_path, ["--format", "json", "--select", "ZL110,ZL704", "--fix", "example.com.zone"],
                            capsys)
    assert (tmp_path / "example.com.zone").read_bytes() == want
    assert after == [] and code == 0


def test_two_identical_spf_records_become_one_txt(tmp_path: Path, capsys):
    zone = crlf(COM + b'@ 3600 IN SPF "v=spf1 mx -all"\n@ 3600 IN SPF "v=spf1 mx -all" ; again\nwww 3600 IN A 192.0.2.1\n')
    materialise(tmp_path, {"example.com.zone": zone})
    code, after, _, _ = run(tmp_path, ["--format", "json", "--select", "ZL110,ZL704", "--fix", "example.com.zone"],
                            capsys)
    assert (tmp_path / "example.com.zone").read_bytes() == crlf(
        COM + b'@ 3600 IN TXT "v=spf1 mx -all"\nwww 3600 IN A 192.0.2.1\n'
    )
    assert after == [] and code == 0


def test_duplicate_with_a_doubled_target_is_deleted_not_dotted(tmp_path: Path, capsys):
    """The copy's ZL105 dot and ZL704's deletion touch the same record: the deletion wins, the
    dot is left to the next run (which has nothing left to do)."""
    zone = COM + (b"www 3600 IN CNAME web.example.com\nwww 3600 IN CNAME web.example.com\n"
                  b"web 3600 IN A 192.0.2.4\n")
    materialise(tmp_path, {"example.com.zone": zone})
    run(tmp_path, ["--format", "json", "--select", "ZL105,ZL704", "--fix", "example.com.zone"], capsys)
    assert (tmp_path / "example.com.zone").read_bytes() == COM + (
        b"www 3600 IN CNAME web.example.com.\nweb 3600 IN A 192.0.2.4\n"
    )


# -- ZL704 in random layouts ------------------------------------------------------------------

RDATA = {
    "A": ["192.0.2.1"],
    "MX": ["10", "mail.example.com."],
    "TXT": ['"v=spf1"', '"-all ; not a comment"'],
    "SRV": ["0", "0", "5060", "sip.example.com."],
}
blank = st.sampled_from([" ", "\t", "  ", " \t "])


@st.composite
def duplicate_zone(draw):
    """A zone with a record and a later copy of it in a random layout, and what follows the
    copy; returns (bytes, the copy's bytes, expected bytes when the copy may be deleted or None)."""
    rdtype = draw(st.sampled_from(sorted(RDATA)))
    data = RDATA[rdtype]
    sep = draw(blank)
    original = f"www{sep}3600{sep}IN{sep}{rdtype}{sep}{' '.join(data)}\n"

    owner = draw(st.sampled_from(["www", "WWW", "www.example.com.", None]))
    ttl = draw(st.sampled_from([None, "3600", "60", "1H"]))
    rdclass = draw(st.booleans())
    class_first = draw(st.booleans())
    head = []
    fields = [("ttl", ttl), ("class", "IN" if rdclass else None)]
    if class_first:
        fields.reverse()
    head = [v for _, v in fields if v is not None] + [rdtype]
    tokens = list(data)
    # parentheses around the data, with a line break (and maybe a comment) after some tokens
    if draw(st.booleans()):
        body = "("
        for i, tok in enumerate(tokens):
            body += draw(blank) + tok
            if i < len(tokens) - 1 and draw(st.booleans()):
                body += draw(st.sampled_from(["", " ; inside"])) + "\n" + draw(blank)
        body += draw(blank) + ")"
    else:
        body = " ".join(tokens)
    copy = (owner if owner is not None else "") + draw(blank) + draw(blank).join(head) + draw(blank) + body
    copy += draw(st.sampled_from(["", " ; copy", "\t;caf\xe9"])) + "\n"

    between = draw(st.sampled_from(["", "\n", "; comment\n", "\n  ; indented\n"]))
    before = draw(st.sampled_from(["", "\n", "; comment\n"]))
    nxt_kind = draw(st.sampled_from(["record", "record", "record", "eof", "$TTL", "$ORIGIN"]))
    # issue 16 point 3: deleted only when the next record (past $TTL/$ORIGIN lines, which change
    # nothing a record inherits) writes its owner, TTL and class, whatever the copy writes
    directive = {"$TTL": "$TTL 300\n", "$ORIGIN": "$ORIGIN example.com.\n"}.get(nxt_kind, "")
    if nxt_kind != "eof":
        n_owner = draw(st.sampled_from(["mail", None]))
        n_ttl = draw(st.booleans())
        n_class = draw(st.booleans())
        parts = (["300"] if n_ttl else []) + (["IN"] if n_class else []) + ["A", "192.0.2.99"]
        nxt = directive + (n_owner or "") + draw(blank) + " ".join(parts) + "\n"
        deletable = n_owner is not None and n_ttl and n_class
    else:
        nxt = ""
        deletable = True
    use_crlf = draw(st.booleans())

    def enc(s: str) -> bytes:
        b = s.encode("latin-1")
        return crlf(b) if use_crlf else b

    prefix = enc(COM.decode("latin-1") + original + before)
    suffix = enc(between + nxt)
    copy_bytes = enc(copy)
    if not suffix and draw(st.booleans()):  # the copy ends the file, without a final line break
        eol = b"\r\n" if use_crlf else b"\n"
        copy_bytes = copy_bytes[: -len(eol)]
        prefix, copy_bytes = prefix[: -len(eol)], eol + copy_bytes
    return prefix + copy_bytes + suffix, (prefix + suffix) if deletable else None


@settings(deadline=None, max_examples=60, database=None, suppress_health_check=list(HealthCheck))
@given(duplicate_zone())
def test_duplicate_in_random_layouts(tmp_path_factory, zone):
    """The copy is deleted (with its lines, its comments and nothing else) exactly when nothing
    after it inherits from it; the zone then holds the same records minus that one copy; a
    second run changes nothing."""
    import contextlib
    import io

    raw, expected = zone
    root = tmp_path_factory.mktemp("dup")
    path = root / "example.com.zone"
    path.write_bytes(raw)
    old = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main(["--no-config", "--no-progress", "--format", "json", "--select", "ZL704", "--fix", path.name])
            got = path.read_bytes()
            main(["--no-config", "--no-progress", "--format", "json", "--select", "ZL704", "--fix", path.name])
    finally:
        os.chdir(old)
    assert got == (expected if expected is not None else raw)
    assert path.read_bytes() == got  # idempotent
    before, after = records(raw), records(got)
    if expected is not None:
        assert len(after) == len(before) - 1
        # the records left are exactly those before, the copy taken out (by position)
        assert any(before[:i] + before[i + 1:] == after for i in range(len(before)))


RULE_SIDE_REFUSALS = [
    "ZL105-ZL107-nofix-token-without-origin",
    "ZL107-nofix-origin-directive-doubled-names-below",
    "ZL107-nofix-origin-relative-to-another-origin",
    "ZL110-nofix-different-txt-policy",
    "ZL110-nofix-two-spf-policies",
]


@pytest.mark.parametrize("case", [c for c in CASES if c.id in RULE_SIDE_REFUSALS], ids=str)
def test_rule_offers_no_fix(case: Case, tmp_path: Path):
    """Where the rule itself knows no safe fix, its findings carry none (nothing to count as
    fixable)."""
    from zonelint.testing import lint_files

    materialise(tmp_path, case.files)
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        findings = lint_files(list(case.lint), select=case.select.split(","))
    finally:
        os.chdir(old)
    assert findings and all(f.fix is None for f in findings)


@pytest.mark.parametrize("code", ["ZL105", "ZL107", "ZL704", "ZL110"])
def test_rules_declare_their_fix(code):
    from zonelint.plugins import load_registry

    rule = load_registry(installed=False).rules[code]
    assert rule.fixable is True
    assert "zonelint --fix" in rule.__doc__.split("## How to fix", 1)[1].split("## Anchor", 1)[0]


# -- make_absolute / make_origin_absolute: what they refuse -------------------------------------


def _edits(raw: bytes, change):
    from zonelint.fix.locate import FileBytes
    from zonelint.fix.resolve import change_edits

    return change_edits(FileBytes(raw), change)


def _rec(line: int, rdtype: str, column: int = 1):
    from zonelint.model import Record, SourceFile

    return Record(SourceFile("z", "z"), line, column, line, "x.", 0, False, "IN", rdtype, "", ".")


@pytest.mark.parametrize(
    "raw, part, index, name, edit",
    [
        (b"www IN CNAME web.example.com ; c\n", "rdata", 0, "web.example.com.", b"web.example.com."),
        (b"www IN CNAME w\\101b.Example.com\n", "rdata", 0, "web.example.com.", b"w\\101b.Example.com."),
        (b"caf\xe9.example.com IN A 192.0.2.1\n", "owner", 0, "caf\\233.example.com.", b"caf\xe9.example.com."),
        (b"www IN CNAME web.example.com.\n", "rdata", 0, None, None),  # already absolute
        (b"www IN CNAME web\\.\n", "rdata", 0, None, b"web\\.."),  # an escaped dot ends no name
        (b"www IN CNAME web\\\\.\n", "rdata", 0, None, None),  # an escaped backslash, then the dot
        (b"@ IN A 192.0.2.1\n", "owner", 0, None, None),  # the origin itself
        (b"www IN CNAME web.example.com\n", "rdata", 0, "web.example.net.", None),  # not the name meant
        (b'www IN TXT "web.example.com"\n', "rdata", 0, None, None),  # quoted
        (b"www IN CNAME web\n", "rdata", 1, None, None),  # no such token
    ],
)
def test_make_absolute_adds_only_the_dot(raw, part, index, name, edit):
    from zonelint import make_absolute
    from zonelint.fix.resolve import Unfixable

    rdtype = raw.split()[2].decode() if raw.split()[1] == b"IN" else "A"
    change = make_absolute(_rec(1, rdtype), part, name, index)
    if edit is None:
        with pytest.raises(Unfixable):
            _edits(raw, change)
        return
    (e,) = _edits(raw, change)
    assert raw[: e.offset] + e.data + raw[e.offset + e.length :] == raw.replace(edit[:-1], edit, 1)


@pytest.mark.parametrize(
    "raw, edit",
    [
        (b"$ORIGIN example.org ; c\n", b"$ORIGIN example.org. ; c\n"),
        (b"$INCLUDE \"a file.inc\"\texample.org\r\n", b"$INCLUDE \"a file.inc\"\texample.org.\r\n"),
        (b"$INCLUDE hosts.inc\n", None),  # no origin: the file name is never touched
        (b"$TTL 3600\n", None),
        (b"$ORIGIN example.org.\n", None),
        (b"www IN A 192.0.2.1\n", None),
    ],
)
def test_make_origin_absolute_touches_only_an_origin(raw, edit):
    from zonelint import make_origin_absolute
    from zonelint.fix.resolve import Unfixable
    from zonelint.model import SourceFile

    change = make_origin_absolute((SourceFile("z", "z"), 1))
    if edit is None:
        with pytest.raises(Unfixable):
            _edits(raw, change)
        return
    (e,) = _edits(raw, change)
    assert raw[: e.offset] + e.data + raw[e.offset + e.length :] == edit


@pytest.mark.parametrize("case", [c for c in CASES if len(c.lint) > 1], ids=str)
def test_fix_under_jobs(case: Case, tmp_path: Path, capsys):
    """Fixes cross the ``-j`` process boundary and still merge across the zones that include one
    file."""
    materialise(tmp_path, case.files)
    lint(tmp_path, case, capsys, "-j", "2", "--fix")
    assert snapshot(tmp_path) == {**case.files, **case.after}


def test_spf_copies_under_jobs(tmp_path: Path, capsys):
    """Under ``-j`` the first of two identical SPF records is still the one rewritten: records
    are compared by where they are written."""
    zone = COM + b'@ 3600 IN SPF "v=spf1 mx -all"\n@ 3600 IN SPF "v=spf1 mx -all"\nwww 3600 IN A 192.0.2.1\n'
    other = COM.replace(b"example.com.", b"example.net.") + b'@ 3600 IN SPF "v=spf1 -all"\n'
    materialise(tmp_path, {"example.com.zone": zone, "example.net.zone": other})
    run(tmp_path, ["--format", "json", "--select", "ZL110", "-j", "2", "--fix", "example.com.zone",
                   "example.net.zone"], capsys)
    assert (tmp_path / "example.com.zone").read_bytes() == COM + (
        b'@ 3600 IN TXT "v=spf1 mx -all"\nwww 3600 IN A 192.0.2.1\n'
    )
    assert (tmp_path / "example.net.zone").read_bytes() == other.replace(b"IN SPF", b"IN TXT")


@pytest.mark.parametrize("case", [c for c in CASES if c.after], ids=str)
def test_sarif_fixes_give_the_bytes_fix_writes(case: Case, tmp_path: Path, capsys):
    """SARIF ``fixes`` (byte offsets into the files as they are) give exactly ``--fix``'s bytes,
    also where two findings ask for one edit or two views for one edit in a shared file."""
    import jsonschema

    from test_fix_sarif import SCHEMA, apply_sarif

    materialise(tmp_path, case.files)
    _, _, out, _ = run(tmp_path, ["--format", "sarif", "--select", case.select, *case.lint], capsys)
    doc = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    assert apply_sarif(doc, tmp_path) == case.after
    assert snapshot(tmp_path) == case.files


def test_noqa_and_ignore_keep_the_record(tmp_path: Path, capsys):
    """Only findings the run reports are fixed: a copy kept on purpose (``; noqa: ZL704``) stays,
    and so does everything under ``--ignore``."""
    zone = COM + (b"www 3600 IN A 192.0.2.1\nwww 3600 IN A 192.0.2.1 ; noqa: ZL704 (kept on purpose)\n"
                  b"_sip._tcp 3600 IN SRV 0 0 5060 sip.example.com\nsip 3600 IN A 192.0.2.5\n")
    materialise(tmp_path, {"example.com.zone": zone})
    run(tmp_path, ["--format", "json", "--select", "ZL704,ZL105", "--ignore", "ZL105", "--fix", "example.com.zone"],
        capsys)
    assert (tmp_path / "example.com.zone").read_bytes() == zone
    run(tmp_path, ["--format", "json", "--select", "ZL704,ZL105", "--fix", "example.com.zone"], capsys)
    assert (tmp_path / "example.com.zone").read_bytes() == zone.replace(b"sip.example.com\n", b"sip.example.com.\n")


def test_fix_on_the_corpus_breaks_nothing_and_settles(tmp_path: Path, capsys, shared):
    """On a copy of the conformance corpus (real repositories, peer test suites): the four fixes
    introduce no load problem, fix what they claim, and a second run has nothing left to do."""
    import shutil
    from collections import Counter

    root = tmp_path / "corpus"
    shutil.copytree(shared / "corpus", root, symlinks=True)
    codes = "ZL105,ZL107,ZL110,ZL704"
    _, before, _, _ = run(root, ["--format", "json", "--select", f"ZL0,{codes}", "."], capsys)
    _, _, _, err = run(root, ["--format", "json", "--select", codes, "--fix", "."], capsys)
    assert "zonelint: fixed" in err and "Traceback" not in err
    _, after, _, _ = run(root, ["--format", "json", "--select", f"ZL0,{codes}", "."], capsys)

    def load_problems(findings):
        return Counter((f["code"], f["path"]) for f in findings if f["code"].startswith("ZL0"))

    assert load_problems(after) == load_problems(before)
    fixed = Counter(f["code"] for f in before) - Counter(f["code"] for f in after)
    assert {"ZL107", "ZL110", "ZL704"} <= set(fixed) <= set(codes.split(",")), fixed
    code, _, out, _ = run(root, ["--select", codes, "--diff", "."], capsys)
    assert out == "" and code == 0
