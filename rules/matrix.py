"""Matrix rules: the deprecated `_matrix._tcp` SRV (ZL801)."""

from __future__ import annotations

from zonelint import WARNING, Rule

from .helpers import brief, child, legacy_srv_without_successor


class MatrixLegacySrv(Rule):
    """## What it checks
    A `_matrix._tcp.D` SRV (with a real target) when D has no `_matrix-fed._tcp.D` SRV. Nothing
    is reported when `_matrix-fed._tcp.D` exists (a root target included), nor when it lies
    outside every loaded zone. (ZL201 knows both services' ports, 8448 and 443; ZL501 reports
    them over `_udp`.)

    ## Why it matters
    The Matrix specification v1.8 (MSC4040) deprecated `_matrix._tcp` in favour of
    `_matrix-fed._tcp` for server discovery ("Server-Server API", "Resolving server names").
    Homeservers still fall back to the deprecated record, so federation works today, but the
    fallback is slated for removal. SRV is consulted only when
    `https://D/.well-known/matrix/server` is absent: with a `.well-known` file neither record is
    read.

    ## Example
    ```
    _matrix._tcp      IN SRV 10 0 8448 matrix.example.com.    ; ZL801
    ```

    ## How to fix
    ```
    _matrix-fed._tcp  IN SRV 10 0 8448 matrix.example.com.
    _matrix._tcp      IN SRV 10 0 8448 matrix.example.com.    ; optional, for older servers
    ```

    ## Anchor
    D's first `_matrix._tcp` SRV record.
    """

    code = "ZL801"
    memos = ("rules.helpers.srv_index",)
    name = "matrix-legacy-srv"
    severity = WARNING
    summary = "A _matrix._tcp SRV (deprecated in Matrix v1.8) without _matrix-fed._tcp"
    tags = ("matrix", "srv", "federation")

    def check(self, ctx):
        for domain, rec in legacy_srv_without_successor(ctx, ("_matrix", "_tcp"), ("_matrix-fed", "_tcp")):
            fed = child("_matrix-fed", child("_tcp", domain))
            yield ctx.finding(
                rec,
                f"{brief(rec.owner)} is deprecated (Matrix v1.8) and {brief(domain)} has no "
                f"_matrix-fed._tcp SRV",
                help=f"Publish `{fed} SRV {rec.data[0]} {rec.data[1]} {rec.data[2]} {rec.target}`: "
                f"_matrix._tcp is deprecated since Matrix v1.8 (MSC4040), homeservers still fall "
                f"back to it (SRV is read only when https://{domain.rstrip('.')}/.well-known/matrix/"
                f"server is absent).",
            )
