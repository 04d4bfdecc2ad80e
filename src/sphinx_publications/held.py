"""Build data that forked workers hand back as a reference, not as a copy.

With ``-j N`` Sphinx reads documents in forked worker processes, and each worker
pickles its whole environment back to the build's process, which merges only what
the worker's documents added (``env-merge-info``, ``merge_domaindata``). The parsed
bibliography, the state of the ``.bib`` files and the paper pages are most of that
environment (5 MB for 5,000 papers), are made before reading starts, and no
document changes them; the build's process already holds them. Objects registered
with :func:`hold` pickle in full in the process that registered them (the
environment saved to disk), and as a reference to that process's own object in a
forked worker, so the merge neither copies nor unpickles them.

Registered objects are weakly referenced; nothing outlives its build.

The bibliography also saves as one pickled blob inside the environment, unpickled
when first used (:class:`HeldBibliography`): most builds never use the saved one.
"""

from __future__ import annotations

import os
import pickle
import weakref
from typing import Any, TypeVar

from pybtex.database import BibliographyData

T = TypeVar("T")

#: id -> weak reference, for the objects the registering process holds.
_held: dict[int, weakref.ref] = {}
_holder = 0  # the process that registered them


def hold(obj: T) -> T:
    """Register ``obj`` (made or loaded by the build's process); returns it."""
    global _holder
    if _holder != os.getpid():
        _held.clear()
        _holder = os.getpid()
    ident = id(obj)
    _held[ident] = weakref.ref(obj, lambda _ref: _forget(ident, _ref))
    return obj


def _forget(ident: int, ref: weakref.ref) -> None:
    if _held.get(ident) is ref:
        del _held[ident]


def _reference(obj: Any) -> tuple[Any, ...] | None:
    """How a forked worker pickles a held object: by its id in the holding process."""
    if not _holder or os.getpid() == _holder:
        return None
    ref = _held.get(id(obj))
    if ref is None or ref() is not obj:
        return None
    return (_restore, (_holder, id(obj)))


def _restore(holder: int, ident: int) -> Any:
    ref = _held.get(ident) if holder == _holder == os.getpid() else None
    obj = ref() if ref is not None else None
    if obj is None:
        raise pickle.UnpicklingError(
            "a worker's data refers to an object of the build's process that is gone"
        )
    return obj


class Held:
    """Mixin: pickles as a reference in a forked worker once held, in full elsewhere."""

    def __reduce_ex__(self, protocol: Any) -> Any:
        return _reference(self) or super().__reduce_ex__(protocol)


class HeldDict(Held, dict):  # type: ignore[type-arg]
    """A mapping the build's process holds (the paper pages, the entries' digests)."""


class HeldBibliography(Held, BibliographyData):
    """The parsed entries, as sphinxcontrib-bibtex receives them.

    Saved with the environment as one pickled blob, unpickled on first use: a build
    that never looks at the entries (a no-op) or replaces them (a ``.bib`` file was
    edited) neither unpickles 5,000 entries' objects nor has the collector walk them.
    """

    def __reduce_ex__(self, protocol: Any) -> Any:
        reference = _reference(self)
        if reference is not None:
            return reference
        state = self.__dict__
        blob = state.get(_BLOB) if len(state) == 1 else None
        if blob is None:
            self.entries  # noqa: B018 -- a restored blob is read before anything is added
            blob = pickle.dumps(state, pickle.HIGHEST_PROTOCOL)
        return (_restored_later, (blob,))

    def __getattr__(self, name: str) -> Any:
        # Only for attributes not set yet: those of a bibliography still in its blob.
        blob = self.__dict__.pop(_BLOB, None)
        if blob is None:
            raise AttributeError(name)
        self.__dict__.update(pickle.loads(blob))
        return getattr(self, name)


_BLOB = "_pickled_entries"


def _restored_later(blob: bytes) -> HeldBibliography:
    data = HeldBibliography.__new__(HeldBibliography)
    data.__dict__[_BLOB] = blob
    return data
