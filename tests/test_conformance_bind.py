"""Conformance with BIND 9.18 ``named-checkzone`` on the peer corpus (issue 8, acceptance 1).

Every row of ``../shared/corpus/expectations.tsv`` is linted in-process through ``zonelint.cli.main``
from its ``run_from`` folder, with the row's origin and ``--no-config``, every rule selected. Then:

- BIND loads the zone (``bind_actual`` is ``ok`` or ``warn``) -> zonelint reports no ZL001, ZL002
  or ZL003 (a zone BIND accepts must not be called unparsable);
- BIND fails on *syntax* (``bind_fail_reason`` starts with ``dns_master_load:``,
  ``dns_rdata_fromtext:`` or ``$GENERATE:``, or says "loading from master file ... failed") ->
  zonelint reports ZL001/ZL002/ZL003, or the structural rule that owns the reason (ZL701/ZL702 for
  "CNAME and other data", ZL705 for "multiple RRs of singleton type"), **at the line BIND names**
  (parsed from ``bind_fail_reason`` or, when that has none, from ``bind_actual`` if that line is
  the failure itself; when BIND's output names no line for the failure, anywhere in the file);
- other BIND failures are ``-i local`` semantics (NS without address, no SOA, DNAME checks, ...):
  no verdict on syntax, counted as agreeing whatever zonelint says about them;
- rows about ``-P`` (an option 9.18 lacks) are skipped.

Where BIND and zonelint still disagree the row is listed in :data:`EXCEPTIONS` with the reason.
The agreement figure is printed and checked against ``docs/conformance.md``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO, shared_dir
from zonelint.cli import main

PARSE_CODES = {"ZL001", "ZL002", "ZL003"}
#: BIND's reason -> the structural codes that own it (beside the parse codes)
STRUCTURAL = {
    "CNAME and other data": {"ZL701", "ZL702"},
    "multiple RRs of singleton type": {"ZL705", "ZL004"},  # ZL004: more than one SOA
}
SYNTAX_PREFIXES = ("dns_master_load:", "dns_rdata_fromtext:", "$GENERATE:")
_LOADING_FAILED = re.compile(r"loading from master file .* failed")
_LINE = re.compile(r"(?:^|\s|: )([^\s:]+):(\d+): ")

_NO_PARSER = (
    "dnspython 2.9 has no text parser for {t}, which BIND 9.18 reads: zonelint reports ZL001 on "
    "the {t} record (line 5) and so never sees the CNAME conflict BIND reports at line {l}. The "
    "zone is flagged either way; reading {t} would need a parser of our own"
)
_NEWER_BIND = (
    "BIND 9.18 accepts an EUI-48/EUI-64 without leading zeros or with trailing garbage (a bug: "
    "BIND HEAD, whose test this is, rejects it); dnspython rejects it, and so does zonelint (ZL001)"
)
_OUT_OF_SPACE = (
    "a TXT of 65512/65513 octets of data: BIND 9.18 runs 'out of space' in its internal buffer "
    "(below the protocol's 65535; BIND HEAD loads master16); zonelint has no size check of this kind"
)
_DS_APEX = (
    "'DS record at top of zone' is a BIND zone-content check (the DS belongs in the parent), "
    "not syntax; zonelint has no rule for it yet"
)
_CHECK_NAMES = (
    "check-names (host-name syntax of owners/targets, fatal with -k fail): a policy check "
    "zonelint has no rule for yet; the data parses"
)

#: Rows where zonelint knowingly disagrees with BIND 9.18, with the reason. Each entry must still
#: disagree (a stale entry fails the test), so this list is exactly the remaining disagreements.
EXCEPTIONS: dict[str, str] = {
    # -- record types dnspython cannot read (BIND can): ZL001 on the record, not ZL701 -----------
    "peer-bind/checkzone/zones/bad-cname-and-atma.db": _NO_PARSER.format(t="ATMA", l=6),
    "peer-bind/checkzone/zones/bad-cname-and-doa.db": _NO_PARSER.format(t="DOA", l=6),
    "peer-bind/checkzone/zones/bad-cname-and-eid.db": _NO_PARSER.format(t="EID", l=6),
    "peer-bind/checkzone/zones/bad-cname-and-mg.db": _NO_PARSER.format(t="MG", l=6),
    "peer-bind/checkzone/zones/bad-cname-and-minfo.db": _NO_PARSER.format(t="MINFO", l=6),
    "peer-bind/checkzone/zones/bad-cname-and-nimloc.db": _NO_PARSER.format(t="NIMLOC", l=6),
    "peer-bind/checkzone/zones/bad-cname-and-rkey.db": _NO_PARSER.format(t="RKEY", l=9),
    "peer-bind/checkzone/zones/bad-cname-and-sink.db": _NO_PARSER.format(t="SINK", l=6),
    "peer-bind/checkzone/zones/bad-cname-and-ta.db": _NO_PARSER.format(t="TA", l=8),
    "peer-bind/checkzone/zones/bad-cname-and-talink.db": _NO_PARSER.format(t="TALINK", l=6),
    "real-world/freeswitch__sofia-sip/libsofia-sip-ua/sresolv/example.com": (
        "A6 (RFC 2874, historic): dnspython has no text parser, BIND 9.18 loads it; zonelint "
        "reports ZL001 asking for the RFC 3597 form"
    ),
    # -- BIND 9.18 accepts what BIND HEAD (whose tests these are) rejects: zonelint sides with HEAD
    "peer-bind/checkzone/zones/bad-eui48-no-leading-zero.db": _NEWER_BIND,
    "peer-bind/checkzone/zones/bad-eui48-trailing-garbage.db": _NEWER_BIND,
    "peer-bind/checkzone/zones/bad-eui64-no-leading-zero.db": _NEWER_BIND,
    "peer-bind/checkzone/zones/bad-eui64-trailing-garbage.db": _NEWER_BIND,
    # -- BIND 9.18 loads it, dnspython refuses it ------------------------------------------------
    "peer-bind/checkzone/zones/crashzone.db": (
        "RRSIG expiration '00100227180048' (year 0010): BIND 9.18 reduces the time modulo 2^32 "
        "(serial arithmetic), dnspython refuses a date before 1970 ('not a uint32'). The file is "
        "BIND's crash-regression fixture; a signature dated year 10 is a real error worth ZL001"
    ),
    "peer-bind/checkzone/zones/good-svcb.db": (
        "SVCB ech=: dnspython 2.9 parses the ECHConfigList and refuses 'ZWFzdGVyIGVnZyE=' "
        "('easter egg!'), BIND 9.18 only checks it is base64. Kept: such a record breaks ECH "
        "clients"
    ),
    "peer-bind/checkzone/zones/good-generate-modifier.db": (
        "$GENERATE ${-2000,0,n}: a negative value in nibble mode. BIND 9.18 expands it (to a "
        "name of 'f' nibbles, an artefact of shifting a negative C int); dnspython refuses it; "
        "zonelint reports ZL001 rather than invent BIND's artefact"
    ),
    # -- BIND 9.18 refuses, zonelint has no equivalent check (yet) -------------------------------
    "peer-bind/dns-master/testdata/master/master15.data": _OUT_OF_SPACE,
    "peer-bind/dns-master/testdata/master/master16.data": _OUT_OF_SPACE,
    "peer-bind/checkzone/zones/bad-ds.db": _DS_APEX,
    "peer-other/knot/tests/knot/semantic_check_data/ds_apex.zone": _DS_APEX,
    "peer-bind/checkzone/zones/bad-dns-sd-reverse.db": _CHECK_NAMES,
    "peer-dnspython/test_zone/example_cname.zone": _CHECK_NAMES,
    "peer-other/knot/tests/libzscanner/data/06-0_INCLUDE.in": (
        "$INCLUDE ./includes/include\\050: zonelint (like Knot and dnspython) reads \\050 as "
        "the RFC 1035 escape of '2' and includes ./includes/include2; BIND 9.18 takes the file "
        "name literally and fails with 'file not found'"
    ),
}


@dataclass
class Row:
    path: str
    origin: str
    run_from: str
    bind_actual: str
    reason: str

    @property
    def verdict(self) -> str:
        return self.bind_actual.split(":", 1)[0]

    @property
    def is_p_row(self) -> bool:
        return "invalid argument -P" in self.bind_actual + self.reason

    @property
    def syntax_failure(self) -> bool:
        r = self.reason
        return r.startswith(SYNTAX_PREFIXES) or bool(_LOADING_FAILED.search(r))

    def failure_text(self) -> str:
        """The reason BIND gave (after 'failed: ' when it is a load failure)."""
        m = re.search(r"failed: (.*)$", self.reason)
        return (m.group(1) if m else self.reason).strip()

    def bind_where(self) -> tuple[str, int] | None:
        """(file name, line) BIND names for the failure, or None when its output names none. The
        file may be an included one."""
        for text in (self.reason, self.bind_actual):
            for m in _LINE.finditer(text):
                name, line = os.path.basename(m.group(1)), int(m.group(2))
                if text is self.reason:
                    return name, line
                # bind_actual is BIND's first line: it names the failure only when it is the
                # syntax error itself or carries the same reason
                body = text[m.end() :]
                if text[len("fail: ") :].startswith(SYNTAX_PREFIXES) or self.failure_text() in body:
                    return name, line
        return None

    def bind_owner(self) -> str | None:
        """The owner BIND names in 'file:N: owner: CNAME and other data'."""
        m = re.search(r":\d+: (\S+): (?:CNAME and other data|multiple RRs of singleton type)", self.reason + " " + self.bind_actual)
        return m.group(1).rstrip(".").lower() if m else None


def record_span(path: Path, line: int) -> range:
    """The lines of the logical record (parentheses joined) that contains ``line``. BIND names
    the first line of a multi-line record for some errors and the last for others."""
    try:
        lines = path.read_bytes().decode("latin-1").splitlines()
    except OSError:
        return range(line, line + 1)
    start = None
    depth = 0
    for i, text in enumerate(lines, 1):
        if depth == 0:
            start = i
        in_quote = False
        for c in text:
            if c == '"':
                in_quote = not in_quote
            elif in_quote:
                continue
            elif c == ";":
                break
            elif c == "(":
                depth += 1
            elif c == ")":
                depth = max(depth - 1, 0)
        if i >= line and depth == 0:
            return range(start, i + 1)
    return range(start or line, len(lines) + 1)


def corpus_rows() -> list[Row]:
    corpus = shared_dir() / "corpus"
    with open(corpus / "expectations.tsv", encoding="utf-8", newline="") as f:
        return [
            Row(r["path"], r["origin"], r["run_from"], r["bind_actual"], r["bind_fail_reason"])
            for r in csv.DictReader(f, delimiter="\t")
        ]


def lint_row(row: Row) -> tuple[int, list[dict], str]:
    corpus = shared_dir() / "corpus"
    cwd = corpus / row.run_from
    rel = os.path.relpath(corpus / row.path, cwd)
    argv = ["--no-config", "--format", "json", "-j", "1", "--select", "ALL", "--exit-zero"]
    if row.origin:
        argv += ["--origin", row.origin]
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = main(argv + [rel])
    finally:
        os.chdir(old)
    findings = json.loads(out.getvalue())["findings"] if out.getvalue().strip() else []
    return rc, findings, err.getvalue()


def judge(row: Row, findings: list[dict]) -> tuple[bool, str]:
    """(agrees, explanation) for one row."""
    base = os.path.basename(row.path)
    parse = [f for f in findings if f["code"] in PARSE_CODES]
    if row.verdict in ("ok", "warn"):
        if parse:
            f = parse[0]
            return False, f"BIND loads it; zonelint says {f['code']} at line {f['line']}: {f['message']}"
        return True, "BIND loads it; no parse problem"
    if not row.syntax_failure:
        return True, "BIND fails on -i local semantics, not syntax"
    wanted = set(PARSE_CODES)
    structural: set[str] = set()
    for reason, codes in STRUCTURAL.items():
        if reason in row.reason or reason in row.bind_actual:
            structural |= codes
    wanted |= structural
    hits = [f for f in findings if f["code"] in wanted]
    owner = row.bind_owner()
    if structural and owner:
        # the structural rule reports at the CNAME (or first record); BIND at whichever record
        # of that name it added second: the owner is what both name
        at = [f for f in hits if f["code"] in structural
              and (f.get("owner") or "").rstrip(".").lower() == owner]
        if at:
            return True, f"{at[0]['code']} on {owner} at line {at[0]['line']}"
    where = row.bind_where()
    if where is not None:
        name, line = where
        if name in (".", ".."):  # '$INCLUDE .': BIND names the directory it tried to read
            name = os.path.basename(row.path)
        corpus = shared_dir() / "corpus"
        cand = [p for p in (corpus / row.run_from).rglob(name)] or [corpus / row.path]
        span = record_span(cand[0], line)
        at = [f for f in hits
              if os.path.basename(f.get("path") or "") == name and f["line"] in span]
        if at:
            return True, f"{at[0]['code']} at line {at[0]['line']} (BIND: {name}:{line})"
        got = ", ".join(f"{f['code']}@{f['line']}" for f in hits) or "nothing"
        return False, f"BIND: syntax failure at {name}:{line} ({row.failure_text()}); zonelint: {got}"
    if hits:
        return True, f"{hits[0]['code']} at line {hits[0]['line']} (BIND names no line)"
    return False, f"BIND: syntax failure ({row.failure_text()}); zonelint reports no parse problem"


def _check_all():
    rows = [r for r in corpus_rows() if not r.is_p_row]
    results = []
    for row in rows:
        rc, findings, err = lint_row(row)
        assert rc in (0, 1, 2) and "Traceback" not in err, (row.path, rc, err)
        agrees, why = judge(row, findings)
        results.append((row, agrees, why))
    return results


def test_conformance_with_bind(capsys):
    results = _check_all()
    total = len(results)
    agree = sum(1 for _, ok, _ in results if ok)
    unexpected = [(r.path, why) for r, ok, why in results if not ok and r.path not in EXCEPTIONS]
    stale = [p for p in EXCEPTIONS if not any(r.path == p and not ok for r, ok, _ in results)]
    figure = f"agreement {agree}/{total} rows"
    with capsys.disabled():
        print(f"\nBIND 9.18 conformance: {figure} ({len(EXCEPTIONS)} listed exceptions)")
    assert not unexpected, "zonelint disagrees with BIND 9.18:\n" + "\n".join(
        f"  {p}: {why}" for p, why in unexpected
    )
    assert not stale, f"listed exceptions that now agree with BIND (remove them): {stale}"
    doc = (REPO / "docs" / "conformance.md").read_text(encoding="utf-8")
    assert figure in doc, f"docs/conformance.md must state the current figure '{figure}'"


def test_classification_of_bind_output():
    """The row classifier reads BIND's messages as the issue defines them."""
    r = Row("z/a.db", "example", "z", "fail: dns_master_load: z/a.db:6: bad.example: CNAME and other data",
            "zone example/IN: loading from master file z/a.db failed: CNAME and other data")
    assert r.syntax_failure and r.bind_where() == ("a.db", 6) and r.bind_owner() == "bad.example"
    r = Row("a.zone", "example", ".", "fail: a.zone:11: signature has expired",
            "zone example/IN: loading from master file a.zone failed: bad owner name (check-names)")
    assert r.syntax_failure and r.bind_where() is None  # the first line is another message
    r = Row("md.db", "example", ".", "fail: md.db:5: type 'MD': obsolete",
            "zone example/IN: loading from master file md.db failed: obsolete")
    assert r.bind_where() == ("md.db", 5)
    r = Row("x.db", "example", ".", "fail: zone example/IN: has no NS records", "zone example/IN: has no NS records")
    assert not r.syntax_failure
    r = Row("g.db", "example", ".", "fail: $GENERATE: g.db:7: out of range", "$GENERATE: g.db:7: out of range")
    assert r.syntax_failure and r.bind_where() == ("g.db", 7)


