"""pluggy hook specifications: the whole plugin surface of zonelint.

A plugin is a module (or object) registered under the entry-point group ``zonelint``. It declares
``ZONELINT_API_VERSION = 1`` (the major version of this API it was written for) and implements
:func:`zonelint_rules`.
"""

from __future__ import annotations

import pluggy

PROJECT = "zonelint"
#: The major version of the plugin API. A plugin that declares another major version is skipped.
API_VERSION = 1

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def zonelint_rules() -> list:
    """Return the :class:`zonelint.Rule` subclasses this plugin provides (a list; import the
    rule modules inside the hook so that loading the plugin costs nothing until rules are
    needed). See ``docs/plugins.md``."""
