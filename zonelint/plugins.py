"""Rule discovery through pluggy: built-in rules and third-party plugins alike.

Every plugin, the built-in ``zonelint.rules`` included, is an entry point in the ``zonelint``
group. Each is loaded on its own, and a plugin that is installed but cannot be loaded fails the
run closed: one that fails to import, declares an incompatible ``ZONELINT_API_VERSION``, raises
in its hook, implements no zonelint hook (or a misspelt one), or returns a rule with bad metadata
or a code or name already taken is recorded in :attr:`Registry.failed`; the run then exits 2 with
one line naming the plugin and why (a gate must not pass a zone because the rules that would
have judged it are missing). ``--ignore-plugin NAME`` (or ``ZONELINT_IGNORE_PLUGIN``) skips a
plugin on purpose; :mod:`zonelint.testing` raises :class:`PluginError` with the same lines.
"""

from __future__ import annotations

import pluggy

from . import hookspecs
from .rule import Rule
from .values import Value

BUILTIN = "builtin"
#: environment variable naming plugins to skip (comma-separated), as ``--ignore-plugin``
IGNORE_ENV = "ZONELINT_IGNORE_PLUGIN"


class PluginError(Exception):
    """An installed plugin cannot be loaded (raised by :mod:`zonelint.testing`)."""


class Registry(Value):
    """The rules available in this run, and what went wrong while loading plugins."""

    __slots__ = ("rules", "plugins", "distributions", "failed", "messages", "ignored")

    def __init__(self) -> None:
        self.rules: dict[str, type[Rule]] = {}
        #: plugin name -> its version (distribution version, or "" when unknown)
        self.plugins: dict[str, str] = {}
        #: plugin name -> the distribution that provides it (its metadata: ``zonelint.docurls``)
        self.distributions: dict[str, object] = {}
        #: plugin name -> why it could not be loaded (any entry fails the run: exit 2)
        self.failed: dict[str, str] = {}
        #: human-readable warnings about plugins (printed on stderr)
        self.messages: list[str] = []
        #: plugins skipped on purpose (``--ignore-plugin``)
        self.ignored: list[str] = []

    def fail(self, plugin: str, reason: str) -> None:
        """Record why ``plugin`` cannot be loaded (several reasons are joined)."""
        self.failed[plugin] = f"{self.failed[plugin]}; {reason}" if plugin in self.failed else reason

    def failure_lines(self) -> list[str]:
        """One line per plugin that cannot be loaded, naming it, why, and the way out."""
        return [
            f"plugin '{name}' cannot be loaded: {why} (fix or uninstall it, or skip it on "
            f"purpose with --ignore-plugin {name})"
            for name, why in self.failed.items()
        ]

    def by_name(self, name: str) -> type[Rule] | None:
        for cls in self.rules.values():
            if cls.name == name:
                return cls
        return None

    def lookup(self, code_or_name: str) -> type[Rule] | None:
        return self.rules.get(code_or_name.upper()) or self.by_name(code_or_name)

    def sorted(self) -> list[type[Rule]]:
        return [self.rules[c] for c in sorted(self.rules, key=lambda c: (c[:-3], c[-3:]))]


def _entry_points() -> list:
    eps = _scan_entry_points(hookspecs.PROJECT)
    if eps is None:  # something on sys.path only importlib.metadata can read (a zip, an egg)
        from importlib.metadata import entry_points

        eps = list(entry_points(group=hookspecs.PROJECT))
    # built-in first, so a plugin can never take over a built-in code or name
    eps.sort(key=lambda ep: (ep.name != BUILTIN, ep.name))
    return eps


class _Dist:
    """The distribution of an entry point found by :func:`_scan_entry_points` (its version)."""

    def __init__(self, folder: str, version: str) -> None:
        self.folder, self._version = folder, version

    @property
    def version(self) -> str:
        if self._version:
            return self._version
        import os

        for meta in ("METADATA", "PKG-INFO"):
            try:
                with open(os.path.join(self.folder, meta), encoding="utf-8", errors="replace") as f:
                    for line in f:
                        if line.startswith("Version:"):
                            return line[8:].strip()
                        if not line.strip():
                            break
            except OSError:
                continue
        return ""


