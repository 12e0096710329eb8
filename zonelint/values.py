"""Plain value classes for the start-up path: what ``@dataclass`` generates (a ``__repr__`` and
an ``__eq__`` over the fields) without its cost at import.

A dataclass compiles the source text of its methods when its module is imported: 2-4 million
instructions a class (frozen ones the most), which a run of a small zone pays for every class on
its way. A class that subclasses :class:`Value`, lists its fields in ``__slots__`` and writes its
own ``__init__`` pays nothing of that. Use it for the internal types every run builds; the public
API's types (``Finding``, ``Problem``, ``SourceFile``, ``Option``, ``Fix``) stay dataclasses.
"""

from __future__ import annotations


class Value:
    """Fields are the ``__slots__`` of the class (in order); two values are equal when they are of
    the same class and their fields are equal; values are not hashable (as a dataclass with
    ``eq=True``), unless the class is a :class:`FrozenValue`."""

    __slots__ = ()

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in type(self).__slots__)
        return f"{type(self).__qualname__}({fields})"

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in type(self).__slots__)

    __hash__ = None  # type: ignore[assignment]


class FrozenValue(Value):
    """A :class:`Value` that is never changed after ``__init__`` (by convention: nothing stops an
    assignment), so it hashes by its fields."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in type(self).__slots__))
