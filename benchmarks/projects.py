"""The projects the benchmark builds, each a throwaway copy: never the working tree.

* Sphinx alone: one page, no extension, Sphinx's default theme: what no site built
  with ``sphinx-build`` on this machine can go below;
* the floor: the site's configuration, theme and static files with a single page
  and an empty bibliography, i.e. what Sphinx with these extensions costs anyway;
* the site as it is;
* synthetic sites: the site with ``refs.bib`` replaced by a generated one.

Each project is the site's own configuration, so whatever the site grows (paper
pages, meta tags, charts) is measured without changes here.
"""

from __future__ import annotations

import re
import runpy
import shutil
from collections.abc import Iterable
from pathlib import Path

from pybtex.database import BibliographyData, parse_file

from . import synthetic

REPO = Path(__file__).resolve().parents[1]

#: What a copy of the site leaves out: machinery, tooling and outputs.
NOT_SITE = {"_build", "benchmarks", "examples", "node_modules", "papers", "src", "tests", "tools"}
_PAGE_SUFFIXES = {".md", ".rst"}
_TITLE_FIELD = re.compile(r"(\btitle\s*=\s*[{\"])", re.IGNORECASE)
_ENTRY_START = re.compile(r"^@(?!comment|string|preamble)\w+\s*[{(]\s*([^,\s]+)", re.I | re.M)

EDIT_MARKER = "Benchmark-edited"


def copy_site(dest: Path, repo: Path = REPO) -> Path:
    """Copy the site's sources (pages, bibliography, conf.py, static files) to ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for item in repo.iterdir():
        if item.name in NOT_SITE or item.name.startswith("."):
            continue
        if item.is_dir():
            shutil.copytree(item, dest / item.name)
        else:
            shutil.copy2(item, dest / item.name)
    return dest


def config(srcdir: Path) -> dict:
    """The values conf.py defines (it is the site's own file, so running it is safe)."""
    return runpy.run_path(str(srcdir / "conf.py"))


def bib_files(srcdir: Path) -> list[Path]:
    return [srcdir / name for name in config(srcdir).get("bibtex_bibfiles", [])]


def page_sources(srcdir: Path) -> list[Path]:
    return sorted(
        path
        for path in srcdir.rglob("*")
        if path.suffix in _PAGE_SUFFIXES
        and not any(part.startswith(("_", ".")) for part in path.relative_to(srcdir).parts)
    )


def sphinx_alone_project(dest: Path) -> Path:
    """One page and a conf.py that names the project only: no extension, the default theme."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "conf.py").write_text('project = "Sphinx alone"\n', "utf-8")
    (dest / "index.rst").write_text("Home\n====\n\nA single page.\n", "utf-8")
    return dest


def floor_project(dest: Path) -> Path:
    """One page, no papers, otherwise the site: same extensions, theme and options."""
    copy_site(dest)
    for page in page_sources(dest):
        page.unlink()
    (dest / "index.md").write_text("# Home\n\nA single page.\n", "utf-8")
    for bib in bib_files(dest):
        bib.write_text("% no entries\n", "utf-8")
    return dest


def referenced_keys(srcdir: Path, keys: Iterable[str]) -> set[str]:
    """The keys that pages name (``{cite}``, ``{paper}`` or any other role or directive)."""
    text = "\n".join(page.read_text("utf-8") for page in page_sources(srcdir))
    return {key for key in keys if re.search(rf"(?<![\w:/-]){re.escape(key)}(?![\w:/-])", text)}


def synthetic_site(dest: Path, entries: int, seed: int = synthetic.SEED) -> Path:
    """The site with a generated bibliography of ``entries`` papers.

    Entries of the real bibliography that pages refer to are kept, so the pages build.
    """
    copy_site(dest)
    bibs = bib_files(dest)
    owner = config(dest)["publications_owner"][0]
    kept = BibliographyData()
    for bib in bibs:
        data = parse_file(str(bib), "bibtex")
        referenced = referenced_keys(dest, data.entries.keys())
        for key in data.entries:  # in file order: the same file in every run
            if key in referenced:
                kept.add_entry(key, data.entries[key])
        bib.write_text("% replaced by a synthetic bibliography\n", "utf-8")
    text = synthetic.bibliography(entries, owner, seed, reserved_keys=kept.entries.keys())
    if kept.entries:
        text += "\n" + kept.to_string("bibtex")
    bibs[0].write_text(text, "utf-8")
    return dest


def edit_page(srcdir: Path) -> Path:
    """Append a paragraph to a text page (one without publication lists)."""
    pages = [p for p in page_sources(srcdir) if p.stem != "index"]
    plain = [p for p in pages if "bibliography" not in p.read_text("utf-8")]
    page = (plain or pages or page_sources(srcdir))[0]
    with page.open("a", encoding="utf-8") as file:
        file.write(f"\n{EDIT_MARKER} paragraph.\n")
    return page


def edit_bib_entry(srcdir: Path) -> str:
    """Prefix the title of the first entry in the first .bib file; returns its key."""
    bib = bib_files(srcdir)[0]
    text = bib.read_text("utf-8")
    entry = _ENTRY_START.search(text)
    match = _TITLE_FIELD.search(text, entry.end()) if entry else None
    if entry is None or match is None:
        raise ValueError(f"{bib.name} has no entry with a title to edit")
    bib.write_text(text[: match.end()] + f"{EDIT_MARKER} " + text[match.end() :], "utf-8")
    return entry.group(1)
