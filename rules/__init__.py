"""The built-in zonelint rules, registered through pluggy exactly like a third-party plugin.

Every module in this package is imported and each :class:`zonelint.Rule` subclass defined in it
(with a ``code``) is provided. Adding a rule means adding a module (or a class to a module) and its
fixtures: there is no central list to edit.
"""

from __future__ import annotations

from zonelint import hookimpl

ZONELINT_API_VERSION = 1


def _module_names() -> list[str]:
    """The names of this package's modules and sub-packages, as ``pkgutil.iter_modules`` lists a
    folder (pkgutil is imported only for a package that is not a folder, a zip: importing it
    imports ``typing``, ~19 M instructions at every start)."""
    import os
    from importlib.machinery import all_suffixes

    suffixes = sorted(all_suffixes(), key=len, reverse=True)
    names = set()
    for folder in __path__:
        try:
            entries = os.listdir(folder)
        except OSError:
            import pkgutil

            return sorted({m.name for m in pkgutil.iter_modules(__path__)})
        for entry in entries:
            stem = next((entry[: -len(s)] for s in suffixes if entry.endswith(s)), None)
            if stem is None and "." not in entry and any(
                os.path.isfile(os.path.join(folder, entry, "__init__" + s)) for s in suffixes
            ):
                stem = entry  # a package
            if stem and stem != "__init__" and "." not in stem and stem.isidentifier():
                names.add(stem)
    return sorted(names)


@hookimpl
def zonelint_rules():
    import importlib

    from zonelint import Rule

    found = []
    for name in _module_names():
        if name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{name}")
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, Rule)
                and obj.__module__ == module.__name__
                and "code" in obj.__dict__
            ):
                found.append(obj)
    return found
