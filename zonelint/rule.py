"""The rule API: what a rule declares and how it reports.

A rule is a class with metadata (code, name, default severity, summary, options, tags), a docstring
that is its full documentation (Markdown, with the headings ``What it checks``, ``Why it matters``,
``Example``, ``How to fix``, ``Options`` and ``Anchor`` where they apply) and a ``check`` method
that reads the :class:`~zonelint.graph.RecordGraph` and yields findings made with
:meth:`RuleContext.finding`. Rules never parse text and never print.

The same docstring feeds ``zonelint explain CODE``, the README rule table and SARIF rule metadata.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .lazyre import LazyPattern
from .model import ERROR, INFO, SEVERITIES, WARNING, Finding, Problem, Record, SourceFile
from .values import DataclassFields, fields_eq, fields_repr, frozen_error

TYPE_CHECKING = False  # typing.TYPE_CHECKING: typing is not imported at start-up
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any, ClassVar
    from .fix import Fix
    from .graph import RecordGraph, Zone

__all__ = ["Option", "Rule", "RuleContext", "ERROR", "WARNING", "INFO"]

CODE_RE = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


#: the types an option may have (``Option.type``), and those a list's or table's items may have
OPTION_TYPES = (int, float, str, bool, list, dict)
ITEM_TYPES = (int, float, str, bool)
#: the headings every rule's documentation has (``## Options`` too when it declares options)
DOC_HEADINGS = ("What it checks", "Why it matters", "Example", "How to fix", "Anchor")


def toml_value(value: Any) -> str:
    """``value`` written as TOML (``true``, ``"text"``, ``[1, 2]``, ``{ "a" = 1 }``): how ``explain``
    and the rule pages show option defaults, as a user would write them in the config."""
    import json

    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value)


_OPTION_FIELDS = ("type", "default", "help", "item")


class Option:
    """A rule option: its type, default and help.

    ``type`` is one of ``int``, ``float``, ``str``, ``bool``, ``list`` (of ``item``, default
    ``str``) or ``dict`` (a TOML table: str keys, values of ``item``, default ``str``; ``item=list``
    for values that are lists, their items unchecked). ``default`` must be a valid value of that type (it is checked with the
    rule's metadata, see :meth:`Rule.metadata_errors`), or ``None`` for "not set" (users cannot
    write ``None`` in TOML, so the rule then treats the option as absent). ``help`` is one line,
    shown by ``zonelint explain`` and on the rule's page."""

    type: type
    default: Any
    help: str
    item: type | None = None

    # a dataclass (``@dataclass(frozen=True)``) without importing dataclasses: zonelint.values
    __dataclass_fields__ = DataclassFields(frozen=True)
    __match_args__ = _OPTION_FIELDS

    def __init__(self, type, default, help: str, item=None) -> None:
        object.__setattr__(self, "type", type)
        object.__setattr__(self, "default", default)
        object.__setattr__(self, "help", help)
        object.__setattr__(self, "item", item)

    def __repr__(self) -> str:
        return fields_repr(self, _OPTION_FIELDS)

    def __eq__(self, other):
        return fields_eq(self, other, _OPTION_FIELDS)

    def __hash__(self) -> int:
        return hash((self.type, self.default, self.help, self.item))

    def __setattr__(self, name: str, value) -> None:
        if type(self) is Option or name in _OPTION_FIELDS:
            raise frozen_error(name)
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        if type(self) is Option or name in _OPTION_FIELDS:
            raise frozen_error(name, deleting=True)
        super().__delattr__(name)

    def validate(self, value: Any, where: str) -> Any:
        """Return ``value`` checked against this option, or raise ``ValueError`` naming ``where``."""

        def check_scalar(v: Any, t: type, what: str) -> Any:
            if t is float and isinstance(v, int) and not isinstance(v, bool):
                return float(v)
            if t is int and isinstance(v, bool) or not isinstance(v, t):
                raise ValueError(f"{what} must be {t.__name__}, got {type(v).__name__} {v!r}")
            return v

        if self.type is list:
            if not isinstance(value, list):
                raise ValueError(f"{where} must be a list, got {type(value).__name__} {value!r}")
            return [check_scalar(v, self.item or str, f"{where} item") for v in value]
        if self.type is dict:
            if not isinstance(value, dict):
                raise ValueError(f"{where} must be a table, got {type(value).__name__} {value!r}")
            out = {}
            for k, v in value.items():
                if self.item is list:
                    if not isinstance(v, list):
                        raise ValueError(f"{where}.{k} must be a list, got {v!r}")
                    out[str(k)] = list(v)
                else:
                    out[str(k)] = check_scalar(v, self.item or str, f"{where}.{k}")
            return out
        return check_scalar(value, self.type, where)

    def declaration_errors(self) -> list[str]:
        """What is wrong with this declaration: an unsupported ``type`` or ``item``, a ``help``
        that is not text, or a ``default`` that the option itself would refuse."""
        if self.type not in OPTION_TYPES:
            names = ", ".join(t.__name__ for t in OPTION_TYPES)
            return [f"type {self.type!r} is not one of {names}"]
        errors = []
        allowed_items = ITEM_TYPES + ((list,) if self.type is dict else ())
        if self.item is not None and (self.type not in (list, dict) or self.item not in allowed_items):
            errors.append(
                f"item {self.item!r} is not allowed (only list and dict options have items: "
                f"{', '.join(t.__name__ for t in allowed_items)})"
            )
        if not isinstance(self.help, str) or not self.help.strip():
            errors.append("help is missing")
        if self.default is not None and not errors:
            try:
                self.validate(self.default, "default")
            except ValueError as e:
                errors.append(f"{e} (the default must be a valid {self.type_text()} value)")
        return errors

    def type_text(self) -> str:
        """``int``, ``list of str``, ``dict of int``...: the type as documentation shows it."""
        if self.type in (list, dict):
            return f"{self.type.__name__} of {(self.item or str).__name__}"
        return getattr(self.type, "__name__", str(self.type))

    def default_text(self) -> str:
        """The default written as TOML (``false``, ``"infra.example.net."``, ``[]``)."""
        return toml_value(self.default)


