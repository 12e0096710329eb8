"""The state of one load, shared by the fast scanner and the reference reader.

:class:`ReaderState` is what a zone file's earlier lines decide for the next record: the zone
origin, the current ``$ORIGIN``, the last owner name, the last TTL written and the ``$TTL``
default. Its methods are the inheritance rules, written once here and used by both the scanner
and the reader (so a line the scanner hands over is read with exactly the state it left):

- a record without a TTL takes ``$TTL`` when there is one, else the last TTL written on a record
  (RFC 1035 §5.1), else the SOA minimum -- dnspython's ``Reader`` in RFC 2308 mode, where the
  last written TTL also beats a default that came from the SOA minimum;
- the first SOA read before any ``$TTL`` makes its minimum the default (pre-RFC 2308 behaviour
  kept by dnspython and BIND).

Names are kept as absolute text (``Name.to_text()``), so the scanner never needs dnspython.

:class:`LoadSession` is one load: its options, its results (records, problems, files read) and
the ``$INCLUDE`` chain, plus how an included file is read (by the scanner when the scanner runs
the load, else by the reader).
"""

from __future__ import annotations

from collections.abc import Callable

from ..lazyre import LazyPattern
from ..limits import BY_KEY
from ..model import MAX_TTL, Problem, Record, SourceFile
from .messages import ParseError
from .types import ExpansionBudget, LoadedZone, LoadOptions

TYPE_CHECKING = False  # typing.TYPE_CHECKING: typing is not imported at start-up
if TYPE_CHECKING:
    from dns.tokenizer import Token

__all__ = [
    "ReaderState",
    "LoadSession",
    "StopLoading",
    "MAX_TTL",
    "TTL_SHAPE",
    "ttl_seconds",
    "token_ttl",
    "EXPLICIT",
    "DEFAULT",
    "PREVIOUS",
    "SOA_MINIMUM",
]

#: ``Record.ttl_source`` values.
EXPLICIT, DEFAULT, PREVIOUS, SOA_MINIMUM = "explicit", "$TTL", "previous", "soa-minimum"

#: A TTL as zone files write it: seconds, or unit groups like ``1h30m`` (BIND's units).
TTL_SHAPE = LazyPattern(r"(?:\d+|(?:\d+[wdhmsWDHMS])+)\Z")
_TTL_UNIT = LazyPattern(r"(\d+)([wdhmsWDHMS])")
_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}


def ttl_seconds(text: str) -> int | None:
    """The seconds a TTL-shaped word says (maybe above :data:`MAX_TTL`: the caller decides),
    ``None`` when ``text`` is not TTL-shaped."""
    if TTL_SHAPE.match(text) is None:
        return None
    if text.isdigit():
        return int(text)
    return sum(int(n) * _UNITS[u.lower()] for n, u in _TTL_UNIT.findall(text))


def token_ttl(t: "Token") -> int | None:
    """The TTL in token ``t``, ``None`` when it is not TTL-shaped; beyond 32 bits -> error.
    A TTL above :data:`MAX_TTL` that fits 32 bits loads as written, as BIND loads it (with
    the warning "> MAXTTL, setting TTL to 0"): ZL603 reports it."""
    if not t.is_identifier():
        return None
    v = t.value
    ttl = ttl_seconds(v)
    if ttl is None:
        return None
    if ttl > 0xFFFFFFFF:
        shown = v if v.isdigit() else f"{v} (= {ttl})"
        raise ParseError(
            f"TTL {shown} out of range (more than 32 bits; at most {MAX_TTL}, RFC 2181 §8)",
            t.line,  # type: ignore[attr-defined]
            t.col,  # type: ignore[attr-defined]
        )
    return ttl


class StopLoading(Exception):
    """Stop loading: the zone's origin is unknown (the ZL006 was emitted)."""


