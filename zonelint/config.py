"""Configuration: ``[tool.zonelint]`` in ``pyproject.toml`` or ``.zonelint.toml`` (same keys at top level).

Discovery walks up from the current directory; in each folder ``.zonelint.toml`` wins over a
``pyproject.toml`` that has a ``[tool.zonelint]`` table. ``--config FILE`` names the file,
``--no-config`` ignores all. Every key is validated: an unknown key or a wrong type is a
:class:`ConfigError` (exit 2).

The *lint root* (include confinement, repository-relative paths in CI formats, ``context`` globs)
is the config file's folder, else the git top level, else the current directory.

A config file may tighten but never loosen the gate (:mod:`zonelint.limits`): ``allow-include-outside``
and limits above their defaults come only from the command line or ``ZONELINT_...`` variables
(:func:`apply_trusted`).
"""

from __future__ import annotations

import os

from . import limits
from .model import SEVERITIES
from .values import Value

TYPE_CHECKING = False  # typing.TYPE_CHECKING: typing is not imported at start-up
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

DEFAULT_INCLUDE = ["*.zone", "*.db", "db.*"]
PROFILES = ("default", "timplus")


class ConfigError(Exception):
    """A configuration or usage error: reported as one clear line, exit code 2."""


class Config(Value):
    """The settings of a run as the config file gives them (``path``: the file read, ``None``:
    none), before the command line overrides them. ``external``: code prefixes of plugins that
    may be absent (a noqa naming them is never reported, ZL008); ``views``: view name -> globs
    (relative to the lint root) of the files in that view (split-horizon repositories; a file in
    no view is visible from every view, see ``zonelint.views``); ``rules``: rule code (or name)
    -> option table, validated against the rule's declared options later; ``table``: how
    messages name the file's table (``"[tool.zonelint] "`` in a ``pyproject.toml``, else "")."""

    __slots__ = (
        "path", "root", "select", "extend_select", "ignore", "severity", "fail_on", "profile",
        "include", "exclude", "origins", "include_path", "allow_include_outside", "max_generate",
        "max_include_depth", "max_expanded_records", "max_expanded_octets", "context",
        "serial_base", "external", "views", "rules", "table",
    )

    def __init__(
        self,
        path: str | None = None,
        root: str | None = None,
        select: list[str] | None = None,
        extend_select: list[str] | None = None,
        ignore: list[str] | None = None,
        severity: dict[str, str] | None = None,
        fail_on: str = "warning",
        profile: str | None = None,
        include: list[str] | None = None,
        exclude: list[str] | None = None,
        origins: dict[str, str] | None = None,
        include_path: list[str] | None = None,
        allow_include_outside: bool = False,
        max_generate: int = 65536,
        max_include_depth: int = 16,
        max_expanded_records: int = limits.BY_KEY["max-expanded-records"].default,
        max_expanded_octets: int = limits.BY_KEY["max-expanded-octets"].default,
        context: list[str] | None = None,
        serial_base: str | None = None,
        external: list[str] | None = None,
        views: dict[str, list[str]] | None = None,
        rules: dict[str, dict[str, Any]] | None = None,
        table: str = "",
    ) -> None:
        self.path = path
        self.root = os.getcwd() if root is None else root
        self.select = select
        self.extend_select = [] if extend_select is None else extend_select
        self.ignore = [] if ignore is None else ignore
        self.severity = {} if severity is None else severity
        self.fail_on = fail_on
        self.profile = profile
        self.include = list(DEFAULT_INCLUDE) if include is None else include
        self.exclude = [] if exclude is None else exclude
        self.origins = {} if origins is None else origins
        self.include_path = [] if include_path is None else include_path
        self.allow_include_outside = allow_include_outside
        self.max_generate = max_generate
        self.max_include_depth = max_include_depth
        self.max_expanded_records = max_expanded_records
        self.max_expanded_octets = max_expanded_octets
        self.context = [] if context is None else context
        self.serial_base = serial_base
        self.external = [] if external is None else external
        self.views = {} if views is None else views
        self.rules = {} if rules is None else rules
        self.table = table

    def error(self, message: str) -> ConfigError:
        """A :class:`ConfigError` about a value of this config, naming its file and table (as
        ``path: [tool.zonelint] message``); just ``message`` when no file was read."""
        if self.path is None:
            return ConfigError(message)
        return ConfigError(f"{self.path}: {self.table}{message}")


