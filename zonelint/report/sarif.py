"""``--format sarif``: one SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers
(stdlib only).

Shape (validated against the official schema in the tests):

- ``tool.driver``: ``name``, ``version``, ``informationUri`` (the repository from zonelint's
  ``[project.urls]``, :mod:`zonelint.docurls`) and ``rules`` (``helpUri``: the rule's page, from
  the providing package's "Rule documentation" URL template): every rule that can
  fire in this run, built-in and plugin alike, sorted by code, plus ``ZL000`` (internal error).
  Plugin rules live in ``driver.rules`` too, with ``properties.plugin`` naming their plugin, so
  ``ruleIndex`` is simple and GitHub lists them like the built-in ones; ``tool.extensions`` names
  each third-party plugin that provided rules (with its version when known), for attribution.
- ``results``: most severe first (then path, line), at most ``--sarif-max-results`` (default
  25,000, GitHub's per-run limit; 0 lifts the cap). Locations are relative to the lint root
  (``uriBaseId`` ``%SRCROOT%``, declared in ``originalUriBaseIds``); ``partialFingerprints`` carry
  zonelint's own semantic fingerprint under ``zonelint/v1`` (GitHub's ``primaryLocationLineHash``
  is left to ``upload-sarif``, which computes it from the file).
- ``invocations[0]``: ``executionSuccessful`` (false when the exit code is 2), ``exitCode`` and
  ``toolExecutionNotifications`` for internal errors (ZL000), unreadable paths, plugin trouble and
  results left out by the cap.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from ..docurls import DocLinks
from ..fingerprint import SourceLines, report_fingerprints, root_relative
from .excerpt import record_lines
from .model import EXIT_ERROR, INTERNAL_ERROR, INTERNAL_ERROR_NAME, message_with_help

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
DEFAULT_MAX_RESULTS = 25_000
FINGERPRINT_KEY = "zonelint/v1"
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
RANK = {"error": 0, "warning": 1, "info": 2}
#: GitHub rejects longer shortDescription/fullDescription texts.
MAX_DESCRIPTION = 1024
INTERNAL_ERROR_DOC = """## What it checks
Not a finding about the zone: a rule crashed, or yielded something that is not a proper finding,
while checking this file. The other rules still ran; this rule's results for the file are missing.

## How to fix
Report it to the rule's author (the message names the rule and its plugin). The exit code is 2
until it is fixed; `--exit-zero` does not hide it."""


def _clip(text: str, limit: int = MAX_DESCRIPTION) -> str:
    text = text.strip() or "-"
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def first_section(doc: str) -> str:
    """The body of the first ``## heading`` of a rule's documentation (``What it checks``), or
    its first paragraph when it has no headings."""
    m = re.search(r"^##[^\n]*\n(.*?)(?=^##\s|\Z)", doc, re.M | re.S)
    if m and m.group(1).strip():
        body = m.group(1)
    else:
        body = re.split(r"\n\s*\n", doc.strip(), maxsplit=1)[0]
    return " ".join(body.split())


def _rule_descriptor(cls, links) -> dict:
    doc = cls.documentation()
    props: dict = {"tags": [str(t) for t in (cls.tags or ())]}
    if cls.plugin and cls.plugin != "builtin":
        props["plugin"] = cls.plugin
    out = {
        "id": cls.code,
        "name": cls.name,
        "shortDescription": {"text": _clip(cls.summary)},
        "fullDescription": {"text": _clip(first_section(doc) or cls.summary)},
        "help": {"text": doc or cls.summary, "markdown": doc or cls.summary},
        "defaultConfiguration": {"level": LEVELS.get(cls.severity, "warning")},
        "properties": props,
    }
    url = links.rule_url(cls)
    if url:  # only where the providing package's metadata has a "Rule documentation" template
        out["helpUri"] = url
    return out


def _internal_error_descriptor(links) -> dict:
    out = {
        "id": INTERNAL_ERROR,
        "name": INTERNAL_ERROR_NAME,
        "shortDescription": {"text": "A rule crashed or misbehaved (not a finding about the zone)"},
        "fullDescription": {"text": first_section(INTERNAL_ERROR_DOC)},
        "help": {"text": INTERNAL_ERROR_DOC, "markdown": INTERNAL_ERROR_DOC},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["zonelint"]},
    }
    url = links.page_url("builtin", INTERNAL_ERROR, INTERNAL_ERROR_NAME)
    if url:
        out["helpUri"] = url
    return out


def _uri(path: str) -> str:
    return quote(path, safe="/")


def _file_uri(path: str) -> str:
    return Path(os.path.abspath(path)).as_uri()


def _artifact(finding, lint_root: str) -> dict:
    rel = root_relative(finding, lint_root)
    if rel is not None:
        return {"uri": _uri(rel), "uriBaseId": SRCROOT}
    path = finding.file.path if finding.file is not None else finding.path
    return {"uri": _file_uri(path)}


def _path_artifact(path: str, lint_root: str) -> dict:
    rel = root_relative(path, lint_root)
    if rel is not None:
        return {"uri": _uri(rel), "uriBaseId": SRCROOT}
    return {"uri": _file_uri(path)}


def _region(finding, sources: SourceLines) -> dict:
    """Start line/column, and when the source can be read: the end of the record (or of the
    offending line), the region's ``snippet`` and a ``contextRegion`` with the whole lines."""
    region: dict = {"startLine": finding.line, "startColumn": finding.column}
    if finding.code == INTERNAL_ERROR:
        return region
    last, lines = record_lines(finding, sources)
    if not lines:
        return region
    first = lines[0][finding.column - 1 :] if finding.column - 1 <= len(lines[0]) else ""
    text_lines = [first] + lines[1:]
    text_lines[-1] = text_lines[-1].rstrip()
    end_column = len(lines[-1].rstrip()) + 1
    if last == finding.line and end_column <= finding.column:
        return region  # nothing at or after the column: keep the bare position
    region["endLine"] = last
    region["endColumn"] = end_column
    region["snippet"] = {"text": "\n".join(text_lines)}
    return region


