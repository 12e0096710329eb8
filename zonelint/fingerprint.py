"""Stable, semantic fingerprints of findings: one definition shared by SARIF
``partialFingerprints``, the GitLab Code Quality ``fingerprint`` and the baseline.

A fingerprint must survive edits that do not touch the finding: lines inserted above a record,
files named in another order, a record moved within its file. So it never includes a line number.
It is the sha256 of

- a version tag (``zonelint/v1``), the rule code and the path relative to the lint root (POSIX);
- for a finding anchored at a record: the owner (lower-cased), the record type and the canonical
  rdata (:meth:`~zonelint.model.Record.canonical_rdata`);
- for a finding without a record (ZL001 parse errors, findings anchored at a bare line): the text
  of the offending line with whitespace collapsed;
- an occurrence index among findings with identical values of all the above, counted in file
  order, so that duplicate records (and two identical broken lines) get different fingerprints.

Messages are deliberately left out: they may quote line numbers of other records.

Stdlib only: reporters import this module without paying for anything else.
"""

from __future__ import annotations

import hashlib
import os
import struct
from functools import lru_cache
from pathlib import PurePath
from typing import Iterable, Mapping, Sequence

VERSION = "zonelint/v1"


class SourceLines:
    """The lines of the files findings point at, read once per file (for fingerprints and
    snippets). Lines are split on ``\\n`` only (a trailing ``\\r`` is dropped), as the loader counts
    them; undecodable bytes become U+FFFD."""

    def __init__(self, root: str | None = None) -> None:
        self._cache: dict[int, list[str] | None] = {}
        #: the resolved lint root files are read back from (None: anywhere, as loaded)
        self.root = root

    def lines(self, file) -> list[str] | None:
        """All lines of a :class:`~zonelint.model.SourceFile` (``None`` when it cannot be read)."""
        if file is None:
            return None
        key = id(file)
        if key not in self._cache:
            text = getattr(file, "text", None)
            if text is None:
                from .confine import read_back

                text = read_back(file.path, self.root)
            if text is None:
                self._cache[key] = None
            else:
                self._cache[key] = [ln[:-1] if ln.endswith("\r") else ln for ln in text.split("\n")]
        return self._cache[key]

    def line(self, file, lineno: int) -> str | None:
        """Line ``lineno`` (1-based) of ``file``, or ``None`` when there is no such line."""
        lines = self.lines(file)
        if lines is None or lineno < 1 or lineno > len(lines):
            return None
        return lines[lineno - 1]

    def span(self, file, first: int, last: int) -> list[str] | None:
        """Lines ``first``..``last`` (inclusive), or ``None`` when any is missing."""
        lines = self.lines(file)
        if lines is None or first < 1 or last < first or last > len(lines):
            return None
        return lines[first - 1 : last]


@lru_cache(maxsize=4096)
def _relative(path: str, lint_root: str, cwd: str) -> str | None:  # cwd: relative paths depend on it
    root = os.path.abspath(lint_root)
    for p, r in ((os.path.abspath(path), root), (os.path.realpath(path), os.path.realpath(root))):
        try:
            rel = os.path.relpath(p, r)
        except ValueError:  # another drive (Windows)
            continue
        if rel != os.pardir and not rel.startswith(os.pardir + os.sep):
            return PurePath(rel).as_posix()
    return None


def root_relative(finding_or_file, lint_root: str) -> str | None:
    """The path of a finding's file (or of a SourceFile, or a path) relative to the lint root, with POSIX
    separators; ``None`` when the file lies outside the lint root."""
    if isinstance(finding_or_file, str):
        path = finding_or_file
    else:
        file = getattr(finding_or_file, "file", finding_or_file)
        uri = getattr(file, "uri", None)
        if uri is not None:  # served by a DNS server: the URI is its name everywhere
            return uri
        path = getattr(file, "path", None)
        if path is None:  # a finding without a file: only its display path is known
            path = getattr(finding_or_file, "path", None)
            if path is None:
                return None
    return _relative(path, lint_root, os.getcwd())


def location_path(finding_or_file, lint_root: str) -> str:
    """:func:`root_relative`, or the absolute POSIX path for a file outside the lint root."""
    rel = root_relative(finding_or_file, lint_root)
    if rel is not None:
        return rel
    if isinstance(finding_or_file, str):
        path = finding_or_file
    else:
        file = getattr(finding_or_file, "file", finding_or_file)
        path = getattr(file, "path", None) or getattr(finding_or_file, "path", "")
    return PurePath(os.path.abspath(path)).as_posix()


def normalise_line(text: str | None) -> str:
    """A source line with runs of whitespace collapsed to one space and the ends stripped."""
    return " ".join((text or "").split())


