"""Zones are identified by file: views (split horizon), one origin in several files (ZL007), root
and TLD zones among others (ZL009), names below a delegation. Real folder layouts, linted as the
CLI lints them (``runner.lint``), serially and under ``-j 2``."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonelint.config import Config
from zonelint.selection import SelectionLevel
from zonelint.plugins import load_registry
from zonelint.runner import RunOptions, lint

SOA = "@ IN SOA ns1 hostmaster ( 2024010101 7200 3600 1209600 3600 )\n@ IN NS ns1\n"


def zone(origin: str, body: str) -> str:
    return f"$ORIGIN {origin}\n$TTL 3600\n{SOA}{body}"


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def run(root: Path, paths=None, views=None, jobs=1, select=None, context=()):
    cfg = Config(root=str(root), views=dict(views or {}))
    opts = RunOptions(
        paths=[str(root / p) for p in (paths or ["."])],
        select=SelectionLevel(select, [], []),
        jobs=jobs,
        cwd=str(root),
        context=list(context),
    )
    return lint(opts, cfg, load_registry())


def found(report):
    return sorted((f.code, f.path, f.line) for f in report.findings)


# internal: host is an alias of srv1; external: host has its own address. The external SRV is
# clean; merged by origin it would be ZL101 (its target a CNAME "in" the internal file).
SPLIT = {
    "internal/example.com.zone": zone(
        "example.com.",
        "ns1 IN A 10.0.0.53\nhost IN CNAME srv1\nsrv1 IN A 10.0.0.10\n"
        "_xmpp-client._tcp IN SRV 5 0 5222 srv1.example.com.\n"
        "_xmpp-server._tcp IN SRV 5 0 5269 srv1.example.com.\n",
    ),
    "external/example.com.zone": zone(
        "example.com.",
        "ns1 IN A 192.0.2.53\nhost IN A 192.0.2.10\n"
        "_xmpp-client._tcp IN SRV 5 0 5222 host.example.com.\n"
        "_xmpp-server._tcp IN SRV 5 0 5269 host.example.com.\n"
        "@ IN MX 10 mx.provider.example.\n",
    ),
    # a provider zone in no view: seen from both views
    "shared/provider.example.zone": zone("provider.example.", "ns1 IN A 192.0.2.99\nmx IN A 192.0.2.25\n"),
}
VIEWS = {"internal": ["internal/**"], "external": ["external/**"]}


@pytest.mark.parametrize("jobs", [1, 2])
def test_split_horizon_with_views_is_clean(tmp_path, jobs):
    write(tmp_path, SPLIT)
    report = run(tmp_path, views=VIEWS, jobs=jobs)
    assert found(report) == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_split_horizon_without_views_zl007_at_second_file_only(tmp_path, jobs):
    write(tmp_path, SPLIT)
    report = run(tmp_path, jobs=jobs)
    assert found(report) == [("ZL007", "internal/example.com.zone", 3)]
    (f,) = report.findings
    assert "external/example.com.zone" in f.message and f.severity == "warning"


def test_lookups_stay_inside_the_view(tmp_path):
    """A name only the internal view has is absent for the external view's zones."""
    files = dict(SPLIT)
    files["external/example.com.zone"] += "_xmpps-client._tcp IN SRV 5 0 5223 srv1.example.com.\n"
    write(tmp_path, files)
    report = run(tmp_path, views=VIEWS, select=["ZL103"])
    assert found(report) == [("ZL103", "external/example.com.zone", 10)]


def test_shared_zone_is_seen_from_every_view(tmp_path):
    files = dict(SPLIT)
    files["internal/example.com.zone"] += "@ IN MX 10 nomx.provider.example.\n"
    write(tmp_path, files)
    report = run(tmp_path, views=VIEWS, select=["ZL103"])
    # nomx is absent in the provider zone (seen from the internal view); mx is present for external
    assert found(report) == [("ZL103", "internal/example.com.zone", 10)]


