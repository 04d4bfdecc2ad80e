"""A value per parsed entry and what it is made from, for as long as the entry lives.

pybtex entries compare by value and cannot be hashed, so :class:`weakref.WeakKeyDictionary`
cannot hold them; this keys by identity instead and forgets an entry when it is
collected, so an edited .bib file (read again, new entries) never meets a stale value
and nothing of it reaches the pickled environment.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

Value = TypeVar("Value")


class PerEntry(Generic[Value]):
    """One value per live object, valid for one ``basis`` (settings, fields) at a time."""

    def __init__(self) -> None:
        self._values: dict[int, tuple[weakref.ref, Hashable, Value]] = {}

    def get(self, entry: Any, basis: Hashable, make: Callable[[Any, Any], Value]) -> Value:
        """The value for ``entry`` made from ``basis``: kept, or made now by
        ``make(entry, basis)`` (a function, not a closure made at each of 30,000 calls)."""
        held = self._values.get(id(entry))
        if held is not None and held[0]() is entry and (held[1] is basis or held[1] == basis):
            return held[2]
        value = make(entry, basis)
        self.set(entry, basis, value)
        return value

    def set(self, entry: object, basis: Hashable, value: Value) -> None:
        key = id(entry)
        values = self._values

        def forget(_: weakref.ref, key: int = key) -> None:
            values.pop(key, None)

        values[key] = (weakref.ref(entry, forget), basis, value)

    def __len__(self) -> int:
        return len(self._values)
