"""Settings that guard the gate: confinement and the limits of loading.

In CI the config file is part of the pull request being judged, so a config file may only
*tighten* these: ``allow-include-outside = true`` or a limit above its default in a config file
is a :class:`~zonelint.config.ConfigError` naming the key and the file (exit 2). They are lifted
only on the command line or in the environment (``ZONELINT_...``), where the CI definition shows
them. Each limit also has a hard ceiling that nothing lifts.
"""

from __future__ import annotations

from .values import FrozenValue


class Limit(FrozenValue):
    __slots__ = ("key", "attr", "default", "ceiling", "bounds")

    def __init__(self, key: str, attr: str, default: int, ceiling: int, bounds: str) -> None:
        self.key = key  # config key and command-line flag (--KEY)
        self.attr = attr  # Config / LoadOptions attribute
        self.default = default
        self.ceiling = ceiling  # nothing lifts a limit above this
        self.bounds = bounds  # what the limit bounds, for help texts and errors

    @property
    def env(self) -> str:
        return env_name(self.key)

    @property
    def flag(self) -> str:
        return f"--{self.key}"


def env_name(key: str) -> str:
    return "ZONELINT_" + key.upper().replace("-", "_")


LIMITS: tuple[Limit, ...] = (
    Limit("max-generate", "max_generate", 65536, 1_048_576, "records one $GENERATE line may produce"),
    # each include level costs a handful of Python frames: 64 stays far below the recursion limit
    Limit("max-include-depth", "max_include_depth", 16, 64, "how deep $INCLUDE may nest"),
    Limit(
        "max-expanded-records", "max_expanded_records", 200_000, 10_000_000,
        "records made by $GENERATE and by repeated $INCLUDE of a file, in the whole run",
    ),
    Limit(
        "max-expanded-octets", "max_expanded_octets", 16 << 20, 1 << 30,
        "octets of record data made by $GENERATE and by repeated $INCLUDE, in the whole run",
    ),
)
BY_KEY = {lim.key: lim for lim in LIMITS}

#: the one boolean that lifts confinement
ALLOW_OUTSIDE = "allow-include-outside"
#: plugins skipped on purpose (comma-separated in the environment)
IGNORE_PLUGIN = "ignore-plugin"


def loosened_in_file(key: str, value) -> str | None:
    """Why ``key = value`` in a config file would loosen the gate, or None when it does not."""
    if key == ALLOW_OUTSIDE and value is True:
        return "it lifts the confinement of $INCLUDE and context to the lint root"
    lim = BY_KEY.get(key)
    if lim is not None and isinstance(value, int) and value > lim.default:
        return f"it raises a limit above its default {lim.default} ({lim.bounds})"
    return None


def parse_env_bool(name: str, raw: str) -> bool:
    v = raw.strip().lower()
    if v in ("1", "true", "yes", "on"):
        return True
    if v in ("", "0", "false", "no", "off"):
        return False
    raise ValueError(f"environment variable {name} must be 1/true or 0/false, got {raw!r}")


def parse_int(where: str, raw: str) -> int:
    try:
        v = int(raw.strip(), 10) if len(raw.strip()) <= 20 else None
    except ValueError:
        v = None
    if v is None or v < 0:
        raise ValueError(f"{where} must be a non-negative integer, got {raw!r}")
    return v


def check_ceiling(lim: Limit, value: int, where: str) -> None:
    if value > lim.ceiling:
        raise ValueError(
            f"{where} = {value} is above the hard ceiling {lim.ceiling} of {lim.key} "
            f"({lim.bounds}); nothing lifts it"
        )
