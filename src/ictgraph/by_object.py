"""Values remembered per object, looked up by its identity.

The facts of a large run name a few thousand entities through a few hundred thousand
shared objects, and hashing an entity hashes its whole nested key: what is asked of an
entity for every mention is remembered per object instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class ByObject(Generic[K, V]):
    """compute(obj), once per object. Each entry holds its object, so that no other object
    can take its id while the entry lives."""

    def __init__(self) -> None:
        self._values: dict[int, tuple[K, V]] = {}

    def get(self, obj: K, compute: Callable[[K], V]) -> V:
        known = self._values.get(id(obj))
        if known is None or known[0] is not obj:
            known = self._values[id(obj)] = (obj, compute(obj))
        return known[1]
