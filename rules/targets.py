"""Target rules: where SRV, MX and NS records point (ZL101-ZL106)."""

from __future__ import annotations

from zonelint import ERROR, Rule
from zonelint.model import ROOT

#: record type -> what its target is called in messages
TARGET_NAMES = {"SRV": "SRV target", "MX": "MX exchange", "NS": "NS host"}


def target_records(zone):
    """``(record, target)`` for this zone's SRV, MX and NS records with a real (non-root) target."""
    for rdtype in ("SRV", "MX", "NS"):
        for rec in zone.by_type(rdtype):
            target = rec.target
            if target is not None and target != ROOT:
                yield rec, target


class TargetCname(Rule):
    """## What it checks
    An SRV target, MX exchange or NS host that owns a CNAME in any loaded zone.

    ## Why it matters
    RFC 2782 says of the SRV target: "The domain name MUST NOT be an alias (CNAME)". RFC 2181
    §10.3 says the same of MX and NS: "the domain name ... must not be an alias". Many XMPP
    and SIP clients and servers do not follow the alias, so the service silently fails for part
    of your users; BIND's `named-checkzone` only warns about it (`SRV ... is a CNAME (illegal)`).

    ## Example
    ```
    _xmpp-server._tcp  IN SRV 5 0 5269 xmpp.example.com.
    xmpp               IN CNAME host1.example.com.
    ```

    ## How to fix
    Point the record at the canonical name (`host1.example.com.`), or replace the CNAME at the
    target with A/AAAA records.

    ## Anchor
    The SRV, MX or NS record whose target is an alias.
    """

    code = "ZL101"
    name = "target-cname"
    severity = ERROR
    summary = "An SRV target, MX exchange or NS host is a CNAME"
    tags = ("targets", "srv", "rfc2782", "rfc2181")

    def check(self, ctx):
        graph = ctx.graph
        for rec, target in target_records(ctx.zone):
            cnames = graph.rrs(target, "CNAME")
            if cnames:
                cname = cnames[0]
                where = f"{cname.file.display}:{cname.line}"
                yield ctx.finding(
                    rec,
                    f"{TARGET_NAMES[rec.rdtype]} {target} is an alias (CNAME to {cname.target}, "
                    f"{where}); RFC 2782 and RFC 2181 §10.3 forbid aliases here: point at "
                    f"{cname.target} or give {target} A/AAAA records",
                )
