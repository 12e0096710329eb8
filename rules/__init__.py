"""The built-in zonelint rules, registered through pluggy exactly like a third-party plugin.

Every module in this package is imported and each :class:`zonelint.Rule` subclass defined in it
(with a ``code``) is provided. Adding a rule means adding a module (or a class to a module) and its
fixtures: there is no central list to edit.
"""

from __future__ import annotations

from zonelint import hookimpl

ZONELINT_API_VERSION = 1


@hookimpl
def zonelint_rules():
    import importlib
    import pkgutil

    from zonelint import Rule

    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, Rule)
                and obj.__module__ == module.__name__
                and "code" in obj.__dict__
            ):
                found.append(obj)
    return found
