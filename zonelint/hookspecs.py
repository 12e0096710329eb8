"""The hook specification and the hook marker: the whole plugin surface of zonelint.

A plugin is a module (or object) registered under the entry-point group ``zonelint``. It declares
``ZONELINT_API_VERSION = 1`` (the major version of this API it was written for) and implements
:func:`zonelint_rules`, marked with :data:`hookimpl`.

Nothing here imports pluggy: :data:`hookimpl` marks a function exactly as pluggy's
``HookimplMarker("zonelint")`` does (the same options in the same attribute, so pluggy registers
it as its own; ``tests/test_plugins.py`` compares the two), and :mod:`zonelint.plugins` imports
pluggy only when a plugin other than the built-in rules is there to register (importing pluggy
costs ~11 M instructions, and with it ``typing``, ~16 M more, on every start).
"""

from __future__ import annotations

PROJECT = "zonelint"
#: The major version of the plugin API. A plugin that declares another major version is skipped.
API_VERSION = 1
#: the attribute a hook implementation's options are kept in (pluggy's: ``<project>_impl``)
IMPL_ATTR = PROJECT + "_impl"
#: the attribute pluggy reads a hook specification's options from
SPEC_ATTR = PROJECT + "_spec"


class HookimplMarker:
    """``@hookimpl`` or ``@hookimpl(tryfirst=True, ...)``: marks a function as a zonelint hook
    implementation, with pluggy's ``HookimplMarker`` options and in its format."""

    project_name = PROJECT

    def __call__(self, function=None, hookwrapper=False, optionalhook=False, tryfirst=False, trylast=False,
                 specname=None, wrapper=False):
        def mark(func):
            setattr(func, IMPL_ATTR, {
                "wrapper": wrapper,
                "hookwrapper": hookwrapper,
                "optionalhook": optionalhook,
                "tryfirst": tryfirst,
                "trylast": trylast,
                "specname": specname,
            })
            return func

        return mark if function is None else mark(function)


hookimpl = HookimplMarker()


def zonelint_rules() -> list:
    """Return the :class:`zonelint.Rule` subclasses this plugin provides (a list; import the
    rule modules inside the hook so that loading the plugin costs nothing until rules are
    needed). See ``docs/plugins.md``."""


def marked_specs():
    """This module, its hook specifications marked for pluggy (``pluggy.HookspecMarker``: pluggy
    is imported here, by :mod:`zonelint.plugins` when it registers plugins through pluggy)."""
    import sys

    import pluggy

    if not hasattr(zonelint_rules, SPEC_ATTR):
        pluggy.HookspecMarker(PROJECT)(zonelint_rules)
    return sys.modules[__name__]