def _schema(fragment: dict[str, Any]):
    """Attach the JSON Schema of what a validator accepts (``zonelint.configschema`` builds
    ``docs/zonelint.schema.json`` from :data:`KEYS`, so the schema and the checks are one table)."""

    def attach(fn):
        fn.schema = fragment
        return fn

    return attach


@_schema({"type": "array", "items": {"type": "string"}})
def _list_of_str(key: str, v: Any) -> list[str]:
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ConfigError(f"'{key}' must be a list of strings, got {v!r}")
    return list(v)


@_schema({"enum": list(SEVERITIES)})
def _severity(key: str, v: Any) -> str:
    if v not in SEVERITIES:
        from .suggest import did_you_mean

        hint = did_you_mean(v, SEVERITIES) if isinstance(v, str) else ""
        raise ConfigError(f"'{key}' must be one of {', '.join(SEVERITIES)}, got {v!r}{hint}")
    return v


@_schema({"type": "object", "additionalProperties": {"type": "string"}})
def _table_of_str(key: str, v: Any) -> dict[str, str]:
    if not isinstance(v, dict) or not all(isinstance(x, str) for x in v.values()):
        raise ConfigError(f"'{key}' must be a table of strings, got {v!r}")
    return dict(v)


@_schema({"type": "object", "additionalProperties": {"enum": list(SEVERITIES)}})
def _severity_table(key: str, v: Any) -> dict[str, str]:
    return {c: _severity(f"{key}.{c}", s) for c, s in _table_of_str(key, v).items()}