def test_same_origin_in_different_views_is_not_zl007(tmp_path):
    write(tmp_path, SPLIT)
    assert [f for f in run(tmp_path, views=VIEWS).findings if f.code == "ZL007"] == []


def test_third_zone_sees_a_duplicated_origin_as_unknown(tmp_path):
    other = zone("example.org.", "ns1 IN A 192.0.2.1\n@ IN MX 10 nothere.example.com.\n")
    write(tmp_path, {**SPLIT, "other/example.org.zone": other})
    assert [f for f in run(tmp_path, select=["ZL103"]).findings] == []
    # control: with a single example.com file the same target is absent
    (tmp_path / "internal/example.com.zone").unlink()
    assert found(run(tmp_path, select=["ZL103"])) == [("ZL103", "other/example.org.zone", 6)]


def test_one_finding_per_fault_with_copies_of_one_origin():
    """The issue's example: ZL304 over three example.com fixtures printed each finding 3 times."""
    root = Path(__file__).resolve().parents[1]
    paths = ["fixtures/rules/ZL304/bad.zone", "fixtures/rules/ZL101/good.zone", "fixtures/rules/ZL201/good.zone"]
    alone = run(root, paths=paths[:1], select=["ZL304"])
    together = run(root, paths=paths, select=["ZL304"])
    assert found(alone) and found(together) == found(alone)


ROOT_ZONE = (
    "$ORIGIN .\n$TTL 3600\n. IN SOA a.root-servers.net. nstld.example. ( 1 1800 900 604800 86400 )\n"
    ". IN NS a.root-servers.net.\na.root-servers.net. IN A 198.41.0.4\n"
)


@pytest.mark.parametrize("jobs", [1, 2])
def test_root_zone_does_not_make_out_of_run_names_absent(tmp_path, jobs):
    write(tmp_path, {
        "root.zone": ROOT_ZONE,
        "example.com.zone": zone("example.com.", "ns1 IN A 192.0.2.1\n@ IN MX 10 mail.example.net.\n"),
    })
    report = run(tmp_path, jobs=jobs)
    assert found(report) == [("ZL009", "root.zone", 3)]


def test_tld_zone_alone_still_judges_its_own_names(tmp_path):
    write(tmp_path, {"test.zone": zone("test.", "ns1 IN A 192.0.2.1\n@ IN MX 10 nomail.test.\n")})
    assert found(run(tmp_path)) == [("ZL103", "test.zone", 6)]
    # among other zones, it still judges its own names
    write(tmp_path, {"example.com.zone": zone("example.com.", "ns1 IN A 192.0.2.2\n")})
    assert found(run(tmp_path)) == [("ZL009", "test.zone", 3), ("ZL103", "test.zone", 6)]


def test_names_below_a_delegation_are_not_the_parents_data(tmp_path):
    """www.sub exists only below the parent's cut (occluded): the child zone, loaded, lacks it."""
    write(tmp_path, {
        "example.com.zone": zone(
            "example.com.",
            "ns1 IN A 192.0.2.1\nsub IN NS ns.sub\nns.sub IN A 192.0.2.5\nwww.sub IN A 192.0.2.6\n"
            "@ IN MX 10 www.sub.example.com.\n",
        ),
        "sub.example.com.zone": zone("sub.example.com.", "ns1 IN A 192.0.2.5\nns IN A 192.0.2.5\n"),
    })
    assert found(run(tmp_path, select=["ZL103"])) == [("ZL103", "example.com.zone", 9)]
    # without the child zone loaded, the name is unknown (delegated away): no finding
    (tmp_path / "sub.example.com.zone").unlink()
    assert found(run(tmp_path, select=["ZL103"])) == []


