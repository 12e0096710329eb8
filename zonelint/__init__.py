"""zonelint: a pluggable validation linter for DNS zone files.

Plugin authors import what they need from here::

    from zonelint import Rule, Option, hookimpl, ERROR, WARNING, INFO
"""

from .hookspecs import API_VERSION, hookimpl
from .model import ERROR, INFO, WARNING, Finding, Record
from .rule import Option, Rule, RuleContext

__version__ = "0.1.0"
__all__ = [
    "API_VERSION",
    "ERROR",
    "INFO",
    "WARNING",
    "Finding",
    "Option",
    "Record",
    "Rule",
    "RuleContext",
    "hookimpl",
    "__version__",
]
