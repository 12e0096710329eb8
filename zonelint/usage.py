"""Argument errors as one line with a pointer to ``--help``, "did you mean" for misspelt options
and choices, and the exit codes that ``--help`` lists.

argparse reports an error as the usage text plus a message, and its wording of an unknown option
(``unrecognized arguments: --selct``) or a wrong choice differs between Python versions; the
command line turns every one into ``zonelint: error: MESSAGE; see zonelint --help`` (exit 2),
with a suggestion from :mod:`zonelint.suggest` where one is close.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .lazyre import LazyPattern
from .suggest import did_you_mean

#: The exit codes, word for word as the README's table states them (``tests/test_readme.py``
#: keeps the two equal); ``zonelint --help`` lists them.
EXIT_CODES = {
    0: "no finding reaches --fail-on",
    1: "at least one finding reaches --fail-on (--exit-zero turns this into 0)",
    2: "usage or configuration error, a path named on the command line that is missing, unreadable "
    "or outside the lint root, a zone transfer that fails (axfr://: refused, NOTAUTH, TSIG failure, "
    "timeout, connection closed, malformed answer), a --compare FILE that is missing or of another "
    "zone than the transfer, --resolve on a machine without a configured resolver, zonelint live for "
    "a domain that does not exist (NXDOMAIN) or through a resolver that never answers, a folder named "
    "on the command line that holds no zone file, a plugin that cannot be loaded, an output file "
    "that cannot be written safely, or an internal error (ZL000); --exit-zero does not hide these",
}


def exit_codes_text() -> str:
    """The exit codes as one paragraph of ``--help``."""
    return "Exit codes: " + " ".join(f"{code}: {text}." for code, text in EXIT_CODES.items())


def usage_line(prog: str, message: str) -> str:
    """``zonelint: error: MESSAGE; see PROG --help`` (the message escaped by the caller)."""
    return f"zonelint: error: {message}; see {prog} --help"


_CHOICE = LazyPattern(  # a usage error only
    r"^argument (?P<arg>.+?): invalid choice: (?P<value>.*?)(?:, maybe you meant .*?\?)? \(choose from (?P<choices>.*)\)$",
    re.S,
)
_UNRECOGNIZED = "unrecognized arguments: "


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _closest_option(name: str, options: Iterable[str]) -> str:
    """`` (did you mean --select?)``, the dashes left out of the comparison (every option has
    them: they would make any two options look alike)."""
    by_bare = {o.lstrip("-"): o for o in options if len(o.lstrip("-")) > 1}
    got = did_you_mean(name.lstrip("-"), by_bare)
    if not got:
        return ""
    bare = got[len(" (did you mean ") : -len("?)")]
    return f" (did you mean {by_bare[bare]}?)"


def explain(message: str, options: Iterable[str]) -> str:
    """argparse's ``message`` said plainly, with "did you mean" for an unknown option (among
    ``options``, the parser's option strings) or a value outside the choices."""
    if message.startswith(_UNRECOGNIZED):
        parts = []
        after_option = False
        for arg in message[len(_UNRECOGNIZED):].split():
            if arg.startswith("-") and len(arg) > 1:
                name = arg.split("=", 1)[0]
                parts.append(f"unknown option {name}{_closest_option(name, options)}")
                after_option = "=" not in arg
            elif not after_option:  # a word right after an unknown option is taken as its value
                parts.append(f"unexpected argument '{arg}'")
            else:
                after_option = False
        return "; ".join(parts) or message
    m = _CHOICE.match(message)
    if m:
        choices = [_unquote(c) for c in m.group("choices").split(",")]
        value = _unquote(m.group("value"))
        return (f"{m.group('arg')}: unknown value '{value}'{did_you_mean(value, choices)}; "
                f"choose from {', '.join(choices)}")
    return message
