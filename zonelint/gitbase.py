"""The git base of a run: each reported zone as it was at a base commit, for ZL607.

Rules never parse text and never shell out, so the core answers, per reported zone, "did this
zone change since the base, and what was its SOA serial there?" and stores the answer on
:attr:`zonelint.graph.Zone.base` (a :class:`~zonelint.graph.BaseInfo`).

Which base (:func:`choose_base`), first match wins:

1. ``--serial-base REF`` on the command line;
2. in a pre-commit hook (pre-commit sets ``PRE_COMMIT=1`` in the environment of every hook it
   runs, ``pre_commit/commands/run.py``): ``PRE_COMMIT_FROM_REF`` when pre-commit was given
   ``--from-ref``/``--to-ref``, else ``HEAD``: the staged content (which is what is on disk while
   pre-commit has unstaged changes stashed) is compared with the last commit;
3. the config key ``serial-base``;
4. none: the check is off and git is never run.

Git is run at most twice per repository (``rev-parse`` for the base commit, one ``cat-file
--batch`` for every file), never once per file. Files outside any git repository, a missing
``git`` and a base that does not exist yet (the first commit) turn the check off for the files
concerned and produce one note each, never an error: the lint itself goes on.

A rule asks for this with a class attribute ``needs_git_base = True``; the runner computes bases
only when such a rule is selected.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from .config import git_toplevel
from .confine import read_back_bytes
from .graph import BaseInfo, Zone

TYPE_CHECKING = False  # typing.TYPE_CHECKING: typing is not imported at start-up
if TYPE_CHECKING:  # pragma: no cover
    import subprocess

#: (level, message) pairs; the runner turns them into notifications
Note = tuple[str, str]


def choose_base(cli_ref: str | None, config_ref: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """The base ref of this run, or ``None`` when the serial check is off (see module doc)."""
    env = os.environ if environ is None else environ
    if cli_ref:
        return cli_ref
    if env.get("PRE_COMMIT") == "1":
        return env.get("PRE_COMMIT_FROM_REF") or "HEAD"
    return config_ref or None


def _repo_of(path: str) -> str | None:
    """The work tree holding ``path`` (the nearest folder at or above it with a ``.git``)."""
    return git_toplevel(os.path.dirname(os.path.realpath(path)))


def _git(args: list[str], cwd: str, stdin: bytes | None = None) -> "subprocess.CompletedProcess":
    import subprocess

    env = dict(os.environ)
    env["GIT_OPTIONAL_LOCKS"] = "0"  # never take the index lock of a repository being committed
    return subprocess.run(
        ["git", *args], cwd=cwd, input=stdin, capture_output=True, env=env, check=False
    )


def _cat_files(top: str, commit: str, relpaths: list[str]) -> dict[str, bytes | None]:
    """``relpath -> content at commit`` (``None`` when the path does not exist there), read with
    one ``git cat-file --batch``."""
    asked = [p for p in relpaths if "\n" not in p and "\r" not in p]
    out: dict[str, bytes | None] = {p: None for p in relpaths}
    if not asked:
        return out
    stdin = "".join(f"{commit}:{p}\n" for p in asked).encode("utf-8", "surrogateescape")
    proc = _git(["cat-file", "--batch"], top, stdin)
    if proc.returncode != 0:
        raise OSError(proc.stderr.decode("utf-8", "replace").strip() or "git cat-file failed")
    data = proc.stdout
    pos = 0
    for p in asked:
        nl = data.index(b"\n", pos)
        header = data[pos:nl].split()
        pos = nl + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            out[p] = data[pos : pos + size]
            pos += size + 1  # the blob is followed by a newline
        elif len(header) == 3:  # a tree or submodule at that path: skip its body
            pos += int(header[2]) + 1
        # "<object> missing" / "ambiguous": not at the base
    return out


def _same(current: bytes, base: bytes) -> bool:
    """Equal content; line endings do not count (``core.autocrlf`` checkouts)."""
    return current == base or current.replace(b"\r\n", b"\n") == base.replace(b"\r\n", b"\n")


def base_serial(raw: bytes, origin: str, display: str) -> int | None:
    """The apex SOA serial of a zone's base version, read with the loader. ``$INCLUDE``s are
    refused (nothing on disk is the base version of an included file), so the disk is never
    touched; a base that cannot be read gives ``None`` (the check is then off for the zone)."""
    from .load import LoadOptions, load_text

    nowhere = os.path.join(os.sep, "nonexistent", "zonelint-git-base")
    try:
        loaded = load_text(raw, origin, path=display, options=LoadOptions(lint_root=nowhere, cwd=nowhere))
    except Exception:  # noqa: BLE001 - an unreadable base just turns the check off
        return None
    key = origin.lower()
    for rec in loaded.records:
        if rec.rdtype == "SOA" and rec.owner.lower() == key and rec.data:
            return rec.data[2]
    return None


def attach_bases(zones: Iterable[Zone], ref: str) -> list[Note]:
    """Set ``zone.base`` for each zone whose files are in a git repository; return notes about
    the zones for which the check is off (each kind of reason said once)."""
    # a zone given as text (standard input, an editor's buffer) is compared as that text
    zones = [z for z in zones if z.origin is not None and (z.file.text is not None or os.path.isfile(z.file.path))]
    if not zones:
        return []
    if ref.startswith("-"):
        return [("warning", f"serial check off: '{ref}' is not a git revision")]
    import shutil

    if shutil.which("git") is None:
        return [("note", "serial check (ZL607) off: git is not installed")]
    by_repo: dict[str, list[Zone]] = {}
    outside = 0
    for zone in zones:
        top = _repo_of(zone.file.path)
        if top is None:
            outside += 1
        else:
            by_repo.setdefault(top, []).append(zone)
    notes: list[Note] = []
    if outside:
        notes.append(
            ("note", f"serial check (ZL607) off for {outside} file{'s' if outside != 1 else ''} "
             "outside any git repository")
        )
    for top, repo_zones in by_repo.items():
        proc = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
        commit = proc.stdout.decode().strip()
        if proc.returncode != 0 or not commit:
            if proc.returncode != 0 and _git(["rev-parse", "--git-dir"], top).returncode != 0:
                notes.append(("note", f"serial check (ZL607) off: {top} is not a usable git repository"))
            elif ref == "HEAD":
                notes.append(("note", f"serial check (ZL607) off in {top}: no commit yet, every zone is new"))
            else:
                notes.append(("warning", f"serial check (ZL607) off in {top}: '{ref}' is not a commit there"))
            continue
        real_top = os.path.realpath(top)
        rel: dict[int, list[str]] = {}
        for zone in repo_zones:
            paths = []
            for f in zone.files or [zone.file]:
                rp = os.path.relpath(os.path.realpath(f.path), real_top)
                if rp.startswith(os.pardir):
                    paths = []  # an include outside the work tree: cannot judge this zone
                    break
                paths.append(rp.replace(os.sep, "/"))
            rel[id(zone)] = paths
        try:
            blobs = _cat_files(top, commit, sorted({p for ps in rel.values() for p in ps}))
        except (OSError, ValueError) as e:
            notes.append(("note", f"serial check (ZL607) off in {top}: {e}"))
            continue
        for zone in repo_zones:
            paths = rel[id(zone)]
            if not paths:
                continue
            main = blobs.get(paths[0])
            if main is None:
                zone.base = BaseInfo(ref=ref, existed=False, changed=True)
                continue
            changed = False
            for f, p in zip(zone.files or [zone.file], paths):
                old = blobs.get(p)
                # the text linted (standard input, an editor's buffer), else the file loaded (never a
                # FIFO or a binary file)
                cur = f.text.encode("utf-8") if f.text is not None else read_back_bytes(f.path)
                if cur is None:
                    changed = True
                    break
                if old is None or not _same(cur, old):
                    changed = True
                    break
            serial = None
            if changed:
                serial = base_serial(main, zone.origin, f"{ref}:{paths[0]}")
            zone.base = BaseInfo(ref=ref, existed=True, changed=changed, serial=serial)
    return notes
