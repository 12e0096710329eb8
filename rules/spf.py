"""Mail policy records: the discontinued SPF record type (ZL110)."""

from __future__ import annotations

from zonelint import WARNING, Rule

from .helpers import brief, near, where


def _strings(rec) -> bytes:
    """The character-strings of a TXT or SPF record, joined (a TXT's compact data when it has
    one, else its rdata)."""
    if rec.data is not None:
        return b"".join(rec.data[0])
    return b"".join(rec.rdata.strings)


def _position(rec) -> tuple:
    """Where a record is written (records are compared by place, not by object)."""
    return rec.file.path, rec.line, rec.column


def _fix(graph, rec, policy: bytes, every: list, policies: list):
    """Delete the SPF record when a TXT at its name carries the same text (concatenated); publish
    it as TXT when no TXT there is an SPF policy and every SPF record there carries this one text
    (the first is rewritten, the later copies deleted, as the TXT then carries their text); else
    ``None``: a second policy would be a permerror (RFC 7208 §4.5), a human must merge."""
    from zonelint import TYPE, Fix, delete_record, replace_field  # imported when a fix is made

    if any(_strings(t) == policy for t in every):
        return Fix.of("delete the SPF record: a TXT record carries the same text", delete_record(rec))
    if policies:
        return None
    spfs = graph.rrs(rec.owner, "SPF")
    at = [_position(s) for s in spfs]
    if _position(rec) not in at or any(_strings(s) != policy for s in spfs):
        return None
    if at[0] != _position(rec):
        return Fix.of("delete this copy: the first SPF record becomes the TXT record", delete_record(rec))
    return Fix.of("publish the policy as TXT (type 16) instead of SPF (type 99)", replace_field(rec, TYPE, "TXT"))


class SpfRecordType(Rule):
    """## What it checks
    A record of type SPF (type 99). The message says whether the same owner also publishes the
    policy as TXT (the same text, or a different one), or only as SPF.

    ## Why it matters
    RFC 7208 §3.1: "SPF records MUST be published as a DNS TXT (type 16) Resource Record (RR)
    [RFC1035] only. [...] Use of alternative DNS RR types was supported in SPF's experimental
    phase but has been discontinued" (the SPF type 99 of RFC 4408). Receivers query TXT only, so a policy
    published only as SPF is not seen at all, and one published as both can drift apart. BIND's
    `named-checkzone` warns only when the TXT is missing ("found type SPF record but no SPF TXT
    record found"); zonelint reports every SPF record, as RFC 7208 retires the type.

    ## Example
    ```
    @  IN SPF "v=spf1 mx -all"     ; ZL110
    ```

    ## How to fix
    ```
    @  IN TXT "v=spf1 mx -all"
    ```
    `zonelint --fix` deletes the SPF record when a TXT record at the same name carries the same
    text (its strings joined), and rewrites its type as TXT when no TXT there is an SPF policy
    (`v=spf1`). When a different TXT policy exists it offers no fix: two policies are a permerror
    (RFC 7208 §4.5), so merge them by hand.

    ## Anchor
    Each SPF record.
    """

    code = "ZL110"
    name = "spf-record-type"
    severity = WARNING
    fixable = True
    summary = "An SPF (type 99) record: SPF is published as TXT only (RFC 7208 §3.1)"
    tags = ("spf", "mail", "rfc7208")

    def check(self, ctx):
        graph = ctx.graph
        for rec in ctx.zone.by_type("SPF"):
            policy = _strings(rec)
            every = graph.rrs(rec.owner, "TXT")
            txts = [t for t in every if _strings(t)[:6].lower() == b"v=spf1"]
            same = [t for t in txts if _strings(t) == policy]
            remedy = _fix(graph, rec, policy, every, txts)
            if same:
                what = f"the TXT at {near(same[0], rec)} has the same policy"
                fix = f"delete the SPF record (the TXT record at {where(same[0])} already carries the same policy)"
            elif txts:
                what = f"the TXT at {near(txts[0], rec)} has another policy"
                fix = (
                    f"merge what is needed into the TXT and delete the SPF record (the TXT policy at "
                    f"{where(txts[0])} differs from it, and receivers read only the TXT)"
                )
            else:
                what = "no TXT publishes the policy"
                fix = "publish it as TXT and delete the SPF record (receivers see no policy now)"
            yield ctx.finding(
                rec,
                f"{brief(rec.owner)} has a record of the discontinued SPF type (99); {what}",
                help=f"{fix[:1].upper()}{fix[1:]}. RFC 7208 §3.1: SPF records \"MUST be published as "
                f"a DNS TXT (type 16) Resource Record (RR) only\".",
                fix=remedy,
            )
