"""Plain value classes for the start-up path: what ``@dataclass`` generates (a ``__repr__`` and
an ``__eq__`` over the fields) without its cost at import.

A dataclass compiles the source text of its methods when its module is imported: 2-4 million
instructions a class (frozen ones the most), which a run of a small zone pays for every class on
its way, and importing :mod:`dataclasses` itself costs ~3 million more (~38 million alone: it
imports ``inspect``, and that ``ast``, ``dis`` and ``tokenize``, which pluggy, imported by every run
to register the rules, already imports). A class that subclasses :class:`Value`, lists its fields
in ``__slots__`` and writes its own ``__init__`` pays nothing of that. Use it for the internal
types every run builds.

The public API's types (``SourceFile``, ``Problem``, ``Finding``, ``Option``, ``Fix``,
``Change``) are dataclasses as far as :mod:`dataclasses` can tell (``fields``, ``replace``,
``asdict``, ``is_dataclass``: plugins and their tests use them) without importing it at start-up:
each writes the methods ``@dataclass`` would generate (with :func:`fields_repr`,
:func:`fields_eq`, :func:`frozen_error`) and declares ``__dataclass_fields__ =
DataclassFields(...)`` with the decorator's parameters; the fields are made the first time
something reads them. ``tests/test_values.py`` compares each with the real dataclass.
"""

from __future__ import annotations


def _fields(cls) -> tuple[str, ...]:
    return tuple(n for n in cls.__slots__ if not n.startswith("__"))


class Value:
    """Fields are the ``__slots__`` of the class (in order; a ``"__dict__"`` slot lets instances
    carry other attributes too, which are no fields); two values are equal when they are of the
    same class and their fields are equal; values are not hashable (as a dataclass with
    ``eq=True``), unless the class is a :class:`FrozenValue`."""

    __slots__ = ()

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in _fields(type(self)))
        return f"{type(self).__qualname__}({fields})"

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in _fields(type(self)))

    __hash__ = None  # type: ignore[assignment]

    def replace(self, **changes):
        """A copy with ``changes`` (as ``dataclasses.replace``; the class's ``__init__`` takes
        its fields by name)."""
        fields = {name: getattr(self, name) for name in _fields(type(self))}
        fields.update(changes)
        return type(self)(**fields)


class FrozenValue(Value):
    """A :class:`Value` that is never changed after ``__init__`` (by convention: nothing stops an
    assignment), so it hashes by its fields."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in _fields(type(self))))


class DataclassFields:
    """``__dataclass_fields__`` of a class written as ``@dataclass(**params)`` would make it: made
    on first read by applying ``dataclass(**params)`` to a copy of the class's annotations and
    defaults (``defaults`` for a slotted class, which has no class attributes for them; a
    ``default_factory`` per field in ``factories``), then kept on the class with
    ``__dataclass_params__``."""

    def __init__(self, defaults: dict | None = None, factories: dict | None = None, **params) -> None:
        self.defaults = defaults or {}
        self.factories = factories or {}
        self.params = params
        self.owner = None

    def __set_name__(self, owner, name: str) -> None:
        self.owner = owner

    def __get__(self, obj, cls=None):
        import dataclasses

        owner = self.owner
        annotations = owner.__dict__["__annotations__"]
        ns = {"__annotations__": dict(annotations), "__module__": owner.__module__,
              "__qualname__": owner.__qualname__}
        for name in annotations:
            if name in self.factories:
                ns[name] = dataclasses.field(default_factory=self.factories[name])
            elif name in self.defaults:
                ns[name] = self.defaults[name]
            elif name in owner.__dict__:
                ns[name] = owner.__dict__[name]
        shadow = dataclasses.dataclass(**self.params)(type(owner.__name__, (), ns))
        type.__setattr__(owner, "__dataclass_params__", shadow.__dataclass_params__)
        type.__setattr__(owner, "__dataclass_fields__", shadow.__dataclass_fields__)
        return shadow.__dataclass_fields__


def fields_repr(obj, names: tuple[str, ...]) -> str:
    """``Class(field=value, ...)``, as a dataclass's ``__repr__`` writes it."""
    return f"{obj.__class__.__qualname__}({', '.join(f'{n}={getattr(obj, n)!r}' for n in names)})"


def fields_eq(obj, other, names: tuple[str, ...]):
    """A dataclass's ``__eq__``: the fields compared as tuples, for instances of one class."""
    if other.__class__ is obj.__class__:
        return tuple(getattr(obj, n) for n in names) == tuple(getattr(other, n) for n in names)
    return NotImplemented


def frozen_error(name: str, deleting: bool = False) -> Exception:
    """The ``dataclasses.FrozenInstanceError`` a frozen dataclass raises on an assignment (or a
    ``del``) of ``name``."""
    from dataclasses import FrozenInstanceError

    return FrozenInstanceError(f"cannot {'delete' if deleting else 'assign to'} field {name!r}")
