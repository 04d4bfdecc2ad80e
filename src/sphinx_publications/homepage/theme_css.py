"""The theme's stylesheet without the documentation features a homepage does not use
(part of the opt-in ``sphinx_publications.homepage``).

A documentation theme styles admonitions, API signatures, footnotes, field lists,
glossaries, math and more: in furo's stylesheet about a third of its 10 KiB gzip, on
every first visit of every page. ``homepage_unused_theme_features`` names the
features (keys of :data:`FEATURES`) and parts of the theme's pages (keys of
:data:`THEME_PARTS`) the site has no use for; their rules and the
custom properties nothing reads any more are left out of a copy of the theme's
stylesheet, which replaces it in the output.

The copy depends only on the configuration and on files (the theme's stylesheet,
templates and static files, the site's and the extensions' static files), never on
the pages, so it is written before any page is: Sphinx copies the site's
``html_static_path`` over the theme's files, and this adds a folder in the build
directory to it. The ``?v=`` checksum of each page's link is the copy's, so browsers
fetch it again whenever it changes.

A page that does use a removed feature (a ``.. note::`` added later) gets a warning
naming the page and the feature, not a silently unstyled box.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from ..loader import file_stamps

logger = logging.getLogger(__name__)

#: The classes (as Sphinx's HTML writer and furo emit them) each feature brings.
FEATURES: dict[str, frozenset[str]] = {
    "admonitions": frozenset(
        {
            "admonition",
            "admonition-title",
            "admonition-todo",
            "attention",
            "caution",
            "danger",
            "error",
            "hint",
            "important",
            "note",
            "seealso",
            "tip",
            "todo",
        }
    ),
    "api": frozenset(
        {
            "sig",
            "sig-inline",
            "sig-name",
            "sig-object",
            "sig-param",
            "sig-paren",
            "sig-prename",
            "property",
            "viewcode-back",
            "viewcode-link",
        }
    ),
    "captions": frozenset({"caption", "caption-text", "code-block-caption"}),
    "field-lists": frozenset({"field-list", "field-name", "field-body"}),
    "figures": frozenset({"figure", "align-center", "align-left", "align-right"}),
    "footnotes": frozenset(
        {
            "brackets",
            "citation",
            "citation-reference",
            "fn-backref",
            "footnote",
            "footnote-list",
            "footnote-reference",
        }
    ),
    "glossary": frozenset({"glossary"}),
    "gui-labels": frozenset({"guilabel", "kbd", "menuselection"}),
    "line-blocks": frozenset({"line-block"}),
    "line-numbers": frozenset({"highlighttable", "hll", "linenodiv", "linenos"}),
    "math": frozenset({"eqno", "math", "math-wrapper"}),
    "numbered-lists": frozenset({"arabic", "loweralpha", "lowerroman", "upperalpha", "upperroman"}),
    "option-lists": frozenset({"option-list"}),
    "quotes": frozenset({"attribution", "epigraph", "highlights", "pull-quote"}),
    "topics": frozenset(
        {"contents", "rubric", "sidebar", "sidebar-title", "toc-backref", "topic", "topic-title"}
    ),
    "versions": frozenset(
        {"deprecated", "versionadded", "versionchanged", "versionmodified", "versionremoved"}
    ),
}

#: Parts of furo's page templates a site can leave out: the classes of each. Unlike a
#: feature's, these classes are in the theme's templates, so only the site knows the
#: part is never rendered (its templates replace furo's footer, it sets no logo, ...).
THEME_PARTS: dict[str, frozenset[str]] = {
    "announcement": frozenset({"announcement", "announcement-content"}),
    "logo": frozenset({"sidebar-logo", "sidebar-logo-container", "only-dark", "only-light"}),
    "module-index": frozenset({"domainindex-jumpbox", "domainindex-section", "domainindex-table"}),
    "pager-footer": frozenset(
        {
            "bottom-of-page",
            "edit-this-page",
            "furo-related-icon",
            "icons",
            "left-details",
            "next-page",
            "page-info",
            "prev-page",
            "related-pages",
            "right-details",
            "view-this-page",
            "this-will-duplicate-information-and-it-is-still-useful-here",
        }
    ),
}

_OVERLAY = "homepage-theme-css"
#: The builder's record of the classes whose rules this build's stylesheet left out.
_REMOVED = "_homepage_removed_theme_classes"
#: A ``class`` attribute. It starts with a literal, which lets the regex engine jump from
#: one to the next (``\b`` in front made it try every position: 0.2 s for a 5 MB page);
#: :func:`_class_values` does the boundary check instead.
_CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
_VAR_REFERENCE = re.compile(r"var\(\s*(--[\w-]+)")
#: Parts of a selector that do not require a class: attribute tests and functional
#: pseudo-classes (``:not(.x)`` matches without ``.x``; ``:is()`` needs one of several).
_NOT_REQUIRED = re.compile(r"\[[^\]]*\]|:[\w-]+\((?:[^()]|\([^()]*\))*\)")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
#: At-rules whose block holds rules.
_GROUPS = ("media", "supports", "layer", "container")


def removed_classes(names: Iterable[str], used: UsedClasses) -> frozenset[str]:
    """The classes of the named features and theme parts that nothing else uses.

    A feature's class stays if any template writes it; a theme part's (in the
    theme's templates by definition) if the site's own templates do, as a footer
    block written with furo's footer classes.
    """
    classes: set[str] = set()
    for name in names:
        if name in FEATURES:
            classes |= FEATURES[name] - used.templates - used.site_templates
        elif name in THEME_PARTS:
            classes |= THEME_PARTS[name] - used.site_templates
    return frozenset(classes - used.scripts)


def _required_classes(selector: str) -> set[str]:
    return set(_CLASS.findall(_NOT_REQUIRED.sub("", selector)))


def _split_selectors(prelude: str) -> list[str]:
    """A selector list's members (commas inside parentheses do not split)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(prelude):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:index].strip())
            start = index + 1
    parts.append(prelude[start:].strip())
    return [part for part in parts if part]


def _rewritten(rules: list[Any], rewrite: Callable[[Any], str | None]) -> list[str]:
    """Rules serialized, each qualified rule through ``rewrite`` (None leaves it out),
    also inside ``@media`` and the like; other at-rules as they are."""
    import tinycss2

    kept: list[str] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            text = rewrite(rule)
            if text is not None:
                kept.append(text)
        elif (
            rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in _GROUPS
        ):
            inner = _rewritten(
                tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True), rewrite
            )
            if inner:
                prelude = tinycss2.serialize(rule.prelude)
                kept.append(f"@{rule.at_keyword}{prelude}{{{''.join(inner)}}}")
        elif rule.type in ("at-rule", "qualified-rule"):
            kept.append(tinycss2.serialize([rule]))
    return kept