class Rule:
    """Base class of every rule, built-in or from a plugin."""

    #: ``ZL101``: two to four capital letters and three digits. Stable forever.
    code: ClassVar[str]
    #: ``target-cname``: a kebab-case slug, also stable.
    name: ClassVar[str]
    #: Default severity: ``error``, ``warning`` or ``info``.
    severity: ClassVar[str] = WARNING
    #: One line, shown in ``zonelint rules`` and as SARIF ``shortDescription``.
    summary: ClassVar[str]
    #: Option name -> :class:`Option`. Values come from ``[tool.zonelint.rules.CODE]``.
    options: ClassVar[dict[str, Option]] = {}
    #: Free-form tags (SARIF ``properties.tags``), e.g. ``("xmpp", "srv")``.
    tags: ClassVar[tuple[str, ...]] = ()
    #: Filled in by the plugin manager: the name of the plugin (entry point) that provided it.
    plugin: ClassVar[str] = ""
    #: False for a rule about how a zone file is *written* (its syntax, includes and directives,
    #: owner spellings that no query discovers, ``$TTL``, duplicates a server merges, the serial
    #: against git): records served by a DNS server (an ``axfr://`` source, ``zonelint live``)
    #: are not checked by it. The one place that says which rules judge served data.
    judges_served_data: ClassVar[bool] = True
    #: True when the rule gives some of its findings a safe machine fix (``ctx.finding(...,
    #: fix=...)``, :mod:`zonelint.fix`) that ``zonelint --fix`` applies; ``explain``, the rule
    #: pages and the README table say so.
    fixable: ClassVar[bool] = False
    #: True when ``check`` reads only ``ctx.zone`` (never another zone through ``ctx.graph``), so
    #: its findings do not depend on which other zones the run loaded. ZL008 then judges a noqa
    #: naming this rule also in runs that lint only part of the zones (pre-commit, editors).
    zone_local: ClassVar[bool] = False
    #: The shared derived data the rule reads (``zone.memo`` / ``graph.memo`` keys, or the first
    #: item of a tuple key), directly or through the helpers it calls. The engine drops each such
    #: table once the last selected rule naming it has run on every zone, so that it does not
    #: stay in memory to the end of the run; a rule that reads a dropped table without naming it
    #: computes it again (same answers, more time).
    memos: ClassVar[tuple[str, ...]] = ()

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        merged = {k: o.default for k, o in self.options.items()}
        merged.update(options or {})
        self.config = merged

    def check(self, ctx: "RuleContext") -> Iterable[Finding]:  # pragma: no cover - interface
        """Judge ``ctx.zone`` and yield a :class:`~zonelint.model.Finding` for each fault, made with
        :meth:`RuleContext.finding`.

        Called once per linted zone (context zones are only read, never checked), with
        ``ctx.zone`` that zone, ``ctx.graph`` every zone of the run, ``ctx.options`` this rule's
        validated options (defaults filled in) and ``ctx.profile`` the active profile. A
        generator is the usual form; any iterable of findings will do. Read only: never change
        a record, a zone or the graph, never parse text, never print. An exception raised here
        becomes one ``ZL000`` internal-error finding naming the rule; the other rules still run.
        """
        raise NotImplementedError

    @classmethod
    def documentation(cls) -> str:
        """The rule's full documentation (its docstring, dedented)."""
        import inspect

        return inspect.cleandoc(cls.__doc__ or cls.summary)

    @classmethod
    def metadata_errors(cls, documentation: bool = True) -> list[str]:
        """What is wrong with this rule's declared metadata and documentation (empty when valid).

        Declaration errors: a code, name, severity, summary, tags or options that do not follow
        the rules above, an option whose default its own type refuses, no ``check``. Documentation
        errors (with ``documentation=True``, the default): a docstring without one of the
        headings ``## What it checks``, ``## Why it matters``, ``## Example``, ``## How to fix``
        and ``## Anchor`` (each with text under it), or, for a rule that declares options, without
        ``## Options`` naming each of them in backquotes. A rule with declaration errors is not
        loaded (its plugin fails to load); documentation errors are for the rule's tests to
        catch (:mod:`zonelint.testing` asserts there are none)."""
        errors = []
        code = getattr(cls, "code", None)
        if not isinstance(code, str) or not CODE_RE.match(code):
            errors.append(f"code {code!r} is not 2-4 capital letters and 3 digits")
        name = getattr(cls, "name", None)
        if not isinstance(name, str) or not NAME_RE.match(name):
            errors.append(f"name {name!r} is not a kebab-case slug")
        if getattr(cls, "severity", None) not in SEVERITIES:
            errors.append(f"severity {getattr(cls, 'severity', None)!r} is not one of {SEVERITIES}")
        summary = getattr(cls, "summary", None)
        if not isinstance(summary, str) or not summary.strip():
            errors.append("summary is missing")
        elif "\n" in summary.strip():
            errors.append("summary must be one line")
        tags = getattr(cls, "tags", ())
        if isinstance(tags, str) or not isinstance(tags, (tuple, list)) or not all(
            isinstance(t, str) and t for t in tags
        ):
            hint = f" (write ({tags!r},) for one tag)" if isinstance(tags, str) else ""
            errors.append(f"tags must be a tuple of strings, got {tags!r}{hint}")
        if not isinstance(getattr(cls, "fixable", False), bool):
            errors.append(f"fixable must be True or False, got {getattr(cls, 'fixable', None)!r}")
        options = getattr(cls, "options", {})
        if not isinstance(options, dict) or not all(
            isinstance(k, str) and isinstance(o, Option) for k, o in options.items()
        ):
            errors.append("options must map names to zonelint.Option")
            options = {}
        for opt_name, opt in options.items():
            errors += [f"option '{opt_name}': {e}" for e in opt.declaration_errors()]
        if not callable(getattr(cls, "check", None)) or cls.check is Rule.check:
            errors.append("check() is missing")
        if documentation:
            errors += cls.documentation_errors()
        return errors

    @classmethod
    def documentation_errors(cls) -> list[str]:
        """The documentation part of :meth:`metadata_errors`: missing headings or options."""
        import inspect

        sections = doc_sections(inspect.cleandoc(cls.__doc__ or ""))
        errors = []
        missing = [h for h in DOC_HEADINGS if not sections.get(h)]
        options = getattr(cls, "options", None)
        if isinstance(options, dict) and options and not sections.get("Options"):
            missing.append("Options")
        if missing:
            errors.append(
                "documentation lacks " + ", ".join(f"'## {h}'" for h in missing)
                + " (the docstring is what `zonelint explain`, the rule pages and SARIF show)"
            )
        if isinstance(options, dict) and sections.get("Options"):
            undocumented = [n for n in options if f"`{n}`" not in sections["Options"]]
            if undocumented:
                errors.append(
                    "'## Options' does not name " + ", ".join(f"`{n}`" for n in undocumented)
                )
        return errors