def _context_region(finding, sources: SourceLines) -> dict | None:
    """The whole lines of the record (or of the offending line), when the region starts later in
    its first line (a parse error at a token); otherwise the region's snippet already has them."""
    if finding.code == INTERNAL_ERROR or finding.column <= 1:
        return None
    last, lines = record_lines(finding, sources)
    if not lines:
        return None
    return {"startLine": finding.line, "endLine": last, "snippet": {"text": "\n".join(lines)}}


def _fixes(finding, edits, lint_root: str) -> list[dict]:
    """SARIF ``fixes`` of a finding whose fix ``--fix`` would apply: one artifactChange per file,
    replacements addressed in bytes (``byteOffset``/``byteLength``: exact whatever the file's
    encoding), the help (else the fix's own line) as the description."""
    changes: dict[str, list] = {}
    for e in edits:
        data = e.data
        try:
            inserted = {"text": data.decode("utf-8")}
        except UnicodeDecodeError:  # pragma: no cover - fixes write ASCII tokens and UTF-8 comments
            import base64

            inserted = {"binary": base64.b64encode(data).decode("ascii")}
        changes.setdefault(e.path, []).append(
            {"deletedRegion": {"byteOffset": e.offset, "byteLength": e.length}, "insertedContent": inserted}
        )
    return [{
        "description": {"text": finding.help or finding.fix.description},
        "artifactChanges": [
            {"artifactLocation": _path_artifact(path, lint_root), "replacements": reps}
            for path, reps in changes.items()
        ],
    }]


def fix_edits(report) -> dict:
    """id(finding) -> byte edits, for the findings whose fixes ``--fix`` would apply now (the
    same plan: parse errors, confinement, ``$INCLUDE``d files and overlaps decided alike)."""
    plan = report.fix_plan
    return {} if plan is None else plan.edits


def _served_location(finding) -> dict:
    """A finding in records a DNS server served: a logical location only (the URI, owner and
    type), never an artifact with a line that does not exist."""
    owner = finding.owner or ""
    qualified = finding.served_location()
    return {"logicalLocations": [{"name": f"{owner} {finding.rdtype}".strip() or finding.source,
                                  "fullyQualifiedName": qualified, "kind": "resource"}]}


def _message_text(finding, fixes: list | None) -> str:
    """``message.text`` of a result: the message, then the help (:func:`message_with_help`). A
    result that carries SARIF ``fixes`` (a finding ``--fix`` would fix) keeps the message alone:
    its help describes the fix, in ``fixes[].description``."""
    if fixes:
        return finding.message
    return message_with_help(finding)


def _result(finding, index: dict[str, int], fp: str, lint_root: str, sources: SourceLines, baseline: bool,
            edits=None) -> dict:
    if finding.source is not None:
        location = _served_location(finding)
    else:
        location = _file_location(finding, lint_root, sources)
    fixes = _fixes(finding, edits, lint_root) if edits else None
    result = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": _message_text(finding, fixes)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fp},
    }
    if baseline:
        result["baselineState"] = "new"
    if fixes:
        result["fixes"] = fixes
    return result


def _file_location(finding, lint_root: str, sources: SourceLines) -> dict:
    physical: dict = {"artifactLocation": _artifact(finding, lint_root), "region": _region(finding, sources)}
    context = _context_region(finding, sources)
    if context is not None:
        physical["contextRegion"] = context
    location: dict = {"physicalLocation": physical}
    if finding.owner:
        location["logicalLocations"] = [
            {"name": finding.owner, "fullyQualifiedName": finding.owner, "kind": "resource"}
        ]
    return location


