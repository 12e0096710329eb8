"""Which files a run lints: files named on the command line, folder walks (``include`` /
``exclude``), ``context`` globs, and how a path is shown.

This is the one module that decides which files are zone files; files are opened elsewhere only
after this module has chosen them.

Nothing outside the lint root is chosen: a path named on the command line (or a folder named
there) that resolves outside it is an error (exit 2); a symbolic link met in a folder walk or a
``context`` glob that resolves outside it is skipped with a notice; a ``context`` pattern whose
fixed part lies outside it is not even listed (``--allow-include-outside`` lifts the last two).
Folder walks and ``context`` globs never follow a symbolic link to a folder.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat

from .config import Config
from .confine import outside_message, within
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
    root = os.path.realpath(config.root)

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
        real = os.path.realpath(p)
        if os.path.exists(real) and not within(real, root):
            notes.append(Notification("error", f"{p}: {outside_message(real, root)}: not read", p))
            continue
        if os.path.isdir(p):
            def wanted(fp: str) -> bool:
                rel = rel_to_root(fp)
                return matches(rel, config.include) and not matches(rel, config.exclude)

            for fp in _walk(p, notes, root, wanted):
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


def _walk(top: str, notes: list[Notification], root: str | None, keep) -> list[str]:
    """Regular files below ``top`` (sorted, hidden names skipped, links to folders not followed),
    for which ``keep(path)`` is true (``None``: all). A symbolic link resolving outside ``root``
    (unless None) is skipped with a notice; FIFOs, devices, sockets and dangling links silently."""
    found = []
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            fp = os.path.join(dirpath, name)
            if keep is not None and not keep(fp):
                continue
            try:
                st = os.stat(fp)
            except OSError:  # dangling link, link loop
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            if root is not None and os.path.islink(fp):
                real = os.path.realpath(fp)
                if not within(real, root):
                    notes.append(Notification("warning", f"{fp}: skipped: symbolic link {outside_message(real, root)}", fp))
                    continue
            found.append(fp)
    return found


_MAGIC = re.compile(r"[*?\[]")


def _component_regex(part: str) -> str:
    """A glob component (no '/') as a regular expression: ``*``, ``?``, ``[...]``, ``[!...]``."""
    out, i = [], 0
    while i < len(part):
        c = part[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = part.find("]", i + 2 if part[i + 1: i + 2] in ("!", "]") else i + 1)
            if j < 0:
                out.append(re.escape(c))
            else:
                body = part[i + 1: j]
                neg = body.startswith("!")
                body = body[1:] if neg else body
                out.append("[" + ("^" if neg else "") + body.replace("\\", "\\\\") + "]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def glob_regex(pattern: str) -> re.Pattern:
    """A ``glob`` pattern relative to a folder (``/``-separated; ``**`` for any number of folders,
    none included) as a regular expression over ``/``-separated relative paths."""
    parts = [p for p in pattern.split("/") if p not in ("", ".")]
    rx = ""
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "**":
            rx += ".*" if last else "(?:[^/]+/)*"
        else:
            rx += _component_regex(part) + ("" if last else "/")
    return re.compile(rx + r"\Z", re.S)


def context_files(
    patterns: list[str], base: str, root: str | None = None, allow_outside: bool = False
) -> tuple[list[str], list[Notification]]:
    """Files matched by ``context`` globs (relative to ``base``), confined to the lint root
    ``root`` like ``$INCLUDE`` unless ``allow_outside``: only the folder the pattern names before
    its first wildcard is walked, never listed when it lies outside the root."""
    out: list[str] = []
    notes: list[Notification] = []
    real_root = os.path.realpath(root) if root is not None and not allow_outside else None
    for pat in patterns:
        full = os.path.normpath(pat if os.path.isabs(pat) else os.path.join(base, pat))
        parts = full.split(os.sep)
        fixed = next((i for i, part in enumerate(parts) if _MAGIC.search(part)), len(parts))
        top = os.sep.join(parts[:fixed]) or os.sep
        real_top = os.path.realpath(top)
        if real_root is not None and not within(real_top, real_root):
            notes.append(Notification("warning", f"context pattern '{pat}' {outside_message(real_top, real_root)}: ignored"))
            continue
        if fixed == len(parts):  # no wildcard: one file
            if os.path.isfile(top):
                out.extend(_walk_one(top, notes, real_root))
            continue
        rx = glob_regex("/".join(parts[fixed:]))

        def keep(fp: str, top=top, rx=rx) -> bool:
            return rx.match(os.path.relpath(fp, top).replace(os.sep, "/")) is not None

        if os.path.isdir(top):
            out.extend(_walk(top, notes, real_root, keep))
    return out, notes


def _walk_one(path: str, notes: list[Notification], root: str | None) -> list[str]:
    real = os.path.realpath(path)
    if root is not None and not within(real, root):
        notes.append(Notification("warning", f"{path}: skipped: {outside_message(real, root)}", path))
        return []
    return [path]


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
