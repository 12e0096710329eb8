"""Which files a run lints: files named on the command line, folder walks (``include`` /
``exclude``), ``context`` globs, and how a path is shown.

This is the one module that decides which files are zone files; files are opened elsewhere only
after this module has chosen them.

Nothing outside the lint root is chosen: a path named on the command line (or a folder named
there) that resolves outside it is an error (exit 2); a symbolic link met in a folder walk or a
``context`` glob that resolves outside it is skipped with a notice; a ``context`` pattern whose
fixed part lies outside it is not even listed (``--allow-include-outside`` lifts the last two).
Folder walks and ``context`` globs never follow a symbolic link to a folder.

A folder walk lints the files matching ``include`` and, named like a domain without a zone
extension, the files whose first statement is a directive or an SOA (:func:`sniff`, the only
place this module reads a file, through the confined open); inside a git work tree it honours
``.gitignore``. Every file passed over is recorded with the reason (``--show-files``).
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat

from .config import Config, git_toplevel
from .confine import outside_message, read_head, within
from .lazyre import LazyPattern
from .model import Notification
from .origin import origin_from_filename
from .values import Value


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


class Discovery(Value):
    """What :func:`discover` found: the files to lint (in order), notifications about paths that
    could not be used, and every file passed over with the reason (``--show-files``)."""

    __slots__ = ("files", "notes", "skipped")

    def __init__(self, files: list[str] | None = None, notes: list[Notification] | None = None,
                 skipped: list[tuple[str, str]] | None = None) -> None:
        self.files = [] if files is None else files
        self.notes = [] if notes is None else notes
        self.skipped = [] if skipped is None else skipped


#: the most a folder walk reads of a file whose name is not a zone file name (``sniff``)
SNIFF_BYTES = 4096
_DIRECTIVES = ("$ORIGIN", "$TTL", "$INCLUDE", "$GENERATE")


def sniff(path: str, root: str | None = None) -> bool:
    """True when the file's first statement (after blank lines and comments) is a ``$`` directive
    or an SOA record. Reads at most :data:`SNIFF_BYTES`; the one place discovery opens a file."""
    try:
        head = read_head(path, root, SNIFF_BYTES)
    except OSError:
        return False
    if b"\0" in head:
        return False
    if head.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark
        head = head[3:]
    for line in head.decode("latin-1").splitlines():
        stmt = line.split(";", 1)[0]
        if not stmt.strip():
            continue
        tokens = stmt.replace("(", " ").split()
        if tokens[0].startswith("$"):
            return tokens[0].upper() in _DIRECTIVES
        # [owner] [ttl] [class] SOA: the type comes within the first four tokens
        return "SOA" in (t.upper() for t in tokens[:4])
    return False


def _git_listing(folder: str) -> tuple[set[str] | None, str | None]:
    """The files git would track below ``folder`` (tracked, and untracked but not ignored:
    ``git ls-files -co --exclude-standard``) as absolute paths; ``(None, None)`` outside a git
    work tree; ``(None, why)`` when git could not say (then nothing is filtered).

    git itself, not a re-implementation (``pathspec``): it applies every source of ignore rules
    exactly as the user's ``git status`` does (nested ``.gitignore`` files, negations,
    ``.git/info/exclude``, ``core.excludesFile``), and zonelint needs no new dependency."""
    if git_toplevel(folder) is None:
        return None, None
    import subprocess

    env = dict(os.environ)
    env["GIT_OPTIONAL_LOCKS"] = "0"  # never take the index lock of a repository being committed
    try:
        done = subprocess.run(
            ["git", "ls-files", "-z", "-co", "--exclude-standard"],
            cwd=folder, capture_output=True, env=env, check=False, timeout=60,
        )
    except FileNotFoundError:
        return None, "git is not installed"
    except (OSError, subprocess.SubprocessError) as e:
        return None, f"git ls-files could not run ({e.__class__.__name__})"
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return None, f"git ls-files failed ({why[-1] if why else 'exit ' + str(done.returncode)})"
    base = os.path.abspath(folder)
    return {os.path.join(base, rel) for rel in os.fsdecode(done.stdout).split("\0") if rel}, None


def _walk_folder(folder: str, config: Config, root: str, found: Discovery, add) -> int:
    """Add the zone files below ``folder``; returns how many it holds (added now or before)."""
    count = 0
    listing, why = _git_listing(folder)
    if why is not None:
        level = "note" if why == "git is not installed" else "warning"
        found.notes.append(Notification(level, f"{folder}: {why}: .gitignore is not honoured", folder))
    listed_dirs: set[str] | None = None

    def note_dirs(files) -> None:
        for f in files:
            d = os.path.dirname(f)
            while d not in listed_dirs and len(d) > 1:
                listed_dirs.add(d)
                d = os.path.dirname(d)

    if listing is not None:
        listed_dirs = set()
        note_dirs(listing)
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        keep = []
        for d in sorted(dirnames):
            full = os.path.join(dirpath, d)
            if listing is not None and os.path.abspath(full) in listing:
                # a submodule (git lists it as one entry): its own repository says what it holds
                inner, _ = _git_listing(full)
                if inner:
                    listing |= inner
                    note_dirs(inner)
            if d.startswith("."):
                found.skipped.append((full, "hidden folder: not walked"))
            elif listed_dirs is not None and os.path.abspath(full) not in listed_dirs:
                found.skipped.append((full, "folder with no file git lists (ignored by .gitignore, or empty)"))
            else:
                keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            fp = os.path.join(dirpath, name)
            why = _why_not(fp, name, config, root, listing, found.notes)
            if why is not None:
                found.skipped.append((fp, why))
            else:
                add(fp)
                count += 1
    return count


def _why_not(fp: str, name: str, config: Config, root: str, listing: set[str] | None,
             notes: list[Notification]) -> str | None:
    """Why a file found by a folder walk is not linted (None: it is)."""
    if listing is not None and os.path.abspath(fp) not in listing:
        return "ignored by git (.gitignore)"
    rel = os.path.relpath(os.path.abspath(fp), config.root)
    if matches(rel, config.exclude):
        return "excluded by the config's `exclude`"
    try:
        st = os.stat(fp)
    except OSError:  # dangling link, link loop
        return "dangling symbolic link"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file"
    if os.path.islink(fp):
        real = os.path.realpath(fp)
        if not within(real, root):
            notes.append(Notification("warning", f"{fp}: skipped: symbolic link {outside_message(real, root)}", fp))
            return f"symbolic link {outside_message(real, root)}"
    if matches(rel, config.include):
        return None
    if origin_from_filename(name) is None:
        return "not matched by `include` and not named like a domain"
    if not sniff(fp, root):
        return "named like a domain, but its first statement is neither a $ directive nor an SOA"
    return None


def discover(paths: list[str], config: Config, cwd: str) -> Discovery:
    """The zone files to lint: files named (unless excluded: never filtered otherwise) and files
    found by walking folders (matching ``include``, or named like a domain and starting like a
    zone file, see :func:`sniff`; not ``exclude``d; inside a git work tree, not ignored by git).
    A folder that yields no zone file and missing or unreadable paths become error
    notifications; named files that are all excluded, one warning."""
    found = Discovery()
    seen: set[tuple] = set()
    root = os.path.realpath(config.root)
    named_excluded = 0
    named_files = 0

    def add(p: str) -> bool:
        ident = file_identity(p)
        if ident in seen:
            return False
        seen.add(ident)
        found.files.append(p)
        return True

    for p in paths:
        if not os.path.lexists(p):
            found.notes.append(Notification("error", f"{p}: no such file or directory", p))
            continue
        real = os.path.realpath(p)
        if os.path.exists(real) and not within(real, root):
            found.notes.append(Notification("error", f"{p}: {outside_message(real, root)}: not read", p))
            continue
        if os.path.isdir(p):
            if _walk_folder(p, config, root, found, add) == 0 and not any(
                n.path == p for n in found.notes if n.level == "error"
            ):
                found.notes.append(Notification(
                    "error",
                    f"{p}: no zone file found in this folder (--show-files lists what was skipped and why)",
                    p,
                ))
            continue
        named_files += 1
        if not os.path.exists(p):
            found.notes.append(Notification("error", f"{p}: dangling symbolic link", p))
            continue
        if not os.path.isfile(p):
            found.notes.append(Notification("error", f"{p}: not a regular file", p))
            continue
        if config.exclude and matches(os.path.relpath(os.path.abspath(p), config.root), config.exclude):
            named_excluded += 1
            found.skipped.append((p, "excluded by the config's `exclude`"))
            continue
        if not os.access(p, os.R_OK):
            found.notes.append(Notification("error", f"{p}: permission denied", p))
            continue
        add(p)
    if named_excluded and named_excluded == named_files and len(paths) == named_files:
        where = f" ({config.path})" if config.path else ""
        found.notes.append(Notification(
            "warning",
            f"every file named ({named_excluded}) is excluded by the config's `exclude`{where}: nothing to lint",
        ))
    return found


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


_MAGIC = LazyPattern(r"[*?\[]")


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