def doc_sections(doc: str) -> dict[str, str]:
    """``## Heading`` -> the text under it (stripped) in a rule's documentation. A ``##`` line
    inside a fenced code block is text, not a heading."""
    out: dict[str, str] = {}
    heading = None
    lines: list[str] = []
    fence = False
    for line in doc.splitlines():
        if line.lstrip().startswith("```"):
            fence = not fence
        m = None if fence else _HEADING_RE.match(line)
        if m:
            if heading is not None:
                out.setdefault(heading, "\n".join(lines).strip())
            heading, lines = m.group(1), []
        else:
            lines.append(line)
    if heading is not None:
        out.setdefault(heading, "\n".join(lines).strip())
    return out


_HEADING_RE = LazyPattern(r"^##\s+(.+?)\s*$")  # documentation checks and explain only


class RuleContext:
    """What a rule sees while it runs: the zone being checked, the graph of the whole run, its
    options, the profile, and a finding factory.

    ``check`` is called once per reported zone; ``ctx.zone`` is that zone and ``ctx.graph`` holds
    every zone of the run (context zones included), so cross-zone questions are answered there.
    """

    def __init__(
        self, rule: Rule, graph: "RecordGraph", zone: "Zone | None" = None, profile: str | None = None
    ) -> None:
        self.rule = rule
        self.graph = graph
        self.zone = zone
        self.options: dict[str, Any] = rule.config
        self.profile = profile

    def finding(
        self,
        at: Record | Problem | tuple[SourceFile, int, int],
        message: str,
        severity: str | None = None,
        owner: str | None = None,
        help: str | None = None,
        fix: "Fix | None" = None,
    ) -> Finding:
        """Make a finding of this rule anchored at a record, a loader problem, or an explicit
        ``(file, line, column)`` (``file`` a :class:`~zonelint.model.SourceFile`, e.g.
        ``ctx.zone.file``). ``severity`` lowers (or raises) this one finding's level; config and
        CLI overrides still apply on top. ``owner`` is the DNS name the finding is about (the
        ``owner`` of ``--format json``, SARIF's logical location): by default the record's or
        problem's owner, ``None`` for an explicit position; give it when the fault concerns
        another name than the anchor's. ``message`` is the diagnosis, one line (≲ 120 characters);
        ``help`` is the fix with its citation (shown under the finding, in JSON, SARIF and
        annotations; for a loader problem, the problem's own ``help`` unless given), text or a
        :class:`~zonelint.model.LazyText` that builds it when a reporter reads it. ``fix`` is a safe machine fix for ``--fix`` (a
        :class:`zonelint.fix.Fix`, made with :func:`zonelint.fix.replace_field` and its siblings;
        the rule declares ``fixable = True``)."""
        rule = self.rule
        if isinstance(at, Record):  # the usual anchor: line, column and file are the record's
            return Finding.at_record(rule.code, rule.name, severity or rule.severity, message, at,
                                     at.owner if owner is None else owner, help, fix)
        record = None
        end_line = None
        if isinstance(at, Problem):
            file, line, column = at.file, at.line, at.column
            record = at.record
            owner = owner if owner is not None else at.owner
            end_line = record.end_line if record is not None else None
            help = help if help is not None else at.help
        else:
            file, line, column = at
        return Finding(
            code=rule.code,
            rule=rule.name,
            severity=severity or rule.severity,
            message=message,
            path=file.display,
            line=line,
            column=column,
            owner=owner,
            record=record,
            file=file,
            end_line=end_line,
            help=help,
            fix=fix,
        )
