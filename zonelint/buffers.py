"""Zone text that is not read from its file: standard input (``zonelint -``, named with
``--stdin-filename PATH``) and an editor's unsaved buffer (``zonelint server``).

A run's :attr:`~zonelint.runner.RunOptions.sources` maps a PATH as written in ``paths`` to the
text to lint in place of the file. The text is loaded as if it were that file: its origin comes
from ``--origin``, a ``$ORIGIN``, the ``origins`` table or the file name (no name for ``-``, so
``--origin`` or a ``$ORIGIN`` then, else ZL006); a relative ``$INCLUDE`` looks in the file's
folder even when the file does not exist yet; ``noqa``, snippets and fingerprints read the text,
never the disk; ZL607 compares it with the git base of PATH. The file on disk, if any, is not
loaded a second time as a context zone.
"""

from __future__ import annotations

import os

#: what ``paths`` holds for standard input without ``--stdin-filename``
STDIN = "-"


def load_buffer(path: str, raw: bytes, reported: bool, config, opts, options):
    """Load ``raw`` as the zone file ``path`` (``"-"``: standard input without a name)."""
    from .discovery import display_path
    from .origin import origin_from_config, origin_from_filename
    from .load import load_zone

    named = path != STDIN
    origin = opts.origin if (reported and opts.origin) else None
    if origin is None and named:
        origin = origin_from_config(path, config.origins, config.root)
    if named:
        folder = os.path.dirname(os.path.abspath(path))
        options = options.replace(include_path=[folder] + [p for p in options.include_path if p != folder])
    return load_zone(
        os.path.abspath(path) if named else STDIN,
        display_path(path, opts.cwd) if named else STDIN,
        origin,
        options,
        fallback_origin=origin_from_filename(path) if named else None,
        reported=reported,
        source=raw,
    )