def test_view_api_for_rules(tmp_path):
    """What a rule asks: the zone's view, the other zones sharing its origin."""
    from zonelint.graph import RecordGraph, Zone
    from zonelint.model import SourceFile

    def z(path, origin, view):
        return Zone(origin=origin, file=SourceFile(path, path), view=view)

    a, b, c = z("i/x", "example.com.", "internal"), z("e/x", "example.com.", "external"), z("s", "example.com.", None)
    g = RecordGraph([a, b, c])
    assert g.same_origin(a) == [b, c]
    assert g.origin_conflicts(a) == [c] and g.origin_conflicts(c) == [a, b]
    assert g.for_zone(a).zones == [a] and g.for_zone(a).same_origin(a) == [b, c]


@pytest.mark.parametrize("link", ["symlink", "hardlink", "same"])
def test_file_named_and_matched_by_context_is_one_zone(tmp_path, link):
    import os

    text = zone("example.com.", "ns1 IN A 192.0.2.1\n@ IN MX 10 nomail.example.com.\n")
    write(tmp_path, {"zones/example.com.zone": text})
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    if link == "symlink":
        os.symlink(tmp_path / "zones/example.com.zone", ctx / "example.com.zone")
    elif link == "hardlink":
        os.link(tmp_path / "zones/example.com.zone", ctx / "example.com.zone")
    report = run(tmp_path, paths=["zones/example.com.zone"],
                 context=[str((ctx if link != "same" else tmp_path / "zones") / "*.zone")])
    # one zone: no ZL007 against itself, the ZL103 once
    assert found(report) == [("ZL103", "zones/example.com.zone", 6)]
    assert len([f for f in report.files if f.included_from is None]) == 1


def test_zl007_with_a_context_zone_of_the_same_origin(tmp_path):
    """The second file in path order is a context zone (its findings are not shown): the named
    file carries ZL007, naming it; when the named file is the second, it carries it as usual."""
    write(tmp_path, {"a/example.com.zone": zone("example.com.", "ns1 IN A 192.0.2.1\n"),
                     "b/example.com.zone": zone("example.com.", "ns1 IN A 192.0.2.1\n")})
    report = run(tmp_path, paths=["a/example.com.zone"], context=[str(tmp_path / "b/*.zone")])
    assert found(report) == [("ZL007", "a/example.com.zone", 3)]
    assert "b/example.com.zone" in report.findings[0].message
    report = run(tmp_path, paths=["b/example.com.zone"], context=[str(tmp_path / "a/*.zone")])
    assert found(report) == [("ZL007", "b/example.com.zone", 3)]


@pytest.mark.parametrize("origin,cut,below,beside", [
    ("example.com.", "sub.example.com.", ["ns.sub.example.com.", "a.b.sub.example.com.", "a\\.b.sub.example.com."],
     ["sub.example.com.", "b.example.com.", "x\\.sub.example.com."]),
    (".", "com.", ["ns.com.", "a.b.com."], ["com.", "org.", "ns.org."]),
])
def test_names_below_a_cut_answer_no_lookup(tmp_path, origin, cut, below, beside):
    """Every depth below a cut is hidden (escaped dots included); the cut and its siblings are not."""
    body = f"{cut} IN NS ns.{cut}\n" + "".join(f"{n} IN A 192.0.2.7\n" for n in below + beside if n != cut)
    text = f"$ORIGIN {origin}\n$TTL 3600\n{origin} IN SOA ns1.{origin.lstrip('.')}x. h.x. 1 7200 3600 1209600 3600\n" \
           f"{origin} IN NS ns1.x.\n{body}"
    from zonelint.graph import RecordGraph, Zone
    from zonelint.load import load_text

    lz = load_text(text, origin=origin)
    z = Zone(origin=lz.origin, file=lz.file, records=lz.records, problems=lz.problems, files=lz.files)
    g = RecordGraph([z])
    assert [n for n in below if g.exists(n) or g.rrs(n)] == []
    assert all(g.exists(n) for n in beside if n != cut) and g.has_type(cut, "NS")
