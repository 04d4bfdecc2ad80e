"""Small .bib files written by the tests, read the way the build reads them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sphinx_publications.bib import bibfile, checks
from sphinx_publications.bib.bibfile import BibFile
from sphinx_publications.bib.findings import Finding
from sphinx_publications.bib.records import Publication, Settings, from_entry


@pytest.fixture
def read(tmp_path: Path) -> Callable[..., BibFile]:
    """``read(text)``: a .bib file with this text, read (``raw=b"..."`` for bytes)."""

    def load(text: str = "", *, raw: bytes | None = None, name: str = "refs.bib") -> BibFile:
        path = tmp_path / name
        path.write_bytes(raw if raw is not None else text.encode("utf-8"))
        return bibfile.read(path, name)

    return load


@pytest.fixture
def findings(read: Callable[..., BibFile], tmp_path: Path) -> Callable[..., list[Finding]]:
    """``findings(text, owner=[...])``: every finding of reading and checking a file."""

    def run(text: str, owner: tuple[str, ...] = (), files: bool = False) -> list[Finding]:
        if files:
            (tmp_path / "assets" / "pdf").mkdir(parents=True, exist_ok=True)

        def find_file(value: str) -> tuple[Path | None, bool]:
            path = tmp_path / "assets" / "pdf" / value
            return (path if path.is_file() else None), (tmp_path / "assets" / "pdf").is_dir()

        bib = read(text)
        context = checks.Context(
            checks.owner_keys(owner), owner, ("code", "pdf", "slides"), find_file
        )
        found = bib.findings + checks.check(bib, context)
        # Checks kept between builds (the read cache) find the same, cold and warm.
        cache = bibfile.ReadCache()
        for _ in range(2):
            kept = bibfile.read(bib.path, bib.shown, cache=cache)
            assert kept.findings + checks.check(kept, context, cache) == found
            cache = cache.pruned()
        return found

    return run


@pytest.fixture
def pubs(read: Callable[..., BibFile]) -> Callable[..., list[Publication]]:
    """``pubs(text, owner=[...])``: the views of a file's entries, in file order."""

    def run(text: str, owner: tuple[str, ...] = (), **settings: object) -> list[Publication]:
        view = Settings.make(owner, **settings)  # type: ignore[arg-type]
        return [from_entry(entry, view) for entry in read(text).data.entries.values()]

    return run
