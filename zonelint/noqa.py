"""ZL008 noqa-unused: the ``; noqa`` comments that name an unknown code or suppress nothing, and
the ``; zonelint: disable-file=CODES`` comments likewise, over their whole file (a disable-file
code is used when a finding of its code is in the file; the same policy below).

The books are kept while the rules run (:class:`NoqaUsage`, filled by :mod:`zonelint.engine`):
which noqa line suppressed a finding of which code, and which codes ran to completion on a zone
holding each file that has a noqa comment. Under ``-j N`` every worker keeps its own books and
the parent merges them (:meth:`NoqaUsage.merge`), so a comment in a file that zones of two
workers ``$INCLUDE`` is judged once, on what every zone found. When the run is over,
:func:`noqa_findings` judges each comment of the reported files.

What is judged (the policy, in one place):

- a code no rule has (``noqa: ZL6O2``) is reported, unless it starts with a prefix the config
  declares ``external`` (codes of plugins absent here), or a plugin failed to load or was
  skipped (the code may be one of its rules); ``ZL000`` (internal error) is reported too: an
  internal error is never suppressed;
- a known code is "suppressing nothing" only when its rule ran to completion (no ``ZL000``) on a
  zone holding the file, and found nothing there: never for a rule not selected in this run,
  never for a rule that looks across zones when the run lints only part of the zones (context
  zones, or files named one by one as pre-commit and editors do), never for a rule needing the
  git base (ZL607) in a zone without a base or unchanged since it;
- a bare ``noqa`` (every code) suppresses nothing when every rule of the registry was judged so;
- ``ZL008`` in a noqa list is never judged (it silences this rule; a bare ``noqa`` does not).

A noqa counts as used when a finding of its code is anchored at its record, whether or not
``disable-file`` or the baseline would also hide the finding: noqa is applied first, and the
baseline only filters what noqa left.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from .model import Finding, SourceFile
from .report.model import INTERNAL_ERROR
from .suppress import NoqaComment, noqa_comments

NOQA_UNUSED = "ZL008"
#: the "line" whose use stands for the ``disable-file`` comments of a file (they apply to all of it)
FILE_WIDE = 0


def _key(file: SourceFile) -> str:
    """One key per file on disk, however its zones spelt the path."""
    return os.path.realpath(file.path)


class NoqaUsage:
    """The books of one run (or one ``-j`` worker's share): see the module docstring."""

    def __init__(self) -> None:
        #: (file key, noqa line) -> codes of the findings it suppressed
        self.used: dict[tuple[str, int], set[str]] = {}
        #: file key -> codes judged there (their rule ran to completion on a zone holding it)
        self.ran: dict[str, set[str]] = {}
        #: file key -> (path as opened, its noqa comments)
        self.comments: dict[str, tuple[str, list[NoqaComment]]] = {}
        self._keys: dict[int, str | None] = {}  # id(SourceFile) -> key, None: no noqa comment

    def __getstate__(self):  # ids mean nothing in another process
        return {"used": self.used, "ran": self.ran, "comments": self.comments}

    def __setstate__(self, state) -> None:
        self.__dict__.update(state)
        self._keys = {}

    def key_of(self, file: SourceFile) -> str | None:
        """The key of a reported file that has noqa comments (read once), else None."""
        k = self._keys.get(id(file), 0)
        if k != 0:
            return k
        key = None
        # a file whose suppressions were read already (the scanner collects them as it loads)
        # and that has no noqa or disable-file comment is not read again: 60 MB read back and
        # lower-cased at 1M
        if file.reported and not (file.scanned and not file.noqa and not file.disabled):
            text = file.text
            if text is None:
                from .confine import read_back

                text = read_back(file.path)  # the file loaded, not whatever the path holds now
            found = noqa_comments(text) if text else []
            if found:
                key = _key(file)
                self.comments.setdefault(key, (file.path, found))
        self._keys[id(file)] = key
        return key

    def mark(self, file: SourceFile, lines: Iterable[int], code: str) -> None:
        """Findings of ``code`` were suppressed by the noqa comments on ``lines`` of ``file``
        (line :data:`FILE_WIDE`: by its ``disable-file`` comments)."""
        key = self.key_of(file)
        if key is not None:
            for line in lines:
                self.used.setdefault((key, line), set()).add(code)

    def ran_on(self, zone, rule) -> None:
        """``rule`` ran to completion on ``zone``: judge its code in the zone's noqa comments."""
        if getattr(rule, "needs_git_base", False):
            base = getattr(zone, "base", None)
            if base is None or not base.changed:
                return  # without a base, or unchanged since it, the rule could not fire
        for file in zone.files or [zone.file]:
            key = self.key_of(file)
            if key is not None:
                self.ran.setdefault(key, set()).add(rule.code)

    def merge(self, other: "NoqaUsage | None") -> None:
        if other is None:
            return
        for k, codes in other.used.items():
            self.used.setdefault(k, set()).update(codes)
        for k, codes in other.ran.items():
            self.ran.setdefault(k, set()).update(codes)
        for k, v in other.comments.items():
            self.comments.setdefault(k, v)


def is_external(code: str, external: Iterable[str]) -> bool:
    return any(code.startswith(p.upper()) for p in external if p)


def noqa_findings(usage: NoqaUsage, rules, registry, files: Iterable[SourceFile], *, external=(),
                  partial: bool = False) -> list[Finding]:
    """The ZL008 findings of a run, one per noqa comment that names an unknown code or suppresses
    nothing (severity and suppression are the engine's business, as for any finding).
    ``rules``: the rule instances of the run; ``files``: the run's files (the first reported one
    with a given path anchors the finding); ``partial``: the run lints only part of the zones."""
    selected = {r.code: r for r in rules}
    me = selected.get(NOQA_UNUSED)
    if me is None or not usage.comments:
        return []
    known = set(registry.rules)
    unsure = bool(registry.failed or registry.ignored)
    not_judged = {c for c, r in selected.items() if partial and not getattr(r, "zone_local", False)}
    # a bare noqa is judged when every rule was, but for those needing a git base (ZL607 fires
    # only at an SOA, and only with a base): a bare noqa meant for ZL607 should name it
    every = {c for c, cls in registry.rules.items() if c != NOQA_UNUSED and not getattr(cls, "needs_git_base", False)}
    wanted = {path: key for key, (path, _) in usage.comments.items()}
    anchors: dict[str, SourceFile] = {}
    for f in files:
        key = wanted.get(f.path)
        if key is not None and f.reported and key not in anchors:
            anchors[key] = f
    out = []
    for key in sorted(anchors):
        file = anchors[key]
        judged = usage.ran.get(key, set()) - not_judged
        for c in usage.comments[key][1]:
            used = usage.used.get((key, FILE_WIDE if c.file_wide else c.line), set())
            judgement = _judge(c, used, judged, every, known, external, unsure, registry)
            if judgement is None:
                continue
            message, help_text, drop = judgement
            fix = _fix(file, c, drop, files) if drop else None
            out.append(Finding(
                code=NOQA_UNUSED, rule=me.name, severity=me.severity, message=message, path=file.display,
                line=c.line, column=c.semicolon + 1, owner=None, file=file, help=help_text, fix=fix,
            ))
    return out


def _fix(file: SourceFile, c: NoqaComment, drop: set[int], files):
    """The safe fix of a comment naming unknown codes (``drop``: their indexes in ``c.codes``):
    remove them, or the whole directive when no code would be left (an empty list would turn it
    into a bare noqa, which suppresses everything). None when the comment's text did not decode
    (the fix rewrites it as UTF-8)."""
    from .fix import Fix, remove_comment, replace_comment

    if "\ufffd" in c.text:
        return None
    base = c.semicolon + 1
    codes = c.codes or ()
    kept = [i for i in range(len(codes)) if i not in drop]
    names = ", ".join(codes[i][0] for i in sorted(drop))
    at = (file, c.line)
    if kept:
        text = c.text[: codes[0][1] - base]
        for n, i in enumerate(kept):
            written, start, _ = codes[i]
            if n:  # the separator that stood before this code in the list as written
                text += c.text[codes[i - 1][2] - base : start - base]
            text += written
        text += c.text[codes[-1][2] - base :]
        change = replace_comment(at, text)
        what = f"remove the unknown code{'s' if len(drop) > 1 else ''} {names} from the {_kind(c)} comment"
    else:
        before = c.text[: c.start - base].rstrip()
        after = c.text[c.end - base :].strip()
        if before.endswith(";"):
            before = before[:-1].rstrip()
        rest = " ".join(p for p in (before.strip(), after) if p)
        if c.alone or not rest:
            change = remove_comment(at)
        else:
            change = replace_comment(at, " " + rest)
        what = f"remove the {_kind(c)} that names only unknown code{'s' if len(drop) > 1 else ''} {names}"
    zones = frozenset(_top(f).path for f in files if f.path == file.path or _key(f) == _key(file))
    return Fix(what, (change,), zones)


def _kind(c: NoqaComment) -> str:
    return "disable-file" if c.file_wide else "noqa"


def _top(file: SourceFile) -> SourceFile:
    while file.included_from is not None:
        file = file.included_from
    return file


#: unknown codes a message names (with a suggestion each); more are counted
_NAMED = 5


def _judge(c: NoqaComment, used: set, judged: set, every: set, known: set, external, unsure: bool,
           registry) -> tuple[str, str, set[int]] | None:
    """``(message, help, indexes of the unknown codes a fix removes)`` of the ZL008 finding for
    one comment, or None when it is fine."""
    if c.codes is None:
        if used or not every <= judged:
            return None
        return ("bare noqa suppresses nothing here",
                "Remove the comment: no finding of any rule is anchored at this record. A bare "
                "`noqa` hides every future finding here too; name the codes it is meant for.", set())
    unknown, unused, seen, drop = [], [], set(), set()
    for i, (written, _, _) in enumerate(c.codes):
        code = written.upper()
        if code == NOQA_UNUSED or is_external(code, external):
            continue
        if code in seen:
            if code not in known or code == INTERNAL_ERROR:
                drop.add(i)  # a repeat of an unknown code goes with it
            continue
        seen.add(code)
        if code == INTERNAL_ERROR:
            unknown.append(f"'{written}' (an internal error is never suppressed)")
            drop.add(i)
        elif code not in known:
            if not unsure:  # a hostile file may name thousands: the first few are named
                unknown.append(f"'{written}'{_suggestion(written, known, registry)}" if len(unknown) < _NAMED else "")
                drop.add(i)
        elif code not in used and code in judged:
            unused.append(code)
    parts, helps = [], []
    if unknown:
        more = f" and {len(unknown) - _NAMED} more" if len(unknown) > _NAMED else ""
        parts.append(f"names unknown code{'s' if len(unknown) > 1 else ''} {', '.join(unknown[:_NAMED])}{more}")
        helps.append(
            "Correct or remove the unknown code (`zonelint rules` lists every code); codes of "
            "plugins that are not installed everywhere belong in the config's `external` list."
        )
    if unused:
        parts.append(f"{', '.join(unused)} suppress{'es' if len(unused) == 1 else ''} nothing here")
        helps.append(
            f"Remove {'it' if len(unused) == 1 else 'them'} from the comment: no finding of "
            f"{'that rule' if len(unused) == 1 else 'those rules'} is anchored at this record."
        )
    if not parts:
        return None
    if c.file_wide:  # the whole file, not one record
        parts = [p.replace(" nothing here", " nothing in this file") for p in parts]
        helps = [h.replace("anchored at this record", "in this file") for h in helps]
    return f"{_kind(c)} " + "; ".join(parts), " ".join(helps), drop


def _suggestion(code: str, known: set, registry) -> str:
    """A rule name written as a code suggests the code; a misspelt code the closest one."""
    cls = registry.by_name(code.lower())
    if cls is not None:
        return f" (noqa takes codes: {cls.code})"
    if any(k.startswith(code.upper()) for k in known):
        return " (a prefix: noqa takes whole codes)"
    from .suggest import did_you_mean

    return did_you_mean(code, known)
