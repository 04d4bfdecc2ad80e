"""The list entries' kept HTML (:mod:`sphinx_publications.entry_cache`) is used, and never stale.

Each test builds, changes one input an entry's HTML depends on (an entry, a setting,
the builder), builds again into the same output, and compares with a clean build.
One test plants a marker in the kept HTML to show that an unchanged entry is indeed
taken from the cache, not made again (or the speed-up would be lost without a sign).
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path

from harness import ENTRIES, Project, build, differences

from sphinx_publications import entry_cache

MARKER = "<!-- kept by an earlier build -->"


def _build(project: Project, tmp_path: Path, *options: str) -> Path:
    srcdir, outdir = tmp_path / "src", tmp_path / "out"
    project.write(srcdir)
    result = build(srcdir, outdir, tmp_path / "doctrees", *options)
    assert result.returncode == 0, result.output
    return outdir


def _cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "doctrees" / "sphinx-publications-entries").glob("html-*"))


def _plant_marker(path: Path) -> None:
    with path.open("rb") as stream:
        version, basis, kept = pickle.load(stream)
    kept = {key: (html + MARKER, text, start) for key, (html, text, start) in kept.items()}
    with path.open("wb") as stream:
        pickle.dump((version, basis, kept), stream)


def _plant_start_marker(path: Path) -> None:
    """Mark each kept start tag (``<li data-kept="" ...``)."""
    with path.open("rb") as stream:
        version, basis, kept = pickle.load(stream)
    kept = {
        key: (html, text, (start[0], start[1].replace("<li", '<li data-kept=""', 1)))
        for key, (html, text, start) in kept.items()
    }
    with path.open("wb") as stream:
        pickle.dump((version, basis, kept), stream)


def test_unchanged_entries_come_from_the_cache_and_an_edited_one_is_made_again(tmp_path):
    project = Project()
    _build(project, tmp_path)
    files = _cache_files(tmp_path)
    assert len(files) == 1  # the publications page
    _plant_marker(files[0])
    _retitle(project, 0, "Revised")
    outdir = _build(project, tmp_path)
    html = (outdir / "publications.html").read_text("utf-8")
    # Each entry ends with its kept HTML, then "</li>": the edited one was made again.
    entries = [entry for entry in html.split("</li>") if 'class="publication' in entry]
    assert [entry for entry in entries if "Revised" in entry]
    assert not [entry for entry in entries if "Revised" in entry and MARKER in entry]
    assert all(MARKER in entry for entry in entries if "Revised" not in entry)


def test_unchanged_entries_keep_their_start_tags_too(tmp_path):
    project = Project()
    _build(project, tmp_path)
    _plant_start_marker(_cache_files(tmp_path)[0])
    _retitle(project, 0, "Revised")
    html = (_build(project, tmp_path) / "publications.html").read_text("utf-8")
    tags = re.findall(r"<li [^>]*>", html)
    for key in ("lovelace1844poetical", "lovelace1842bernoulli", "babbage1840difference"):
        (tag,) = [tag for tag in tags if f'id="pub-{key}"' in tag]
        assert 'data-kept=""' in tag, tag  # shown once, unchanged: its kept tag
    edited = [tag for tag in tags if 'data-year="1843"' in tag]
    assert edited and not [tag for tag in edited if "data-kept" in tag]


class OneListProject(Project):
    """The project with one list, not grouped: each year's first entry holds its anchor."""

    def files(self) -> dict[str, str]:
        files = super().files()
        files["publications.md"] = "# Publications\n\n```{publication-list}\n```\n"
        return files