def _without_rules(rules: list[Any], removed: frozenset[str]) -> list[str]:
    """The rules, each without the selectors that need a class of ``removed``."""
    import tinycss2

    def rewrite(rule: Any) -> str | None:
        selectors = [
            selector
            for selector in _split_selectors(tinycss2.serialize(rule.prelude))
            if not _required_classes(selector) & removed
        ]
        return (
            ",".join(selectors) + "{" + tinycss2.serialize(rule.content) + "}"
            if selectors
            else None
        )

    return _rewritten(rules, rewrite)


def _declarations_read(rules: list[Any], read: set[str]) -> list[str]:
    """The rules without the custom property declarations not in ``read``."""
    import tinycss2

    def unread(item: Any) -> bool:
        return item.type == "declaration" and item.name.startswith("--") and item.name not in read

    def rewrite(rule: Any) -> str | None:
        items = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True)
        declarations = [
            tinycss2.serialize([item]).strip().rstrip(";")
            for item in items
            if item.type not in ("comment", "error") and not unread(item)
        ]
        if not declarations:
            return None
        return tinycss2.serialize(rule.prelude).strip() + "{" + ";".join(declarations) + "}"

    return _rewritten(rules, rewrite)


def _without_unread_properties(css: str, elsewhere: str) -> str:
    """Drop custom property declarations no ``var()`` reads, here or elsewhere."""
    import tinycss2

    read_elsewhere = set(_VAR_REFERENCE.findall(elsewhere))
    while True:
        read = set(_VAR_REFERENCE.findall(css)) | read_elsewhere
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        smaller = "".join(_declarations_read(rules, read))
        if smaller == css:
            return css
        css = smaller


