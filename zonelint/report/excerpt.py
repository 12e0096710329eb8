"""The source lines a finding points at, for the formats that show them (``rich`` under each
finding, ``sarif`` as snippets).

Lines are read back through :class:`~zonelint.fingerprint.SourceLines` (only the very file
loaded, inside the lint root, never a binary file; an unsaved buffer's text, never the disk);
nothing here parses zone text. :func:`display` turns a line into what a terminal may show:
tabs expanded, every control and bidirectional character as RFC 1035 ``\\DDD``
(:func:`zonelint.escape.dns_token`), so a caret lines up under the column it points at.

Stdlib only.
"""

from __future__ import annotations

from .model import INTERNAL_ERROR
from ..escape import dns_token

#: a record spanning more lines than this shows its first ``MAX_LINES`` and how many are left out
MAX_LINES = 6
TAB = 8


def record_lines(finding, sources) -> tuple[int, list[str]]:
    """The last line of the finding's record (or the finding's own line) and the source lines
    from the finding's line to it (empty when the source cannot be read)."""
    if finding.code == INTERNAL_ERROR:
        return finding.line, []
    rec = finding.record
    last = rec.end_line if rec is not None and rec.file is finding.file else finding.line
    last = max(last or finding.line, finding.line)
    return last, sources.span(finding.file, finding.line, last) or []


def display(line: str) -> str:
    """``line`` as a terminal may show it: tabs expanded to the next multiple of :data:`TAB`
    (counted in characters of the escaped text), everything unsafe as ``\\DDD``."""
    if "\t" not in line:
        return dns_token(line)
    out = ""
    for i, part in enumerate(line.split("\t")):
        if i:
            out += " " * (TAB - len(out) % TAB)
        out += dns_token(part)
    return out


def token_end(line: str, column: int) -> int:
    """The 1-based column just past the run of non-blank characters that starts at ``column``
    (one past ``column`` when it points at a blank or past the end): what a caret underlines."""
    i = column - 1
    j = i
    while j < len(line) and line[j] not in " \t":
        j += 1
    return max(j, i + 1) + 1
