"""Loading zone files: bytes in, :class:`~zonelint.load.types.LoadedZone` (records as written,
load problems, files read) out. One job per module:

- :mod:`.types` -- ``LoadOptions`` and ``LoadedZone``, the plain types a load takes and gives;
- :mod:`.source` -- bytes to text (octets >= 0x80 as ``\\DDD``) and columns back to the file;
- :mod:`.tokenizer` -- dnspython's tokenizer with line and column on every token;
- :mod:`.state` -- the reader state (origin, last owner, ``$TTL``, last TTL) and its inheritance
  rules, written once, and ``LoadSession`` (one load's options and results);
- :mod:`.reader` -- the reference reader on dnspython's public API, the authority;
- :mod:`.scanner` (with :mod:`.scanfields`) -- the fast scanner for the common shapes, which hands
  every line range it does not fully understand to :func:`.reader.read_lines`;
- :mod:`.directives` -- ``$INCLUDE`` look-up and refusals, ``$GENERATE`` ranges and templates;
- :mod:`.messages` -- how problems are worded;
- :mod:`.bindcompat` -- what BIND refuses although dnspython accepts it.

:func:`load_zone` is the front door (scanner first); :func:`load_text` loads text with the
reference reader (tests). Importing this package does not import dnspython.
"""

from __future__ import annotations

from .scanner import load_zone, reference_forced
from .types import ExpansionBudget, LoadedZone, LoadOptions

__all__ = ["load_zone", "load_text", "reference_forced", "ExpansionBudget", "LoadOptions", "LoadedZone"]


def load_text(
    text: str | bytes,
    origin: str | None,
    path: str = "<text>",
    options: LoadOptions | None = None,
) -> LoadedZone:
    """:func:`zonelint.load.reader.load_text` (imported on first use: it needs dnspython)."""
    from .reader import load_text as read_text

    return read_text(text, origin, path, options)
