"""List entries' HTML, kept between builds: one edit no longer rebuilds a 5,000-paper list.

Building an entry's nodes, running the later post-transforms over them, translating
them to HTML and feeding their words to the search index cost about 3 ms an entry,
every time the page with the list is written, though one entry changed. So each
entry's HTML is kept, per page, in a file beside the doctrees, keyed by everything
it is made from:

* the page's basis (:func:`page_basis`): the extension's own code (its files, by
  content), Sphinx's and docutils' versions, the builder, its translator class and
  node handlers, every configuration value, the writer's docutils settings, and the
  page's name (links are relative to it);
* the entry's: its text as read (or its :class:`~.bib.records.Publication`, which is
  everything it shows), whether its paper has a page, the site files it links, and
  its thumbnail.

The HTML is what the builder's real translator wrote for the entry, in its place in
the page, when the entry was last made as nodes (captured by the entry's visitor,
:mod:`.nodes`). It is the entry's content only: the ``<li>`` with its ids and
``data-*`` facets may change without the entry (year anchors, :mod:`.yearnav`, and
the page's other ids decide those), so the translator's start tag is kept beside
it with the ids, classes and facets it was written for, and used only for the same.
A kept entry is a :class:`~.nodes.publication_entry` holding its text
(:func:`entry_text`: the search index gets the same words), whose visitor writes
the kept HTML. Non-HTML builders never use it.

The file of a page is replaced when the page is written (``html-page-context``, in
the process that wrote it, also a worker of ``-j``) by the entries it showed: the
cache does not grow with edits. Nothing in it can be stale: an entry whose inputs
changed has another key.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import string
from functools import cache
from pathlib import Path
from typing import Any

import docutils
import sphinx
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

#: Bumped when what the files hold changes shape (2: each entry's start tag).
VERSION = 2
#: Python attribute of a document being written: key -> :data:`Kept` of its entries.
_WRITTEN = "_publications_entry_html"
#: Nodes whose text is read otherwise than as leaves in order (by the search index,
#: or readers such as sphinxext-opengraph): an entry holding one is not kept
#: (:func:`entry_text`).
_NOT_PLAIN_TEXT = (
    nodes.Invisible,
    nodes.Admonition,
    nodes.raw,
    nodes.title,
    nodes.meta,
    nodes.literal_block,
    nodes.Sequential,
    nodes.Part,
)
_NO_SPACE = string.whitespace + string.punctuation

#: An entry's HTML, its text, and (what its start tag was written for, the start tag).
Kept = tuple[str, str, tuple[str, str]]


class PageCache:
    """The kept entries of one page being written, and how to key a new one."""

    def __init__(self, basis: str, kept: dict[str, Kept]) -> None:
        self.basis = basis
        self.kept = kept

    def key(self, entry: object, *details: Any) -> str:
        """The key of an entry: the page's basis, the entry and what it links on the page."""
        text = repr((self.basis, entry, details))
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    def get(self, key: str) -> Kept | None:
        """The entry's HTML, text and start tag, if a build wrote it from the same inputs."""
        return self.kept.get(key)


