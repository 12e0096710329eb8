"""The scanner's common-line path: a one-line record of a common shape, read by one match.

Most lines of a large zone are one record each, of a common type, written plainly: an owner (or
blanks), ``[ttl] [IN] [ttl]``, the type, the rdata, maybe a comment. :data:`~.scanfields.COMMON_LINE`
splits such a line at once (and checks the owner's text); :func:`common_reader` turns the match
into the :class:`~zonelint.model.Record` the scanner's general path (``Scanner._record``) would
make of the same line, in far fewer steps: SRV and MX data split by one more match, AAAA by the
C library, names completed with the origin and looked up once, the in-zone test once per
origin, the record's shared :class:`~zonelint.model.Place` found by a small key (the last two
kept at hand), SRV numbers read once per distinct text. The blank lines, comment lines and plain
``$ORIGIN`` lines between such records are read here too, as the general path reads them.

It declines (answers ``None``) anything else, before it changes any state: the general path then
reads that line exactly as before (``tests/test_scanner_differential.py`` compares both with the
reference reader at every edge: ``@``, relative names, TTL units, class before TTL, escapes,
quotes, CRs, tabs, comments, non-ASCII, lengths).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..model import LINE_BLOCK, Place, Record, SourceFile
from ..suppress import might_suppress
from .inetc import c_functions, ipv4_valid, ipv6_canonical
from .scanfields import COMMON_LINE, HEX6, MX_DATA, NAME_TEXT, ORIGIN_LINE, SRV_DATA, TXT_STRINGS, txt_data
from .state import EXPLICIT, MAX_TTL, ReaderState

__all__ = ["common_reader", "COMMON_TYPES"]

#: the types the common-line path reads, by their text as written in upper and lower case
#: (another spelling is looked up upper-cased)
COMMON_TYPES = {t: t for t in ("A", "AAAA", "NS", "CNAME", "PTR", "DNAME", "MX", "SRV", "TXT")}
_BY_TEXT = {**COMMON_TYPES, **{t.lower(): t for t in COMMON_TYPES}}

_placed = Record.placed
_UNSEEN = object()


def common_reader(
    state: ReaderState,
    sfile: SourceFile,
    it: Iterator[str],
    records: list[Record],
    tick: Callable[[int], None] | None,
    notes: dict[int, str],
    names: dict[str, str],
    places: dict[tuple, Place],
    ints: dict[int, int],
) -> Callable:
    """``read(m, line, lineno)``: read line ``line`` (number ``lineno`` of ``sfile``, ``m`` its
    match of :data:`~.scanfields.COMMON_LINE`) and the lines after it from ``it`` while they are
    common lines it reads, appending their Records to ``records`` (calling ``tick(len(records))``
    at every 65,536th line, as the scanner does). Returns the first line it does not read and its
    number, for the general path, or ``(None, number of the last line)`` at the end of ``it``.
    It shares the scanner's state, its notes (the lines that may hold a suppression comment), its
    names (each one string), its places (by the general path's key: the same Place either way)
    and its ints."""
    intern = names.setdefault
    same_int = ints.setdefault
    emit = records.append
    match = COMMON_LINE.match  # the patterns compile here, on the first large file (lazyre)
    _SRV = SRV_DATA.match
    _MX = MX_DATA.match
    _NAME_TEXT = NAME_TEXT.match
    _TXT_STRINGS = TXT_STRINGS.findall
    _HEX6 = HEX6.match
    _ORIGIN = ORIGIN_LINE.match
    c = c_functions()  # the C library's address functions, called inline (as inetc calls them)
    pton, ntop, AF4, AF6 = c if c else (None, None, None, None)
    ttls: dict[str, int] = {}  # a TTL as written -> its value (in range)
    srv_numbers: dict[str, tuple] = {}  # SRV priority, weight and port as written -> their values
    # an IPv4 address as written -> the data of its A records, checked once and shared by the
    # records that repeat it (a third of the 1M benchmark zone's A records: 13 MB), for this file
    a_data: dict[str, tuple] = {}
    block = -1  # the first line of the block of lines of the last record read
    block_end = -1  # the first line after that block
    in_block: dict[tuple, Place] = {}  # (column, TTL source, origin) -> that block's Place
    seen_origin = seen_zone = _UNSEEN
    zone_key = ""  # the zone's name lower-cased; "" when the general path decides
    origin_inside = False
    suffix = "."  # what completes a relative name
    last_inside = None  # the last owner known to be inside the zone

    def read(m, line: str, lineno: int):
        nonlocal seen_origin, seen_zone, zone_key, origin_inside, suffix, last_inside, block, block_end, in_block
        # the origin changes only between calls (a $ORIGIN line is the general path's)
        origin = state.origin
        if origin is not seen_origin or state.zone_origin is not seen_zone:
            seen_origin, seen_zone = origin, zone = origin, state.zone_origin
            zone_key = ""
            if origin is not None and zone is not None and zone.isascii() and "\\" not in zone + origin:
                zone_key = zone.lower()
                ok = origin.lower()
                origin_inside = zone_key == "." or ok == zone_key or ok.endswith("." + zone_key)
                suffix = "." + origin if origin != "." else "."
        zk = zone_key
        if not zk:
            return line, lineno  # Scanner._record and _name decide
        zdot = "." + zk
        # the last two (column, TTL source, Place) of records read (lines with and without an
        # owner alternate), and the inherited TTL as last read from the state
        pcol = psource = at = qcol = qsource = qat = inherited = None
        ittl = isource = None
        while True:
            owner_text, _blanks_end, ttl_text, ttl_after, nums, target, t, rd, comment = m.groups()
            if t is None:
                rdtype = "SRV"  # plain numbers and target (the match checked them)
            else:
                rdtype = _BY_TEXT.get(t)
                if rdtype is None:
                    rdtype = COMMON_TYPES.get(t.upper())
                    if rdtype is None:
                        return line, lineno
            # the owner, and that it is inside the zone (Scanner._name, Scanner._record)
            if owner_text:
                if owner_text == "@":
                    if not origin_inside:
                        return line, lineno
                    owner = origin
                else:
                    relative = owner_text[-1] != "."
                    owner = owner_text + suffix if relative else owner_text
                    if len(owner) >= 255:
                        return line, lineno
                    owner = intern(owner, owner)
                    if not (relative and origin_inside):
                        ok = owner.lower()
                        if not (zk == "." or ok == zk or ok.endswith(zdot)):
                            return line, lineno
                col = 1
            else:
                owner = state.last_owner
                if owner is None:
                    return line, lineno
                if owner is not last_inside:
                    ok = owner.lower()
                    if not (zk == "." or ok == zk or ok.endswith(zdot)):
                        return line, lineno
                col = m.start(2) + 1
            if ttl_text is None:
                ttl_text = ttl_after
            elif ttl_after is not None:
                return line, lineno  # a TTL on both sides of the class: the general path declines it
            # the rdata (Scanner._rdata); a target's text is checked by the match
            if rdtype == "SRV":
                if t is None:  # priority, weight and port as written: read once per text
                    f = srv_numbers.get(nums)
                    if f is None:
                        a, b, c = nums.split()
                        a, b, c = int(a), int(b), int(c)
                        if a > 65535 or b > 65535 or c > 65535:
                            return line, lineno
                        f = srv_numbers[nums] = (a, b, same_int(c, c))
                    a, b, c = f
                else:  # the match read it as another type: data it did not check
                    f = _SRV(rd)
                    if f is None:
                        return line, lineno
                    a, b, c, target = f.groups()
                    a, b, c = int(a), int(b), int(c)
                    if a > 65535 or b > 65535 or c > 65535:
                        return line, lineno
                    c = same_int(c, c)
            elif rdtype == "A":
                data = a_data.get(rd)
                if data is None:
                    if pton is None:
                        if not ipv4_valid(rd):
                            return line, lineno
                    else:  # inetc.ipv4_valid, inline
                        try:
                            pton(AF4, rd)
                        except (OSError, ValueError):
                            return line, lineno
                    data = a_data[rd] = (rd,)
            elif rdtype == "AAAA":
                if pton is None:
                    a = ipv6_canonical(rd)
                    if a is None:
                        return line, lineno
                else:  # inetc.ipv6_canonical, inline
                    if _HEX6(rd) is None:
                        return line, lineno
                    try:
                        a = ntop(AF6, pton(AF6, rd))
                    except (OSError, ValueError):
                        return line, lineno
                    if "." in a:
                        return line, lineno
                data = (a,)
            elif rdtype == "MX":
                f = _MX(rd)
                if f is None:
                    return line, lineno
                a, target = f.groups()
                a = int(a)
                if a > 65535:
                    return line, lineno
            elif rdtype == "TXT":
                data = txt_data([q or p for q, p in _TXT_STRINGS(rd)] if '"' in rd else rd.split())
                if data is None:
                    return line, lineno
            else:  # NS, CNAME, PTR, DNAME
                if _NAME_TEXT(rd) is None:
                    return line, lineno
                target = rd
            if target is not None:
                if target[-1] != ".":
                    target = target + suffix
                if len(target) >= 255:
                    return line, lineno
                target = intern(target, target)
                if rdtype == "SRV":
                    data = (a, b, c, target)
                elif rdtype == "MX":
                    data = (a, target)
                else:
                    data = (target,)
            # the TTL (state.py's rules, as Scanner._record applies them)
            if ttl_text is not None:
                ttl = ttls.get(ttl_text)
                if ttl is None:
                    ttl = int(ttl_text)
                    if ttl > MAX_TTL:
                        return line, lineno
                    ttl = ttls[ttl_text] = same_int(ttl, ttl)
                if ttl != state.last_ttl or not state.last_ttl_known:
                    state.written_ttl(ttl)
                source = EXPLICIT
            else:
                if state.inheritance is not inherited:  # it changed (a new object each time)
                    ittl, isource = state.inheritance
                    if ittl is None:
                        return line, lineno
                    ittl = same_int(ittl, ittl)
                    inherited = state.inheritance
                ttl = ittl
                source = isource
            # nothing declined: the record is read
            if owner_text:
                state.last_owner = owner
            last_inside = owner
            # its Place: the last record's, else by (column, TTL source, origin) in this block
            if lineno >= block_end:
                block = lineno - lineno % LINE_BLOCK
                block_end = block + LINE_BLOCK
                in_block = {}
                pcol = qcol = None
            if col != pcol or source is not psource:
                if col == qcol and source is qsource:
                    pcol, psource, at, qcol, qsource, qat = qcol, qsource, qat, pcol, psource, at
                else:
                    qcol, qsource, qat = pcol, psource, at
                    key = (col, source, origin)
                    at = in_block.get(key)
                    if at is None:
                        full = (sfile, block, col, 0, source == EXPLICIT, source, origin)
                        at = places.get(full)
                        if at is None:
                            at = places[full] = Place(sfile, block, col, 0, source == EXPLICIT, source, "IN", origin)
                        in_block[key] = at
                    pcol = col
                    psource = source
            if comment and might_suppress(comment):
                notes[lineno] = line
            emit(_placed(at, lineno - block, owner, ttl, rdtype, data))
            # the next line that holds a record (blank and comment lines are read here too)
            while True:
                for line in it:
                    break
                else:
                    return None, lineno
                lineno += 1
                if tick is not None and not lineno & 0xFFFF:
                    tick(len(records))
                m = match(line)
                if m is not None:
                    break
                if line == "\n":
                    continue  # a blank line (as the general path reads it)
                first = line[0]
                if first == ";":  # a comment line: noted when it may hold a suppression
                    if might_suppress(line):
                        notes[lineno] = line
                    continue
                if first == "$":  # $ORIGIN and an absolute plain name (Scanner._directive, _name)
                    f = _ORIGIN(line)
                    if f is not None:
                        name = f.group(1)
                        if name[-1] == "." and len(name) < 255:
                            origin = seen_origin = intern(name, name)
                            state.set_origin(origin)  # the zone's origin is known: only this
                            # what depends on the origin (as at the entry; the zone's key stays)
                            ok = origin.lower()
                            origin_inside = zk == "." or ok == zk or ok.endswith(zdot)
                            suffix = "." + origin
                            pcol = qcol = None
                            continue
                return line, lineno

    return read