def _notification(level: str, text: str, locations: list | None = None, rule: str | None = None, index: int | None = None) -> dict:
    note: dict = {"level": LEVELS.get(level, level if level in ("error", "warning", "note") else "note"), "message": {"text": text}}
    if locations:
        note["locations"] = locations
    if rule is not None:
        note["associatedRule"] = {"id": rule} if index is None else {"id": rule, "index": index}
    return note


def build(report, max_results: int | None = None) -> dict:
    """The SARIF log of a report, as a dict: at most ``max_results`` results (``--sarif-max-results``;
    0: no limit; None: :data:`DEFAULT_MAX_RESULTS`)."""
    # snippets copy lines into code scanning: only from files inside the lint root
    sources = SourceLines(os.path.realpath(report.lint_root))
    lint_root = report.lint_root
    fps = report_fingerprints(report, sources)

    links = DocLinks(report.registry)
    rule_classes = sorted({cls.code: cls for cls in report.rules}.values(), key=lambda c: (c.code[:-3], c.code[-3:]))
    descriptors = [_internal_error_descriptor(links)] + [_rule_descriptor(c, links) for c in rule_classes if c.code != INTERNAL_ERROR]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    # Findings of a rule missing from report.rules (should not happen) still get a descriptor.
    for f in report.findings:
        if f.code not in index:
            cls = report.registry.rules.get(f.code) if report.registry is not None else None
            descriptors.append(
                _rule_descriptor(cls, links)
                if cls is not None
                else {
                    "id": f.code,
                    "name": f.rule,
                    "shortDescription": {"text": f.rule},
                    "fullDescription": {"text": f.rule},
                    "help": {"text": f.rule},
                    "properties": {"tags": []},
                }
            )
            index[f.code] = len(descriptors) - 1

    ordered = sorted(report.findings, key=lambda f: (RANK.get(f.severity, 3), f.sort_key()))
    cap = DEFAULT_MAX_RESULTS if max_results is None else max_results
    kept = ordered if not cap or cap <= 0 else ordered[:cap]
    left_out = len(ordered) - len(kept)
    baseline = report.baseline_applied
    edits = fix_edits(report)
    results = [_result(f, index, fps[id(f)], lint_root, sources, baseline, edits.get(id(f))) for f in kept]

    notifications = []
    for n in report.notifications:
        locs = None
        if n.path and "://" not in n.path:  # not for a source a DNS server serves: no artifact
            locs = [{"physicalLocation": {"artifactLocation": _path_artifact(n.path, lint_root)}}]
        notifications.append(_notification(n.level, n.message, locs))
    for f in report.findings:
        if f.code == INTERNAL_ERROR:
            loc = {"physicalLocation": {"artifactLocation": _artifact(f, lint_root), "region": {"startLine": f.line}}}
            notifications.append(_notification("error", f.message, [loc], INTERNAL_ERROR, index[INTERNAL_ERROR]))
    if left_out:
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in ordered[len(kept):]:
            counts[f.severity] = counts.get(f.severity, 0) + 1
        notifications.append(
            _notification(
                "warning",
                f"{left_out} of {len(ordered)} results were left out of this SARIF log "
                f"({counts['error']} error, {counts['warning']} warning, {counts['info']} info): "
                f"the log holds at most {cap} results, the most severe first "
                "(--sarif-max-results N raises the cap, 0 lifts it)",
            )
        )

    invocation: dict = {"executionSuccessful": report.exit_code != EXIT_ERROR, "exitCode": report.exit_code}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications

    driver: dict = {"name": "zonelint", "version": report.version}
    home = links.repository_url("builtin")
    if home:  # the repository from zonelint's [project.urls]; none when it declares none
        driver["informationUri"] = home
    driver["rules"] = descriptors
    tool: dict = {"driver": driver}
    plugins = sorted({c.plugin for c in rule_classes if c.plugin and c.plugin != "builtin"})
    if plugins:
        versions = getattr(report.registry, "plugins", {}) or {}
        exts = []
        for name in plugins:
            ext = {"name": name}
            if versions.get(name):
                ext["version"] = versions[name]
            home = links.repository_url(name)
            if home:
                ext["informationUri"] = home
            exts.append(ext)
        tool["extensions"] = exts

    run: dict = {"tool": tool, "invocations": [invocation]}
    root = os.path.abspath(lint_root)
    run["originalUriBaseIds"] = {SRCROOT: {"uri": Path(root).as_uri().rstrip("/") + "/"}}
    run["columnKind"] = "unicodeCodePoints"
    run["results"] = results
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


#: Logs with more results are written without indentation: the pure-Python indenting encoder
#: is about 8 times slower than the C one (25,000 results: 4.8 s against 0.6 s) and doubles the size.
INDENT_MAX_RESULTS = 1000


def render(report, stream, max_results: int | None = None) -> None:
    doc = build(report, max_results)
    indent = 2 if len(doc["runs"][0]["results"]) <= INDENT_MAX_RESULTS else None
    stream.write(json.dumps(doc, indent=indent, ensure_ascii=False))
    stream.write("\n")