def for_page(app: Sphinx, docname: str) -> PageCache | None:
    """The cache of the page ``docname``, or None where entries stay nodes (non-HTML)."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or builder.format != "html":
        return None
    basis = page_basis(app, docname)
    return PageCache(basis, _load(_file(app, docname), basis))


def page_basis(app: Sphinx, docname: str) -> str:
    """A digest of what every entry on the page depends on besides itself."""
    return hashlib.sha256(f"{_build_basis(app)}\0{docname}".encode()).hexdigest()


def _build_basis(app: Sphinx) -> str:
    """What every entry of the build depends on: worked out once per build."""
    builder = app.builder
    basis = builder.__dict__.get("_publications_entry_basis")
    if basis is None:
        translator = app.registry.get_translator_class(builder)
        handlers = app.registry.translation_handlers
        handlers = handlers.get(builder.name, handlers.get(builder.format, {}))
        parts = [
            VERSION,
            code_digest(),
            sphinx.__version__,
            docutils.__version__,
            builder.name,
            _name(translator),
            sorted(
                (node, _name(visit), _name(depart)) for node, (visit, depart) in handlers.items()
            ),
            _config_digest(app),
            _settings_digest(getattr(builder, "docsettings", None)),
        ]
        basis = builder._publications_entry_basis = hashlib.sha256(  # type: ignore[attr-defined]
            repr(parts).encode()
        ).hexdigest()
    return basis


def _name(value: Any) -> str:
    if value is None:
        return ""
    return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', repr(value))}"


def _stable(value: Any) -> str:
    """A representation of a configuration value that is the same in every process.

    Functions and classes by name; an object whose ``repr`` holds its address makes
    a key that never matches again (the entries are made anew: slower, never wrong).
    """
    if isinstance(value, dict):
        return "{" + ",".join(sorted(f"{_stable(k)}:{_stable(v)}" for k, v in value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_stable(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_stable(v) for v in value)) + "}"
    if isinstance(value, type) or (callable(value) and hasattr(value, "__qualname__")):
        return _name(value)
    return repr(value)


def _config_digest(app: Sphinx) -> str:
    """Every configuration value: any of them may reach an entry (aliases, labels, URIs)."""
    values = sorted((item.name, _stable(item.value)) for item in app.config)
    return hashlib.sha256(repr(values).encode()).hexdigest()


def _settings_digest(settings: Any) -> str:
    """The docutils settings the translator writes with (``docutils.conf`` may set them)."""
    items = vars(settings) if settings is not None else {}
    plain = (str, int, float, bool, type(None), list, tuple)
    values = sorted((k, repr(v)) for k, v in items.items() if isinstance(v, plain))
    return hashlib.sha256(repr(values).encode()).hexdigest()


@cache
def code_digest() -> str:
    """The extension's modules and message catalogs, by content: any change makes new keys."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".mo") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _file(app: Sphinx, docname: str) -> Path:
    where = f"{Path(app.outdir).resolve()}\0{docname}"
    digest = hashlib.sha256(where.encode()).hexdigest()[:20]
    return Path(app.doctreedir) / "sphinx-publications-entries" / f"{app.builder.name}-{digest}"


def _load(path: Path, basis: str) -> dict[str, Kept]:
    try:
        with path.open("rb") as stream:
            version, stored_basis, kept = pickle.load(stream)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
        return {}
    if version != VERSION or stored_basis != basis or not isinstance(kept, dict):
        return {}
    return kept


def entry_text(entry: nodes.Element, builder: Any = None) -> str | None:
    """The entry's text as one string, or None when one string cannot stand for its nodes.

    A kept entry holds this instead of its nodes, for what reads a page's text:
    Sphinx's search index (the same words: checked with the index's own splitter)
    and readers of leaf texts in order, such as sphinxext-opengraph's descriptions
    (the leaves joined as they join them: one space unless punctuation follows).
    Lists, titles, comments, raw HTML and ``no-search`` parts are read otherwise:
    an entry with one is not kept.
    """
    split = getattr(getattr(getattr(builder, "indexer", None), "lang", None), "split", None)
    text = ""
    words: set[str] = set()  # the words of each leaf text, as the index splits it
    for node in entry.findall(include_self=False):
        if isinstance(node, _NOT_PLAIN_TEXT) or (
            isinstance(node, nodes.Element) and "no-search" in node["classes"]
        ):
            return None
        if node.children:
            continue
        raw = node.astext()
        if split is not None and isinstance(node, nodes.Text):
            words.update(split(raw))
        piece = raw.replace("\r", "").replace("\n", " ").strip()
        while "  " in piece:
            piece = piece.replace("  ", " ")
        if text and piece and text[-1] not in string.whitespace and piece[0] not in _NO_SPACE:
            text += " "
        text += piece
    if split is not None and set(split(text)) != words:
        return None
    return text


def note_written(
    document: nodes.document, key: str, html: str, text: str, start: tuple[str, str]
) -> None:
    """Record an entry's HTML as the translator wrote it (saved with the page).

    ``start``: the entry's start tag and the ids, classes and facets it was written for.
    """
    written = document.__dict__.setdefault(_WRITTEN, {})
    written[key] = (html, text, start)


def save_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: keep the entries this page showed, for the next build."""
    written = getattr(doctree, _WRITTEN, None)
    if written is None:
        return
    basis = page_basis(app, pagename)
    path = _file(app, pagename)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with temporary.open("wb") as stream:
            pickle.dump((VERSION, basis, written), stream, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        pass  # a cache: the next build makes the entries again


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", save_page)