class ReaderState:
    """Origin, owner and TTL state at a point of a zone file (see the module docstring)."""

    __slots__ = (
        "zone_origin",
        "origin",
        "last_owner",
        "last_ttl",
        "last_ttl_known",
        "default_ttl",
        "default_ttl_known",
        "default_ttl_from_soa",
        "inheritance",
    )

    def __init__(self) -> None:
        #: the zone's origin (absolute text), once known
        self.zone_origin: str | None = None
        #: the current origin: relative names are completed with it (``$ORIGIN``)
        self.origin: str | None = None
        #: the owner of the last record with an owner: a record starting with blanks has it
        self.last_owner: str | None = None
        self.last_ttl = 0
        self.last_ttl_known = False
        self.default_ttl = 0
        self.default_ttl_known = False
        self.default_ttl_from_soa = False
        #: what :meth:`inherited` answers now, kept up to date by every change of the TTL state
        #: (the scanner reads it once per record that writes no TTL)
        self.inheritance: tuple[int | None, str] = (None, DEFAULT)

    # -- origin -------------------------------------------------------------------------------
    def set_origin(self, origin: str) -> None:
        """``$ORIGIN``: the first one also settles the zone's origin."""
        self.origin = origin
        if self.zone_origin is None:
            self.zone_origin = origin

    # -- TTL ----------------------------------------------------------------------------------
    def set_default_ttl(self, ttl: int) -> None:
        """``$TTL``."""
        self.default_ttl = ttl
        self.default_ttl_known = True
        self.default_ttl_from_soa = False
        self.inheritance = self._inheritance()

    def written_ttl(self, ttl: int) -> None:
        """A TTL written on a record: the last TTL from now on."""
        if ttl == self.last_ttl and self.last_ttl_known:
            return  # most records write the TTL the previous one wrote
        self.last_ttl = ttl
        self.last_ttl_known = True
        if not self.default_ttl_known or self.default_ttl_from_soa:
            self.inheritance = (ttl, PREVIOUS)  # _inheritance(); after a $TTL it does not change

    def inherited(self) -> tuple[int | None, str]:
        """The TTL of a record that writes none (``None``: there is none yet) and where it comes
        from: the last TTL written beats a default from the SOA minimum, ``$TTL`` beats both.
        (Also the attribute :attr:`inheritance`, which costs no call.)"""
        return self.inheritance

    def _inheritance(self) -> tuple[int | None, str]:
        if self.last_ttl_known and (not self.default_ttl_known or self.default_ttl_from_soa):
            return self.last_ttl, PREVIOUS
        if self.default_ttl_known:
            return self.default_ttl, SOA_MINIMUM if self.default_ttl_from_soa else DEFAULT
        return None, DEFAULT

    def implicit_ttl(self) -> int | None:
        """The TTL of a record that writes none (``None``: there is none yet)."""
        return self.inherited()[0]

    def ttl_source(self, explicit: bool) -> str:
        """Where the TTL of the record just read came from."""
        return EXPLICIT if explicit else self.inherited()[1]

    def settle(self, ttl: int | None, soa_minimum: int | None) -> int | None:
        """The final TTL of a record read inside the zone: ``ttl`` is the written TTL (already
        noted with :meth:`written_ttl`) or the :meth:`implicit_ttl` taken before the data;
        ``soa_minimum`` is the minimum of an SOA record (else ``None``), which becomes the
        default when no ``$TTL`` came first. ``None``: the record has no TTL (an error)."""
        if soa_minimum is not None and not self.default_ttl_known:
            self.default_ttl = soa_minimum
            self.default_ttl_known = True
            self.default_ttl_from_soa = True
            self.inheritance = self._inheritance()
            if ttl is None:
                ttl = self.implicit_ttl()
        return ttl

    def ttl_snapshot(self) -> tuple:
        """The TTL state, to restore after a record that must leave it untouched."""
        return (
            self.last_ttl,
            self.last_ttl_known,
            self.default_ttl,
            self.default_ttl_known,
            self.default_ttl_from_soa,
        )

    def restore_ttl(self, snapshot: tuple) -> None:
        (
            self.last_ttl,
            self.last_ttl_known,
            self.default_ttl,
            self.default_ttl_known,
            self.default_ttl_from_soa,
        ) = snapshot
        self.inheritance = self._inheritance()


def default_budget():
    """A fresh budget with the default limits (a load whose options carry none)."""
    return ExpansionBudget(BY_KEY["max-expanded-records"].default, BY_KEY["max-expanded-octets"].default)


class LoadSession:
    """One load of a zone file: options, state, results and the ``$INCLUDE`` chain."""

    def __init__(
        self,
        options: LoadOptions,
        top: SourceFile,
        origin: str | None,
        fallback_origin: str | None,
    ) -> None:
        self.options = options
        self.top = top
        #: the origin given from outside (``--origin``, config), as written
        self.explicit_origin = origin
        #: the origin the file name suggests, used when nothing else says it
        self.fallback_origin = fallback_origin
        self.state = ReaderState()
        self.records: list[Record] = []
        self.problems: list[Problem] = []
        self.includes: list[str] = []
        self.files: list[SourceFile] = [top]
        #: real paths of the files being read (the include chain)
        self.stack: list[str] = []
        self.depth = 0
        #: how an ``$INCLUDE``d file's bytes are read: ``read_included(raw, sfile)``, set by the
        #: front end running the load (the scanner's, else the reader's)
        self.read_included: Callable[[bytes, SourceFile], None] | None = None
        #: the reference reader of this load, made on first use (by :mod:`zonelint.load.reader`)
        self.reader = None
        #: what $GENERATE and repeated $INCLUDE may still add (shared by the run's loads)
        self.budget = options.budget or default_budget()
        #: the first refusal of this load was reported (ZL010); later ones are silent
        self.budget_refused = False

    def close(self) -> None:
        """End the session: let go of the front ends (they refer back to it), so that nothing of
        the load waits for the cyclic garbage collector (the CLI keeps it off during a run)."""
        self.read_included = None
        self.reader = None

    def result(self) -> LoadedZone:
        """What the load gave. Ends the session (:meth:`close`)."""
        self.close()
        return LoadedZone(
            file=self.top,
            origin=self.state.zone_origin,
            records=self.records,
            problems=self.problems,
            includes=self.includes,
            files=self.files,
        )
