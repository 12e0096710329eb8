"""Hand-written zones for the rule fixes of ZL105/ZL107 (origin doubled), ZL704 (duplicate record)
and ZL110 (SPF type 99), with the exact bytes ``--fix`` must leave in each file.

Each :class:`Case` is a small lint root: ``files`` (path -> bytes), the zones named on the command
line (``lint``), the codes selected, and ``after`` (path -> bytes) for every file the fix changes;
a file not in ``after`` must keep its bytes. ``fixed`` is how many findings the fix removes.
Layouts are the tricky ones of issue 16 point 6: a multi-line SOA with comments inside the
parentheses, CRLF, tabs, Latin-1 bytes, records across lines, ``$INCLUDE``d files.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Case:
    id: str
    files: dict[str, bytes]
    select: str
    after: dict[str, bytes] = field(default_factory=dict)
    lint: tuple[str, ...] = ()
    #: findings of the selected codes that the fix removes (the rest must remain)
    fixed: int = 0
    #: a case without ``after``: the reason ``--diff``/``--fix`` give for leaving the fix out (its
    #: note on stderr holds it); "" when the rule offers no fix at all
    why: str = ""

    def __post_init__(self) -> None:
        if not self.lint:
            self.lint = tuple(p for p in self.files if p.endswith(".zone"))
        for path, new in self.after.items():
            assert new != self.files[path], f"{self.id}: {path} 'after' equals 'before'"

    def __str__(self) -> str:
        return self.id


def head(origin: bytes = b"example.com.") -> bytes:
    """An apex with a multi-line SOA whose parentheses hold comments; every field explicit."""
    return (
        b"$ORIGIN " + origin + b"\n"
        b"$TTL 3600\n"
        b"@\t3600 IN SOA\tns1 hostmaster ( 2026010101 ; serial\n"
        b"\t\t7200 3600 ; refresh, retry\n"
        b"\t\t1209600 300 ) ; expire, minimum\n"
        b"@\t3600 IN NS\tns1\n"
        b"ns1\t3600 IN A\t192.0.2.1\n"
    )


def crlf(text: bytes) -> bytes:
    return text.replace(b"\n", b"\r\n")


def edit(text: bytes, old: bytes, new: bytes) -> bytes:
    """``text`` with the one occurrence of ``old`` replaced by ``new``."""
    assert text.count(old) == 1, (old, text.count(old))
    return text.replace(old, new)


COM = head()
ORG = head(b"example.org.")

# -- ZL105: a target doubled by a missing trailing dot ------------------------------------------

ZL105 = [
    Case(
        "ZL105-srv-tabs-comment",
        {"example.com.zone": COM + b"_xmpp-server._tcp\tIN\tSRV\t5 0 5269\txmpp.example.com\t; the server\n"
         b"xmpp\tIN\tA\t192.0.2.2\n"},
        "ZL105",
        {"example.com.zone": COM + b"_xmpp-server._tcp\tIN\tSRV\t5 0 5269\txmpp.example.com.\t; the server\n"
         b"xmpp\tIN\tA\t192.0.2.2\n"},
        fixed=1,
    ),
    Case(
        "ZL105-crlf-mx-cname-case",
        {"example.com.zone": crlf(COM + b"@ IN MX 10 Mail.Example.COM\nmail IN A 192.0.2.3\n"
                                  b"www IN CNAME web.example.com\nweb IN A 192.0.2.4\n")},
        "ZL105",
        {"example.com.zone": crlf(COM + b"@ IN MX 10 Mail.Example.COM.\nmail IN A 192.0.2.3\n"
                                  b"www IN CNAME web.example.com.\nweb IN A 192.0.2.4\n")},
        fixed=2,
    ),
    Case(
        "ZL105-srv-across-lines",
        {"example.com.zone": COM + b"_sip._tcp IN SRV ( 10 ; priority\n\t0 5060 ; weight, port\n"
         b"\tsip.example.com ) ; target\nsip IN A 192.0.2.5\n"},
        "ZL105",
        {"example.com.zone": COM + b"_sip._tcp IN SRV ( 10 ; priority\n\t0 5060 ; weight, port\n"
         b"\tsip.example.com. ) ; target\nsip IN A 192.0.2.5\n"},
        fixed=1,
    ),
    Case(
        "ZL105-latin1",
        {"example.com.zone": COM + b"caf\xe9 IN CNAME web.example.com ; cr\xe8me br\xfbl\xe9e\n"
         b"web IN A 192.0.2.4 ; \xe9t\xe9\n"},
        "ZL105",
        {"example.com.zone": COM + b"caf\xe9 IN CNAME web.example.com. ; cr\xe8me br\xfbl\xe9e\n"
         b"web IN A 192.0.2.4 ; \xe9t\xe9\n"},
        fixed=1,
    ),
    Case(
        "ZL105-naptr-replacement",
        {"example.com.zone": COM + b'@ IN NAPTR 10 0 "s" "SIP+D2T" "" _sip._tcp.example.com\n'
         b"_sip._tcp IN SRV 0 0 5060 sip\nsip IN A 192.0.2.5\n"},
        "ZL105",
        {"example.com.zone": COM + b'@ IN NAPTR 10 0 "s" "SIP+D2T" "" _sip._tcp.example.com.\n'
         b"_sip._tcp IN SRV 0 0 5060 sip\nsip IN A 192.0.2.5\n"},
        fixed=1,
    ),
    Case(
        "ZL105-sub-origin",
        {"example.com.zone": COM + b"mail IN A 192.0.2.3\n$ORIGIN sub.example.com.\n"
         b"x IN CNAME mail.example.com\n"},
        "ZL105",
        {"example.com.zone": COM + b"mail IN A 192.0.2.3\n$ORIGIN sub.example.com.\n"
         b"x IN CNAME mail.example.com.\n"},
        fixed=1,
    ),
    Case(
        "ZL105-escaped-token",
        {"example.com.zone": COM + b"www IN CNAME w\\101b.example.com\nweb IN A 192.0.2.4\n"},
        "ZL105",
        {"example.com.zone": COM + b"www IN CNAME w\\101b.example.com.\nweb IN A 192.0.2.4\n"},
        fixed=1,
    ),
    # the token does not contain the origin text: the doubling comes from an absolute $ORIGIN
    # that is itself doubled, which no dot on the token undoes: no fix (owners: ZL107, no fix)
    Case(
        "ZL105-ZL107-nofix-token-without-origin",
        {"example.com.zone": COM + b"xmpp IN A 192.0.2.2\n$ORIGIN example.com.example.com.\n"
         b"x IN CNAME xmpp\n"},
        "ZL105,ZL107",
    ),
]

# -- ZL107: an owner doubled by a missing trailing dot, or a relative $ORIGIN/$INCLUDE origin ----

ZL107 = [
    Case(
        "ZL107-owner",
        {"example.org.zone": ORG + b"xmpp IN A 192.0.2.2\n_xmpp-server._tcp.example.org\tIN SRV 5 0 5269 xmpp\n"},
        "ZL107",
        {"example.org.zone": ORG + b"xmpp IN A 192.0.2.2\n_xmpp-server._tcp.example.org.\tIN SRV 5 0 5269 xmpp\n"},
        fixed=1,
    ),
    Case(  # two records share the owner written once: one edit fixes both findings
        "ZL107-owner-inherited-by-next-line",
        {"example.org.zone": ORG + b"www.example.org 3600 IN A 192.0.2.1 ; web\n\t3600 IN AAAA 2001:db8::1\n"},
        "ZL107",
        {"example.org.zone": ORG + b"www.example.org. 3600 IN A 192.0.2.1 ; web\n\t3600 IN AAAA 2001:db8::1\n"},
        fixed=2,
    ),
    Case(
        "ZL107-owner-record-across-lines",
        {"example.org.zone": ORG + b"_sip._tcp.example.org IN SRV ( ; sip\n 0 0 5060\n sip.example.org. )\n"
         b"sip IN A 192.0.2.5\n"},
        "ZL107",
        {"example.org.zone": ORG + b"_sip._tcp.example.org. IN SRV ( ; sip\n 0 0 5060\n sip.example.org. )\n"
         b"sip IN A 192.0.2.5\n"},
        fixed=1,
    ),
    Case(
        "ZL107-owner-crlf-latin1",
        {"example.org.zone": crlf(ORG + b"caf\xe9.example.org IN A 192.0.2.9 ; \xe9\n")},
        "ZL107",
        {"example.org.zone": crlf(ORG + b"caf\xe9.example.org. IN A 192.0.2.9 ; \xe9\n")},
        fixed=1,
    ),
    Case(  # the directive is fixed, the records below it are left alone
        "ZL107-origin-directive",
        {"example.org.zone": ORG + b"$ORIGIN example.org ; oops\nwww IN A 192.0.2.21\n"
         b"_sip._tcp IN SRV 0 0 5060 www\n"},
        "ZL105,ZL107",
        {"example.org.zone": ORG + b"$ORIGIN example.org. ; oops\nwww IN A 192.0.2.21\n"
         b"_sip._tcp IN SRV 0 0 5060 www\n"},
        fixed=1,
    ),
    Case(
        "ZL107-origin-directive-sub-crlf",
        {"example.org.zone": crlf(ORG + b"$ORIGIN\tsub.example.org\nwww IN A 192.0.2.22\n")},
        "ZL105,ZL107",
        {"example.org.zone": crlf(ORG + b"$ORIGIN\tsub.example.org.\nwww IN A 192.0.2.22\n")},
        fixed=1,
    ),
    Case(  # a name below would still end in the origin twice once the $ORIGIN has its dot
        "ZL107-nofix-origin-directive-doubled-names-below",
        {"example.org.zone": ORG + b"$ORIGIN example.org\nwww IN A 192.0.2.21\n"
         b"_sip._tcp IN SRV 0 0 5060 www.example.org\n"},
        "ZL105,ZL107",
    ),
    Case(  # relative to another $ORIGIN than the zone's
        "ZL107-nofix-origin-relative-to-another-origin",
        {"example.org.zone": ORG + b"$ORIGIN foo.example.org.\nx IN A 192.0.2.1\n$ORIGIN bar.example.org\n"
         b"www IN A 192.0.2.21\n"},
        "ZL105,ZL107",
    ),
    Case(
        "ZL107-include-origin",
        {"example.org.zone": ORG + b"$INCLUDE hosts.inc example.org\nmail 3600 IN A 192.0.2.3\n",
         "hosts.inc": b"www IN A 192.0.2.30\n"},
        "ZL105,ZL107",
        {"example.org.zone": ORG + b"$INCLUDE hosts.inc example.org.\nmail 3600 IN A 192.0.2.3\n"},
        fixed=1,
    ),
    Case(  # two views of example.org include the same file: both report the same edit
        "ZL107-included-file-every-includer-agrees",
        {"internal/example.org.zone": ORG + b"$INCLUDE common/sip.inc\n",
         "external/example.org.zone": ORG + b"$INCLUDE common/sip.inc\n",
         "common/sip.inc": b"_sip._tcp.example.org 3600 IN SRV 0 0 5060 ns1.example.org.\n"},
        "ZL107",
        {"common/sip.inc": b"_sip._tcp.example.org. 3600 IN SRV 0 0 5060 ns1.example.org.\n"},
        fixed=1,
    ),
    Case(  # in example.net the same line is not doubled: the shared file is not edited
        "ZL107-included-file-one-includer-disagrees",
        {"example.org.zone": ORG + b"$INCLUDE sip.inc\n",
         "example.net.zone": head(b"example.net.") + b"$INCLUDE sip.inc\n",
         "sip.inc": b"_sip._tcp.example.org 3600 IN SRV 0 0 5060 ns1.example.org.\n"},
        "ZL107",
    ),
]

# -- ZL704: a duplicate record ----------------------------------------------------------------

ZL704 = [
    Case(
        "ZL704-crlf-comment",
        {"example.com.zone": crlf(COM + b"www 3600 IN A 192.0.2.1\nwww 3600 IN A 192.0.2.1 ; copy\n"
                                  b"mail 3600 IN A 192.0.2.2\n")},
        "ZL704",
        {"example.com.zone": crlf(COM + b"www 3600 IN A 192.0.2.1\nmail 3600 IN A 192.0.2.2\n")},
        fixed=1,
    ),
    Case(
        "ZL704-copy-across-lines",
        {"example.com.zone": COM + b"_sip._tcp\t3600\tIN\tSRV\t0 0 5060 sip.example.com.\n"
         b"_sip._tcp 3600 IN SRV ( 0 ; priority\n\t0 5060 ; weight, port\n\tsip.example.com. ) ; copy\n"
         b"sip 3600 IN A 192.0.2.5\n"},
        "ZL704",
        {"example.com.zone": COM + b"_sip._tcp\t3600\tIN\tSRV\t0 0 5060 sip.example.com.\n"
         b"sip 3600 IN A 192.0.2.5\n"},
        fixed=1,
    ),
    Case(
        "ZL704-case-and-latin1",
        {"example.com.zone": COM + b"www 3600 IN CNAME web.example.com. ; caf\xe9\n"
         b"WWW 3600 IN CNAME Web.Example.Com. ; cr\xe8me\nweb 3600 IN A 192.0.2.4\n"},
        "ZL704",
        {"example.com.zone": COM + b"www 3600 IN CNAME web.example.com. ; caf\xe9\nweb 3600 IN A 192.0.2.4\n"},
        fixed=1,
    ),
    Case(
        "ZL704-three-copies",
        {"example.com.zone": COM + b"a 60 IN A 192.0.2.7\na 60 IN A 192.0.2.7\n\n; between\na 60 IN A 192.0.2.7\n"
         b"b 60 IN A 192.0.2.8\n"},
        "ZL704",
        {"example.com.zone": COM + b"a 60 IN A 192.0.2.7\n\n; between\nb 60 IN A 192.0.2.8\n"},
        fixed=2,
    ),
    Case(  # the copy is the last record of the zone: nothing after it inherits anything
        "ZL704-last-record",
        {"example.com.zone": COM + b"www 3600 IN A 192.0.2.1\nwww IN A 192.0.2.1\n; the end\n"},
        "ZL704",
        {"example.com.zone": COM + b"www 3600 IN A 192.0.2.1\n; the end\n"},
        fixed=1,
    ),
    Case(  # no final line break: the file still ends without one
        "ZL704-last-line-without-line-break",
        {"example.com.zone": COM + b"x 60 IN MX 10 mail.example.com.\n; mail\nx 60 IN MX 10 mail.example.com."},
        "ZL704",
        {"example.com.zone": COM + b"x 60 IN MX 10 mail.example.com.\n; mail"},
        fixed=1,
    ),
    Case(
        "ZL704-last-line-without-line-break-crlf",
        {"example.com.zone": crlf(COM + b"x 60 IN MX 10 mail.example.com.\n") + b"x 60 IN MX 10 mail.example.com. ; copy"},
        "ZL704",
        {"example.com.zone": crlf(COM) + b"x 60 IN MX 10 mail.example.com."},
        fixed=1,
    ),
    Case(  # both views report the same deletion in the shared file
        "ZL704-included-file-every-includer-agrees",
        {"internal/example.com.zone": COM + b"$INCLUDE common/web.inc\n",
         "external/example.com.zone": COM + b"$INCLUDE common/web.inc\n",
         "common/web.inc": b"www 3600 IN A 192.0.2.1\nwww 3600 IN A 192.0.2.1\nweb 3600 IN A 192.0.2.4\n"},
        "ZL704",
        {"common/web.inc": b"www 3600 IN A 192.0.2.1\nweb 3600 IN A 192.0.2.4\n"},
        fixed=1,
    ),
    Case(  # issue 16 point 3: a $TTL or $ORIGIN line changes nothing a record inherits: looked past
        "ZL704-ttl-directive-then-explicit-record",
        {"example.com.zone": COM + b"www 3600 IN A 192.0.2.1\nwww 3600 IN A 192.0.2.1\n$TTL 300\n"
         b"mail 300 IN A 192.0.2.2\n"},
        "ZL704",
        {"example.com.zone": COM + b"www 3600 IN A 192.0.2.1\n$TTL 300\nmail 300 IN A 192.0.2.2\n"},
        fixed=1,
    ),
    Case(
        "ZL704-origin-directive-then-explicit-record",
        {"example.com.zone": COM + b"www 3600 IN A 192.0.2.1\nwww 3600 IN A 192.0.2.1 ; copy\n"
         b"$ORIGIN sub.example.com.\n; below\nmail 3600 IN A 192.0.2.2\n"},
        "ZL704",
        {"example.com.zone": COM + b"www 3600 IN A 192.0.2.1\n$ORIGIN sub.example.com.\n; below\n"
         b"mail 3600 IN A 192.0.2.2\n"},
        fixed=1,
    ),
    Case(  # the last record of an $INCLUDEd file writing nothing: nothing it sets carries on
        "ZL704-last-record-of-included-file-writing-nothing",
        {"example.com.zone": COM + b"$INCLUDE web.inc\nmail 3600 IN A 192.0.2.2\n",
         "web.inc": b"www 3600 IN A 192.0.2.1\n     A 192.0.2.1\n"},
        "ZL704",
        {"web.inc": b"www 3600 IN A 192.0.2.1\n"},
        fixed=1,
    ),
    # deleting would change what the next line inherits, or what else sits on the copy's lines
    Case(
        "ZL704-nofix-next-owner-blank",
        {"example.com.zone": COM + b"www 3600 IN A 192.0.2.1\nwww 3600 IN A 192.0.2.1\n\t3600 IN AAAA 2001:db8::1\n"},
        "ZL704",
        why="the next record does not write its owner: deleting",
    ),
    Case(
        "ZL704-nofix-next-ttl-implicit",
        {"example.com.zone": COM + b"www 3600 IN A 192.0.2.1\nwww 60 IN A 192.0.2.1\nmail IN A 192.0.2.2\n"},
        "ZL704",
        why="the next record does not write its TTL: deleting",
    ),
    Case(
        "ZL704-nofix-next-class-implicit",
        {"example.com.zone": COM + b"www 3600 IN A 192.0.2.1\nwww 3600 IN A 192.0.2.1\nmail 3600 A 192.0.2.2\n"},
        "ZL704",
        why="the next record does not write its class: deleting",
    ),
    # issue 16 point 3 is stricter than "the next record writes what the copy writes": the next
    # record must write all three, even those the copy inherits itself
    Case(
        "ZL704-nofix-copy-and-next-inherit-the-owner",
        {"example.com.zone": COM + b"www 3600 IN A 192.0.2.1\n     3600 IN A 192.0.2.1\n"
         b"     3600 IN AAAA 2001:db8::1\n"},
        "ZL704",
        why="the next record does not write its owner: deleting",
    ),
    Case(
        "ZL704-nofix-copy-and-next-inherit-the-ttl",
        {"example.com.zone": COM + b"www IN A 192.0.2.1\nwww IN A 192.0.2.1\nmail IN A 192.0.2.2\n"},
        "ZL704",
        why="the next record does not write its TTL: deleting",
    ),
    Case(
        "ZL704-nofix-copy-and-next-inherit-the-class",
        {"example.com.zone": COM + b"www 3600 IN A 192.0.2.1\nwww 3600 A 192.0.2.1\nmail 3600 A 192.0.2.2\n"},
        "ZL704",
        why="the next record does not write its class: deleting",
    ),
    Case(  # past the $TTL line, the next record inherits its owner
        "ZL704-nofix-ttl-directive-then-blank-owner",
        {"example.com.zone": COM + b"www 3600 IN A 192.0.2.1\nwww 3600 IN A 192.0.2.1\n$TTL 300\n"
         b"  300 IN AAAA 2001:db8::1\n"},
        "ZL704",
        why="the next record does not write its owner: deleting",
    ),
    Case(  # $ORIGIN does not reset the owner a blank-owner line inherits (BIND, dnspython)
        "ZL704-nofix-origin-directive-then-blank-owner",
        {"example.com.zone": COM + b"www 3600 IN A 192.0.2.1\nwww 3600 IN A 192.0.2.1\n$ORIGIN sub.example.com.\n"
         b"  3600 IN AAAA 2001:db8::1\n"},
        "ZL704",
        why="the next record does not write its owner: deleting",
    ),
    Case(  # a multi-line copy: the next record after its closing parenthesis inherits the owner
        "ZL704-nofix-multiline-copy-next-inherits",
        {"example.com.zone": COM + b"t 3600 IN TXT \"a\" \"b\"\nt 3600 IN TXT ( \"a\" ; one\n  \"b\" ) ; two\n"
         b"  3600 IN TXT \"c\"\n"},
        "ZL704",
        why="the next record does not write its owner: deleting",
    ),
    Case(  # the last record of an $INCLUDEd file: its TTL carries on into the including file (the
        # loader, as BIND, does not restore the TTL after an include): stricter than the rule
        "ZL704-nofix-last-record-of-included-file",
        {"example.com.zone": COM + b"$INCLUDE web.inc\n     IN A 192.0.2.2\n",
         "web.inc": b"www 3600 IN A 192.0.2.1\nwww 60 IN A 192.0.2.1\n"},
        "ZL704",
        why="the record ends an $INCLUDEd file",
    ),
    Case(  # a lone CR ends a record but not a line: the copy shares its line with the first
        "ZL704-nofix-shares-its-line",
        {"example.com.zone": COM + b"www 3600 IN A 192.0.2.1\rwww 3600 IN A 192.0.2.1\nmail 3600 IN A 192.0.2.2\n"},
        "ZL704",
        why="does not start at column",
    ),
    Case(  # ... or with the record after it
        "ZL704-nofix-shares-its-last-line",
        {"example.com.zone": COM + b"www 3600 IN A 192.0.2.1\nwww 3600 IN A 192.0.2.1\rmail 3600 IN A 192.0.2.2\n"},
        "ZL704",
        why="shares its last line with another",
    ),
    Case(  # the copy comes from $GENERATE: deleting the directive would delete its other records
        "ZL704-nofix-generated",
        {"example.com.zone": COM + b"host1 3600 IN A 192.0.2.1\n$GENERATE 1-2 host$ 3600 IN A 192.0.2.$\n"
         b"mail 3600 IN A 192.0.2.2\n"},
        "ZL704",
    ),
    Case(  # the next record is the included file's first one
        "ZL704-nofix-next-is-include",
        {"example.com.zone": COM + b"www 3600 IN A 192.0.2.1\nwww 3600 IN A 192.0.2.1\n$INCLUDE more.inc\n",
         "more.inc": b"www2 3600 IN A 192.0.2.9\n"},
        "ZL704",
        why="a $INCLUDE line follows the record",
    ),
    Case(  # the next records come from $GENERATE
        "ZL704-nofix-next-is-generate",
        {"example.com.zone": COM + b"www 3600 IN A 192.0.2.1\nwww 3600 IN A 192.0.2.1\n$GENERATE 1-2 h$ A 192.0.2.$\n"},
        "ZL704",
        why="a $GENERATE line follows the record",
    ),
]

# -- ZL110: SPF (type 99) ---------------------------------------------------------------------

ZL110 = [
    Case(  # the TXT carries the same text (split differently): the SPF record goes
        "ZL110-delete-same-txt",
        {"example.com.zone": COM + b'@ 3600 IN TXT "v=spf1 " "mx -all"\n@ 3600 IN SPF "v=spf1 mx -all" ; legacy\n'
         b"www 3600 IN A 192.0.2.1\n"},
        "ZL110",
        {"example.com.zone": COM + b'@ 3600 IN TXT "v=spf1 " "mx -all"\nwww 3600 IN A 192.0.2.1\n'},
        fixed=1,
    ),
    Case(
        "ZL110-rewrite-crlf",
        {"example.com.zone": crlf(COM + b'@\t3600\tIN\tSPF\t"v=spf1 mx -all"\t; policy\n')},
        "ZL110",
        {"example.com.zone": crlf(COM + b'@\t3600\tIN\tTXT\t"v=spf1 mx -all"\t; policy\n')},
        fixed=1,
    ),
    Case(
        "ZL110-rewrite-across-lines-latin1",
        {"example.com.zone": COM + b'mail 3600 IN A 192.0.2.3\n\t3600 IN SPF ( "v=spf1 " ; caf\xe9\n\t"a -all" )\n'},
        "ZL110",
        {"example.com.zone": COM + b'mail 3600 IN A 192.0.2.3\n\t3600 IN TXT ( "v=spf1 " ; caf\xe9\n\t"a -all" )\n'},
        fixed=1,
    ),
    Case(
        "ZL110-rewrite-type99-generic",
        {"example.com.zone": COM + b"@ 3600 IN TYPE99 \\# 15 0e763d73706631206d78202d616c6c\n"},
        "ZL110",
        {"example.com.zone": COM + b"@ 3600 IN TXT \\# 15 0e763d73706631206d78202d616c6c\n"},
        fixed=1,
    ),
    Case(  # a TXT that is no SPF policy does not stop the rewrite
        "ZL110-rewrite-beside-other-txt",
        {"example.com.zone": COM + b'@ 3600 IN TXT "site-verification=abc"\n@ 3600 IN SPF "v=spf1 -all"\n'},
        "ZL110",
        {"example.com.zone": COM + b'@ 3600 IN TXT "site-verification=abc"\n@ 3600 IN TXT "v=spf1 -all"\n'},
        fixed=1,
    ),
    Case(  # two SPF policies would be a permerror (RFC 7208 §4.5): no fix
        "ZL110-nofix-different-txt-policy",
        {"example.com.zone": COM + b'@ 3600 IN TXT "v=spf1 a -all"\n@ 3600 IN SPF "v=spf1 mx -all"\n'},
        "ZL110",
    ),
    Case(
        "ZL110-nofix-two-spf-policies",
        {"example.com.zone": COM + b'@ 3600 IN SPF "v=spf1 a -all"\n@ 3600 IN SPF "v=spf1 mx -all"\n'},
        "ZL110",
    ),
    Case(  # deleting would give the next line another owner; rewriting would duplicate the TXT
        "ZL110-nofix-delete-unsafe",
        {"example.com.zone": COM + b'www 3600 IN TXT "v=spf1 -all"\nwww 3600 IN SPF "v=spf1 -all"\n'
         b"\t3600 IN A 192.0.2.1\n"},
        "ZL110",
    ),
]

CASES = ZL105 + ZL107 + ZL704 + ZL110