def trimmed(css: str, removed: frozenset[str], elsewhere: str) -> str:
    """``css`` without the rules that need a class of ``removed``."""
    import tinycss2

    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return _without_unread_properties("".join(_without_rules(rules, removed)), elsewhere)


def _files(folders: Iterable[Path], suffixes: tuple[str, ...]) -> Iterator[Path]:
    for folder in folders:
        if folder.is_file() and folder.name.endswith(suffixes):
            yield folder
        elif folder.is_dir():
            yield from (
                p for p in sorted(folder.rglob("*")) if p.is_file() and p.name.endswith(suffixes)
            )


def _theme_stylesheet(app: Sphinx) -> tuple[str, Path] | None:
    """The theme's main stylesheet: its name under ``_static`` and its file."""
    theme = getattr(app.builder, "theme", None)
    if theme is None or app.config.html_style is not None or not theme.stylesheets:
        return None
    name = theme.stylesheets[0]
    for folder in theme.get_theme_dirs():
        path = Path(folder, "static", name)
        if path.is_file():
            return name, path
    return None


def _context_sources(app: Sphinx, stylesheet: Path) -> list[Path]:
    """Files whose classes and ``var()`` reads the trimmed stylesheet must keep."""
    from ..assets import STATIC_DIR

    confdir = Path(app.confdir)
    folders = [Path(folder) for folder in app.builder.theme.get_theme_dirs()]
    folders += [confdir / entry for entry in app.config.templates_path]
    folders += [confdir / entry for entry in app.config.html_static_path]
    folders.append(STATIC_DIR)
    suffixes = (".html", ".css", ".css_t", ".js", ".js_t")
    return [path for path in _files(folders, suffixes) if path != stylesheet]


def write_trimmed_stylesheet(app: Sphinx) -> None:
    """``builder-inited``: the trimmed copy, in a folder added to ``html_static_path``."""
    features = app.config.homepage_unused_theme_features
    # On the builder (made anew for each build), not in the pickled environment.
    app.builder.__dict__[_REMOVED] = frozenset()
    if not features or app.builder.format != "html":
        return
    unknown = sorted(set(features) - set(FEATURES) - set(THEME_PARTS))
    if unknown:
        logger.warning(
            "homepage_unused_theme_features: unknown feature(s) %s (known: %s)",
            ", ".join(unknown),
            ", ".join([*FEATURES, *THEME_PARTS]),
            type="homepage",
            subtype="theme-css",
        )
    found = _theme_stylesheet(app)
    if found is None:
        return
    name, stylesheet = found
    sources = _context_sources(app, stylesheet)
    build = Path(app.doctreedir) / _OVERLAY
    static, record = build / "static", build / "inputs.json"
    target = static / name
    inputs = _inputs_stamp(
        [Path(__file__), stylesheet, *sources], features, app.config.templates_path
    )
    before = _read_record(record)
    removed = _removed_as_recorded(before, inputs, target)
    if removed is None:
        try:
            removed = _write_trimmed(
                app, features, stylesheet, sources, target, record, inputs, before
            )
        except OSError as error:  # a read-only build folder: the theme's file stays
            logger.warning(
                "cannot write the trimmed theme stylesheet into %s: %s",
                build,
                error.strerror or error,
                type="homepage",
                subtype="theme-css",
            )
            return
    app.builder.__dict__[_REMOVED] = removed
    if str(static) not in app.config.html_static_path:
        app.config.html_static_path.append(str(static))


def _write_trimmed(
    app: Sphinx,
    features: list[str],
    stylesheet: Path,
    sources: list[Path],
    target: Path,
    record: Path,
    inputs: str,
    before: dict[str, Any],
) -> frozenset[str]:
    """Work out the classes removed, write the trimmed copy if it changed; the classes.

    ``before``: the last build's record (its copy is kept if the content is the same).
    """
    texts = [path.read_text("utf-8", errors="replace") for path in sources]
    site_templates = [Path(app.confdir, entry) for entry in app.config.templates_path]
    removed = removed_classes(features, _used_classes(sources, texts, site_templates))
    elsewhere = "\n".join(texts)
    source = stylesheet.read_text("utf-8")
    key = hashlib.sha256("\0".join([source, elsewhere, *sorted(removed)]).encode()).hexdigest()
    if not (target.is_file() and before.get("key") == key):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(trimmed(source, removed, elsewhere), "utf-8")
    record.write_text(
        json.dumps({"inputs": inputs, "key": key, "removed": sorted(removed)}), "utf-8"
    )
    return removed


