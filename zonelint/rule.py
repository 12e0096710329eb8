"""The rule API: what a rule declares and how it reports.

A rule is a class with metadata (code, name, default severity, summary, options, tags), a docstring
that is its full documentation (Markdown, with the headings ``What it checks``, ``Why it matters``,
``Example``, ``How to fix``, ``Options`` and ``Anchor`` where they apply) and a ``check`` method
that reads the :class:`~zonelint.graph.RecordGraph` and yields findings made with
:meth:`RuleContext.finding`. Rules never parse text and never print.

The same docstring feeds ``zonelint explain CODE``, the README rule table and SARIF rule metadata.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterable

from .model import ERROR, INFO, SEVERITIES, WARNING, Finding, Problem, Record, SourceFile

if TYPE_CHECKING:  # pragma: no cover
    from .graph import RecordGraph, Zone

__all__ = ["Option", "Rule", "RuleContext", "ERROR", "WARNING", "INFO"]

CODE_RE = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Option:
    """A rule option: its type, default and help. ``type`` is one of ``int``, ``float``, ``str``,
    ``bool``, ``list`` (of ``item``) or ``dict`` (str keys, values of ``item``)."""

    type: type
    default: Any
    help: str
    item: type | None = None

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

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        merged = {k: o.default for k, o in self.options.items()}
        merged.update(options or {})
        self.config = merged

    def check(self, ctx: "RuleContext") -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    @classmethod
    def documentation(cls) -> str:
        """The rule's full documentation (its docstring, dedented)."""
        return inspect.cleandoc(cls.__doc__ or cls.summary)

    @classmethod
    def metadata_errors(cls) -> list[str]:
        """What is wrong with this rule's declared metadata (empty when valid)."""
        errors = []
        code = getattr(cls, "code", None)
        if not isinstance(code, str) or not CODE_RE.match(code):
            errors.append(f"code {code!r} is not 2-4 capital letters and 3 digits")
        name = getattr(cls, "name", None)
        if not isinstance(name, str) or not NAME_RE.match(name):
            errors.append(f"name {name!r} is not a kebab-case slug")
        if getattr(cls, "severity", None) not in SEVERITIES:
            errors.append(f"severity {getattr(cls, 'severity', None)!r} is not one of {SEVERITIES}")
        if not isinstance(getattr(cls, "summary", None), str):
            errors.append("summary is missing")
        if not isinstance(getattr(cls, "options", {}), dict) or not all(
            isinstance(o, Option) for o in cls.options.values()
        ):
            errors.append("options must map names to zonelint.rule.Option")
        if not callable(getattr(cls, "check", None)):
            errors.append("check() is missing")
        return errors


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
    ) -> Finding:
        """Make a finding of this rule anchored at a record, a loader problem, or an explicit
        ``(file, line, column)``. ``severity`` lowers (or raises) this one finding's level;
        config and CLI overrides still apply on top."""
        rule = self.rule
        record = None
        end_line = None
        if isinstance(at, Record):
            record, file, line, column = at, at.file, at.line, at.column
            end_line = at.end_line
            owner = owner if owner is not None else at.owner
        elif isinstance(at, Problem):
            file, line, column = at.file, at.line, at.column
            record = at.record
            owner = owner if owner is not None else at.owner
            end_line = record.end_line if record is not None else None
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
        )