def _name_wire(name: str) -> bytes | None:
    """The canonical wire form (labels lower-cased) of an absolute name written with letters,
    digits and other plain ASCII only; ``None`` for any other (an escape, a relative or an
    empty label: dnspython says)."""
    if name == ".":
        return b"\x00"
    if not name.endswith(".") or "\\" in name or not name.isascii():
        return None
    out = []
    for label in name[:-1].lower().split("."):
        if not label or len(label) > 63:
            return None
        out.append(len(label).to_bytes(1, "big") + label.encode("ascii"))
    out.append(b"\x00")
    wire = b"".join(out)
    return wire if len(wire) <= 255 else None


def _plain_ipv4(text: str) -> bytes | None:
    parts = text.split(".")
    if len(parts) != 4:
        return None
    for p in parts:
        if not (p.isascii() and p.isdigit() and len(p) <= 3 and (p == "0" or p[0] != "0") and int(p) < 256):
            return None
    return bytes(int(p) for p in parts)


def _fields16(values) -> bool:
    return all(type(v) is int and 0 <= v <= 0xFFFF for v in values)


def canonical_rdata(rec) -> str:
    """:meth:`Record.canonical_rdata` (the canonical wire form of the rdata, hex), made from the
    compact ``Record.data`` of the common types (A, AAAA, SRV, MX, NS, CNAME, DNAME, PTR, TXT)
    without building a dnspython rdata (~50 us a record, and dnspython's import for a run that
    needs it for nothing else); any other record, or data of a shape not plain, is asked to
    ``rec.canonical_rdata()``. ``tests/test_fingerprint_canonical.py`` compares the two."""
    data = rec.data
    wire = None
    if data is not None:
        t = rec.rdtype
        if t == "A":
            wire = _plain_ipv4(data[0])
        elif t == "SRV":
            name = _name_wire(data[3])
            if name is not None and _fields16(data[:3]):
                wire = struct.pack("!HHH", data[0], data[1], data[2]) + name
        elif t == "MX":
            name = _name_wire(data[1])
            if name is not None and _fields16(data[:1]):
                wire = struct.pack("!H", data[0]) + name
        elif t in ("NS", "CNAME", "DNAME", "PTR"):
            wire = _name_wire(data[0])
        elif t == "TXT" and all(type(s) is bytes and len(s) <= 255 for s in data[0]):
            wire = b"".join(len(s).to_bytes(1, "big") + s for s in data[0])
        elif t == "AAAA" and "%" not in data[0]:
            import ipaddress

            try:
                wire = ipaddress.IPv6Address(data[0]).packed
            except ValueError:
                wire = None
    if wire is None:
        return rec.canonical_rdata()
    return wire.hex()


def _identity(finding, lint_root: str, sources: SourceLines) -> tuple[str, ...]:
    """Everything a fingerprint is made of, except the occurrence index."""
    path = location_path(finding, lint_root)
    rec = finding.record
    if rec is not None:
        try:
            rdata = canonical_rdata(rec)
        except Exception:  # noqa: BLE001 - rdata that dnspython cannot build: use its text
            rdata = " ".join(rec.rdata_text.split()).lower()
        return (finding.code, path, rec.owner.lower(), rec.rdtype.upper(), rdata)
    return (finding.code, path, "", "", "line:" + normalise_line(sources.line(finding.file, finding.line)))


def _digest(parts: Iterable[str]) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(str(len(data)).encode("ascii") + b":" + data)  # length-prefixed: no ambiguity
    return h.hexdigest()


def fingerprints(findings: Sequence, lint_root: str, sources: SourceLines | None = None) -> list[str]:
    """The fingerprint (64 hex digits) of each finding, in the order given.

    The occurrence index is counted among the given findings in file order (line, column, then
    message), whatever order they are passed in, so pass every finding of the run: a subset may
    number duplicates differently."""
    sources = sources or SourceLines()
    ids = [_identity(f, lint_root, sources) for f in findings]
    order = sorted(
        range(len(findings)),
        key=lambda i: (ids[i], findings[i].line, findings[i].column, findings[i].message),
    )
    occurrence = [0] * len(findings)
    seen: dict[tuple[str, ...], int] = {}
    for i in order:
        n = seen.get(ids[i], 0)
        occurrence[i] = n
        seen[ids[i]] = n + 1
    return [_digest((VERSION, *ids[i], str(occurrence[i]))) for i in range(len(findings))]


def fingerprint_map(findings: Sequence, lint_root: str, sources: SourceLines | None = None) -> dict[int, str]:
    """``id(finding) -> fingerprint`` for every finding (see :func:`fingerprints`)."""
    return {id(f): fp for f, fp in zip(findings, fingerprints(findings, lint_root, sources))}


def report_fingerprints(report, sources: SourceLines | None = None) -> Mapping[int, str]:
    """``id(finding) -> fingerprint`` for a report's findings.

    A baseline filters the findings after computing fingerprints over *all* findings of the run;
    the report then carries that map (``report.fingerprints``) so that every format numbers
    duplicates exactly as the baseline did. Otherwise they are computed here."""
    given = getattr(report, "fingerprints", None)
    if given is not None:
        return given
    return fingerprint_map(report.findings, report.lint_root, sources)