@_schema({"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}})
def _views(key: str, v: Any) -> dict[str, list[str]]:
    if not isinstance(v, dict) or not all(
        isinstance(g, list) and all(isinstance(x, str) for x in g) for g in v.values()
    ):
        raise ConfigError(
            f"'{key}' must map each view name to a list of globs, e.g. "
            f'views = {{ internal = ["internal/**"] }}, got {v!r}'
        )
    return {str(name): list(globs) for name, globs in v.items()}


@_schema({"type": "boolean"})
def _bool(key: str, v: Any) -> bool:
    if not isinstance(v, bool):
        raise ConfigError(f"'{key}' must be true or false, got {v!r}")
    return v


@_schema({"type": "integer", "minimum": 0})
def _positive_int(key: str, v: Any) -> int:
    if not isinstance(v, int) or isinstance(v, bool) or v < 0:
        raise ConfigError(f"'{key}' must be a non-negative integer, got {v!r}")
    return v


@_schema({"enum": list(PROFILES)})
def _profile(key: str, v: Any) -> str:
    if v not in PROFILES:
        from .suggest import did_you_mean

        hint = did_you_mean(v, PROFILES) if isinstance(v, str) else ""
        raise ConfigError(f"'{key}' must be one of {', '.join(PROFILES)}, got {v!r}{hint}")
    return v


@_schema({"type": "string"})
def _str(key: str, v: Any) -> str:
    if not isinstance(v, str):
        raise ConfigError(f"'{key}' must be a string, got {v!r}")
    return v


#: the per-rule option tables are checked against each rule's declared options when the rules
#: are made (``runner.make_rules``); the schema adds the built-in rules' options (configschema)
@_schema({"type": "object", "additionalProperties": {"type": "object"}})
def _rules(key: str, v: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(v, dict) or not all(isinstance(t, dict) for t in v.values()):
        raise ConfigError(f"'{key}' must hold one table per rule, e.g. [tool.zonelint.rules.ZL201]")
    return {k: dict(t) for k, t in v.items()}


#: what only the command line (or the environment) may set: anything that opens the network
#: (issue 18: a repository must not make its own lint contact a server) -> where to set it
NETWORK_KEYS = {
    "tsig-key": "--tsig-key (or ZONELINT_TSIG_KEY)",
    "net-timeout": "--net-timeout (or ZONELINT_NET_TIMEOUT)",
    "resolve": "--resolve",
    "resolver": "--resolver",
    "compare": "--compare",
    "sources": "axfr:// paths",
}

#: config key -> (attribute, validator, what it means). The one table of every key: the loader
#: checks with it and ``docs/zonelint.schema.json`` is generated from it (zonelint.configschema).
KEYS = {
    "select": ("select", _list_of_str, "Rules to enable (codes, prefixes or names); replaces the default set (all rules)."),
    "extend-select": ("extend_select", _list_of_str, "Rules to enable in addition to select."),
    "ignore": ("ignore", _list_of_str, "Rules to disable (codes, prefixes or names)."),
    "severity": ("severity", _severity_table, "Rule code, prefix or name -> severity (error, warning or info)."),
    "fail-on": ("fail_on", _severity, "Lowest severity that makes the exit code 1 (default warning)."),
    "profile": ("profile", _profile, "Rule profile: default, or timplus (TIM+ requirements)."),
    "include": ("include", _list_of_str, "Which files a folder walk lints (globs; default *.zone, *.db, db.*)."),
    "exclude": ("exclude", _list_of_str, "Files never linted, also when named on the command line (globs relative to the config file's folder)."),
    "origins": ("origins", _table_of_str, "Zone file (relative to the config file's folder) -> its origin."),
    "include-path": ("include_path", _list_of_str, "Folders where $INCLUDE looks after the current and the including folder."),
    "allow-include-outside": ("allow_include_outside", _bool, "Must stay false in a config file: only --allow-include-outside or ZONELINT_ALLOW_INCLUDE_OUTSIDE=1 lets $INCLUDE and context read outside the lint root."),
    "max-generate": ("max_generate", _positive_int, "Larger $GENERATE ranges are refused with ZL003 (default 65536; a config file may only lower it)."),
    "max-include-depth": ("max_include_depth", _positive_int, "Deeper $INCLUDE nesting is refused with ZL002 (default 16; a config file may only lower it)."),
    "max-expanded-records": ("max_expanded_records", _positive_int, "Run-wide budget of records made by $GENERATE and repeated $INCLUDE (default 200000; a config file may only lower it)."),
    "max-expanded-octets": ("max_expanded_octets", _positive_int, "Run-wide budget of record-data octets made by $GENERATE and repeated $INCLUDE (default 16777216; a config file may only lower it)."),
    "context": ("context", _list_of_str, "Zones loaded for cross-zone checks only (globs relative to the config file's folder)."),
    "serial-base": ("serial_base", _str, "Git revision whose SOA serials ZL607 compares with, e.g. origin/main."),
    "views": ("views", _views, "View name -> globs (relative to the config file's folder) of the files in that view (split horizon): a zone's lookups see its own view and the zones in no view."),
    "external": ("external", _list_of_str, "Code prefixes of plugins that may be absent (e.g. [\"ACME\"]): a noqa naming such a code is never reported as unknown or unused (ZL008)."),
    "rules": ("rules", _rules, "Per-rule options: one table per rule code or name, e.g. [tool.zonelint.rules.ZL201]."),
}


def find_config(start: str) -> tuple[str, dict[str, Any]] | None:
    """Walk up from ``start``; return ``(path, table)`` of the first config found."""
    d = os.path.abspath(start)
    while True:
        dot = os.path.join(d, ".zonelint.toml")
        if os.path.isfile(dot):
            return dot, _read_toml(dot)
        pp = os.path.join(d, "pyproject.toml")
        if os.path.isfile(pp) and _may_hold_table(pp):
            data = _read_toml(pp)
            table = data.get("tool", {}).get("zonelint")
            if isinstance(table, dict):
                return pp, {"tool": {"zonelint": table}}
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


#: what a ``pyproject.toml`` holding a ``[tool.zonelint]`` table must contain: the dotted key
#: ``tool.zonelint`` (a table header, an array of tables or a dotted key, quoted or not, blanks
#: around the dot), a ``[tool]`` table (its key ``zonelint`` is then under it), ``tool`` as a key
#: with a value (an inline table), or a ``\\u``/``\\U`` escape (a quoted key may spell either
#: name with escapes)
_MAY_HOLD_TABLE = (
    rb"""tool["']?[ \t]*\.[ \t]*["']?zonelint|\[[ \t]*["']?tool["']?[ \t]*\]|tool["']?[ \t]*="""
    rb"""|\\[uU]"""
)


def _may_hold_table(path: str) -> bool:
    """False when the ``pyproject.toml`` at ``path`` cannot hold a ``[tool.zonelint]`` table
    (:data:`_MAY_HOLD_TABLE`): such a file, another project's met while walking up, is then not
    parsed (tomllib costs ~16 M instructions to import, 7% of a cold start). True when it may, or
    when it cannot be read (:func:`_read_toml` says why)."""
    import re

    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError:
        return True
    return re.search(_MAY_HOLD_TABLE, raw) is not None


def _read_toml(path: str) -> dict[str, Any]:
    import tomllib  # only when there is a config file to read (~6 ms of every start otherwise)

    from .confine import read_bytes

    try:
        # confined to its own folder (the lint root it defines): a regular file, never a link out
        raw = read_bytes(path, os.path.realpath(os.path.dirname(os.path.abspath(path))))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config: {e.strerror or e}") from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 (octet {e.start + 1})") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: arrays or tables nested too deeply") from None
    except MemoryError:
        raise ConfigError(f"{path}: invalid TOML: too large to read") from None
    except ValueError as e:  # e.g. an integer beyond Python's digit limit
        raise ConfigError(f"{path}: invalid TOML: {e}") from None


def git_toplevel(start: str) -> str | None:
    """The nearest folder at or above ``start`` that holds ``.git`` (no subprocess needed)."""
    d = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(d, ".git")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def load_config(explicit: str | None = None, no_config: bool = False, cwd: str | None = None) -> Config:
    """Find, read and validate the configuration."""
    cwd = cwd or os.getcwd()
    found: tuple[str, dict[str, Any]] | None = None
    if explicit:
        if not os.path.isfile(explicit):
            raise ConfigError(f"{explicit}: config file not found")
        data = _read_toml(explicit)
        if os.path.basename(explicit) == "pyproject.toml" or "tool" in data:
            table = data.get("tool", {}).get("zonelint")
            if not isinstance(table, dict):
                raise ConfigError(f"{explicit}: no [tool.zonelint] table")
            data = {"tool": {"zonelint": table}}
        found = (explicit, data)
    elif not no_config:
        found = find_config(cwd)
    cfg = Config()
    if found is None:
        cfg.root = git_toplevel(cwd) or os.path.abspath(cwd)
        return cfg
    path, data = found
    table = data["tool"]["zonelint"] if "tool" in data else data
    prefix = "[tool.zonelint] " if "tool" in data else ""
    cfg.path = os.path.abspath(path)
    cfg.root = os.path.dirname(cfg.path)
    cfg.table = prefix
    for key, value in table.items():
        if key in NETWORK_KEYS:
            raise ConfigError(
                f"{path}: {prefix}'{key}' is not allowed in a config file: the files being linted must not "
                f"make zonelint open the network; use {NETWORK_KEYS[key]} on the command line"
            )
        if key not in KEYS:
            from .suggest import did_you_mean

            known = ", ".join(sorted(KEYS))
            raise ConfigError(f"{path}: {prefix}unknown key '{key}' (known keys: {known}){did_you_mean(key, KEYS)}")
        attr, validate, _ = KEYS[key]
        try:
            value = validate(key, value)
        except ConfigError as e:  # name the file: in CI it may not be the one the author expects
            raise ConfigError(f"{path}: {prefix}{e}") from None
        if key == "context" and any("://" in v for v in value):
            raise ConfigError(
                f"{path}: {prefix}'context' names a network source ({next(v for v in value if '://' in v)}): "
                "the files being linted must not make zonelint open the network; use --context on the command line"
            )
        why = limits.loosened_in_file(key, value)
        if why is not None:
            lim = limits.BY_KEY.get(key)
            flag = lim.flag if lim else "--" + key
            raise ConfigError(
                f"{path}: {prefix}'{key}' = {_toml_value(value)} is not allowed in a config file: {why}, "
                f"and the files being linted must not loosen their own gate; set it on the command "
                f"line ({flag}) or in the environment ({limits.env_name(key)})"
            )
        setattr(cfg, attr, value)
    return cfg


def _toml_value(value: Any) -> str:
    return "true" if value is True else "false" if value is False else str(value)


def apply_trusted(cfg: Config, cli: dict[str, Any], environ: dict[str, str]) -> Config:
    """Lift or set the gate's settings from the command line (``cli``: config key -> value, None
    when not given) and the environment (``ZONELINT_ALLOW_INCLUDE_OUTSIDE``,
    ``ZONELINT_MAX_GENERATE``, ...), the command line winning. Nothing goes above a hard
    ceiling. Raises :class:`ConfigError` for a malformed value."""
    try:
        allow = cli.get(limits.ALLOW_OUTSIDE)
        name = limits.env_name(limits.ALLOW_OUTSIDE)
        if allow is None and name in environ:
            allow = limits.parse_env_bool(name, environ[name])
        if allow is not None:
            cfg.allow_include_outside = bool(allow)
        for lim in limits.LIMITS:
            value, where = cli.get(lim.key), lim.flag
            if value is None and lim.env in environ:
                value, where = limits.parse_int(f"environment variable {lim.env}", environ[lim.env]), lim.env
            if value is None:
                continue
            limits.check_ceiling(lim, value, where)
            setattr(cfg, lim.attr, value)
    except ValueError as e:
        raise ConfigError(str(e)) from None
    return cfg
