"""The ``{paper}`` role: link to a paper's page by its BibTeX key.

``{paper}`huang2017densely``` shows the paper's title; ``{paper}`DenseNet
<huang2017densely>``` shows "DenseNet". Either way the title is the tooltip.

The role leaves a ``paper_reference`` node that is resolved when the page is
written, with the builder's own URIs (so ``html`` and ``dirhtml`` both work).
A collector records which page references which paper, for the papers'
"Cited on" lists; it is merged across parallel readers like any Sphinx data.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import split_explicit_title

from .papers import (
    bib_entries,
    entry_id,
    find_entry,
    names_basis,
    no_paper,
    pages_to_write,
    paper_docname,
    publication,
)
from .support import application, refnode, support

logger = logging.getLogger(__name__)


class paper_reference(nodes.Inline, nodes.TextElement):
    """A ``{paper}`` reference to ``node["key"]``; ``node["explicit"]`` if the text was given."""


class PaperRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        explicit, text, key = split_explicit_title(self.text)
        node = paper_reference(self.rawtext, text.strip(), key=key.strip(), explicit=explicit)
        self.set_source_info(node)
        return [node], []


class PaperReferenceResolver(SphinxPostTransform):
    """Turn ``paper_reference`` nodes into links; an unknown key is an error.

    The link goes to the paper's page where the builder writes pages; else to the
    paper's entry in a list (``singlehtml``, EPUB, LaTeX), else to the paper itself.
    """

    default_priority = 8

    def run(self, **kwargs: Any) -> None:
        references = list(self.document.findall(paper_reference))
        if not references:
            return
        from .publication_list import home_of

        builder = application(self.env).builder
        pages = pages_to_write(self.env) if support(builder).pages else {}
        homes = home_of(self.env)
        for node in references:
            entry = find_entry(self.env, node["key"])
            if entry is None:
                logger.error(
                    "{paper} refers to %r, but %s",
                    node["key"],
                    no_paper(self.env, self.config, node["key"]),
                    location=node,
                    type="publications",
                    subtype="unknown_key",
                )
                node.replace_self(nodes.inline(node.astext(), node.astext()))
                continue
            pub = publication(self.config, entry)
            title = pub.title or entry.key
            text = node.astext() if node["explicit"] else title
            inner = nodes.inline(text, text, classes=["paper-reference"])
            node.replace_self(self.link(entry.key, pub.url, inner, title, pages, homes))

    def link(
        self,
        key: str,
        url: str,
        inner: nodes.Node,
        title: str,
        pages: set[str],
        homes: dict[str, str],
    ) -> nodes.Node:
        builder, docname = application(self.env).builder, self.env.docname
        targets = []
        page = paper_docname(self.config, key)
        if page in pages:
            targets.append((page, None))
        if key.casefold() in homes:
            targets.append((homes[key.casefold()], entry_id(self.config, key)))
        for target, anchor in targets:
            try:
                return refnode(builder, docname, target, anchor, inner, title)
            except NoUri:
                continue
        if url:
            return nodes.reference("", "", inner, refuri=url, reftitle=title)
        return inner


def paper_references(env: BuildEnvironment) -> dict[str, list[str]]:
    """docname -> the keys its ``{paper}`` roles name (as written), for every read page."""
    if not hasattr(env, "publications_paper_refs"):
        env.publications_paper_refs = {}  # type: ignore[attr-defined]
    return env.publications_paper_refs  # type: ignore[attr-defined]


class PaperReferenceCollector(EnvironmentCollector):
    """Which page references which paper; rewrites pages whose references went stale."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        paper_references(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Any, other: BuildEnvironment
    ) -> None:
        theirs = paper_references(other)
        ours = paper_references(env)
        for docname in docnames:
            if docname in theirs:
                ours[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        keys = sorted({node["key"] for node in doctree.findall(paper_reference)})
        if keys:
            paper_references(app.env)[app.env.docname] = keys

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """Pages to rewrite: a paper they reference changed title or page, or is unknown.

        Pages with unknown keys are rewritten on every build, so the error repeats
        until it is fixed instead of vanishing on the next incremental build.
        """
        references = paper_references(env)
        # What the targets are made of: unchanged, no entry needs to be looked at.
        names = names_basis(env, app.config)
        basis = (names, sorted((docname, tuple(keys)) for docname, keys in references.items()))
        kept = getattr(env, "publications_paper_ref_basis", None)
        if names is not None and kept is not None and kept[0] == basis:
            return sorted(set(kept[1]) & env.found_docs)
        entries = bib_entries(env)
        targets: dict[str, tuple[Any, ...]] = {}
        broken = []
        for docname, keys in references.items():
            signature = []
            for key in keys:
                entry = entries.get(key)
                if entry is None:
                    broken.append(docname)
                    signature.append((key, None, None))
                else:
                    title = publication(app.config, entry).title
                    signature.append((key, title, paper_docname(app.config, entry.key)))
            targets[docname] = tuple(signature)
        previous = getattr(env, "publications_paper_ref_targets", {})
        env.publications_paper_ref_targets = targets  # type: ignore[attr-defined]
        env.publications_paper_ref_basis = (basis, sorted(set(broken)))  # type: ignore[attr-defined]
        changed = {
            docname for docname, target in targets.items() if previous.get(docname) != target
        }
        return sorted((changed | set(broken)) & env.found_docs)


def setup(app: Sphinx) -> None:
    app.add_node(paper_reference)
    app.add_role("paper", PaperRole())
    app.add_post_transform(PaperReferenceResolver)
    app.add_env_collector(PaperReferenceCollector)
