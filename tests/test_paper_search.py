"""Paper pages in Sphinx's search index: an edit takes out exactly the words it removed."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from docutils import nodes
from sphinx.search import IndexBuilder
from sphinx.util.docutils import new_document
from support import sphinx_build
from test_papers import search_terms

from sphinx_publications import paper_search


def _indexer() -> IndexBuilder:
    """Sphinx's own indexer, over an environment that holds nothing else."""
    env = SimpleNamespace(domains={}, version={})
    for name in ("titles", "filenames", "mapping", "title_mapping", "all_titles"):
        setattr(env, f"_search_index_{name}", {})
    for name in ("index_entries", "objtypes", "objnames"):
        setattr(env, f"_search_index_{name}", {})
    return IndexBuilder(env, "en", {}, "")  # type: ignore[arg-type]


def _feed(indexer: IndexBuilder, docname: str, title: str, text: str) -> None:
    doctree = new_document(docname)
    doctree += nodes.section("", nodes.title(title, title), nodes.paragraph(text, text))
    indexer.feed(docname, f"{docname}.md", title, doctree)


def _state(indexer: IndexBuilder) -> tuple[dict, ...]:
    held = ("_titles", "_filenames", "_all_titles", "_mapping", "_title_mapping")
    return tuple(dict(getattr(indexer, name)) for name in held)


def _fed() -> IndexBuilder:
    indexer = _indexer()
    _feed(indexer, "index", "Home", "Papers on engines and looms")
    _feed(indexer, "papers/a", "Analytical Engine", "Ada Lovelace, engines")
    _feed(indexer, "papers/b", "Difference Engine", "Charles Babbage, looms")
    _feed(indexer, "papers/c", "Notes", "Ada Lovelace")
    return indexer


@pytest.fixture
def indexer() -> IndexBuilder:
    return _fed()


@pytest.mark.parametrize(
    "keep",
    [
        {"index", "papers/a", "papers/b", "papers/c"},  # nothing to take out
        {"index", "papers/a", "papers/c"},  # one page
        {"papers/c"},  # most pages
        set(),  # every page
        {"index", "papers/a", "papers/b", "papers/c", "papers/new"},  # a page it lacks
    ],
)
def test_taking_pages_out_leaves_what_sphinxs_prune_leaves(indexer, keep):
    expected = _fed()
    expected.prune(keep)
    paper_search._keep_paper_pages(indexer, frozenset()).keep_only(set(keep))
    assert _state(indexer) == _state(expected)


def test_more_than_a_few_pages_are_left_to_sphinxs_prune(indexer, monkeypatch):
    monkeypatch.setattr(paper_search, "FEW_PAGES", 1)
    calls = []
    keep = paper_search._keep_paper_pages(indexer, frozenset())
    monkeypatch.setattr(keep, "prune", lambda docnames: calls.append(set(docnames)))
    keep.keep_only({"index", "papers/a", "papers/b"})  # one page out: by hand
    keep.keep_only({"index"})  # two more: Sphinx's prune
    assert calls == [{"index"}]
    assert "papers/c" not in indexer._titles


def test_the_paper_pages_are_kept_through_sphinxs_calls(indexer):
    prune = paper_search._keep_paper_pages(indexer, frozenset({"papers/a", "papers/b"}))
    assert indexer.prune is prune
    indexer.prune({"index"})  # as Sphinx calls it, with its documents only
    assert set(indexer._titles) == {"index", "papers/a", "papers/b"}
    assert indexer._mapping["lovelac"] == {"papers/a"}


BIB = (
    "@article{{lovelace1843notes, author = {{Ada Lovelace}}, journal = {{Scientific Memoirs}},\n"
    "  title = {{{title}}}, year = {{1843}}}}\n"
)
PAGE = "# Papers\n\n```{publication-list}\n```\n"


def test_an_edited_title_loses_its_old_words_in_an_incremental_build(project, tmp_path):
    first = project(
        {"index.md": PAGE, "refs.bib": BIB.format(title="Sketch of the Analytical Engine")},
        owner=("Ada Lovelace",),
    )
    assert first.returncode == 0, first.stderr
    assert search_terms(tmp_path / "html")["analyt"] == {"papers/lovelace1843notes"}
    (tmp_path / "src/refs.bib").write_text(BIB.format(title="Notes on a Loom"), "utf-8")
    second = sphinx_build(tmp_path / "src", tmp_path / "html")
    assert second.returncode == 0, second.stderr
    terms = search_terms(tmp_path / "html")
    assert "analyt" not in terms
    assert terms["loom"] == {"papers/lovelace1843notes"}
