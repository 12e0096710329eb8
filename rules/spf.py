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

    ## Anchor
    Each SPF record.
    """

    code = "ZL110"
    name = "spf-record-type"
    severity = WARNING
    summary = "An SPF (type 99) record: SPF is published as TXT only (RFC 7208 §3.1)"
    tags = ("spf", "mail", "rfc7208")

    def check(self, ctx):
        graph = ctx.graph
        for rec in ctx.zone.by_type("SPF"):
            policy = _strings(rec)
            txts = [t for t in graph.rrs(rec.owner, "TXT") if _strings(t)[:6].lower() == b"v=spf1"]
            same = [t for t in txts if _strings(t) == policy]
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
            )