# -- the loader changes made for BIND agreement (zonelint/loader.py) ---------------------------

_HEAD = "$TTL 600\n@ SOA ns hostmaster 1 3600 1200 604800 1200\n  NS ns\nns A 192.0.2.1\n"


def _problems(text: str):
    from zonelint.loader import load_text

    return [(p.code, p.line, p.message) for p in load_text(_HEAD + text, "example.").problems]


@pytest.mark.parametrize(
    "regexp, ok",
    [
        ("", True),
        ("!^.*$!sip:info@example.com!", True),
        ("!^.*$!sip:info@example.com!i", True),
        ("/a\\\\/b/c/", True),  # an escaped delimiter is not a delimiter
        ("blegh", False),  # dnspython's example zone: BIND 9.18 'syntax error'
        ("!a!b", False),
        ("!a!b!c!", False),
        ("!a!b!x", False),
        ("1a1b1", False),
        ("!a!\\\\0!", False),
    ],
)
def test_naptr_regexp_checked_as_bind_does(regexp, ok):
    probs = _problems(f'n NAPTR 100 10 "u" "E2U+sip" "{regexp}" .\n')
    assert (probs == []) == ok, probs
    if not ok:
        assert probs[0][:2] == ("ZL001", 5) and "regexp" in probs[0][2]


def test_empty_nsap_refused():
    assert _problems("n NSAP 0x\nm NSAP 0x47000580005a0000000001e133ffffff00016100\n") == [
        ("ZL001", 5, "bad NSAP record: empty NSAP address (BIND: unexpected end of input)")
    ]


def test_generate_offset_overflow_refused():
    probs = _problems("$GENERATE 1-1 host$ TXT foo${2147483647}\n$GENERATE 1-2 h$ TXT x${2147483645}\n")
    assert [(c, ln) for c, ln, _ in probs] == [("ZL001", 5)]
    assert "out of range" in probs[0][2]