def _inputs_stamp(paths: list[Path], features: list[str], templates_path: list[str]) -> str:
    """The files the copy is made from (by name, time and size; this module's too) and
    the settings. Reading them and looking for classes took 15 ms of every build."""
    files = file_stamps(paths)
    text = repr((files, sorted(features), list(templates_path)))
    return hashlib.sha256(text.encode()).hexdigest()


def _read_record(record: Path) -> dict[str, Any]:
    try:
        value = json.loads(record.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _removed_as_recorded(
    before: dict[str, Any], inputs: str, target: Path
) -> frozenset[str] | None:
    """The classes the last build removed, if it made the copy from the same inputs."""
    removed = before.get("removed")
    if before.get("inputs") != inputs or not isinstance(removed, list) or not target.is_file():
        return None
    return frozenset(str(name) for name in removed)


@dataclass
class UsedClasses:
    """Classes written by templates (the theme's, the site's) or possibly by scripts."""

    templates: set[str] = field(default_factory=set)
    site_templates: set[str] = field(default_factory=set)
    scripts: set[str] = field(default_factory=set)


def _used_classes(sources: list[Path], texts: list[str], site_templates: list[Path]) -> UsedClasses:
    """Classes templates write; every word of the scripts' strings (they may add any class)."""
    used = UsedClasses()
    for path, text in zip(sources, texts, strict=True):
        if path.suffix in (".js", ".js_t"):
            used.scripts.update(_words_in_strings(text))
        elif path.suffix == ".html":
            site = any(folder in path.parents for folder in site_templates)
            found = used.site_templates if site else used.templates
            for value in _class_values(text):
                found.update(re.findall(r"[\w-]+", value))
    return used


def _class_values(text: str) -> set[str]:
    """The values of the ``class`` attributes in ``text`` (not of ``subclass=...``)."""
    values = set()
    for match in _CLASS_ATTRIBUTE.finditer(text):
        before = text[match.start() - 1 : match.start()]
        if not (before.isalnum() or before == "_"):
            values.add(match.group(1))
    return values


_STRING = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`""")


def _words_in_strings(script: str) -> set[str]:
    """The words of a script's string literals: any class it adds is spelt in one.

    Comments go first (rjsmin, as the kit's minifier): their words are no class.
    """
    import rjsmin

    code = rjsmin.jsmin(script)
    return {word for literal in _STRING.findall(code) for word in re.findall(r"[\w-]+", literal)}


def warn_about_removed_features(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: a page using a class whose styles were left out says so."""
    removed = app.builder.__dict__.get(_REMOVED, frozenset())
    if not removed or pagename not in app.env.all_docs:
        return  # generated pages (paper pages, the index) are made without such features
    body = context.get("body", "")
    # A first look: every class="..." value, also of attributes such as subclass="..."
    # (18 ms for a 5,000-paper list, its 30,000 matches listed by the regex engine: a
    # match object each took 28 ms; the exact look below takes 80 ms).
    values = set(_CLASS_ATTRIBUTE.findall(body))
    if not {token for value in values for token in value.split()} & removed:
        return
    used = {token for value in _class_values(body) for token in value.split()}
    for feature, classes in FEATURES.items():
        if used & classes & removed:
            logger.warning(
                "the page uses %s (class %s), whose styles homepage_unused_theme_features "
                "removes from the theme's stylesheet",
                feature,
                ", ".join(sorted(used & classes & removed)),
                type="homepage",
                subtype="theme-css",
                location=pagename,
            )


def setup(app: Sphinx) -> None:
    app.add_config_value("homepage_unused_theme_features", [], "html", types=[list, tuple])
    app.connect("builder-inited", write_trimmed_stylesheet)
    app.connect("html-page-context", warn_about_removed_features)
