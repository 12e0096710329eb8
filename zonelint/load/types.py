"""Plain result and option types of zone loading, shared by the reference reader
(:mod:`zonelint.load.reader`, dnspython-based) and the fast scanner (:mod:`zonelint.load.scanner`).

Kept free of dnspython so that a run the scanner handles alone never imports it.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from ..model import Problem, Record, SourceFile
from ..values import Value


class LoadOptions(Value):
    """How to load: where ``$INCLUDE`` may look and how much ``$GENERATE`` may produce.
    ``lint_root``: real path of the lint root (includes must stay inside unless allowed);
    ``include_path``: extra folders searched by ``$INCLUDE``; ``budget``: the run-wide budget of
    records and octets made by ``$GENERATE`` and repeated ``$INCLUDE`` (one object shared by every
    load of the run in this process; None: :class:`ExpansionBudget`'s defaults, fresh for each
    load); ``on_records``: called about every 65536 lines with the number of records loaded so
    far (progress bar)."""

    __slots__ = ("lint_root", "include_path", "allow_include_outside", "max_generate",
                 "max_include_depth", "cwd", "budget", "on_records")

    def __init__(self, lint_root: str, include_path: list[str] | None = None,
                 allow_include_outside: bool = False, max_generate: int = 65536,
                 max_include_depth: int = 16, cwd: str | None = None,
                 budget: "ExpansionBudget | None" = None,
                 on_records: Callable[[int], None] | None = None) -> None:
        self.lint_root = lint_root
        self.include_path = [] if include_path is None else include_path
        self.allow_include_outside = allow_include_outside
        self.max_generate = max_generate
        self.max_include_depth = max_include_depth
        self.cwd = os.getcwd() if cwd is None else cwd
        self.budget = budget
        self.on_records = on_records

    @property
    def confine_to(self) -> str | None:
        """The resolved folder every file read must lie in (None when allowed outside)."""
        return None if self.allow_include_outside else os.path.realpath(self.lint_root)


#: what reading a file again costs, in records, besides its lines (a repeated ``$INCLUDE``)
REREAD_RECORDS = 64


class ExpansionBudget:
    """What ``$GENERATE`` and repeated ``$INCLUDE`` of one file may still add in the whole run:
    ``records`` and ``octets`` (of record data). A ``$GENERATE`` line counts its records and the
    length of its expanded rdata template for each; an ``$INCLUDE`` of a file already included
    in the run counts as many records as the file has lines plus :data:`REREAD_RECORDS` (reading
    a file again costs about that much, however short it is) and as many octets as it has bytes,
    bounds known before it is read. A directive that would overdraw the budget is not expanded
    and costs nothing (``ZL010`` at its line, for the first one of each zone file); the run goes
    on."""

    def __init__(self, records: int, octets: int) -> None:
        self.records = records
        self.octets = octets
        self.limits = (records, octets)
        #: real paths of the files ``$INCLUDE``\ d so far in the run
        self.included: set[str] = set()

    def charge(self, records: int, octets: int) -> str | None:
        """Take ``records`` and ``octets``; ``None`` when the budget allows it, else why not
        (and nothing is taken)."""
        if records <= self.records and octets <= self.octets:
            self.records -= records
            self.octets -= octets
            return None
        # what is left is not named: it depends on the order the run (or a -j worker) loads its
        # files in, and the same run must word a finding the same way with -j 1 and -j 2
        max_records, max_octets = self.limits
        if records > self.records:
            return (
                f"{records} more records, but the run-wide budget of max-expanded-records "
                f"{max_records} has less left"
            )
        return (
            f"{octets} more octets of record data, but the run-wide budget of "
            f"max-expanded-octets {max_octets} has less left"
        )


class LoadedZone(Value):
    """The result of loading one zone file."""

    # "__dict__": a caller may note more on it (the scanner differential test does)
    __slots__ = ("file", "origin", "records", "problems", "includes", "files", "__dict__")

    def __init__(self, file: SourceFile, origin: str | None, records: list[Record],
                 problems: list[Problem], includes: list[str], files: list[SourceFile]) -> None:
        self.file = file  # the top-level file
        self.origin = origin  # zone origin (absolute text); None if unknown (then a ZL006 exists)
        self.records = records  # in-zone records in file order (includes expanded in place)
        self.problems = problems  # ZL001/ZL002/ZL003/ZL005/ZL006, in order
        self.includes = includes  # real paths of every file reached through $INCLUDE
        self.files = files  # top-level file first, then every included file


#: loader problems that make ``--fix`` leave every file of the zone alone: a parse error, a
#: refused ``$INCLUDE`` or ``$GENERATE`` (what the file means is then not known for sure)
PARSE_PROBLEMS = frozenset({"ZL001", "ZL002", "ZL003"})


def unparsable_files(loaded) -> set[str]:
    """Real paths of every file of the loaded zones (:class:`LoadedZone`) whose load had a
    parse-class problem (:data:`PARSE_PROBLEMS`): ``--fix`` leaves them alone."""
    out: set[str] = set()
    for lz in loaded:
        if any(p.code in PARSE_PROBLEMS for p in lz.problems):
            out.update(os.path.realpath(f.path) for f in lz.files)
    return out
