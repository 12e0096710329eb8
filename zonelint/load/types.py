"""Plain result and option types of zone loading, shared by the reference reader
(:mod:`zonelint.load.reader`, dnspython-based) and the fast scanner (:mod:`zonelint.load.scanner`).

Kept free of dnspython so that a run the scanner handles alone never imports it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable

from ..model import Problem, Record, SourceFile


@dataclass
class LoadOptions:
    """How to load: where ``$INCLUDE`` may look and how much ``$GENERATE`` may produce."""

    lint_root: str  # real path of the lint root; includes must stay inside unless allowed
    include_path: list[str] = field(default_factory=list)  # extra folders searched by $INCLUDE
    allow_include_outside: bool = False
    max_generate: int = 65536
    max_include_depth: int = 16
    cwd: str = field(default_factory=os.getcwd)
    #: called about every 65536 lines with the number of records loaded so far (progress bar)
    on_records: Callable[[int], None] | None = None


@dataclass
class LoadedZone:
    """The result of loading one zone file."""

    file: SourceFile  # the top-level file
    origin: str | None  # zone origin (absolute text); None if unknown (then a ZL006 exists)
    records: list[Record]  # in-zone records in file order (includes expanded in place)
    problems: list[Problem]  # ZL001/ZL002/ZL003/ZL005/ZL006, in order
    includes: list[str]  # real paths of every file reached through $INCLUDE
    files: list[SourceFile]  # top-level file first, then every included file
