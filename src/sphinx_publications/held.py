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

The bibliography also saves as pickled parts inside the environment, unpickled when
first used (:class:`HeldBibliography`): most builds never use the saved one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import weakref
from typing import Any, TypeVar

from pybtex.database import BibliographyData, Entry

from .bib.bibfile import Fields
from .collector import paused

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

    Saved with the environment in parts of :data:`PART` entries, each pickled on its
    own, and unpickled on first use: a build that never looks at the entries (a no-op)
    or replaces them (a ``.bib`` file was edited) neither unpickles 5,000 entries'
    objects nor has the collector walk them. A part whose entries are the same as in
    a part the last build saved (:meth:`reuse_parts_of`) is saved as those bytes, not
    pickled again: an edit of one entry of 5,000 pickles one part (0.1 s less).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entries = Fields(self.entries.items())  # looked up and walked at a dict's speed

    def __reduce_ex__(self, protocol: Any) -> Any:
        reference = _reference(self)
        if reference is not None:
            return reference
        saved = self.__dict__.get(_BLOB)
        if saved is None:
            with paused():  # pickling makes a tuple per object, and no cycle
                saved = self._pickled()
        return (_restored_later, saved)

    def __getattr__(self, name: str) -> Any:
        # Only for attributes not set yet: those of a bibliography still in its parts.
        saved = self.__dict__.pop(_BLOB, None)
        if saved is None:
            raise AttributeError(name)
        rest, parts = saved
        items: list[tuple[str, Entry]] = []
        for _identity, part in parts:
            items += pickle.loads(part)
        self.__dict__.update(pickle.loads(rest))
        self.entries = Fields(items)
        self.__dict__[_PARTS] = {identity: part for identity, part in parts if identity}
        return getattr(self, name)

    def reuse_parts_of(self, other: BibliographyData) -> None:
        """Let this bibliography's save reuse the saved parts of ``other`` (the last build's)."""
        parts = other.__dict__.get(_PARTS, {})
        saved = other.__dict__.get(_BLOB)
        if saved is not None:  # still as saved: its parts, no entry unpickled
            parts = {identity: part for identity, part in saved[1] if identity}
        self.__dict__[_PARTS] = parts

    def _pickled(self) -> tuple[bytes, list[tuple[str, bytes]]]:
        state = dict(self.__dict__)
        known = state.pop(_PARTS, {})
        items = list(state.pop("entries").items())
        parts = []
        for start in range(0, len(items), PART):
            chunk = items[start : start + PART]
            identity = _identity(chunk)
            part = known.get(identity) if identity else None
            parts.append((identity, part or pickle.dumps(chunk, pickle.HIGHEST_PROTOCOL)))
        self.__dict__.pop(_PARTS, None)  # the next save is another build's
        return pickle.dumps(state, pickle.HIGHEST_PROTOCOL), parts


#: Entries per separately pickled part of a saved :class:`HeldBibliography`.
PART = 256

_BLOB = "_pickled_entries"
_PARTS = "_reusable_parts"


def _identity(items: list[tuple[str, Entry]]) -> str:
    """What a part's entries are made from, or "" if that is not known for each.

    An entry read from a ``.bib`` file (:mod:`.bib.bibfile`) is a function of its
    ``source_digest`` (its text as parsed, with its ``crossref`` parent's) but for the
    case of its type and the fields the loader derives from the settings.
    """
    parts = []
    for key, entry in items:
        digest = getattr(entry, "source_digest", None)
        if digest is None:
            return ""
        fields = entry.fields
        parts.append((key, entry.original_type, digest, fields.get("kind"), fields.get("year")))
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _restored_later(rest: bytes, parts: list[tuple[str, bytes]]) -> HeldBibliography:
    data = HeldBibliography.__new__(HeldBibliography)
    data.__dict__[_BLOB] = (rest, parts)
    return data
