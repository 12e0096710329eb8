"""zonelint: a pluggable validation linter for DNS zone files.

This package's namespace is the public API for rules, built-in and plugin alike: a rule imports
everything it needs from here (the modules behind it may move)::

    from zonelint import Rule, Option, hookimpl, ERROR, WARNING, INFO, ROOT, name_key

- writing rules: :class:`Rule`, :class:`Option`, :class:`RuleContext`, :data:`hookimpl`,
  :data:`API_VERSION`, the severities ``ERROR``/``WARNING``/``INFO``, :class:`ConfigError` (raise
  it from a rule's ``__init__`` for an option value no type check can refuse);
- what rules read: :class:`Record`, :class:`Finding`, :class:`Problem`, :class:`SourceFile`;
  :class:`LazyText` (a help text built only when a reporter reads it);
- ``MAX_TTL`` (RFC 2181 §8's 2^31 - 1); names in text form: ``ROOT`` (``"."``), :func:`name_key`, :func:`is_subdomain`,
  :func:`parent_name`, :func:`first_labels`, ``TARGET_TYPES`` (record type -> index of its target
  in ``Record.data``);
- messages: :func:`fit_message`, :func:`brief` and :func:`brief_path` (a long name or path shortened
  for a one-line message), and where another record is: :func:`where` (for a help text),
  :func:`near` and :func:`positions` (for a message). Use them, never ``rec.line``: a record a DNS
  server served (``axfr://``, ``zonelint live``) has no line, and they name it by its source,
  owner and type;
- safe fixes (``zonelint --fix``): :class:`Fix`, :func:`replace_field` (with the parts ``OWNER``,
  ``TTL``, ``CLASS``, ``TYPE``, ``RDATA``), :func:`delete_record`, :func:`make_absolute`,
  :func:`make_origin_absolute`, :func:`replace_directive_argument`,
  :func:`replace_comment`, :func:`remove_comment` (see :mod:`zonelint.fix`);
- answers of ``graph.target_status(name)``: ``PRESENT``, ``ABSENT``, ``UNKNOWN``, ``ROOT_TARGET``.

Testing helpers are in :mod:`zonelint.testing`; the hook specification in :mod:`zonelint.hookspecs`.

The names of safe fixes are loaded on first use (``from zonelint import Fix`` works as for any
other name): a run whose rules make no fix never imports :mod:`zonelint.fix`.
"""

from .config import ConfigError
from .graph import ABSENT, PRESENT, ROOT_TARGET, UNKNOWN
from .hookspecs import API_VERSION, hookimpl
from .model import (
    BRIEF_WIDTH,
    ERROR,
    INFO,
    MAX_TTL,
    MESSAGE_WIDTH,
    ROOT,
    TARGET_TYPES,
    WARNING,
    Finding,
    LazyText,
    Problem,
    Record,
    SourceFile,
    brief,
    brief_path,
    first_labels,
    fit_message,
    is_subdomain,
    name_key,
    near,
    parent_name,
    positions,
    where,
)
from .rule import Option, Rule, RuleContext

#: the names :mod:`zonelint.fix` provides, imported on first use (see :func:`__getattr__`)
_FIX_NAMES = frozenset({
    "CLASS", "OWNER", "RDATA", "TTL", "TYPE", "Change", "Fix", "delete_record", "make_absolute",
    "make_origin_absolute", "remove_comment", "replace_comment", "replace_directive_argument",
    "replace_field",
})


def __getattr__(name: str):
    """The fix vocabulary (:data:`_FIX_NAMES`), imported from :mod:`zonelint.fix` when first asked
    for, then kept in this namespace."""
    if name in _FIX_NAMES:
        from . import fix

        value = globals()[name] = getattr(fix, name)
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__version__ = "0.1.0"
__all__ = [
    "CLASS",
    "Change",
    "Fix",
    "OWNER",
    "RDATA",
    "TTL",
    "TYPE",
    "delete_record",
    "make_absolute",
    "make_origin_absolute",
    "remove_comment",
    "replace_comment",
    "replace_directive_argument",
    "replace_field",
    "ABSENT",
    "API_VERSION",
    "ConfigError",
    "ERROR",
    "Finding",
    "LazyText",
    "INFO",
    "MAX_TTL",
    "MESSAGE_WIDTH",
    "Option",
    "PRESENT",
    "Problem",
    "ROOT",
    "ROOT_TARGET",
    "Record",
    "Rule",
    "RuleContext",
    "SourceFile",
    "TARGET_TYPES",
    "UNKNOWN",
    "WARNING",
    "BRIEF_WIDTH",
    "brief",
    "brief_path",
    "first_labels",
    "fit_message",
    "hookimpl",
    "is_subdomain",
    "name_key",
    "near",
    "parent_name",
    "positions",
    "where",
    "__version__",
]
