"""A workspace held in memory between lint runs: what the language server (``zonelint server``)
lints an editor's buffer against. Nothing here knows about LSP.

The workspace's zones are found as the CLI finds them when run from the workspace root (the same
config discovery, folder walk (:func:`zonelint.discovery.discover`) and ``context`` globs) and loaded once. Linting a
buffer loads only the buffer's text (as its file: :mod:`zonelint.buffers`) and builds a
:class:`~zonelint.lazygraph.LazyRecordGraph` where every other zone is a lazy zone over its already
loaded records, indexed only if a lookup of the buffer's rules reaches its names: an edit re-lints
only the edited zone, and a large zone elsewhere costs nothing while typing (one whose names the
buffer points at is indexed the first time, and its index is kept for later lints:
:class:`~zonelint.ownerindex.KeptIndex`). :meth:`Workspace.refresh`
reloads files that changed on disk (``workspace/didChangeWatchedFiles``), or everything when a
config file changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .config import ConfigError, apply_trusted, load_config
from .discovery import context_files, discover, matches, view_of
from .engine import run_rules
from .graph import Zone
from .lazygraph import LazyRecordGraph
from .load.types import PARSE_PROBLEMS
from .model import Finding
from .ownerindex import KeptIndex
from .plugins import load_registry
from .runner import RunOptions, load_one, load_options
from .selection import SelectionLevel, make_rules

CONFIG_NAMES = (".zonelint.toml", "pyproject.toml")


@dataclass
class BufferResult:
    """What linting one buffer gave: its findings (in the buffer's own file) and the messages
    about the run itself (a configuration error, plugin trouble), one line each."""

    findings: list[Finding] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    #: False when the buffer has a parse-class problem (``PARSE_PROBLEMS``): as ``--fix``, an
    #: editor then offers no fix (edits computed on a misread file could break it further)
    fixable: bool = True


class Workspace:
    """The zones of one workspace folder (``root``; ``None``: no folder, each buffer alone)."""

    def __init__(self, root: str | None) -> None:
        self.root = os.path.realpath(root) if root else None
        self.registry = load_registry()
        #: real path -> loaded zone, for every zone file of the workspace (context ones too)
        self.zones: dict[str, object] = {}
        #: real path -> the zone's owner index, built the first time a lint looks into the zone
        #: and kept until the zone is loaded again (a large zone is indexed once, not per lint)
        self.kept: dict[str, KeptIndex] = {}
        self.config = None
        self.config_error: str | None = None
        self._included: set[str] = set()
        self.reload()

    # -- the workspace's zones, loaded once ------------------------------------------------------
    def reload(self) -> None:
        """Read the config again and load every zone of the workspace."""
        self.zones.clear()
        self.kept.clear()
        self.config_error = None
        try:
            # the environment's ZONELINT_* settings apply as for the CLI (zonelint.limits)
            self.config = apply_trusted(load_config(cwd=self.root), {}, os.environ) if self.root else None
        except ConfigError as e:
            self.config, self.config_error = None, str(e)
            return
        for path in self._discover():
            self._load(path)

    def _discover(self) -> list[str]:
        if self.config is None or self.root is None:
            return []
        config = self.config
        paths = list(discover([self.root], config, self.root).files)
        paths += context_files(config.context, config.root, config.root, config.allow_include_outside)[0]
        out, seen = [], set()
        for p in paths:
            real = os.path.realpath(p)
            if real not in seen:
                seen.add(real)
                out.append(p)
        return out

    def _load(self, path: str) -> None:
        real = os.path.realpath(path)
        opts = RunOptions(paths=[path], cwd=self.root)
        try:
            lz = load_one(path, False, self.config, opts, load_options(self.config, self.root))
        except OSError:
            self.zones.pop(real, None)
            self.kept.pop(real, None)
        else:
            self.zones[real] = lz
            self.kept[real] = KeptIndex()
        self._included = {inc for lz in self.zones.values() for inc in lz.includes}

    def refresh(self, changed: list[str]) -> None:
        """Files changed, appeared or vanished on disk: reload them (everything when one is a
        config file), and pick up new zone files and drop deleted ones."""
        if any(os.path.basename(p) in CONFIG_NAMES for p in changed):
            self.reload()
            return
        if self.config is None:
            return
        current = {os.path.realpath(p): p for p in self._discover()}
        for real in [r for r in self.zones if r not in current]:
            del self.zones[real]
            self.kept.pop(real, None)
        changed_real = {os.path.realpath(p) for p in changed}
        for real, path in current.items():
            if real not in self.zones or real in changed_real or self._includes_any(real, changed_real):
                self._load(path)
        self._included = {inc for lz in self.zones.values() for inc in lz.includes}

    def _includes_any(self, real: str, changed: set[str]) -> bool:
        lz = self.zones.get(real)
        return lz is not None and any(inc in changed for inc in lz.includes)

    def contains(self, path: str) -> bool:
        if self.root is None:
            return False
        real = os.path.realpath(path)
        return real == self.root or real.startswith(self.root + os.sep)

    # -- one buffer --------------------------------------------------------------------------
    def lint(self, path: str, text: bytes) -> BufferResult:
        """Lint ``text`` as the file ``path``, against the other zones of the workspace."""
        result = BufferResult(messages=list(self.registry.messages))
        inside = self.contains(path)
        try:
            if inside:
                if self.config_error is not None:
                    result.messages.append(self.config_error)
                    return result
                config, cwd, others = self.config, self.root, self.zones
                if config.exclude and matches(os.path.relpath(os.path.abspath(path), config.root), config.exclude):
                    return result  # the CLI would not lint it either
            else:  # a file outside the workspace: its own config, no other zones
                cwd = os.path.dirname(os.path.abspath(path))
                config, others = apply_trusted(load_config(cwd=cwd), {}, os.environ), {}
            rules = make_rules(self.registry, config, SelectionLevel())
        except ConfigError as e:
            result.messages.append(str(e))
            return result
        real = os.path.realpath(path)
        opts = RunOptions(paths=[path], cwd=cwd, sources={path: text})
        lz = load_one(path, True, config, opts, load_options(config, cwd))
        result.fixable = not any(p.code in PARSE_PROBLEMS for p in lz.problems)
        zone = Zone(origin=lz.origin, file=lz.file, records=lz.records, problems=lz.problems, files=lz.files,
                    view=view_of(path, config))
        graph = LazyRecordGraph()
        graph.add_zone(zone)
        for other_real, other in others.items():
            if other_real == real or other_real in self._included:
                continue  # the buffer replaces its file; included files belong to their zone
            kept = self.kept.get(other_real)
            graph.add_lazy(other.origin, lambda other=other: other, kept=kept).view = view_of(other_real, config)
        if any(getattr(r, "needs_git_base", False) for r in rules):
            from .gitbase import attach_bases, choose_base

            ref = choose_base(None, config.serial_base)
            if ref:
                attach_bases([zone], ref)
        done = run_rules(graph, rules, [zone], config.profile, [config.severity])
        result.findings = [f for f in done.findings if f.file is lz.file]
        return result
