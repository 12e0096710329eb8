"""Records, findings and files as plain tuples, to cross a process boundary under ``-j N``.

Only what a finding needs travels: its fields, the record it is anchored at (snippets, end lines
and fingerprints read it) and the files, as references ``(file index in the run, file index in
its zone)`` that the receiving side resolves into the :class:`~zonelint.model.SourceFile` objects
it rebuilt once with :func:`source_files`.
"""

from __future__ import annotations

from .model import Finding, Record, SourceFile


def pack_record(r, file_ref) -> tuple:
    """A record as a tuple, its file as ``file_ref``."""
    return (file_ref, r.line, r.column, r.end_line, r.owner, r.ttl, r.ttl_explicit, r.ttl_source,
            r.rdclass, r.rdtype, r.stored_rdata_text, r.origin, r.data)


def unpack_record(t, file) -> Record:
    """The record of a :func:`pack_record` tuple, in ``file``."""
    return Record(file, t[1], t[2], t[3], t[4], t[5], t[6], t[8], t[9], t[10], t[11], t[12], None, t[7])


def pack_findings(findings, file_refs: dict[int, tuple]) -> list[tuple]:
    """Findings as primitive tuples; files (and the anchoring record's file) as the refs
    ``file_refs`` gives by ``id()``, the anchoring record copied (:func:`pack_record`)."""
    out = []
    for f in findings:
        fref = None if f.file is None else file_refs.get(id(f.file))
        rec = None
        if f.record is not None:
            rref = file_refs.get(id(f.record.file))
            rec = None if rref is None else pack_record(f.record, rref)
        out.append((f.code, f.rule, f.severity, f.message, f.path, f.line, f.column, f.owner, fref, rec, f.end_line, f.help,
                    None if f.fix is None else f.fix.pack()))
    return out


def unpack_findings(rows, file_of) -> list:
    """The :class:`~zonelint.model.Finding` objects of :func:`pack_findings` rows; ``file_of(ref)``
    gives the file of a ref."""
    out = []
    for code, rule, severity, message, path, line, column, owner, fref, rec, end_line, help, fix in rows:
        file = None if fref is None else file_of(fref)
        record = None if rec is None else unpack_record(rec, file_of(rec[0]))
        if fix is not None:
            from .fix import Fix  # only for a finding that carries a fix

            fix = Fix.unpack(fix)
        out.append(Finding(code, rule, severity, message, path, line, column, owner, record, file, end_line, help, fix))
    return out


def file_tuples(files) -> list[tuple]:
    """``(path, display, reported, index of the including file, uri)`` for each file of a zone
    (``uri``: a source served by a DNS server, else None)."""
    fidx = {id(f): i for i, f in enumerate(files)}
    return [
        (f.path, f.display, f.reported, None if f.included_from is None else fidx.get(id(f.included_from)), f.uri)
        for f in files
    ]


def source_files(tuples, top=None, served=None) -> list:
    """The :class:`~zonelint.model.SourceFile` objects of :func:`file_tuples` (the first one is
    ``top`` when given; a served source is ``served[uri]``, the file the receiving side already
    has, with the records' text)."""
    files: list = []
    for path, display, reported, inc, uri in tuples:
        if top is not None and not files:
            files.append(top)
            continue
        if uri is not None and served and uri in served:
            files.append(served[uri])
            continue
        f = SourceFile(path=path, display=display, reported=reported)
        if inc is not None:
            f.included_from = files[inc]
        files.append(f)
    return files
