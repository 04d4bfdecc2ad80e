"""An incremental build writes exactly what a clean build of the same sources writes.

A property test: from a built project (:mod:`harness`), Hypothesis draws a short
sequence of edits — .bib entries added, removed, retitled, reordered; pages
edited, retitled, added, removed, renamed (with their toctree lines); conf.py
values and a template changed; generated files deleted from the output — with
incremental builds in between. (And ``{paper}`` references added and removed, the
paper pages' folder and a stylesheet changed.) After the sequence, an incremental build must
succeed and leave the same files, byte for byte, as a clean build.

The seed is fixed: every run tries the same twelve sequences;
``RELIABILITY_EXAMPLES=100`` tries more.

Builds run in this process (``sphinx.cmd.build.build_main``), several times
faster than ``python -m sphinx``; ``test_in_process_builds_write_what_sphinx_build_writes``
checks that they leave nothing behind that changes a later build's output.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from harness import ENTRIES, REFERENCED, Page, Project, build, clean_build, differences
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

#: Pages that can be added (the project starts with about and teaching).
PAGE_POOL = ("about", "teaching", "talks", "students")


def _key(project: Project, index: int, *, removable: bool = False) -> str | None:
    keys = [k for k in project.entries if not (removable and k == REFERENCED)]
    return keys[index % len(keys)] if keys else None


def _page(project: Project, index: int) -> str | None:
    names = sorted(project.pages)
    return names[index % len(names)] if names else None


# -- Edits: each changes the project (or the output) and says what it did -----------------


def edit_title(project: Project, out: Path, i: int, n: int) -> str:
    key = _key(project, i)
    project.titles[key] = f"{ENTRIES[key]['title']}, Revised {n}"
    return f"retitle entry {key}"


def remove_entry(project: Project, out: Path, i: int) -> str:
    key = _key(project, i, removable=True)
    if key is None:
        return "(no entry to remove)"
    project.entries.remove(key)
    return f"remove entry {key}"


def add_entry(project: Project, out: Path, i: int, at: int) -> str:
    absent = [k for k in ENTRIES if k not in project.entries]
    if not absent:
        return "(no entry to add)"
    key = absent[i % len(absent)]
    project.entries.insert(at % (len(project.entries) + 1), key)
    return f"add entry {key}"


def reorder_entries(project: Project, out: Path, seed: int) -> str:
    random.Random(seed).shuffle(project.entries)
    return f"reorder entries: {project.entries}"


def edit_page(project: Project, out: Path, i: int, n: int) -> str:
    name = _page(project, i)
    if name is None:
        return "(no page to edit)"
    project.pages[name].text = f"Text, version {n}."
    return f"edit page {name}"


def retitle_page(project: Project, out: Path, i: int, n: int) -> str:
    name = _page(project, i)
    if name is None:
        return "(no page to retitle)"
    project.pages[name].title = f"{name.title()} {n}"
    return f"retitle page {name}"


def add_page(project: Project, out: Path, i: int) -> str:
    absent = [p for p in PAGE_POOL if p not in project.pages]
    if not absent:
        return "(no page to add)"
    name = absent[i % len(absent)]
    project.pages[name] = Page(name.title())
    return f"add page {name}"


def remove_page(project: Project, out: Path, i: int) -> str:
    name = _page(project, i)
    if name is None:
        return "(no page to remove)"
    del project.pages[name]
    return f"remove page {name}"


def rename_page(project: Project, out: Path, i: int, j: int) -> str:
    name = _page(project, i)
    absent = [p for p in PAGE_POOL if p not in project.pages]
    if name is None or not absent:
        return "(no page to rename)"
    new = absent[j % len(absent)]
    project.pages = {(new if k == name else k): v for k, v in project.pages.items()}
    return f"rename page {name} to {new}"


def toggle_citation(project: Project, out: Path, i: int) -> str:
    name = _page(project, i)
    if name is None:
        return "(no page to cite on)"
    project.pages[name].cites = not project.pages[name].cites
    return f"{'add' if project.pages[name].cites else 'remove'} {{paper}} on page {name}"


def set_html_title(project: Project, out: Path, n: int) -> str:
    project.html_title = f"Ada Lovelace {n}"
    return f"html_title = {project.html_title!r}"


ALIASES = ({}, {"CCM": "Calculating Machines"}, {"RSoc": "Royal Society", "SciMem": "Memoirs"})
OWNERS = (("Ada Lovelace",), ("Ada Lovelace", "Mary Somerville"), ("Charles Babbage",))


def set_aliases(project: Project, out: Path, i: int) -> str:
    project.aliases = dict(ALIASES[i % len(ALIASES)])
    return f"publications_venue_aliases = {project.aliases}"


def set_owner(project: Project, out: Path, i: int) -> str:
    project.owner = OWNERS[i % len(OWNERS)]
    return f"publications_owner = {list(project.owner)}"


def set_paper_dir(project: Project, out: Path, i: int) -> str:
    project.paper_dir = ("papers", "research/papers")[i % 2]
    return f"publications_paper_dir = {project.paper_dir!r}"


def edit_template(project: Project, out: Path, n: int) -> str:
    project.template = f"variant {n}"
    return "edit _templates/page.html"


def edit_stylesheet(project: Project, out: Path, n: int) -> str:
    project.style = f"variant {n}"
    return "edit _static/site.css"


def delete_output(project: Project, out: Path, kind: int, i: int) -> str:
    key = _key(project, i)
    docs = ["index", "publications", *project.pages]
    papers = project.paper_dir
    name = [
        f"{papers}/{key}.html",
        f"{papers}/{key}.bib",
        f"{papers}/publications.bib",
        "searchindex.js",
        f"{docs[i % len(docs)]}.html",
    ][kind % 5]
    (out / name).unlink(missing_ok=True)
    return f"delete {name} from the output"


def incremental(project: Project, out: Path) -> str:
    return "build"  # carried out by the test


EDITS: list[tuple[Callable[..., str], int]] = [
    (edit_title, 2),
    (remove_entry, 1),
    (add_entry, 2),
    (reorder_entries, 1),
    (edit_page, 2),
    (retitle_page, 2),
    (add_page, 1),
    (remove_page, 1),
    (rename_page, 2),
    (toggle_citation, 1),
    (set_html_title, 1),
    (set_aliases, 1),
    (set_owner, 1),
    (set_paper_dir, 1),
    (edit_template, 1),
    (edit_stylesheet, 1),
    (delete_output, 2),
    (incremental, 0),
]


class Edit(NamedTuple):
    function: Callable[..., str]
    args: tuple[int, ...]

    def __repr__(self) -> str:
        return f"{self.function.__name__}{self.args}"


numbers = st.integers(min_value=0, max_value=50)
edit = st.one_of(
    *(st.builds(Edit, st.just(f), st.tuples(*[numbers] * arity)) for f, arity in EDITS)
)


# -- The test -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The project, built once: (the folder every example works in, a copy of it)."""
    root = tmp_path_factory.mktemp("incremental")
    work = root / "work"
    Project().write(work / "src")
    first = build(work / "src", work / "html", work / "html.doctrees")
    assert first.returncode == 0, first.output
    shutil.copytree(work, root / "baseline")
    return work, root / "baseline"