class _EntryPoint:
    """``importlib.metadata.EntryPoint``'s part zonelint uses: name, value, dist, load()."""

    def __init__(self, name: str, value: str, dist: _Dist) -> None:
        self.name, self.value, self.dist = name, value, dist

    def load(self):
        import importlib

        module, _, attr = self.value.partition(":")
        obj = importlib.import_module(module.strip())
        for part in attr.strip().split(".") if attr.strip() else ():
            obj = getattr(obj, part)
        return obj


def _scan_entry_points(group: str) -> list | None:
    """The entry points of ``group``, read straight from the ``entry_points.txt`` of every
    ``*.dist-info``/``*.egg-info`` folder on ``sys.path`` (first distribution of a name wins, as
    with ``importlib.metadata``). A few milliseconds instead of the ~40 ms importlib.metadata
    costs to import and scan a full site-packages: this runs on every start, pre-commit included.
    ``None`` when a ``sys.path`` entry is a file (a zip), which only importlib.metadata reads."""
    import os
    import sys

    found: list = []
    seen: set[str] = set()
    header = f"[{group}]"
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except NotADirectoryError:
            return None
        except OSError:
            continue
        for n in names:
            if n.endswith(".dist-info"):
                stem = n[:-10]
            elif n.endswith(".egg-info"):
                stem = n[:-9]
            else:
                continue
            dist_name, _, version = stem.partition("-")
            key = dist_name.lower().replace("-", "_").replace(".", "_")
            if key in seen:
                continue
            seen.add(key)
            path = os.path.join(folder, n)
            try:
                with open(os.path.join(path, "entry_points.txt"), encoding="utf-8") as f:
                    text = f.read()
            except OSError:
                continue
            if header not in text:
                continue
            section = None
            for raw in text.splitlines():
                line = raw.strip()
                if not line or line[0] in "#;":
                    continue
                if line.startswith("[") and line.endswith("]"):
                    section = line[1:-1].strip()
                    continue
                if section == group and "=" in line:
                    name, _, value = line.partition("=")
                    found.append(_EntryPoint(name.strip(), value.strip(), _Dist(path, version.split("-")[0])))
    return found


def ignored_from_env(environ) -> list[str]:
    """The plugin names of ``ZONELINT_IGNORE_PLUGIN`` (comma-separated)."""
    return [n.strip() for n in environ.get(IGNORE_ENV, "").split(",") if n.strip()]


