"""A value per parsed entry, for as long as the entry lives.

pybtex entries compare by value and cannot be hashed, so :class:`weakref.WeakKeyDictionary`
cannot hold them; this keys by identity instead and forgets an entry when it is
collected, so an edited .bib file (read again, new entries) never meets a stale value
and nothing of it reaches the pickled environment.
"""

from __future__ import annotations

import weakref
from typing import Generic, TypeVar

Value = TypeVar("Value")


class PerEntry(Generic[Value]):
    """Values keyed by the identity of live objects."""

    def __init__(self) -> None:
        self._values: dict[int, tuple[weakref.ref, Value]] = {}

    def get(self, entry: object) -> Value | None:
        held = self._values.get(id(entry))
        if held is None or held[0]() is not entry:
            return None
        return held[1]

    def set(self, entry: object, value: Value) -> None:
        key = id(entry)
        values = self._values

        def forget(_: weakref.ref, key: int = key) -> None:
            values.pop(key, None)

        self._values[key] = (weakref.ref(entry, forget), value)

    def __len__(self) -> int:
        return len(self._values)
