"""The read cache on disk: saved whole now and then, and as a small journal after an edit.

:class:`~.bibfile.ReadCache` holds what reading every entry of the .bib files
learned: 12 MB for 5,000 entries. Saving all of it again after each edit of one
entry took 0.4 s, longer than reading the edited entry. So the cache is kept as a
*base* file and a *journal* of what later reads added. A read loads both; its save
writes only the journal, unless the journal has grown, or the base holds many
items no read uses any more, past a quarter of the base: then a new base (only
what the last read used) replaces both. The journal names the base it extends, and
is ignored beside any other: an interrupted save loses at most what it was adding.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .bibfile import SECTIONS, ReadCache

#: Above this share of the base, unused base items or journal items start a new base.
REWRITE_AT = 0.25

_CAUGHT = (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError)


@dataclass
class Stored:
    """A cache as loaded, with what its base file holds (to tell what a read added)."""

    cache: ReadCache
    base: str = ""  # the base file's name for the journal; "" when there is none
    in_base: dict[str, set] = field(default_factory=dict)


def load(path: Path, version: Any) -> Stored:
    """The cache saved at ``path`` by :func:`save` with this ``version``, else an empty one."""
    base = _read(path)
    if base is None or base[0] != version or not isinstance(base[2], ReadCache):
        return Stored(ReadCache())
    _, name, cache = base
    in_base = {section: set(getattr(cache, section)) for section in SECTIONS}
    journal = _read(_journal(path))
    if journal is not None and journal[:2] == (version, name) and isinstance(journal[2], ReadCache):
        cache.merge(journal[2])
    return Stored(cache, name, in_base)


def save(path: Path, version: Any, stored: Stored) -> None:
    """Save what the last read used: as a journal beside the base, or as a new base."""
    cache = stored.cache
    added = ReadCache()  # what the last read used that the base lacks
    for section in SECTIONS:
        items = getattr(cache, section)
        new = items.keys() - stored.in_base.get(section, set())
        getattr(added, section).update((key, items[key]) for key in cache.used_of(section, new))
    in_base = sum(len(keys) for keys in stored.in_base.values())
    unused = sum(
        len(keys) - len(cache.used_of(section, keys)) for section, keys in stored.in_base.items()
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if stored.base and max(added.size(), unused) <= REWRITE_AT * in_base:
            _write(_journal(path), (version, stored.base, added))
            return
        _write(path, (version, os.urandom(16).hex(), cache.pruned()))
        _journal(path).unlink(missing_ok=True)
    except OSError:
        pass  # a cache: the next build reads the files again


def _journal(path: Path) -> Path:
    return path.with_name(f"{path.stem}.journal{path.suffix}")


def _read(path: Path) -> tuple[Any, ...] | None:
    try:
        with path.open("rb") as stream:
            stored = pickle.load(stream)
    except _CAUGHT:
        return None
    return stored if isinstance(stored, tuple) and len(stored) == 3 else None


def _write(path: Path, stored: tuple[Any, ...]) -> None:
    temporary = path.with_suffix(".tmp")
    with temporary.open("wb") as stream:
        pickle.dump(stored, stream, pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)
