"""``zonelint --show-files``: which files a run would lint, with their origin and view, and which
files it passes over and why. Nothing is linted; each file is loaded to learn its origin exactly
as a run would (``--origin``, the ``origins`` table, ``$ORIGIN``, the file name)."""

from __future__ import annotations

import os
import sys

from . import escape
from .config import Config, ConfigError
from .discovery import display_path, file_identity, view_of


def show_files(opts, config: Config, out) -> int:
    """Write the listing to ``out``; returns the exit code a lint run would give for the paths
    themselves (2 when a path is missing, unreadable or a folder holds no zone file, else 0)."""
    from .runner import files_of_run, is_network_source, load_one, load_options

    files, notes, skipped = files_of_run(opts, config)
    options = load_options(config, opts.cwd)
    rows = []
    included: dict[str, str] = {}
    loaded = []
    for path, reported in files:
        if is_network_source(path):  # listed, never contacted: --show-files lints nothing
            from .net.sources import SourceError, parse_all

            try:
                (source,) = parse_all([path])
            except SourceError as e:
                raise ConfigError(str(e)) from None
            what = f"zone {source.zone} by AXFR from {source.server} (not contacted by --show-files)"
            rows.append(("lint" if reported else "context", path, what))
            continue
        try:
            lz = load_one(path, reported, config, opts, options)
        except OSError as e:
            rows.append(("unreadable", path, e.strerror or str(e)))
            continue
        loaded.append((path, reported, lz))
        for inc in lz.includes:
            included.setdefault(inc, display_path(path, opts.cwd))
    for path, reported, lz in loaded:
        role = "lint" if reported else "context"
        parent = included.get(os.path.realpath(path))
        if parent is not None:
            rows.append((role, path, f"$INCLUDEd by {parent}: linted there"))
            continue
        view = view_of(path, config) or "-"
        rows.append((role, path, f"origin {lz.origin or '(unknown: ZL006)'}  view {view}"))
    linted = {file_identity(p) for p, _ in files}
    shown: set[str] = set()
    for path, why in skipped:
        # a file named and also passed over by a walk is listed once, as linted
        key = os.path.abspath(path)
        if key in shown or (os.path.isfile(path) and file_identity(path) in linted):
            continue
        shown.add(key)
        rows.append(("skip", path, why))
    def display(p: str) -> str:
        return escape.text(p if is_network_source(p) else display_path(p, opts.cwd))

    width = max((len(display(p)) for _, p, _ in rows), default=0)
    for role, path, what in rows:
        shown = display(path)
        out.write(f"{role:<10} {shown:<{width}}  {escape.text(what)}\n")
    code = 0
    for note in notes:
        out.flush()
        print(f"zonelint: {note.level}: {escape.text(note.message)}", file=sys.stderr)
        if note.level == "error":
            code = 2
    return code