def step(work: Path, log: list[str]) -> None:
    result = build(work / "src", work / "html", work / "html.doctrees")
    assert result.returncode == 0, "\n".join([*log, result.output[-3000:]])


@settings(
    derandomize=True,  # the same sequences on every run
    database=None,
    max_examples=int(os.environ.get("RELIABILITY_EXAMPLES", "12")),
    deadline=None,
    # No shrinking: each step costs builds (minutes in all); the message lists the edits.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=st.lists(edit, min_size=1, max_size=6))
# Entries moved and nothing else: no paper's page changes, but the file of all papers'
# BibTeX follows the new order (it kept the old one).
@example(edits=[Edit(reorder_entries, (3,))])
def test_incremental_build_equals_clean_build(built, edits):
    work, baseline = built
    shutil.rmtree(work)
    shutil.copytree(baseline, work)
    project = Project()
    log = []
    for function, args in edits:
        log.append(function(project, work / "html", *args))
        if function is incremental:
            project.write(work / "src")
            step(work, log)
        elif function is not delete_output:
            project.write(work / "src")
    step(work, log)
    clean = clean_build(work / "src", work.parent / "clean")
    assert differences(work / "html", clean) == [], log


def test_in_process_builds_write_what_sphinx_build_writes(built, tmp_path):
    """In-process builds leave nothing behind that a later build in the same folders would see.

    An incremental build in this process, after others into the same output folder,
    writes what a clean ``python -m sphinx`` writes.
    """
    work, baseline = built
    shutil.rmtree(work)
    shutil.copytree(baseline, work)
    project = Project(entries=[*reversed(Project().entries), "lovelace1846music"])
    project.titles[REFERENCED] = "Notes, Annotated"
    project.pages["talks"] = Page("Talks", cites=True)
    project.style = "revised"
    project.write(work / "src")
    step(work, [])
    theirs = clean_build(work / "src", tmp_path, in_process=False)
    assert differences(work / "html", theirs) == []
