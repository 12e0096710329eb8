"""Which rules run, with which options.

Selection follows ruff. Levels are applied in order (config, then command line); at each level a
``select`` replaces the set, ``extend-select`` adds, ``ignore`` removes; codes may be prefixes
(``ZL2``), and within one level the longest matching prefix decides. ``ALL`` selects everything.
Rule names are accepted wherever codes are. An unknown code is a configuration error, unless a
plugin failed to load (the code may be one of its rules): then it is a warning.
"""

from __future__ import annotations

from collections.abc import Iterable

from .config import Config, ConfigError
from .plugins import Registry
from .report.model import INTERNAL_ERROR
from .rule import Rule
from .values import Value


class SelectionLevel(Value):
    """One level of rule selection (config file, command line): ``select`` replaces what the
    levels below chose (``None``: it does not), ``extend_select`` adds, ``ignore`` removes."""

    __slots__ = ("select", "extend_select", "ignore")

    def __init__(self, select: list[str] | None = None, extend_select: list[str] | None = None,
                 ignore: list[str] | None = None) -> None:
        self.select = select
        self.extend_select = [] if extend_select is None else extend_select
        self.ignore = [] if ignore is None else ignore


def _longest_match(code: str, selectors: Iterable[str]) -> int:
    best = -1
    for s in selectors:
        s_up = s.upper()
        if s_up == "ALL":
            best = max(best, 0)
        elif code.startswith(s_up):
            best = max(best, len(s_up))
    return best


def unknown_selectors(registry: Registry, selectors: Iterable[str]) -> list[str]:
    """Selectors that match no rule code (nor rule name)."""
    out = []
    for s in selectors:
        s_up = s.upper()
        if s_up == "ALL" or s_up == INTERNAL_ERROR:
            continue
        if any(code.startswith(s_up) for code in registry.rules) or registry.by_name(s):
            continue
        out.append(s)
    return out


def _normalise(registry: Registry, selectors: Iterable[str]) -> list[str]:
    """Rule names are accepted wherever codes are."""
    out = []
    for s in selectors:
        cls = registry.by_name(s)
        out.append(cls.code if cls is not None else s)
    return out


def select_rules(registry: Registry, levels: Iterable[SelectionLevel]) -> list[type[Rule]]:
    """The rules enabled after applying each selection level in order."""
    enabled = set(registry.rules)
    for level in levels:
        select = _normalise(registry, level.select) if level.select is not None else None
        extend = _normalise(registry, level.extend_select)
        ignore = _normalise(registry, level.ignore)
        new = set()
        for code in registry.rules:
            sel = _longest_match(code, (select or []) + extend)
            ign = _longest_match(code, ignore)
            keep = code in enabled if select is None else False
            if sel >= 0:
                keep = True
            if ign >= 0 and ign >= sel:
                keep = False
            if keep:
                new.add(code)
        enabled = new
    return [registry.rules[c] for c in sorted(enabled)]


def nothing_judges_served(rules: list[Rule], sources: str) -> str | None:
    """The note for a run whose every reported source was served by a DNS server (``sources``:
    how to name them) when every selected rule judges zone files only (``judges_served_data``
    False): nothing would be checked, and an empty report must not pass for a clean one. None
    when some selected rule judges served data (or none is selected)."""
    if not rules or any(getattr(r, "judges_served_data", True) for r in rules):
        return None
    codes = sorted(r.code for r in rules)
    shown = ", ".join(codes[:4]) + (f" and {len(codes) - 4} more" if len(codes) > 4 else "")
    return (f"the rules selected ({shown}) judge zone files only, not the records {sources}: nothing "
            "was checked")


def make_rules(registry: Registry, config: Config, selection: SelectionLevel,
               severity: dict[str, str] | None = None) -> list[Rule]:
    """Select rules and instantiate them with validated options. ``severity``: the command
    line's ``--severity`` map, whose codes are checked as the config's are."""
    levels = [
        SelectionLevel(config.select, config.extend_select, config.ignore),
        selection,
    ]
    for level in levels:
        for sel in unknown_selectors(
            registry, (level.select or []) + level.extend_select + level.ignore
        ):
            _unknown_code(registry, sel)
    for sel in unknown_selectors(registry, config.severity):
        _unknown_code(registry, sel, where="the config's severity table")
    for sel in unknown_selectors(registry, severity or {}):
        _unknown_code(registry, sel, where="--severity")
    classes = select_rules(registry, levels)
    options_by_code: dict[str, dict] = {}
    for key, table in config.rules.items():
        cls = registry.lookup(key)
        if cls is None:
            _unknown_code(registry, key, where=f"the config's rules.{key} table")
            continue
        declared = cls.options
        validated = {}
        for opt, value in table.items():
            if opt not in declared:
                from .suggest import did_you_mean

                known = ", ".join(sorted(declared)) or "none"
                raise config.error(
                    f"rule {cls.code} ({cls.name}) has no option '{opt}' (its options: {known})"
                    f"{did_you_mean(opt, declared)}"
                )
            try:
                validated[opt] = declared[opt].validate(value, f"rules.{cls.code}.{opt}")
            except ValueError as e:
                raise config.error(f"option {e}") from None
        options_by_code[cls.code] = validated
    rules = []
    for cls in classes:
        try:
            rules.append(cls(options_by_code.get(cls.code)))
        except (ValueError, TypeError) as e:
            raise config.error(f"rule {cls.code} ({cls.name}): invalid options: {e}") from None
        except ConfigError as e:  # the rule's own check of an option value
            raise config.error(str(e)) from None
    return rules


def _unknown_code(registry: Registry, code: str, where: str = "") -> None:
    if registry.failed or registry.ignored:
        failed = ", ".join(f"'{n}'" for n in [*registry.failed, *registry.ignored])
        registry.messages.append(
            f"unknown rule code '{code}'{' in ' + where if where else ''}: it may belong to a "
            f"plugin that failed to load or was skipped ({failed}, see above); ignored"
        )
        return
    raise ConfigError(
        f"unknown rule code or name '{code}'{' in ' + where if where else ''}"
        f"{suggest_code(registry, code)} (see `zonelint rules` for the list)"
    )


def suggest_code(registry: Registry, code: str) -> str:
    """`` (did you mean ZL602?)`` for a misspelt rule code or name, or ``""``."""
    from .suggest import did_you_mean

    known = list(registry.rules) + [cls.name for cls in registry.rules.values()]
    return did_you_mean(code, known)
