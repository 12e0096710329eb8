"""``--format github``: GitHub Actions workflow commands, so findings show up as annotations on the
pull request diff (stdlib only).

One command per finding, most severe first (then path, line); the text is the message, then the
help (the fix and its citation)::

    ::error file=zones/example.com.zone,line=6,col=1,title=ZL101 target-cname::SRV target ... is an alias (...). RFC 2782 ...

``error`` / ``warning`` / ``notice`` follow the finding's severity (info → notice). Paths are
relative to the lint root (the repository root in CI). Escaping follows ``@actions/core``: in the
message ``%``, ``\\r`` and ``\\n``; in property values also ``:`` and ``,``.

Run-level errors (unreadable paths) come first as ``::error title=zonelint::...``.

GitHub shows only the first 10 annotations of each level per step. When a level has more, the
output ends with one ``::notice`` saying how many findings were not shown as annotations. (With 10 or
more info findings that notice is itself past GitHub's 10 notices, so it may not be shown as an
annotation; it is still the last line of the output.)
"""

from __future__ import annotations

from ..fingerprint import location_path
from .model import message_with_help

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
RANK = {"error": 0, "warning": 1, "info": 2}
#: GitHub shows at most this many annotations of one level per step.
PER_LEVEL_LIMIT = 10


def escape_data(text: str) -> str:
    """Escape a workflow command's message (``@actions/core`` ``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (``@actions/core`` ``escapeProperty``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props) -> str:
    """``::level k=v,...::message`` with everything escaped (properties with value None omitted)."""
    parts = [f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None]
    return f"::{level}{' ' + ','.join(parts) if parts else ''}::{escape_data(message)}"


def lines(report) -> list[str]:
    out: list[str] = []
    shown = {"error": 0, "warning": 0, "notice": 0}
    for n in report.notifications:
        if n.level == "error":
            out.append(command("error", n.message, title="zonelint"))
            shown["error"] += 1
    for f in sorted(report.findings, key=lambda f: (RANK.get(f.severity, 3), f.sort_key())):
        level = COMMANDS.get(f.severity, "warning")
        shown[level] += 1
        if f.source is not None:  # served by a DNS server: no file to annotate, the URI in the text
            out.append(command(level, f"{f.served_location()}: {message_with_help(f)}", title=f"{f.code} {f.rule}"))
            continue
        out.append(
            command(
                level,
                message_with_help(f),
                file=location_path(f, report.lint_root),
                line=f.line,
                col=f.column,
                title=f"{f.code} {f.rule}",
            )
        )
    hidden = {level: n - PER_LEVEL_LIMIT for level, n in shown.items() if n > PER_LEVEL_LIMIT}
    if hidden:
        total = sum(hidden.values())
        detail = ", ".join(f"{n} {level}{'s' if n != 1 else ''}" for level, n in hidden.items())
        out.append(
            command(
                "notice",
                f"{total} more zonelint finding{'s' if total != 1 else ''} ({detail}) "
                f"not shown as annotations: GitHub shows only {PER_LEVEL_LIMIT} per level and step. "
                "The SARIF report, or a run with --format text, has all of them.",
                title="zonelint: more findings",
            )
        )
    return out


def render(report, stream) -> None:
    for line in lines(report):
        stream.write(line + "\n")
    for note in report.summary_notes:
        stream.write(note + "\n")