def load_registry(
    extra_plugins: list[tuple[str, object]] | None = None,
    blocked: tuple[str, ...] | list[str] = (),
    installed: bool = True,
) -> Registry:
    """Load every plugin and collect its rules. ``extra_plugins`` (name, module-or-object) pairs are
    registered after the entry points (used by ``zonelint.testing``). Plugins named in
    ``blocked`` (``--ignore-plugin``) are not even imported. With ``installed=False`` only the
    built-in rules are loaded from the entry points, no other installed plugin (``zonelint.testing``:
    a plugin's tests see its own rules and the built-in ones, whatever else is installed)."""
    reg = Registry()
    blocked = tuple(blocked)
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    eps = _entry_points()
    if not installed:
        eps = [ep for ep in eps if ep.name == BUILTIN]
    if not any(ep.name == BUILTIN for ep in eps):
        # zonelint itself is not installed (run from a checkout on sys.path): its rules live in
        # rules/, which only the installed package maps to zonelint.rules
        reg.fail(
            BUILTIN,
            "zonelint's built-in rules are not installed (no 'builtin' entry point in the "
            f"'{hookspecs.PROJECT}' group): install zonelint with pip (`pip install -e .` in a checkout)",
        )
    candidates: list[tuple[str, object, str, object]] = []
    for ep in eps:
        if ep.name in blocked:
            reg.ignored.append(ep.name)
            continue
        version = getattr(getattr(ep, "dist", None), "version", "") or ""
        try:
            obj = ep.load()
        except BaseException as e:  # noqa: BLE001 - a broken plugin must not stop the run
            if isinstance(e, KeyboardInterrupt):
                raise
            reg.fail(ep.name, f"failed to import {ep.value!r}: {type(e).__name__}: {e}")
            continue
        candidates.append((ep.name, obj, version, getattr(ep, "dist", None)))
    for name, obj in extra_plugins or []:
        if name in blocked:
            reg.ignored.append(name)
            continue
        candidates.append((name, obj, "", None))
    for name, obj, version, dist in candidates:
        declared = getattr(obj, "ZONELINT_API_VERSION", None)
        if declared != hookspecs.API_VERSION:
            reason = (
                f"declares ZONELINT_API_VERSION = {declared!r}, but this zonelint provides plugin API "
                f"version {hookspecs.API_VERSION}"
            )
            if declared is None:
                reason = (
                    "declares no ZONELINT_API_VERSION (add `ZONELINT_API_VERSION = "
                    f"{hookspecs.API_VERSION}` to the plugin module)"
                )
            reg.fail(name, reason)
            continue
        try:
            pm.register(obj, name=name)
        except Exception as e:  # pluggy validation errors (bad hook signatures, ...)
            reg.fail(name, f"cannot be registered: {e}")
            continue
        reg.plugins[name] = version
        if dist is not None:
            reg.distributions[name] = dist
        _check_hooks(reg, pm, name, obj)
    for impl in pm.hook.zonelint_rules.get_hookimpls():
        plugin = impl.plugin_name
        try:
            provided = impl.function()
            provided = list(provided or [])
        except (Exception, SystemExit) as e:  # noqa: BLE001 - sys.exit() in a hook must not end the run
            reg.fail(plugin, f"zonelint_rules() raised {type(e).__name__}: {e}")
            reg.plugins.pop(plugin, None)
            continue
        for cls in provided:
            _add_rule(reg, plugin, cls)
    for name in dict.fromkeys(blocked):
        if name not in reg.ignored:
            reg.messages.append(f"--ignore-plugin {name}: no plugin of that name is installed")
    return reg


def _check_hooks(reg: Registry, pm: pluggy.PluginManager, name: str, obj: object) -> None:
    """Say so when a plugin implements a hook zonelint does not define (a typo such as
    ``zonelint_rule`` would otherwise be ignored silently), or no zonelint hook at all."""
    callers = pm.get_hookcallers(obj) or []
    for caller in callers:
        own = [i for i in caller.get_hookimpls() if i.plugin is obj]
        if caller.spec is None and not all(i.optionalhook for i in own):
            reg.fail(name, f"hook '{caller.name}' is not a zonelint hook (see zonelint.hookspecs)")
    if not any(c.spec is not None for c in callers):
        reg.fail(name, "it provides nothing: it implements no zonelint hook (`@hookimpl def zonelint_rules()`)")


def _add_rule(reg: Registry, plugin: str, cls: object) -> None:
    if not (isinstance(cls, type) and issubclass(cls, Rule)):
        reg.fail(plugin, f"{cls!r} is not a zonelint.Rule subclass")
        return
    errors = cls.metadata_errors(documentation=False)  # documentation gaps are for its tests
    label = getattr(cls, "code", cls.__name__)
    if not errors:
        try:  # a rule that cannot even be created with its defaults would crash every run
            cls(None)
        except (Exception, SystemExit) as e:  # noqa: BLE001
            errors = [f"creating it with default options raised {type(e).__name__}: {e}"]
    if errors:
        reg.fail(plugin, f"rule {label}: {'; '.join(errors)}")
        return
    if cls.code in reg.rules:
        other = reg.rules[cls.code]
        reg.fail(
            plugin,
            f"rule {cls.code} ({cls.name}): code {cls.code} is already taken by plugin "
            f"'{other.plugin}' ({other.name})",
        )
        return
    other = reg.by_name(cls.name)
    if other is not None:
        reg.fail(
            plugin,
            f"rule {cls.code}: name '{cls.name}' is already taken by {other.code} of plugin "
            f"'{other.plugin}'",
        )
        return
    cls.plugin = plugin
    reg.rules[cls.code] = cls
