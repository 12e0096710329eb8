"""Which files a run lints: files named on the command line, folder walks (``include`` /
``exclude``), ``context`` globs, and how a path is shown.

This is the one module that decides which files are zone files; files are opened elsewhere only
after this module has chosen them.
"""

from __future__ import annotations

import fnmatch
import glob
import os

from .config import Config
from .model import Notification


def display_path(path: str, cwd: str) -> str:
    """Relative to ``cwd`` when the file is below it, else the absolute path."""
    ap = os.path.abspath(path)
    try:
        rel = os.path.relpath(ap, cwd)
    except ValueError:
        return ap
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return ap
    return rel


def file_identity(path: str) -> tuple:
    """What makes two paths one file: its device and inode (a symlink, a hard link or a second
    spelling of a path is the same file); the real path when it cannot be stat'ed."""
    try:
        st = os.stat(path)
    except OSError:
        return ("path", os.path.realpath(path))
    return (st.st_dev, st.st_ino)


def matches(rel: str, patterns: list[str]) -> bool:
    rel = rel.replace(os.sep, "/")
    base = rel.rsplit("/", 1)[-1]
    for pat in patterns:
        if "/" in pat:
            if fnmatch.fnmatch(rel, pat) or (pat.startswith("**/") and fnmatch.fnmatch(rel, pat[3:])):
                return True
        elif fnmatch.fnmatch(base, pat):
            return True
    return False


def collect_files(paths: list[str], config: Config, cwd: str) -> tuple[list[str], list[Notification]]:
    """The zone files to lint: files named (unless excluded) and files found by walking folders
    (matching ``include`` and not ``exclude``). Missing or unreadable paths become notifications."""
    out: list[str] = []
    notes: list[Notification] = []
    seen: set[tuple] = set()

    def rel_to_root(p: str) -> str:
        return os.path.relpath(os.path.abspath(p), config.root)

    def add(p: str) -> None:
        ident = file_identity(p)
        if ident not in seen:
            seen.add(ident)
            out.append(p)

    for p in paths:
        if not os.path.lexists(p):
            notes.append(Notification("error", f"{p}: no such file or directory", p))
            continue
        if os.path.isdir(p):
            for dirpath, dirnames, filenames in os.walk(p, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    fp = os.path.join(dirpath, name)
                    rel = rel_to_root(fp)
                    if not matches(rel, config.include) or matches(rel, config.exclude):
                        continue
                    if not os.path.isfile(fp):  # dangling symlink, fifo, ...
                        continue
                    add(fp)
            continue
        if not os.path.exists(p):
            notes.append(Notification("error", f"{p}: dangling symbolic link", p))
            continue
        if not os.path.isfile(p):
            notes.append(Notification("error", f"{p}: not a regular file", p))
            continue
        if config.exclude and matches(rel_to_root(p), config.exclude):
            continue
        if not os.access(p, os.R_OK):
            notes.append(Notification("error", f"{p}: permission denied", p))
            continue
        add(p)
    return out, notes


def context_files(patterns: list[str], root: str) -> list[str]:
    """Files matched by ``context`` globs (relative to ``root``)."""
    out = []
    for pat in patterns:
        full = pat if os.path.isabs(pat) else os.path.join(root, pat)
        out.extend(sorted(p for p in glob.glob(full, recursive=True) if os.path.isfile(p)))
    return out


def view_of(path: str, config: Config) -> str | None:
    """The view (``views`` config table, globs relative to the lint root) ``path`` is in: the first
    view, in table order, with a glob matching it; ``None`` when none does."""
    if not config.views:
        return None
    rel = os.path.relpath(os.path.abspath(path), config.root)
    for name, globs in config.views.items():
        if matches(rel, globs):
            return name
    return None