def test_an_entry_that_loses_its_year_anchor_gets_a_new_start_tag(tmp_path):
    """The first entry of a year has the year's anchor: moved behind another, it has none."""
    project = OneListProject()
    _build(project, tmp_path)
    html = (tmp_path / "out" / "publications.html").read_text("utf-8")
    assert 'id="year-1840"' in _start_tag(html, "babbage1840difference")
    entries = project.entries
    first, second = (entries.index(k) for k in ("babbage1840difference", "demorgan1840calculus"))
    entries[first], entries[second] = entries[second], entries[first]
    _equals_clean(project, tmp_path)
    html = (tmp_path / "out" / "publications.html").read_text("utf-8")
    assert 'id="year-1840"' in _start_tag(html, "demorgan1840calculus")
    assert 'id="year-1840"' not in _start_tag(html, "babbage1840difference")


def _start_tag(html: str, key: str) -> str:
    """An entry's ``<li>`` and what the translator put before its content (extra ids)."""
    match = re.search(rf'<li [^>]*id="pub-{key}"[^>]*>(?:<span id="[^"]*"></span>)*', html)
    assert match, key
    return match.group(0)


def _retitle(project: Project, index: int, suffix: str) -> None:
    key = project.entries[index]
    project.titles[key] = f"{ENTRIES[key]['title']}, {suffix}"


def _equals_clean(project: Project, tmp_path: Path, *options: str) -> None:
    """An incremental build (with ``options``) writes what a clean one writes."""
    outdir = _build(project, tmp_path, *options)
    clean, doctrees = tmp_path / "clean", tmp_path / "clean.doctrees"
    result = build(tmp_path / "src", clean, doctrees, *options)
    assert result.returncode == 0, result.output
    assert differences(outdir, clean) == []


def test_a_setting_change_makes_entries_again(tmp_path):
    project = Project()
    _build(project, tmp_path)
    _plant_marker(_cache_files(tmp_path)[0])
    project.aliases = {"SciMem": "Memoirs"}  # changes a facet and nothing a page reads
    _equals_clean(project, tmp_path)


def test_an_entry_edit_equals_a_clean_build(tmp_path):
    project = Project()
    _build(project, tmp_path)
    _retitle(project, -1, "Second Edition")
    _equals_clean(project, tmp_path)


def test_another_builder_does_not_share_the_html(tmp_path):
    """dirhtml links papers as ``papers/key/``: html's kept entries must not be used."""
    project = Project()
    _build(project, tmp_path)
    srcdir, doctrees = tmp_path / "src", tmp_path / "doctrees"
    folders = tmp_path / "folders"
    assert build(srcdir, folders, doctrees, "-b", "dirhtml").returncode == 0
    clean = tmp_path / "clean"
    assert build(srcdir, clean, tmp_path / "clean.doctrees", "-b", "dirhtml").returncode == 0
    assert differences(folders, clean) == []
    assert len(list((doctrees / "sphinx-publications-entries").glob("dirhtml-*"))) == 1


def test_a_different_basis_ignores_the_file(tmp_path, monkeypatch):
    """A new version of the extension's code makes every key anew (no stale markup)."""
    project = Project()
    _build(project, tmp_path)
    _plant_marker(_cache_files(tmp_path)[0])
    monkeypatch.setattr(entry_cache, "VERSION", entry_cache.VERSION + 1)
    _retitle(project, 0, "Revised")
    outdir = _build(project, tmp_path)
    assert MARKER not in (outdir / "publications.html").read_text("utf-8")


class OpenGraphProject(OneListProject):
    """One list, with sphinxext-opengraph: the page's description is its entries."""

    def conf(self) -> str:
        return super().conf() + (
            "extensions.append('sphinxext.opengraph')\n"
            "ogp_site_url = 'https://ada.example.org/'\n"
            "ogp_description_length = 600\n"
        )


def test_kept_entries_give_readers_of_the_page_the_same_text(tmp_path):
    """Search words and OpenGraph's description (leaf texts) come out as in a clean build."""
    project = OpenGraphProject()
    _build(project, tmp_path)
    _retitle(project, -1, "Revised")
    _equals_clean(project, tmp_path)
    html = (tmp_path / "out" / "publications.html").read_text("utf-8")
    assert 'property="og:description"' in html
    assert ENTRIES[project.entries[0]]["title"][:20] in html.split('og:description" content="')[1]
